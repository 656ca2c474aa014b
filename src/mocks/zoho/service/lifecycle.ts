import { DAY_MS, DEFAULT_IP } from '../constants.js'
import type { ZAction, ZRequest, ZWs } from '../model.js'
import { formatDate } from './fields.js'
import { emitEvent, requestEmail, signerEmail } from './notify.js'
import type { Env } from './workspace.js'

/** Request and action state machines (spec §8): submit, view, sign, decline, recall, expire, reminders. */

const DONE = new Set(['SIGNED', 'APPROVED'])
const signing = (a: ZAction) => a.action_type !== 'VIEW'
const pending = (a: ZAction) => signing(a) && !DONE.has(a.action_status)

/** `expire_by`: 23:59 UTC of the date `days` after `from` (spec §8.3). */
export function expireBy(from: number, days: number): number {
  const d = new Date(from + days * DAY_MS)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 0, 0)
}

export function schedule(ws: ZWs, at: number | undefined): void {
  if (at !== undefined && at < ws.state.meta.sweep_at) ws.state.meta.sweep_at = at
}

export function save(ws: ZWs, r: ZRequest): void {
  r.modified_time = ws.now()
  ws.state.requests.set(r.request_id, r)
}

/** Opens the next signing group (all of it when parallel); VIEW actions open at once. */
function openTurn(env: Env, r: ZRequest): void {
  const open = (a: ZAction) => {
    a.action_status = 'UNOPENED'
    if (!a.is_embedded && a.action_type !== 'VIEW') signerEmail(env, r, a, 'sign_request')
  }
  for (const a of r.actions) if (a.action_type === 'VIEW' && a.action_status === 'NOACTION') open(a)
  const left = r.actions.filter(pending)
  if (left.length === 0) return
  const group = r.is_sequential ? Math.min(...left.map((a) => a.signing_order)) : undefined
  for (const a of left) if (a.action_status === 'NOACTION' && (group === undefined || a.signing_order === group)) open(a)
}

export function submit(env: Env, r: ZRequest): void {
  const now = env.ws.now()
  r.request_status = 'inprogress'
  r.sign_submitted_time = now
  r.action_time = now
  r.expire_by = expireBy(now, r.expiration_days)
  r.next_reminder_at = r.email_reminders ? now + r.reminder_period * DAY_MS : undefined
  openTurn(env, r)
  save(env.ws, r)
  schedule(env.ws, Math.min(r.expire_by, r.next_reminder_at ?? Infinity))
  emitEvent(env.ws, r, 'RequestSubmitted')
}

export function view(env: Env, r: ZRequest, a: ZAction, ip = DEFAULT_IP): void {
  if (a.action_status !== 'UNOPENED') return
  a.action_status = 'VIEWED'
  r.action_time = env.ws.now()
  save(env.ws, r)
  emitEvent(env.ws, r, 'RequestViewed', { action: a, ip })
}

/** The value a field gets when its signer signs (spec §11). */
function valueFor(a: ZAction, f: ZAction['fields'][number], given: Record<string, string | boolean>, now: number): string {
  const v = given[f.field_label] ?? given[f.field_name]
  if (v !== undefined) return String(v)
  switch (f.field_type_name) {
    case 'Name':
    case 'Signature':
    case 'Initial':
      return a.in_person_name || a.recipient_name
    case 'Email':
      return a.recipient_email
    case 'Date':
    case 'CustomDate':
      return formatDate(now, f.date_format ?? 'MMM dd yyyy')
    case 'Checkbox':
      return String(f.default_value ?? false)
    default:
      return f.default_value === undefined ? '' : String(f.default_value)
  }
}

function complete(env: Env, r: ZRequest, last: ZAction): void {
  r.request_status = 'completed'
  save(env.ws, r)
  emitEvent(env.ws, r, 'RequestCompleted', { action: last, ip: last.ip_address })
  requestEmail(env.ws, r, 'completed')
}

/** Signs (or approves) one action; completes the request after the last one. */
export function sign(env: Env, r: ZRequest, a: ZAction, given: Record<string, string | boolean> = {}, ip = DEFAULT_IP): void {
  const now = env.ws.now()
  view(env, r, a, ip)
  for (const f of a.fields) f.field_value = valueFor(a, f, given, now)
  a.action_status = a.action_type === 'APPROVER' ? 'APPROVED' : 'SIGNED'
  a.signed_time = now
  a.ip_address = ip
  r.action_time = now
  const finished = !r.actions.some(pending)
  if (finished) r.request_status = 'completed'
  else openTurn(env, r)
  save(env.ws, r)
  emitEvent(env.ws, r, 'RequestSigningSuccess', { action: a, ip })
  if (finished) complete(env, r, a)
}

