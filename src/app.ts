import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono'
import { header, type RequestScope, type SandboxEnv } from './lib/context.js'
import { linkBase } from './lib/links.js'
import { clientOrigin, pathOf, splitWorkspace, targetOf, WORKSPACE_ID } from './lib/url.js'
import type { Method, VendorHandler, VendorRouter } from './lib/vendor.js'
import { BodyTooLargeError, ControlError, VendorError } from './lib/vendor-error.js'
import { DEFAULT_BODY_LIMIT } from './lib/body.js'
import { controlError } from './lib/control-reply.js'
import { clientGone } from './lib/connection.js'
import type { Workspace } from './state/workspace.js'
import { WorkspaceLimitError } from './state/store.js'
import type { MountRuntime, Runtime } from './runtime.js'
import { applyHooks, needsHooks } from './pipeline/forcing.js'
import { recordJournal } from './pipeline/journal.js'
import { createControlApp } from './sandbox/index.js'
import { dashboardPage } from './sandbox/dashboard.js'

type AppEnv = SandboxEnv

/**
 * Routing path: the request path without a valid `/ws/<id>` prefix, so every
 * route is registered once and answers with or without it.
 */
function routingPath(req: Request): string {
  const full = pathOf(req.url)
  const ws = splitWorkspace(full)
  let path = ws.id !== undefined && !ws.invalid ? ws.rest : full
  if (path.includes('%')) {
    try {
      path = decodeURI(path)
    } catch {
      // Keep the raw path: a malformed escape simply matches no route.
    }
  }
  return path
}

let requestSeq = 0

const ID_RULE = '1-64 characters of [A-Za-z0-9_-]'

/** The workspace a request chose: `/ws/<id>` first, then the header, then the door's default; a message when it is bad. */
function chooseWorkspace(c: Context<AppEnv>): { id: string; chosen: RequestScope['wsChosen'] } | string {
  const fromPath = splitWorkspace(targetOf(c.req.url))
  if (fromPath.id !== undefined) return fromPath.invalid ? `workspace ids are ${ID_RULE}` : { id: fromPath.id, chosen: 'path' }
  const fromHeader = header(c, 'x-sandbox-workspace')?.trim()
  if (fromHeader) return WORKSPACE_ID.test(fromHeader) ? { id: fromHeader, chosen: 'header' } : `X-Sandbox-Workspace must be ${ID_RULE}`
  const fallback = c.env?.defaultWorkspace
  if (fallback) return WORKSPACE_ID.test(fallback) ? { id: fallback, chosen: 'default' } : `handlers({ workspace }) must be ${ID_RULE}`
  return { id: 'default', chosen: 'default' }
}

/** `<scheme>://<host>` as the client saw it: the door's own, else X-Forwarded-* or the request URL. */
function originOfRequest(c: Context<AppEnv>): string {
  return c.env?.sandboxOrigin ?? clientOrigin(c.req.url, header(c, 'x-forwarded-proto'), header(c, 'x-forwarded-host'))
}

/** Works out workspace and origin once per request; a response when the workspace id is bad. */
function openScope(c: Context<AppEnv>): Response | undefined {
  const workspace = chooseWorkspace(c)
  if (typeof workspace === 'string') return controlError(c, 400, 'invalid_workspace', workspace)
  const origin = originOfRequest(c)
  if (c.env?.requestLog) c.env.requestLog.workspace = workspace.id
  c.set('sb', {
    requestId: `req-${(++requestSeq).toString(36)}`,
    workspaceId: workspace.id,
    wsChosen: workspace.chosen,
    origin,
    rooted: Boolean(c.env?.sandboxOrigin),
    base: origin,
    started: performance.now(),
  })
  return undefined
}

const scope: MiddlewareHandler<AppEnv> = (c, next) => {
  const refused = openScope(c)
  return refused ? Promise.resolve(refused) : next()
}

const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

type Inner = (c: Context<AppEnv>, ws: Workspace) => Response | Promise<Response>

