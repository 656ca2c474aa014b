import { Hono } from 'hono'
import type { SandboxEnv, RequestScope } from '../lib/context.js'
import { linkBase } from '../lib/links.js'
import { createRuntime, type Runtime, type MountRuntime } from '../runtime.js'
import type { AnyVendor, Method } from '../lib/vendor.js'
import type { ApiOperation, ExampleRequest } from '../lib/api-doc.js'
import { loadJsonSchema, type JsonSchema, type ToJsonSchema } from '../lib/json-schema.js'
import { ControlError } from '../lib/vendor-error.js'
import { controlPlaneDocument } from './openapi-control.js'

/**
 * OpenAPI 3.1 per vendor, generated from what the sandbox runs: every route of
 * every mount (as registered), the vendor's zod schemas and security schemes
 * (`VendorDefinition.api`), the error catalogue (each error rendered exactly as
 * the vendor answers it) and success examples taken by running the operation's
 * example request on a private sandbox seeded from the fixtures.
 */

type Doc = { [key: string]: unknown }

/** What builds a whole sandbox app over a runtime: `createApp`, passed in because app.ts mounts the control plane. */
export type AppFactory = (rt: Runtime) => Hono<SandboxEnv>

/** A registered route of a mount: `path` as clients write it (`:param`, no trailing slash). */
export interface MountRoute {
  method: Method
  path: string
}

/** Every route of a mount as registered, one row per method and path (trailing-slash twins folded). */
export function mountRoutes(m: MountRuntime): MountRoute[] {
  const rows: MountRoute[] = []
  const seen = new Set<string>()
  const collect = (methods: Method[], path: string) => {
    const clean = path.replace(/(:\w+)\{(?:[^{}]|\{[^{}]*\})*\}/g, '$1').replace(/(.)\/$/, '$1')
    for (const method of methods) {
      if (seen.has(`${method} ${clean}`)) continue
      seen.add(`${method} ${clean}`)
      rows.push({ method, path: clean })
    }
  }
  m.def.routes({
    get: (p) => collect(['GET'], p),
    post: (p) => collect(['POST'], p),
    put: (p) => collect(['PUT'], p),
    patch: (p) => collect(['PATCH'], p),
    delete: (p) => collect(['DELETE'], p),
    on: (ms, p) => collect(ms, p),
  })
  return rows
}

/** When examples are taken: a fixed instant, so the documents are the same on every build. */
export const EXAMPLE_CLOCK = '2026-01-15T10:00:00.000Z'
const EXAMPLE_WORKSPACE = 'openapi-examples'

interface Rendered {
  status: number
  type: string
  value: unknown
}

/** A private sandbox over the same vendors (fixtures, seed 1, frozen clock): the source of every example. */
interface ExampleSandbox {
  run(method: string, url: string, init?: { headers?: Record<string, string>; body?: string }): Promise<Rendered>
}

function exampleSandbox(rt: Runtime, createApp: AppFactory): ExampleSandbox {
  const private_ = createRuntime(
    rt.vendors,
    { seed: 1, clock: EXAMPLE_CLOCK, logLevel: 'silent', hosts: rt.options.hosts, vendorOptions: rt.options.vendorOptions },
    rt.version,
  )
  const app = createApp(private_)
  return {
    async run(method, url, init = {}) {
      const res = await app.request(`http://127.0.0.1:4010${url}`, {
        method,
        headers: { 'x-sandbox-workspace': EXAMPLE_WORKSPACE, ...init.headers },
        body: init.body,
      })
      const type = (res.headers.get('content-type') ?? '').split(';')[0].trim() || 'text/plain'
      const text = await res.text()
      let value: unknown = text
      if (/json/.test(type)) {
        try {
          value = JSON.parse(text)
        } catch {
          value = text
        }
      }
      return { status: res.status, type, value }
    },
  }
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}')
const operationId = (vendor: string, method: string, path: string) =>
  `${vendor}_${method.toLowerCase()}_${path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`

function exampleUrl(prefix: string, path: string, ex: ExampleRequest): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(ex.params?.[name] ?? name))
  const qs = ex.query ? `?${new URLSearchParams(ex.query).toString()}` : ''
  return `${prefix}${filled === '/' ? '' : filled}${qs}`
}

async function runExample(sb: ExampleSandbox, prefix: string, method: string, path: string, ex: ExampleRequest): Promise<Rendered> {
  const headers: Record<string, string> = { ...ex.headers }
  let body: string | undefined
  if (ex.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(ex.json)
  } else if (ex.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(ex.form).toString()
  }
  return sb.run(method, exampleUrl(prefix, path, ex), { headers, body })
}

