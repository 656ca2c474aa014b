import { createRequire } from 'node:module'
import type { HttpHandler } from 'msw'
import type { Hono } from 'hono'
import type { ReplySlot, SandboxBindings, SandboxEnv } from './lib/context.js'
import { isDropped } from './lib/reply.js'
import { originOf } from './lib/url.js'
import { forwardRooted } from './rooted.js'
import { ReplyCache } from './pipeline/reply-cache.js'
import type { Runtime } from './runtime.js'

export interface HandlerOptions {
  /**
   * Workspace for requests that choose none with `/ws/<id>` or `X-Sandbox-Workspace` (default `default`).
   * Like `default`, links do not name it: followed through these handlers they reach it again.
   */
  workspace?: string
  /** Real hosts per vendor id, replacing the configured ones for these handlers. */
  hosts?: Record<string, string[]>
}

type Msw = typeof import('msw')

/**
 * MSW handlers: one `http.all` for every real vendor host, handing the request
 * to the same `app.fetch` (and store) the server uses. `https://<host>/ws/<id>/…`
 * picks a workspace like the server's `/ws/<id>/<prefix>/…`, and links handed
 * out in a chosen workspace carry that segment. One handler, not one per host:
 * MSW parses the request once per handler it tries, which cost more than the
 * sandbox's own work. msw is a peer dependency, loaded only when handlers are
 * asked for.
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
  const fetchApp = (req: Request, env: object) => app.fetch(req, env)
  const mode = rt.store.shared ? 'off' : rt.options.replyCache
  const replies = mode === 'off' ? undefined : new ReplyCache(rt.store, rt.vendorById, mode)
  return [
    // No capturing groups: MSW then decodes no path params, so a malformed escape (`%E0%A4%A`)
    // reaches the vendor's own error instead of crashing MSW's matcher with a stack-trace 500.
    http.all(new RegExp(`^(?:${alternatives})/`, 'i'), async ({ request }) => {
      const origin = originOf(request.url)
      const prefix = prefixByOrigin.get(origin) ?? prefixByOrigin.get(origin.toLowerCase())
      if (prefix === undefined) return undefined
      const lines = replies && request.method === 'GET' ? headerLines(request) : undefined
      const kept = lines === undefined ? undefined : replies?.lookup(request.url, lines, performance.now())
      if (kept && replies?.mode === 'on')
        return new Response(kept.bytes as Uint8Array<ArrayBuffer>, { status: kept.status, headers: kept.headers })
      const slot: ReplySlot = {}
      const forward = (env: SandboxBindings) => forwardRooted(fetchApp, request, { origin, prefix, workspace: options.workspace, env })
      const res = await forward({ replies: slot })
      if (isDropped(res)) return HttpResponse.error()
      if (lines === undefined || !replies) return res
      return replies.made(request.url, lines, slot, res, kept, (again) => forward({ replies: again }))
    }),
  ]
}

/** A GET's headers as `[name, value, …]`: with its URL, what the reply cache knows it by. */
function headerLines(request: Request): string[] {
  const lines: string[] = []
  request.headers.forEach((value, name) => {
    lines.push(name, value)
  })
  return lines
}

/** `import { handlers } from 'esign-sandbox/msw'`: the same as `sandbox.handlers(options)`. */
export function handlers(sandbox: { runtime: Runtime; app: Hono<SandboxEnv> }, options: HandlerOptions = {}): HttpHandler[] {
  return buildHandlers(sandbox.runtime, sandbox.app, options)
}
