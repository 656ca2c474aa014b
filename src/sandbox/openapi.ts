import { Hono } from 'hono'
import type { SandboxEnv, RequestScope } from '../lib/context.js'
import { linkBase } from '../lib/links.js'
import { createRuntime, type Runtime, type MountRuntime } from '../runtime.js'
import type { AnyVendor, Method } from '../lib/vendor.js'
import type { ApiOperation, ExampleRequest, Replies } from '../lib/api-doc.js'
import { loadJsonSchema, type JsonSchema, type ToJsonSchema } from '../lib/json-schema.js'
import { ControlError, type CatalogueEntry } from '../lib/vendor-error.js'
import { routeMatches } from '../lib/catalogue.js'
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

/** A route path as clients write it: `:param` without its `{regex}`, no trailing slash. */
const cleanPath = (path: string) => path.replace(/(:\w+)\{(?:[^{}]|\{[^{}]*\})*\}/g, '$1').replace(/(.)\/$/, '$1')
/** An operation key (`<METHOD> <path as registered>`) in its clean form. */
const cleanKey = (key: string) => key.replace(/ (.*)$/, (_, p: string) => ` ${cleanPath(p)}`)

/** The vendor's operations by clean key. */
function operationsOf(v: AnyVendor): Map<string, ApiOperation> {
  return new Map(Object.entries(v.api?.operations ?? {}).map(([k, op]) => [cleanKey(k), op]))
}

/** Every route of a mount as registered, one row per method and path (trailing-slash twins folded). */
export function mountRoutes(m: MountRuntime): MountRoute[] {
  const rows: MountRoute[] = []
  const seen = new Set<string>()
  const collect = (methods: Method[], path: string) => {
    const clean = cleanPath(path)
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
export const EXAMPLE_SEED = 1
/** The example flow of vendor `v` runs in workspace `openapi-examples-<v>`. */
export const exampleWorkspace = (vendor: string) => `openapi-examples-${vendor}`
/** Separates the parts of multipart example bodies: fixed, so the documents do not change between builds. */
const BOUNDARY = 'esign-sandbox-example'

/** A reply as the documents show it (`value`: parsed JSON, text, or a digest of binary content). */
export interface Rendered {
  status: number
  type: string
  value: unknown
  location?: string
}

/** A request as sent, recorded in the document (`x-example-flow`) so anyone can replay it. */
export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

const isText = (type: string) => /json|^text\/|xml|javascript|csv|html/.test(type)

/** How a reply body shows in a document: JSON parsed, text as it is, binary as its size and SHA-256. */
export async function renderReply(res: Response): Promise<Rendered> {
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim() || 'text/plain'
  const location = res.headers.get('location') ?? undefined
  const base = { status: res.status, type, ...(location ? { location } : {}) }
  if (!isText(type)) {
    const bytes = new Uint8Array(await res.arrayBuffer())
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('')
    return { ...base, value: `(${type}, ${bytes.length} bytes, sha256 ${digest})` }
  }
  const text = await res.text()
  if (!/json/.test(type)) return { ...base, value: text }
  try {
    return { ...base, value: JSON.parse(text) as unknown }
  } catch {
    return { ...base, value: text }
  }
}

/** A private sandbox over the same vendors (fixtures, seed 1, frozen clock): the source of every example. */
interface ExampleSandbox {
  run(workspace: string, req: SentRequest): Promise<Rendered>
}

function exampleSandbox(rt: Runtime, createApp: AppFactory): ExampleSandbox {
  const private_ = createRuntime(
    rt.vendors,
    { seed: EXAMPLE_SEED, clock: EXAMPLE_CLOCK, logLevel: 'silent', hosts: rt.options.hosts, vendorOptions: rt.options.vendorOptions },
    rt.version,
  )
  const app = createApp(private_)
  return {
    async run(workspace, req) {
      const res = await app.request(`${EXAMPLE_ORIGIN}${req.url}`, {
        method: req.method,
        headers: { 'x-sandbox-workspace': workspace, ...req.headers },
        body: req.body,
      })
      return renderReply(res)
    },
  }
}

/** The origin example requests name (the CLI's default); links in example replies start with it. */
export const EXAMPLE_ORIGIN = 'http://127.0.0.1:4010'

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}')
const operationId = (vendor: string, method: string, path: string) =>
  `${vendor}_${method.toLowerCase()}_${path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`

function exampleUrl(prefix: string, path: string, ex: ExampleRequest): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(ex.params?.[name] ?? name))
  const qs = ex.query ? `?${new URLSearchParams(ex.query).toString()}` : ''
  return `${prefix}${filled === '/' ? '' : filled}${qs}`
}

