import { Hono } from 'hono'
import type { SandboxEnv } from './lib/context.js'
import type { Runtime } from './runtime.js'
import { errorResponse } from './pipeline/error-response.js'
import { mountVendor, type MountHandler } from './pipeline/mount.js'
import { openScope, routingPath, scope } from './pipeline/scope.js'
import { createControlApp } from './sandbox/index.js'
import { dashboardPage } from './sandbox/dashboard.js'

/**
 * The app both front doors call: the control plane under `/__sandbox`, one
 * mount per vendor (`pipeline/mount.ts`), and the answers to what no route
 * knows. The per-request steps live in `pipeline/`.
 */
export function createApp(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>({ getPath: routingPath })
  for (const path of ['/__sandbox', '/__sandbox/*']) app.use(path, scope)
  app.get('/__sandbox/', dashboardPage(rt))
  app.route('/__sandbox', createControlApp(rt, createApp))
  // Longer prefixes first, so `/zoho-accounts` is never read as `/zoho` + `-accounts`.
  const fallbacks: { prefix: string; notFound: MountHandler }[] = []
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
  return app
}
