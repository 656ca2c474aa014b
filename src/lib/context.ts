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
  /** The mount is served at the root of `origin`: MSW on a real vendor host, `--mount-port`, in-process control calls. */
  rooted: boolean
  /**
   * The base of the URLs this request is handed (`linkBase`): for a vendor request its mount's,
   * worked out once when the mount is entered; `origin` before that.
   */
  base: string
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
  /** The reply's bytes when it is binary (`sendBytes`); `responseText` then only names its size. */
  responseBody?: Uint8Array
  /** Its Content-Type (reading it back from the Response would build a Headers object). */
  responseType?: string
  bodyLimit?: number
  hooksDone?: boolean
  /** The client went away mid-request: journaled as aborted, never logged as an error. */
  aborted?: boolean
}

/** What the HTTP server's request log (`--log-level info|debug`) learns from the app about one request. */
export interface RequestLog {
  workspace?: string
  /** The request's journal entry (secrets redacted), for `debug`. */
  journal?: () => JournalEntry | undefined
}

/** A GET's reply the pipeline found it may keep (pipeline/reply-cache.ts), with what replaying it needs. */
export interface KeptReply {
  ws: Workspace
  vendorId: string
  /** The workspace's data version the reply was made from. */
  version: number
  /** The clock's millisecond when the vendor read it, else undefined. */
  clockMs: number | undefined
  /** The earliest deadline the vendor found ahead (`Ws.reached`): the reply holds until then. */
  validUntil: number
  /** The clock's `epoch`: setting the clock may move it back, past a deadline the reply saw come. */
  clockEpoch: number
  route: string
  /** The body as lib/reply wrote it. */
  body: string | Uint8Array
  /** What the journal shows of the reply, and its type. */
  journalText: string
  replyType: string
  /** The request as the journal keeps it. */
  url: string
  requestHeaders: string | Headers
}

/** Handed to the app by a door with a reply cache: the pipeline leaves a keepable reply on it. */
export interface ReplySlot {
  kept?: KeptReply
  /** `verify` mode's second making of a keepable reply: not journaled. */
  shadow?: boolean
}

export interface SandboxBindings {
  /** Set by the HTTP server when it logs requests. */
  requestLog?: RequestLog
  incoming?: IncomingMessage
  outgoing?: ServerResponse
  /** Set by an HTTP server running without @hono/node-server's global Response: replies are made with its class (lib/reply). */
  serverResponses?: boolean
  /**
   * Set by the doors that serve a mount at the root of an origin (MSW, `--mount-port`) and by
   * in-process control calls: the origin the client called.
   */
  sandboxOrigin?: string
  /** The workspace when the request chooses none (`handlers({ workspace })`); links do not name it. */
  defaultWorkspace?: string
  /** Set by a door with a reply cache: a GET's reply that may be kept is left here (pipeline/reply-cache.ts). */
  replies?: ReplySlot
}

export interface SandboxEnv {
  Bindings: SandboxBindings
  /** `ws` is set once a vendor mount has opened the workspace. */
  Variables: { sb: RequestScope; ws: Workspace }
}

export type SandboxContext = Context<SandboxEnv>

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
