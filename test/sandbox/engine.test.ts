import { describe, expect, it } from 'vitest'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'
import { createSandbox } from '../../src/index.js'

describe('app composition', () => {
  const sb = ledgerSandbox()
  const req = (path: string, init?: RequestInit) => sb.app.request(`http://localhost${path}`, init)

  it('serves a vendor under its prefix, with and without /ws/<id>', async () => {
    const a = await req('/ledger/items/fixture-1', { headers: K1 })
    expect(a.status).toBe(200)
    const b = await req('/ws/eng-1/ledger/items/fixture-1', { headers: K1 })
    expect(b.status).toBe(200)
    expect((await b.json()).id).toBe('fixture-1')
  })

  it('the /ws path prefix wins over the X-Sandbox-Workspace header; an empty header counts as absent', async () => {
    const created = await (await req('/ws/eng-path/ledger/items', json({ name: 'p' }))).json()
    const viaHeader = await req(`/ledger/items/${created.id}`, { headers: { ...K1, 'x-sandbox-workspace': 'eng-path' } })
    expect(viaHeader.status).toBe(200)
    const pathWins = await req(`/ws/eng-other/ledger/items/${created.id}`, { headers: { ...K1, 'x-sandbox-workspace': 'eng-path' } })
    expect(pathWins.status).toBe(404)
    const emptyHeader = await req(`/ledger/items/${created.id}`, { headers: { ...K1, 'x-sandbox-workspace': '' } })
    expect(emptyHeader.status).toBe(404)
    const list = await (await req('/ledger/items', { headers: { ...K1, 'x-sandbox-workspace': 'eng-path' } })).json()
    expect(list.base).toBe('http://localhost/ws/eng-path/ledger')
  })

  it('rejects bad workspace ids with the control-plane shape', async () => {
    for (const init of [
      { path: '/ws/bad$id/ledger/items' },
      { path: '/ledger/items', header: 'a b' },
      { path: '/ledger/items', header: 'x'.repeat(65) },
    ]) {
      const res = await req(init.path, { headers: { ...K1, ...(init.header ? { 'x-sandbox-workspace': init.header } : {}) } })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect(await res.json()).toMatchObject({ error: 'invalid_workspace' })
    }
  })

  it('unknown paths outside every mount get JSON naming the mounts', async () => {
    const res = await req('/nowhere')
    expect(res.status).toBe(404)
    const body = await res.json()
    expect(body.error).toBe('not_found')
    expect(body.mounts).toContain('/ledger')
  })

  it('unknown paths under a mount get the vendor not-found; wrong verbs its 405 with Allow', async () => {
    const nf = await req('/ws/eng-2/ledger/nope')
    expect(nf.status).toBe(404)
    expect(await nf.json()).toEqual({ code: 'NOPATH', message: '/nope' })
    const na = await req('/ws/eng-2/ledger/items', { method: 'DELETE', headers: K1 })
    expect(na.status).toBe(405)
    expect(na.headers.get('allow')).toBe('GET, POST')
  })

  it('an unexpected exception becomes the vendor internal error, no stack trace', async () => {
    const res = await req('/ws/eng-3/ledger/boom', { headers: K1 })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(text).toBe('{"code":"E500","message":"internal"}')
    expect(text).not.toMatch(/stack|at /)
  })

  it('refuses bodies over the mount limit in the vendor shape, declared or streamed, and stores nothing', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2000) })
    const declared = await req('/ws/eng-4/ledger/items', json({ name: 'x'.repeat(2000) }))
    expect(declared.status).toBe(413)
    expect(await declared.json()).toEqual({ code: 'E413', message: 'too large' })
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        for (let i = 0; i < 4; i++) ctrl.enqueue(new TextEncoder().encode(big.slice(i * 500, (i + 1) * 500)))
        ctrl.close()
      },
    })
    const streamed = await sb.app.request('http://localhost/ws/eng-4/ledger/items', {
      method: 'POST',
      headers: K1,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    const list = await (await req('/ws/eng-4/ledger/items', { headers: K1 })).json()
    expect(list.items).toHaveLength(1)
  })

  it('malformed JSON gets the vendor error, not a crash', async () => {
    const res = await req('/ws/eng-5/ledger/items', { method: 'POST', headers: K1, body: '{"name":' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ code: 'E400', message: 'bad body' })
  })

  it('GET /__sandbox/vendors lists id, prefixes, base URLs, hosts, endpoints, docs', async () => {
    const body = await (await req('/__sandbox/vendors')).json()
    const ledger = body.items.find((v: { id: string }) => v.id === 'ledger')
    expect(ledger).toMatchObject({
      id: 'ledger',
      prefixes: ['/ledger'],
      base_urls: ['http://localhost/ledger'],
      hosts: ['https://ledger.test', 'https://ledger-eu.test'],
    })
    expect(ledger.endpoints).toContainEqual({ method: 'GET', path: '/ledger/items/:id' })
    expect(body.count).toBe(body.items.length)
    // Paths as a client reads them: no Hono patterns, no duplicate trailing-slash rows.
    const paths = body.items.flatMap((v: { endpoints: { method: string; path: string }[] }) =>
      v.endpoints.map((e) => `${e.method} ${e.path}`),
    )
    expect(paths.filter((p: string) => p.includes('{') || (p.endsWith('/') && !p.endsWith(' /')))).toEqual([])
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths).toContain('GET /openesignforms/:webapp/tranadmin/GetStatus')
  })

  it('GET /__sandbox/health', async () => {
    const body = await (await req('/__sandbox/health')).json()
    expect(body).toMatchObject({ status: 'ok', vendors: expect.arrayContaining(['ledger']) })
    expect(typeof body.version).toBe('string')
    expect(typeof body.uptime_s).toBe('number')
  })

  it('control-plane writes that are not JSON objects get invalid_body', async () => {
    for (const body of ['[1]', '{', '"x"']) {
      const res = await req('/ws/eng-6/__sandbox/clock', { method: 'POST', body })
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_body' })
    }
  })
})

describe('vendor registration', () => {
  it('refuses to start when two vendor mounts claim one real host', () => {
    expect(() => createSandbox({ hosts: { tranadmin: ['https://IPRO.example.test/'] } })).toThrow(
      'the host https://ipro.example.test is claimed by two vendor mounts: tranadmin (/openesignforms) and ipro (/ipro)',
    )
  })
})
