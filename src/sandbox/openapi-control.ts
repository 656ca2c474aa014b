import { z } from 'zod'
import type { Runtime } from '../runtime.js'
import type { ToJsonSchema } from '../lib/json-schema.js'
import { faultRuleSchema } from './faults.js'
import { clockChangeSchema } from './clock.js'

/**
 * OpenAPI 3.1 of the control plane (`GET /__sandbox/openapi/sandbox.json`).
 * Bodies are zod schemas (the simulate ones are the vendors' own); the route
 * list is checked against the control app's real routes by a test.
 */

type Doc = { [key: string]: unknown }

const errorBody = z.object({ error: z.string(), message: z.string() })
/** A refused import names where the document first goes wrong, then up to 20 problems in document order. */
const stateRefusal = errorBody.extend({
  error: z.literal('invalid_state'),
  path: z.string().describe('dotted path of the first problem, e.g. vendors.signio.transactions.123.estado'),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
})
const refusedState = (status: string, description: string) => ({ [status]: { description, body: stateRefusal } })
const vendorFilter = z.object({ vendor: z.string().optional().describe('a vendor id (GET /__sandbox/vendors)') })

/** `?limit=&offset=` of a newest-first listing; with either, the reply adds `total`. */
const paging = {
  limit: z.int().min(0).optional().describe('at most this many items (the reply then adds total)'),
  offset: z.int().min(0).optional().describe('skip this many matching items'),
}
const clockState = z.object({ now: z.string(), mode: z.enum(['real', 'frozen']), offset_ms: z.number() })

interface ControlOp {
  summary: string
  query?: z.ZodObject
  body?: z.ZodType
  response?: z.ZodType
  /** Not JSON (the console's page and script). */
  type?: string
  status?: number
  /** Replies beyond the common 400/401/404, or a more exact body for one of them. */
  refusals?: Record<string, { description: string; body: z.ZodType }>
}

/** Every control-plane route, as mounted under /__sandbox; bodies are the schemas the routes validate with. */
const operations = (rt: Runtime): Record<string, ControlOp> => ({
  'GET /': { summary: 'The QA console (HTML); /ws/<id>/__sandbox/ opens it on that workspace', type: 'text/html', status: 308 },
  'GET /console.js': { summary: "The console's script", type: 'text/javascript' },
  'POST /login': { summary: 'Console login with the admin token (sets a session cookie)', type: 'text/html', status: 303 },
  'POST /logout': { summary: 'Console logout', type: 'text/html', status: 303 },
  'GET /health': {
    summary: 'Liveness, version and mounted vendors',
    response: z.object({ status: z.literal('ok'), version: z.string(), uptime_s: z.int(), vendors: z.array(z.string()) }),
  },
  'GET /vendors': { summary: 'Each vendor: id, prefixes, base URLs, real hosts, endpoints, docs' },
  'POST /reset': { summary: 'Restore the workspace to its fixtures (clears journal, outbox, faults)' },
  'DELETE /workspace': { summary: 'Drop the workspace with its snapshots' },
  'GET /workspaces': { summary: 'Live workspaces (server-wide)' },
  'GET /state': { summary: "Export the workspace's data (one vendor or all)", query: vendorFilter },
  'PUT /state': {
    summary: 'Import what GET /state returned (replaces only the vendors it contains)',
    body: z.record(z.string(), z.unknown()),
    refusals: refusedState('400', "A record does not match its vendor's schema, or a key would reach an object prototype; nothing changes"),
  },
  'GET /snapshots': { summary: "The workspace's snapshots" },
  'POST /snapshots': { summary: 'Take a named snapshot', body: z.object({ name: z.string() }) },
  'POST /snapshots/:name/restore': {
    summary: 'Restore a snapshot',
    refusals: refusedState('409', "The snapshot no longer matches a vendor's schema; nothing changes"),
  },
  'DELETE /snapshots/:name': { summary: 'Delete a snapshot' },
  'GET /errors': {
    summary: 'The error catalogue: id, http_status, code, message, trigger, routes (the operations that can answer it)',
    query: vendorFilter,
  },
  'POST /faults': { summary: 'Add a fault rule', body: faultRuleSchema(rt), status: 201 },
  'GET /faults': { summary: 'Fault rules with their fired counts' },
  'DELETE /faults': { summary: 'Delete every fault rule' },
  'DELETE /faults/:id': { summary: 'Delete one fault rule' },
  'GET /requests': {
    summary: 'The request journal, newest first (secrets redacted)',
    query: z.object({
      vendor: z.string().optional(),
      method: z.string().optional(),
      path: z.string().optional().describe('substring of the route'),
      status: z.string().optional().describe('e.g. 404 or 4xx'),
      ...paging,
    }),
  },
  'DELETE /requests': { summary: 'Clear the journal' },
  'GET /outbox': {
    summary: 'What the sandbox sent: e-mails, webhooks, callbacks, newest first',
    query: vendorFilter.extend({ type: z.enum(['email', 'webhook', 'callback']).optional(), ...paging }),
  },
  'POST /outbox/flush': { summary: 'Wait until no delivery is pending (max 10 s)' },
  'POST /outbox/:id/redeliver': { summary: 'Send a webhook or callback again' },
  'POST /simulate/:vendor/:action': {
    summary: 'Run a simulate action (each action is listed below with its body)',
    body: z.record(z.string(), z.unknown()),
  },
  'GET /simulate': { summary: 'The simulate catalogue: every action with the JSON Schema of its body', query: vendorFilter },
  'GET /clock': { summary: "The workspace's clock", response: clockState },
  'POST /clock': { summary: "Freeze, advance or release the workspace's clock", body: clockChangeSchema, response: clockState },
  'GET /records': { summary: "The records the console lists, with their signers' page links", query: vendorFilter },
  'GET /openapi/:file': { summary: 'OpenAPI 3.1 of a vendor (<vendor id>.json) or of the control plane (sandbox.json)' },
  'GET /docs': { summary: 'The API reference (HTML), served from the package', type: 'text/html' },
  'GET /docs/init.js': { summary: "The API reference's start-up script", type: 'text/javascript' },
  'GET /docs/:asset': { summary: "The API reference's script and style", type: 'application/octet-stream' },
})

