import type { MiddlewareHandler } from 'hono'
import type { SandboxEnv } from '../../../lib/context.js'
import { sendBytes, sendJson } from '../../../lib/reply.js'
import { VendorError } from '../../../lib/vendor-error.js'
import type { VendorContext } from '../../../lib/vendor.js'
import { VENDOR_ID, dataCentre } from '../constants.js'
import { JSON_TYPE, errors } from '../errors.js'
import type { ZohoState } from '../model.js'
import { authenticate, requireScope, type Operation, type Principal, type Resource } from '../service/auth.js'
import type { Download } from '../service/downloads.js'
import { sweep } from '../service/lifecycle.js'
import type { Env, ZWs } from '../service/workspace.js'

/** What every Sign API route shares: the auth hook, scope guard, replies. */

const principals = new WeakMap<object, Principal>()

export const signEnv = (c: VendorContext, ws: ZWs): Env => ({ ws, signBase: c.get('sb').base })

/**
 * Zoho authenticates before routing (9031 on every `/api/v1` path): token,
 * account gates, then the clock sweep; the route itself checks the scope.
 */
export const authHook: MiddlewareHandler<SandboxEnv> = async (c, next) => {
  const route = c.get('sb').route ?? '/'
  if (route !== '/api/v1' && !route.startsWith('/api/v1/')) return next()
  try {
    const ws = c.get('ws').handle<ZohoState>(VENDOR_ID)
    principals.set(c, authenticate(ws, c.req.header('authorization'), dataCentre(c.get('sb')).dc))
    sweep(signEnv(c, ws))
  } catch (err) {
    if (!(err instanceof VendorError)) throw err
    c.res = await errors.render(c, err)
    return
  }
  await next()
}

/** The authenticated caller, once the scope (any of `needs`) is checked. */
export function guard(c: VendorContext, ...needs: [Resource, Operation][]): Principal {
  const p = principals.get(c)
  if (!p) throw new VendorError('zoho.ticket_invalid')
  requireScope(p, ...needs)
  return p
}

export const ok = (c: VendorContext, body: Record<string, unknown>) => sendJson(c, 200, body, JSON_TYPE)

/** `{"code":0,"message":…,"status":"success"}`. */
export const done = (c: VendorContext, message: string) => ok(c, { code: 0, message, status: 'success' })

/** `filename` first with a safe ASCII name, `filename*` second with the exact one (spec §2.5). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\;=/]/g, '_')
  const exact = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`
}

export const sendDownload = (c: VendorContext, d: Download) =>
  sendBytes(c, 200, d.bytes, d.contentType, { 'content-disposition': contentDisposition(d.filename) })