/** Each catalogue error once, rendered by the vendor on a route of the mount it belongs to. */
async function errorExamples(sb: ExampleSandbox, v: AnyVendor, mounts: MountRuntime[]): Promise<Map<string, Rendered & { mount: string }>> {
  const out = new Map<string, Rendered & { mount: string }>()
  for (const m of mounts) {
    const route = mountRoutes(m)[0]
    if (!route) continue
    for (const e of v.errors.entries) {
      if (out.has(e.id)) continue
      const url = exampleUrl(m.prefix, route.path, {})
      const r = await sb.run(route.method, url, { headers: { 'x-sandbox-error': e.id } })
      // Forcing answers exactly the entry's status; anything else means this mount cannot render it.
      if (r.status === e.http_status) out.set(e.id, { ...r, mount: m.prefix })
    }
  }
  return out
}

const exampleKey = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_')

function parametersOf(path: string, op: ApiOperation | undefined, toJson: ToJsonSchema): Doc[] {
  const params: Doc[] = [...path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  if (op?.query) {
    const schema = toJson(op.query)
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((schema.required as string[] | undefined) ?? [])
    for (const [name, s] of Object.entries(props)) {
      const { description, ...rest } = s
      params.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) })
    }
  }
  return params
}

/**
 * The success reply beside the error replies. Some vendors answer errors with
 * the success status (tranadmin's XML errors are 200): then both share the
 * response, the success reply being one more named example.
 */
function withSuccess(errors: Doc, status: number, type: string, description: string, content: Doc): Doc {
  const key = String(status)
  const clash = errors[key] as { description: string; content: Record<string, { examples: Doc }> } | undefined
  if (!clash) return { [key]: { description, ...(type === 'none' ? {} : { content: { [type]: content } }) }, ...errors }
  const { example, ...rest } = content
  const merged = { ...clash.content }
  if (type !== 'none') {
    const same = merged[type]
    merged[type] = {
      ...rest,
      examples: { success: { summary: description, ...(example === undefined ? {} : { value: example }) }, ...same?.examples },
    }
  }
  return { ...errors, [key]: { description: `${description}; or: ${clash.description}`, content: merged } }
}

