import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { SandboxClock } from '../state/clock.js'
import { callerOf, existingWorkspace, readObject, workspaceOf } from './util.js'

/** One clock per workspace: read it, freeze it, move it, or let it run. */
export function clockRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  // An unknown workspace shows the clock it would start with, without being created.
  app.get('/clock', async (c) => c.json(((await existingWorkspace(c, rt))?.clock ?? new SandboxClock(rt.options.clock)).toJSON()))
  app.post('/clock', async (c) => {
    const body = await readObject(c)
    if (typeof body === 'string') return controlError(c, 400, 'invalid_body', body)
    const { frozen_at, advance_ms, real } = body
    for (const k of Object.keys(body))
      if (!['frozen_at', 'advance_ms', 'real'].includes(k))
        return controlError(c, 400, 'invalid_body', `unknown key ${JSON.stringify(k)}; use frozen_at, advance_ms or real`)
    if (
      frozen_at !== undefined &&
      !(typeof frozen_at === 'string' && Number.isFinite(Date.parse(frozen_at))) &&
      !(typeof frozen_at === 'number' && Number.isFinite(frozen_at))
    )
      return controlError(c, 400, 'invalid_body', 'frozen_at must be an ISO-8601 instant or epoch milliseconds')
    if (advance_ms !== undefined && !(typeof advance_ms === 'number' && Number.isFinite(advance_ms)))
      return controlError(c, 400, 'invalid_body', 'advance_ms must be a number of milliseconds')
    if (real !== undefined && typeof real !== 'boolean') return controlError(c, 400, 'invalid_body', 'real must be a boolean')
    const ws = await workspaceOf(c, rt)
    ws.clock.change({
      frozen_at: frozen_at as string | number | undefined,
      advance_ms: advance_ms as number | undefined,
      real: real as boolean | undefined,
    })
    for (const v of rt.vendors)
      if (v.onClockChange && ws.state(v.id) !== undefined) await v.onClockChange(ws.handle(v.id), callerOf(c, rt, v, ws.id))
    ws.touch()
    return c.json(ws.clock.toJSON())
  })
  return app
}
