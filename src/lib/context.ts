import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Context } from 'hono'
import type { JournalEntry, Workspace } from '../state/workspace.js'

/** Per-request facts the engine works out once and every layer reads. */
export interface RequestScope {
  /** For logs: unexpected errors are logged with it. */
  requestId: string
  workspaceId: string
  wsChosen: 'path' | 'header' | 'default'
  /** `<scheme>://<host>` as the client saw it (the real vendor host under MSW). */
  origin: string
  /** The request came through MSW on a real vendor host. */
  inProcess: boolean
  started: number
  vendorId?: string
  /** Mount prefix, e.g. `/okdokument`. */
  prefix?: string
  /** The path after the mount prefix. */
  route?: string
  /** Real hosts of the mount (as configured). */
  hosts?: string[]
  /** Body bytes once read (the journal reuses them). */
  body?: Uint8Array
  /** Response text as the vendor wrote it (the journal reuses it). */
  responseText?: string
  /** Its Content-Type (reading it back from the Response would build a Headers object). */
  responseType?: string
  bodyLimit?: number
  hooksDone?: boolean
}

/** What the HTTP server's request log (`--log-level info|debug`) learns from the app about one request. */
export interface RequestLog {
  workspace?: string
  /** The request's journal entry (secrets redacted), for `debug`. */
  journal?: () => JournalEntry
}

export interface SandboxBindings {
  /** Set by the HTTP server when it logs requests. */
  requestLog?: RequestLog
  incoming?: IncomingMessage
  outgoing?: ServerResponse
  /** Set by the MSW front door: the real origin the client called. */
  sandboxOrigin?: string
}

export interface SandboxEnv {
  Bindings: SandboxBindings
  /** `ws` is set once a vendor mount has opened the workspace. */
  Variables: { sb: RequestScope; ws: Workspace }
}

export type SandboxContext = Context<SandboxEnv>

/**
 * The base URL of the mount as the caller reached it: the real origin under
 * MSW; otherwise origin + `/ws/<id>` (when `ws` says so) + prefix.
 */
export function mountBase(
  scope: Pick<RequestScope, 'origin' | 'inProcess' | 'wsChosen' | 'workspaceId'>,
  prefix: string,
  ws: 'always' | 'when-chosen' | 'when-path' = 'when-chosen',
): string {
  if (scope.inProcess) return scope.origin
  const showWs =
    ws === 'always' || (ws === 'when-chosen' && scope.wsChosen !== 'default') || (ws === 'when-path' && scope.wsChosen === 'path')
  return `${scope.origin}${showWs ? `/ws/${encodeURIComponent(scope.workspaceId)}` : ''}${prefix}`
}

/**
 * A request header, lower-case `name`. Over HTTP it reads Node's own parsed
 * headers: `c.req.header()` would first build a WHATWG Headers object, a
 * measurable part of a request's cost.
 */
export function header(c: SandboxContext, name: string): string | undefined {
  const incoming = c.env?.incoming
  if (incoming) {
    const v = incoming.headers[name]
    return Array.isArray(v) ? v.join(', ') : v
  }
  return c.req.header(name)
}
