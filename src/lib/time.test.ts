import { describe, expect, it } from 'vitest'
import { isoSeconds } from './time.js'

describe('isoSeconds', () => {
  it('drops the milliseconds, never rounds up', () => {
    expect(isoSeconds(Date.parse('2021-06-20T10:30:15.900Z'))).toBe('2021-06-20T10:30:15Z')
    expect(isoSeconds(Date.parse('2021-06-20T10:30:15Z'))).toBe('2021-06-20T10:30:15Z')
  })
})
