import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { list, requireVendor } from './util.js'

/** The error catalogues: what `X-Sandbox-Error` and fault rules accept, and which routes answer each error. */
export function errorRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/errors', (c) => {
    const vendor = c.req.query('vendor')
    requireVendor(rt, vendor)
    const items = rt.vendors
      .filter((v) => !vendor || v.id === vendor)
      .flatMap((v) =>
        v.errors.entries.map((e) => ({
          id: e.id,
          vendor: v.id,
          http_status: e.http_status,
          code: e.code,
          message: e.message,
          trigger: e.trigger,
          routes: e.routes ?? ['*'],
        })),
      )
    return list(c, items)
  })
  return app
}
