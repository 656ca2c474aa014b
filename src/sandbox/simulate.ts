import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { callerOf, readObject, workspaceOf } from './util.js'

/** What a person does outside the API (view, sign, decline, expire…), per vendor. */
export function simulateRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.post('/simulate/:vendor/:action', async (c) => {
    const vendorId = c.req.param('vendor')
    const action = c.req.param('action')
    const vendor = rt.vendorById.get(vendorId)
    if (!vendor)
      return controlError(
        c,
        404,
        'not_found',
        `no vendor ${JSON.stringify(vendorId)} is mounted; mounted: ${[...rt.vendorById.keys()].join(', ')}`,
      )
    const run = vendor.simulate?.[action]
    if (!run || !Object.hasOwn(vendor.simulate ?? {}, action)) {
      return controlError(
        c,
        404,
        'not_found',
        `${vendorId} has no simulate action ${JSON.stringify(action)}; actions: ${Object.keys(vendor.simulate ?? {}).join(', ')}`,
      )
    }
    const body = await readObject(c)
    if (typeof body === 'string') return controlError(c, 400, 'bad_request', body)
    const ws = await workspaceOf(c, rt)
    const result = await run(ws.handle(vendorId), body, callerOf(c, rt, vendor, ws.id))
    ws.touch()
    return c.json(result as object)
  })
  return app
}