function multipart(parts: NonNullable<ExampleRequest['multipart']>): string {
  const lines: string[] = []
  for (const [name, part] of Object.entries(parts)) {
    lines.push(`--${BOUNDARY}`)
    if (typeof part === 'string') lines.push(`Content-Disposition: form-data; name="${name}"`, '', part)
    else
      lines.push(
        `Content-Disposition: form-data; name="${name}"; filename="${part.filename}"`,
        `Content-Type: ${part.type}`,
        '',
        part.content,
      )
  }
  return [...lines, `--${BOUNDARY}--`, ''].join('\r\n')
}

function toSent(method: string, url: string, ex: ExampleRequest): SentRequest {
  const headers: Record<string, string> = { ...ex.headers }
  let body: string | undefined
  if (ex.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(ex.json)
  } else if (ex.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(ex.form).toString()
  } else if (ex.multipart) {
    headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`
    body = multipart(ex.multipart)
  }
  return { method, url, headers, ...(body === undefined ? {} : { body }) }
}

/** `reply(key, 'a.b.0.c')` over the latest replies of the flow. */
function repliesOf(latest: Map<string, unknown>): Replies {
  return (key, path) => {
    let v = latest.get(key)
    for (const part of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new Error(`example flow: no ${path} in the reply to ${key}: ${JSON.stringify(latest.get(key))?.slice(0, 300)}`)
    return String(v)
  }
}

interface FlowResult {
  /** The first reply of each operation (key `<prefix> <METHOD> <path>`) with the request that got it. */
  replies: Map<string, { reply: Rendered; request: ExampleRequest }>
  steps: (SentRequest & { operationId?: string })[]
}

/** Runs the vendor's example flow; every step must get its operation's success status. */
async function runFlow(sb: ExampleSandbox, v: AnyVendor, mounts: MountRuntime[]): Promise<FlowResult> {
  const routes = mounts.map((m) => ({ m, keys: new Set(mountRoutes(m).map((r) => `${r.method} ${r.path}`)) }))
  const latest = new Map<string, unknown>()
  const reply = repliesOf(latest)
  const ops = operationsOf(v)
  const out: FlowResult = { replies: new Map(), steps: [] }
  const workspace = exampleWorkspace(v.id)
  for (const step of v.api?.examples ?? []) {
    if ('sandbox' in step) {
      const sent = { method: 'GET', url: `/__sandbox${step.sandbox}`, headers: {} }
      const r = await sb.run(workspace, sent)
      if (r.status !== 200) throw new Error(`${v.id} example flow: GET /__sandbox${step.sandbox} answered ${r.status}`)
      latest.set(`sandbox ${step.sandbox}`, r.value)
      out.steps.push(sent)
      continue
    }
    if ('simulate' in step) {
      const body = typeof step.body === 'function' ? step.body(reply) : (step.body ?? {})
      const sent = toSent('POST', `/__sandbox/simulate/${v.id}/${step.simulate}`, { json: body })
      const r = await sb.run(workspace, sent)
      if (r.status !== 200)
        throw new Error(`${v.id} example flow: simulate ${step.simulate} answered ${r.status}: ${JSON.stringify(r.value).slice(0, 300)}`)
      latest.set(`simulate ${step.simulate}`, r.value)
      out.steps.push(sent)
      continue
    }
    const op = cleanKey(step.op)
    const at = routes.find((x) => x.keys.has(op))
    if (!at) throw new Error(`${v.id} example flow: ${step.op} is no route of a ${v.id} mount`)
    const [method, path] = op.split(' ')
    const ex = typeof step.request === 'function' ? step.request(reply) : (step.request ?? {})
    const sent = toSent(method, exampleUrl(at.m.prefix, path, ex), ex)
    const r = await sb.run(workspace, sent)
    const want = ops.get(op)?.response?.status ?? 200
    if (r.status !== want)
      throw new Error(`${v.id} example flow: ${step.op} answered ${r.status}, not ${want}: ${JSON.stringify(r.value).slice(0, 300)}`)
    latest.set(step.op, r.value)
    latest.set(op, r.value)
    const key = `${at.m.prefix} ${op}`
    if (!out.replies.has(key)) {
      out.replies.set(key, { reply: r, request: ex })
      out.steps.push({ operationId: operationId(v.id, method, `${at.m.prefix}${path}`), ...sent })
    } else out.steps.push(sent)
  }
  return out
}

/** Each catalogue error once, rendered by the vendor on a route of the mount it belongs to. */
/** Whether a catalogue entry can be answered by a route (its `routes` patterns; no patterns = any route). */
const answers = (e: CatalogueEntry, route: MountRoute) => (e.routes ?? ['*']).some((p) => routeMatches(p, route.method, route.path))

/**
 * Each catalogue error once, rendered by the vendor on a route that can answer it
 * (an error no route answers, such as an unknown path's, on the mount's first route).
 */
async function errorExamples(sb: ExampleSandbox, v: AnyVendor, mounts: MountRuntime[]): Promise<Map<string, Rendered>> {
  const out = new Map<string, Rendered>()
  const workspace = `${exampleWorkspace(v.id)}-errors`
  const routes = mounts.flatMap((m) => mountRoutes(m).map((route) => ({ m, route })))
  for (const e of v.errors.entries) {
    const where = routes.find((r) => answers(e, r.route))
    const candidates = where ? [where] : mounts.map((m) => ({ m, route: mountRoutes(m)[0] })).filter((r) => r.route)
    for (const { m, route } of candidates) {
      const r = await sb.run(workspace, {
        method: route.method,
        url: exampleUrl(m.prefix, route.path, {}),
        headers: { 'x-sandbox-error': e.id },
      })
      // Forcing answers exactly the entry's status; anything else means this mount cannot render it.
      if (r.status !== e.http_status) continue
      out.set(e.id, r)
      break
    }
  }
  return out
}

const exampleKey = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_')

function parametersOf(path: string, op: ApiOperation | undefined, ex: ExampleRequest | undefined, toJson: ToJsonSchema): Doc[] {
  const example = (value: string | undefined) => (value === undefined ? {} : { example: value })
  const params: Doc[] = [...path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...example(ex?.params?.[m[1]]),
  }))
  if (op?.query) {
    const schema = toJson(op.query)
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((schema.required as string[] | undefined) ?? [])
    for (const [name, s] of Object.entries(props)) {
      const { description, ...rest } = s
      params.push({
        name,
        in: 'query',
        required: required.has(name),
        schema: rest,
        ...(description ? { description } : {}),
        ...example(ex?.query?.[name]),
      })
    }
  }
  return params
}

/**
 * The success reply beside the error replies. Some vendors answer errors with
 * the success status (tranadmin's XML errors are 200): then both share the
 * response, the success reply being one more named example.
 */
function withSuccess(errors: Doc, status: number, description: string, media: Doc | undefined, headers: Doc | undefined): Doc {
  const key = String(status)
  const clash = errors[key] as { description: string; content: Record<string, { examples: Doc }> } | undefined
  const extra = headers ? { headers } : {}
  if (!clash) return { [key]: { description, ...(media ? { content: media } : {}), ...extra }, ...errors }
  const merged = { ...clash.content }
  for (const [type, { example, ...rest }] of Object.entries((media ?? {}) as Record<string, Doc>)) {
    const same = merged[type]
    merged[type] = { ...rest, examples: { success: { summary: description, value: example }, ...same?.examples } }
  }
  return { ...errors, [key]: { description: `${description}; or: ${clash.description}`, content: merged, ...extra } }
}

/** The request body an operation takes, with the flow's body as its example. */
function requestBodyOf(op: ApiOperation, ex: ExampleRequest | undefined, toJson: ToJsonSchema): Doc {
  const sample =
    ex?.json ??
    ex?.form ??
    (ex?.multipart && Object.fromEntries(Object.entries(ex.multipart).map(([k, p]) => [k, typeof p === 'string' ? p : p.content])))
  return {
    required: true,
    content: { [op.body!.type]: { schema: toJson(op.body!.schema), ...(sample === undefined ? {} : { example: sample }) } },
  }
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
  const errorResponses = (route: MountRoute): Doc => {
    const byStatus = new Map<number, Map<string, string[]>>()
    for (const e of v.errors.entries) {
      if (!answers(e, route)) continue
      const r = errors.get(e.id)
      const type = r?.type ?? 'application/json'
      const types = byStatus.get(e.http_status) ?? new Map<string, string[]>()
      types.set(type, [...(types.get(type) ?? []), e.id])
      byStatus.set(e.http_status, types)
    }
    const out: Doc = {}
    for (const [status, types] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      const ids = [...types.values()].flat()
      out[String(status)] = {
        description: `Errors this call answers with ${status} (the catalogue: GET /__sandbox/errors?vendor=${v.id}): ${ids.join(', ')}`,
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

  const flow = await runFlow(sb, v, mounts)
  const ops = operationsOf(v)
  const unplaced = v.errors.entries.filter((e) => e.routes?.length === 0).map((e) => e.id)
  const paths: Doc = {}
  for (const m of mounts) {
    for (const route of mountRoutes(m)) {
      const key = `${route.method} ${route.path}`
      const op = ops.get(key)
      const success = op?.response ?? {}
      const status = success.status ?? 200
      const ran = flow.replies.get(`${m.prefix} ${key}`)
      const type = ran?.reply.type ?? success.type ?? 'application/json'
      const media: Doc | undefined =
        success.type === 'none'
          ? undefined
          : {
              [type]: {
                ...(success.schema ? { schema: toJson(success.schema, 'output') } : {}),
                ...(ran ? { example: ran.reply.value } : {}),
              },
            }
      const headers = ran?.reply.location ? { Location: { schema: { type: 'string' }, example: ran.reply.location } } : undefined
      const operation: Doc = {
        operationId: operationId(v.id, route.method, `${m.prefix}${route.path}`),
        summary: op?.summary ?? `${route.method} ${route.path}`,
        ...(op?.description ? { description: op.description } : {}),
        tags: [m.prefix.slice(1)],
        parameters: parametersOf(route.path, op, ran?.request, toJson),
        ...(op?.body ? { requestBody: requestBodyOf(op, ran?.request, toJson) } : {}),
        security: (op?.security ?? api?.security ?? []).map((s) => Object.fromEntries((Array.isArray(s) ? s : [s]).map((n) => [n, []]))),
        responses: withSuccess(errorResponses(route), status, success.description ?? 'Success', media, headers),
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
        `Examples are real replies of the sandbox from its fixtures (seed ${EXAMPLE_SEED}, clock frozen at ${EXAMPLE_CLOCK}), to the requests listed in x-example-flow, made in that order. ` +
        'Each operation lists the catalogue errors it can answer; ' +
        `no operation answers ${unplaced.length ? unplaced.join(', ') : 'other errors'} (an unknown path or a method the path does not take).`,
    },
    tags: mounts.map((m) => ({ name: m.prefix.slice(1), description: `Mounted at ${m.prefix}; real hosts: ${m.hosts.join(', ')}` })),
    paths,
    components: { securitySchemes: api?.securitySchemes ?? {}, examples },
    // The requests that produced the success examples, in order: test/sandbox/openapi.test.ts replays them over HTTP.
    'x-example-flow': {
      seed: EXAMPLE_SEED,
      clock: EXAMPLE_CLOCK,
      workspace: exampleWorkspace(v.id),
      origin: EXAMPLE_ORIGIN,
      steps: flow.steps,
    },
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
