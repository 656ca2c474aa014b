import { z } from 'zod'
import { records, stateSchema, type StateOf } from '../../state/schema.js'
import type { Ws } from '../../lib/vendor.js'

/**
 * The records of one workspace (spec §3), as zod schemas: the record types come from them, and
 * `PUT /__sandbox/state` checks an imported document against them. Times are epoch ms on the sandbox clock.
 */
const epochMs = z.int()
const id = z.int().nonnegative()

export const apiTokenSchema = z.strictObject({ token: z.string(), organization_id: id, revoked: z.boolean() })
export type ApiToken = z.infer<typeof apiTokenSchema>

export const ingestionSourceSchema = z.strictObject({
  source_id: id,
  name: z.string(),
  environment: z.string(),
  base_uri: z.string(),
})
export type IngestionSource = z.infer<typeof ingestionSourceSchema>

/** An IPRO (SocialSurvey) account; `setting_ids` indexes its source settings. */
export const iproAccountSchema = z.strictObject({ account_id: id, organization_id: id, setting_ids: z.array(id) })
export type IproAccount = z.infer<typeof iproAccountSchema>

export const settingConfigSchema = z.strictObject({
  docusign_account_id: z.string(),
  look_back: z.number(),
  point_of_contact: z.array(z.string()),
  user_id: z.string(),
})
export type SettingConfig = z.infer<typeof settingConfigSchema>

/** Exactly the resource R2/R3 return (the seed's shape, values kept as the seed shows them). */
export const sourceSettingSchema = z.strictObject({
  account_id: id,
  accountmapping: z.array(z.unknown()),
  config: settingConfigSchema.partial(),
  connection_name: z.string(),
  connection_stage: z.string(),
  connection_status: z.union([z.string(), z.strictObject({})]),
  go_live_date: z.string().nullable(),
  id,
  ipro_ingestion_source_id: id,
  organization_id: id,
  sample_transaction: z.string().nullable(),
  sftp_user: z.string().nullable(),
  status: z.int(),
})
export type SourceSetting = z.infer<typeof sourceSettingSchema>

export const partySchema = z.strictObject({ name: z.string(), email: z.string() })
export type Party = z.infer<typeof partySchema>

export const docuSignUserSchema = z.strictObject({
  user_id: z.string(),
  name: z.string(),
  email: z.string(),
  /** DocuSign account ids, the first being the default. */
  accounts: z.array(z.string()),
})
export type DocuSignUser = z.infer<typeof docuSignUserSchema>

export const docuSignAccountSchema = z.strictObject({
  account_id: z.string(),
  account_name: z.string(),
  /** Who sends a simulated envelope unless the action names a sender. */
  default_sender: partySchema,
  /** Kept ordered by (status_changed_at, envelope_id), so the report never sorts. */
  envelope_ids: z.array(z.string()),
})
export type DocuSignAccount = z.infer<typeof docuSignAccountSchema>

export const authorizationCodeSchema = z.strictObject({
  code: z.string(),
  user_id: z.string(),
  expires_at: epochMs.nullable(),
  used_at: epochMs.nullable(),
})
export type AuthorizationCode = z.infer<typeof authorizationCodeSchema>

/** The DocuSign authorization IPRO holds for a user on a source: the seed's "credentials". */
export const grantSchema = z.strictObject({
  source_id: id,
  user_id: z.string(),
  accounts: z.array(z.string()),
  access_expires_at: epochMs,
  refresh_expires_at: epochMs,
  revoked: z.boolean(),
})
export type Grant = z.infer<typeof grantSchema>

export const ENVELOPE_STATUSES = ['created', 'sent', 'delivered', 'completed', 'declined', 'voided'] as const
export type EnvelopeStatus = (typeof ENVELOPE_STATUSES)[number]

export const recipientSchema = z.strictObject({ name: z.string(), email: z.string(), routing_order: z.int() })
export type Recipient = z.infer<typeof recipientSchema>

export const envelopeSchema = z.strictObject({
  envelope_id: z.string(),
  docusign_account_id: z.string(),
  email_subject: z.string(),
  status: z.enum(ENVELOPE_STATUSES),
  status_changed_at: epochMs,
  voided_reason: z.string().nullable(),
  sender: partySchema,
  /** Kept in report order: routing order, then the order given. */
  recipients: z.array(recipientSchema),
})
export type Envelope = z.infer<typeof envelopeSchema>

/** DocuSign GUIDs compare case-insensitively; collections are keyed by the lower-case form. */
export const guidKey = (id: string): string => id.toLowerCase()
export const grantKey = (sourceId: number, userId: string): string => `${sourceId}:${guidKey(userId)}`

/** Report order of envelopes: status change, then id. */
export const envelopeOrder = (a: Envelope, b: Envelope): number =>
  a.status_changed_at - b.status_changed_at || (a.envelope_id < b.envelope_id ? -1 : a.envelope_id > b.envelope_id ? 1 : 0)

/** Inserts an envelope id into an account's ordered list (binary search; no re-sort on reads). */
export function indexEnvelope(account: DocuSignAccount, envelope: Envelope, byId: (id: string) => Envelope | undefined): void {
  const ids = account.envelope_ids
  let lo = 0
  let hi = ids.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const other = byId(ids[mid])
    if (other && envelopeOrder(other, envelope) <= 0) lo = mid + 1
    else hi = mid
  }
  ids.splice(lo, 0, envelope.envelope_id)
}

const iproStateShape = {
  counters: z.strictObject({ next_source_setting_id: id }),
  tokens: records(apiTokenSchema, (t) => t.token),
  sources: records(ingestionSourceSchema, (s) => String(s.source_id)),
  accounts: records(iproAccountSchema, (a) => String(a.account_id)),
  settings: records(sourceSettingSchema, (s) => String(s.id)),
  users: records(docuSignUserSchema, (u) => guidKey(u.user_id)),
  docusign_accounts: records(docuSignAccountSchema, (a) => guidKey(a.account_id)),
  codes: records(authorizationCodeSchema, (c) => c.code),
  grants: records(grantSchema, (g) => grantKey(g.source_id, g.user_id)),
  envelopes: records(envelopeSchema, (e) => e.envelope_id),
}
export const iproStateSchema = stateSchema(iproStateShape)
export type IproState = StateOf<typeof iproStateShape>

export type IproWs = Ws<IproState>
