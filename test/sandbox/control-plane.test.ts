import { afterAll, describe, expect, it } from 'vitest'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

const sb = ledgerSandbox()
const req = (path: string, init?: RequestInit) => sb.app.request(`http://localhost${path}`, init)
const receivers: Receiver[] = []
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
})

describe('workspaces', () => {
  it('isolate data: same fixture credentials, no cross reads', async () => {
    const a = await (await req('/ws/iso-a/ledger/items', json({ name: 'only in a' }))).json()
    expect((await req(`/ws/iso-a/ledger/items/${a.id}`, { headers: K1 })).status).toBe(200)
    expect((await req(`/ws/iso-b/ledger/items/${a.id}`, { headers: K1 })).status).toBe(404)
    const listB = await (await req('/ws/iso-b/ledger/items', { headers: K1 })).json()
    expect(listB.items.map((i: { id: string }) => i.id)).toEqual(['fixture-1'])
  })

  it('reset restores fixtures and clears journal, outbox and faults', async () => {
    const ctl = sb.control.workspace('reset-1')
    const created = await (await req('/ws/reset-1/ledger/items', json({ name: 'temp', hook: 'http://127.0.0.1:9/x' }))).json()
    await ctl.addFault({ vendor: 'ledger', status: 503 })
    expect((await ctl.requests()).count).toBeGreaterThan(0)
    await ctl.reset()
    expect((await ctl.requests()).count).toBe(0)
    expect((await ctl.outbox()).count).toBe(0)
    expect((await ctl.faults()).count).toBe(0)
    expect((await req(`/ws/reset-1/ledger/items/${created.id}`, { headers: K1 })).status).toBe(404)
    expect((await req('/ws/reset-1/ledger/items/fixture-1', { headers: K1 })).status).toBe(200)
  })

  it('DELETE /workspace drops one; unknown → 404', async () => {
    await req('/ws/drop-1/ledger/items', json({ name: 'x' }))
    expect((await req('/ws/drop-1/__sandbox/workspace', { method: 'DELETE' })).status).toBe(200)
    const again = await req('/ws/drop-1/__sandbox/workspace', { method: 'DELETE' })
    expect(again.status).toBe(404)
    expect(await again.json()).toMatchObject({ error: 'not_found' })
  })

  it('caps live workspaces with 429 JSON', async () => {
    const small = ledgerSandbox({ maxWorkspaces: 2 })
    const r = (ws: string) => small.app.request(`http://localhost/ws/${ws}/ledger/items`, { headers: K1 })
    expect((await r('cap-1')).status).toBe(200)
    expect((await r('cap-2')).status).toBe(200)
    const third = await r('cap-3')
    expect(third.status).toBe(429)
    expect(await third.json()).toMatchObject({ error: 'workspace_limit' })
    // A control-plane write creates a workspace too (reads never do), so it meets the cap.
    const ctl = await small.app.request('http://localhost/ws/cap-4/__sandbox/clock', { method: 'POST', body: '{}' })
    expect(ctl.status).toBe(429)
    await small.control.workspace('cap-1').dropWorkspace()
    expect((await r('cap-3')).status).toBe(200)
  })
})

