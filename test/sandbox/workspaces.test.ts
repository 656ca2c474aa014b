import { afterEach, describe, expect, it, vi } from 'vitest'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'

/** Housekeeping of a shared instance (issue 12 item 9; sandbox.md §3, §4). */
const listOf = async (sb: ReturnType<typeof ledgerSandbox>, path = '/__sandbox/workspaces') => {
  const res = await sb.app.request(`http://localhost${path}`)
  expect(res.status).toBe(200)
  return (await res.json()) as { items: { id: string; created_at: string; last_used_at: string }[]; count: number }
}
const ids = async (sb: ReturnType<typeof ledgerSandbox>) => (await listOf(sb)).items.map((w) => w.id).sort()

afterEach(() => {
  vi.useRealTimers()
})

describe('GET /__sandbox/workspaces', () => {
  it('lists every live workspace with created_at and last_used_at, server-wide even under /ws/<id>', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-01T10:00:00Z') })
    const sb = ledgerSandbox()
    await sb.app.request('http://localhost/ws/list-a/ledger/items', { headers: K1 })
    vi.setSystemTime(Date.parse('2026-03-01T10:00:05Z'))
    await sb.app.request('http://localhost/ws/list-b/ledger/items', { headers: K1 })
    vi.setSystemTime(Date.parse('2026-03-01T10:00:09Z'))
    await sb.app.request('http://localhost/ws/list-a/ledger/items', { headers: K1 })
    const body = await listOf(sb, '/ws/list-b/__sandbox/workspaces')
    expect(body.count).toBe(2)
    expect(body.items).toEqual([
      { id: 'list-a', created_at: '2026-03-01T10:00:00.000Z', last_used_at: '2026-03-01T10:00:09.000Z' },
      { id: 'list-b', created_at: '2026-03-01T10:00:05.000Z', last_used_at: '2026-03-01T10:00:05.000Z' },
    ])
    expect((await sb.control.workspaces()).items.map((w) => w.id)).toEqual(['list-a', 'list-b'])
  })

  it('control-plane reads of an unknown workspace answer as for a fresh one and never create it', async () => {
    const sb = ledgerSandbox()
    const ctl = sb.control.workspace('ghost')
    expect((await ctl.requests()).count).toBe(0)
    expect((await ctl.faults()).count).toBe(0)
    expect((await ctl.outbox()).count).toBe(0)
    expect((await ctl.snapshots()).count).toBe(0)
    expect((await ctl.clock()).mode).toBe('real')
    const state = await ctl.state('ledger')
    expect(Object.keys(state.vendors.ledger as object)).toEqual(['keys', 'items'])
    expect(await ctl.clearRequests()).toEqual({ deleted: 0 })
    expect(await ctl.deleteFault()).toEqual({ deleted: 0 })
    expect(await ctl.reset()).toEqual({ workspace: 'ghost', reset: true })
    expect(await ids(sb)).toEqual([])
    // A write creates it, as a vendor call does.
    await ctl.addFault({ vendor: 'ledger', status: 503 })
    expect(await ids(sb)).toEqual(['ghost'])
  })

  it('the fresh view of an unknown workspace is the state it gets on first use', async () => {
    const sb = ledgerSandbox({ clock: '2026-03-01T10:00:00Z' })
    const before = await sb.control.workspace('fresh-view').state('ledger')
    await sb.app.request('http://localhost/ws/fresh-view/ledger/items', { headers: K1 })
    expect(await sb.control.workspace('fresh-view').state('ledger')).toEqual(before)
  })
})

describe('workspace cap and lifetime', () => {
  it('default never counts against the cap', async () => {
    const sb = ledgerSandbox({ maxWorkspaces: 1 })
    expect((await sb.app.request('http://localhost/ledger/items', { headers: K1 })).status).toBe(200)
    expect((await sb.app.request('http://localhost/ws/only-one/ledger/items', { headers: K1 })).status).toBe(200)
    expect((await sb.app.request('http://localhost/ws/second/ledger/items', { headers: K1 })).status).toBe(429)
  })

  it('snapshots die with their workspace', async () => {
    const sb = ledgerSandbox()
    const ctl = sb.control.workspace('snap-drop')
    await sb.app.request('http://localhost/ws/snap-drop/ledger/items', json({ name: 'x' }))
    await ctl.createSnapshot('s1')
    await ctl.dropWorkspace()
    await sb.app.request('http://localhost/ws/snap-drop/ledger/items', { headers: K1 })
    expect((await ctl.snapshots()).count).toBe(0)
    const restore = await sb.app.request('http://localhost/ws/snap-drop/__sandbox/snapshots/s1/restore', { method: 'POST' })
    expect(restore.status).toBe(404)
  })

  it('--workspace-ttl drops workspaces unused that long (never default); use keeps them alive', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: Date.parse('2026-03-01T10:00:00Z') })
    const sb = ledgerSandbox({ workspaceTtl: 60 })
    for (const ws of ['ttl-idle', 'ttl-busy']) await sb.app.request(`http://localhost/ws/${ws}/ledger/items`, { headers: K1 })
    await sb.app.request('http://localhost/ledger/items', { headers: K1 })
    await sb.control.workspace('ttl-idle').createSnapshot('kept-until-expiry')
    for (let s = 0; s < 4; s++) {
      await vi.advanceTimersByTimeAsync(20_000)
      await sb.app.request('http://localhost/ws/ttl-busy/ledger/items', { headers: K1 })
    }
    expect(await ids(sb)).toEqual(['default', 'ttl-busy'])
    expect((await sb.control.workspace('ttl-idle').snapshots()).count).toBe(0)
    await sb.close()
  })
})
