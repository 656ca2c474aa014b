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
 * MSW handlers: one `http.all` per real vendor host, handing the request to
 * the same `app.fetch` (and store) the server uses. msw is a peer dependency,
 * loaded only when handlers are asked for.
 */
export function buildHandlers(rt: Runtime, app: Hono<SandboxEnv>, options: HandlerOptions = {}): HttpHandler[] {
  const { http, HttpResponse } = createRequire(import.meta.url)('msw') as Msw
  const handlers: HttpHandler[] = []
  for (const m of rt.mounts) {
    const hosts = options.hosts?.[m.vendor.id] ?? m.hosts
    for (const host of hosts) {
      const origin = host.replace(/\/+$/, '')
      handlers.push(
        http.all(`${origin}/*`, async ({ request }) => {
          const res = await forward(app, request, origin, m.prefix, options.workspace)
          return isDropped(res) ? HttpResponse.error() : res
        }),
      )
    }
  }
  return handlers
}

export async function forward(app: Hono<SandboxEnv>, request: Request, origin: string, prefix: string, workspace?: string): Promise<Response> {
  const url = request.url
  const pathStart = url.indexOf('/', url.indexOf('://') + 3)
  const rest = pathStart < 0 ? '/' : url.slice(pathStart)
  // Copied entry by entry: for bodies such as FormData, `new Headers(request.headers)`
  // keeps only the content-type of the intercepted request and drops the caller's headers.
  const headers = new Headers()
  request.headers.forEach((value, key) => headers.set(key, value))
  if (workspace && !headers.get('x-sandbox-workspace')) headers.set('x-sandbox-workspace', workspace)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, body: hasBody ? request.body : undefined, redirect: 'manual' }
  if (hasBody) init.duplex = 'half'
  return app.fetch(new Request(`http://sandbox.local${prefix}${rest === '/' ? '' : rest}`, init), { sandboxOrigin: origin })
}

/** `import { handlers } from 'esign-sandbox/msw'`: the same as `sandbox.handlers(options)`. */
export function handlers(sandbox: { runtime: Runtime; app: Hono<SandboxEnv> }, options: HandlerOptions = {}): HttpHandler[] {
  return buildHandlers(sandbox.runtime, sandbox.app, options)
}
