import { ACTION_TYPES, MAX_ACTIONS, VERIFICATION_TYPES } from '../constants.js'
import { fail } from '../errors.js'
import type { ZAction, ZDocument, ZField } from '../model.js'
import { mergeFields, type FieldContext } from './field-input.js'
import { Reader, isEmail, isObj, unableToProcess, type Obj } from './input.js'

/**
 * Merging `actions` input into a request or template (spec §7.2, §7.3): updates
 * by `action_id`, new actions with defaults, `deleted_actions`, then fields.
 * Works on copies; the caller stores the result only when nothing failed.
 */

export interface ActionRules {
  /** Request actions need recipients; template actions may leave them empty. */
  requireRecipients: boolean
  /** A self-sign request's single owner action may not change hands (spec §7.1). */
  selfSign?: { email: string; name: string }
}

export interface ComposeContext extends FieldContext {
  existsAction(id: string): boolean
}

/** Guards of read-only keys, first of the body checks (§5.1 step 7). */
export function guardReadOnly(input: Obj): void {
  if (input.request_status !== undefined && input.request_status !== null) fail('extra_key', 'request_status')
  const actions = input.actions
  if (Array.isArray(actions))
    for (const a of actions) if (isObj(a) && a.action_status !== undefined && a.action_status !== null) fail('extra_key', 'action_status')
}

/**
 * §5.1 step 7 puts required keys before types and ids: every action's
 * recipients (9008, input order) are checked before anything else of the
 * actions, on the merged view — an update of a stored action keeps its stored
 * recipients; an unknown `action_id` is left for the id check (9004).
 */
export function guardRequiredRecipients(input: Obj, current: ZAction[]): void {
  if (!Array.isArray(input.actions)) return
  for (const raw of input.actions) {
    if (!isObj(raw)) continue
    const id = raw.action_id
    const stored = id === undefined || id === null ? undefined : current.find((a) => a.action_id === String(id))
    if (id !== undefined && id !== null && !stored) continue
    for (const key of ['recipient_name', 'recipient_email'] as const) {
      const value = raw[key] ?? stored?.[key]
      if (value === undefined || value === '') fail('missing_key', key)
    }
  }
}

/** §5.1 step 7: the types of every action's keys (9039), before any id is looked up. Applied later by mergeActions. */
export function guardActionTypes(input: Obj): void {
  const raws = input.actions
  if (raws !== undefined && raws !== null) {
    if (!Array.isArray(raws)) unableToProcess()
    for (const raw of raws) {
      if (!isObj(raw)) unableToProcess()
      const r = new Reader(raw, unableToProcess)
      r.id('action_id')
      applyActionKeys(r, newAction(''))
      r.int('signing_order', 0, 10_000)
    }
  }
  if (input.deleted_actions !== undefined && input.deleted_actions !== null && !Array.isArray(input.deleted_actions)) unableToProcess()
}

/** §5.1 step 7: action ids named in the body (9004) before the files are read (9020); mergeActions rechecks on the merged list. */
export function guardActionIds(input: Obj, current: ZAction[]): void {
  const known = (id: unknown) => current.some((a) => a.action_id === String(id))
  if (Array.isArray(input.actions))
    for (const raw of input.actions)
      if (isObj(raw) && raw.action_id !== undefined && raw.action_id !== null && !known(raw.action_id)) fail('id_not_found')
  if (Array.isArray(input.deleted_actions)) for (const id of input.deleted_actions) if (!known(id)) fail('id_not_found')
}

function applyActionKeys(r: Reader, a: ZAction): void {
  const type = r.enumOf('action_type', ACTION_TYPES)
  if (type) a.action_type = type
  const name = r.str('recipient_name', 255)
  if (name !== undefined) a.recipient_name = name
  const email = r.str('recipient_email', 254)
  if (email !== undefined) {
    if (email !== '' && !isEmail(email)) unableToProcess()
    a.recipient_email = email
  }
  a.recipient_phonenumber = r.str('recipient_phonenumber', 30) ?? a.recipient_phonenumber
  a.recipient_countrycode = r.str('recipient_countrycode', 10) ?? a.recipient_countrycode
  a.verify_recipient = r.bool('verify_recipient') ?? a.verify_recipient
  const vt = r.enumOf('verification_type', VERIFICATION_TYPES)
  if (vt) a.verification_type = vt
  const code = r.str('verification_code', 100)
  if (code !== undefined) a.verification_code = code
  a.private_notes = r.str('private_notes') ?? a.private_notes
  a.is_embedded = r.bool('is_embedded') ?? a.is_embedded
  const ipn = r.str('in_person_name', 255)
  if (ipn !== undefined) a.in_person_name = ipn
  const ipe = r.str('in_person_email', 254)
  if (ipe !== undefined) a.in_person_email = ipe
  const role = r.str('role', 255)
  if (role !== undefined) a.role = role
}

