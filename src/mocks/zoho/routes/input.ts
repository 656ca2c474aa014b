import { mediaType, readForm, readMultipart, readText } from '../../../lib/body.js'
import type { VendorContext } from '../../../lib/vendor.js'
import { fail } from '../errors.js'

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
      let form: FormData
      try {
        form = await readMultipart(c)
      } catch (err) {
        if (err instanceof Error && err.name === 'BodyTooLargeError') throw err
        fail('unable_to_process')
      }
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          if (!fromBody.has(name)) fromBody.set(name, value)
        } else if (name === 'file') files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) })
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
