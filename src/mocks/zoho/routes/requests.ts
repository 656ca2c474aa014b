import type { VendorContext, VendorRouter } from '../../../lib/vendor.js'
import { type ZohoState, type ZWs } from '../model.js'
import { certificateDownload, documentDownload, requestPdf } from '../service/downloads.js'
import { FULL, DETAIL, requestOut } from '../service/render.js'
import {
  deleteDocument,
  deleteRequest,
  deleteRequests,
  embedToken,
  extendRequest,
  fieldData,
  markForCorrection,
  recallRequest,
  remindRequest,
} from '../service/request-ops.js'
import { listMyRequests, listRequests } from '../service/request-lists.js'
import { createRequest, selfSignRequest, submitRequest, updateRequest, type BodyInput } from '../service/requests.js'
import { fail } from '../errors.js'
import { findRequest } from '../service/workspace.js'
import { done, ok, sendDownload, readInput } from '../wire.js'
import { guard, signEnv } from './common.js'

/** Requests R1–R17 (spec §6.2), mark for correction and bulk delete (§6.6). */

const API = '/api/v1'

async function body(c: VendorContext, pathIds?: () => unknown): Promise<BodyInput & { param(name: string): string | undefined }> {
  const input = await readInput(c, pathIds)
  return { data: input.param('data'), files: input.files, param: input.param }
}

/** §5.1 step 6 for `/requests/:id/…`: 4066 before anything in the body. */
const requestId = (c: VendorContext, ws: ZWs) => () => findRequest(ws, c.req.param('id'))

const requestReply = (
  c: VendorContext,
  ws: ZWs,
  r: Parameters<typeof requestOut>[1],
  extra: Record<string, unknown> = {},
  message?: string,
) => ok(c, { code: 0, ...extra, requests: requestOut(ws.state, r, ws, FULL), ...(message ? { message } : {}), status: 'success' })

export function requestRoutes(r: VendorRouter<ZohoState>): void {
  r.post(`${API}/requests`, async (c, ws) => {
    const p = guard(c, ['documents', 'CREATE'])
    const req = await createRequest(ws, p.user, await body(c))
    return requestReply(c, ws, req, {}, 'Document has been added')
  })
  r.get(`${API}/requests`, (c, ws) => {
    guard(c, ['documents', 'READ'])
    const { requests, page_context } = listRequests(ws, c.req.query('data'), c.req.query('request_status'))
    return ok(c, { code: 0, requests, message: 'Document list retrieved successfully', page_context, status: 'success' })
  })
  r.get(`${API}/myrequests`, (c, ws) => {
    const p = guard(c, ['documents', 'READ'])
    const { my_requests, page_context } = listMyRequests(ws, p.user, c.req.query('data'), c.req.query('request_status'))
    return ok(c, { code: 0, my_requests, message: 'Document list retrieved successfully', page_context, status: 'success' })
  })
  // A literal path, so never `PUT /requests/{id}` with the id "delete" (spec §6.6).
  r.put(`${API}/requests/delete`, async (c, ws) => {
    guard(c, ['documents', 'DELETE'])
    const input = await readInput(c)
    await deleteRequests(ws, input.param('delete_ids'), input.param('recall_inprogress'), input.param('reason'))
    return done(c, 'Document deleted successfully')
  })
  r.put(`${API}/requests/:id`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const req = await updateRequest(ws, c.req.param('id') ?? '', await body(c, requestId(c, ws)))
    return requestReply(c, ws, req)
  })
  r.get(`${API}/requests/:id`, (c, ws) => {
    guard(c, ['documents', 'READ'])
    const req = findRequest(ws, c.req.param('id'), true)
    return ok(c, {
      code: 0,
      requests: requestOut(ws.state, req, ws, DETAIL),
      message: 'Document has been retrieved',
      status: 'success',
    })
  })
  r.post(`${API}/requests/:id/submit`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const req = await submitRequest(signEnv(c, ws), c.req.param('id') ?? '', await body(c, requestId(c, ws)))
    return requestReply(c, ws, req)
  })
  r.post(`${API}/requests/:id/sign`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const req = await selfSignRequest(signEnv(c, ws), c.req.param('id') ?? '', await body(c, requestId(c, ws)))
    return ok(c, {
      code: 0,
      request_status: req.request_status,
      requests: requestOut(ws.state, req, ws, FULL),
      message: 'Document signed successfully',
      status: 'success',
    })
  })
  r.get(`${API}/requests/:id/pdf`, async (c, ws) => {
    guard(c, ['documents', 'READ'])
    return sendDownload(
      c,
      await requestPdf(ws, c.req.param('id') ?? '', c.req.query('with_coc'), c.req.query('merge') ?? c.req.query('is_merged')),
    )
  })
  r.get(`${API}/requests/:id/documents/:documentId/pdf`, async (c, ws) => {
    guard(c, ['documents', 'READ'])
    return sendDownload(c, await documentDownload(ws, c.req.param('id') ?? '', c.req.param('documentId') ?? ''))
  })
  r.get(`${API}/requests/:id/completioncertificate`, async (c, ws) => {
    guard(c, ['documents', 'READ'])
    return sendDownload(c, await certificateDownload(ws, c.req.param('id') ?? ''))
  })
  r.get(`${API}/requests/:id/fielddata`, (c, ws) => {
    guard(c, ['documents', 'READ'])
    return ok(c, { code: 0, document_form_data: fieldData(ws, c.req.param('id') ?? ''), status: 'success' })
  })
  r.post(`${API}/requests/:id/recall`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const input = await readInput(c, requestId(c, ws))
    const at = await recallRequest(ws, c.req.param('id') ?? '', input.param('reason'))
    return ok(c, { code: 0, action_time: at, message: 'Document has been recalled', status: 'success' })
  })
  r.post(`${API}/requests/:id/remind`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    await remindRequest(signEnv(c, ws), c.req.param('id') ?? '')
    return done(c, 'Reminder has been sent')
  })
  r.post(`${API}/requests/:id/markforcorrection`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    await readInput(c, requestId(c, ws))
    const req = await markForCorrection(ws, c.req.param('id') ?? '')
    return ok(c, { request_status: req.request_status, code: 0, message: 'success', status: 'success' })
  })
  r.put(`${API}/requests/:id/delete`, async (c, ws) => {
    guard(c, ['documents', 'DELETE'])
    const input = await readInput(c, requestId(c, ws))
    await deleteRequest(ws, c.req.param('id') ?? '', input.param('recall_inprogress'), input.param('reason'))
    return done(c, 'Document deleted successfully')
  })
  r.on(['PUT', 'POST'], `${API}/requests/:id/extend`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const input = await readInput(c, requestId(c, ws))
    await extendRequest(ws, c.req.param('id') ?? '', input.param('expire_by'))
    return done(c, 'Document validity has been extended')
  })
  r.post(`${API}/requests/:id/actions/:actionId/embedtoken`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const input = await readInput(
      c,
      () => findRequest(ws, c.req.param('id')).actions.some((a) => a.action_id === c.req.param('actionId')) || fail('id_not_found'),
    )
    const url = await embedToken(signEnv(c, ws), c.req.param('id') ?? '', c.req.param('actionId') ?? '', input.param('host'))
    return ok(c, { code: 0, message: 'Embed token generated', status: 'success', sign_url: url })
  })
  r.on(['DELETE', 'PUT'], `${API}/documents/:documentId/delete`, async (c, ws) => {
    guard(c, ['documents', 'DELETE'])
    await deleteDocument(ws, c.req.param('documentId') ?? '')
    return done(c, 'Document has been deleted')
  })
}
