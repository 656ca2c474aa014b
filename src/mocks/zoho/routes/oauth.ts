import { sendEmpty, sendJson } from '../../../lib/reply.js'
import type { VendorContext, VendorRouter } from '../../../lib/vendor.js'
import { VendorError } from '../../../lib/vendor-error.js'
import { dataCentre } from '../constants.js'
import { JSON_TYPE } from '../errors.js'
import type { ZohoState } from '../model.js'
import { authorize, revoke, token } from '../service/oauth.js'
import { readInput } from '../wire.js'

const REDACTED = '[redacted]'

/** Parameters from query and body; an unreadable body counts as no parameters (OAuth errors, not Sign API ones). */
async function oauthInput(c: VendorContext): Promise<(name: string) => string | undefined> {
  try {
    return (await readInput(c)).param
  } catch (err) {
    if (!(err instanceof VendorError) || err.catalogueId !== 'zoho.unable_to_process') throw err
    return (name) => c.req.query(name)
  }
}

/** Zoho Accounts OAuth (spec §4): errors of the token endpoint are HTTP 200 `{"error":…}`. */

export function oauthRoutes(r: VendorRouter<ZohoState>): void {
  r.get('/oauth/v2/auth', (c, ws) => {
    const q = (k: string) => c.req.query(k)
    const location = authorize(
      ws,
      {
        client_id: q('client_id'),
        redirect_uri: q('redirect_uri'),
        response_type: q('response_type'),
        scope: q('scope'),
        state: q('state'),
        access_type: q('access_type'),
        sandbox_consent: q('sandbox_consent'),
      },
      dataCentre(c.get('sb')),
      c.get('sb').base,
    )
    return sendEmpty(c, 302, { location })
  })
  r.post('/oauth/v2/token', async (c, ws) => {
    const input = await oauthInput(c)
    const reply = token(ws, input, dataCentre(c.get('sb')))
    const res = sendJson(c, 200, reply, JSON_TYPE)
    // The journal keeps the reply text: minted tokens are secrets there.
    c.get('sb').responseText = JSON.stringify({
      ...reply,
      access_token: REDACTED,
      ...('refresh_token' in reply ? { refresh_token: REDACTED } : {}),
    })
    return res
  })
  r.post('/oauth/v2/token/revoke', async (c, ws) => {
    return sendJson(c, 200, revoke(ws, await oauthInput(c)), JSON_TYPE)
  })
}
