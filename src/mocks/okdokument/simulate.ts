import type { CallerScope, SimulateAction } from '../../lib/vendor.js'
import { ControlError } from '../../lib/vendor-error.js'
import type { OkDocument, OkState, SignatureRequest, OkWs } from './model.js'
import { metadata, refreshDocument, setDocumentState } from './service/documents.js'
import { act, isExpired, queueSendInfo, type Outcome } from './service/signature-requests.js'

/** What the signer does outside the API (spec §8), as control-plane actions. */

const str = (body: Record<string, unknown>, key: string, required = true): string | undefined => {
  const v = body[key]
  if (v === undefined || v === null) {
    if (required) throw new ControlError(400, 'bad_request', `${key} is required`)
    return undefined
  }
  if (typeof v !== 'string') throw new ControlError(400, 'bad_request', `${key} must be a string`)
  return v
}

function signatureRequest(ws: OkWs, body: Record<string, unknown>): { sr: SignatureRequest; doc: OkDocument | undefined } {
  const id = str(body, 'signatureRequestId') as string
  const sr = ws.state.signatureRequests.get(id)
  if (!sr || sr.status === 'deleted') throw new ControlError(404, 'not_found', `no signature request ${id}`)
  return { sr, doc: refreshDocument(ws, ws.state.documents.get(sr.documentId)) }
}

const invalid = (message: string) => new ControlError(409, 'invalid_state', message)

function signer(outcome: Outcome): SimulateAction<OkState> {
  return (ws, body, caller: CallerScope) => {
    const lang = str(body, 'lang', false) ?? 'en'
    if (body.mobile !== undefined && typeof body.mobile !== 'boolean')
      throw new ControlError(400, 'bad_request', 'mobile must be a boolean')
    const { sr, doc } = signatureRequest(ws, body)
    if (!doc) throw new ControlError(404, 'not_found', `the document of ${sr.id} no longer exists`)
    if (sr.status !== 'active' || isExpired(ws, sr))
      throw invalid(`signature request ${sr.id} is ${isExpired(ws, sr) && sr.status === 'active' ? 'expired' : sr.status}`)
    if (doc.state !== 'tosign') throw invalid(`document ${doc.id} is ${doc.state}, not tosign`)
    return act(ws, sr, doc, outcome, { lang, mobile: body.mobile === true, base: caller.base })
  }
}

export const simulate: Record<string, SimulateAction<OkState>> = {
  sign: signer('signed'),
  cancel: signer('canceled'),

  resend_info: (ws, body, caller) => {
    const { sr, doc } = signatureRequest(ws, body)
    if (!doc) throw new ControlError(404, 'not_found', `the document of ${sr.id} no longer exists`)
    if (doc.state !== 'errorsendinfo' || doc.actedSignatureRequestId !== sr.id)
      throw invalid(`document ${doc.id} is not in errorsendinfo for ${sr.id}`)
    if (!sr.sendInfoURL) throw invalid(`signature request ${sr.id} has no sendInfoURL`)
    const entry = queueSendInfo(ws, sr, doc.id, caller.base)
    return {
      signatureRequestId: sr.id,
      documentId: doc.id,
      document_state: doc.state,
      signature_request_status: sr.status,
      callback: { id: entry.id, url: entry.url, state: entry.state },
      redirect_url: null,
    }
  },

  finish_processing: (ws, body) => {
    const id = str(body, 'documentId') as string
    const doc = refreshDocument(ws, ws.state.documents.get(id))
    if (!doc) throw new ControlError(404, 'not_found', `no document ${id}`)
    if (doc.state !== 'tags' && doc.state !== 'tostamp') throw invalid(`document ${id} is ${doc.state}, not processing`)
    doc.processingUntil = null
    setDocumentState(ws, doc, 'tosign')
    return metadata(doc)
  },

  expire: (ws, body) => {
    const { sr } = signatureRequest(ws, body)
    if (sr.status !== 'active') throw invalid(`signature request ${sr.id} is ${sr.status}`)
    ws.state.signatureRequests.set(sr.id, { ...sr, expirationTime: ws.now() - 1 })
    return { signatureRequestId: sr.id, signature_request_status: 'expired' }
  },
}