/**
 * Mounts one vendor. Most vendors get one route handler per path and verb that
 * does everything itself — workspace, forcing and fault rules, the vendor's
 * handler, errors, journal — and returns a plain Response when nothing needs
 * waiting: Hono and @hono/node-server then write the reply without a single
 * promise tick, which is most of the difference to a bare route. Vendors that
 * authenticate before routing (`hooksFirst`/`before`, Zoho) keep middleware.
 */
function mountVendor(app: Hono<AppEnv>, rt: Runtime, m: MountRuntime): ((c: Context<AppEnv>) => Response | Promise<Response>) | undefined {
  const { vendor, def, prefix } = m
  const bodyLimit = def.bodyLimit ?? DEFAULT_BODY_LIMIT
  const viaMiddleware = Boolean(def.hooksFirst || def.before)

  const enterScope = (c: Context<AppEnv>): void => {
    const sb = c.get('sb')
    sb.vendorId = vendor.id
    sb.prefix = prefix
    sb.route = c.req.path.slice(prefix.length) || '/'
    sb.hosts = m.hosts
    sb.bodyLimit = bodyLimit
    sb.base = linkBase(sb, m)
  }
  const openWorkspace = (c: Context<AppEnv>): Workspace | Promise<Workspace> | Response => {
    try {
      return rt.store.open(c.get('sb').workspaceId)
    } catch (err) {
      if (err instanceof WorkspaceLimitError) return controlError(c, 429, 'workspace_limit', err.message)
      throw err
    }
  }
  const finish = (c: Context<AppEnv>, ws: Workspace, res: Response): Response | Promise<Response> => {
    const journaled = recordJournal(c, ws, vendor, res)
    return journaled ? journaled.then(() => res) : res
  }
  /** The vendor's answer (forcing and fault rules first), errors rendered; not journaled yet. */
  const respond = (c: Context<AppEnv>, ws: Workspace, inner: Inner, hooks: boolean): Response | Promise<Response> => {
    c.set('ws', ws)
    let res: Response | Promise<Response>
    try {
      res = hooks && needsHooks(c, ws) ? applyHooks(c, m, ws).then((forced) => forced ?? inner(c, ws)) : inner(c, ws)
    } catch (err) {
      return errorResponse(rt, c, err)
    }
    return res instanceof Promise
      ? res.then(
          (r) => r,
          (err: unknown) => errorResponse(rt, c, err),
        )
      : res
  }
  const answer = (c: Context<AppEnv>, ws: Workspace, inner: Inner, hooks: boolean): Response | Promise<Response> => {
    const res = respond(c, ws, inner, hooks)
    return res instanceof Promise ? res.then((r) => finish(c, ws, r)) : finish(c, ws, res)
  }
  /**
   * Shared storage (`--redis`): the request runs as a transaction of its
   * workspace. Anything but GET/HEAD takes the workspace's lock; a GET that
   * changed state and lost a race is simply answered again (it has no body).
   */
  const runShared = (c: Context<AppEnv>, inner: Inner, hooks: boolean): Promise<Response> => {
    const method = c.req.method
    const read = method === 'GET' || method === 'HEAD'
    return rt.store
      .transact(c.get('sb').workspaceId, { write: !read, create: true, rerun: read }, (ws) => respond(c, ws as Workspace, inner, hooks))
      .then(
        (res) => finish(c, c.get('ws'), res),
        (err: unknown) =>
          err instanceof WorkspaceLimitError ? controlError(c, 429, 'workspace_limit', err.message) : errorResponse(rt, c, err),
      )
  }
  /** One vendor request, end to end. Forcing and fault rules apply once a route matched (sandbox.md §4). */
  const run = (c: Context<AppEnv>, inner: Inner, hooks = true): Response | Promise<Response> => {
    const refused = c.get('sb') ? undefined : openScope(c)
    if (refused) return refused
    enterScope(c)
    if (rt.store.shared) return runShared(c, inner, hooks)
    const opened = openWorkspace(c)
    if (opened instanceof Response) return opened
    return opened instanceof Promise ? opened.then((ws) => answer(c, ws, inner, hooks)) : answer(c, opened, inner, hooks)
  }

  if (viaMiddleware) {
    const proceed = async (c: Context<AppEnv>, next: Next, ws: Workspace): Promise<void> => {
      c.set('ws', ws)
      c.get('sb').hooksDone = true
      const forced = needsHooks(c, ws) ? await applyHooks(c, m, ws) : undefined
      if (forced) c.res = forced
      if (!c.finalized) {
        if (def.before) await def.before(c, next)
        else await next()
      }
      const journaled = recordJournal(c, ws, vendor, c.res)
      if (journaled) await journaled
    }
    const enter: MiddlewareHandler<AppEnv> = (c, next) => {
      enterScope(c)
      // A middleware chain cannot run twice: with shared storage every request of these mounts takes the lock.
      if (rt.store.shared)
        return rt.store
          .transact(c.get('sb').workspaceId, { write: true, create: true, rerun: false }, (ws) => proceed(c, next, ws as Workspace))
          .catch((err: unknown) => {
            if (err instanceof WorkspaceLimitError) c.res = controlError(c, 429, 'workspace_limit', err.message)
            else throw err
          })
      const opened = openWorkspace(c)
      if (opened instanceof Response) return Promise.resolve(opened)
      return opened instanceof Promise ? opened.then((ws) => proceed(c, next, ws)) : proceed(c, next, opened)
    }
    for (const path of [prefix, `${prefix}/*`]) app.use(path, scope, enter)
  }

  /** The vendor's catalogue answer to a path no route knows, or (with `allow`) to a verb the path lacks. */
  const unrouted =
    (id: string, allow?: Method[]): Inner =>
    (c, ws) => {
      const details = {
        path: c.get('sb').route ?? '/',
        method: c.req.method,
        unrouted: true,
        ...(allow ? { allow: allow.join(', ') } : {}),
      }
      return vendor.errors.render(c, new VendorError(id, details), ws.handle(vendor.id))
    }

  const allow = new Map<string, Method[]>()
  const add = (methods: Method[], path: string, handler: VendorHandler<unknown>) => {
    const full = path === '/' ? prefix : `${prefix}${path}`
    const inner: Inner = (c, ws) => handler(c, ws.handle(vendor.id))
    app.on(methods, full, viaMiddleware ? (c): Response | Promise<Response> => inner(c, c.get('ws')) : (c) => run(c, inner))
    allow.set(full, [...(allow.get(full) ?? []), ...methods])
  }
  const routes: { methods: Method[]; path: string; handler: VendorHandler<unknown> }[] = []
  const collect = (methods: Method[], path: string, handler: VendorHandler<unknown>) => routes.push({ methods, path, handler })
  def.routes({
    get: (p, h) => collect(['GET'], p, h),
    post: (p, h) => collect(['POST'], p, h),
    put: (p, h) => collect(['PUT'], p, h),
    patch: (p, h) => collect(['PATCH'], p, h),
    delete: (p, h) => collect(['DELETE'], p, h),
    on: (methods, p, h) => collect(methods, p, h),
  } satisfies VendorRouter<unknown>)
  // Hono answers with the first matching route: a literal path (`PUT /requests/delete`) must win over `{id}`.
  for (const r of routes.sort((a, b) => compareLiteralFirst(a.path, b.path))) add(r.methods, r.path, r.handler)
  // Only the verbs a path lacks get the 405 route, so a request matches one handler (Hono's fast path).
  for (const [full, methods] of allow) {
    const others = METHODS.filter((v) => !methods.includes(v))
    const notAllowed = unrouted(def.methodNotAllowed, methods)
    if (others.length)
      app.on(
        others,
        full,
        viaMiddleware ? (c) => notAllowed(c, c.get('ws')) : (c) => run(c, notAllowed, def.forcingBeforeMethodCheck === true),
      )
  }
  const notFound = unrouted(def.notFound)
  if (viaMiddleware) {
    for (const path of [prefix, `${prefix}/*`]) app.all(path, (c) => notFound(c, c.get('ws')))
    return undefined
  }
  // Unknown paths reach the app's notFound, which hands them here: a catch-all route would match every request too.
  return (c) => run(c, notFound, false)
}

