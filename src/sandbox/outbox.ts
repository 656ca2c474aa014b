import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { existingWorkspace, pagedList, requireVendor } from './util.js'

/** What the sandbox sent: e-mails (recorded only) and HTTP deliveries (sent for real). */
export function outboxRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/outbox', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const { vendor, type } = c.req.query()
    requireVendor(rt, vendor)
    if (type !== undefined && !['email', 'webhook', 'callback'].includes(type))
      return controlError(c, 400, 'invalid_query', 'type must be email, webhook or callback')
    return pagedList(
      c,
      ws?.outbox.newestFirst() ?? [],
      (e) => (!vendor || e.vendor === vendor) && (!type || e.type === type),
      (e) => e,
    )
  })
  app.post('/outbox/flush', async (c) => {
    const ws = await existingWorkspace(c, rt)
    if (!ws) return c.json({ flushed: true, pending: 0 })
    const done = await ws.outbox.flush(10_000)
    const pending = ws.outbox.entries().filter((e) => e.type !== 'email' && e.state === 'pending').length
    return c.json({ flushed: done, pending })
  })
  app.post('/outbox/:id/redeliver', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const id = c.req.param('id')
    const entry = ws?.outbox.get(id)
    if (!ws || !entry) return controlError(c, 404, 'not_found', `no outbox entry ${id} in workspace ${c.get('sb').workspaceId}`)
    if (entry.type === 'email')
      return controlError(c, 409, 'not_deliverable', `outbox entry ${id} is an e-mail; only webhooks and callbacks are delivered`)
    if (entry.state === 'pending') return controlError(c, 409, 'pending', `outbox entry ${id} is still being delivered`)
    return c.json(ws.outbox.redeliver(id), 202)
  })
  return app
}
