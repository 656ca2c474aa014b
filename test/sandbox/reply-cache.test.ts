import { request } from 'node:http'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { ReplyCache } from '../../src/pipeline/reply-cache.js'
import { startCli } from '../helpers/cli.js'
import { interceptHosts, listening } from '../helpers/doors.js'

/**
 * The reply cache (pipeline/reply-cache.ts): a repeated GET is answered from the
 * reply kept for it, byte for byte and journaled like any request, and never
 * once anything it was made from changed. The rest of the suite runs in
 * `verify` mode, where every keepable reply is made twice and every kept one
 * compared with a fresh one; here the cache answers for real.
 */
const KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const DOC = 'y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F'
const SIGNATURE_REQUEST = '1d58a59e-e8f7-4d07-bb99-d3fa39cb58a8'
const METADATA = `/okdokument/JSON/document/metadata/${DOC}`
const CLOCK = '2026-03-02T09:30:00.000Z'

/** Whether each `ReplyCache.lookup` since the spy started found a reply still good. */
function lookups() {
  const spy = vi.spyOn(ReplyCache.prototype, 'lookup')
  return () => spy.mock.results.map((r) => r.type === 'return' && r.value !== undefined)
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('reply cache, HTTP door', () => {
  const sandbox = createSandbox({ seed: 1, clock: CLOCK, replyCache: 'on' })
  let base = ''
  let n = 0
  beforeAll(async () => {
    base = (await listening(sandbox)).url
  })
  const workspace = () => `reply-cache-${++n}`
  const get = async (ws: string, key = KEY) => {
    const res = await fetch(`${base}/ws/${ws}${METADATA}`, { headers: { 'x-api-key': key } })
    return { status: res.status, type: res.headers.get('content-type'), length: res.headers.get('content-length'), body: await res.text() }
  }

  it('answers a repeated GET with the kept reply, byte for byte, and journals it like the first', async () => {
    const ws = workspace()
    const hits = lookups()
    const first = await get(ws)
    const second = await get(ws)
    const third = await get(ws)
    // Seeding OKdokument on first touch changes nothing a reply shows: the first reply is kept at once.
    expect(hits()).toEqual([false, true, true])
    expect(third).toEqual(second)
    expect(second).toEqual(first)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body)).toMatchObject({ id: DOC, state: 'tosign' })
    const { items } = await sandbox.control.workspace(ws).requests({ vendor: 'okdokument' })
    expect(items).toHaveLength(3)
    const shape = (e: (typeof items)[number]) => ({ ...e, id: '', duration_ms: 0 })
    expect(shape(items[0])).toEqual(shape(items[1]))
    expect(shape(items[1])).toEqual(shape(items[2]))
    expect(items.map((e) => e.id)).toEqual(['req_3', 'req_2', 'req_1'])
    expect(items[0].headers['x-api-key']).not.toContain(KEY.slice(0, 20))
  })

  it('a replayed reply has the made reply’s header lines, names spelt the same', async () => {
    const ws = workspace()
    const rawHeaders = () =>
      new Promise<string[]>((resolve, reject) => {
        request(`${base}/ws/${ws}${METADATA}`, { headers: { 'x-api-key': KEY } }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.rawHeaders))
        })
          .on('error', reject)
          .end()
      })
    const withoutDate = (lines: string[]) => lines.filter((_, i) => lines[i - (i % 2)].toLowerCase() !== 'date')
    const hits = lookups()
    const made = await rawHeaders()
    const replayed = await rawHeaders()
    expect(hits()).toEqual([false, true])
    expect(withoutDate(replayed)).toEqual(withoutDate(made))
  })

  it('makes the reply again once the record changed', async () => {
    const ws = workspace()
    await get(ws)
    await get(ws)
    await sandbox.control.workspace(ws).simulate('okdokument', 'sign', { signatureRequestId: SIGNATURE_REQUEST })
    const hits = lookups()
    const after = await get(ws)
    expect(hits()).toEqual([false])
    expect(JSON.parse(after.body)).toMatchObject({ id: DOC, state: 'signed' })
  })

  it('a fault rule applies to the next GET at once', async () => {
    const ws = workspace()
    await get(ws)
    await get(ws)
    await sandbox.control.workspace(ws).addFault({ vendor: 'okdokument', status: 503, body: { down: true } })
    const faulted = await get(ws)
    expect(faulted.status).toBe(503)
    expect(JSON.parse(faulted.body)).toEqual({ down: true })
  })

  it('a reply that read the clock is not replayed once the clock moved', async () => {
    const ws = workspace()
    await get(ws)
    await get(ws)
    await sandbox.control.workspace(ws).advanceClock(1)
    const hits = lookups()
    await get(ws)
    await get(ws)
    expect(hits()).toEqual([false, true])
  })

  it('another credential, another header or another workspace is another request', async () => {
    const ws = workspace()
    await get(ws)
    const kept = await get(ws)
    const hits = lookups()
    const wrong = await get(ws, `${KEY.slice(0, -1)}0`)
    expect(wrong.status).not.toBe(200)
    const other = await get(workspace())
    expect(hits()).toEqual([false, false])
    expect(other.body).toBe(kept.body)
    const again = await get(ws)
    expect(again).toEqual(kept)
  })

  it('a workspace reset or a dropped workspace is never answered from a reply of before', async () => {
    const ws = workspace()
    await get(ws)
    await get(ws)
    await sandbox.control.workspace(ws).simulate('okdokument', 'sign', { signatureRequestId: SIGNATURE_REQUEST })
    await get(ws)
    const signed = await get(ws)
    expect(JSON.parse(signed.body)).toMatchObject({ state: 'signed' })
    await sandbox.control.workspace(ws).reset()
    expect(JSON.parse((await get(ws)).body)).toMatchObject({ state: 'tosign' })
    await get(ws)
    await sandbox.control.workspace(ws).dropWorkspace()
    const hits = lookups()
    expect(JSON.parse((await get(ws)).body)).toMatchObject({ state: 'tosign' })
    expect(hits()).toEqual([false])
  })
})