describe('journal', () => {
  it('records vendor requests newest first with secrets redacted', async () => {
    const ws = 'jr-1'
    await req(`/ws/${ws}/ledger/items?api_key=abc&x=1`, { headers: { ...K1, authorization: 'Bearer s3cret' } })
    await req(`/ws/${ws}/ledger/items`, json({ name: 'n', pin: '1234', password: 'pw', nested: { token: 't' } }))
    const { items, count } = await sb.control.workspace(ws).requests()
    expect(count).toBe(2)
    const [post, get] = items
    expect(post.method).toBe('POST')
    expect(post.route).toBe('/items')
    expect(post.path).toBe(`/ws/${ws}/ledger/items`)
    expect(JSON.parse(post.body)).toEqual({ name: 'n', pin: '[redacted]', password: '[redacted]', nested: { token: '[redacted]' } })
    expect(post.headers['x-key']).toBe('k1')
    expect(post.status).toBe(201)
    expect(JSON.parse(post.response_body).name).toBe('n')
    expect(get.headers.authorization).toBe('[redacted]')
    expect(get.query).toEqual({ api_key: '[redacted]', x: '1' })
    expect(typeof get.duration_ms).toBe('number')
    const raw = JSON.stringify(items)
    expect(raw).not.toContain('s3cret')
    expect(raw).not.toContain('1234')
  })

  it('masks credentials a vendor hands out in its replies (Signio tokens), keeping status codes', async () => {
    const res = await sb.app.request('http://localhost/ws/jr-tok/signio/api/v2/token/crear', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'api@signio.test', password: 'Signio#2024' }),
    })
    const token = ((await res.json()) as { token: string }).token
    expect(token).toHaveLength(64)
    const [entry] = (await sb.control.workspace('jr-tok').requests({ vendor: 'signio' })).items
    expect(entry.response_body).not.toContain(token)
    expect(JSON.parse(entry.response_body)).toMatchObject({ token: '[redacted]', codigo: '00' })
    expect(entry.body).not.toContain('Signio#2024')
  })

  it('filters by vendor, method, path and limit (with total); DELETE clears; control calls are not journaled', async () => {
    const ws = 'jr-2'
    for (let i = 0; i < 3; i++) await req(`/ws/${ws}/ledger/items/fixture-1`, { headers: K1 })
    await req(`/ws/${ws}/ledger/items`, json({ name: 'x' }))
    const ctl = sb.control.workspace(ws)
    expect((await ctl.requests({ method: 'post' })).count).toBe(1)
    expect((await ctl.requests({ path: 'fixture' })).count).toBe(3)
    const limited = await ctl.requests({ limit: 2 })
    expect(limited).toMatchObject({ count: 2, total: 4 })
    expect((await ctl.requests({ vendor: 'ledger' })).count).toBe(4)
    await ctl.clearRequests()
    expect((await ctl.requests()).count).toBe(0)
  })

  it('journal size 0 turns the journal off', async () => {
    const off = ledgerSandbox({ journalSize: 0 })
    expect((await off.app.request('http://localhost/ws/j0/ledger/items', { headers: K1 })).status).toBe(200)
    expect((await off.control.workspace('j0').requests()).count).toBe(0)
  })

  it('is a ring buffer of the configured size', async () => {
    const small = ledgerSandbox({ journalSize: 3 })
    for (let i = 0; i < 5; i++) await small.app.request('http://localhost/ws/ring/ledger/items/fixture-1', { headers: K1 })
    const { items } = await small.control.workspace('ring').requests()
    expect(items.map((e) => e.id)).toEqual(['req_5', 'req_4', 'req_3'])
  })
})

describe('outbox', () => {
  it('delivers a webhook to a real receiver, retrying after a failing first attempt', async () => {
    const rx = await startReceiver()
    receivers.push(rx)
    rx.respond((n) => (n === 1 ? 500 : 200))
    const ws = 'ob-1'
    const item = await (await req(`/ws/${ws}/ledger/items`, json({ name: 'hooked', hook: rx.url }))).json()
    const ctl = sb.control.workspace(ws)
    expect(await ctl.flushOutbox()).toEqual({ flushed: true, pending: 0 })
    expect(rx.received).toHaveLength(2)
    expect(rx.received[0].body).toBe(rx.received[1].body)
    expect(JSON.parse(rx.received[1].body)).toEqual({ created: item.id })
    const hooks = await ctl.outbox({ type: 'webhook' })
    expect(hooks.count).toBe(1)
    const entry = hooks.items[0]
    expect(entry).toMatchObject({
      vendor: 'ledger',
      type: 'webhook',
      url: rx.url,
      method: 'POST',
      state: 'delivered',
      workspace: ws,
      item_id: item.id,
    })
    if (entry.type === 'email') throw new Error('expected a delivery')
    expect(entry.attempts.map((a) => a.status)).toEqual([500, 200])
    const mails = await ctl.outbox({ type: 'email' })
    expect(mails.items[0]).toMatchObject({ to: 'owner@example.test', subject: 'created hooked', links: [] })
    // redeliver sends the same entry again
    const again = await ctl.redeliver(entry.id)
    expect(again.id).toBe(entry.id)
    await ctl.flushOutbox()
    expect(rx.received).toHaveLength(3)
  })

  it('marks a delivery failed after 3 attempts to a dead receiver, without slowing the API', async () => {
    const ws = 'ob-2'
    const t0 = Date.now()
    const res = await req(`/ws/${ws}/ledger/items`, json({ name: 'x', hook: 'http://127.0.0.1:9/dead' }))
    expect(res.status).toBe(201)
    expect(Date.now() - t0).toBeLessThan(500)
    const ctl = sb.control.workspace(ws)
    await ctl.flushOutbox()
    const [entry] = (await ctl.outbox({ type: 'webhook' })).items
    expect(entry).toMatchObject({ state: 'failed' })
    if (entry.type === 'email') throw new Error('expected a delivery')
    expect(entry.attempts).toHaveLength(3)
    expect(entry.attempts.every((a) => a.error && a.status === undefined)).toBe(true)
  })

  it('rejects bad filters and unknown entries', async () => {
    expect((await req('/ws/ob-3/__sandbox/outbox?type=fax')).status).toBe(400)
    expect((await req('/ws/ob-3/__sandbox/outbox/ob_99/redeliver', { method: 'POST' })).status).toBe(404)
    expect((await req('/ws/ob-3/__sandbox/outbox?vendor=nope')).status).toBe(404)
  })
})

