import { stampPdf } from '../../../lib/pdf.js'
import { ACTION_TYPES, VERIFICATION_TYPES } from '../constants.js'
import { fail } from '../errors.js'
import { type ZAction, type ZDocument, type ZField, type ZRequest, type ZTemplate, type ZWs } from '../model.js'
import { fromBase64, toBase64 } from '../../../lib/bytes.js'
import { formatDate, parseLongDate } from './fields.js'
import { Reader, flagParam, isEmail, isObj, parseData, toBool, unableToProcess, type Obj } from './input.js'
import { save, submit } from './lifecycle.js'
import { checkSubmittable } from './requests.js'
import { atomic, findTemplate, newId, type Env } from './workspace.js'

/** T5: a request from a template, prefilled, sent at once with `is_quicksend=true` (spec §6.4). */

const PREFILL_KINDS: Record<string, string> = {
  field_text_data: 'textfield',
  field_boolean_data: 'checkbox',
  field_date_data: 'datefield',
  field_radio_data: 'radiogroup',
}

/** A prefill value: string, boolean, or the SDK's whole field object (its field_value, else default_value). */
function prefillValue(v: unknown): string | undefined {
  if (isObj(v)) v = v.field_value ?? v.default_value
  if (v === undefined || v === null) return undefined
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  return unableToProcess()
}

interface Prefill {
  field: ZField
  kind: string
  value: string
}

/** The prefill values of `field_data`, type-checked only (9039); matched to the template's prefill fields by label. */
function readPrefills(t: ZTemplate, fieldData: Obj | undefined): Prefill[] {
  const out: Prefill[] = []
  for (const [group, kind] of Object.entries(PREFILL_KINDS)) {
    const entries = fieldData?.[group]
    if (entries === undefined || entries === null) continue
    if (!isObj(entries)) unableToProcess()
    for (const [label, raw] of Object.entries(entries)) {
      const field = t.document_fields.find((f) => f.field_label === label && f.field_category === kind)
      const value = prefillValue(raw)
      if (field && value !== undefined) out.push({ field, kind, value })
    }
  }
  return out
}

/** Field ids → stamped values; an unparsable date or a mandatory prefill field left empty is a field error (4021). */
function prefills(t: ZTemplate, given: Prefill[]): Map<string, string> {
  const values = new Map<string, string>()
  for (const { field, kind, value } of given) {
    if (kind === 'datefield') {
      const day = parseLongDate(value)
      if (day === undefined) fail('field_errors')
      values.set(field.field_id, formatDate(day, field.date_format ?? 'MMM dd yyyy'))
    } else if (kind === 'checkbox') {
      const b = toBool(value)
      if (b === null || b === undefined) fail('field_errors')
      values.set(field.field_id, String(b))
    } else values.set(field.field_id, value)
  }
  for (const f of t.document_fields) if (f.is_mandatory && !values.has(f.field_id)) fail('field_errors')
  return values
}

interface PickedAction {
  raw: Reader
  /** `action_id` as sent: resolved against the template only after every action passed the key and type checks. */
  id: string | undefined
}

/** The input actions, checked in §5.1's order across all of them: required keys (9008), then types (9039). */
function readActions(input: Obj): PickedAction[] {
  const raws = input.actions === undefined || input.actions === null ? [] : Array.isArray(input.actions) ? input.actions : unableToProcess()
  const readers = raws.map((raw) => {
    if (!isObj(raw)) unableToProcess()
    const r = new Reader(raw, unableToProcess)
    if (!r.str('recipient_name', 255)) fail('missing_key', 'recipient_name')
    if (!r.str('recipient_email', 254)) fail('missing_key', 'recipient_email')
    return r
  })
  return readers.map((r) => {
    if (!isEmail(r.str('recipient_email', 254) ?? '')) unableToProcess()
    const id = r.id('action_id')
    r.enumOf('action_type', ACTION_TYPES)
    r.enumOf('verification_type', VERIFICATION_TYPES)
    r.bool('verify_recipient')
    r.bool('is_embedded')
    return { raw: r, id }
  })
}

/** Template actions matched by `action_id`, else by position (9004 for an id the template lacks). */
function matchActions(t: ZTemplate, picked: PickedAction[]): { template: ZAction; raw: Reader }[] {
  const out: { template: ZAction; raw: Reader }[] = []
  picked.forEach(({ raw, id }, i) => {
    const match = id !== undefined ? t.actions.find((a) => a.action_id === id) : t.actions[i]
    if (id !== undefined && !match) fail('id_not_found')
    if (match) out.push({ template: match, raw })
  })
  return out
}

