import { createRequire } from 'node:module'
import type { HttpHandler } from 'msw'
import type { Hono } from 'hono'
import type { SandboxEnv } from './lib/context.js'
import { isDropped } from './lib/reply.js'
import type { Runtime } from './runtime.js'

export interface HandlerOptions {
  /** Workspace for requests that do not choose one with `X-Sandbox-Workspace` (default `default`). */
  workspace?: string
  /** Real hosts per vendor id, replacing the configured ones for these handlers. */
  hosts?: Record<string, string[]>
}

type Msw = typeof import('msw')

/**
 * MSW handlers: one `http.all` for every real vendor host, handing the request
 * to the same `app.fetch` (and store) the server uses. One handler, not one per
 * host: MSW parses the request once per handler it tries, which cost more than
 * the sandbox's own work. msw is a peer dependency, loaded only when handlers
 * are asked for.
 */
/** msw is an optional peer dependency: say how to get it rather than failing with a bare MODULE_NOT_FOUND. */
function loadMsw(): Msw {
  try {
    return createRequire(import.meta.url)('msw') as Msw
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err
    throw new Error(
      'esign-sandbox: handlers() needs msw, an optional peer dependency that is not installed. Install it: npm install --save-dev msw',
      { cause: err },
    )
  }
}

export function buildHandlers(rt: Runtime, app: Hono<SandboxEnv>, options: HandlerOptions = {}): HttpHandler[] {
  const { http, HttpResponse } = loadMsw()
  const prefixByOrigin = new Map<string, string>()
  for (const m of rt.mounts) {
    for (const host of options.hosts?.[m.vendor.id] ?? m.hosts) {
      const origin = host.replace(/\/+$/, '')
      if (!prefixByOrigin.has(origin)) prefixByOrigin.set(origin, m.prefix)
    }
  }
  if (prefixByOrigin.size === 0) return []
  const alternatives = [...prefixByOrigin.keys()].map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  return [
    // No capturing groups: MSW then decodes no path params, so a malformed escape (`%E0%A4%A`)
    // reaches the vendor's own error instead of crashing MSW's matcher with a stack-trace 500.
    http.all(new RegExp(`^(?:${alternatives})/`, 'i'), async ({ request }) => {
      const url = request.url
      const origin = url.slice(0, url.indexOf('/', url.indexOf('://') + 3))
      const prefix = prefixByOrigin.get(origin) ?? prefixByOrigin.get(origin.toLowerCase())
      if (prefix === undefined) return undefined
      const res = await forward(app, request, origin, prefix, options.workspace)
      return isDropped(res) ? HttpResponse.error() : res
    }),
  ]
}

export async function forward(
  app: Hono<SandboxEnv>,
  request: Request,
  origin: string,
  prefix: string,
  workspace?: string,
): Promise<Response> {
  const url = request.url
  const pathStart = url.indexOf('/', url.indexOf('://') + 3)
  const rest = pathStart < 0 ? '/' : url.slice(pathStart)
  // Copied entry by entry: `new Headers(request.headers)` drops every header but
  // Content-Type when MSW built the request from a FormData body.
  const headers = new Headers()
  request.headers.forEach((value, name) => headers.append(name, value))
  if (workspace && !headers.get('x-sandbox-workspace')) headers.set('x-sandbox-workspace', workspace)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    redirect: 'manual',
  }
  if (hasBody) init.duplex = 'half'
  return app.fetch(new Request(`http://sandbox.local${prefix}${rest === '/' ? '' : rest}`, init), { sandboxOrigin: origin })
}

/** `import { handlers } from 'esign-sandbox/msw'`: the same as `sandbox.handlers(options)`. */
export function handlers(sandbox: { runtime: Runtime; app: Hono<SandboxEnv> }, options: HandlerOptions = {}): HttpHandler[] {
  return buildHandlers(sandbox.runtime, sandbox.app, options)
}
