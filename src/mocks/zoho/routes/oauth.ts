import { sendEmpty, sendJson } from '../../../lib/reply.js'
import { header } from '../../../lib/context.js'
import type { VendorContext, VendorRouter } from '../../../lib/vendor.js'
import { VendorError } from '../../../lib/vendor-error.js'
import { dataCentre } from '../constants.js'
import { JSON_TYPE } from '../errors.js'
import type { ZohoState } from '../model.js'
import { authorize, basicCredentials, revoke, token, userInfo } from '../service/oauth.js'
import { readInput } from '../wire.js'

const REDACTED = '[redacted]'

/** Parameters from query and body; an unreadable body counts as no parameters (OAuth errors, not Sign API ones). */
type Params = (name: string) => string | undefined

async function oauthInput(c: VendorContext): Promise<Params> {
  try {
    return (await readInput(c)).param
  } catch (err) {
    if (!(err instanceof VendorError) || err.catalogueId !== 'zoho.unable_to_process') throw err
    return (name) => c.req.query(name)
  }
}

/**
 * Client authentication by HTTP Basic (RFC 6749 §2.3.1, spec §6.6): with `Authorization: Basic`, its
 * client id and secret stand for the body's; a header that does not decode names no client.
 */
function withBasicClient(c: VendorContext, params: Params): Params {
  const authorization = header(c, 'authorization')
  if (authorization === undefined || !/^\s*basic(\s|$)/i.test(authorization)) return params
  const client = basicCredentials(authorization)
  return (name) => (name === 'client_id' || name === 'client_secret' ? client?.[name] : params(name))
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
    const input = withBasicClient(c, await oauthInput(c))
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
  r.get('/oauth/user/info', (c, ws) => sendJson(c, 200, userInfo(ws, header(c, 'authorization'), dataCentre(c.get('sb')).dc), JSON_TYPE))
  r.post('/oauth/v2/token/revoke', async (c, ws) => {
    return sendJson(c, 200, revoke(ws, await oauthInput(c)), JSON_TYPE)
  })
}