/** `0` per literal segment, `1` per `:param` or `*`: sorting by it puts literal paths ahead of the `{id}` routes they overlap. */
const segmentKinds = (path: string): string =>
  path
    .split('/')
    .map((seg) => (seg.startsWith(':') || seg === '*' ? '1' : '0'))
    .join('')

/** Stable with `Array.sort`: routes of the same shape keep the vendor's order. */
function compareLiteralFirst(a: string, b: string): number {
  const ka = segmentKinds(a)
  const kb = segmentKinds(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** What `app.onError` answers, also used by vendor routes that catch their own errors. */
async function errorResponse(rt: Runtime, c: Context<AppEnv>, err: unknown): Promise<Response> {
  const sb = c.get('sb')
  if (err instanceof ControlError) return controlError(c, err.status, err.code, err.message, err.extra)
  const vendor = sb?.vendorId ? rt.vendorById.get(sb.vendorId) : undefined
  if (sb && clientGone(c.env?.incoming, c.env?.incoming ? undefined : c.req.raw.signal)) {
    // Nobody is left to answer: not a sandbox fault, so nothing to log; the journal marks it aborted.
    sb.aborted = true
    return new Response(null, { status: 499 })
  }
  // The workspace is open for every vendor error but one thrown while opening it, which is the sandbox's own.
  const ws = vendor ? c.get('ws')?.handle(vendor.id) : undefined
  if (!vendor || !ws) {
    rt.log('error', `[${sb?.requestId}] unexpected error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`)
    return controlError(c, 500, 'internal_error', 'unexpected error in the sandbox')
  }
  try {
    if (err instanceof VendorError) return await vendor.errors.render(c, err, ws)
    if (err instanceof BodyTooLargeError) return await vendor.errors.render(c, vendor.errors.tooLarge(c), ws)
    rt.log(
      'error',
      `[${sb.requestId} ws=${sb.workspaceId}] unexpected error in ${vendor.id} on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`,
    )
    return await vendor.errors.render(c, new VendorError(vendor.errors.internal), ws)
  } catch (renderErr) {
    rt.log('error', `rendering ${vendor.id} error failed: ${(renderErr as Error).stack ?? String(renderErr)}`)
    return c.body(null, 500)
  }
}

export function createApp(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<AppEnv>({ getPath: routingPath })
  for (const path of ['/__sandbox', '/__sandbox/*']) app.use(path, scope)
  app.get('/__sandbox/', dashboardPage(rt))
  app.route('/__sandbox', createControlApp(rt))
  // Longer prefixes first, so `/zoho-accounts` is never read as `/zoho` + `-accounts`.
  const fallbacks: { prefix: string; notFound: (c: Context<AppEnv>) => Response | Promise<Response> }[] = []
  for (const m of [...rt.mounts].sort((a, b) => b.prefix.length - a.prefix.length)) {
    const notFound = mountVendor(app, rt, m)
    if (notFound) fallbacks.push({ prefix: m.prefix, notFound })
  }

  app.notFound((c) => {
    const refused = openScope(c)
    if (refused) return refused
    const path = c.req.path
    const mount = fallbacks.find((f) => path === f.prefix || path.startsWith(`${f.prefix}/`))
    if (mount) return mount.notFound(c)
    return c.json(
      {
        error: 'not_found',
        message: `no route for ${c.req.method} ${path}; vendors are mounted under ${rt.mounts.map((m) => m.prefix).join(', ')} and the control plane under /__sandbox`,
        mounts: rt.mounts.map((m) => m.prefix),
      },
      404,
    )
  })

  app.onError((err, c) => errorResponse(rt, c, err))
  return app as unknown as Hono<SandboxEnv>
}
