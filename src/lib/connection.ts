import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

/**
 * The HTTP door's connection hygiene (sandbox.md §10): what reaches the socket
 * but not the router, and the bytes of a body nobody read.
 */

/**
 * Bytes of an unread request body the server reads and throws away after an
 * early answer, so that a keep-alive connection carries on. Above every vendor's
 * body limit; a body declared larger gets `Connection: close` instead.
 */
export const DRAIN_LIMIT = 64 * 1024 * 1024

const PLAIN_HOST = /^[A-Za-z0-9._-]+(?::\d{1,5})?$/

/**
 * Rewrites, in place, a request target or Host that Node accepted but the
 * WHATWG URL parser refuses (a backslash in the path, `Host: a b`), so the
 * request is routed and answered in the vendor's own envelope instead of an
 * empty 400: the backslash is escaped (the path then matches no route) and an
 * unusable Host becomes the server's own address.
 */
export function repairTarget(incoming: IncomingMessage, ownHost: string): void {
  const url = incoming.url ?? '/'
  if (url.includes('\\')) {
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    if (path.includes('\\')) incoming.url = path.replaceAll('\\', '%5C') + (q < 0 ? '' : url.slice(q))
  }
  if (!incoming.url?.startsWith('/') && !/^https?:\/\//i.test(incoming.url ?? '')) incoming.url = `/${incoming.url ?? ''}`
  const host = incoming.headers.host
  if (host !== undefined && !PLAIN_HOST.test(host) && !usableHost(host)) incoming.headers.host = ownHost
}

function usableHost(host: string): boolean {
  try {
    return new URL(`http://${host}/`).hostname === host.replace(/:\d+$/, '').toLowerCase()
  } catch {
    return false
  }
}

/** Whether the request still has body bytes on the wire (something must read them before the next request). */
const bodyPending = (incoming: IncomingMessage): boolean =>
  !incoming.readableEnded && (incoming.headers['content-length'] !== undefined || incoming.headers['transfer-encoding'] !== undefined)

/**
 * Called as the reply is handed over: a request whose body was not read to the
 * end gets the rest read and thrown away once the reply is sent, so the next
 * request on a keep-alive connection is parsed normally — or, when more than
 * `DRAIN_LIMIT` bytes are declared, the reply says `Connection: close`.
 */
export function settleBody(incoming: IncomingMessage, outgoing: ServerResponse): void {
  if (!bodyPending(incoming)) return
  if (Number(incoming.headers['content-length']) > DRAIN_LIMIT && !outgoing.headersSent) outgoing.setHeader('connection', 'close')
  outgoing.once('finish', () => discardRest(incoming))
}

function discardRest(incoming: IncomingMessage): void {
  if (incoming.readableEnded || incoming.destroyed) return
  let seen = 0
  // A web-stream reader left attached (a read stopped at a limit) pauses the request when its queue fills.
  incoming.removeAllListeners('data')
  incoming.on('data', (chunk: Buffer) => {
    seen += chunk.byteLength
    if (seen > DRAIN_LIMIT) incoming.socket?.destroy()
  })
  incoming.resume()
}

/** True when the client went away before the request was complete (its reply can go nowhere). */
export function clientGone(incoming: IncomingMessage | undefined, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true
  return incoming !== undefined && incoming.destroyed && !incoming.complete
}

/**
 * Malformed HTTP that Node's parser refuses itself: a status line and a JSON
 * reason before the close (Node's default would be a bare destroyed socket here),
 * where nothing has been written on the connection yet.
 */
export function answerClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0
  if (err.code === 'ECONNRESET' || !socket.writable || written > 0) {
    socket.destroy()
    return
  }
  const [status, message] = clientErrorStatus(err)
  const body = JSON.stringify({ error: (STATUS_CODES[status] ?? 'Bad Request').toLowerCase().replace(/\W+/g, '_'), message })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
  setTimeout(() => socket.destroy(), 1000).unref()
}

function clientErrorStatus(err: Error & { code?: string; rawPacket?: Buffer }): [number, string] {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'the request did not arrive in time']
    case 'HPE_HEADER_OVERFLOW': {
      // A request line with no end in sight is the URL's fault, not the headers'.
      const packet = err.rawPacket?.toString('latin1') ?? ''
      const line = packet.indexOf('\r\n')
      return /^[A-Z]+ /.test(packet) && (line < 0 || line > 8192)
        ? [414, 'the request URL is too long']
        : [431, 'the request headers are too large']
    }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'chunk extensions are too large']
    default:
      return [400, `malformed HTTP request (${err.code ?? err.message})`]
  }
}
