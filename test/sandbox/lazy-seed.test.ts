import { describe, expect, it, vi } from 'vitest'
import { ledgerSandbox, K1 } from '../helpers/ledger-sandbox.js'

/**
 * A workspace seeds a vendor only when it first touches it, yet looks exactly
 * as if every vendor had been seeded when the workspace was created.
 */
const CLOCK = '2026-02-02T10:00:00Z'
const DAY = 86_400_000

describe('lazy per-vendor seeding', () => {
  it('a request seeds only the vendor it goes to', async () => {
    const sb = ledgerSandbox({ clock: CLOCK })
    await sb.app.request('http://localhost/ws/one/ledger/items/fixture-1', { headers: K1 })
    expect(sb.runtime.store.get('one')?.vendorIds()).toEqual(['ledger'])
    await sb.app.request('http://localhost/ws/none/__sandbox/journal')
    expect(sb.runtime.store.get('none')?.vendorIds() ?? []).toEqual([])
  })

  it('fixtures are anchored at the workspace’s creation (or reset), not at the first touch', async () => {
    const sb = ledgerSandbox({ clock: CLOCK })
    const item = async () => (await sb.app.request('http://localhost/ws/late/ledger/items/fixture-1', { headers: K1 })).json()
    const ctl = sb.control.workspace('late')
    await ctl.setClock({ advance_ms: DAY })
    expect((await item()).created_at).toBe(Date.parse(CLOCK))
    await ctl.reset()
    expect((await item()).created_at).toBe(Date.parse(CLOCK) + DAY)
  })

  it('the order vendors are touched in changes nothing (same seed → same data)', async () => {
    const OK_KEY =
      '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
    const run = async (ledgerFirst: boolean) => {
      const sb = ledgerSandbox({ clock: CLOCK })
      const ledger = () => sb.app.request('http://localhost/ws/w/ledger/items', { headers: K1 })
      const okdokument = () => sb.app.request('http://localhost/ws/w/okdokument/JSON/counter', { headers: { 'x-api-key': OK_KEY } })
      for (const touch of ledgerFirst ? [ledger, okdokument] : [okdokument, ledger]) expect((await touch()).status).toBe(200)
      expect(sb.runtime.store.get('w')?.vendorIds()).toHaveLength(2)
      return JSON.stringify(await sb.control.workspace('w').state())
    }
    expect(await run(true)).toBe(await run(false))
  })

  it('a control-plane read of an unused workspace fixes its fixtures: the first vendor call later shows the same (real clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const start = Date.parse('2026-02-02T10:00:00.900Z')
      vi.setSystemTime(start)
      const sb = ledgerSandbox()
      const fixture = async (ws: string) =>
        (
          (await (await sb.app.request(`http://localhost/ws/${ws}/ledger/items/fixture-1`, { headers: K1 })).json()) as {
            created_at: number
          }
        ).created_at
      const peeked = (await sb.control.workspace('peeked').state('ledger')).vendors.ledger as {
        items: Record<string, { created_at: number }>
      }
      expect(peeked.items['fixture-1'].created_at).toBe(start - 900)
      expect(sb.runtime.store.has('peeked')).toBe(false)
      // Seconds later, in another second: the workspace is made now, its fixtures as the read showed them.
      vi.setSystemTime(start + 5_000)
      expect(await fixture('peeked')).toBe(start - 900)
      expect((await sb.control.workspace('peeked').state('ledger')).vendors.ledger).toEqual(peeked)
      // A workspace nobody looked at before is anchored at its own creation.
      expect(await fixture('unseen')).toBe(start + 4_100)
      // After a reset the anchor is the reset, as before.
      vi.setSystemTime(start + 9_000)
      await sb.control.workspace('peeked').reset()
      expect(await fixture('peeked')).toBe(start + 8_100)
    } finally {
      vi.useRealTimers()
    }
  })
})
