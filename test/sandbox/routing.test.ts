import { describe, expect, it } from 'vitest'
import { buildSandbox } from '../../src/index.js'
import { defineVendor, type AnyVendor } from '../../src/lib/vendor.js'
import { stateSchema } from '../../src/state/schema.js'
import { sendJson } from '../../src/lib/reply.js'

/**
 * A literal path always wins over a `:param` route it overlaps, whatever order the vendor registered them in
 * (Zoho's bulk `PUT /requests/delete` was answered as `PUT /requests/{id}` with the id "delete").
 */
const routed = defineVendor<Record<string, never>>({
  id: 'routed',
  name: 'Routing test vendor',
  docs: 'test/sandbox/routing.test.ts',
  errors: {
    entries: [
      { id: 'routed.internal', http_status: 500, code: 'E500', message: 'internal', trigger: 'never' },
      { id: 'routed.no_path', http_status: 404, code: 'E404', message: 'no path', trigger: 'an unknown path' },
      { id: 'routed.no_verb', http_status: 405, code: 'E405', message: 'no verb', trigger: 'a known path, another verb' },
    ],
    internal: 'routed.internal',
    tooLarge: () => {
      throw new Error('no limit in this vendor')
    },
    render: (c, err) => sendJson(c, err.catalogueId === 'routed.no_path' ? 404 : err.catalogueId === 'routed.no_verb' ? 405 : 500, {}),
  },
  state: { seed: () => ({}), schema: stateSchema({}) },
  mounts: [
    {
      prefix: '/routed',
      hosts: ['https://routed.test'],
      routes(r) {
        r.put('/things/:id', (c) => sendJson(c, 200, { route: 'one', id: c.req.param('id') ?? null }))
        r.put('/things/delete', (c) => sendJson(c, 200, { route: 'bulk delete' }))
        r.get('/:a/:b', (c) => sendJson(c, 200, { route: 'two params' }))
        r.get('/:a/fixed', (c) => sendJson(c, 200, { route: 'param then literal' }))
        r.get('/things/:b', (c) => sendJson(c, 200, { route: 'literal then param' }))
      },
      notFound: 'routed.no_path',
      methodNotAllowed: 'routed.no_verb',
    },
  ],
}) as unknown as AnyVendor

describe('route matching', () => {
  const sb = buildSandbox([routed])
  const call = async (method: string, path: string) => (await sb.app.request(`http://localhost/routed${path}`, { method })).json()

  it('literal segments beat parameters, segment by segment; otherwise the vendor’s order holds', async () => {
    expect(await call('PUT', '/things/delete')).toEqual({ route: 'bulk delete' })
    expect(await call('PUT', '/things/42')).toEqual({ route: 'one', id: '42' })
    expect(await call('GET', '/things/fixed')).toEqual({ route: 'literal then param' })
    expect(await call('GET', '/other/fixed')).toEqual({ route: 'param then literal' })
    expect(await call('GET', '/other/x')).toEqual({ route: 'two params' })
  })
})