export function controlPlaneDocument(rt: Runtime, toJson: ToJsonSchema): Doc {
  const paths: Doc = {}
  const add = (method: string, path: string, op: ControlOp) => {
    const oaPath = path.replace(/:(\w+)/g, '{$1}')
    const params: Doc[] = [...path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    if (op.query) {
      const schema = toJson(op.query)
      for (const [name, s] of Object.entries((schema.properties ?? {}) as Record<string, Doc>))
        params.push({ name, in: 'query', required: false, schema: s })
    }
    const type = op.type ?? 'application/json'
    paths[oaPath] = {
      ...(paths[oaPath] as Doc | undefined),
      [method.toLowerCase()]: {
        operationId: `sandbox_${method.toLowerCase()}_${path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'root'}`,
        summary: op.summary,
        tags: [path.startsWith('/simulate/') ? 'simulate' : 'control plane'],
        parameters: params,
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(op.body) } } } } : {}),
        responses: {
          [String(op.status ?? 200)]: {
            description: 'Success',
            content: { [type]: op.response ? { schema: toJson(op.response, 'output') } : {} },
          },
          ...(type === 'application/json'
            ? {
                '400': { description: 'Bad input', content: { 'application/json': { schema: toJson(errorBody, 'output') } } },
                '401': {
                  description: 'Admin token missing or wrong',
                  content: { 'application/json': { schema: toJson(errorBody, 'output') } },
                },
                '404': {
                  description: 'Unknown vendor, record or route',
                  content: { 'application/json': { schema: toJson(errorBody, 'output') } },
                },
              }
            : {}),
          ...Object.fromEntries(
            Object.entries(op.refusals ?? {}).map(([status, r]) => [
              status,
              { description: r.description, content: { 'application/json': { schema: toJson(r.body, 'output') } } },
            ]),
          ),
        },
      },
    }
  }
  for (const [key, op] of Object.entries(operations(rt))) {
    const [method, path] = key.split(' ')
    add(method, path, op)
  }
  // One operation per simulate action, with the body the action validates.
  for (const v of rt.vendors)
    for (const [action, a] of Object.entries(v.simulate ?? {}))
      add('POST', `/simulate/${v.id}/${action}`, {
        summary: `${v.name}: ${a.description}`,
        body: a.schema,
        refusals: {
          '409': { description: "The record's state does not allow this action (invalid_state); nothing changes", body: errorBody },
        },
      })
  return {
    openapi: '3.1.0',
    info: {
      title: 'esign-sandbox control plane',
      version: rt.version,
      description:
        'Reset, state, errors, fault rules, journal, outbox, simulate, clock. Every route also answers under /ws/<id>/__sandbox, scoped to that workspace. ' +
        'With --admin-token, send Authorization: Bearer <token>.',
    },
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'only when the sandbox runs with --admin-token' } },
    },
    security: [{}, { adminToken: [] }],
  }
}
