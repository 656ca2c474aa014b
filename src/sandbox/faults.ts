import { Hono } from 'hono'
import { z } from 'zod'
import type { SandboxEnv } from '../lib/context.js'
import { compilePattern, overlaps } from '../lib/pattern.js'
import { mountRoutes } from '../lib/vendor.js'
import { controlError } from '../lib/control-reply.js'
import type { FaultRule } from '../state/workspace.js'
import type { Runtime } from '../runtime.js'
import { knownErrorId } from '../pipeline/forcing.js'
import { existingWorkspace, list, readObject, workspaceOf } from './util.js'

/** A posted fault rule (sandbox.md §4), checked against the mounted vendors and their catalogues. */
export function faultRuleSchema(rt: Runtime) {
  const vendors = [...rt.vendorById.keys()]
  const probability = 'probability must be a number from 0 to 1'
  const headers = 'headers must be an object of strings'
  const int = (min: number, max: number, message: string) => z.number(message).int(message).min(min, message).max(max, message)
  const vendor = `vendor must be one of ${vendors.join(', ')}`
  const method = 'method must be an HTTP method name'
  const path = 'path must be a route pattern relative to the vendor mount, starting with /'
  const errorId = (v: string) => `error must be an id of GET /__sandbox/errors?vendor=${v}`
  const shape = {
    vendor: z
      .string(vendor)
      .refine((v) => rt.vendorById.has(v), vendor)
      .describe(`vendor id: ${vendors.join(', ')}`),
    method: z
      .string(method)
      .regex(/^[A-Za-z]+$/, method)
      .transform((m) => m.toUpperCase())
      .optional()
      .describe('HTTP method; absent = any'),
    path: z
      .string(path)
      .startsWith('/', path)
      .optional()
      .describe('route pattern relative to the vendor mount, e.g. /JSON/document/:documentId; absent = any'),
    workspace: z.string('workspace must be a string').optional().describe('only in this workspace'),
    error: z.string('error must be an id of GET /__sandbox/errors').optional().describe('catalogue id (GET /__sandbox/errors)'),
    status: int(100, 599, 'status must be an integer from 100 to 599').optional().describe('answer this status instead'),
    body: z.unknown().optional().describe('the body answered with status'),
    headers: z.record(z.string(), z.string(headers), headers).optional().describe('headers answered with status'),
    delay_ms: int(0, 30_000, 'delay_ms must be an integer from 0 to 30000').optional().describe('wait this long first'),
    times: int(1, Infinity, 'times must be a positive integer').optional().describe('fire this many times, then stop'),
    probability: z.number(probability).min(0, probability).max(1, probability).optional().describe('fire with this seeded probability'),
    drop: z.boolean('drop must be a boolean').optional().describe('close the connection without an answer'),
  }
  const keys = Object.keys(shape).join(', ')
  return z
    .strictObject(shape, {
      error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key ${JSON.stringify(iss.keys[0])}; a rule has ${keys}` : undefined),
    })
    .superRefine((rule, ctx) => {
      if (rule.error !== undefined && !knownErrorId(rt.vendorById.get(rule.vendor)!, rule.error))
        ctx.addIssue({ code: 'custom', path: ['error'], message: errorId(rule.vendor) })
      if (rule.error === undefined && rule.status === undefined && rule.delay_ms === undefined && rule.drop !== true)
        ctx.addIssue({ code: 'custom', message: 'a rule needs an effect: error, status, delay_ms or drop' })
      if (rule.error !== undefined && rule.status !== undefined)
        ctx.addIssue({ code: 'custom', message: 'give either error or status, not both' })
      if (rule.path !== undefined && rt.vendorById.has(rule.vendor) && !pathCanMatch(rt, rule.vendor, rule.path))
        ctx.addIssue({
          code: 'custom',
          path: ['path'],
          message: `path ${JSON.stringify(rule.path)} matches no ${rule.vendor} route, so the rule would never fire; GET /__sandbox/vendors lists the routes`,
        })
    })
}

/**
 * Whether a rule's path can match a request to one of the vendor's routes. A vendor that
 * applies rules before routing (Zoho: every path, even an unknown one) takes any path.
 */
function pathCanMatch(rt: Runtime, vendor: string, path: string): boolean {
  const mounts = rt.mounts.filter((m) => m.vendor.id === vendor)
  if (mounts.some((m) => m.def.hooksFirst)) return true
  return mounts.some((m) => mountRoutes(m.def).some((r) => overlaps(path, r.path)))
}

/** Checks a posted rule; returns the problem, or the rule. */
export function parseRule(
  schema: ReturnType<typeof faultRuleSchema>,
  input: Record<string, unknown>,
): string | Omit<FaultRule, 'id' | 'fired'> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) return parsed.error.issues[0].message
  return parsed.data
}

export function faultRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  const ruleSchema = faultRuleSchema(rt)
  app.post('/faults', async (c) => {
    const input = await readObject(c)
    if (typeof input === 'string') return controlError(c, 400, 'invalid_body', input)
    const parsed = parseRule(ruleSchema, input)
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
