import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'

const sb = ledgerSandbox()

describe('100 parallel workspaces hammered at once', () => {
  it('no cross-workspace reads, no lost writes', async () => {
    const workspaces = Array.from({ length: 100 }, (_, i) => `par-${i}`)
    await Promise.all(
      workspaces.flatMap((ws) =>
        Array.from({ length: 10 }, (_, j) => sb.app.request(`http://localhost/ws/${ws}/ledger/items`, json({ name: `${ws}#${j}` }))),
      ),
    )
    const lists = await Promise.all(
      workspaces.map(async (ws) => ({
        ws,
        list: await (await sb.app.request(`http://localhost/ws/${ws}/ledger/items`, { headers: K1 })).json(),
      })),
    )
    for (const { ws, list } of lists) {
      const mine = (list.items as { name: string }[]).filter((i) => !i.name.startsWith('seeded-'))
      expect(mine).toHaveLength(10)
      expect(mine.every((i) => i.name.startsWith(`${ws}#`))).toBe(true)
    }
  })
})

/**
 * No input makes any mounted vendor crash, hang, answer HTML or leak a stack
 * trace: random methods, paths under every prefix, headers and bodies.
 */
describe('no input crashes or leaks (every mounted vendor)', () => {
  const mounts = sb.runtime.mounts.map((m) => m.prefix)
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
  const segment = fc.oneof(
    fc.constantFrom(
      'JSON',
      'api',
      'v1',
      'v2',
      'requests',
      'templates',
      'oauth',
      'tranadmin',
      'GetStatus',
      'docusign',
      'ipro',
      'transacciones',
      'crear',
      'envelopes',
      'document',
      'items',
    ),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  )
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 200 }),
    fc.json().map((j) => j),
    fc.constant('{"requests":'),
    fc.constant('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'),
  )
  const contentType = fc.constantFrom(
    undefined,
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/xml',
  )
  const auth = fc.constantFrom(undefined, 'Bearer nope', 'Zoho-oauthtoken nope', 'Basic Zm9vOmJhcg==')

  it('answers every request with a status, never HTML (outside pages that are HTML by design), never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...mounts),
        fc.array(segment, { maxLength: 6 }),
        fc.constantFrom(...methods),
        body,
        contentType,
        auth,
        async (prefix, segs, method, payload, type, authorization) => {
          const headers: Record<string, string> = {}
          if (type) headers['content-type'] = type
          if (authorization) headers.authorization = authorization
          const res = await sb.app.request(`http://localhost/ws/fuzz${prefix}/${segs.join('/')}`, {
            method,
            headers,
            body: method === 'GET' || method === 'HEAD' ? undefined : payload,
          })
          const text = await res.text()
          expect(res.status).toBeGreaterThanOrEqual(200)
          expect(res.status).toBeLessThan(600)
          expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
          expect(text).not.toMatch(/TypeError|ReferenceError|SyntaxError: Unexpected/)
          if (!/viewDocument|thankYouPage/.test(segs.join('/'))) expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/)
        },
      ),
      { numRuns: 400, seed: 20261123 },
    )
  })
})
