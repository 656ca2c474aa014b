import type { SandboxContext } from './context.js'

/**
 * Replies go through these so that the journal gets the exact text the vendor
 * wrote without cloning the response.
 */

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
  return new Response(text, { status, headers: { 'content-type': contentType, ...headers } })
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
  sb.responseType = contentType
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status, headers: { 'content-type': contentType, ...headers } })
}

/** No body at all (no Content-Type), e.g. tranadmin's 403/404 and redirects. */
export function sendEmpty(c: SandboxContext, status: number, headers: Record<string, string> = {}): Response {
  const sb = c.get('sb')
  sb.responseText = ''
  sb.responseType = ''
  return new Response(null, { status, headers: { 'content-length': '0', ...headers } })
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
