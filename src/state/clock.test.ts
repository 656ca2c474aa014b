import { describe, expect, it } from 'vitest'
import { SandboxClock } from './clock.js'

describe('SandboxClock deadlines (what a kept reply may depend on)', () => {
  const at = (iso: string) => Date.parse(iso)

  it('reached() notes the earliest deadline still ahead since watch(); a newer watch() voids the older ticket', () => {
    const clock = new SandboxClock('2026-01-01T00:00:10.000Z')
    const ticket = clock.watch()
    expect(clock.reached(at('2026-01-01T00:00:05.000Z'))).toBe(true)
    expect(clock.reached(at('2026-01-01T00:00:30.000Z'))).toBe(false)
    expect(clock.reached(at('2026-01-01T00:00:20.000Z'))).toBe(false)
    expect(clock.until(ticket)).toBe(at('2026-01-01T00:00:20.000Z'))
    expect(clock.reads).toBe(0)
    const newer = clock.watch()
    expect(clock.until(ticket)).toBeUndefined()
    expect(clock.until(newer)).toBe(Infinity)
  })

  it('nowTo() cuts the time to the unit and holds until the next unit begins', () => {
    const clock = new SandboxClock('2026-01-01T00:00:10.250Z')
    const ticket = clock.watch()
    expect(clock.nowTo(1000)).toBe(at('2026-01-01T00:00:10.000Z'))
    expect(clock.until(ticket)).toBe(at('2026-01-01T00:00:11.000Z'))
  })

  it('setting or restoring the clock moves its epoch; now() counts as a read', () => {
    const clock = new SandboxClock('2026-01-01T00:00:10.000Z')
    const epoch = clock.epoch
    clock.change({ advance_ms: 1 })
    expect(clock.epoch).toBe(epoch + 1)
    clock.restore(clock.snapshot())
    expect(clock.epoch).toBe(epoch + 2)
    clock.now()
    expect(clock.reads).toBe(1)
  })
})
