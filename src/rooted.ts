import type { SandboxBindings } from './lib/context.js'
import { splitWorkspace, targetOf } from './lib/url.js'

/**
 * The doors that serve one mount at the root of an origin — MSW on a vendor's
 * real host, `--mount-port` — hand requests to the same `app.fetch` as the
 * HTTP server: `<origin>[/ws/<id>]/<vendor path>` becomes
 * `[/ws/<id>]<prefix>/<vendor path>`, with the origin passed on so the links
 * the request is handed name it (and `/ws/<id>` when the caller chose a
 * workspace: the same door leads back to it).
 */
export type AppFetch = (request: Request, env: SandboxBindings) => Response | Promise<Response>

/** `[/ws/<id>]<prefix><rest>` for a path + query reached at the root of the mount's origin. */
export function mountedTarget(target: string, prefix: string): string {
  const ws = splitWorkspace(target)
  const rest = ws.rest === '/' ? '' : ws.rest
  return ws.id === undefined ? `${prefix}${rest}` : `/ws/${ws.id}${prefix}${rest}`
}

export interface RootedOptions {
  /** `<scheme>://<host>` the client called. */
  origin: string
  /** The mount's prefix, e.g. `/okdokument`. */
  prefix: string
  /** Workspace for requests that choose none (`handlers({ workspace })`). */
  workspace?: string
  /** Bindings of the HTTP server that received the request (`--mount-port`). */
  env?: SandboxBindings
}

export function forwardRooted(fetchApp: AppFetch, request: Request, opts: RootedOptions): Response | Promise<Response> {
  // Copied entry by entry: `new Headers(request.headers)` drops every header but
  // Content-Type when MSW built the request from a FormData body.
  const headers = new Headers()
  request.headers.forEach((value, name) => headers.append(name, value))
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    redirect: 'manual',
  }
  if (hasBody) init.duplex = 'half'
  const env: SandboxBindings = { ...opts.env, sandboxOrigin: opts.origin }
  if (opts.workspace) env.defaultWorkspace = opts.workspace
  return fetchApp(new Request(`http://sandbox.local${mountedTarget(targetOf(request.url), opts.prefix)}`, init), env)
}
