import { BodyTooLargeError } from './vendor-error.js'
import { header } from './context.js'
import type { SandboxContext } from './context.js'
import { utf8 } from './bytes.js'

/** Default cap on any request body (sandbox.md §10). */
export const DEFAULT_BODY_LIMIT = 25 * 1024 * 1024

/**
 * The request body, read once and cached for the journal. Stops reading and
 * throws `BodyTooLargeError` as soon as the limit is passed, so an oversized
 * body is never buffered whole.
 */
export async function readBody(c: SandboxContext, limit?: number): Promise<Uint8Array> {
  const sb = c.get('sb')
  if (sb.body) return sb.body
  const max = limit ?? sb.bodyLimit ?? DEFAULT_BODY_LIMIT
  const declared = Number(header(c, 'content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > max) throw new BodyTooLargeError(max)
  const stream = c.req.raw.body
  if (!stream) {
    sb.body = new Uint8Array(0)
    return sb.body
  }
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      // Left unread, not cancelled: over HTTP a cancel destroys the request stream, and the rest of the
      // body then never leaves the socket (the next keep-alive request stalls); the server drains it
      // after the reply (lib/connection.ts). Under MSW a cancel never even settles.
      reader.releaseLock()
      throw new BodyTooLargeError(max)
    }
    chunks.push(value)
  }
  const out = chunks.length === 1 ? chunks[0] : new Uint8Array(total)
  if (chunks.length !== 1) {
    let off = 0
    for (const ch of chunks) {
      out.set(ch, off)
      off += ch.byteLength
    }
  }
  sb.body = out
  return out
}

export async function readText(c: SandboxContext, limit?: number): Promise<string> {
  return utf8(await readBody(c, limit))
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; empty: boolean }

/** Parses the body as JSON whatever the Content-Type says; `ok: false` when it is not JSON. */
export async function readJson(c: SandboxContext, limit?: number): Promise<JsonResult> {
  const text = await readText(c, limit)
  if (text.trim() === '') return { ok: false, empty: true }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, empty: false }
  }
}

export function mediaType(c: SandboxContext): string {
  return (header(c, 'content-type') ?? '').split(';')[0].trim().toLowerCase()
}

/**
 * Parses a `multipart/form-data` body with the platform's parser (undici),
 * from the already-limited bytes. Throws on a malformed body.
 */
export async function readMultipart(c: SandboxContext, limit?: number): Promise<FormData> {
  const bytes = await readBody(c, limit)
  const req = new Request('http://body.local/', {
    method: 'POST',
    headers: { 'content-type': header(c, 'content-type') ?? '' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })
  return req.formData()
}

/** An uploaded file part. */
export interface Upload {
  filename: string
  bytes: Uint8Array
}

/** One part of a multipart body: a text field or a file. */
export interface FormPart {
  name: string
  value: string | Upload
}

/**
 * The parts of a `multipart/form-data` body in body order, files read into
 * bytes. Every vendor gets the same body-limit behaviour: over the limit
 * throws `BodyTooLargeError` (the engine answers the vendor's `tooLarge`);
 * a malformed body gives `undefined`, for the vendor to answer in its own words.
 */
export async function readFormParts(c: SandboxContext, limit?: number): Promise<FormPart[] | undefined> {
  let form: FormData
  try {
    form = await readMultipart(c, limit)
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw err
    return undefined
  }
  const parts: FormPart[] = []
  for (const [name, v] of form.entries())
    parts.push({ name, value: typeof v === 'string' ? v : { filename: v.name, bytes: new Uint8Array(await v.arrayBuffer()) } })
  return parts
}

/** Parses an `application/x-www-form-urlencoded` body. */
export async function readForm(c: SandboxContext, limit?: number): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(c, limit))
}
