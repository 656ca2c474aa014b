import { serve, type ServerType } from '@hono/node-server'
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http'
import type { Hono } from 'hono'
import type { SandboxBindings, SandboxEnv } from './lib/context.js'
import { isDropped } from './lib/reply.js'
import { answerClientError, repairTarget, settleBody } from './lib/connection.js'
import type { Runtime } from './runtime.js'

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
  } = {},
): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    let server: ServerType
    let ownHost = host.includes(':') ? `[${host}]` : host
    const settle = (res: Response, env: SandboxBindings): Response => {
      // A fault rule's `drop`: close the connection without any response.
      if (isDropped(res)) env.incoming?.socket.destroy()
      else if (env.incoming && env.outgoing) settleBody(env.incoming, env.outgoing)
      return res
    }
    // Not async: a Response returned synchronously lets @hono/node-server write it at once.
    const fetch = (req: Request, bindings: unknown): Response | Promise<Response> => {
      const env = bindings as SandboxBindings
      const res = app.fetch(req, env)
      return res instanceof Promise ? res.then((r) => settle(r, env)) : settle(res, env)
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
            close: () => closeServer(server as Server, rt),
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

async function closeServer(server: Server, rt: Runtime): Promise<void> {
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
  await rt.store.close()
}
