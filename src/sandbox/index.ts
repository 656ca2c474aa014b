import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { ControlError } from '../lib/vendor-error.js'
import { healthRoutes } from './health.js'
import { resetRoutes } from './reset.js'
import { errorRoutes } from './errors.js'
import { faultRoutes } from './faults.js'
import { journalRoutes } from './requests.js'
import { outboxRoutes } from './outbox.js'
import { simulateRoutes } from './simulate.js'
import { clockRoutes } from './clock.js'
import { stateRoutes } from './state.js'
import { workspacesRoutes } from './workspaces.js'
import { dashboardRoutes } from './dashboard.js'
import { adminGuard } from './session.js'
import { recordsRoutes } from './records.js'
import { openApiRoutes, type AppFactory } from './openapi.js'
import { apiReferenceRoutes } from './api-reference.js'

/** `/__sandbox`: the control plane. All JSON; errors `{error, message}`. */
export function createControlApp(rt: Runtime, createApp: AppFactory): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  const token = rt.options.adminToken
  // The console's page, script and login come first: the guard below answers everything else.
  app.route('/', dashboardRoutes(rt))
  if (token) app.use('*', adminGuard(token))
  if (rt.store.shared) {
    // Shared storage: a control-plane call is one transaction of its workspace (writes under its lock),
    // except the routes that read no workspace, so a readiness probe never waits for a lock.
    const global = /\/__sandbox\/(health|vendors|errors|workspaces)\/?$/
    // A flush changes nothing itself: holding the lock would keep the deliveries it waits for from storing their outcome.
    const waits = /\/__sandbox\/outbox\/flush\/?$/
    app.use('*', async (c, next) => {
      const method = c.req.method
      if (method === 'GET' && global.test(c.req.path)) return next()
      const write = method !== 'GET' && method !== 'HEAD' && !waits.test(c.req.path)
      await rt.store.transact(c.get('sb').workspaceId, { write, create: false, rerun: false }, () => next())
    })
  }
  for (const routes of [
    healthRoutes,
    resetRoutes,
    errorRoutes,
    faultRoutes,
    journalRoutes,
    outboxRoutes,
    simulateRoutes,
    clockRoutes,
    stateRoutes,
    workspacesRoutes,
    recordsRoutes,
    (r: Runtime) => openApiRoutes(r, createApp),
    apiReferenceRoutes,
  ])
    app.route('/', routes(rt))
  app.notFound((c) =>
    controlError(c, 404, 'not_found', `no control-plane route ${c.req.method} /__sandbox${c.req.path.replace(/^\/__sandbox/, '')}`),
  )
  app.onError((err, c) => {
    if (err instanceof ControlError) return controlError(c, err.status, err.code, err.message, err.extra)
    rt.log('error', `control plane error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`)
    return controlError(c, 500, 'internal_error', 'unexpected error in the control plane')
  })
  return app
}
