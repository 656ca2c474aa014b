import { fail, type IproErrorId } from '../errors.js'
import { freshGrant, useGrant } from './grants.js'
import { configTypesSchema, credentialsSchema, settingBodySchema, sourceSettingIdSchema, type SettingBody } from '../schemas.js'
import {
  grantKey,
  guidKey,
  type ApiToken,
  type Grant,
  type IproAccount,
  type IproWs,
  type SettingConfig,
  type SourceSetting,
} from '../model.js'
import { REPORT_HEADER, lookBackEnvelopes, reportRows } from './report.js'
import { compactDate, parseGoLiveDate, rfc1123 } from '../wire.js'
import { toCsv } from '../../../lib/csv.js'

/**
 * IPRO's rules over the store (spec §5), each check in the seed's order.
 * Nothing is written until every check has passed.
 */

/** App authentication (spec §2.4): `Authorization: Bearer <ipro api token>`. */
export function authenticate(ws: IproWs, authorization: string | undefined): ApiToken {
  const m = /^\s*(\S+)(?:\s+(.*))?$/.exec(authorization ?? '')
  const token = m?.[2]?.trim() ?? ''
  if (!m || m[1].toLowerCase() !== 'bearer' || token === '') fail('ipro.app_token_missing')
  const found = ws.state.tokens.get(token)
  if (!found || found.revoked) fail('ipro.app_token_invalid')
  return found
}

// --- R1: code exchange ---

export interface ConnectedAccount {
  account_name: string
  base_uri: string
  docusign_account_id: string
  is_default: boolean
}

export interface RefreshTokenReply {
  data: { accounts: ConnectedAccount[]; email: string; expires_in: number; name: string; source_id: number; user_id: string }
  message: 'Success'
}

export function exchangeCode(ws: IproWs, input: { sourceId: number | null; code: string | null }): RefreshTokenReply {
  const { state } = ws
  if (input.sourceId === null) fail('ipro.source_id_missing')
  if (input.code === null) fail('ipro.authorization_code_missing')
  const source = state.sources.get(String(input.sourceId))
  if (!source) fail('ipro.source_not_found')
  const now = ws.now()
  const code = state.codes.get(input.code)
  const user = code && state.users.get(guidKey(code.user_id))
  if (!code || !user) fail('ipro.authorization_code_invalid')
  if (code.used_at !== null) fail('ipro.authorization_code_used')
  if (code.expires_at !== null && now > code.expires_at) fail('ipro.authorization_code_expired')

  state.codes.set(code.code, { ...code, used_at: now })
  const grant = freshGrant(source.source_id, user.user_id, user.accounts, now)
  state.grants.set(grantKey(source.source_id, user.user_id), grant)
  const accounts = user.accounts.map((id, i) => ({
    account_name: state.docusign_accounts.get(guidKey(id))?.account_name ?? '',
    base_uri: source.base_uri,
    docusign_account_id: id,
    is_default: i === 0,
  }))
  return {
    data: {
      accounts,
      email: user.email,
      expires_in: (grant.access_expires_at - now) / 1000,
      name: user.name,
      source_id: source.source_id,
      user_id: user.user_id,
    },
    message: 'Success',
  }
}

// --- R2 / R3: source settings ---

