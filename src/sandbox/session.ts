import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { SandboxContext, SandboxEnv } from '../lib/context.js'
import { controlError } from '../lib/control-reply.js'

/**
 * The admin token for people: the dashboard's login sets a session cookie
 * that authorises control-plane calls like `Authorization: Bearer <token>`.
 * Cookie and anti-CSRF values are HMACs of the token, so they need no server
 * state, survive restarts and hold on every instance sharing a Redis store;
 * changing the token logs everyone out.
 */

export const SESSION_COOKIE = 'esign_sandbox_session'
/** Cookie-authorised writes must carry this header with the page's CSRF value (a form on another site cannot set it). */
export const CSRF_HEADER = 'x-sandbox-csrf'

const derive = (token: string, purpose: string) => createHmac('sha256', token).update(`esign-sandbox ${purpose} v1`).digest('base64url')

export interface AdminSession {
  /** Value of the session cookie. */
  cookie: string
  /** Value of the anti-CSRF header. */
  csrf: string
}

export function adminSession(token: string): AdminSession {
  return { cookie: derive(token, 'session'), csrf: derive(token, 'csrf') }
}

/** Constant-time comparison: the time taken does not tell how much of a guess was right. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(given).digest()
  const b = createHmac('sha256', 'compare').update(expected).digest()
  return timingSafeEqual(a, b)
}

export function cookieOf(c: SandboxContext, name: string): string | undefined {
  const header = c.req.header('cookie')
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export type Caller = 'bearer' | 'cookie' | 'none'

/** How this request proves it knows the admin token. */
export function callerOf(c: SandboxContext, token: string): Caller {
  const m = /^Bearer\s+(.+)$/i.exec((c.req.header('authorization') ?? '').trim())
  if (m && sameSecret(m[1].trim(), token)) return 'bearer'
  const cookie = cookieOf(c, SESSION_COOKIE)
  if (cookie && sameSecret(cookie, adminSession(token).cookie)) return 'cookie'
  return 'none'
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Guards every control-plane route registered after it when the sandbox has an admin token. */
export function adminGuard(token: string): MiddlewareHandler<SandboxEnv> {
  const { csrf } = adminSession(token)
  return async (c, next) => {
    const caller = callerOf(c, token)
    if (caller === 'none')
      return controlError(
        c,
        401,
        'unauthorized',
        'this sandbox has an admin token: send Authorization: Bearer <token> to /__sandbox routes (or log in at /__sandbox/)',
      )
    if (caller === 'cookie' && !SAFE.has(c.req.method) && !sameSecret(c.req.header(CSRF_HEADER) ?? '', csrf))
      return controlError(c, 403, 'csrf', `a write authorised by the session cookie needs the ${CSRF_HEADER} header of the dashboard page`)
    await next()
  }
}

/** `Set-Cookie` for a login (or, with `value` empty, a logout). */
export function sessionCookie(value: string, secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict']
  if (secure) attrs.push('Secure')
  if (!value) attrs.push('Max-Age=0')
  return attrs.join('; ')
}
