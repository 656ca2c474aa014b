import { DAY_MS, THUMBNAIL } from '../constants.js'
import type { ZAction, ZDocument, ZRequest, ZTemplate, ZohoState } from '../model.js'
import { fieldOut } from './fields.js'
import type { Deadlines } from './auth.js'

/** Reply shapes of requests and templates (spec §7.3, §7.5, §7.7), in the seed's key order. */

export interface RenderOptions {
  /** Actions carry `fields` (create/update/submit/get/simulate). */
  fields: boolean
  /** Documents carry `image_string` and `pages` (create/update/submit). */
  images: boolean
}

export const FULL: RenderOptions = { fields: true, images: true }
export const DETAIL: RenderOptions = { fields: true, images: false }
export const LIST: RenderOptions = { fields: false, images: false }

export function documentOut(d: ZDocument, order: number, images: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (images) out.image_string = THUMBNAIL
  out.document_name = d.document_name
  if (images) out.pages = [{ image_string: THUMBNAIL, page: 0, is_thumbnail: true }]
  Object.assign(out, {
    document_size: d.document_size,
    document_order: String(order),
    total_pages: d.total_pages,
    document_id: d.document_id,
  })
  return out
}

const live = (r: ZRequest) => r.request_status === 'draft' || r.request_status === 'inprogress'

export function actionOut(r: ZRequest, a: ZAction, withFields: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    verify_recipient: a.verify_recipient,
    action_id: a.action_id,
    action_type: a.action_type,
    private_notes: a.private_notes,
    recipient_name: a.recipient_name,
    recipient_email: a.recipient_email,
    signing_order: a.signing_order,
  }
  if (a.verify_recipient) out.verification_type = a.verification_type ?? 'EMAIL'
  if (withFields) out.fields = a.fields.map((f) => fieldOut(f, a.action_id))
  Object.assign(out, {
    allow_signing: live(r) && !['SIGNED', 'APPROVED', 'DECLINED'].includes(a.action_status),
    action_status: a.action_status,
    recipient_phonenumber: a.recipient_phonenumber,
    recipient_countrycode: a.recipient_countrycode,
    is_embedded: a.is_embedded,
    is_bulk: false,
    is_revoked: false,
  })
  if (a.action_type === 'INPERSONSIGN')
    Object.assign(out, { in_person_name: a.in_person_name ?? '', in_person_email: a.in_person_email ?? '' })
  return out
}

/** Signing actions count towards `sign_percentage`, rounded up to 2 decimals (1 of 3 → 33.34). */
export function signPercentage(r: ZRequest): number {
  const counted = r.actions.filter((a) => a.action_type !== 'VIEW')
  if (counted.length === 0) return 0
  const done = counted.filter((a) => a.action_status === 'SIGNED' || a.action_status === 'APPROVED').length
  return Math.ceil(((done * 100) / counted.length) * 100 - 1e-9) / 100
}

export const sortedActions = (actions: ZAction[]): ZAction[] =>
  actions
    .map((a, i) => [a, i] as const)
    .sort((x, y) => x[0].signing_order - y[0].signing_order || x[1] - y[1])
    .map(([a]) => a)

export function requestOut(state: ZohoState, r: ZRequest, clock: Deadlines, opts: RenderOptions): Record<string, unknown> {
  const owner = state.users.get(r.owner_id)
  const type = state.requestTypes.get(r.request_type_id)
  const folder = r.folder_id ? state.folders.get(r.folder_id) : undefined
  const out: Record<string, unknown> = {
    request_status: r.request_status,
    notes: r.notes,
    reminder_period: r.reminder_period,
    owner_id: r.owner_id,
    description: r.description,
    request_name: r.request_name,
    modified_time: r.modified_time,
  }
  if (r.action_time !== undefined) out.action_time = r.action_time
  Object.assign(out, { is_deleted: r.is_deleted, expiration_days: r.expiration_days, is_sequential: r.is_sequential })
  if (r.sign_submitted_time !== undefined) out.sign_submitted_time = r.sign_submitted_time
  out.owner_first_name = owner?.first_name ?? ''
  out.sign_percentage = signPercentage(r)
  if (r.expire_by !== undefined) {
    out.expire_by = r.expire_by
    out.is_expiring = r.request_status === 'inprogress' && clock.reached(r.expire_by - 7 * DAY_MS)
  }
  Object.assign(out, {
    owner_email: owner?.user_email ?? '',
    created_time: r.created_time,
    email_reminders: r.email_reminders,
    document_ids: r.documents.map((d, i) => documentOut(d, i, opts.images)),
    self_sign: r.self_sign,
    in_process: false,
    validity: -1,
    request_type_name: type?.request_type_name ?? 'Others',
  })
  if (folder) Object.assign(out, { folder_id: folder.folder_id, folder_name: folder.folder_name })
  if (r.decline_reason !== undefined) out.decline_reason = r.decline_reason
  Object.assign(out, {
    request_id: r.request_id,
    request_type_id: r.request_type_id,
    owner_last_name: owner?.last_name ?? '',
    actions: sortedActions(r.actions).map((a) => actionOut(r, a, opts.fields)),
  })
  return out
}

function templateActionOut(a: ZAction, withFields: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    verify_recipient: a.verify_recipient,
    role: a.role ?? '',
    action_id: a.action_id,
    action_type: a.action_type,
    private_notes: a.private_notes,
    recipient_email: a.recipient_email,
    signing_order: a.signing_order,
  }
  if (a.verify_recipient) out.verification_type = a.verification_type ?? 'EMAIL'
  if (withFields) out.fields = a.fields.map((f) => fieldOut(f, a.action_id))
  Object.assign(out, {
    recipient_name: a.recipient_name,
    recipient_phonenumber: a.recipient_phonenumber,
    recipient_countrycode: a.recipient_countrycode,
  })
  return out
}

export function templateOut(state: ZohoState, t: ZTemplate, opts: RenderOptions): Record<string, unknown> {
  const owner = state.users.get(t.owner_id)
  const type = state.requestTypes.get(t.request_type_id)
  const folder = t.folder_id ? state.folders.get(t.folder_id) : undefined
  const out: Record<string, unknown> = {
    owner_email: owner?.user_email ?? '',
    created_time: t.created_time,
    email_reminders: t.email_reminders,
    document_ids: t.documents.map((d, i) => documentOut(d, i, opts.images)),
    notes: t.notes,
    reminder_period: t.reminder_period,
    owner_id: t.owner_id,
  }
  if (opts.fields) {
    out.document_fields = t.documents.map((d) => ({
      document_id: d.document_id,
      fields: t.document_fields.filter((f) => f.document_id === d.document_id).map((f) => fieldOut(f)),
    }))
  }
  Object.assign(out, {
    description: t.description,
    template_name: t.template_name,
    modified_time: t.modified_time,
    is_deleted: t.is_deleted,
    expiration_days: t.expiration_days,
    is_sequential: t.is_sequential,
    template_id: t.template_id,
    request_type_name: type?.request_type_name ?? 'Others',
    owner_first_name: owner?.first_name ?? '',
    request_type_id: t.request_type_id,
    owner_last_name: owner?.last_name ?? '',
  })
  if (folder) Object.assign(out, { folder_id: folder.folder_id, folder_name: folder.folder_name })
  out.actions = sortedActions(t.actions).map((a) => templateActionOut(a, opts.fields))
  return out
}
