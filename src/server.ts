import { serve, type ServerType } from '@hono/node-server'
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http'
import type { Hono } from 'hono'
import type { ReplySlot, SandboxBindings, SandboxEnv } from './lib/context.js'
import { isDropped } from './lib/reply.js'
import { answerClientError, repairTarget, settleBody } from './lib/connection.js'
import type { Runtime } from './runtime.js'
import { clientOrigin } from './lib/url.js'
import { forwardRooted } from './rooted.js'
import { ReplyCache, type CachedReply } from './pipeline/reply-cache.js'

const header = (req: Request, name: string): string | undefined => req.headers.get(name) ?? undefined

export interface RunningServer {
  url: string
  port: number
  host: string
  /** Stops accepting, lets in-flight requests finish (at most 5 s), flushes persistence. */
  close(): Promise<void>
}

/**
 * `overrideGlobals` lets @hono/node-server swap the global Request/Response for
 * its faster ones: right for the CLI's own process, wrong inside a user's test
 * process (msw and user code rely on the platform classes).
 */
export function startServer(
  rt: Runtime,
  app: Hono<SandboxEnv>,
  opts: {
    port?: number
    host?: string
    overrideGlobals?: boolean
    /** Node's request timeouts (tests shorten them); a request that runs out of time gets 408. */
    timeouts?: { headersMs?: number; requestMs?: number; checkEveryMs?: number }
    /** Serve only this mount prefix, at the root of the port (`--mount-port`); `/ws/<id>/` and the header work there too. */
    root?: string
  } = {},
): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    let server: ServerType
    let ownHost = host.includes(':') ? `[${host}]` : host
    // Without the global override, lib/reply makes replies with the server's own Response class.
    const serverResponses = !(opts.overrideGlobals ?? false)
    const settle = (res: Response, env: SandboxBindings): Response => {
      // A fault rule's `drop`: close the connection without any response.
      if (isDropped(res)) env.incoming?.socket.destroy()
      else if (env.incoming && env.outgoing) settleBody(env.incoming, env.outgoing)
      return res
    }
    const level = rt.options.logLevel
    // Debug lines show each request's own journal entry: a replayed reply has none to show.
    const cacheMode = level === 'debug' || rt.store.shared ? 'off' : rt.options.replyCache
    const replies = cacheMode === 'off' ? undefined : new ReplyCache(rt.store, rt.vendorById, cacheMode)
    /** A GET answered from a kept reply, written straight to the socket; false when it must be made. */
    const replayed = (req: IncomingMessage & Keyed, res: ServerResponse, cache: ReplyCache): boolean => {
      const started = performance.now()
      const target = req.url ?? '/'
      req[REPLY_KEY] = target
      const hit = cache.lookup(target, req.rawHeaders, started)
      if (hit === undefined) return false
      if (cache.mode === 'verify') {
        req[REPLY_KEPT] = hit
        return false
      }
      res.writeHead(hit.status, hit.wireHeaders)
      res.end(hit.bytes)
      if (level !== 'silent') logLine(requestLine('GET', target, hit.wsId, String(hit.status), started))
      return true
    }
    // Not async: a Response returned synchronously lets @hono/node-server write it at once.
    const fetchApp = (req: Request, env: SandboxBindings) => app.fetch(req, env)
    const root = opts.root
    // `--mount-port`: the mount's real paths at the root of this port, handed to the app under its prefix.
    const dispatch =
      root === undefined
        ? fetchApp
        : (req: Request, env: SandboxBindings) =>
            forwardRooted(fetchApp, req, {
              origin: clientOrigin(req.url, header(req, 'x-forwarded-proto'), header(req, 'x-forwarded-host')),
              prefix: root,
              env,
            })
    const fetch = (req: Request, bindings: unknown): Response | Promise<Response> => {
      const env = bindings as SandboxBindings
      if (serverResponses) env.serverResponses = true
      const key = (env.incoming as Keyed | undefined)?.[REPLY_KEY]
      if (replies && key !== undefined) return keeping(replies, key, req, env)
      return answer(req, env)
    }
    /** A GET whose reply may be kept: made, then kept (in `verify` mode, checked first). */
    const keeping = (cache: ReplyCache, target: string, req: Request, env: SandboxBindings): Response | Promise<Response> => {
      const lines = env.incoming?.rawHeaders ?? []
      const slot: ReplySlot = (env.replies = {})
      const res = answer(req, env)
      const kept = (env.incoming as Keyed | undefined)?.[REPLY_KEPT]
      const after = (r: Response) => cache.made(target, lines, slot, r, kept, (again) => dispatch(req, { ...env, replies: again }))
      return res instanceof Promise ? res.then(after) : after(res)
    }
    const answer = (req: Request, env: SandboxBindings): Response | Promise<Response> => {
      if (level === 'silent') {
        const res = dispatch(req, env)
        return res instanceof Promise ? res.then((r) => settle(r, env)) : settle(res, env)
      }
      const started = performance.now()
      env.requestLog = {}
      const res = dispatch(req, env)
      const done = (r: Response) => {
        logRequest(req, env, r, started, level === 'debug')
        return settle(r, env)
      }
      return res instanceof Promise ? res.then(done) : done(res)
    }
    try {
      const t = opts.timeouts
      const serverOptions: ServerOptions = {
        ...(t?.headersMs !== undefined ? { headersTimeout: t.headersMs } : {}),
        ...(t?.requestMs !== undefined ? { requestTimeout: t.requestMs } : {}),
        ...(t?.checkEveryMs !== undefined ? { connectionsCheckingInterval: t.checkEveryMs } : {}),
      }
      server = serve(
        {
          fetch,
          port: opts.port ?? 4010,
          hostname: host,
          overrideGlobalObjects: opts.overrideGlobals ?? false,
          // Unread bodies are drained by settleBody: the library's own clean-up closes the socket after 500 ms.
          autoCleanupIncoming: false,
          serverOptions,
          createServer: ((options: ServerOptions, listener: RequestListener) =>
            createServer(options, (req, res) => {
              // Before the repair: the request is known by what was sent, and a replay needs no repair.
              if (replies && req.method === 'GET' && replayed(req, res, replies)) return
              repairTarget(req, ownHost)
              listener(req, res)
            })) as unknown as typeof createServer,
        },
        (info) => {
          const shown = host.includes(':') ? `[${host}]` : host
          ownHost = `${shown}:${info.port}`
          const url = `http://${shown}:${info.port}`
          resolve({
            url,
            port: info.port,
            host,
            close: () => closeServer(server as Server, root === undefined ? rt : undefined),
          })
        },
      )
      ;(server as Server).on('error', reject)
      ;(server as Server).on('clientError', answerClientError)
    } catch (err) {
      reject(err)
    }
  })
}

