import {
  ENGLISH,
  noticeOf,
  pageCaller,
  runAction,
  sendInlineFile,
  signingFlow,
  type PageField,
  type PageLook,
  type PageOutcome,
  type PagePost,
  type SigningPage,
} from '../../lib/signing-page.js'
import type { CallerScope, RecordView, VendorContext, VendorRouter, Ws } from '../../lib/vendor.js'
import { recordsNewestFirst } from '../../lib/records.js'
import type { ZAction, ZField, ZRequest, ZSignId, ZohoState } from './model.js'
import { documentDownload } from './service/downloads.js'
import { signLink } from './service/notify.js'
import { sortedActions } from './service/render.js'
import { simulate } from './simulate.js'

/**
 * The signer's page behind `/zsguest` (e-mail links and embed `sign_url`s):
 * the documents, the action's fields, Sign/Approve and Decline. Buttons run
 * this vendor's simulate actions, so a signature here is the same
 * transition, webhooks and e-mails as `POST /__sandbox/simulate/zoho/sign`.
 */

type ZWs = Ws<ZohoState>

/** Fields a signer types or ticks; dates are stamped with the signing date by Zoho itself. */
const AUTOMATIC = new Set(['Date', 'CustomDate'])

function fieldOf(a: ZAction, f: ZField): PageField {
  const name = `field_${f.field_id}`
  const required = f.is_mandatory && !f.is_read_only
  if (f.field_type_name === 'Checkbox')
    return { name, label: f.field_label, type: 'checkbox', required, value: String(f.default_value ?? false), readOnly: f.is_read_only }
  const preset =
    f.field_type_name === 'Signature' || f.field_type_name === 'Initial' || f.field_type_name === 'Name'
      ? a.in_person_name || a.recipient_name
      : f.field_type_name === 'Email'
        ? a.recipient_email
        : f.default_value === undefined
          ? ''
          : String(f.default_value)
  return {
    name,
    label: `${f.field_label} (${f.field_type_name})`,
    type: f.field_type_name === 'Email' ? 'email' : 'text',
    required,
    value: preset,
    readOnly: f.is_read_only,
  }
}

interface Target {
  link: ZSignId
  r: ZRequest
  a: ZAction
}

function find(ws: ZWs, signId: string): Target | undefined {
  const link = ws.state.signIds.get(signId)
  const r = link ? ws.state.requests.get(link.request_id) : undefined
  const a = r?.actions.find((x) => x.action_id === link?.action_id)
  return link && r && a ? { link, r, a } : undefined
}

/** Why this link cannot sign any more, in Zoho's words; undefined while it can. */
function closedReason(ws: ZWs, { link, r, a }: Target): string | undefined {
  if (r.is_deleted) return 'This document has been deleted by the sender.'
  if (link.reassigned) return 'You have reassigned this document. It is no longer yours to sign.'
  if (link.single_use && (link.used || (link.expires_at ?? 0) <= ws.now()))
    return 'This signing link has expired or was already used. Ask the sender for a new one.'
  const byRequest: Record<string, string> = {
    completed: 'This document has been completed by all parties.',
    declined: 'This document has been declined.',
    recalled: 'The sender has recalled this document.',
    expired: 'This document has expired.',
    draft: 'This document has not been sent yet.',
  }
  if (byRequest[r.request_status]) return byRequest[r.request_status]
  if (a.action_status === 'SIGNED' || a.action_status === 'APPROVED') return 'You have already signed this document.'
  if (a.action_status === 'DECLINED') return 'You have declined this document.'
  if (a.action_status === 'NOACTION') return 'It is not your turn to sign yet. You will get an e-mail when it is.'
  return undefined
}

const LOOK: PageLook = {
  lang: 'en',
  brand: 'Zoho Sign',
  accent: '#226db4',
  words: { ...ENGLISH, reasonMissing: 'Please enter a reason for declining.' },
}

/** Whom the recipient hands the document on to (simulate `reassign`). */
const REASSIGN = {
  legend: 'Reassign to someone else',
  fields: [
    { name: 'reassign_name', label: 'Name', type: 'text', required: false },
    { name: 'reassign_email', label: 'E-mail address', type: 'email', required: false },
    { name: 'reassign_note', label: 'Note for the sender', type: 'text', required: false },
  ] satisfies PageField[],
}

