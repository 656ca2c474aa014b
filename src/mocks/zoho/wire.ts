import { mediaType, readForm, readFormParts, readText } from '../../lib/body.js'
import { sendBytes, sendJson } from '../../lib/reply.js'
import type { VendorContext } from '../../lib/vendor.js'
import { JSON_TYPE, fail } from './errors.js'
import type { Download } from './service/downloads.js'

/**
 * Zoho's parameters: `data` and the flat siblings come from a multipart text
 * part, else an urlencoded body, else the query string; a raw JSON body is
 * the value of `data` (spec §2.3). Files are the multipart `file` parts.
 */
export interface Upload {
  name: string
  bytes: Uint8Array
}

export interface Input {
  param(name: string): string | undefined
  files: Upload[]
}

/**
 * `pathIds` runs before the body is read: §5.1 checks path ids (step 6)
 * before the body (step 7), so a malformed or oversized body on an unknown
 * id answers the id's error.
 */
export async function readInput(c: VendorContext, pathIds?: () => unknown): Promise<Input> {
  pathIds?.()
  const query = new URL(c.req.url).searchParams
  const fromBody = new Map<string, string>()
  const files: Upload[] = []
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const type = mediaType(c)
    if (type === 'multipart/form-data') {
      const parts = (await readFormParts(c)) ?? fail('unable_to_process')
      for (const { name, value } of parts) {
        if (typeof value === 'string') {
          if (!fromBody.has(name)) fromBody.set(name, value)
        } else if (name === 'file') files.push({ name: value.filename, bytes: value.bytes })
      }
    } else if (type === 'application/json') {
      const text = await readText(c)
      if (text.trim() !== '') fromBody.set('data', text)
    } else if (type === 'application/x-www-form-urlencoded' || type === '') {
      for (const [k, v] of await readForm(c)) if (!fromBody.has(k)) fromBody.set(k, v)
    } else {
      await readText(c)
    }
  }
  return {
    param: (name) => fromBody.get(name) ?? query.get(name) ?? undefined,
    files,
  }
}

export const ok = (c: VendorContext, body: Record<string, unknown>) => sendJson(c, 200, body, JSON_TYPE)

/** `{"code":0,"message":…,"status":"success"}`. */
export const done = (c: VendorContext, message: string) => ok(c, { code: 0, message, status: 'success' })

/** `filename` first with a safe ASCII name, `filename*` second with the exact one (spec §2.5). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\;=/]/g, '_')
  const exact = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`
}

export const sendDownload = (c: VendorContext, d: Download) =>
  sendBytes(c, 200, d.bytes, d.contentType, { 'content-disposition': contentDisposition(d.filename) })
