import { JSON_LIMIT } from './constants.js'
import { header } from '../../lib/context.js'
import { mediaType, readBody, readFormParts, type Upload } from '../../lib/body.js'
import { utf8 } from '../../lib/bytes.js'
import { sendJson } from '../../lib/reply.js'
import type { VendorContext } from '../../lib/vendor.js'
import { CODE, CONTENT_TYPE, ERR, ERROR_ID, MESSAGE, unprocessable } from './errors.js'
import { authenticate } from './service/auth.js'
import type { Caller, SignioWs } from './model.js'

/** Request plumbing shared by every Signio route: body limits, auth, input, replies. */

export interface Input {
  fields: Record<string, unknown>
  files: Record<string, Upload>
}

/** The base of the URLs Signio returns (§2.8), as the engine worked it out for this request. */
export function urlBase(c: VendorContext): string {
  return c.get('sb').base
}

function bearer(c: VendorContext): string | undefined {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header(c, 'authorization') ?? '')
  return m ? m[1] : undefined
}

export function caller(c: VendorContext, ws: SignioWs): Caller {
  return authenticate(ws, bearer(c))
}

/**
 * Reads the body before authenticating (§2.4: size, then auth, then parsing).
 * `files` services take multipart up to the mount's 25 MB; anything else up to 1 MiB.
 */
export async function loadBody(c: VendorContext, files = false): Promise<Uint8Array> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return new Uint8Array(0)
  const bytes = await readBody(c, files ? undefined : JSON_LIMIT)
  if (files && mediaType(c) !== 'multipart/form-data' && bytes.byteLength > JSON_LIMIT)
    throw unprocessable([ERR.body_size], ERROR_ID.tooLarge)
  return bytes
}

function queryFields(c: VendorContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const url = c.req.url
  const q = url.indexOf('?')
  if (q < 0) return out
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) out[k] = v
  return out
}

const JSON_TYPES = new Set(['', 'application/json', 'text/plain'])

/** The request's input (§2.6): query on GET (and DELETE without a body), else JSON, form or multipart. */
export async function parseInput(c: VendorContext, bytes: Uint8Array): Promise<Input> {
  const query = queryFields(c)
  if (bytes.byteLength === 0) return { fields: c.req.method === 'GET' || c.req.method === 'DELETE' ? query : {}, files: {} }
  const type = mediaType(c)
  if (type === 'multipart/form-data') return multipart(c)
  if (type === 'application/x-www-form-urlencoded') {
    const fields: Record<string, unknown> = {}
    for (const [k, v] of new URLSearchParams(utf8(bytes))) fields[k] = v
    return { fields, files: {} }
  }
  const text = utf8(bytes)
  if (text.trim() === '' && (JSON_TYPES.has(type) || type.endsWith('+json'))) return { fields: {}, files: {} }
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch {
    throw unprocessable([ERR.json], ERROR_ID.malformed)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unprocessable([ERR.json], ERROR_ID.malformed)
  return { fields: value as Record<string, unknown>, files: {} }
}

async function multipart(c: VendorContext): Promise<Input> {
  const parts = await readFormParts(c)
  if (!parts) throw unprocessable([ERR.body], ERROR_ID.malformed)
  const fields: Record<string, unknown> = {}
  const files: Record<string, Upload> = {}
  for (const { name, value } of parts) {
    if (typeof value === 'string') fields[name] = value
    else {
      files[name] = value
      // A file where a text value is expected is not a valid value.
      fields[name] = { file: value.filename }
    }
  }
  return { fields, files }
}

/** The usual sequence of a Signio call: body (size), auth, then input. */
export async function request(c: VendorContext, ws: SignioWs, files = false): Promise<{ who: Caller; input: Input }> {
  const bytes = await loadBody(c, files)
  const who = caller(c, ws)
  return { who, input: await parseInput(c, bytes) }
}

/**
 * `request`, then `reply` — at once for a GET, which has no body to wait for
 * (its fields are the query): the reply then leaves without a promise tick.
 */
export function answering(
  c: VendorContext,
  ws: SignioWs,
  reply: (req: { who: Caller; input: Input }) => Response | Promise<Response>,
): Response | Promise<Response> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return reply({ who: caller(c, ws), input: { fields: queryFields(c), files: {} } })
  return request(c, ws).then(reply)
}

/** ES success: payload keys, then `codigo`/`mensaje` (unless the payload places them). */
export function okEs(c: VendorContext, payload: Record<string, unknown> = {}): Response {
  return sendJson(c, 200, { ...payload, codigo: CODE.ok, mensaje: MESSAGE[CODE.ok], ...payload }, CONTENT_TYPE)
}

export function okEn(c: VendorContext, payload: Record<string, unknown> = {}): Response {
  return sendJson(c, 200, { ...payload, code: CODE.ok, message: MESSAGE[CODE.ok], ...payload }, CONTENT_TYPE)
}

export function sendEs(c: VendorContext, status: number, body: Record<string, unknown>): Response {
  return sendJson(c, status, body, CONTENT_TYPE)
}
