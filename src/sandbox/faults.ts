import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import { compilePattern } from '../lib/pattern.js'
import { controlError } from '../lib/control-reply.js'
import type { FaultRule, Workspace } from '../state/workspace.js'
import type { Runtime } from '../runtime.js'
import { knownErrorId } from './forcing.js'
import { existingWorkspace, list, readObject, workspaceOf } from './util.js'

/** The first rule of this workspace that matches and still has firings left; counts the firing. */
export function matchFault(ws: Workspace, vendor: string, method: string, route: string): FaultRule | undefined {
  for (const { rule, pattern } of ws.faults) {
    if (rule.vendor !== vendor) continue
    if (rule.method && rule.method !== method) continue
    if (pattern && !pattern.test(route)) continue
    if (rule.times !== undefined && rule.fired >= rule.times) continue
    if (rule.probability !== undefined && ws.random('faults').next() >= rule.probability) continue
    rule.fired += 1
    ws.touch()
    return rule
  }
  return undefined
}

const RULE_KEYS = new Set([
  'vendor',
  'method',
  'path',
  'workspace',
  'error',
  'status',
  'body',
  'headers',
  'delay_ms',
  'times',
  'probability',
  'drop',
])

/** Checks a posted rule; returns the problem, or the rule. */
export function parseRule(rt: Runtime, input: Record<string, unknown>): string | Omit<FaultRule, 'id' | 'fired'> {
  for (const k of Object.keys(input))
    if (!RULE_KEYS.has(k)) return `unknown key ${JSON.stringify(k)}; a rule has ${[...RULE_KEYS].join(', ')}`
  const { vendor, method, path, workspace, error, status, body, headers, delay_ms, times, probability, drop } = input
  if (typeof vendor !== 'string' || !rt.vendorById.has(vendor)) return `vendor must be one of ${[...rt.vendorById.keys()].join(', ')}`
  const v = rt.vendorById.get(vendor)!
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) return 'method must be an HTTP method name'
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/')))
    return 'path must be a route pattern relative to the vendor mount, starting with /'
  if (workspace !== undefined && typeof workspace !== 'string') return 'workspace must be a string'
  if (error !== undefined && (typeof error !== 'string' || !knownErrorId(v, error)))
    return `error must be an id of GET /__sandbox/errors?vendor=${vendor}`
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599))
    return 'status must be an integer from 100 to 599'
  if (
    headers !== undefined &&
    (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Object.values(headers).some((h) => typeof h !== 'string'))
  )
    return 'headers must be an object of strings'
  if (delay_ms !== undefined && (!Number.isInteger(delay_ms) || (delay_ms as number) < 0 || (delay_ms as number) > 30_000))
    return 'delay_ms must be an integer from 0 to 30000'
  if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1)) return 'times must be a positive integer'
  if (probability !== undefined && (typeof probability !== 'number' || probability < 0 || probability > 1))
    return 'probability must be a number from 0 to 1'
  if (drop !== undefined && typeof drop !== 'boolean') return 'drop must be a boolean'
  if (error === undefined && status === undefined && delay_ms === undefined && drop !== true)
    return 'a rule needs an effect: error, status, delay_ms or drop'
  if (error !== undefined && status !== undefined) return 'give either error or status, not both'
  return {
    vendor,
    ...(method !== undefined ? { method: (method as string).toUpperCase() } : {}),
    ...(path !== undefined ? { path: path as string } : {}),
    ...(workspace !== undefined ? { workspace: workspace as string } : {}),
    ...(error !== undefined ? { error: error as string } : {}),
    ...(status !== undefined ? { status: status as number } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(headers !== undefined ? { headers: headers as Record<string, string> } : {}),
    ...(delay_ms !== undefined ? { delay_ms: delay_ms as number } : {}),
    ...(times !== undefined ? { times: times as number } : {}),
    ...(probability !== undefined ? { probability: probability as number } : {}),
    ...(drop !== undefined ? { drop: drop as boolean } : {}),
  }
}

export function faultRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.post('/faults', async (c) => {
    const input = await readObject(c)
    if (typeof input === 'string') return controlError(c, 400, 'invalid_body', input)
    const parsed = parseRule(rt, input)
    if (typeof parsed === 'string') return controlError(c, 400, 'invalid_body', parsed)
    // A rule naming another workspace is stored there: rules belong to a workspace.
    const ws = await workspaceOf(c, rt, parsed.workspace)
    ws.faultSeq += 1
    const rule: FaultRule = { id: `fault_${ws.faultSeq}`, ...parsed, fired: 0 }
    ws.faults.push({ rule, pattern: rule.path ? compilePattern(rule.path) : undefined })
    ws.touch()
    return c.json(rule, 201)
  })
  app.get('/faults', async (c) => {
    const ws = await existingWorkspace(c, rt)
    return list(
      c,
      (ws?.faults ?? []).map((f) => f.rule),
    )
  })
  app.delete('/faults', async (c) => {
    const ws = await existingWorkspace(c, rt)
    if (!ws) return c.json({ deleted: 0 })
    const count = ws.faults.length
    ws.faults = []
    ws.touch()
    return c.json({ deleted: count })
  })
  app.delete('/faults/:id', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const id = c.req.param('id')
    const before = ws?.faults.length ?? 0
    if (ws) ws.faults = ws.faults.filter((f) => f.rule.id !== id)
    if ((ws?.faults.length ?? 0) === before)
      return controlError(c, 404, 'not_found', `no fault rule ${id} in workspace ${c.get('sb').workspaceId}`)
    ws?.touch()
    return c.json({ deleted: 1 })
  })
  return app
}
