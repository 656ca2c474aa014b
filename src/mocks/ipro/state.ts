import { Collection } from '../../state/collection.js'
import { loadFixture } from '../../lib/fixtures.js'
import type { SeedContext } from '../../lib/vendor.js'

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

export const ACCESS_TTL_MS = 8 * 3600_000
export const REFRESH_TTL_MS = 30 * 86_400_000

interface Fixture {
  next_source_setting_id: number
  api_tokens: ApiToken[]
  sources: IngestionSource[]
  accounts: Omit<IproAccount, 'setting_ids'>[]
  docusign_users: DocuSignUser[]
  docusign_accounts: Omit<DocuSignAccount, 'envelope_ids'>[]
  authorization_codes: { code: string; user_id: string; expires_after_s: number | null; used_after_s: number | null }[]
  grants: (Omit<Grant, 'access_expires_at' | 'refresh_expires_at'> & { access_expires_after_s: number; refresh_expires_after_s: number })[]
  source_settings: SourceSetting[]
  envelopes: (Omit<Envelope, 'status_changed_at'> & { status_changed_after_s: number })[]
}

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

/** Fixtures of spec §4, their times relative to the anchor `T` (seed time, whole seconds). */
export function seedState({ now }: SeedContext): IproState {
  const f = loadFixture<Fixture>('ipro')
  const at = (after_s: number | null) => (after_s === null ? null : now + after_s * 1000)
  const accounts = new Collection<IproAccount>(f.accounts.map((a) => [String(a.account_id), { ...a, setting_ids: [] }]))
  for (const s of f.source_settings) accounts.get(String(s.account_id))?.setting_ids.push(s.id)
  const dsAccounts = new Collection<DocuSignAccount>(f.docusign_accounts.map((a) => [guidKey(a.account_id), { ...a, envelope_ids: [] }]))
  const envelopes = new Collection<Envelope>()
  for (const { status_changed_after_s, ...e } of f.envelopes) {
    const envelope: Envelope = { ...e, status_changed_at: now + status_changed_after_s * 1000 }
    envelopes.set(envelope.envelope_id, envelope)
    const account = dsAccounts.get(guidKey(envelope.docusign_account_id))
    if (account) indexEnvelope(account, envelope, (id) => envelopes.get(id))
  }
  return {
    counters: { next_source_setting_id: f.next_source_setting_id },
    tokens: new Collection(f.api_tokens.map((t) => [t.token, t])),
    sources: new Collection(f.sources.map((s) => [String(s.source_id), s])),
    accounts,
    settings: new Collection(f.source_settings.map((s) => [String(s.id), s])),
    users: new Collection(f.docusign_users.map((u) => [guidKey(u.user_id), u])),
    docusign_accounts: dsAccounts,
    codes: new Collection(
      f.authorization_codes.map((c) => [
        c.code,
        { code: c.code, user_id: c.user_id, expires_at: at(c.expires_after_s), used_at: at(c.used_after_s) },
      ]),
    ),
    grants: new Collection(
      f.grants.map(({ access_expires_after_s, refresh_expires_after_s, ...g }) => [
        grantKey(g.source_id, g.user_id),
        { ...g, access_expires_at: now + access_expires_after_s * 1000, refresh_expires_at: now + refresh_expires_after_s * 1000 },
      ]),
    ),
    envelopes,
  }
}