describe('clock', () => {
  it('is per workspace: freeze, advance, back to real', async () => {
    const a = sb.control.workspace('clk-a')
    const b = sb.control.workspace('clk-b')
    expect((await a.setClock({ frozen_at: '2026-01-01T00:00:00Z' })).now).toBe('2026-01-01T00:00:00.000Z')
    const adv = await a.advanceClock(90_000)
    expect(adv).toMatchObject({ now: '2026-01-01T00:01:30.000Z', mode: 'frozen' })
    const other = await b.clock()
    expect(other.mode).toBe('real')
    const created = await (await req('/ws/clk-a/ledger/items', json({ name: 't' }))).json()
    expect(created.created_at).toBe(Date.parse('2026-01-01T00:01:30Z'))
    const real = await a.setClock({ real: true })
    expect(real.mode).toBe('real')
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(5000)
  })

  it('rejects bad clock bodies', async () => {
    for (const body of [{ frozen_at: 'yesterday' }, { advance_ms: 'x' }, { real: 'yes' }, { speed: 2 }]) {
      const res = await req('/ws/clk-c/__sandbox/clock', { method: 'POST', body: JSON.stringify(body) })
      expect(res.status).toBe(400)
    }
  })

  it('a server --clock makes every new workspace start frozen there', async () => {
    const frozen = ledgerSandbox({ clock: '2030-05-05T05:05:05Z' })
    expect((await frozen.control.workspace('any').clock()).now).toBe('2030-05-05T05:05:05.000Z')
  })
})

describe('forcing', () => {
  it('X-Sandbox-Error answers that catalogue error in the vendor envelope, with no state change', async () => {
    const res = await req('/ws/f-1/ledger/items', json({ name: 'never' }, { 'x-sandbox-error': 'ledger.bad_request' }))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ code: 'E400', message: 'bad null' })
    const list = await (await req('/ws/f-1/ledger/items', { headers: K1 })).json()
    expect(list.items).toHaveLength(1)
  })

  it('an id not in that vendor catalogue is a 400 naming GET /__sandbox/errors', async () => {
    for (const id of ['ledger.nope', 'okdokument.unauthorized']) {
      const res = await req('/ws/f-2/ledger/items', { headers: { ...K1, 'x-sandbox-error': id } })
      expect(res.status).toBe(400)
      const body = await res.json()
      expect(body.error).toBe('unknown_error_id')
      expect(body.message).toContain('GET /__sandbox/errors?vendor=ledger')
    }
  })

  it('X-Sandbox-Delay delays; bad values are 400 invalid_delay', async () => {
    const t0 = performance.now()
    const res = await req('/ws/f-3/ledger/items', { headers: { ...K1, 'x-sandbox-delay': '120' } })
    expect(res.status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100)
    for (const d of ['-1', 'abc', '30001', '1.5']) {
      const bad = await req('/ws/f-3/ledger/items', { headers: { ...K1, 'x-sandbox-delay': d } })
      expect(bad.status).toBe(400)
      expect(await bad.json()).toMatchObject({ error: 'invalid_delay' })
    }
  })

  it('forcing applies after routing: an unknown path still gets the vendor not-found', async () => {
    const res = await req('/ws/f-4/ledger/nope', { headers: { 'x-sandbox-error': 'ledger.internal' } })
    expect(res.status).toBe(404)
  })

  it('GET /errors lists catalogues, filtered by vendor', async () => {
    const { items } = await sb.control.errors('ledger')
    expect(items.map((e) => e.id)).toEqual([
      'ledger.unauthorized',
      'ledger.not_found',
      'ledger.bad_request',
      'ledger.too_large',
      'ledger.internal',
      'ledger.no_path',
      'ledger.no_verb',
    ])
    expect(items[0]).toEqual({
      id: 'ledger.unauthorized',
      vendor: 'ledger',
      http_status: 401,
      code: 'E401',
      message: 'unauthorized',
      trigger: 'no x-key',
      // A vendor that does not place its errors: each may come from any route.
      routes: ['*'],
    })
    expect((await req('/__sandbox/errors?vendor=nope')).status).toBe(404)
  })
})

describe('simulate', () => {
  it('dispatches to the vendor action; errors are control-plane JSON', async () => {
    const ctl = sb.control.workspace('sim-1')
    const out = await ctl.simulate('ledger', 'rename', { id: 'fixture-1', name: 'renamed' })
    expect((out as { item: { name: string } }).item.name).toBe('renamed')
    const after = await (await req('/ws/sim-1/ledger/items/fixture-1', { headers: K1 })).json()
    expect(after.name).toBe('renamed')
    const missing = await req('/ws/sim-1/__sandbox/simulate/ledger/rename', { method: 'POST', body: '{"id":"nope","name":"x"}' })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: 'not_found' })
    expect((await req('/ws/sim-1/__sandbox/simulate/ledger/fly', { method: 'POST' })).status).toBe(404)
    expect((await req('/ws/sim-1/__sandbox/simulate/nope/fly', { method: 'POST' })).status).toBe(404)
    expect((await req('/ws/sim-1/__sandbox/simulate/ledger/rename', { method: 'POST', body: '[' })).status).toBe(400)
  })
})
