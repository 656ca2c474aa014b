import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { parseSimulateBody } from '../lib/simulate.js'
import { loadJsonSchema, type JsonSchema } from '../lib/json-schema.js'
import { callerOf, list, readObject, requireVendor, workspaceOf } from './util.js'

/** One row of `GET /__sandbox/simulate`: an action and the JSON Schema of its body. */
export interface SimulateCatalogueEntry {
  vendor: string
  action: string
  description: string
  schema: JsonSchema
}

const catalogues = new WeakMap<Runtime, Promise<SimulateCatalogueEntry[]>>()

/** Every mounted vendor's actions, built once per runtime (the schemas never change). */
export function simulateCatalogue(rt: Runtime): Promise<SimulateCatalogueEntry[]> {
  let built = catalogues.get(rt)
  if (!built) {
    built = loadJsonSchema().then((toJson) =>
      rt.vendors.flatMap((v) =>
        Object.entries(v.simulate ?? {}).map(([action, a]) => ({
          vendor: v.id,
          action,
          description: a.description,
          schema: toJson(a.schema),
        })),
      ),
    )
    catalogues.set(rt, built)
  }
  return built
}

/** What a person does outside the API (view, sign, decline, expire…), per vendor. */
export function simulateRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/simulate', async (c) => {
    const vendor = c.req.query('vendor')
    requireVendor(rt, vendor)
    const items = await simulateCatalogue(rt)
    return list(c, vendor === undefined ? items : items.filter((i) => i.vendor === vendor))
  })
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
    const actions = vendor.simulate ?? {}
    const run = Object.hasOwn(actions, action) ? actions[action] : undefined
    if (!run) {
      return controlError(
        c,
        404,
        'not_found',
        `${vendorId} has no simulate action ${JSON.stringify(action)}; actions: ${Object.keys(actions).join(', ')} (GET /__sandbox/simulate lists them with their bodies)`,
      )
    }
    const raw = await readObject(c)
    if (typeof raw === 'string') return controlError(c, 400, 'bad_request', raw)
    const body = parseSimulateBody(run.schema, raw)
    const ws = await workspaceOf(c, rt)
    const result = await run.run(ws.handle(vendorId), body, callerOf(c, rt, vendor, ws.id))
    ws.touch()
    return c.json(result as object)
  })
  return app
}
