import { describe, expect, it } from 'vitest'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'

const sb = ledgerSandbox()
const req = (path: string, init?: RequestInit) => sb.app.request(`http://localhost${path}`, init)

describe('state export / import and snapshots', () => {
  it('GET /state exports the workspace data; ?vendor= one vendor', async () => {
    const ws = 'st-1'
    const item = await (await req(`/ws/${ws}/ledger/items`, json({ name: 'kept' }))).json()
    const doc = await sb.control.workspace(ws).state('ledger')
    expect(doc.version).toBe(1)
    expect(doc.workspace).toBe(ws)
    expect(Object.keys(doc.vendors)).toEqual(['ledger'])
    const ledger = doc.vendors.ledger as { items: Record<string, { name: string }> }
    expect(ledger.items[item.id].name).toBe('kept')
  })

  it('PUT /state replaces the vendors it contains; a bad document is 400 and changes nothing', async () => {
    const src = sb.control.workspace('st-src')
    const item = await (await req('/ws/st-src/ledger/items', json({ name: 'moved' }))).json()
    const doc = await src.state('ledger')
    const dst = sb.control.workspace('st-dst')
    await dst.putState({ ...doc, workspace: 'st-dst' })
    expect((await req(`/ws/st-dst/ledger/items/${item.id}`, { headers: K1 })).status).toBe(200)

    const before = JSON.stringify(await dst.state())
    for (const bad of [
      { version: 2, vendors: {} },
      { version: 1, vendors: { ledger: { items: [] } } },
      { version: 1, vendors: { ledger: { items: {}, keys: {}, extra: 1 } } },
      { version: 1, vendors: { nope: {} } },
      { version: 1, vendors: { ledger: { items: {} } } },
    ]) {
      const res = await req('/ws/st-dst/__sandbox/state', { method: 'PUT', body: JSON.stringify(bad) })
      expect(res.status).toBe(400)
      const body = await res.json()
      expect(body.error).toMatch(/invalid_state/)
      expect(body.message.length).toBeGreaterThan(10)
    }
    expect(JSON.stringify(await dst.state())).toBe(before)
  })

  it('snapshot → mutate → restore gives identical state', async () => {
    const ctl = sb.control.workspace('st-snap')
    await req('/ws/st-snap/ledger/items', json({ name: 'before' }))
    // The data, not the PRNG position: restoring never moves the PRNG back (ids never repeat).
    const data = async () => JSON.stringify((await ctl.state()).vendors)
    const before = await data()
    expect(await ctl.createSnapshot('s1')).toMatchObject({ name: 's1', vendors: expect.arrayContaining(['ledger']) })
    await req('/ws/st-snap/ledger/items', json({ name: 'after' }))
    await ctl.simulate('ledger', 'rename', { id: 'fixture-1', name: 'changed' })
    expect(await data()).not.toBe(before)
    await ctl.restoreSnapshot('s1')
    expect(await data()).toBe(before)
    expect((await ctl.snapshots()).items.map((s) => s.name)).toEqual(['s1'])
    await ctl.deleteSnapshot('s1')
    expect((await ctl.snapshots()).count).toBe(0)
    await expect(ctl.restoreSnapshot('s1')).rejects.toMatchObject({ status: 404 })
    await expect(ctl.createSnapshot('bad name!')).rejects.toMatchObject({ status: 400 })
  })
})

describe('determinism', () => {
  it('same seed + frozen clock + same requests → byte-identical responses', async () => {
    const run = async () => {
      const s = ledgerSandbox({ seed: 42, clock: '2026-01-01T00:00:00Z' })
      const out: string[] = []
      for (const path of ['/ws/d/ledger/items', '/ws/d/ledger/items/fixture-1'])
        out.push(await (await s.app.request(`http://localhost${path}`, { headers: K1 })).text())
      for (let i = 0; i < 3; i++)
        out.push(await (await s.app.request('http://localhost/ws/d/ledger/items', json({ name: `n${i}` }))).text())
      out.push(JSON.stringify(await s.control.workspace('d').state()))
      return out
    }
    const a = await run()
    const b = await run()
    expect(b).toEqual(a)
    const other = ledgerSandbox({ seed: 43, clock: '2026-01-01T00:00:00Z' })
    const c = await (await other.app.request('http://localhost/ws/d/ledger/items', json({ name: 'n0' }))).text()
    expect(c).not.toBe(a[2])
  })

  it('reset re-seeds the same fixtures, but ids after it are new ones (an issued id never comes back)', async () => {
    const s = ledgerSandbox({ seed: 7, clock: '2026-01-01T00:00:00Z' })
    const fixtures = JSON.stringify((await s.control.workspace('r').state('ledger')).vendors)
    const first = await (await s.app.request('http://localhost/ws/r/ledger/items', json({ name: 'x' }))).json()
    await s.control.workspace('r').reset()
    expect(JSON.stringify((await s.control.workspace('r').state('ledger')).vendors)).toBe(fixtures)
    const second = await (await s.app.request('http://localhost/ws/r/ledger/items', json({ name: 'x' }))).json()
    expect(second.id).not.toBe(first.id)
  })
})
