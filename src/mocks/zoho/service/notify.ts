import { createHmac } from 'node:crypto'
import { DEFAULT_IP, OWNER_ID, WEBHOOK_DISABLE_AT, WEBHOOK_EVENTS, WEBHOOK_WARN_AT } from '../constants.js'
import type { ZAction, ZRequest, ZWebhook, ZWs } from '../model.js'
import { LIST, requestOut } from './render.js'
import type { Env } from './workspace.js'
import type { Hooks } from '../../../lib/deliver.js'

/** Webhook events (spec §9) and e-mails to signers and owner (spec §10), both recorded in the outbox. */

export type OperationType =
  | 'RequestSubmitted'
  | 'RequestViewed'
  | 'RequestSigningSuccess'
  | 'RequestCompleted'
  | 'RequestRejected'
  | 'RequestRecalled'
  | 'RequestExpired'
  | 'RequestForwarded'

const ACTIVITY: Record<OperationType, string> = {
  RequestSubmitted: 'Document has been sent',
  RequestViewed: 'Document has been viewed',
  RequestSigningSuccess: 'Document has been signed',
  RequestCompleted: 'Document has been completed',
  RequestRejected: 'Document has been declined',
  RequestRecalled: 'Document has been recalled',
  RequestExpired: 'Document has expired',
  RequestForwarded: 'Document has been forwarded',
}

export interface EventInput {
  /** The person's action for Viewed/Sign/Completed/Decline/Forward; owner events have none. */
  action?: ZAction
  reason?: string
  ip?: string
}

export const signature = (secret: string, body: string): string =>
  createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('base64')

/** The operation types a webhook's `webhook_actions` list subscribes to. */
export function subscribed(actions: string): Set<string> {
  return new Set(
    actions
      .split(',')
      .map((a) => WEBHOOK_EVENTS[a.trim().toLowerCase()])
      .filter(Boolean),
  )
}

function owner(ws: ZWs) {
  const u = ws.state.users.get(OWNER_ID)
  return { email: u?.user_email ?? '', name: u?.user_name ?? '' }
}

export function emitEvent(ws: ZWs, r: ZRequest, op: OperationType, ev: EventInput = {}): void {
  const hooks = [...ws.state.webhooks.values()].filter((w) => w.webhook_status === 'Active' && subscribed(w.webhook_actions).has(op))
  if (hooks.length === 0) return
  const a = ev.action
  const person = a ? { email: a.recipient_email, name: a.recipient_name } : owner(ws)
  const notifications: Record<string, unknown> = {
    performed_by_email: person.email,
    performed_at: ws.now(),
    reason: ev.reason ?? '',
    activity: op === 'RequestSigningSuccess' && a?.action_type === 'APPROVER' ? 'Document has been approved' : ACTIVITY[op],
    operation_type: op,
  }
  if (a) notifications.action_id = Number(a.action_id)
  notifications.performed_by_name = person.name
  if (a) notifications.signing_order = a.signing_order
  notifications.ip_address = ev.ip ?? DEFAULT_IP
  const body = JSON.stringify({ requests: requestOut(ws.state, r, ws, LIST), notifications })
  for (const hook of hooks) deliver(ws, hook, body, r.request_id, op)
}

function deliver(ws: ZWs, hook: ZWebhook, body: string, requestId: string, op: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8', 'user-agent': 'esign-sandbox-zoho-webhook' }
  if (hook.secret) headers['x-zs-webhook-signature'] = signature(hook.secret, body)
  ws.outbox.deliver({
    type: 'webhook',
    url: hook.webhook_url,
    headers,
    body,
    context: { webhook_id: hook.webhook_id, request_id: requestId, operation_type: op },
    ...webhookHooks(ws, hook.webhook_id),
  })
}

/**
 * Zoho counts only a 200 as delivered; consecutive failures warn the owner and
 * then disable the webhook. Also rebuilt from a stored entry (`webhook_id`) when
 * another instance or a restart takes the delivery over.
 */
