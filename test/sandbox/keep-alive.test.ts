import { Agent, request, type IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { listening } from '../helpers/doors.js'

/**
 * A keep-alive connection survives every answer, including early answers to requests whose body
 * was never read (issue 12 item 2; sandbox.md §10): the next request on the same socket works.
 * Real server, real sockets, journal on (its body capture was what broke the connection).
 */
const server = await listening(createSandbox({ seed: 1 }))

const MiB = 1024 * 1024
const big = (n: number) => Buffer.alloc(n, 'a')

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
  reused: boolean
}

/** One request through `agent`; `chunked` sends the body without a Content-Length, in 64 KiB writes. */
function send(
  agent: Agent,
  method: string,
  path: string,
  opts: { body?: Buffer; headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<Reply> {
  const url = new URL(path, server.url)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers }
    if (opts.body && !opts.chunked) headers['content-length'] = opts.body.byteLength
    const req = request(url, { method, agent, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reused: req.reusedSocket }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (opts.body && opts.chunked) {
      for (let off = 0; off < opts.body.byteLength; off += 64 * 1024) req.write(opts.body.subarray(off, off + 64 * 1024))
    } else if (opts.body) req.write(opts.body)
    req.end()
  })
}

const SIGNIO_CREATE = '/signio/api/v2/transacciones/crear'
const EARLY: [string, string, string, Record<string, string>?][] = [
  ['Signio wrong key → 401', 'POST', SIGNIO_CREATE, { authorization: 'Bearer nope', 'content-type': 'application/json' }],
  ['wrong method → 405', 'PUT', SIGNIO_CREATE],
  ['unknown path → 404', 'POST', '/signio/api/v2/no-such-thing'],
  ['unknown path outside every mount → 404', 'POST', '/nowhere'],
  ['Zoho without a token → 9031', 'POST', '/zoho/api/v1/requests'],
  ['IPRO without an app token → 401', 'POST', '/ipro/v2/docusign/ipro/sources/5/accounts/10256/auth_token'],
  ['a bad X-Sandbox-Delay → 400', 'POST', SIGNIO_CREATE, { 'x-sandbox-delay': 'soon' }],
  ['an unknown X-Sandbox-Error → 400', 'POST', SIGNIO_CREATE, { 'x-sandbox-error': 'nope.nope' }],
  ['tranadmin over its 2 MiB limit', 'POST', '/openesignforms/demo/tranadmin/GetStatus'],
]

describe('keep-alive after an early answer to a large unread body (node http Agent keepAlive)', () => {
  for (const chunked of [false, true]) {
    for (const [label, method, path, headers] of EARLY) {
      it(`${label}${chunked ? ' (chunked)' : ''}`, async () => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 })
        try {
          const size = path.includes('tranadmin') ? 3 * MiB : MiB
          const first = await send(agent, method, path, { body: big(size), headers, chunked })
          expect(first.status).toBeGreaterThanOrEqual(400)
          expect(first.status).toBeLessThan(500)
          const next = await send(agent, 'GET', '/__sandbox/health')
          expect(next.status).toBe(200)
          // Either the same socket carried on, or the first answer said it would close.
          if (!next.reused) expect(first.headers.connection).toBe('close')
        } finally {
          agent.destroy()
        }
      })
    }
  }

  it('the journal still records the request, with its body marked as not read', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      await send(agent, 'POST', '/ws/ka-journal/signio/api/v2/no-such-thing', { body: big(MiB) })
      const journal = JSON.parse((await send(agent, 'GET', '/ws/ka-journal/__sandbox/requests')).body) as {
        items: { status: number; body: string }[]
      }
      expect(journal.items[0].status).toBe(404)
      expect(journal.items[0].body).toMatch(/not read|^a+$/)
    } finally {
      agent.destroy()
    }
  })
})

describe('a body declared larger than the server drains', () => {
  it('gets its early answer with Connection: close, then a clean close', async () => {
    const { connect } = await import('node:net')
    const reply = await new Promise<string>((resolve) => {
      const sock = connect(Number(new URL(server.url).port), '127.0.0.1', () => {
        sock.write(`POST /zoho/api/v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${200 * MiB}\r\n\r\n`)
        sock.write(big(MiB))
      })
      let out = ''
      sock.on('data', (d: Buffer) => (out += d.toString('latin1')))
      sock.on('close', () => resolve(out))
      sock.on('error', () => resolve(out))
    })
    expect(reply).toMatch(/^HTTP\/1\.1 [45]\d\d /)
    expect(reply.toLowerCase()).toContain('connection: close')
  })
})

describe('keep-alive with undici fetch (the platform fetch)', () => {
  it('answers the next requests on the pool after early answers to 1 MiB bodies', async () => {
    for (let i = 0; i < 5; i++) {
      const early = await fetch(`${server.url}/signio/api/v2/no-such-thing`, { method: 'POST', body: big(MiB) })
      expect(early.status).toBe(404)
      await early.arrayBuffer()
      const wrongKey = await fetch(`${server.url}${SIGNIO_CREATE}`, {
        method: 'POST',
        headers: { authorization: 'Bearer nope' },
        body: big(MiB),
      })
      expect(wrongKey.status).toBe(401)
      await wrongKey.arrayBuffer()
      const health = await fetch(`${server.url}/__sandbox/health`)
      expect(health.status).toBe(200)
      await health.arrayBuffer()
    }
  })
})