describe('reply cache, verify mode', () => {
  const sandbox = createSandbox({ seed: 1, clock: CLOCK, replyCache: 'verify' })
  let base = ''
  beforeAll(async () => {
    base = (await listening(sandbox)).url
  })

  it('answers 500 reply_cache_mismatch when a GET changed a record without the workspace noticing', async () => {
    const url = `${base}/ws/verify-1${METADATA}`
    const headers = { 'x-api-key': KEY }
    expect((await fetch(url, { headers })).status).toBe(200)
    // A vendor bug: the record is changed in place on every read, and never stored again with `set`.
    const ws = await sandbox.runtime.store.open('verify-1')
    const documents = (ws.handle('okdokument').state as { documents: { get(id: string): { filename: string } | undefined } }).documents
    const read = documents.get.bind(documents)
    let reads = 0
    vi.spyOn(documents, 'get').mockImplementation((id: string) => {
      const doc = read(id)
      if (doc) doc.filename = `read-${++reads}.pdf`
      return doc
    })
    const vi0 = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await fetch(url, { headers })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ error: 'reply_cache_mismatch' })
    expect(vi0).toHaveBeenCalled()
  })
})

describe('reply cache, MSW door', () => {
  const sandbox = createSandbox({ seed: 1, clock: CLOCK, replyCache: 'on' })
  interceptHosts(sandbox)

  it('answers a repeated GET on the real host from the kept reply', async () => {
    const url = `https://apidev.okdokument.com/JSON/document/metadata/${DOC}`
    const init = { headers: { 'x-api-key': KEY, 'x-sandbox-workspace': 'msw-rc' } }
    const hits = lookups()
    const bodies = []
    for (let i = 0; i < 3; i++) {
      const res = await fetch(url, init)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/json/)
      bodies.push(await res.text())
    }
    expect(hits()).toEqual([false, true, true])
    expect(new Set(bodies).size).toBe(1)
    expect((await sandbox.control.workspace('msw-rc').requests()).items).toHaveLength(3)
  })
})

describe('reply cache, the CLI', () => {
  it('logs a replayed GET like any other request (--log-level info)', async () => {
    const cli = await startCli(['--log-level', 'info', '--reply-cache', 'on', '--clock', CLOCK])
    try {
      for (let i = 0; i < 3; i++)
        expect((await fetch(`${cli.url}/ws/cli-rc${METADATA}`, { headers: { 'x-api-key': KEY } })).status).toBe(200)
      const line = new RegExp(`^\\S+Z cli-rc GET /ws/cli-rc${METADATA} 200 \\d+\\.\\dms$`, 'gm')
      await expect.poll(() => cli.stdout().match(line)?.length ?? 0).toBe(3)
    } finally {
      cli.child.kill()
      await cli.exited
    }
  })
})

describe('reply cache, a real clock', () => {
  const sandbox = createSandbox({ seed: 1, replyCache: 'on' })
  let base = ''
  beforeAll(async () => {
    base = (await listening(sandbox)).url
  })
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

  it('a reply that only checked deadlines is replayed across milliseconds, and made again once the first deadline ahead came', async () => {
    const headers = { 'x-api-key': KEY, 'content-type': 'application/json' }
    const pdf = Buffer.from('%PDF-1.4 reply cache').toString('base64')
    const up = await fetch(`${base}/ws/deadline/okdokument/JSON/document`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ filename: 'tags.pdf', state: 'tags', file: { content: pdf } }),
    })
    const id = ((await up.json()) as { result: string }).result
    const metadata = async () =>
      (
        (await (await fetch(`${base}/ws/deadline/okdokument/JSON/document/metadata/${id}`, { headers: { 'x-api-key': KEY } })).json()) as {
          state: string
        }
      ).state
    const hits = lookups()
    // Tags processing ends a second after the upload: until then the reply holds, whatever the millisecond.
    expect(await metadata()).toBe('tags')
    await sleep(5)
    expect(await metadata()).toBe('tags')
    expect(hits()).toEqual([false, true])
    await expect.poll(metadata, { timeout: 5000, interval: 100 }).toBe('tosign')
  })

  it('a reply that does not depend on time at all is replayed however much time passed', async () => {
    const url = `${base}/ws/timeless/signio/api/v2/transacciones/gestionar?id_transaccion=5f1c0c9e-8a4b-4c1d-9e2f-000000000001`
    const headers = { authorization: 'Bearer signio-fixture-token-demo' }
    const hits = lookups()
    const first = await (await fetch(url, { headers })).text()
    await sleep(20)
    const second = await (await fetch(url, { headers })).text()
    expect(second).toBe(first)
    expect(hits()).toEqual([false, true])
  })
})
