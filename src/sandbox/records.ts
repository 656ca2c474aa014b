import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { callerOf, existingWorkspace, list, requireVendor } from './util.js'

/** What the console's Records tab lists: each vendor's records with signers and their signing-page links. */
export function recordsRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/records', async (c) => {
    const vendor = c.req.query('vendor')
    requireVendor(rt, vendor)
    // A read never creates a workspace: an unknown one simply has nothing to list yet.
    const ws = await existingWorkspace(c, rt)
    if (!ws) return list(c, [])
    const items = rt.vendors
      .filter((v) => v.records && (!vendor || v.id === vendor))
      .flatMap((v) => (v.records?.(ws.handle(v.id), callerOf(c, rt, v, ws.id)) ?? []).map((r) => ({ vendor: v.id, ...r })))
    return list(c, items)
  })
  return app
}
