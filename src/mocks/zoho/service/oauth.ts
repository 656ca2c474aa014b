import { VendorError } from '../../../lib/vendor-error.js'
import type { Ws } from '../../../lib/vendor.js'
import { ACCESS_TOKEN_TTL_MS, GRANT_CODE_TTL_MS, OWNER_ID, REFRESH_THROTTLE, REFRESH_TOKEN_CAP } from '../constants.js'
import { fail } from '../errors.js'
import type { ZClient, ZToken, ZohoState } from '../model.js'
import { headerToken, liveToken } from './auth.js'

/** Zoho Accounts: grant codes, the token endpoint's two grants, revoke (spec §4). */

export interface DcInfo {
  dc: string
  api: string
}

type Params = (name: string) => string | undefined

function mint(ws: Ws<ZohoState>, t: Omit<ZToken, 'token' | 'seq' | 'created'>): ZToken {
  const token: ZToken = { token: `1000.${ws.random.hex(32)}.${ws.random.hex(32)}`, seq: ++ws.state.meta.token_seq, created: ws.now(), ...t }
  ws.state.tokens.set(token.token, token)
  return token
}

export interface AuthorizeInput {
  client_id?: string
  redirect_uri?: string
  response_type?: string
  scope?: string
  state?: string
  access_type?: string
  sandbox_consent?: string
}

/** The 302 target of `GET /oauth/v2/auth` (consent is given at once by the owner). */
export function authorize(ws: Ws<ZohoState>, q: AuthorizeInput, dc: DcInfo, accountsBase: string): string {
  const client = q.client_id ? ws.state.clients.get(q.client_id) : undefined
  if (!client) fail('oauth_authorize_invalid_client')
  if (q.redirect_uri !== client.redirect_uri) fail('oauth_authorize_invalid_redirect_uri')
  const redirectError = (name: string) => {
    throw new VendorError(`zoho.${name}`, { redirect_uri: client.redirect_uri, state: q.state })
  }
  if (q.response_type !== 'code') redirectError('oauth_unsupported_response_type')
  const scopes = (q.scope ?? '').split(/[\s,]+/).filter(Boolean)
  if (scopes.length === 0) redirectError('oauth_invalid_scope')
  if (q.sandbox_consent === 'deny') redirectError('oauth_access_denied')
  const code = mint(ws, {
    kind: 'code',
    user_id: OWNER_ID,
    client_id: client.client_id,
    scopes,
    dc: dc.dc,
    expires_at: ws.now() + GRANT_CODE_TTL_MS,
    access_type: q.access_type === 'offline' ? 'offline' : 'online',
    redirect_uri: client.redirect_uri,
  })
  const out = new URLSearchParams()
  if (q.state !== undefined) out.set('state', q.state)
  out.set('code', code.token)
  out.set('location', dc.dc)
  out.set('accounts-server', accountsBase)
  return `${client.redirect_uri}${client.redirect_uri.includes('?') ? '&' : '?'}${out.toString()}`
}

/** `Basic base64(urlencoded id ":" urlencoded secret)` (RFC 6749 §2.3.1); undefined when it does not decode. */
export function basicCredentials(authorization: string): { client_id: string; client_secret: string } | undefined {
  const m = /^\s*basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization)
  if (!m) return undefined
  const pair = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = pair.indexOf(':')
  if (colon < 0) return undefined
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '))
    } catch {
      return v
    }
  }
  return { client_id: decode(pair.slice(0, colon)), client_secret: decode(pair.slice(colon + 1)) }
}

function checkClient(ws: Ws<ZohoState>, p: Params): ZClient {
  const id = p('client_id')
  const client = id ? ws.state.clients.get(id) : undefined
  if (!client) fail('oauth_invalid_client')
  if (p('client_secret') !== client.client_secret) fail('oauth_invalid_client_secret')
  return client
}

/** Removes a refresh token; access tokens minted from it die with it (their parent check fails). */
function revokeToken(t: ZToken, state: ZohoState): void {
  t.revoked = true
  state.tokens.set(t.token, t)
}

/** At most 20 refresh tokens per user: a new one evicts the oldest, fixtures included. */
function enforceCap(state: ZohoState, userId: string): void {
  const live = state.tokens.filter((t) => t.kind === 'refresh' && !t.revoked && t.user_id === userId).sort((a, b) => a.seq - b.seq)
  for (let i = 0; i <= live.length - REFRESH_TOKEN_CAP; i++) revokeToken(live[i], state)
}

