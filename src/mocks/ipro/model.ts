import type { Collection } from '../../state/collection.js'
import type { Ws } from '../../lib/vendor.js'

/** The records of one workspace (spec §3). Times are epoch ms on the sandbox clock. */
export interface ApiToken {
  token: string
  organization_id: number
  revoked: boolean
}

export interface IngestionSource {
  source_id: number
  name: string
  environment: string
  base_uri: string
}

/** An IPRO (SocialSurvey) account; `setting_ids` indexes its source settings. */
export interface IproAccount {
  account_id: number
  organization_id: number
  setting_ids: number[]
}

export interface SettingConfig {
  docusign_account_id: string
  look_back: number
  point_of_contact: string[]
  user_id: string
}

/** Exactly the resource R2/R3 return (the seed's shape, values kept as the seed shows them). */
export interface SourceSetting {
  account_id: number
  accountmapping: unknown[]
  config: Partial<SettingConfig>
  connection_name: string
  connection_stage: string
  connection_status: string | Record<string, never>
  go_live_date: string | null
  id: number
  ipro_ingestion_source_id: number
  organization_id: number
  sample_transaction: string | null
  sftp_user: string | null
  status: number
}

export interface Party {
  name: string
  email: string
}

export interface DocuSignUser {
  user_id: string
  name: string
  email: string
  /** DocuSign account ids, the first being the default. */
  accounts: string[]
}

export interface DocuSignAccount {
  account_id: string
  account_name: string
  /** Who sends a simulated envelope unless the action names a sender. */
  default_sender: Party
  /** Kept ordered by (status_changed_at, envelope_id), so the report never sorts. */
  envelope_ids: string[]
}

export interface AuthorizationCode {
  code: string
  user_id: string
  expires_at: number | null
  used_at: number | null
}

/** The DocuSign authorization IPRO holds for a user on a source: the seed's "credentials". */
export interface Grant {
  source_id: number
  user_id: string
  accounts: string[]
  access_expires_at: number
  refresh_expires_at: number
  revoked: boolean
}

export const ENVELOPE_STATUSES = ['created', 'sent', 'delivered', 'completed', 'declined', 'voided'] as const
export type EnvelopeStatus = (typeof ENVELOPE_STATUSES)[number]

export interface Recipient {
  name: string
  email: string
  routing_order: number
}

export interface Envelope {
  envelope_id: string
  docusign_account_id: string
  email_subject: string
  status: EnvelopeStatus
  status_changed_at: number
  voided_reason: string | null
  sender: Party
  /** Kept in report order: routing order, then the order given. */
  recipients: Recipient[]
}

export interface IproState {
  counters: { next_source_setting_id: number }
  tokens: Collection<ApiToken>
  sources: Collection<IngestionSource>
  accounts: Collection<IproAccount>
  settings: Collection<SourceSetting>
  users: Collection<DocuSignUser>
  docusign_accounts: Collection<DocuSignAccount>
  codes: Collection<AuthorizationCode>
  grants: Collection<Grant>
  envelopes: Collection<Envelope>
}

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

export type IproWs = Ws<IproState>
