import { header, type SandboxContext } from '../lib/context.js'
import { BodyTooLargeError, VendorError } from '../lib/vendor-error.js'
import { controlError } from '../lib/control-reply.js'
import { dropResponse } from '../lib/reply.js'
import type { AnyVendor } from '../lib/vendor.js'
import type { FaultRule, Workspace } from '../state/workspace.js'
import type { MountRuntime } from '../runtime.js'

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
export const MAX_DELAY_MS = 30_000

/** A catalogue error as the vendor renders it, its template filled from the request. */
export async function renderForced(c: SandboxContext, vendor: AnyVendor, ws: Workspace, id: string): Promise<Response> {
  const details = vendor.errors.forcedDetails ? await vendor.errors.forcedDetails(c) : {}
  return vendor.errors.render(c, new VendorError(id, { ...details, forced: true }), ws.handle(vendor.id))
}

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

export function knownErrorId(vendor: AnyVendor, id: string): boolean {
  return vendor.errors.entries.some((e) => e.id === id)
}

/** Whether `applyHooks` could do anything for this request: most requests skip it without an await. */
export function needsHooks(c: SandboxContext, ws: Workspace): boolean {
  return (
    ws.faults.length > 0 ||
    header(c, 'x-sandbox-error') !== undefined ||
    header(c, 'x-sandbox-delay') !== undefined ||
    header(c, 'content-length') !== undefined
  )
}

/**
 * Per-request forcing (`X-Sandbox-Delay`, `X-Sandbox-Error`), then fault
 * rules, then the early body-size check. Runs once the route is known (or
 * first of all on `hooksFirst` mounts). Returns the response that replaces
 * the vendor's, if any.
 */
export async function applyHooks(c: SandboxContext, m: MountRuntime, ws: Workspace): Promise<Response | undefined> {
  const vendor = m.vendor
  const delayHeader = header(c, 'x-sandbox-delay')
  let delay = 0
  if (delayHeader !== undefined && delayHeader.trim() !== '') {
    const d = delayHeader.trim()
    if (!/^\d+$/.test(d) || Number(d) > MAX_DELAY_MS)
      return controlError(c, 400, 'invalid_delay', `X-Sandbox-Delay must be an integer number of milliseconds from 0 to ${MAX_DELAY_MS}`)
    delay = Number(d)
  }
  const forcedId = header(c, 'x-sandbox-error')?.trim()
  if (forcedId) {
    if (!knownErrorId(vendor, forcedId)) {
      return controlError(
        c,
        400,
        'unknown_error_id',
        `${JSON.stringify(forcedId)} is not in the ${vendor.id} error catalogue; see GET /__sandbox/errors?vendor=${vendor.id}`,
      )
    }
    if (delay) await sleep(delay)
    return renderForced(c, vendor, ws, forcedId)
  }
  if (ws.faults.length > 0) {
    const rule = matchFault(ws, vendor.id, c.req.method, c.get('sb').route ?? '/')
    if (rule) {
      if (rule.delay_ms) await sleep(rule.delay_ms)
      if (rule.drop) return dropResponse()
      if (rule.error) return renderForced(c, vendor, ws, rule.error)
      if (rule.status !== undefined) {
        const body = rule.body === undefined ? '' : typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body)
        const type = typeof rule.body === 'string' || rule.body === undefined ? 'text/plain; charset=utf-8' : 'application/json'
        c.get('sb').responseText = body
        return new Response(body === '' ? null : body, {
          status: rule.status,
          headers: { ...(body === '' ? {} : { 'content-type': type }), ...(rule.headers ?? {}) },
        })
      }
    }
  }
  if (delay) await sleep(delay)
  const declared = Number(header(c, 'content-length') ?? NaN)
  const limit = c.get('sb').bodyLimit
  if (limit !== undefined && Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit)
  return undefined
}
