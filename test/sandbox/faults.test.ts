import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { request as httpRequest } from 'node:http'
import { ledgerSandbox, K1 } from '../helpers/ledger-sandbox.js'
import type { RunningServer } from '../../src/index.js'

/** Fault rules behave the same over the server (TCP) and through MSW. */
const sb = ledgerSandbox()
let server: RunningServer
const msw = setupServer(...sb.handlers())
beforeAll(async () => {
  server = await sb.listen(0)
  msw.listen({ onUnhandledRequest: 'bypass' })
})
afterAll(async () => {
  msw.close()
  await server.close()
})

type Door = 'http' | 'msw'
const call = (door: Door, ws: string, path: string, init: RequestInit = {}) =>
  door === 'http'
    ? fetch(`${server.url}/ws/${ws}/ledger${path}`, { ...init, headers: { ...K1, ...(init.headers as Record<string, string>) } })
    : fetch(`https://ledger.test${path}`, { ...init, headers: { ...K1, 'x-sandbox-workspace': ws, ...(init.headers as Record<string, string>) } })

for (const door of ['http', 'msw'] as const) {
  describe(`fault rules [${door}]`, () => {
    it('error: a catalogue error in the vendor envelope, limited by times, counted in fired', async () => {
      const ws = `fr-err-${door}`
      const ctl = sb.control.workspace(ws)
      const rule = await ctl.addFault({ vendor: 'ledger', method: 'GET', path: '/items/:id', error: 'ledger.not_found', times: 2 })
      expect(rule).toMatchObject({ id: 'fault_1', fired: 0, times: 2 })
      for (let i = 0; i < 2; i++) {
        const res = await call(door, ws, '/items/fixture-1')
        expect(res.status).toBe(404)
        expect(await res.json()).toEqual({ code: 'E404', message: 'no item fixture-1' })
      }
      expect((await call(door, ws, '/items/fixture-1')).status).toBe(200)
      expect((await call(door, ws, '/items')).status).toBe(200)
      expect((await ctl.faults()).items[0].fired).toBe(2)
    })

    it('status + body: a raw reply', async () => {
      const ws = `fr-raw-${door}`
      await sb.control.workspace(ws).addFault({ vendor: 'ledger', status: 502, body: { upstream: 'down' }, headers: { 'retry-after': '3' } })
      const res = await call(door, ws, '/items')
      expect(res.status).toBe(502)
      expect(res.headers.get('retry-after')).toBe('3')
      expect(await res.json()).toEqual({ upstream: 'down' })
    })

    it('delay_ms alone delays the real answer', async () => {
      const ws = `fr-delay-${door}`
      await sb.control.workspace(ws).addFault({ vendor: 'ledger', delay_ms: 150, times: 1 })
      const t0 = performance.now()
      const res = await call(door, ws, '/items')
      expect(res.status).toBe(200)
      expect(performance.now() - t0).toBeGreaterThanOrEqual(130)
    })

    it('drop: the connection closes without a response (a network error)', async () => {
      const ws = `fr-drop-${door}`
      await sb.control.workspace(ws).addFault({ vendor: 'ledger', drop: true, times: 1 })
      await expect(call(door, ws, '/items')).rejects.toThrow()
      expect((await call(door, ws, '/items')).status).toBe(200)
      expect((await sb.control.workspace(ws).faults()).items[0].fired).toBe(1)
    })

    it('probability draws from the seeded PRNG: the same seed gives the same pattern', async () => {
      const pattern = async (sandboxDoor: Door, ws: string) => {
        await sb.control.workspace(ws).addFault({ vendor: 'ledger', status: 503, probability: 0.5 })
        const out: number[] = []
        for (let i = 0; i < 12; i++) out.push((await call(sandboxDoor, ws, '/items')).status)
        return out
      }
      const first = await pattern(door, `fr-p-${door}`)
      await sb.control.workspace(`fr-p-${door}`).reset()
      const second = await pattern(door, `fr-p-${door}`)
      expect(second).toEqual(first)
      expect(first).toContain(503)
      expect(first).toContain(200)
    })
  })
}

describe('fault rule management', () => {
  it('validates rules and deletes one or all', async () => {
    const ctl = sb.control.workspace('fr-admin')
    const bad = [{ vendor: 'nope', status: 500 }, { vendor: 'ledger' }, { vendor: 'ledger', error: 'ledger.zzz' }, { vendor: 'ledger', status: 99 }, { vendor: 'ledger', status: 500, probability: 2 }, { vendor: 'ledger', status: 500, extra: 1 }]
    for (const rule of bad) {
      const res = await sb.app.request('http://localhost/ws/fr-admin/__sandbox/faults', { method: 'POST', body: JSON.stringify(rule) })
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_body' })
    }
    const a = await ctl.addFault({ vendor: 'ledger', status: 500 })
    await ctl.addFault({ vendor: 'ledger', status: 501 })
    await ctl.deleteFault(a.id)
    expect((await ctl.faults()).items.map((r) => r.status)).toEqual([501])
    await expect(ctl.deleteFault('fault_99')).rejects.toMatchObject({ status: 404 })
    await ctl.deleteFault()
    expect((await ctl.faults()).count).toBe(0)
  })

  it('rules belong to a workspace', async () => {
    await sb.control.workspace('fr-ws-a').addFault({ vendor: 'ledger', status: 500 })
    expect((await call('http', 'fr-ws-b', '/items')).status).toBe(200)
  })

  it('drop over raw TCP: the socket is closed with no bytes', async () => {
    await sb.control.workspace('fr-tcp').addFault({ vendor: 'ledger', drop: true })
    const url = new URL(`${server.url}/ws/fr-tcp/ledger/items`)
    const outcome = await new Promise<string>((resolve) => {
      const r = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: K1 }, (res) => resolve(`status ${res.statusCode}`))
      r.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
      r.end()
    })
    expect(outcome).toBe('ECONNRESET')
  })
})