/** The server-independent part of a vendor's document, built once per runtime. */
async function buildVendorDocument(rt: Runtime, v: AnyVendor, sb: ExampleSandbox, toJson: ToJsonSchema): Promise<Doc> {
  const api = v.api
  const mounts = rt.mounts.filter((m) => m.vendor === v)
  const errors = await errorExamples(sb, v, mounts)
  const examples: Doc = {}
  for (const e of v.errors.entries) {
    const r = errors.get(e.id)
    examples[exampleKey(e.id)] = {
      summary: `${e.http_status}${e.code === null ? '' : ` ${String(e.code)}`}: ${e.message}`,
      description: `\`${e.id}\` — how to trigger it: ${e.trigger}. Force it on any call with \`X-Sandbox-Error: ${e.id}\`.`,
      value: r ? r.value : null,
    }
  }
  /** Error responses by status and content type, each error an example referring to components. */
  const errorResponses = (mount: string): Doc => {
    const byStatus = new Map<number, Map<string, string[]>>()
    for (const e of v.errors.entries) {
      const r = errors.get(e.id)
      if (r && r.mount !== mount) continue
      const type = r?.type ?? 'application/json'
      const types = byStatus.get(e.http_status) ?? new Map<string, string[]>()
      types.set(type, [...(types.get(type) ?? []), e.id])
      byStatus.set(e.http_status, types)
    }
    const out: Doc = {}
    for (const [status, types] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      const ids = [...types.values()].flat()
      out[String(status)] = {
        description: `Vendor errors answered with ${status} (the catalogue: GET /__sandbox/errors?vendor=${v.id}): ${ids.join(', ')}`,
        content: Object.fromEntries(
          [...types].map(([type, list]) => [
            type,
            { examples: Object.fromEntries(list.map((id) => [exampleKey(id), { $ref: `#/components/examples/${exampleKey(id)}` }])) },
          ]),
        ),
      }
    }
    return out
  }

  const paths: Doc = {}
  for (const m of mounts) {
    const errorsHere = errorResponses(m.prefix)
    for (const route of mountRoutes(m)) {
      const key = `${route.method} ${route.path}`
      const op = api?.operations[key]
      const success = op?.response ?? {}
      const status = success.status ?? 200
      const type = success.type ?? 'application/json'
      const content: Doc = {}
      if (success.schema) content.schema = toJson(success.schema, 'output')
      if (op?.example) {
        const r = await runExample(sb, m.prefix, route.method, route.path, op.example)
        if (r.status !== status)
          throw new Error(`${v.id} ${key}: the documented example answered ${r.status}, not ${status}: ${JSON.stringify(r.value)}`)
        content.example = r.value
      }
      const operation: Doc = {
        operationId: operationId(v.id, route.method, `${m.prefix}${route.path}`),
        summary: op?.summary ?? `${route.method} ${route.path}`,
        ...(op?.description ? { description: op.description } : {}),
        tags: [m.prefix.slice(1)],
        parameters: parametersOf(route.path, op, toJson),
        ...(op?.body
          ? {
              requestBody: {
                required: true,
                content: {
                  [op.body.type]: {
                    schema: toJson(op.body.schema),
                    ...(op.example?.json !== undefined
                      ? { example: op.example.json }
                      : op.example?.form
                        ? { example: op.example.form }
                        : {}),
                  },
                },
              },
            }
          : {}),
        security: (op?.security ?? api?.security ?? []).map((s) => Object.fromEntries((Array.isArray(s) ? s : [s]).map((n) => [n, []]))),
        responses: withSuccess(errorsHere, status, type, success.description ?? 'Success', content),
      }
      const p = toOpenApiPath(`${m.prefix}${route.path}`)
      paths[p] = { ...(paths[p] as Doc | undefined), [route.method.toLowerCase()]: operation }
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${v.name} (esign-sandbox)`,
      version: rt.version,
      description:
        `${api?.description ?? v.name}\n\n` +
        'Paths carry the sandbox mount prefix; against the real vendor, drop the prefix and use one of its hosts (the servers list them). ' +
        `Examples are real replies of the sandbox from its fixtures (seed 1, clock frozen at ${EXAMPLE_CLOCK}).`,
    },
    tags: mounts.map((m) => ({ name: m.prefix.slice(1), description: `Mounted at ${m.prefix}; real hosts: ${m.hosts.join(', ')}` })),
    paths,
    components: { securitySchemes: api?.securitySchemes ?? {}, examples },
  }
}

/** Servers for this caller: the sandbox origin (mount prefixes are in the paths) and each mount's real hosts. */
function withServers(doc: Doc, rt: Runtime, v: AnyVendor, scope: RequestScope): Doc {
  const mounts = rt.mounts.filter((m) => m.vendor === v)
  const sandbox = linkBase({ ...scope, rooted: false }, { prefix: '' })
  const servers = [
    { url: sandbox, description: 'this sandbox' },
    ...mounts.flatMap((m) =>
      m.hosts.map((h) => ({ url: h, description: `real host of ${m.prefix} (in-process with MSW: paths without the prefix)` })),
    ),
  ]
  return { ...doc, servers }
}

const built = new WeakMap<Runtime, Map<string, Promise<Doc>>>()

/** The vendor's document (or the control plane's, id `sandbox`), built once per runtime. */
export function openApiDocument(rt: Runtime, createApp: AppFactory, id: string): Promise<Doc> {
  let cache = built.get(rt)
  if (!cache) {
    cache = new Map()
    built.set(rt, cache)
  }
  let doc = cache.get(id)
  if (!doc) {
    const vendor = rt.vendorById.get(id)
    doc =
      id === 'sandbox'
        ? loadJsonSchema().then((toJson) => controlPlaneDocument(rt, toJson))
        : vendor
          ? loadJsonSchema().then((toJson) => buildVendorDocument(rt, vendor, exampleSandbox(rt, createApp), toJson))
          : Promise.reject(
              new ControlError(
                404,
                'not_found',
                `no OpenAPI document ${JSON.stringify(id)}; documents: ${[...rt.vendorById.keys(), 'sandbox'].map((v) => `${v}.json`).join(', ')}`,
              ),
            )
    // A failed build is not cached: the next call tries again.
    doc.catch(() => cache.delete(id))
    cache.set(id, doc)
  }
  return doc
}

/** The document as served to this caller (servers point at the sandbox it reached). */
export async function servedDocument(rt: Runtime, createApp: AppFactory, id: string, scope: RequestScope): Promise<Doc> {
  const doc = await openApiDocument(rt, createApp, id)
  if (id === 'sandbox')
    return { ...doc, servers: [{ url: `${linkBase({ ...scope, rooted: false }, { prefix: '' })}/__sandbox`, description: 'this sandbox' }] }
  return withServers(doc, rt, rt.vendorById.get(id) as AnyVendor, scope)
}

/** `createApp` builds the private sandbox the examples come from (passed in: app.ts imports the control plane). */
export function openApiRoutes(rt: Runtime, createApp: AppFactory): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/openapi/:file{[A-Za-z0-9_-]+\\.json}', async (c) => {
    const id = c.req.param('file').replace(/\.json$/, '')
    return c.json(await servedDocument(rt, createApp, id, c.get('sb')))
  })
  return app
}
