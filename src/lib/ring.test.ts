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

  it('with a weight bound, drops the oldest until the held weight fits, growing or full', () => {
    const r = new Ring<number>(5, 10)
    r.push(1, 4)
    r.push(2, 4)
    r.push(3, 4)
    expect([...r.newestFirst()]).toEqual([3, 2])
    expect(r.totalWeight).toBe(8)
    for (const n of [4, 5, 6]) r.push(n, 1)
    expect([...r.newestFirst()]).toEqual([6, 5, 4, 3])
    r.push(7, 1)
    r.push(0, 0)
    expect([...r.newestFirst()]).toEqual([0, 7, 6, 5, 4])
    r.push(8, 9)
    expect([...r.newestFirst()]).toEqual([8, 0, 7])
    expect(r.totalWeight).toBe(10)
    for (let n = 9; n < 40; n++) r.push(n, n % 3)
    const held = [...r.newestFirst()]
    expect(held[0]).toBe(39)
    expect(held.length).toBeLessThanOrEqual(5)
    expect(held.reduce((w, n) => w + (n % 3), 0)).toBe(r.totalWeight)
    expect(r.totalWeight).toBeLessThanOrEqual(10)
  })

  it('reclaim hands back the oldest item only when full, and newest is the last pushed', () => {
    const r = new Ring<{ n: number }>(2, 100)
    expect(r.newest()).toBeUndefined()
    const a = { n: 1 }
    r.push(a, 5)
    expect(r.reclaim()).toBeUndefined()
    r.push({ n: 2 }, 5)
    const old = r.reclaim()
    expect(old).toBe(a)
    expect(r.size).toBe(1)
    expect(r.totalWeight).toBe(5)
    a.n = 3
    r.push(a, 7)
    expect(r.newest()).toBe(a)
    expect([...r.newestFirst()].map((x) => x.n)).toEqual([3, 2])
    expect(r.totalWeight).toBe(12)
  })
})
