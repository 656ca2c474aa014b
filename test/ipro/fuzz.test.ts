import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSandbox } from '../../src/index.js'
import { A1, AUTH, BASE, CLOCK, U1 } from './helpers.js'

/**
 * Spec §10 as a property: whatever the body, path ids or query, IPRO answers
 * its own JSON (or the CSV), never a 500, HTML or stack trace, and a rejected
 * request leaves the stored state byte-identical.
 */
const sandbox = createSandbox({ seed: 7, clock: CLOCK })
const STATUSES = new Set([200, 400, 401, 404, 405, 409, 422])

const segment = fc.oneof(
  fc.constantFrom('', '5', '7', '2', '10256', '965', '966', '967', '968', '0', 'null', '%20', '..', '-1', '2147483648'),
  fc.string({ maxLength: 6 }).map(encodeURIComponent),
)
const json = fc.jsonValue({ maxDepth: 3 })
const settingBody = fc.record(
  {
    source_setting_id: fc.oneof(fc.constantFrom(965, '965', 977, 0, null), json),
    go_live_date: fc.oneof(fc.constantFrom('2021-06-09T01:59:42Z', null, '2021-02-30', 'Mon, 21 Jun 2021 00:00:00 GMT'), json),
    connection_name: fc.oneof(fc.constantFrom('Docusign', '', null), json),
    config: fc.oneof(
      fc.record(
        {
          user_id: fc.oneof(fc.constant(U1), json),
          docusign_account_id: fc.oneof(fc.constant(A1), json),
          look_back: fc.oneof(fc.integer({ min: -5, max: 4000 }), json),
          point_of_contact: fc.oneof(fc.array(fc.string()), json),
        },
        { requiredKeys: [] },
      ),
      json,
    ),
  },
  { requiredKeys: [] },
)
const rawBody = fc.oneof(
  settingBody.map((b) => JSON.stringify(b)),
  json.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
)

async function send(ws: string, method: string, path: string, body?: string) {
  const res = await sandbox.app.request(`http://localhost/ws/${ws}/ipro${BASE}${path}`, {
    method,
    headers: { ...AUTH, 'content-type': 'application/json' },
    body,
  })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

const state = async (ws: string) => JSON.stringify((await sandbox.control.workspace(ws).state('ipro')).vendors.ipro)

let n = 0
describe('ipro bad input never crashes, leaks or half-writes (spec §10)', () => {
  it('POST/PUT auth_token with arbitrary bodies and path ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST', 'PUT'), segment, segment, rawBody, async (method, source, account, body) => {
        const ws = `fuzz-${++n}`
        const before = await state(ws)
        const res = await send(ws, method, `/source_settings/${source}/accounts/${account}/auth_token`, body)
        expect(STATUSES.has(res.status) || res.status === 404).toBe(true)
        expect(res.type).toBe('application/json')
        expect(res.text.endsWith('\n')).toBe(true)
        expect(JSON.parse(res.text)).toBeTypeOf('object')
        if (res.status !== 200) expect(await state(ws)).toBe(before)
      }),
      { numRuns: 150 },
    )
  })

  it('R1 and R4 with arbitrary ids and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.string({ maxLength: 12 }), fc.boolean(), async (id, q, report) => {
        const ws = `fuzz-${++n}`
        const before = await state(ws)
        const query = report ? `?look_back_days=${encodeURIComponent(q)}` : `?code=${encodeURIComponent(q)}`
        const res = await send(
          ws,
          'GET',
          report ? `/source_settings/${id}/accounts/look_back_report${query}` : `/sources/${id}/accounts/refresh_token${query}`,
        )
        expect(STATUSES.has(res.status)).toBe(true)
        if (res.status === 200 && report) {
          expect(res.type).toBe('text/csv; charset=utf-8')
        } else {
          expect(res.type).toBe('application/json')
          expect(JSON.parse(res.text)).toBeTypeOf('object')
        }
        if (res.status !== 200) expect(await state(ws)).toBe(before)
      }),
      { numRuns: 150 },
    )
  })
})