export function webhookHooks(ws: ZWs, webhookId: string): Hooks {
  const state = ws.state
  return {
    success: (status) => status === 200,
    onSettled: (_entry, delivered) => {
      const current = state.webhooks.get(webhookId)
      if (!current) return
      current.failures = delivered ? 0 : current.failures + 1
      if (current.failures === WEBHOOK_WARN_AT)
        ownerEmail(
          ws,
          'webhook_warning',
          'Webhook callbacks are failing',
          `Deliveries to ${current.webhook_url} have failed ${WEBHOOK_WARN_AT} times in a row.`,
        )
      if (current.failures >= WEBHOOK_DISABLE_AT && current.webhook_status === 'Active') {
        current.webhook_status = 'Inactive'
        ownerEmail(
          ws,
          'webhook_disabled',
          'Webhook has been disabled',
          `Deliveries to ${current.webhook_url} failed ${WEBHOOK_DISABLE_AT} times in a row; the webhook was deactivated.`,
        )
      }
      state.webhooks.set(current.webhook_id, current)
    },
  }
}

function ownerEmail(ws: ZWs, kind: string, subject: string, text: string, context: Record<string, unknown> = {}): void {
  ws.outbox.email({ to: owner(ws).email, subject, text, links: [], kind, ...context })
}

const ownerName = (ws: ZWs) => owner(ws).name

/** The reusable signing id of an action's e-mail link (created once, while pending). */
function linkSignId(ws: ZWs, r: ZRequest, a: ZAction): string {
  if (!a.sign_id) {
    a.sign_id = ws.random.string(40, 'abcdef0123456789')
    ws.state.signIds.set(a.sign_id, { sign_id: a.sign_id, request_id: r.request_id, action_id: a.action_id, single_use: false })
  }
  return a.sign_id
}

/** The signer's page of an e-mail link (`/zsguest`, served by pages.ts). */
export const signLink = (signBase: string, signId: string): string => `${signBase}/zsguest?locale=en&sign_id=${signId}&action_type=SIGN`

/** INPERSONSIGN actions name the host in recipient_*: mail goes to the host. */
const recipientOf = (a: ZAction) => a.recipient_email

/** `sign_request` and `reminder` mails carry the signing link. */
export function signerEmail(env: Env, r: ZRequest, a: ZAction, kind: 'sign_request' | 'reminder'): void {
  const { ws } = env
  const id = linkSignId(ws, r, a)
  const link = signLink(env.signBase, id)
  const verb = a.action_type === 'APPROVER' ? 'approve' : 'sign'
  const subject =
    kind === 'sign_request'
      ? `${ownerName(ws)} has requested you to ${verb} ${r.request_name}`
      : `Reminder: ${r.request_name} is awaiting your signature`
  ws.outbox.email({
    to: recipientOf(a),
    subject,
    text: `${subject}.\n\n${a.private_notes || r.notes}\n\nOpen the document: ${link}`,
    links: [link],
    kind,
    request_id: r.request_id,
    action_id: a.action_id,
  })
}

export function requestEmail(
  ws: ZWs,
  r: ZRequest,
  kind: 'completed' | 'declined' | 'expired' | 'recalled',
  recipients: ZAction[] = [],
): void {
  const subjects = {
    completed: `${r.request_name} has been completed`,
    declined: `${r.request_name} has been declined`,
    expired: `${r.request_name} has expired`,
    recalled: `${r.request_name} has been recalled`,
  }
  const to =
    kind === 'recalled'
      ? recipients.map(recipientOf)
      : kind === 'completed'
        ? [owner(ws).email, ...r.actions.map(recipientOf)]
        : [owner(ws).email]
  for (const addr of [...new Set(to.map((t) => t.toLowerCase()))]) {
    ws.outbox.email({ to: addr, subject: subjects[kind], text: `${subjects[kind]}.`, links: [], kind, request_id: r.request_id })
  }
}

export function invitationEmail(ws: ZWs, address: string): void {
  ws.outbox.email({
    to: address,
    subject: `${ownerName(ws)} has invited you to Zoho Sign`,
    text: `${ownerName(ws)} has invited you to join ${'Zylker Sandbox'} on Zoho Sign.`,
    links: [],
    kind: 'invitation',
  })
}
