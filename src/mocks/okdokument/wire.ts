import { mediaType, readFormParts, readJson } from '../../lib/body.js'
import { VendorError } from '../../lib/vendor-error.js'
import type { VendorContext } from '../../lib/vendor.js'
import { ERR, badRequest } from './errors.js'
import { firstIssuePath, uploadMetadata } from './schemas.js'
import { checkUploadState } from './service/documents.js'

/** Reading OKdokument requests: JSON bodies, the multipart upload, download headers. */

/** The body as JSON whatever the Content-Type says (spec §2.1). */
export async function jsonBody(c: VendorContext): Promise<unknown> {
  const body = await readJson(c)
  if (!body.ok) throw badRequest('body')
  return body.value
}

/** `Content-Disposition` must stay a byte string: non-Latin-1 names go in `filename*`. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '\\$&')
  return /^[\x20-\x7e]*$/.test(filename)
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** A file part read as text the way `File.text()` does (a leading BOM dropped). */
const fileText = new TextDecoder()

/** E6's parts: `dataText` (or a `data` file) with the JSON metadata, and `file`. */
export async function multipartUpload(c: VendorContext) {
  if (mediaType(c) !== 'multipart/form-data') throw badRequest('Content-Type')
  const parts = await readFormParts(c)
  if (!parts) throw badRequest('body')
  const first = (name: string) => parts.find((p) => p.name === name)?.value
  const dataText = first('dataText')
  const data = first('data')
  const source =
    dataText !== undefined ? { field: 'dataText', value: dataText } : data !== undefined ? { field: 'data', value: data } : null
  let meta: unknown = {}
  if (source) {
    const text = typeof source.value === 'string' ? source.value : fileText.decode(source.value.bytes)
    try {
      meta = JSON.parse(text) as unknown
    } catch {
      throw badRequest(source.field)
    }
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw badRequest(source.field)
  }
  const parsed = uploadMetadata.safeParse(meta)
  if (!parsed.success) throw badRequest(firstIssuePath(parsed.error))
  checkUploadState(parsed.data.state)
  const part = first('file')
  if (part === undefined || typeof part === 'string' || part.bytes.byteLength === 0)
    throw new VendorError(ERR.missingDocument, { value: 'file' })
  return { meta: parsed.data, file: { name: part.filename, bytes: part.bytes } }
}
