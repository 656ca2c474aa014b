import { invalidState, simulateAction } from '../../lib/simulate.js'
import { ControlError } from '../../lib/vendor-error.js'
import type { OkDocument, OkState, SignatureRequest, OkWs } from './model.js'
import { simulateDocumentSchema, simulateSignerSchema, simulateSrSchema } from './schemas.js'
import { metadata, refreshDocument, setDocumentState } from './service/documents.js'
import { act, isExpired, queueSendInfo, type Outcome } from './service/signature-requests.js'

/** What the signer does outside the API (spec §8), as control-plane actions. */

function signatureRequest(ws: OkWs, id: string): { sr: SignatureRequest; doc: OkDocument | undefined } {
  const sr = ws.state.signatureRequests.get(id)
  if (!sr || sr.status === 'deleted') throw new ControlError(404, 'not_found', `no signature request ${id}`)
  return { sr, doc: refreshDocument(ws, ws.state.documents.get(sr.documentId)) }
}

const action = simulateAction<OkState>()

function signer(outcome: Outcome, description: string) {
  return action(simulateSignerSchema, description, (ws, body, caller) => {
    const { sr, doc } = signatureRequest(ws, body.signatureRequestId)
    if (!doc) throw new ControlError(404, 'not_found', `the document of ${sr.id} no longer exists`)
    if (sr.status !== 'active' || isExpired(ws, sr))
      throw invalidState(`signature request ${sr.id} is ${isExpired(ws, sr) && sr.status === 'active' ? 'expired' : sr.status}`)
    if (doc.state !== 'tosign') throw invalidState(`document ${doc.id} is ${doc.state}, not tosign`)
    return act(ws, sr, doc, outcome, { lang: body.lang, mobile: body.mobile === true, base: caller.base })
  })
}

export const simulate = {
  sign: signer('signed', 'The signer signs the document (document signed; the SR callback is called).'),
  cancel: signer('canceled', 'The signer cancels the signing session (document canceled; the SR callback is called).'),

  resend_info: action(
    simulateSrSchema,
    'Retries the sendInfoURL delivery of a document left in errorsendinfo by that signature request.',
    (ws, body, caller) => {
      const { sr, doc } = signatureRequest(ws, body.signatureRequestId)
      if (!doc) throw new ControlError(404, 'not_found', `the document of ${sr.id} no longer exists`)
      if (doc.state !== 'errorsendinfo' || doc.actedSignatureRequestId !== sr.id)
        throw invalidState(`document ${doc.id} is not in errorsendinfo for ${sr.id}`)
      if (!sr.sendInfoURL) throw invalidState(`signature request ${sr.id} has no sendInfoURL`)
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
  ),

  finish_processing: action(
    simulateDocumentSchema,
    'Ends the processing of an uploaded document now (tags or tostamp → tosign) instead of waiting.',
    (ws, body) => {
      const id = body.documentId
      const doc = refreshDocument(ws, ws.state.documents.get(id))
      if (!doc) throw new ControlError(404, 'not_found', `no document ${id}`)
      if (doc.state !== 'tags' && doc.state !== 'tostamp') throw invalidState(`document ${id} is ${doc.state}, not processing`)
      doc.processingUntil = null
      setDocumentState(ws, doc, 'tosign')
      return metadata(doc)
    },
  ),

  expire: action(simulateSrSchema, 'The signature request passes its expirationTime now.', (ws, body) => {
    const { sr } = signatureRequest(ws, body.signatureRequestId)
    if (sr.status !== 'active') throw invalidState(`signature request ${sr.id} is ${sr.status}`)
    ws.state.signatureRequests.set(sr.id, { ...sr, expirationTime: ws.now() - 1 })
    return { signatureRequestId: sr.id, signature_request_status: 'expired' }
  }),
}
