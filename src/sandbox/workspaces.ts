import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { list } from './util.js'

/** Every live workspace of this instance (server-wide, whatever workspace the call is scoped to). */
export function workspacesRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/workspaces', (c) =>
    list(
      c,
      rt.store.list().map((ws) => ({
        id: ws.id,
        created_at: new Date(ws.createdAt).toISOString(),
        last_used_at: new Date(ws.lastUsedAt).toISOString(),
      })),
    ),
  )
  return app
}
