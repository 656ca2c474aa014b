import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF_MS, Outbox } from './deliver.js'

// Port 9 (discard) on loopback refuses at once: every attempt fails fast.
const DEAD = 'http://127.0.0.1:9/hook'

describe('Outbox.flush', () => {
  it('leaves no timer behind once the deliveries settled, so a script that flushed can exit', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    const outbox = new Outbox('w', () => Date.now(), [1, 1])
    outbox.deliver('v', { type: 'webhook', url: DEAD, body: '{}' })
    expect(await outbox.flush(60_000)).toBe(true)
    expect(timers()).toBeLessThanOrEqual(before)
  })
})

describe('Outbox delivery back-off', () => {
  it('waits the vendors’ 1 s, then 2 s between attempts by default', async () => {
    expect(DEFAULT_BACKOFF_MS).toEqual([1000, 2000])
    const outbox = new Outbox('w', () => Date.now())
    const entry = outbox.deliver('v', { type: 'webhook', url: DEAD, body: '{}' })
    // Not settled well before the first wait is over.
    expect(await outbox.flush(300)).toBe(false)
    expect(entry.state).toBe('pending')
    expect(entry.attempts).toHaveLength(1)
  })

  it('the back-off given to the outbox (the deliveryBackoffMs option) replaces the default', async () => {
    const outbox = new Outbox('w', () => Date.now(), [1, 1])
    const entry = outbox.deliver('v', { type: 'webhook', url: DEAD, body: '{}' })
    expect(await outbox.flush(10_000)).toBe(true)
    expect(entry.state).toBe('failed')
    expect(entry.attempts).toHaveLength(3)
  })
})