const DEBUG_TEXT = 2000

/** A debug line's value: one line, at most DEBUG_TEXT characters. */
const debugText = (text: string) => JSON.stringify(text.length > DEBUG_TEXT ? `${text.slice(0, DEBUG_TEXT)}…` : text)

/**
 * `--log-level info`: one line per request on stdout — time, workspace, method,
 * path (no query: it may carry credentials), status, ms. `debug` adds the
 * vendor request's query, body and reply as the journal keeps them (secrets redacted).
 */
function logRequest(req: Request, env: SandboxBindings, res: Response, started: number, debug: boolean): void {
  const url = req.url
  const status = isDropped(res) ? 'dropped' : String(res.status)
  let out = requestLine(req.method, url.slice(url.indexOf('/', url.indexOf('://') + 3)), env.requestLog?.workspace ?? '-', status, started)
  const entry = debug ? env.requestLog?.journal?.() : undefined
  if (entry) {
    if (Object.keys(entry.query).length) out += `  query ${JSON.stringify(entry.query)}\n`
    if (entry.body) out += `  body ${debugText(entry.body)}\n`
    if (entry.response_body) out += `  reply ${debugText(entry.response_body)}\n`
  }
  logLine(out)
}

/** One request's log line; `target` is the path and query as requested (the query is left out). */
function requestLine(method: string, target: string, workspace: string, status: string, started: number): string {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  return `${new Date().toISOString()} ${workspace} ${method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms\n`
}

/** What the HTTP server notes on a GET's Node request: its target as sent (the reply cache's key), and in `verify` mode the kept reply. */
const REPLY_KEY = Symbol('replyKey')
const REPLY_KEPT = Symbol('replyKept')
interface Keyed {
  [REPLY_KEY]?: string
  [REPLY_KEPT]?: CachedReply
}

/**
 * Log lines wait for the end of the event-loop turn and leave in one write:
 * a write per request was one more system call beside each reply's own (the
 * benchmark runs with logging silent, so it does not show there). A line still shows within
 * the turn that answered it, and what is pending is written on exit.
 */
let pendingLog = ''
let exitHooked = false
const LOG_FLUSH_AT = 64 * 1024

function logLine(line: string): void {
  if (!pendingLog) {
    setImmediate(flushLog)
    if (!exitHooked) {
      exitHooked = true
      process.once('exit', flushLog)
    }
  }
  pendingLog += line
  if (pendingLog.length >= LOG_FLUSH_AT) flushLog()
}

function flushLog(): void {
  if (!pendingLog) return
  const out = pendingLog
  pendingLog = ''
  process.stdout.write(out)
}

/** `rt` (the main server's): persistence is flushed once the server stopped. */
async function closeServer(server: Server, rt?: Runtime): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections()
      resolve()
    }, 5000)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
  await rt?.store.close()
}
