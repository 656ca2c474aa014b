import { mediaType, readJson, readMultipart } from '../../lib/body.js'
import { BodyTooLargeError, VendorError } from '../../lib/vendor-error.js'
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

/** E6's parts: `dataText` (or a `data` file) with the JSON metadata, and `file`. */
export async function multipartUpload(c: VendorContext) {
  if (mediaType(c) !== 'multipart/form-data') throw badRequest('Content-Type')
  let form: FormData
  try {
    form = await readMultipart(c)
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw err
    throw badRequest('body')
  }
  const dataText = form.get('dataText')
  const data = form.get('data')
  const source = dataText !== null ? { field: 'dataText', value: dataText } : data !== null ? { field: 'data', value: data } : null
  let meta: unknown = {}
  if (source) {
    const text = typeof source.value === 'string' ? source.value : await source.value.text()
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
  const part = form.get('file')
  if (part === null || typeof part === 'string' || part.size === 0) throw new VendorError(ERR.missingDocument, { value: 'file' })
  return { meta: parsed.data, file: { name: part.name, bytes: new Uint8Array(await part.arrayBuffer()) } }
}
