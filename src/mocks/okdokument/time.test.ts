import { describe, expect, it } from 'vitest'
import { counterMonth, modification } from './time.js'

describe('Bratislava times', () => {
  it('matches the wiki example (CEST) and winter time (CET)', () => {
    expect(modification(1655814644472)).toBe('2022-06-21 14:30:44')
    expect(modification(Date.UTC(2026, 0, 1, 0, 30))).toBe('2026-01-01 01:30:00')
  })
  it('counts months locally, without a leading zero', () => {
    expect(counterMonth(Date.UTC(2025, 11, 31, 23, 30))).toBe('2026.1')
    expect(counterMonth(Date.UTC(2026, 9, 15))).toBe('2026.10')
  })
})
