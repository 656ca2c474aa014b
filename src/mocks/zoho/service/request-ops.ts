import { DAY_MS, EMBED_TOKEN_TTL_MS } from '../constants.js'
import { fail } from '../errors.js'
import { type ZRequest, type ZWs } from '../model.js'
import { parseLongDate, formatDate } from './fields.js'
import { flagParam, unableToProcess } from './input.js'
import { recall, remind, save, schedule } from './lifecycle.js'
import { sortedActions } from './render.js'
import { isEditable } from './requests.js'
import { atomic, dropDocuments, findRequest, type Env } from './workspace.js'

/** Recall, remind, delete, extend, embed token, delete one document, field data (R9–R14, R17). */

const inProgress = (r: ZRequest) => {
  if (r.request_status !== 'inprogress') unableToProcess()
}

export function recallRequest(ws: ZWs, id: string, reason: string | undefined): Promise<number> {
  return atomic(ws, () => {
    const r = findRequest(ws, id)
    inProgress(r)
    recall(ws, r, reason ?? '')
    return r.action_time ?? ws.now()
  })
}

export function remindRequest(env: Env, id: string): Promise<void> {
  return atomic(env.ws, () => {
    const r = findRequest(env.ws, id)
    inProgress(r)
    remind(env, r)
  })
}

/** To trash; an in-progress request is recalled first. */
function trash(ws: ZWs, r: ZRequest, reason: string | undefined): void {
  if (r.request_status === 'inprogress') recall(ws, r, reason ?? '')
  r.is_deleted = true
  save(ws, r)
}

export function deleteRequest(ws: ZWs, id: string, recallInProgress: string | undefined, reason: string | undefined): Promise<void> {
  return atomic(ws, () => {
    const r = findRequest(ws, id)
    if (r.request_status === 'inprogress' && !(flagParam(recallInProgress) ?? false)) unableToProcess()
    trash(ws, r, reason)
  })
}

/**
 * Bulk `PUT /requests/delete` (spec §6.6): `delete_ids` is a JSON array of request ids, all checked
 * before any is touched; without `recall_inprogress=true` in-progress requests are left as they are.
 */
export function deleteRequests(
  ws: ZWs,
  deleteIds: string | undefined,
  recallInProgress: string | undefined,
  reason: string | undefined,
): Promise<void> {
  return atomic(ws, () => {
    if (deleteIds === undefined || deleteIds.trim() === '') fail('missing_key', 'delete_ids')
    let ids: unknown
    try {
      ids = JSON.parse(deleteIds)
    } catch {
      unableToProcess()
    }
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((v) => typeof v === 'string' || typeof v === 'number')) unableToProcess()
    const requests = new Set(ids.map((id) => findRequest(ws, String(id))))
    const withRecall = flagParam(recallInProgress) ?? false
    for (const r of requests) if (r.request_status !== 'inprogress' || withRecall) trash(ws, r, reason)
  })
}

/**
 * `POST /requests/{id}/markforcorrection` (spec §6.6): an in-progress request nobody has signed yet
 * goes to `correction`; every action waits again, so nobody can sign until it is edited and submitted.
 */
export function markForCorrection(ws: ZWs, id: string): Promise<ZRequest> {
  return atomic(ws, () => {
    const r = findRequest(ws, id)
    inProgress(r)
    if (r.actions.some((a) => a.action_status === 'SIGNED' || a.action_status === 'APPROVED')) unableToProcess()
    r.request_status = 'correction'
    for (const a of r.actions) a.action_status = 'NOACTION'
    r.next_reminder_at = undefined
    save(ws, r)
    return r
  })
}

export function extendRequest(ws: ZWs, id: string, expireByText: string | undefined): Promise<void> {
  return atomic(ws, () => {
    const r = findRequest(ws, id)
    if (expireByText === undefined || expireByText === '') fail('missing_key', 'expire_by')
    const day = parseLongDate(expireByText)
    if (day === undefined) return unableToProcess()
    const until = day + (23 * 60 + 59) * 60_000
    if (r.request_status !== 'inprogress' && r.request_status !== 'expired') unableToProcess()
    // §6.2 R13: the date must be after today (UTC), so today itself is refused even before 23:59.
    if (day <= Math.floor(ws.now() / DAY_MS) * DAY_MS) unableToProcess()
    r.expire_by = until
    r.request_status = 'inprogress'
    save(ws, r)
    schedule(ws, until)
  })
}

export function embedToken(env: Env, id: string, actionId: string, host: string | undefined): Promise<string> {
  return atomic(env.ws, () => {
    const { ws } = env
    const r = findRequest(ws, id)
    const a = r.actions.find((x) => x.action_id === actionId)
    if (!a) fail('id_not_found')
    inProgress(r)
    if (!a.is_embedded || a.action_type !== 'SIGN' || (a.action_status !== 'UNOPENED' && a.action_status !== 'VIEWED')) unableToProcess()
    const signId = ws.random.string(40, 'abcdef0123456789')
    ws.state.signIds.set(signId, {
      sign_id: signId,
      request_id: r.request_id,
      action_id: a.action_id,
      single_use: true,
      expires_at: ws.now() + EMBED_TOKEN_TTL_MS,
    })
    return `${env.signBase}/zsguest?locale=en&sign_id=${signId}&action_type=SIGN${host ? `&frameorigin=${encodeURIComponent(host)}` : ''}`
  })
}

/** R17: one file out of a draft; fields on it go too and the order is renumbered. */
export function deleteDocument(ws: ZWs, documentId: string): Promise<void> {
  return atomic(ws, () => {
    const owner = /^\d{1,19}$/.test(documentId) ? ws.state.documentOwners.get(documentId) : undefined
    if (!owner || owner.kind !== 'request') fail('id_not_found')
    const r = findRequest(ws, owner.id)
    if (!isEditable(r)) fail('document_already_submitted')
    if (r.documents.length <= 1) unableToProcess()
    r.documents = r.documents.filter((d) => d.document_id !== documentId)
    r.actions = r.actions.map((a) => ({ ...a, fields: a.fields.filter((f) => f.document_id !== documentId) }))
    dropDocuments(ws, [documentId])
    save(ws, r)
  })
}

export function completedRequest(ws: ZWs, id: string): ZRequest {
  const r = findRequest(ws, id)
  if (r.request_status !== 'completed') fail('document_access_denied')
  return r
}

/** R9's `document_form_data`: signed actions' non-image fields as text. */
export function fieldData(ws: ZWs, id: string): Record<string, unknown> {
  const r = completedRequest(ws, id)
  const actions = sortedActions(r.actions)
    .filter((a) => a.action_status === 'SIGNED' || a.action_status === 'APPROVED')
    .map((a) => ({
      signed_time: `${formatDate(a.signed_time ?? r.action_time ?? 0, 'MMM dd yyyy HH:mm')} UTC`,
      action_type: a.action_type,
      recipient_email: a.recipient_email,
      recipient_name: a.recipient_name,
      fields: a.fields
        .filter((f) => f.field_category !== 'image')
        .map((f) => ({ field_label: f.field_label, field_value: f.field_value ?? '' })),
    }))
  return { request_name: r.request_name, zsdocumentid: r.zsdocumentid, actions }
}
