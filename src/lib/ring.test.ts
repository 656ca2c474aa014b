import { describe, expect, it } from 'vitest'
import { Ring } from './ring.js'

describe('Ring', () => {
  it('keeps the newest `capacity` items, newest first, before and after wrapping', () => {
    const r = new Ring<number>(3)
    expect([...r.newestFirst()]).toEqual([])
    r.push(1)
    r.push(2)
    expect([...r.newestFirst()]).toEqual([2, 1])
    for (const n of [3, 4, 5, 6, 7]) r.push(n)
    expect([...r.newestFirst()]).toEqual([7, 6, 5])
    expect(r.size).toBe(3)
    r.clear()
    r.push(8)
    expect([...r.newestFirst()]).toEqual([8])
  })

  it('a capacity of 0 keeps one slot (callers check capacity to skip journaling)', () => {
    const r = new Ring<number>(0)
    r.push(1)
    r.push(2)
    expect([...r.newestFirst()]).toEqual([2])
  })
})
