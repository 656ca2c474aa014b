import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'

/**
 * One refusal for every vendor's simulate actions (docs/control-plane.md,
 * "Simulate"): an action the record's state does not allow answers 409
 * `{"error": "invalid_state", "message": …}` and changes nothing, whichever
 * vendor it belongs to. One case per vendor, each on a fixture record.
 */
const sandbox = createSandbox({ seed: 1, clock: '2026-03-01T12:00:00Z' })

const CASES: { vendor: string; action: string; body: Record<string, unknown>; message: RegExp }[] = [
  {
    vendor: 'signio',
    action: 'sign',
    body: { id_transaccion: '5f1c0c9e-8a4b-4c1d-9e2f-000000000003', email: 'elena.torres@example.com' },
    message: /estado 3/,
  },
  { vendor: 'zoho', action: 'expire', body: { request_id: '2000000493009' }, message: /completed, not inprogress/ },
  {
    vendor: 'tranadmin',
    action: 'party-complete',
    body: { tid: '11111111-1111-4111-8111-111111111111', party: 'Employer' },
    message: /Employer/,
  },
  {
    vendor: 'ipro',
    action: 'envelope',
    body: { docusign_account_id: '3d58d115-8a00-43e1-a93a-1636b51f053a', envelope_id: '5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c01' },
    message: /already exists/,
  },
  { vendor: 'okdokument', action: 'sign', body: { signatureRequestId: '5b7e2c1d-9a8f-4e6b-b3c2-7d1e0f9a8b6c' }, message: /5b7e2c1d/ },
]

describe('simulate: an action the record state does not allow', () => {
  it('covers every mounted vendor', () => {
    expect(CASES.map((c) => c.vendor).sort()).toEqual(sandbox.runtime.vendors.map((v) => v.id).sort())
  })

  for (const { vendor, action, body, message } of CASES)
    it(`${vendor} ${action}: 409 invalid_state, nothing changed`, async () => {
      const ws = `refusal-${vendor}`
      const state = async () => (await sandbox.app.request(`http://localhost/ws/${ws}/__sandbox/state?vendor=${vendor}`)).text()
      const before = await state()
      const res = await sandbox.app.request(`http://localhost/ws/${ws}/__sandbox/simulate/${vendor}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status).toBe(409)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      const reply = (await res.json()) as Record<string, unknown>
      expect(Object.keys(reply)).toEqual(['error', 'message'])
      expect(reply.error).toBe('invalid_state')
      expect(reply.message).toMatch(message)
      expect(await state()).toBe(before)
    })
})
