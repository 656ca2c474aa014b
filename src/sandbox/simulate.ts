import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { CallerScope } from '../lib/vendor.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { readObject, workspaceOf } from './util.js'

/** What a person does outside the API (view, sign, decline, expire…), per vendor. */
export function simulateRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.post('/simulate/:vendor/:action', async (c) => {
    const vendorId = c.req.param('vendor')
    const action = c.req.param('action')
    const vendor = rt.vendorById.get(vendorId)
    if (!vendor) return controlError(c, 404, 'not_found', `no vendor ${JSON.stringify(vendorId)} is mounted; mounted: ${[...rt.vendorById.keys()].join(', ')}`)
    const run = vendor.simulate?.[action]
    if (!run || !Object.hasOwn(vendor.simulate ?? {}, action)) {
      return controlError(c, 404, 'not_found', `${vendorId} has no simulate action ${JSON.stringify(action)}; actions: ${Object.keys(vendor.simulate ?? {}).join(', ')}`)
    }
    const body = await readObject(c)
    if (typeof body === 'string') return controlError(c, 400, 'bad_request', body)
    const ws = await workspaceOf(c, rt)
    const sb = c.get('sb')
    const hosts = rt.mounts.find((m) => m.vendor === vendor)?.hosts ?? []
    const caller: CallerScope = sb.inProcess
      ? { origin: hosts[0] ?? sb.origin, inProcess: true, wsChosen: sb.wsChosen, workspaceId: ws.id, hosts }
      : { origin: sb.origin, inProcess: false, wsChosen: sb.wsChosen, workspaceId: ws.id, hosts }
    const result = await run(ws.handle(vendorId), body, caller)
    rt.store.changed()
    return c.json(result as object)
  })
  return app
}
