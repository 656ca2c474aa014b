import type { Ws } from '../../../lib/vendor.js'

/** What deadline checks need of the workspace: `Ws.reached`. */
export type Deadlines = Pick<Ws<unknown>, 'reached'>
import { fail } from '../errors.js'
import type { ZToken, ZUser, ZohoState } from '../model.js'

/** Sign API authentication, account gates and scopes (spec §2.1, §5). */

export interface Principal {
  user: ZUser
  token: ZToken
}

/** The scheme, then whatever follows it: empty is "no token" (9031), anything else is looked up (9041 when unknown). */
const SCHEME = /^(zoho-oauthtoken|bearer)(?:\s+(.*?))?\s*$/i

/** A token is live when it exists, is not revoked or expired, its refresh token still stands, and it belongs to this DC. */
export function liveToken(state: ZohoState, token: string, kind: ZToken['kind'], dc: string, clock: Deadlines): ZToken | undefined {
  const t = state.tokens.get(token)
  if (!t || t.kind !== kind || t.revoked) return undefined
  if (t.expires_at !== undefined && clock.reached(t.expires_at)) return undefined
  if (t.dc !== null && t.dc !== dc) return undefined
  if (t.parent) {
    const parent = state.tokens.get(t.parent)
    if (!parent || parent.revoked) return undefined
  }
  return t
}

/** The token of `Zoho-oauthtoken <t>` / `Bearer <t>` (either scheme, any case); undefined when there is none. */
export function headerToken(authorization: string | undefined): string | undefined {
  return SCHEME.exec(authorization ?? '')?.[2] || undefined
}

export function authenticate(ws: Ws<ZohoState>, authorization: string | undefined, dc: string): Principal {
  const value = headerToken(authorization)
  if (value === undefined) fail('ticket_invalid')
  const token = liveToken(ws.state, value, 'access', dc, ws)
  const user = token ? ws.state.users.get(token.user_id) : undefined
  if (!token || !user) fail('oauth_token_invalid')
  if (ws.state.accounts.get(user.account)?.trial) fail('api_credits_exhausted')
  if (token.rate_limit !== undefined) {
    const now = ws.now()
    const recent = (token.calls ?? []).filter((t) => t > now - 60_000)
    if (recent.length >= token.rate_limit) fail('api_rate_limit')
    recent.push(now)
    token.calls = recent
    ws.state.tokens.set(token.token, token)
  }
  return { user, token }
}

export type Resource = 'documents' | 'templates' | 'account'
export type Operation = 'CREATE' | 'READ' | 'UPDATE' | 'DELETE'

/** `ZohoSign.<resource>.<OP>`, `.ALL` covering every OP; any one of `needs` suffices. */
export function requireScope(p: Principal, ...needs: [Resource, Operation][]): void {
  const have = new Set(p.token.scopes.map((s) => s.toLowerCase()))
  const ok = needs.some(([res, op]) => have.has(`zohosign.${res}.all`) || have.has(`zohosign.${res}.${op.toLowerCase()}`))
  if (!ok) fail('oauth_scope_mismatch')
}
