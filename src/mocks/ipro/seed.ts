import { loadFixture } from '../../lib/fixtures.js'
import type { SeedContext } from '../../lib/vendor.js'
import { Collection } from '../../state/collection.js'
import {
  grantKey,
  guidKey,
  indexEnvelope,
  type ApiToken,
  type DocuSignAccount,
  type DocuSignUser,
  type Envelope,
  type Grant,
  type IngestionSource,
  type IproAccount,
  type IproState,
  type SourceSetting,
} from './model.js'

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

/** Fixtures of spec §4, their times relative to the anchor `T` (seed time, whole seconds). */
export function seedState({ now }: SeedContext): IproState {
  const f = loadFixture<Fixture>('ipro')
  const at = (after_s: number | null) => (after_s === null ? null : now + after_s * 1000)
  const accounts = Collection.keyed<IproAccount>(
    f.accounts.map((a) => ({ ...a, setting_ids: [] })),
    (a) => String(a.account_id),
  )
  for (const s of f.source_settings) accounts.get(String(s.account_id))?.setting_ids.push(s.id)
  const dsAccounts = Collection.keyed<DocuSignAccount>(
    f.docusign_accounts.map((a) => ({ ...a, envelope_ids: [] })),
    (a) => guidKey(a.account_id),
  )
  const envelopes = new Collection<Envelope>()
  for (const { status_changed_after_s, ...e } of f.envelopes) {
    const envelope: Envelope = { ...e, status_changed_at: now + status_changed_after_s * 1000 }
    envelopes.set(envelope.envelope_id, envelope)
    const account = dsAccounts.get(guidKey(envelope.docusign_account_id))
    if (account) indexEnvelope(account, envelope, (id) => envelopes.get(id))
  }
  return {
    counters: { next_source_setting_id: f.next_source_setting_id },
    tokens: Collection.keyed(f.api_tokens, (t) => t.token),
    sources: Collection.keyed(f.sources, (s) => String(s.source_id)),
    accounts,
    settings: Collection.keyed(f.source_settings, (s) => String(s.id)),
    users: Collection.keyed(f.docusign_users, (u) => guidKey(u.user_id)),
    docusign_accounts: dsAccounts,
    codes: Collection.keyed(
      f.authorization_codes.map((c) => ({
        code: c.code,
        user_id: c.user_id,
        expires_at: at(c.expires_after_s),
        used_at: at(c.used_after_s),
      })),
      (c) => c.code,
    ),
    grants: Collection.keyed(
      f.grants.map(({ access_expires_after_s, refresh_expires_after_s, ...g }) => ({
        ...g,
        access_expires_at: now + access_expires_after_s * 1000,
        refresh_expires_at: now + refresh_expires_after_s * 1000,
      })),
      (g) => grantKey(g.source_id, g.user_id),
    ),
    envelopes,
  }
}
