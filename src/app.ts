import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono'
import { header, type SandboxEnv } from './lib/context.js'
import type { Method, VendorHandler, VendorRouter } from './lib/vendor.js'
import { BodyTooLargeError, ControlError, VendorError } from './lib/vendor-error.js'
import { DEFAULT_BODY_LIMIT } from './lib/body.js'
import { controlError } from './lib/control-reply.js'
import { WORKSPACE_ID, type Workspace } from './state/workspace.js'
import { WorkspaceLimitError } from './state/store.js'
import type { MountRuntime, Runtime } from './runtime.js'
import { applyHooks, needsHooks } from './sandbox/forcing.js'
import { recordJournal } from './sandbox/journal.js'
import { createControlApp } from './sandbox/index.js'

type AppEnv = SandboxEnv

/**
 * Routing path: the request path without a valid `/ws/<id>` prefix, so every
 * route is registered once and answers with or without it.
 */
function routingPath(req: Request): string {
  const url = req.url
  const start = url.indexOf('/', url.indexOf('://') + 3)
  if (start < 0) return '/'
  let end = url.indexOf('?', start)
  if (end < 0) end = url.length
  let path = url.slice(start, end)
  if (path.startsWith('/ws/')) {
    const next = path.indexOf('/', 4)
    const id = next < 0 ? path.slice(4) : path.slice(4, next)
    if (WORKSPACE_ID.test(id)) path = next < 0 ? '/' : path.slice(next)
  }
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

/** Works out workspace and origin once per request. */
const scope: MiddlewareHandler<AppEnv> = (c, next) => {
  const url = c.req.url
  const start = url.indexOf('/', url.indexOf('://') + 3)
  const rawPath = url.slice(start)
  let workspaceId = 'default'
  let wsChosen: 'path' | 'header' | 'default' = 'default'
  if (rawPath.startsWith('/ws/')) {
    const rest = rawPath.slice(4)
    const id = rest.split(/[/?#]/, 1)[0]
    if (!WORKSPACE_ID.test(id)) return Promise.resolve(controlError(c, 400, 'invalid_workspace', 'workspace ids are 1-64 characters of [A-Za-z0-9_-]'))
    workspaceId = id
    wsChosen = 'path'
  } else {
    const chosen = header(c, 'x-sandbox-workspace')
    if (chosen !== undefined && chosen.trim() !== '') {
      if (!WORKSPACE_ID.test(chosen.trim())) return Promise.resolve(controlError(c, 400, 'invalid_workspace', 'X-Sandbox-Workspace must be 1-64 characters of [A-Za-z0-9_-]'))
      workspaceId = chosen.trim()
      wsChosen = 'header'
    }
  }
  const env = c.env
  let origin: string
  if (env?.sandboxOrigin) {
    origin = env.sandboxOrigin
  } else {
    const proto = header(c, 'x-forwarded-proto')?.split(',')[0].trim()
    const host = header(c, 'x-forwarded-host')?.split(',')[0].trim()
    origin = proto || host ? `${proto || url.slice(0, url.indexOf(':'))}://${host || url.slice(url.indexOf('://') + 3, start)}` : url.slice(0, start)
  }
  c.set('sb', { requestId: `req-${(++requestSeq).toString(36)}`, workspaceId, wsChosen, origin, inProcess: Boolean(env?.sandboxOrigin), started: performance.now() })
  return next()
}

function mountVendor(app: Hono<AppEnv>, rt: Runtime, m: MountRuntime): void {
  const { vendor, def, prefix } = m
  const bodyLimit = def.bodyLimit ?? DEFAULT_BODY_LIMIT

  // The hot path avoids needless awaits: an open workspace, no forcing and no
  // fault rule (the common case) cost no extra microtask.
  const proceed = async (c: Context<AppEnv>, next: Next, ws: Workspace): Promise<void> => {
    c.set('ws', ws)
    if (def.hooksFirst) {
      c.get('sb').hooksDone = true
      const forced = needsHooks(c, ws) ? await applyHooks(c, m, ws) : undefined
      if (forced) c.res = forced
    }
    if (!c.finalized) {
      if (def.before) await def.before(c, next)
      else await next()
    }
    const journaled = recordJournal(c, ws, vendor)
    if (journaled) await journaled
  }
  const enter: MiddlewareHandler<AppEnv> = (c, next) => {
    const sb = c.get('sb')
    sb.vendorId = vendor.id
    sb.prefix = prefix
    sb.route = c.req.path.slice(prefix.length) || '/'
    sb.hosts = m.hosts
    sb.bodyLimit = bodyLimit
    let opened: Workspace | Promise<Workspace>
    try {
      opened = rt.store.open(sb.workspaceId)
    } catch (err) {
      if (err instanceof WorkspaceLimitError) return Promise.resolve(controlError(c, 429, 'workspace_limit', err.message))
      throw err
    }
    return opened instanceof Promise ? opened.then((ws) => proceed(c, next, ws)) : proceed(c, next, opened)
  }
  app.use(prefix, enter)
  app.use(`${prefix}/*`, enter)

  const allow = new Map<string, Method[]>()
  const add = (methods: Method[], path: string, handler: VendorHandler<unknown>) => {
    const full = path === '/' ? prefix : `${prefix}${path}`
    app.on(methods, full, (c): Response | Promise<Response> => {
      const ws = c.get('ws')
      if (!c.get('sb').hooksDone && needsHooks(c, ws)) return applyHooks(c, m, ws).then((forced) => forced ?? handler(c, ws.handle(vendor.id)))
      return handler(c, ws.handle(vendor.id))
    })
    allow.set(full, [...(allow.get(full) ?? []), ...methods])
  }
  const router: VendorRouter<unknown> = {
    get: (p, h) => add(['GET'], p, h),
    post: (p, h) => add(['POST'], p, h),
    put: (p, h) => add(['PUT'], p, h),
    patch: (p, h) => add(['PATCH'], p, h),
    delete: (p, h) => add(['DELETE'], p, h),
    on: (methods, p, h) => add(methods, p, h),
  }
  def.routes(router)
  for (const [full, methods] of allow) app.all(full, (c) => def.methodNotAllowed(c, methods))
  app.all(prefix, (c) => def.notFound(c))
  app.all(`${prefix}/*`, (c) => def.notFound(c))
}

export function createApp(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<AppEnv>({ getPath: routingPath })
  app.use('*', scope)
  app.route('/__sandbox', createControlApp(rt))
  // Longer prefixes first, so `/zoho-accounts` is never read as `/zoho` + `-accounts`.
  for (const m of [...rt.mounts].sort((a, b) => b.prefix.length - a.prefix.length)) mountVendor(app, rt, m)

  app.notFound((c) =>
    c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}; vendors are mounted under ${rt.mounts.map((m) => m.prefix).join(', ')} and the control plane under /__sandbox`, mounts: rt.mounts.map((m) => m.prefix) }, 404),
  )

  app.onError(async (err, c) => {
    const sb = c.get('sb')
    if (err instanceof ControlError) return controlError(c, err.status, err.code, err.message, err.extra)
    const vendor = sb?.vendorId ? rt.vendorById.get(sb.vendorId) : undefined
    if (!vendor) {
      rt.log('error', `[${sb?.requestId}] unexpected error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`)
      return controlError(c, 500, 'internal_error', 'unexpected error in the sandbox')
    }
    try {
      if (err instanceof VendorError) return await vendor.errors.render(c, err)
      if (err instanceof BodyTooLargeError) return await vendor.errors.render(c, vendor.errors.tooLarge(c))
      rt.log('error', `[${sb.requestId} ws=${sb.workspaceId}] unexpected error in ${vendor.id} on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`)
      return await vendor.errors.render(c, new VendorError(vendor.errors.internal))
    } catch (renderErr) {
      rt.log('error', `rendering ${vendor.id} error failed: ${(renderErr as Error).stack ?? String(renderErr)}`)
      return c.body(null, 500)
    }
  })
  return app as unknown as Hono<SandboxEnv>
}
