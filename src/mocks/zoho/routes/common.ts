import type { MiddlewareHandler } from 'hono'
import { header, type SandboxEnv } from '../../../lib/context.js'
import { VendorError } from '../../../lib/vendor-error.js'
import type { VendorContext } from '../../../lib/vendor.js'
import { VENDOR_ID, dataCentre } from '../constants.js'
import { errors } from '../errors.js'
import type { ZohoState, ZWs } from '../model.js'
import { authenticate, requireScope, type Operation, type Principal, type Resource } from '../service/auth.js'
import { sweep } from '../service/lifecycle.js'
import type { Env } from '../service/workspace.js'

/** What every Sign API route shares: the auth hook and the scope guard. */

declare module 'hono' {
  /** The caller authHook authenticated, for the route's scope check (set only on `/api/v1` paths). */
  interface ContextVariableMap {
    zohoPrincipal: Principal
  }
}

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
    c.set('zohoPrincipal', authenticate(ws, header(c, 'authorization'), dataCentre(c.get('sb')).dc))
    sweep(signEnv(c, ws))
  } catch (err) {
    if (!(err instanceof VendorError)) throw err
    c.res = await errors.render(c, err, c.get('ws').handle(VENDOR_ID))
    return
  }
  await next()
}

/** The authenticated caller, once the scope (any of `needs`) is checked. */
export function guard(c: VendorContext, ...needs: [Resource, Operation][]): Principal {
  const p = c.get('zohoPrincipal') as Principal | undefined
  if (!p) throw new VendorError('zoho.ticket_invalid')
  requireScope(p, ...needs)
  return p
}
