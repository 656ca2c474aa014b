import type { CsvCell } from '../../../lib/csv.js'
import { guidKey, type Envelope, type EnvelopeStatus, type IproState, type Recipient } from '../model.js'
import { isoSeconds } from '../../../lib/time.js'
import type { GrantClock } from './grants.js'

/** The look-back CSV (spec §7): one row per recipient of each envelope in the window. */
export const REPORT_HEADER = [
  'envelope_id',
  'email_subject',
  'envelope_status',
  'created_date',
  'sent_date',
  'delivered_date',
  'completed_date',
  'declined_date',
  'voided_date',
  'voided_reason',
  'status_changed_date',
  'sender_name',
  'sender_email',
  'recipient_name',
  'recipient_email',
  'recipient_status',
  'routing_order',
  'signed_date',
  'docusign_account_id',
  'transaction_date',
  'imported',
  'skip_reason',
] as const

const HOUR = 3600_000
const REACHED_DELIVERY: ReadonlySet<EnvelopeStatus> = new Set(['delivered', 'completed', 'declined'])
const RECIPIENT_STATUS: Record<EnvelopeStatus, string> = {
  created: 'created',
  sent: 'sent',
  delivered: 'delivered',
  completed: 'completed',
  declined: 'declined',
  voided: 'sent',
}

/** The dates DocuSign would show for an envelope, derived from its last status change `S` (spec §7.3). */
export function envelopeDates(
  e: Envelope,
): Record<'created_date' | 'sent_date' | 'delivered_date' | 'completed_date' | 'declined_date' | 'voided_date', string | null> {
  const s = e.status_changed_at
  const when = (cond: boolean, ms: number) => (cond ? isoSeconds(ms) : null)
  return {
    created_date: isoSeconds(s - 2 * HOUR),
    sent_date: when(e.status !== 'created', s - 2 * HOUR + 60_000),
    delivered_date: when(REACHED_DELIVERY.has(e.status), s - HOUR),
    completed_date: when(e.status === 'completed', s),
    declined_date: when(e.status === 'declined', s),
    voided_date: when(e.status === 'voided', s),
  }
}

/** An envelope as the simulate action returns it: the report's envelope fields plus its recipients. */
export function envelopeView(e: Envelope) {
  const dates = envelopeDates(e)
  return {
    envelope_id: e.envelope_id,
    email_subject: e.email_subject,
    envelope_status: e.status,
    ...dates,
    voided_reason: e.voided_reason,
    status_changed_date: isoSeconds(e.status_changed_at),
    sender_name: e.sender.name,
    sender_email: e.sender.email,
    docusign_account_id: e.docusign_account_id,
    transaction_date: dates.completed_date,
    recipients: e.recipients,
  }
}

function envelopeRows(e: Envelope): CsvCell[][] {
  const d = envelopeDates(e)
  const completed = e.status === 'completed'
  const head: CsvCell[] = [
    e.envelope_id,
    e.email_subject,
    e.status,
    d.created_date,
    d.sent_date,
    d.delivered_date,
    d.completed_date,
    d.declined_date,
    d.voided_date,
    e.voided_reason,
    isoSeconds(e.status_changed_at),
    e.sender.name,
    e.sender.email,
  ]
  const tail = (email: string): CsvCell[] => {
    const imported = completed && email !== ''
    return [e.docusign_account_id, d.completed_date, imported ? 'Y' : 'N', imported ? '' : completed ? 'missing email' : 'not completed']
  }
  if (e.recipients.length === 0) return [[...head, '', '', '', '', '', ...tail('')]]
  const n = e.recipients.length
  return e.recipients.map((r: Recipient, i) => {
    const signed = completed ? isoSeconds(e.status_changed_at - (n - 1 - i) * 10 * 60_000) : null
    return [...head, r.name, r.email, RECIPIENT_STATUS[e.status], r.routing_order, signed, ...tail(r.email)]
  })
}

/** The envelopes of a DocuSign account whose last change lies in `[now - days, now]`, in report order. */
export function lookBackEnvelopes(state: IproState, docusignAccountId: string, clock: GrantClock, days: number): Envelope[] {
  const account = state.docusign_accounts.get(guidKey(docusignAccountId))
  const out: Envelope[] = []
  if (!account) return out
  const span = days * 86_400_000
  // As deadlines rather than a reading of the time: an envelope leaves the window once its change is older than `span`.
  for (const id of account.envelope_ids) {
    const e = state.envelopes.get(id)
    if (!e || clock.reached(e.status_changed_at + span + 1)) continue
    if (!clock.reached(e.status_changed_at)) break
    out.push(e)
  }
  return out
}

/** The report's rows for these envelopes: they depend on the stored envelopes alone, not on the clock. */
export function* reportRows(envelopes: readonly Envelope[]): Generator<CsvCell[]> {
  for (const e of envelopes) yield* envelopeRows(e)
}
