import { VendorError } from '../../../lib/vendor-error.js'
import { ERROR_ID, unprocessable } from '../errors.js'
import { collect } from '../fields.js'
import { fecha, TOKEN_TTL_MIN, type Caller, type SignioWs, type User } from '../model.js'
import { credentialsSchema, loginSchema } from '../schemas.js'

/** Tokens of §6.1 and §6.21 (signio.md §2.1): one user, one client, a lifetime on the sandbox clock. */

const TOKEN_LENGTH = 64

/** On every authenticated call: unknown/expired → 01, user inactive → 02, client inactive → 03. */
export function authenticate(ws: SignioWs, token: string | undefined): Caller {
  const t = token === undefined ? undefined : ws.state.tokens.get(token)
  if (!t) throw new VendorError(ERROR_ID.tokenInvalid)
  if (t.expires_at !== null && ws.now() >= t.expires_at) throw new VendorError(ERROR_ID.tokenExpired)
  const user = ws.state.users.get(t.email.toLowerCase())
  if (!user?.activo) throw new VendorError(ERROR_ID.userInactive)
  if (!ws.state.clients.get(t.tenant)?.activo) throw new VendorError(ERROR_ID.clientInactive)
  return { email: user.email, tenant: t.tenant }
}

/** Credentials first, then user and client status (§2.4): a wrong password is 01 even for an inactive user. */
function checkCredentials(ws: SignioWs, email: string, password: string): User {
  const user = ws.state.users.get(email.toLowerCase())
  if (!user || user.password !== password) throw new VendorError(ERROR_ID.credentials)
  if (!user.activo) throw new VendorError(ERROR_ID.userInactive)
  return user
}

function issue(ws: SignioWs, user: User, tenant: string, ttlMin: number): { token: string; expires_at: number } {
  const token = ws.random.string(TOKEN_LENGTH)
  const expires_at = ws.now() + ttlMin * 60_000
  ws.state.tokens.set(token, { token, email: user.email, tenant, expires_at })
  return { token, expires_at }
}

/** §6.1: a token for the user's first client, valid 120 minutes. */
export function generarToken(ws: SignioWs, input: Record<string, unknown>): string {
  const { data, errores } = collect(credentialsSchema, input)
  if (!data) throw unprocessable(errores)
  const user = checkCredentials(ws, data.email, data.password)
  const first = user.clients[0]
  if (!ws.state.clients.get(first)?.activo) throw new VendorError(ERROR_ID.clientInactive)
  if (user.falla) throw new VendorError(ERROR_ID.internal)
  return issue(ws, user, first, TOKEN_TTL_MIN).token
}

/** §6.21: one token per active client of the user, in the user's client order. */
export function login(ws: SignioWs, input: Record<string, unknown>): { token: string; tenant: string; expires_at: string }[] {
  const { data, errores } = collect(loginSchema, input)
  if (!data) throw unprocessable(errores)
  const user = checkCredentials(ws, data.email, data.password)
  const active = user.clients.filter((t) => ws.state.clients.get(t)?.activo)
  if (active.length === 0) throw new VendorError(ERROR_ID.clientInactive)
  if (user.falla) throw new VendorError(ERROR_ID.internal)
  return active.map((tenant) => {
    const t = issue(ws, user, tenant, data.ttl ?? TOKEN_TTL_MIN)
    return { token: t.token, tenant, expires_at: fecha(t.expires_at) }
  })
}
