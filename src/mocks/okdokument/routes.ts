import type { VendorContext, VendorRouter } from '../../lib/vendor.js'
import { header } from '../../lib/context.js'
import { mediaType, readJson, readMultipart } from '../../lib/body.js'
import { sendBytes, sendEmpty, sendJson } from '../../lib/reply.js'
import { BodyTooLargeError, VendorError } from '../../lib/vendor-error.js'
import { ERR, badRequest } from './errors.js'
import { firstIssuePath, uploadDocumentBody, uploadMetadata, type OkState } from './schemas.js'
import {
  authenticate,
  checkUploadState,
  counter,
  deleteDocument,
  download,
  listFlat,
  metadata,
  prepareContent,
  requireDocument,
  storeDocument,
  type OkWs,
} from './service.js'
import {
  createSignatureRequest,
  deleteSignatureRequest,
  openDocument,
  registerCallback,
  updateSignatureRequest,
  uploadWithMetadata,
} from './signature-requests.js'
import { signerPage, thankYouPage } from './pages.js'

export const PREFIX = '/okdokument'

/** `<base>` of spec §1: every URL the API returns can be followed against the sandbox. */
export const baseOf = (c: VendorContext): string => c.get('sb').base

const apiKey = (c: VendorContext, ws: OkWs, write: boolean) => authenticate(ws, header(c, 'x-api-key'), write)
const param = (c: VendorContext, name: string): string => c.req.param(name) ?? ''

/** The body as JSON whatever the Content-Type says (spec §2.1). */
async function jsonBody(c: VendorContext): Promise<unknown> {
  const body = await readJson(c)
  if (!body.ok) throw badRequest('body')
  return body.value
}

/** `Content-Disposition` must stay a byte string: non-Latin-1 names go in `filename*`. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '\\$&')
  return /^[\x20-\x7e]*$/.test(filename)
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Single path segments that are not signature-request links (E12's alias `GET /<id>`). */
const RESERVED = new Set(['JSON', 'rest', 'openDocument', 'viewDocument', 'thankYouPage.html'])

export function routes(r: VendorRouter<OkState>): void {
  r.post('/JSON/signatureRequest', async (c, ws) => {
    const key = apiKey(c, ws, true)
    return sendJson(c, 200, createSignatureRequest(ws, key, await jsonBody(c), baseOf(c)))
  })
  r.patch('/JSON/signatureRequest', async (c, ws) => {
    const key = apiKey(c, ws, true)
    return sendJson(c, 200, updateSignatureRequest(ws, key, await jsonBody(c), baseOf(c)))
  })
  r.delete('/JSON/signatureRequest/:signatureRequestId', (c, ws) =>
    sendJson(c, 200, deleteSignatureRequest(ws, apiKey(c, ws, true), param(c, 'signatureRequestId'))),
  )
  r.post('/JSON/signatureRequest/:signatureRequestId', async (c, ws) => {
    const key = apiKey(c, ws, true)
    return sendJson(c, 200, registerCallback(ws, key, param(c, 'signatureRequestId'), await jsonBody(c), baseOf(c)))
  })

  r.post('/JSON/document', async (c, ws) => {
    const key = apiKey(c, ws, true)
    return sendJson(c, 200, uploadDocument(ws, key.account, await jsonBody(c)))
  })
  r.post('/JSON/upload', async (c, ws) => {
    const key = apiKey(c, ws, true)
    const { meta, file } = await multipartUpload(c)
    return sendJson(c, 200, uploadWithMetadata(ws, key, meta, file, baseOf(c)))
  })
  const downloadRoute = (c: VendorContext, ws: OkWs) => {
    const { filename, bytes } = download(ws, apiKey(c, ws, false).account, param(c, 'documentId'))
    return sendBytes(c, 200, bytes, 'application/pdf', { 'content-disposition': attachment(filename) })
  }
  r.get('/JSON/document/:documentId', downloadRoute)
  r.get('/rest/document/:documentId', downloadRoute)
  r.delete('/JSON/document/:documentId', (c, ws) =>
    sendJson(c, 200, deleteDocument(ws, apiKey(c, ws, true).account, param(c, 'documentId'))),
  )
  r.get('/JSON/document/metadata/:documentId', (c, ws) =>
    sendJson(c, 200, metadata(requireDocument(ws, apiKey(c, ws, false).account, param(c, 'documentId')))),
  )
  r.get('/JSON/list/flat', (c, ws) => sendJson(c, 200, listFlat(ws, apiKey(c, ws, false).account, c.req.query('state') ?? '', baseOf(c))))
  r.get('/JSON/counter', (c, ws) => sendJson(c, 200, counter(ws, apiKey(c, ws, false).account)))

  r.get('/viewDocument', (c, ws) => signerPage(c, ws))
  r.get('/thankYouPage.html', (c) => thankYouPage(c))
  const open = (c: VendorContext, ws: OkWs) => sendEmpty(c, 302, { location: openDocument(ws, param(c, 'signatureRequestId'), baseOf(c)) })
  r.get('/openDocument/:signatureRequestId', open)
  r.get('/:signatureRequestId', (c, ws) => {
    if (RESERVED.has(param(c, 'signatureRequestId'))) throw new VendorError(ERR.routeNotFound, { path: c.get('sb').route })
    return open(c, ws)
  })
}

/** E5: JSON upload without a signature request. */
function uploadDocument(ws: OkWs, account: string, body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body')
  const parsed = uploadDocumentBody.safeParse(body)
  if (!parsed.success) throw badRequest(firstIssuePath(parsed.error))
  const state = checkUploadState(parsed.data.state)
  const file = parsed.data.file
  const content = typeof file === 'string' ? file : (file?.content ?? file?.$content)
  if (content === null || content === undefined || content === '') throw new VendorError(ERR.missingDocument, { value: 'file' })
  const doc = storeDocument(ws, account, prepareContent({ filename: parsed.data.filename || null, content, field: 'file.content' }), state)
  return { message: 'msg.document.uploaded', result: doc.id }
}

/** E6's parts: `dataText` (or a `data` file) with the JSON metadata, and `file`. */
async function multipartUpload(c: VendorContext) {
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
