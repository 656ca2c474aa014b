import { getRequestListener } from '@hono/node-server'
import type { SandboxContext } from './context.js'

/**
 * Replies go through these so that the journal gets the exact text the vendor
 * wrote without cloning the response.
 */

/**
 * @hono/node-server's own Response class. The server writes one to the socket
 * straight from the body it was made with, where a platform Response is read
 * back through its body stream (and building that stream is most of the cost
 * of a small reply). The CLI installs the class as the global Response; a
 * server started in a user's process (`sandbox.listen()`) must leave the
 * platform's classes alone (a `fetch` reply would no longer be `instanceof
 * Response`), so its replies are made with the class directly. The library
 * hands the class out only by installing it globally: it is installed and the
 * platform's classes are put back at once, before any other code runs.
 */
function nodeServerResponse(): typeof Response {
  const saved = ['Request', 'Response'].map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const)
  getRequestListener(() => new Response(null), { overrideGlobalObjects: true })
  const light = globalThis.Response
  for (const [name, descriptor] of saved) if (descriptor) Object.defineProperty(globalThis, name, descriptor)
  return light
}

let serverResponse: typeof Response | undefined

/** The class a reply is made with: the server's own when the door asks for it (see above). */
const responseClass = (c: SandboxContext): typeof Response =>
  c.env?.serverResponses ? (serverResponse ??= nodeServerResponse()) : Response

export function sendText(
  c: SandboxContext,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  const sb = c.get('sb')
  sb.responseText = text
  sb.responseType = contentType
  const R = responseClass(c)
  return new R(text, { status, headers: { 'content-type': contentType, ...headers } })
}

/** Compact JSON in the key order of `value`. */
export function sendJson(
  c: SandboxContext,
  status: number,
  value: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): Response {
  return sendText(c, status, JSON.stringify(value), contentType, headers)
}

export function sendBytes(
  c: SandboxContext,
  status: number,
  bytes: Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  const sb = c.get('sb')
  sb.responseText = `[binary ${bytes.byteLength} bytes]`
  sb.responseBody = bytes
  sb.responseType = contentType
  const R = responseClass(c)
  return new R(bytes as Uint8Array<ArrayBuffer>, { status, headers: { 'content-type': contentType, ...headers } })
}

/** No body at all (no Content-Type), e.g. tranadmin's 403/404 and redirects. */
export function sendEmpty(c: SandboxContext, status: number, headers: Record<string, string> = {}): Response {
  const sb = c.get('sb')
  sb.responseText = ''
  sb.responseType = ''
  const R = responseClass(c)
  return new R(null, { status, headers: { 'content-length': '0', ...headers } })
}

/** Responses that must close the connection instead of answering (fault `drop`). */
const dropped = new WeakSet<Response>()

export function dropResponse(): Response {
  const res = new Response(null, { status: 599 })
  dropped.add(res)
  return res
}

export function isDropped(res: Response): boolean {
  return dropped.has(res)
}
