import type { Context, Hono, MiddlewareHandler, Next } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import { linkBase } from '../lib/links.js'
import type { Method, MountDefinition, VendorHandler, VendorRouter } from '../lib/vendor.js'
import { VendorError } from '../lib/vendor-error.js'
import { DEFAULT_BODY_LIMIT } from '../lib/body.js'
import { controlError } from '../lib/control-reply.js'
import type { Workspace } from '../state/workspace.js'
import { WorkspaceLimitError } from '../state/store.js'
import type { MountRuntime, Runtime } from '../runtime.js'
import { applyHooks, needsHooks } from './forcing.js'
import { recordJournal } from './journal.js'
import { errorResponse } from './error-response.js'
import { openScope, scope } from './scope.js'
import { noteKeepable, probeReply } from './reply-cache.js'

/**
 * Mounting one vendor on the app. Most vendors get one route handler per path
 * and verb that does everything itself — workspace, forcing and fault rules,
 * the vendor's handler, errors, journal — and returns a plain Response when
 * nothing needs waiting: Hono and @hono/node-server then write the reply
 * without a single promise tick, which is most of the difference to a bare
 * route. Vendors that authenticate before routing (`hooksFirst`/`before`,
 * Zoho) keep middleware.
 */

type Ctx = Context<SandboxEnv>
type Reply = Response | Promise<Response>
/** What answers a request once its workspace is open: a vendor route, or the catalogue's 404/405. */
type Inner = (c: Ctx, ws: Workspace) => Reply
/** A Hono handler of the mount. */
export type MountHandler = (c: Ctx) => Reply

const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Mounts the vendor's routes; returns what answers an unknown path under its prefix, unless middleware answers it. */
export function mountVendor(app: Hono<SandboxEnv>, rt: Runtime, m: MountRuntime): MountHandler | undefined {
  const viaMiddleware = Boolean(m.def.hooksFirst || m.def.before)
  if (viaMiddleware) mountMiddleware(app, rt, m)
  // Through middleware the workspace is open and the hooks ran before the route handler.
  const handler = (inner: Inner, hooks: boolean): MountHandler =>
    viaMiddleware ? (c) => inner(c, c.get('ws')) : (c) => runRequest(rt, m, c, inner, hooks)

  const allow = new Map<string, Method[]>()
  for (const r of vendorRoutes(m.def)) {
    const full = r.path === '/' ? m.prefix : `${m.prefix}${r.path}`
    const inner: Inner = (c, ws) => r.handler(c, ws.handle(m.vendor.id))
    app.on(r.methods, full, handler(inner, true))
    allow.set(full, [...(allow.get(full) ?? []), ...r.methods])
  }
  // Only the verbs a path lacks get the 405 route, so a request matches one handler (Hono's fast path).
  for (const [full, methods] of allow) {
    const others = METHODS.filter((v) => !methods.includes(v))
    if (others.length) app.on(others, full, handler(unrouted(m, m.def.methodNotAllowed, methods), m.def.forcingBeforeMethodCheck === true))
  }
  const notFound = handler(unrouted(m, m.def.notFound), false)
  if (!viaMiddleware) return notFound
  for (const path of [m.prefix, `${m.prefix}/*`]) app.all(path, notFound)
  return undefined
}

interface Route {
  methods: Method[]
  path: string
  handler: VendorHandler<unknown>
}