async function copyDocuments(
  ws: ZWs,
  t: ZTemplate,
  values: Map<string, string>,
  requestId: string,
  ids: () => string,
): Promise<Map<string, ZDocument>> {
  const map = new Map<string, ZDocument>()
  for (const d of t.documents) {
    const copy: ZDocument = { ...d, document_id: ids() }
    let bytes = fromBase64(ws.state.files.get(d.document_id) ?? '')
    const stamps = t.document_fields.filter((f) => f.document_id === d.document_id && values.has(f.field_id))
    if (stamps.length && d.is_pdf) {
      bytes = await stampPdf(
        bytes,
        stamps.map((f) => ({
          page: f.page_no,
          x: f.x_coord,
          y: Math.max(2, (d.page_heights[f.page_no] ?? 792) - f.y_coord - 12),
          text: values.get(f.field_id) ?? '',
        })),
        { title: t.template_name, date: new Date(ws.now()) },
      )
      copy.document_size = bytes.byteLength
    }
    ws.state.files.set(copy.document_id, toBase64(bytes))
    ws.state.documentOwners.set(copy.document_id, { kind: 'request', id: requestId })
    map.set(d.document_id, copy)
  }
  return map
}

export function createFromTemplate(
  env: Env,
  templateId: string,
  data: string | undefined,
  quicksend: string | undefined,
): Promise<ZRequest> {
  const { ws } = env
  return atomic(ws, async () => {
    const t = findTemplate(ws, templateId)
    const input = parseData(data, ['templates'])
    const send = flagParam(quicksend) ?? false
    const r0 = new Reader(input, unableToProcess)
    const name = r0.str('request_name', 255)
    const notes = r0.str('notes')
    const fieldData = r0.object('field_data')
    const read = readActions(input)
    const given = readPrefills(t, fieldData)
    const picked = matchActions(t, read)
    const values = prefills(t, given)
    if (read.length !== t.actions.length) fail('template_action_mismatch')
    if (send) checkSubmittable(t)
    const ids = newId(ws)
    const requestId = ids()
    const docs = await copyDocuments(ws, t, values, requestId, ids)
    const copyField = (f: ZField): ZField => ({ ...f, field_id: ids(), document_id: docs.get(f.document_id)?.document_id ?? f.document_id })
    const actions: ZAction[] = picked.map(({ template: ta, raw }) => {
      const a: ZAction = { ...ta, action_id: ids(), fields: [], sign_id: undefined }
      a.fields = ta.fields.map(copyField)
      a.action_type = raw.enumOf('action_type', ACTION_TYPES) ?? ta.action_type
      a.recipient_name = raw.str('recipient_name') ?? ''
      a.recipient_email = raw.str('recipient_email') ?? ''
      a.recipient_phonenumber = raw.str('recipient_phonenumber', 30) ?? ''
      a.recipient_countrycode = raw.str('recipient_countrycode', 10) ?? ''
      a.private_notes = raw.str('private_notes') ?? ta.private_notes
      a.verify_recipient = raw.bool('verify_recipient') ?? false
      const vt = raw.enumOf('verification_type', VERIFICATION_TYPES)
      if (a.verify_recipient) a.verification_type = vt ?? ta.verification_type ?? 'EMAIL'
      a.is_embedded = raw.bool('is_embedded') ?? false
      a.action_status = 'NOACTION'
      delete a.role
      return a
    })
    const now = ws.now()
    const r: ZRequest = {
      request_id: requestId,
      request_name: name || t.template_name,
      request_status: 'draft',
      request_type_id: t.request_type_id,
      description: t.description,
      notes: notes ?? t.notes,
      owner_id: t.owner_id,
      created_time: now,
      modified_time: now,
      is_deleted: false,
      expiration_days: t.expiration_days,
      is_sequential: t.is_sequential,
      email_reminders: t.email_reminders,
      reminder_period: t.reminder_period,
      self_sign: false,
      ...(t.folder_id ? { folder_id: t.folder_id } : {}),
      documents: t.documents.map((d) => docs.get(d.document_id) as ZDocument),
      actions,
      zsdocumentid: ws.random.string(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'),
    }
    if (send) submit(env, r)
    else save(ws, r)
    return r
  })
}