const grantReply = (access: ZToken, dc: DcInfo, refresh?: ZToken) => ({
  access_token: access.token,
  ...(refresh ? { refresh_token: refresh.token } : {}),
  scope: access.scopes.join(' '),
  api_domain: dc.api,
  token_type: 'Bearer',
  expires_in: ACCESS_TOKEN_TTL_MS / 1000,
})

export function token(ws: Ws<ZohoState>, p: Params, dc: DcInfo): Record<string, unknown> {
  const grant = p('grant_type')
  if (grant !== 'authorization_code' && grant !== 'refresh_token') fail('oauth_unsupported_grant_type')
  const client = checkClient(ws, p)
  const now = ws.now()
  if (grant === 'authorization_code') {
    const code = ws.state.tokens.get(p('code') ?? '')
    const usable =
      code && code.kind === 'code' && !code.used && (code.expires_at ?? 0) > now && code.client_id === client.client_id && code.dc === dc.dc
    if (code && code.kind === 'code' && !code.used) {
      code.used = true
      ws.state.tokens.set(code.token, code)
    }
    if (!usable) fail('oauth_invalid_code')
    if (p('redirect_uri') !== code.redirect_uri) fail('oauth_invalid_redirect_uri')
    const base = { user_id: code.user_id, client_id: client.client_id, scopes: code.scopes, dc: dc.dc }
    let refresh: ZToken | undefined
    if (code.access_type === 'offline') {
      refresh = mint(ws, { ...base, kind: 'refresh' })
      enforceCap(ws.state, code.user_id)
    }
    const access = mint(ws, {
      ...base,
      kind: 'access',
      expires_at: now + ACCESS_TOKEN_TTL_MS,
      ...(refresh ? { parent: refresh.token } : {}),
    })
    return grantReply(access, dc, refresh)
  }
  const refresh = liveToken(ws.state, p('refresh_token') ?? '', 'refresh', dc.dc, ws)
  if (!refresh || refresh.client_id !== client.client_id) fail('oauth_invalid_code')
  const recent = (refresh.refreshes ?? []).filter((t) => t > now - REFRESH_THROTTLE.windowMs)
  if (recent.length >= refreshThrottle(ws)) fail('oauth_throttled')
  refresh.refreshes = [...recent, now]
  ws.state.tokens.set(refresh.token, refresh)
  const access = mint(ws, {
    kind: 'access',
    user_id: refresh.user_id,
    client_id: client.client_id,
    scopes: refresh.scopes,
    dc: dc.dc,
    expires_at: now + ACCESS_TOKEN_TTL_MS,
    parent: refresh.token,
  })
  return grantReply(access, dc)
}

/**
 * `GET /oauth/user/info` (spec §6.6): the token owner's names, e-mail and ZUID, for a live access token of
 * this DC sent as `Zoho-oauthtoken` or `Bearer`; otherwise Accounts' 401 `INVALID_OAUTHTOKEN`.
 */
export function userInfo(ws: Ws<ZohoState>, authorization: string | undefined, dc: string): Record<string, unknown> {
  const value = headerToken(authorization)
  const t = value === undefined ? undefined : liveToken(ws.state, value, 'access', dc, ws)
  const user = t ? ws.state.users.get(t.user_id) : undefined
  if (!user) fail('oauth_userinfo_invalid_token')
  return {
    First_Name: user.first_name,
    Email: user.user_email,
    Last_Name: user.last_name,
    Display_Name: user.user_name,
    ZUID: Number(user.user_id),
  }
}

/** Refresh grants allowed per refresh token and window: the `zoho.tokenThrottle` sandbox option, `0` = no throttle. */
function refreshThrottle(ws: { options: Readonly<Record<string, unknown>> }): number {
  const configured = ws.options.tokenThrottle
  if (typeof configured !== 'number' || !Number.isInteger(configured) || configured < 0) return REFRESH_THROTTLE.max
  return configured === 0 ? Infinity : configured
}

/** Revoking a refresh token takes its access tokens with it; unknown tokens still answer success. */
export function revoke(ws: Ws<ZohoState>, p: Params): { status: 'success' } {
  const value = p('refresh_token') ?? p('token')
  if (!value) fail('oauth_invalid_request')
  const t = ws.state.tokens.get(value)
  if (t && t.kind !== 'code') revokeToken(t, ws.state)
  return { status: 'success' }
}
