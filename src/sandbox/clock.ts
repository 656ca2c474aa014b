import { Hono } from 'hono'
import { z } from 'zod'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { SandboxClock } from '../state/clock.js'
import { callerOf, existingWorkspace, readObject, workspaceOf } from './util.js'

const frozenAt = 'frozen_at must be an ISO-8601 instant or epoch milliseconds'

/** A posted clock change; the OpenAPI document of the control plane shows this same schema. */
export const clockChangeSchema = z.strictObject(
  {
    frozen_at: z
      .union([z.string(frozenAt).refine((s) => Number.isFinite(Date.parse(s)), frozenAt), z.number(frozenAt).finite(frozenAt)], frozenAt)
      .optional()
      .describe('freeze at this ISO-8601 instant (or epoch ms)'),
    advance_ms: z.number('advance_ms must be a number of milliseconds').finite().optional().describe('move the clock forward'),
    real: z.boolean('real must be a boolean').optional().describe('back to real time'),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? `unknown key ${JSON.stringify(iss.keys[0])}; use frozen_at, advance_ms or real` : undefined,
  },
)

/** One clock per workspace: read it, freeze it, move it, or let it run. */
export function clockRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  // An unknown workspace shows the clock it would start with, without being created.
  app.get('/clock', async (c) => c.json(((await existingWorkspace(c, rt))?.clock ?? new SandboxClock(rt.options.clock)).toJSON()))
  app.post('/clock', async (c) => {
    const body = await readObject(c)
    if (typeof body === 'string') return controlError(c, 400, 'invalid_body', body)
    const parsed = clockChangeSchema.safeParse(body)
    if (!parsed.success) return controlError(c, 400, 'invalid_body', parsed.error.issues[0].message)
    const ws = await workspaceOf(c, rt)
    ws.clock.change(parsed.data)
    for (const v of rt.vendors)
      if (v.onClockChange && ws.state(v.id) !== undefined) await v.onClockChange(ws.handle(v.id), callerOf(c, rt, v, ws.id))
    ws.touch()
    return c.json(ws.clock.toJSON())
  })
  return app
}
