import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { existingWorkspace } from './util.js'

/** Back to fixtures, or gone. */
export function resetRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  // An unknown workspace is already as reset leaves it: nothing to create.
  app.post('/reset', async (c) => {
    const ws = await existingWorkspace(c, rt)
    await ws?.reset(rt.vendors)
    return c.json({ workspace: c.get('sb').workspaceId, reset: true })
  })
  app.delete('/workspace', async (c) => {
    const id = c.get('sb').workspaceId
    if (!rt.store.drop(id)) return controlError(c, 404, 'not_found', `workspace ${id} does not exist (it is created on first use)`)
    return c.json({ workspace: id, deleted: true })
  })
  return app
}
