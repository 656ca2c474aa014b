import { describe, expect, it } from 'vitest'
import { isoSeconds, perSecond } from './time.js'

describe('isoSeconds', () => {
  it('drops the milliseconds, never rounds up', () => {
    expect(isoSeconds(Date.parse('2021-06-20T10:30:15.900Z'))).toBe('2021-06-20T10:30:15Z')
    expect(isoSeconds(Date.parse('2021-06-20T10:30:15Z'))).toBe('2021-06-20T10:30:15Z')
  })
})

describe('perSecond', () => {
  it('formats each second once, with the second it was asked for', () => {
    let calls = 0
    const format = perSecond((ms) => {
      calls++
      return isoSeconds(ms)
    })
    expect(format(Date.parse('2021-06-20T10:30:15.100Z'))).toBe('2021-06-20T10:30:15Z')
    expect(format(Date.parse('2021-06-20T10:30:15.900Z'))).toBe('2021-06-20T10:30:15Z')
    expect(format(Date.parse('2021-06-20T10:30:16.000Z'))).toBe('2021-06-20T10:30:16Z')
    expect(calls).toBe(2)
  })
})
