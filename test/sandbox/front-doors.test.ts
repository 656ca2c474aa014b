import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'
import { connect, type RunningServer, type UntypedSimulate } from '../../src/index.js'

const sb = ledgerSandbox()
const msw = setupServer(...sb.handlers({ workspace: 'msw-default' }))
let server: RunningServer
beforeAll(async () => {
  server = await sb.listen(0)
  msw.listen({ onUnhandledRequest: 'bypass' })
})
afterAll(async () => {
  msw.close()
  await server.close()
})

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
