import { mountBase } from '../../../lib/context.js'
import { sendEmpty, sendJson } from '../../../lib/reply.js'
import type { VendorRouter } from '../../../lib/vendor.js'
import { ACCOUNTS_PREFIX, dataCentre } from '../constants.js'
import { JSON_TYPE } from '../errors.js'
import type { ZohoState } from '../model.js'
import { authorize, revoke, token } from '../service/oauth.js'
import { readInput } from './input.js'

/** Zoho Accounts OAuth (spec §4): errors of the token endpoint are HTTP 200 `{"error":…}`. */

export function oauthRoutes(r: VendorRouter<ZohoState>): void {
  r.get('/oauth/v2/auth', (c, ws) => {
    const q = (k: string) => c.req.query(k)
    const location = authorize(
      ws,
      { client_id: q('client_id'), redirect_uri: q('redirect_uri'), response_type: q('response_type'), scope: q('scope'), state: q('state'), access_type: q('access_type'), sandbox_consent: q('sandbox_consent') },
      dataCentre(c.var.sb),
      mountBase(c.var.sb, ACCOUNTS_PREFIX),
    )
    return sendEmpty(c, 302, { location })
  })
  r.post('/oauth/v2/token', async (c, ws) => {
    const input = await readInput(c)
    return sendJson(c, 200, token(ws, input.param, dataCentre(c.var.sb)), JSON_TYPE)
  })
  r.post('/oauth/v2/token/revoke', async (c, ws) => {
    const input = await readInput(c)
    return sendJson(c, 200, revoke(ws, input.param), JSON_TYPE)
  })
}