/** A new SIGN action, every key in Zoho's order; `recipient` names who it is for. */
export function newAction(id: string, recipient = { name: '', email: '' }): ZAction {
  return {
    action_id: id,
    action_type: 'SIGN',
    recipient_name: recipient.name,
    recipient_email: recipient.email,
    recipient_phonenumber: '',
    recipient_countrycode: '',
    signing_order: 0,
    verify_recipient: false,
    private_notes: '',
    is_embedded: false,
    action_status: 'NOACTION',
    fields: [],
  }
}

/** The merged action list; `actions`/`deleted_actions` input may be absent. */
export function mergeActions(current: ZAction[], input: Obj, rules: ActionRules, ctx: ComposeContext): ZAction[] {
  const list = current.map((a) => ({ ...a, fields: [...a.fields] }))
  const raws = input.actions === undefined || input.actions === null ? [] : Array.isArray(input.actions) ? input.actions : unableToProcess()
  const deleted =
    input.deleted_actions === undefined || input.deleted_actions === null
      ? []
      : Array.isArray(input.deleted_actions)
        ? input.deleted_actions.map(String)
        : unableToProcess()
  if (rules.selfSign && deleted.length) unableToProcess()
  const staged: { action: ZAction; r: Reader; isNew: boolean; raw: Obj }[] = []
  for (const raw of raws) {
    if (!isObj(raw)) unableToProcess()
    const r = new Reader(raw, unableToProcess)
    const id = r.id('action_id')
    let action: ZAction
    let isNew = false
    if (id !== undefined) {
      const found = list.find((a) => a.action_id === id)
      if (!found) return fail('id_not_found')
      action = found
    } else {
      if (rules.selfSign) unableToProcess()
      action = newAction(ctx.newId())
      isNew = true
    }
    const before = { type: action.action_type, name: action.recipient_name, email: action.recipient_email }
    applyActionKeys(r, action)
    if (
      rules.selfSign &&
      (action.action_type !== before.type ||
        action.recipient_name !== before.name ||
        action.recipient_email.toLowerCase() !== before.email.toLowerCase())
    )
      unableToProcess()
    if (isNew) {
      const order = r.int('signing_order', 0, 10_000)
      const prior = [...list, ...staged.filter((s) => s.isNew).map((s) => s.action)]
      action.signing_order = order ?? (prior.length ? Math.max(...prior.map((a) => a.signing_order)) + 1 : 0)
    } else {
      const order = r.int('signing_order', 0, 10_000)
      if (order !== undefined) action.signing_order = order
    }
    if (action.is_embedded && action.action_type !== 'SIGN') unableToProcess()
    staged.push({ action, r, isNew, raw })
    if (isNew) list.push(action)
  }
  for (const id of deleted) if (!ctx.existsAction(id) || !list.some((a) => a.action_id === id)) fail('id_not_found')
  const kept = list.filter((a) => !deleted.includes(a.action_id))
  if (kept.length > MAX_ACTIONS) unableToProcess()
  if (rules.requireRecipients) {
    for (const { action } of staged) {
      if (!action.recipient_name) fail('missing_key', 'recipient_name')
      if (!action.recipient_email) fail('missing_key', 'recipient_email')
    }
  }
  for (const { action, raw } of staged) {
    action.fields = mergeFields(action.fields, raw.fields, raw.deleted_fields, ctx)
  }
  return kept
}

/** Field names in use, so generated names (`Signature - 1`) never repeat within one request/template. */
export function usedNames(actions: ZAction[], extra: ZField[] = []): Set<string> {
  return new Set([...actions.flatMap((a) => a.fields), ...extra].map((f) => f.field_name))
}

/** Removing a document also removes the fields placed on it (R17). */
export function withoutDocument<T extends { documents: ZDocument[]; actions: ZAction[] }>(holder: T, documentId: string): T {
  return {
    ...holder,
    documents: holder.documents.filter((d) => d.document_id !== documentId),
    actions: holder.actions.map((a) => ({ ...a, fields: a.fields.filter((f) => f.document_id !== documentId) })),
  }
}