/** The vendor's routes in the order Hono must try them: a literal path (`PUT /requests/delete`) ahead of `{id}`. */
function vendorRoutes(def: MountDefinition<unknown>): Route[] {
  const routes: Route[] = []
  const collect = (methods: Method[], path: string, handler: VendorHandler<unknown>) => routes.push({ methods, path, handler })
  def.routes({
    get: (p, h) => collect(['GET'], p, h),
    post: (p, h) => collect(['POST'], p, h),
    put: (p, h) => collect(['PUT'], p, h),
    patch: (p, h) => collect(['PATCH'], p, h),
    delete: (p, h) => collect(['DELETE'], p, h),
    on: (methods, p, h) => collect(methods, p, h),
  } satisfies VendorRouter<unknown>)
  return routes.sort((a, b) => compareLiteralFirst(a.path, b.path))
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

/** The vendor's catalogue answer to a path no route knows, or (with `allow`) to a verb the path lacks. */
function unrouted(m: MountRuntime, id: string, allow?: Method[]): Inner {
  return (c, ws) => {
    const details = {
      path: c.get('sb').route ?? '/',
      method: c.req.method,
      unrouted: true,
      ...(allow ? { allow: allow.join(', ') } : {}),
    }
    return m.vendor.errors.render(c, new VendorError(id, details), ws.handle(m.vendor.id))
  }
}

/** The request's scope learns which mount it reached: vendor, route, hosts, body limit, link base. */
function enterMount(c: Ctx, m: MountRuntime): void {
  const sb = c.get('sb')
  sb.vendorId = m.vendor.id
  sb.prefix = m.prefix
  sb.route = c.req.path.slice(m.prefix.length) || '/'
  sb.hosts = m.hosts
  sb.bodyLimit = m.def.bodyLimit ?? DEFAULT_BODY_LIMIT
  sb.base = linkBase(sb, m)
}

/** The request's workspace, created on first use; the 429 when the workspace cap is reached. */
function openWorkspace(rt: Runtime, c: Ctx): Workspace | Promise<Workspace> | Response {
  try {
    return rt.store.open(c.get('sb').workspaceId)
  } catch (err) {
    if (err instanceof WorkspaceLimitError) return controlError(c, 429, 'workspace_limit', err.message)
    throw err
  }
}

/** One vendor request, end to end. Forcing and fault rules apply once a route matched (sandbox.md §4). */
function runRequest(rt: Runtime, m: MountRuntime, c: Ctx, inner: Inner, hooks: boolean): Reply {
  const refused = c.get('sb') ? undefined : openScope(c)
  if (refused) return refused
  enterMount(c, m)
  if (rt.store.shared) return runShared(rt, m, c, inner, hooks)
  const opened = openWorkspace(rt, c)
  if (opened instanceof Response) return opened
  return opened instanceof Promise ? opened.then((ws) => answer(rt, m, c, ws, inner, hooks)) : answer(rt, m, c, opened, inner, hooks)
}

/**
 * Shared storage (`--redis`): the request runs as a transaction of its
 * workspace. Anything but GET/HEAD takes the workspace's lock; a GET that
 * changed state and lost a race is simply answered again (it has no body).
 */
function runShared(rt: Runtime, m: MountRuntime, c: Ctx, inner: Inner, hooks: boolean): Promise<Response> {
  const method = c.req.method
  const read = method === 'GET' || method === 'HEAD'
  return rt.store
    .transact(c.get('sb').workspaceId, { write: !read, create: true, rerun: read }, (ws) =>
      respond(rt, m, c, ws as Workspace, inner, hooks),
    )
    .then(
      (res) => journaled(c, c.get('ws'), m, res),
      (err: unknown) =>
        err instanceof WorkspaceLimitError ? controlError(c, 429, 'workspace_limit', err.message) : errorResponse(rt, c, err),
    )
}

function answer(rt: Runtime, m: MountRuntime, c: Ctx, ws: Workspace, inner: Inner, hooks: boolean): Reply {
  const res = respond(rt, m, c, ws, inner, hooks)
  return res instanceof Promise ? res.then((r) => journaled(c, ws, m, r)) : journaled(c, ws, m, res)
}

/** The vendor's answer (forcing and fault rules first), errors rendered; not journaled yet. */
function respond(rt: Runtime, m: MountRuntime, c: Ctx, ws: Workspace, inner: Inner, hooks: boolean): Reply {
  c.set('ws', ws)
  let res: Reply
  try {
    if (hooks && needsHooks(c, ws)) res = applyHooks(c, m, ws).then((forced) => forced ?? inner(c, ws))
    else {
      const probe = probeReply(c, ws, m.vendor.id)
      res = inner(c, ws)
      if (probe) {
        const id = m.vendor.id
        res = res instanceof Promise ? res.then((r) => noteKeepable(c, ws, id, probe, r)) : noteKeepable(c, ws, id, probe, res)
      }
    }
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

/** The reply once its journal entry is recorded (at once, unless the body must be read first). */
function journaled(c: Ctx, ws: Workspace, m: MountRuntime, res: Response): Reply {
  if (c.env?.replies?.shadow) return res
  const pending = recordJournal(c, ws, m.vendor, res)
  return pending ? pending.then(() => res) : res
}

/** For vendors that authenticate before routing: workspace, forcing and journal as middleware around the routes. */
function mountMiddleware(app: Hono<SandboxEnv>, rt: Runtime, m: MountRuntime): void {
  const enter: MiddlewareHandler<SandboxEnv> = (c, next) => {
    enterMount(c, m)
    // A middleware chain cannot run twice: with shared storage every request of these mounts takes the lock.
    if (rt.store.shared)
      return rt.store
        .transact(c.get('sb').workspaceId, { write: true, create: true, rerun: false }, (ws) => proceed(m, c, next, ws as Workspace))
        .catch((err: unknown) => {
          if (err instanceof WorkspaceLimitError) c.res = controlError(c, 429, 'workspace_limit', err.message)
          else throw err
        })
    const opened = openWorkspace(rt, c)
    if (opened instanceof Response) return Promise.resolve(opened)
    return opened instanceof Promise ? opened.then((ws) => proceed(m, c, next, ws)) : proceed(m, c, next, opened)
  }
  for (const path of [m.prefix, `${m.prefix}/*`]) app.use(path, scope, enter)
}

async function proceed(m: MountRuntime, c: Ctx, next: Next, ws: Workspace): Promise<void> {
  c.set('ws', ws)
  c.get('sb').hooksDone = true
  const hooks = needsHooks(c, ws)
  const forced = hooks ? await applyHooks(c, m, ws) : undefined
  if (forced) c.res = forced
  const probe = hooks ? undefined : probeReply(c, ws, m.vendor.id)
  if (!c.finalized) {
    if (m.def.before) await m.def.before(c, next)
    else await next()
  }
  if (probe) noteKeepable(c, ws, m.vendor.id, probe, c.res)
  if (c.env?.replies?.shadow) return
  const pending = recordJournal(c, ws, m.vendor, c.res)
  if (pending) await pending
}
