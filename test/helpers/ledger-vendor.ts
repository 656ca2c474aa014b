import { z } from 'zod'
import { defineVendor, type AnyVendor } from '../../src/lib/vendor.js'
import { simulateAction } from '../../src/lib/simulate.js'
import { Collection } from '../../src/state/collection.js'
import { records, stateSchema, type StateOf } from '../../src/state/schema.js'
import { sendJson } from '../../src/lib/reply.js'
import { readJson } from '../../src/lib/body.js'
import { ControlError, VendorError } from '../../src/lib/vendor-error.js'

/**
 * A small vendor of the test suite's own, so the engine and control plane are
 * tested apart from any real vendor's rules: x-key auth, keyed records,
 * a webhook on create, a simulate action, and every kind of error.
 */
const itemSchema = z.strictObject({ id: z.string(), account: z.string(), name: z.string(), created_at: z.int() })
type Item = z.infer<typeof itemSchema>

const ledgerShape = {
  keys: records(z.strictObject({ key: z.string(), account: z.string() }), (k) => k.key),
  items: records(itemSchema, (i) => i.id),
}
export type LedgerState = StateOf<typeof ledgerShape>

const entries = [
  { id: 'ledger.unauthorized', http_status: 401, code: 'E401', message: 'unauthorized', trigger: 'no x-key' },
  { id: 'ledger.not_found', http_status: 404, code: 'E404', message: 'no item {id}', trigger: 'unknown id' },
  { id: 'ledger.bad_request', http_status: 400, code: 'E400', message: 'bad {field}', trigger: 'bad body' },
  { id: 'ledger.too_large', http_status: 413, code: 'E413', message: 'too large', trigger: 'body over 1 KiB' },
  { id: 'ledger.internal', http_status: 500, code: 'E500', message: 'internal', trigger: 'GET /boom' },
  { id: 'ledger.no_path', http_status: 404, code: 'NOPATH', message: '{path}', trigger: 'GET /ledger/nope' },
  { id: 'ledger.no_verb', http_status: 405, code: 'NOVERB', message: '{allow}', trigger: 'DELETE /ledger/items' },
]

const action = simulateAction<LedgerState>()

export const ledger = defineVendor<LedgerState>({
  id: 'ledger',
  name: 'Ledger (test vendor)',
  docs: 'test/helpers/ledger-vendor.ts',
  secretFields: ['pin'],
  errors: {
    entries,
    internal: 'ledger.internal',
    tooLarge: () => new VendorError('ledger.too_large'),
    forcedDetails: (c) => ({ id: c.req.param('id') ?? null }),
    render: (c, err) => {
      const e = entries.find((x) => x.id === err.catalogueId) ?? entries[4]
      const message = e.message.replace(/\{(\w+)\}/g, (_, k: string) => String(err.details[k] ?? 'null'))
      const allow: Record<string, string> =
        e.http_status === 405 && typeof err.details.allow === 'string' ? { allow: err.details.allow } : {}
      return sendJson(c, e.http_status, { code: e.code, message }, 'application/json', allow)
    },
  },
  state: {
    schema: stateSchema(ledgerShape),
    seed: ({ now, random }) => ({
      keys: new Collection([
        ['k1', { key: 'k1', account: 'a' }],
        ['k2', { key: 'k2', account: 'b' }],
      ]),
      items: new Collection([['fixture-1', { id: 'fixture-1', account: 'a', name: `seeded-${random.hex(4)}`, created_at: now }]]),
    }),
  },
  simulate: {
    rename: action(z.object({ id: z.string(), name: z.string() }), 'Renames an item, as its owner would in the web app.', (ws, body) => {
      const item = ws.state.items.get(body.id)
      if (!item) throw new ControlError(404, 'not_found', 'no such item')
      item.name = body.name
      ws.state.items.set(item.id, item)
      return { item }
    }),
  },
  mounts: [
    {
      prefix: '/ledger',
      hosts: ['https://ledger.test', 'https://ledger-eu.test'],
      bodyLimit: 1024,
      routes(r) {
        const account = (c: Parameters<Parameters<typeof r.get>[1]>[0], ws: { state: LedgerState }) => {
          const key = ws.state.keys.get(c.req.header('x-key') ?? '')
          if (!key) throw new VendorError('ledger.unauthorized')
          return key.account
        }
        r.get('/items/:id', (c, ws) => {
          const acc = account(c, ws)
          const item = ws.state.items.get(c.req.param('id') ?? '')
          if (!item || item.account !== acc) throw new VendorError('ledger.not_found', { id: c.req.param('id') })
          return sendJson(c, 200, item)
        })
        r.get('/items', (c, ws) => {
          const acc = account(c, ws)
          return sendJson(c, 200, { base: c.var.sb.base, items: ws.state.items.filter((i) => i.account === acc) })
        })
        r.post('/items', async (c, ws) => {
          const acc = account(c, ws)
          const body = await readJson(c)
          if (!body.ok || typeof body.value !== 'object' || body.value === null)
            throw new VendorError('ledger.bad_request', { field: 'body' })
          const { name, hook } = body.value as { name?: unknown; hook?: unknown }
          if (typeof name !== 'string') throw new VendorError('ledger.bad_request', { field: 'name' })
          const item: Item = { id: ws.random.uuid(), account: acc, name, created_at: ws.now() }
          ws.state.items.set(item.id, item)
          if (typeof hook === 'string') {
            ws.outbox.deliver({
              type: 'webhook',
              url: hook,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ created: item.id }),
              context: { item_id: item.id },
            })
            ws.outbox.email({
              to: 'owner@example.test',
              subject: `created ${name}`,
              text: 'an item was created',
              links: [],
              item_id: item.id,
            })
          }
          return sendJson(c, 201, item)
        })
        r.get('/boom', () => {
          throw new Error('boom with a secret stack')
        })
      },
      notFound: 'ledger.no_path',
      methodNotAllowed: 'ledger.no_verb',
    },
  ],
})

export const ledgerVendor: AnyVendor = ledger