/** A request body as IPRO can use it: a non-empty JSON object whose typed fields are valid; null = "no body". */
function typedBody(raw: Record<string, unknown> | null): SettingBody | null {
  if (raw === null) return null
  const body = settingBodySchema.safeParse(raw)
  if (!body.success) return null
  const config = body.data.config
  if (isObject(config) && !configTypesSchema.safeParse(config).success) return null
  return body.data
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

interface Credentials {
  config: SettingConfig
  grant: Grant
}

/** "Credentials provided" (spec §3.1): both ids in `config`, and a grant for that user on this source. */
function credentialsOf(ws: IproWs, sourceId: number, config: unknown): Credentials {
  const ids = isObject(config) ? credentialsSchema.safeParse(config) : undefined
  if (!ids?.success || !isObject(config)) fail('ipro.credentials_missing')
  const grant = ws.state.grants.get(grantKey(sourceId, ids.data.user_id))
  if (!grant) fail('ipro.credentials_missing')
  const typed = configTypesSchema.parse(config)
  return {
    config: {
      docusign_account_id: ids.data.docusign_account_id,
      look_back: typed.look_back ?? 0,
      point_of_contact: typed.point_of_contact ?? [],
      user_id: ids.data.user_id,
    },
    grant,
  }
}

/** Another setting of the account on this source already holds that DocuSign account. */
function duplicateOf(
  ws: IproWs,
  account: IproAccount | undefined,
  sourceId: number,
  docusignAccountId: string,
  exceptId: number | null,
): boolean {
  const wanted = guidKey(docusignAccountId)
  return (account?.setting_ids ?? []).some((id) => {
    const s = ws.state.settings.get(String(id))
    return (
      s !== undefined &&
      s.id !== exceptId &&
      s.ipro_ingestion_source_id === sourceId &&
      typeof s.config.docusign_account_id === 'string' &&
      guidKey(s.config.docusign_account_id) === wanted
    )
  })
}

/** R2/R3 answer an unusable grant with 401s, R4 with 409s (seed). */
interface GrantErrors {
  invalid: IproErrorId
  not_member: IproErrorId
}
const SETTING_GRANT_ERRORS: GrantErrors = { invalid: 'ipro.credentials_invalid', not_member: 'ipro.credentials_account_mismatch' }
const REPORT_GRANT_ERRORS: GrantErrors = {
  invalid: 'ipro.report_credentials_invalid',
  not_member: 'ipro.report_credentials_account_mismatch',
}

/** Checks the grant for the account; returns the write to make once the request succeeds. */
function grantCheck(ws: IproWs, creds: { grant: Grant; docusignAccountId: string }, errors: GrantErrors): () => void {
  const use = useGrant(creds.grant, creds.docusignAccountId, ws)
  if (!use.ok) fail(errors[use.reason])
  const refreshed = use.refreshed
  return () => {
    if (refreshed) ws.state.grants.set(grantKey(refreshed.source_id, refreshed.user_id), refreshed)
  }
}

const goLive = (value: string | null | undefined): string | null => {
  const ms = typeof value === 'string' ? parseGoLiveDate(value) : null
  return ms === null ? null : rfc1123(ms)
}

export interface SettingInput {
  sourceId: number | null
  accountId: number | null
  body: Record<string, unknown> | null
}

/** R2: a new DocuSign configuration for an account. */
export function createSetting(ws: IproWs, input: SettingInput): SourceSetting {
  const { state } = ws
  if (input.accountId === null) fail('ipro.account_id_missing')
  if (input.sourceId === null) fail('ipro.source_id_missing')
  const body = typedBody(input.body)
  if (!body) fail('ipro.request_body_missing')
  const source = state.sources.get(String(input.sourceId))
  if (!source) fail('ipro.source_not_found')
  const account = state.accounts.get(String(input.accountId))
  if (!account) fail('ipro.account_not_found')
  const creds = credentialsOf(ws, source.source_id, body.config)
  if (duplicateOf(ws, account, source.source_id, creds.config.docusign_account_id, null)) fail('ipro.credentials_exist')
  const commitGrant = grantCheck(ws, { grant: creds.grant, docusignAccountId: creds.config.docusign_account_id }, SETTING_GRANT_ERRORS)

  const setting: SourceSetting = {
    account_id: account.account_id,
    accountmapping: [],
    config: creds.config,
    connection_name: body.connection_name ?? 'Docusign',
    connection_stage: 'disconnected',
    connection_status: '',
    go_live_date: goLive(body.go_live_date),
    id: state.counters.next_source_setting_id,
    ipro_ingestion_source_id: source.source_id,
    organization_id: account.organization_id,
    sample_transaction: '',
    sftp_user: '',
    status: 0,
  }
  state.counters.next_source_setting_id += 1
  state.settings.set(String(setting.id), setting)
  state.accounts.set(String(account.account_id), { ...account, setting_ids: [...account.setting_ids, setting.id] })
  commitGrant()
  ws.touch()
  return setting
}

/** R3: replaces config (and go_live_date / connection_name when sent) of an existing setting. */
export function updateSetting(ws: IproWs, input: SettingInput): SourceSetting {
  const { state } = ws
  if (input.accountId === null) fail('ipro.account_id_missing')
  if (input.sourceId === null) fail('ipro.source_id_missing')
  const body = typedBody(input.body)
  if (!body) fail('ipro.body_missing')
  const settingId = sourceSettingIdSchema.safeParse(body.source_setting_id)
  if (!settingId.success) fail('ipro.source_setting_id_missing')
  if (!isObject(body.config) || Object.keys(body.config).length === 0) fail('ipro.config_missing')
  const creds = credentialsOf(ws, input.sourceId, body.config)
  const setting = state.settings.get(String(settingId.data))
  if (!setting || setting.account_id !== input.accountId || setting.ipro_ingestion_source_id !== input.sourceId)
    fail('ipro.configuration_not_available')
  const account = state.accounts.get(String(setting.account_id))
  if (duplicateOf(ws, account, setting.ipro_ingestion_source_id, creds.config.docusign_account_id, setting.id))
    fail('ipro.credentials_exist')
  const commitGrant = grantCheck(ws, { grant: creds.grant, docusignAccountId: creds.config.docusign_account_id }, SETTING_GRANT_ERRORS)

  const updated: SourceSetting = {
    ...setting,
    config: creds.config,
    go_live_date: input.body !== null && Object.hasOwn(input.body, 'go_live_date') ? goLive(body.go_live_date) : setting.go_live_date,
    connection_name: body.connection_name ?? setting.connection_name,
  }
  state.settings.set(String(updated.id), updated)
  commitGrant()
  return updated
}

// --- R4: look-back report ---

export interface LookBackReport {
  csv: string
  filename: string
}

export function lookBackReport(ws: IproWs, input: { settingId: number | null; days: number | null }): LookBackReport {
  const { state } = ws
  if (input.settingId === null) fail('ipro.report_source_setting_id_missing')
  if (input.days === null) fail('ipro.look_back_days_missing')
  const setting = state.settings.get(String(input.settingId))
  const ids = setting ? credentialsSchema.safeParse(setting.config) : undefined
  const grant = setting && ids?.success ? state.grants.get(grantKey(setting.ipro_ingestion_source_id, ids.data.user_id)) : undefined
  if (!setting || !ids?.success || !grant) fail('ipro.report_credentials_missing')
  const commitGrant = grantCheck(ws, { grant, docusignAccountId: ids.data.docusign_account_id }, REPORT_GRANT_ERRORS)

  const envelopes = lookBackEnvelopes(state, ids.data.docusign_account_id, ws, input.days)
  // The window only picks envelopes: the same ones, unchanged, make the same CSV.
  const key = `look_back_report\n${envelopes.map((e) => e.envelope_id).join(',')}`
  const csv = ws.derived(key, () => toCsv(REPORT_HEADER, reportRows(envelopes)))
  commitGrant()
  // The file name shows the day, no finer.
  return { csv, filename: `look_back_report_${setting.id}_${compactDate(ws.nowTo(86_400_000))}.csv` }
}
