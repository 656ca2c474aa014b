import type { Context } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import { BodyTooLargeError, ControlError, VendorError } from '../lib/vendor-error.js'
import { controlError } from '../lib/control-reply.js'
import { clientGone } from '../lib/connection.js'
import type { Runtime } from '../runtime.js'

/** What `app.onError` answers, also used by vendor routes that catch their own errors. */
export async function errorResponse(rt: Runtime, c: Context<SandboxEnv>, err: unknown): Promise<Response> {
  const sb = c.get('sb')
  if (err instanceof ControlError) return controlError(c, err.status, err.code, err.message, err.extra)
  const vendor = sb?.vendorId ? rt.vendorById.get(sb.vendorId) : undefined
  if (sb && clientGone(c.env?.incoming, c.env?.incoming ? undefined : c.req.raw.signal)) {
    // Nobody is left to answer: not a sandbox fault, so nothing to log; the journal marks it aborted.
    sb.aborted = true
    return new Response(null, { status: 499 })
  }
  // The workspace is open for every vendor error but one thrown while opening it, which is the sandbox's own.
  const ws = vendor ? c.get('ws')?.handle(vendor.id) : undefined
  if (!vendor || !ws) {
    rt.log('error', `[${sb?.requestId}] unexpected error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`)
    return controlError(c, 500, 'internal_error', 'unexpected error in the sandbox')
  }
  try {
    if (err instanceof VendorError) return await vendor.errors.render(c, err, ws)
    if (err instanceof BodyTooLargeError) return await vendor.errors.render(c, vendor.errors.tooLarge(c), ws)
    rt.log(
      'error',
      `[${sb.requestId} ws=${sb.workspaceId}] unexpected error in ${vendor.id} on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`,
    )
    return await vendor.errors.render(c, new VendorError(vendor.errors.internal), ws)
  } catch (renderErr) {
    rt.log('error', `rendering ${vendor.id} error failed: ${(renderErr as Error).stack ?? String(renderErr)}`)
    return c.body(null, 500)
  }
}
