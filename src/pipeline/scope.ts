import type { Context, MiddlewareHandler } from 'hono'
import { header, type RequestScope, type SandboxEnv } from '../lib/context.js'
import { clientOrigin, pathOf, splitWorkspace, targetOf, WORKSPACE_ID } from '../lib/url.js'
import { controlError } from '../lib/control-reply.js'

/**
 * Routing path: the request path without a valid `/ws/<id>` prefix, so every
 * route is registered once and answers with or without it.
 */
export function routingPath(req: Request): string {
  const full = pathOf(req.url)
  const ws = splitWorkspace(full)
  let path = ws.id !== undefined && !ws.invalid ? ws.rest : full
  if (path.includes('%')) {
    try {
      path = decodeURI(path)
    } catch {
      // Keep the raw path: a malformed escape simply matches no route.
    }
  }
  return path
}

let requestSeq = 0

const ID_RULE = '1-64 characters of [A-Za-z0-9_-]'

/** The workspace a request chose: `/ws/<id>` first, then the header, then the door's default; a message when it is bad. */
function chooseWorkspace(c: Context<SandboxEnv>): { id: string; chosen: RequestScope['wsChosen'] } | string {
  const fromPath = splitWorkspace(targetOf(c.req.url))
  if (fromPath.id !== undefined) return fromPath.invalid ? `workspace ids are ${ID_RULE}` : { id: fromPath.id, chosen: 'path' }
  const fromHeader = header(c, 'x-sandbox-workspace')?.trim()
  if (fromHeader) return WORKSPACE_ID.test(fromHeader) ? { id: fromHeader, chosen: 'header' } : `X-Sandbox-Workspace must be ${ID_RULE}`
  const fallback = c.env?.defaultWorkspace
  if (fallback) return WORKSPACE_ID.test(fallback) ? { id: fallback, chosen: 'default' } : `handlers({ workspace }) must be ${ID_RULE}`
  return { id: 'default', chosen: 'default' }
}

/** `<scheme>://<host>` as the client saw it: the door's own, else X-Forwarded-* or the request URL. */
function originOfRequest(c: Context<SandboxEnv>): string {
  return c.env?.sandboxOrigin ?? clientOrigin(c.req.url, header(c, 'x-forwarded-proto'), header(c, 'x-forwarded-host'))
}

/** Works out workspace and origin once per request; a response when the workspace id is bad. */
export function openScope(c: Context<SandboxEnv>): Response | undefined {
  const workspace = chooseWorkspace(c)
  if (typeof workspace === 'string') return controlError(c, 400, 'invalid_workspace', workspace)
  const origin = originOfRequest(c)
  if (c.env?.requestLog) c.env.requestLog.workspace = workspace.id
  c.set('sb', {
    requestId: `req-${(++requestSeq).toString(36)}`,
    workspaceId: workspace.id,
    wsChosen: workspace.chosen,
    origin,
    rooted: Boolean(c.env?.sandboxOrigin),
    base: origin,
    started: performance.now(),
  })
  return undefined
}

/** `openScope` as middleware, for the control plane and the vendors that route through middleware. */
export const scope: MiddlewareHandler<SandboxEnv> = (c, next) => {
  const refused = openScope(c)
  return refused ? Promise.resolve(refused) : next()
}
