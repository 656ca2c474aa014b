import type { VendorContext, VendorRouter } from '../../lib/vendor.js'
import { header } from '../../lib/context.js'
import { sendBytes, sendEmpty, sendJson } from '../../lib/reply.js'
import { VendorError } from '../../lib/vendor-error.js'
import { ERR } from './errors.js'
import type { OkState, OkWs } from './model.js'
import {
  authenticate,
  counter,
  deleteDocument,
  download,
  listFlat,
  metadata,
  requireDocument,
  uploadDocument,
} from './service/documents.js'
import {
  createSignatureRequest,
  deleteSignatureRequest,
  openDocument,
  registerCallback,
  updateSignatureRequest,
  uploadWithMetadata,
} from './service/signature-requests.js'
import { documentPdf, signerPage, submitPage, thankYouPage } from './pages.js'
import { attachment, jsonBody, multipartUpload } from './wire.js'

/** `<base>` of spec §1: every URL the API returns can be followed against the sandbox. */
export const baseOf = (c: VendorContext): string => c.get('sb').base

const apiKey = (c: VendorContext, ws: OkWs, write: boolean) => authenticate(ws, header(c, 'x-api-key'), write)
const param = (c: VendorContext, name: string): string => c.req.param(name) ?? ''

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
  r.post('/viewDocument', (c, ws) => submitPage(c, ws))
  r.get('/viewDocument/pdf', (c, ws) => documentPdf(c, ws))
  r.get('/thankYouPage.html', (c) => thankYouPage(c))
  const open = (c: VendorContext, ws: OkWs) => sendEmpty(c, 302, { location: openDocument(ws, param(c, 'signatureRequestId'), baseOf(c)) })
  r.get('/openDocument/:signatureRequestId', open)
  r.get('/:signatureRequestId', (c, ws) => {
    if (RESERVED.has(param(c, 'signatureRequestId'))) throw new VendorError(ERR.routeNotFound, { path: c.get('sb').route })
    return open(c, ws)
  })
}