function page(c: VendorContext, _ws: ZWs, { r, a }: Target, notice?: SigningPage['notice']): SigningPage {
  const signId = c.req.query('sign_id') ?? ''
  const open = !notice || notice.kind === 'error'
  const approver = a.action_type === 'APPROVER'
  const canAct = open && a.action_type !== 'VIEW'
  const canReassign = a.action_type === 'SIGN' || a.action_type === 'APPROVER'
  return {
    ...LOOK,
    title: r.request_name,
    signer: { name: a.in_person_name || a.recipient_name, email: a.recipient_email, role: a.action_type },
    status: `${r.request_status} · ${a.action_status}`,
    documents: r.documents.map((d) => ({
      name: d.document_name,
      url: `zsguest/document?sign_id=${encodeURIComponent(signId)}&document_id=${encodeURIComponent(d.document_id)}`,
    })),
    notice: notice ?? (a.action_type === 'VIEW' ? { kind: 'closed', text: 'You have received a copy of this document.' } : undefined),
    form: canAct
      ? {
          action: `zsguest?${new URL(c.req.url).searchParams.toString()}`,
          fields: a.fields.filter((f) => !AUTOMATIC.has(f.field_type_name)).map((f) => fieldOf(a, f)),
          buttons: [
            { value: 'sign', label: approver ? 'Approve' : 'Finish signing', kind: 'primary' },
            { value: 'decline', label: 'Decline', kind: 'danger', needsReason: true },
            ...(canReassign ? [{ value: 'reassign', label: 'Reassign', kind: 'secondary' as const }] : []),
          ],
          reasonLabel: 'Reason for declining',
          sections: canReassign ? [REASSIGN] : [],
        }
      : undefined,
  }
}

/** The posted values of the action's fields, by label (as simulate `sign` takes them). */
function fieldValues(a: ZAction, form: Record<string, string>): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {}
  for (const f of a.fields) {
    const posted = form[`field_${f.field_id}`]
    if (f.field_type_name === 'Checkbox' && !f.is_read_only) values[f.field_label] = posted === 'true'
    else if (posted !== undefined && !f.is_read_only) values[f.field_label] = posted
  }
  return values
}

async function act(c: VendorContext, ws: ZWs, { a }: Target, { action, reason, form }: PagePost): Promise<PageOutcome> {
  const signId = c.req.query('sign_id') ?? ''
  const caller = pageCaller(c)
  if (action === 'decline')
    return noticeOf(
      await runAction(simulate.decline, ws, { sign_id: signId, reason }, caller),
      'You have declined this document. The sender has been notified.',
    )
  if (action === 'reassign') {
    const name = (form.reassign_name ?? '').trim()
    const email = (form.reassign_email ?? '').trim()
    if (!name || !email) return { kind: 'error', text: 'Enter the name and e-mail address of the person to reassign to.' }
    return noticeOf(
      await runAction(
        simulate.reassign,
        ws,
        { sign_id: signId, recipient_name: name, recipient_email: email, reason: (form.reassign_note ?? '').trim() },
        caller,
      ),
      `You have reassigned this document to ${name}. They will receive an e-mail to sign it.`,
    )
  }
  const values = fieldValues(a, form)
  const missing = a.fields.find(
    (f) =>
      f.is_mandatory &&
      !f.is_read_only &&
      !AUTOMATIC.has(f.field_type_name) &&
      (values[f.field_label] === '' || values[f.field_label] === false),
  )
  if (missing) return { kind: 'error', text: `Please fill in ${missing.field_label}.` }
  return noticeOf(
    await runAction(simulate.sign, ws, { sign_id: signId, field_values: values }, caller),
    a.action_type === 'APPROVER'
      ? 'You have approved this document.'
      : 'You have signed this document. A copy will be e-mailed to you once all parties have signed.',
  )
}

const { show, submit } = signingFlow<ZohoState, Target>({
  look: () => LOOK,
  invalid: () => ({ title: 'Invalid link', text: 'This signing link is not valid. Check the link in your e-mail.' }),
  find: (c, ws) => find(ws, c.req.query('sign_id') ?? ''),
  closed: (_c, ws, target) => closedReason(ws, target),
  render: page,
  // Opening the link is what marks the action viewed (and fires RequestViewed), as at Zoho.
  opened: (c, ws, { r, a }) => runAction(simulate.view, ws, { request_id: r.request_id, action_id: a.action_id }, pageCaller(c)),
  act,
})

async function document(c: VendorContext, ws: ZWs): Promise<Response> {
  const target = find(ws, c.req.query('sign_id') ?? '')
  const id = c.req.query('document_id') ?? ''
  if (!target || !target.r.documents.some((d) => d.document_id === id)) return show(c, ws)
  const pdf = await documentDownload(ws, target.r.request_id, id)
  return sendInlineFile(c, pdf.bytes, pdf.contentType)
}

export function pageRoutes(r: VendorRouter<ZohoState>): void {
  r.get('/zsguest', show)
  r.post('/zsguest', submit)
  r.get('/zsguest/document', document)
}

/** Requests with their actions and, while an action waits on its signer, the e-mail link (QA console). */
export function records(ws: ZWs, caller: CallerScope): RecordView[] {
  const base = caller.base
  const live = [...ws.state.requests.values()].filter((r) => !r.is_deleted)
  return recordsNewestFirst(
    live,
    (r) => r.created_time,
    (r) => ({
      kind: 'request',
      id: r.request_id,
      title: r.request_name,
      state: r.request_status,
      signers: sortedActions(r.actions).map((a) => ({
        name: a.recipient_name,
        email: a.recipient_email,
        role: a.action_type,
        status: a.action_status,
        link:
          r.request_status === 'inprogress' && a.sign_id && (a.action_status === 'UNOPENED' || a.action_status === 'VIEWED')
            ? signLink(base, a.sign_id)
            : undefined,
      })),
    }),
  )
}
