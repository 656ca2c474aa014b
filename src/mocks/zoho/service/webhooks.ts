import { MAX_WEBHOOKS, WEBHOOK_EVENTS } from '../constants.js'
import { fail } from '../errors.js'
import type { ZWebhook, ZWs } from '../model.js'
import { unableToProcess } from './input.js'
import { hmacSettingsSchema } from '../schemas.js'

/** Webhook subscriptions W1–W7 (spec §6.5): flat form fields, 2 per account. */

export interface WebhookInput {
  webhook_url?: string
  webhook_actions?: string
  purpose?: string
  webhook_security_settings?: string
}

function checkUrl(url: string): void {
  try {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') unableToProcess()
  } catch {
    unableToProcess()
  }
}

function checkActions(actions: string): void {
  const names = actions.split(',').map((a) => a.trim().toLowerCase())
  if (names.some((n) => !(n in WEBHOOK_EVENTS))) unableToProcess()
}

/** `{"webhook_security_type":"HMAC","hmac_security_info":{"secret_key":"…"}}` → the secret. */
function secretOf(settings: string): string {
  let json: unknown
  try {
    json = JSON.parse(settings)
  } catch {
    return unableToProcess()
  }
  const parsed = hmacSettingsSchema.safeParse(json)
  return parsed.success ? parsed.data.hmac_security_info.secret_key : unableToProcess()
}

const echo = (w: ZWebhook) => ({ webhook_url: w.webhook_url, webhook_id: w.webhook_id, webhook_actions: w.webhook_actions })
export const webhookOut = (w: ZWebhook) => ({
  webhook_url: w.webhook_url,
  webhook_id: w.webhook_id,
  purpose: w.purpose,
  webhook_status: w.webhook_status,
  webhook_actions: w.webhook_actions,
})

export function createWebhook(ws: ZWs, input: WebhookInput) {
  if (!input.webhook_url) fail('missing_key', 'webhook_url')
  if (!input.webhook_actions) fail('missing_key', 'webhook_actions')
  checkUrl(input.webhook_url)
  checkActions(input.webhook_actions)
  const secret = input.webhook_security_settings ? secretOf(input.webhook_security_settings) : undefined
  if (ws.state.webhooks.size >= MAX_WEBHOOKS) fail('upgrade_license')
  const w: ZWebhook = {
    webhook_id: String(++ws.state.meta.next_webhook_id),
    webhook_url: input.webhook_url,
    webhook_actions: input.webhook_actions,
    purpose: input.purpose ?? '',
    webhook_status: 'Active',
    ...(secret ? { secret } : {}),
    failures: 0,
    created: ws.now(),
  }
  ws.state.webhooks.set(w.webhook_id, w)
  return echo(w)
}

export function findWebhook(ws: ZWs, id: string): ZWebhook {
  const w = ws.state.webhooks.get(id)
  if (!w) fail('id_not_found')
  return w
}

export function updateWebhook(ws: ZWs, id: string, input: WebhookInput) {
  const w = findWebhook(ws, id)
  if (input.webhook_url !== undefined) checkUrl(input.webhook_url)
  if (input.webhook_actions !== undefined) checkActions(input.webhook_actions)
  const secret = input.webhook_security_settings ? secretOf(input.webhook_security_settings) : undefined
  if (input.webhook_url !== undefined) w.webhook_url = input.webhook_url
  if (input.webhook_actions !== undefined) w.webhook_actions = input.webhook_actions
  if (input.purpose !== undefined) w.purpose = input.purpose
  if (secret) w.secret = secret
  ws.state.webhooks.set(w.webhook_id, w)
  return echo(w)
}

export function setWebhookStatus(ws: ZWs, id: string, active: boolean): void {
  const w = findWebhook(ws, id)
  w.webhook_status = active ? 'Active' : 'Inactive'
  if (active) w.failures = 0
  ws.state.webhooks.set(w.webhook_id, w)
}

export function deleteWebhook(ws: ZWs, id: string): void {
  findWebhook(ws, id)
  ws.state.webhooks.delete(id)
}

export const listWebhooks = (ws: ZWs) => [...ws.state.webhooks.values()].map(webhookOut)
