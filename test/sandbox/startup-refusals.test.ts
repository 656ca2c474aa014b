import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { runCli } from '../helpers/cli.js'

/**
 * Settings that could never work are refused up front with one line naming the problem (issue 12 item 11;
 * sandbox.md §1): exit 2 from the CLI, 400 from the control plane — never accepted and silently ignored.
 * (A data file whose directory is not writable: test/sandbox/persistence.test.ts.)
 */
describe('unknown vendor options', () => {
  it('CLI: a key the vendor does not define → one line naming it and the known keys, exit 2', async () => {
    const r = await runCli(['--vendor-option', 'zoho.tokenThrotle=0'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('tokenThrotle')
    expect(r.stderr).toContain('tokenThrottle')
  })

  it('createSandbox: the same refusal as an error', () => {
    expect(() => createSandbox({ vendorOptions: { zoho: { tokenThrotle: 0 } } })).toThrow(/tokenThrotle/)
    expect(() => createSandbox({ vendorOptions: { nope: { x: 1 } } })).toThrow(/nope/)
    expect(() => createSandbox({ vendorOptions: { zoho: { tokenThrottle: 0 } } })).not.toThrow()
  })
})

describe('fault rules that could never fire', () => {
  const sb = createSandbox({ seed: 1 })
  const post = (rule: object) =>
    sb.app.request('http://localhost/ws/refuse/__sandbox/faults', { method: 'POST', body: JSON.stringify(rule) })

  it('a path that matches no route of the vendor → 400 naming it', async () => {
    const res = await post({ vendor: 'okdokument', path: '/JSON/nope', status: 503 })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('/JSON/nope') })
    expect((await sb.control.workspace('refuse').faults()).count).toBe(0)
  })

  it('route patterns, concrete paths and wildcards that do match are accepted', async () => {
    for (const path of [
      '/JSON/document/:documentId',
      '/JSON/document/y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F',
      '/JSON/*',
      '/JSON/counter/',
    ])
      expect((await post({ vendor: 'okdokument', path, status: 503 })).status, path).toBe(201)
    expect((await post({ vendor: 'tranadmin', path: '/:webapp/tranadmin/GetStatus', status: 503 })).status).toBe(201)
    expect((await post({ vendor: 'tranadmin', path: '/demo/tranadmin/GetStatus', status: 503 })).status).toBe(201)
  })
})
