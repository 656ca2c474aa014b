import { Agent, request } from 'node:http'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { listening } from '../helpers/doors.js'

/**
 * Seeded fuzzing over real sockets (issue 12; sandbox.md §10): keep-alive clients sending JSON, form,
 * multipart and raw bodies — small, large, chunked, to any vendor's routes and to unknown ones, with and
 * without credentials and forcing headers. Every request gets an answer on the same pooled connections
 * (never a reset), never HTML or a stack trace, and no secret sent in a multipart field reaches the journal.
 */
const sb = createSandbox({ seed: 77 })
const server = await listening(sb)

const SECRET = 'FUZZ-SECRET-0f1e2d'
const PATHS = [
  '/signio/api/v2/token/crear',
  '/signio/api/v2/transacciones/crear',
  '/signio/api/v2/transacciones/cargar_documento',
  '/signio/api/v2/nope',
  '/zoho-accounts/oauth/v2/token',
  '/zoho/api/v1/requests',
  '/openesignforms/demo/tranadmin/GetStatus',
  '/openesignforms/tranadmin/nope',
  '/ipro/v2/docusign/ipro/sources/5/accounts/10256/auth_token',
  '/okdokument/JSON/signatureRequest',
  '/okdokument/JSON/upload',
  '/nowhere',
]
const AUTH: Record<string, string>[] = [
  {},
  { authorization: 'Bearer nope' },
  { authorization: 'Zoho-oauthtoken 1000.aaaa0000000000000000000000000001.5a4db0c0000000000000000000000001' },
  {
    'x-api-key':
      '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2',
  },
  { 'x-sandbox-delay': 'soon' },
  { 'x-sandbox-error': 'nope.nope' },
]

// Secret-named fields always carry SECRET (it must never be journaled); the others carry anything.
const plain = fc.dictionary(fc.constantFrom('email', 'nombre', 'data', 'id_transaccion', 'grant_type'), fc.string({ maxLength: 30 }), {
  maxKeys: 4,
})
const secrets = fc.subarray(['password', 'client_secret', 'refresh_token'])
const fields = fc.tuple(plain, secrets).map(([p, keys]) => ({ ...p, ...Object.fromEntries(keys.map((k) => [k, SECRET])) }))

/** A body as bytes plus its content type. */
const body = fc.oneof(
  fields.map((f) => ({ type: 'application/json', bytes: Buffer.from(JSON.stringify(f)) })),
  fields.map((f) => ({ type: 'application/x-www-form-urlencoded', bytes: Buffer.from(new URLSearchParams(f).toString()) })),
  fc.tuple(fields, fc.integer({ min: 0, max: 600_000 }), fc.boolean()).map(([f, fileSize, secretNamed]) => {
    const boundary = '----fuzz7a1b'
    const parts = Object.entries(f).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    const fileName = secretNamed ? 'password' : 'documento'
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${fileName}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`
    return {
      type: `multipart/form-data; boundary=${boundary}`,
      bytes: Buffer.concat([Buffer.from(parts.join('') + head), Buffer.alloc(fileSize, 0x25), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    }
  }),
  fc.integer({ min: 0, max: 1_200_000 }).map((n) => ({ type: 'text/plain', bytes: Buffer.alloc(n, 'q') })),
  fc.constant(undefined),
)

function send(
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  b: { type: string; bytes: Buffer } | undefined,
  chunked: boolean,
) {
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    const h: Record<string, string | number> = { ...headers }
    if (b) {
      h['content-type'] = b.type
      if (!chunked) h['content-length'] = b.bytes.byteLength
    }
    const req = request(new URL(path, server.url), { method, agent, headers: h }, (res) => {
      let text = ''
      res.setEncoding('latin1')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (b && chunked) for (let off = 0; off < b.bytes.byteLength; off += 100_000) req.write(b.bytes.subarray(off, off + 100_000))
    else if (b) req.write(b.bytes)
    req.end()
  })
}

describe('fuzz over keep-alive connections (§10)', () => {
  it('every request is answered on the pool, never with HTML or a stack trace, and multipart secrets stay out of the journal', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 2 })
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...PATHS),
          fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
          fc.constantFrom(...AUTH),
          body,
          fc.boolean(),
          async (path, method, auth, b, chunked) => {
            const sent = method === 'GET' ? undefined : b
            // Node's client frames a DELETE body only with a Content-Length (chunked DELETE bodies go out unframed).
            const res = await send(agent, method, `/ws/fuzz${path}`, auth, sent, chunked && method !== 'DELETE')
            expect(res.status).toBeGreaterThanOrEqual(200)
            expect(res.status).toBeLessThan(600)
            expect(res.type).not.toMatch(/html/)
            expect(res.text).not.toMatch(/\n\s+at [\w.<]+ \(/)
          },
        ),
        { seed: 20261207, numRuns: 80 },
      )
      const health = await send(agent, 'GET', '/__sandbox/health', {}, undefined, false)
      expect(health.status).toBe(200)
      const journal = await send(agent, 'GET', '/ws/fuzz/__sandbox/requests', {}, undefined, false)
      expect(journal.status).toBe(200)
      expect(journal.text).not.toContain(SECRET)
    } finally {
      agent.destroy()
    }
  })
})