/** Self-sign (R16): the owner action is signed and the draft completes at once. */
export function selfSign(env: Env, r: ZRequest): void {
  const now = env.ws.now()
  r.sign_submitted_time = now
  r.expire_by = expireBy(now, r.expiration_days)
  const a = r.actions[0]
  for (const f of a.fields) f.field_value = valueFor(a, f, {}, now)
  a.action_status = 'SIGNED'
  a.signed_time = now
  a.ip_address = DEFAULT_IP
  r.action_time = now
  r.request_status = 'completed'
  save(env.ws, r)
  emitEvent(env.ws, r, 'RequestSigningSuccess', { action: a })
  emitEvent(env.ws, r, 'RequestCompleted', { action: a })
  requestEmail(env.ws, r, 'completed')
}

export function decline(env: Env, r: ZRequest, a: ZAction, reason = '', ip = DEFAULT_IP): void {
  a.action_status = 'DECLINED'
  a.ip_address = ip
  r.request_status = 'declined'
  r.decline_reason = reason
  r.action_time = env.ws.now()
  save(env.ws, r)
  emitEvent(env.ws, r, 'RequestRejected', { action: a, reason, ip })
  requestEmail(env.ws, r, 'declined')
}

/**
 * The recipient hands its action on to someone else (Zoho's reassign): the
 * action gets the new name and address and waits again (UNOPENED); the old
 * e-mail link dies, the new recipient gets the sign-request e-mail, and the
 * `Forward` webhook (RequestForwarded) names the one who reassigned.
 */
export function reassign(env: Env, r: ZRequest, a: ZAction, to: { name: string; email: string }, reason = '', ip = DEFAULT_IP): void {
  const { ws } = env
  const before = { ...a }
  for (const s of ws.state.signIds.values())
    if (s.request_id === r.request_id && s.action_id === a.action_id) ws.state.signIds.set(s.sign_id, { ...s, reassigned: true })
  a.sign_id = undefined
  a.recipient_name = to.name
  a.recipient_email = to.email
  a.action_status = 'UNOPENED'
  r.action_time = ws.now()
  save(ws, r)
  emitEvent(ws, r, 'RequestForwarded', { action: before, reason, ip })
  if (!a.is_embedded) signerEmail(env, r, a, 'sign_request')
}

export function recall(ws: ZWs, r: ZRequest, reason = ''): void {
  const waiting = r.actions.filter((a) => a.action_status === 'UNOPENED' || a.action_status === 'VIEWED')
  r.request_status = 'recalled'
  r.action_time = ws.now()
  save(ws, r)
  emitEvent(ws, r, 'RequestRecalled', { reason })
  requestEmail(ws, r, 'recalled', waiting)
}

export function expire(ws: ZWs, r: ZRequest): void {
  const now = ws.now()
  r.request_status = 'expired'
  r.expire_by = Math.min(r.expire_by ?? now, now)
  save(ws, r)
  emitEvent(ws, r, 'RequestExpired')
  requestEmail(ws, r, 'expired')
}

export function remind(env: Env, r: ZRequest): void {
  for (const a of r.actions) {
    if ((a.action_status === 'UNOPENED' || a.action_status === 'VIEWED') && signing(a) && !a.is_embedded) signerEmail(env, r, a, 'reminder')
  }
}

/**
 * Expiry and automatic reminders on the sandbox clock: a cheap check on every
 * call, a scan only once the earliest scheduled time has passed.
 */
export function sweep(env: Env): void {
  const { ws } = env
  if (!ws.reached(ws.state.meta.sweep_at)) return
  const now = ws.now()
  let next = Number.MAX_SAFE_INTEGER
  for (const r of ws.state.requests.values()) {
    if (r.request_status !== 'inprogress') continue
    if (r.expire_by !== undefined && r.expire_by <= now) {
      expire(ws, r)
      continue
    }
    while (r.next_reminder_at !== undefined && r.next_reminder_at <= now) {
      remind(env, r)
      r.next_reminder_at += r.reminder_period * DAY_MS
      ws.state.requests.set(r.request_id, r)
    }
    next = Math.min(next, r.expire_by ?? next, r.next_reminder_at ?? next)
  }
  ws.state.meta.sweep_at = next
}
