import { describe, expect, it } from 'vitest'
import { request as httpRequest } from 'node:http'
import { ledgerSandbox, K1 } from '../helpers/ledger-sandbox.js'
import { listening } from '../helpers/doors.js'

/** Fault rules behave the same over the server (TCP) and through MSW. */
const sb = ledgerSandbox()
const server = await listening(sb, { msw: true })

type Door = 'http' | 'msw'

/** The rules are tried on two vendors: the test vendor and OKdokument (a real one, with its own envelope). */
interface Target {
  vendor: string
  prefix: string
  host: string
  headers: Record<string, string>
  /** A GET that answers 200, its route pattern, and a catalogue error with its expected status and body. */
  path: string
  pattern: string
  error: { id: string; status: number; body: unknown }
}
const OK_KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const targets: Target[] = [
  {
    vendor: 'ledger',
    prefix: '/ledger',
    host: 'https://ledger.test',
    headers: K1,
    path: '/items/fixture-1',
    pattern: '/items/:id',
    error: { id: 'ledger.not_found', status: 404, body: { code: 'E404', message: 'no item fixture-1' } },
  },
  {
    vendor: 'okdokument',
    prefix: '/okdokument',
    host: 'https://apidev.okdokument.com',
    headers: { 'x-api-key': OK_KEY },
    path: '/JSON/document/metadata/y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F',
    pattern: '/JSON/document/metadata/:documentId',
    error: {
      id: 'okdokument.document_not_found',
      status: 404,
      body: { message: 'err.not.found', value: 'y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F' },
    },
  },
]

for (const t of targets) {
  const call = (door: Door, ws: string, path: string, init: RequestInit = {}) =>
    door === 'http'
      ? fetch(`${server.url}/ws/${ws}${t.prefix}${path}`, {
          ...init,
          headers: { ...t.headers, ...(init.headers as Record<string, string>) },
        })
      : fetch(`${t.host}${path}`, {
          ...init,
          headers: { ...t.headers, 'x-sandbox-workspace': ws, ...(init.headers as Record<string, string>) },
        })

  for (const door of ['http', 'msw'] as const) {
    describe(`fault rules on ${t.vendor} [${door}]`, () => {
      const id = (name: string) => `fr-${name}-${t.vendor}-${door}`
      it('error: a catalogue error in the vendor envelope, limited by times, counted in fired', async () => {
        const ctl = sb.control.workspace(id('err'))
        const rule = await ctl.addFault({ vendor: t.vendor, method: 'GET', path: t.pattern, error: t.error.id, times: 2 })
        expect(rule).toMatchObject({ id: 'fault_1', fired: 0, times: 2 })
        for (let i = 0; i < 2; i++) {
          const res = await call(door, id('err'), t.path)
          expect(res.status).toBe(t.error.status)
          expect(await res.json()).toEqual(t.error.body)
        }
        expect((await call(door, id('err'), t.path)).status).toBe(200)
        expect((await ctl.faults()).items[0].fired).toBe(2)
      })

      it('status + body: a raw reply', async () => {
        await sb.control
          .workspace(id('raw'))
          .addFault({ vendor: t.vendor, status: 502, body: { upstream: 'down' }, headers: { 'retry-after': '3' } })
        const res = await call(door, id('raw'), t.path)
        expect(res.status).toBe(502)
        expect(res.headers.get('retry-after')).toBe('3')
        expect(await res.json()).toEqual({ upstream: 'down' })
      })

      it('delay_ms alone delays the real answer', async () => {
        await sb.control.workspace(id('delay')).addFault({ vendor: t.vendor, delay_ms: 150, times: 1 })
        const t0 = performance.now()
        const res = await call(door, id('delay'), t.path)
        expect(res.status).toBe(200)
        expect(performance.now() - t0).toBeGreaterThanOrEqual(130)
      })

      it('drop: the connection closes without a response (a network error)', async () => {
        await sb.control.workspace(id('drop')).addFault({ vendor: t.vendor, drop: true, times: 1 })
        await expect(call(door, id('drop'), t.path)).rejects.toThrow()
        expect((await call(door, id('drop'), t.path)).status).toBe(200)
        expect((await sb.control.workspace(id('drop')).faults()).items[0].fired).toBe(1)
      })

      it('probability draws from the seeded PRNG: the same seed gives the same pattern', async () => {
        const pattern = async () => {
          await sb.control.workspace(id('p')).addFault({ vendor: t.vendor, status: 503, probability: 0.5 })
          const out: number[] = []
          for (let i = 0; i < 12; i++) out.push((await call(door, id('p'), t.path)).status)
          return out
        }
        const first = await pattern()
        await sb.control.workspace(id('p')).reset()
        const second = await pattern()
        expect(second).toEqual(first)
        expect(first).toContain(503)
        expect(first).toContain(200)
      })
    })
  }
}

const call = (door: Door, ws: string, path: string) =>
  door === 'http'
    ? fetch(`${server.url}/ws/${ws}/ledger${path}`, { headers: K1 })
    : fetch(`https://ledger.test${path}`, { headers: { ...K1, 'x-sandbox-workspace': ws } })

describe('fault rule management', () => {
  it('validates rules and deletes one or all', async () => {
    const ctl = sb.control.workspace('fr-admin')
    const bad = [
      { vendor: 'nope', status: 500 },
      { vendor: 'ledger' },
      { vendor: 'ledger', error: 'ledger.zzz' },
      { vendor: 'ledger', status: 99 },
      { vendor: 'ledger', status: 500, probability: 2 },
      { vendor: 'ledger', status: 500, extra: 1 },
    ]
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

  it('the journal of a TCP request shows its headers, secrets redacted', async () => {
    await fetch(`${server.url}/ws/tcp-journal/okdokument/JSON/counter`, { headers: { 'x-api-key': OK_KEY, 'x-trace': 'a' } })
    const [entry] = (await sb.control.workspace('tcp-journal').requests()).items
    expect(entry.headers['x-api-key']).toBe('[redacted]')
    expect(entry.headers['x-trace']).toBe('a')
    expect(entry.headers.host).toBe(new URL(server.url).host)
  })

  it('drop over raw TCP: the socket is closed with no bytes', async () => {
    await sb.control.workspace('fr-tcp').addFault({ vendor: 'ledger', drop: true })
    const url = new URL(`${server.url}/ws/fr-tcp/ledger/items`)
    const outcome = await new Promise<string>((resolve) => {
      const r = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: K1 }, (res) =>
        resolve(`status ${res.statusCode}`),
      )
      r.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
      r.end()
    })
    expect(outcome).toBe('ECONNRESET')
  })
})
