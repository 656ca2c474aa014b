import { describe, expect, it } from 'vitest'
import { http, HttpResponse } from 'msw'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'
import { listening } from '../helpers/doors.js'
import { connect, type DeliveryEntry, type UntypedSimulate } from '../../src/index.js'

const sb = ledgerSandbox()
// A webhook receiver mocked in-process, set up after `esign-sandbox` was imported (sandbox.md §5).
const hooks: { url: string; body: string }[] = []
const receiver = http.post('https://hooks.example.test/*', async ({ request }) => {
  hooks.push({ url: request.url, body: await request.text() })
  return new HttpResponse(null, { status: 204 })
})
const server = await listening(sb, { msw: { workspace: 'msw-default', extra: [receiver] } })

describe('MSW front door', () => {
  it('intercepts every configured real host and shares the store with the server', async () => {
    const created = await (await fetch('https://ledger.test/items', json({ name: 'via msw' }, { 'x-sandbox-workspace': 'shared' }))).json()
    const viaServer = await fetch(`${server.url}/ws/shared/ledger/items/${created.id}`, { headers: K1 })
    expect(viaServer.status).toBe(200)
    const viaEu = await fetch(`https://ledger-eu.test/items/${created.id}`, { headers: { ...K1, 'x-sandbox-workspace': 'shared' } })
    expect(viaEu.status).toBe(200)
  })

  it('uses handlers({workspace}) when the request names none; URLs use the real origin', async () => {
    const list = await (await fetch('https://ledger.test/items', { headers: K1 })).json()
    expect(list.base).toBe('https://ledger.test')
    expect((await sb.control.workspace('msw-default').requests()).count).toBeGreaterThan(0)
  })

  it('links of a header-chosen workspace carry /ws/<id> on the real host and lead back to it', async () => {
    const created = await (await fetch('https://ledger.test/items', json({ name: 'linked' }, { 'x-sandbox-workspace': 'hdr-1' }))).json()
    const list = await (await fetch('https://ledger.test/items', { headers: { ...K1, 'x-sandbox-workspace': 'hdr-1' } })).json()
    expect(list.base).toBe('https://ledger.test/ws/hdr-1')
    // Followed as a client would: only the link, no workspace header.
    const followed = await fetch(`${list.base}/items/${created.id}`, { headers: K1 })
    expect(followed.status).toBe(200)
    expect((await followed.json()).name).toBe('linked')
    // The same record is not in the handlers' own default workspace.
    expect((await fetch(`https://ledger.test/items/${created.id}`, { headers: K1 })).status).toBe(404)
  })

  it('accepts /ws/<id> on a real host like the server does after its own prefix', async () => {
    const created = await (await fetch('https://ledger-eu.test/ws/path-1/items', json({ name: 'by path' }))).json()
    expect((await fetch(`${server.url}/ws/path-1/ledger/items/${created.id}`, { headers: K1 })).status).toBe(200)
    const list = await (await fetch('https://ledger-eu.test/ws/path-1/items?x=1', { headers: K1 })).json()
    expect(list.base).toBe('https://ledger-eu.test/ws/path-1')
    // The path wins over the header, as over HTTP.
    const both = await fetch(`https://ledger.test/ws/path-1/items/${created.id}`, { headers: { ...K1, 'x-sandbox-workspace': 'other' } })
    expect(both.status).toBe(200)
    const journal = await sb.control.workspace('path-1').requests({ vendor: 'ledger' })
    expect(journal.items[0]).toMatchObject({ path: `/ws/path-1/ledger/items/${created.id}`, route: `/items/${created.id}` })
    const bad = await fetch('https://ledger.test/ws/bad!id/items', { headers: K1 })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'invalid_workspace' })
  })

  it('delivers webhooks with the fetch in effect when they are sent: an MSW receiver set up after import gets them', async () => {
    const created = await (
      await fetch(
        'https://ledger.test/items',
        json({ name: 'hooked', hook: 'https://hooks.example.test/in' }, { 'x-sandbox-workspace': 'hook-1' }),
      )
    ).json()
    const control = sb.control.workspace('hook-1')
    expect((await control.flushOutbox()).flushed).toBe(true)
    expect(hooks).toContainEqual({ url: 'https://hooks.example.test/in', body: JSON.stringify({ created: created.id }) })
    const [entry] = (await control.outbox({ type: 'webhook' })).items as DeliveryEntry[]
    expect(entry).toMatchObject({ state: 'delivered', attempts: [{ status: 204 }] })
  })

  it('answers like the server, byte for byte', async () => {
    const a = await (await fetch('https://ledger.test/items/nope', { headers: { ...K1, 'x-sandbox-workspace': 'cmp' } })).text()
    const b = await (await fetch(`${server.url}/ws/cmp/ledger/items/nope`, { headers: K1 })).text()
    expect(a).toBe(b)
  })
})

describe('control clients', () => {
  it('connect(url) drives a running server over HTTP with the same typed methods', async () => {
    const c = connect<UntypedSimulate>(server.url, { workspace: 'remote-1' })
    expect((await c.health()).status).toBe('ok')
    await fetch(`${server.url}/ws/remote-1/ledger/items`, json({ name: 'r' }))
    const { items } = await c.requests({ vendor: 'ledger' })
    expect(items[0].method).toBe('POST')
    await c.setClock({ frozen_at: '2026-02-02T00:00:00Z' })
    expect((await sb.control.workspace('remote-1').clock()).now).toBe('2026-02-02T00:00:00.000Z')
    await expect(c.simulate('ledger', 'rename', { id: 'nope', name: 'x' })).rejects.toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    })
  })
})
