import { expect } from 'vitest'
import type { Door } from '../helpers/doors.js'

/** Fixture identities of spec §4, and exact wire texts, written out literally (not built with the vendor's code). */
export const PREFIX = '/ipro'
export const BASE = '/v2/docusign/ipro'
export const CLOCK = '2021-06-21T00:00:00Z'
export const T = Date.parse(CLOCK)

export const TOKEN = 'ipro-sandbox-token-org2'
export const REVOKED_TOKEN = 'ipro-sandbox-token-revoked'
export const AUTH = { authorization: `Bearer ${TOKEN}` }

export const U1 = 'af90af54-368d-47c7-aacd-d209a9303ee3'
export const U2 = '5d2c8b1e-9f47-4a63-8e05-7b1c3a9d2f64'
export const U3 = '2b8f4c6d-1e3a-4b5c-9d7e-8f0a1b2c3d4e'
export const A1 = '3d58d115-8a00-43e1-a93a-1636b51f053a'
export const A2 = '0f6e2a94-7c1b-4d3e-9a85-2b4c6d8e1f07'
export const A3 = 'c4e1a7b9-2d58-4f06-b3a1-9e7d5c2b8f40'
export const A4 = '7a3e9c51-4b2d-4e8f-a6c0-1d5b9e3f7a28'
export const A5 = 'e8b2d4f6-3a1c-4e5b-8d7f-9c0a2b4d6e81'

export const DAY_MS = 86_400_000

/** `{"message": "<text>"}` + LF, as Flask-RESTful writes it. */
export const msg = (text: string): string => `{"message": "${text}"}\n`

export const MSG = {
  tokenMissing: msg('Authorization token is missing'),
  tokenInvalid: msg('Invalid authorization token'),
  codeMissing: msg('Please provide Authorization Code'),
  accountIdMissing: msg("Could't prosees your request without account_id"),
  sourceIdMissing: msg("Could't prosees your request without source_id"),
  requestBodyMissing: msg('Cannot process request without request body'),
  sourceNotFound: msg('Source not found'),
  accountNotFound: msg('Account not found'),
  credentialsMissing: msg('Cannot process request without credentials'),
  credentialsExist: msg('Credentials already exist for this account'),
  bodyMissing: msg("Could't prosees your request without body"),
  settingIdMissing: msg("Could't prosees your request without source_setting_id"),
  configMissing: msg('Cannot process request without request config'),
  configurationNotAvailable: msg('Configuration not available for this account'),
  reportSettingIdMissing: msg("Could't process your request without source_setting_id"),
  lookBackDaysMissing: msg("Could't processs your request without look_back_days"),
  reportCredentialsMissing: msg('Cannot Process your request without credentials'),
  notFound: msg('The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'),
  methodNotAllowed: msg('The method is not allowed for the requested URL.'),
  internal: msg('Internal Server Error'),
  invalidGrant: '{"error": "invalid_grant"}\n',
  expiredCode: '{"error": "invalid_grant", "error_description": "expired_client_token"}\n',
  authFailed:
    '{"errorCode": "USER_AUTHENTICATION_FAILED", "message": "One or both of Username and Password are invalid. Invalid access token"}\n',
  lacksMembership: '{"errorCode": "USER_LACKS_MEMBERSHIP", "message": "The UserID does not have a valid membership in this Account."}\n',
} as const

/** The spec's §5.1 success body for `ds-code-valid-new-connector` on source 5. */
export const NEW_CONNECTOR_REPLY =
  '{"data": {"accounts": [{"account_name": "Fresh Account", "base_uri": "https://demo.docusign.net", "docusign_account_id": "7a3e9c51-4b2d-4e8f-a6c0-1d5b9e3f7a28", "is_default": true}], "email": "new.connector@example.test", "expires_in": 28800, "name": "New Connector", "source_id": 5, "user_id": "2b8f4c6d-1e3a-4b5c-9d7e-8f0a1b2c3d4e"}, "message": "Success"}\n'

/** The seed's POST example answer (spec §5.2). */
export const SEED_POST_REPLY =
  '{"account_id": 10256, "accountmapping": [], "config": {"docusign_account_id": "3d58d115-8a00-43e1-a93a-1636b51f053a", "look_back": 0, "point_of_contact": ["venkat@123.com"], "user_id": "af90af54-368d-47c7-aacd-d209a9303ee3"}, "connection_name": "Docusign", "connection_stage": "disconnected", "connection_status": "", "go_live_date": "Wed, 09 Jun 2021 01:59:42 GMT", "id": 977, "ipro_ingestion_source_id": 5, "organization_id": 2, "sample_transaction": "", "sftp_user": "", "status": 0}\n'

/** The seed's PUT example answer (spec §5.3). */
export const SEED_PUT_REPLY =
  '{"account_id": 2, "accountmapping": [], "config": {"docusign_account_id": "3d58d115-8a00-43e1-a93a-1636b51f053a", "look_back": 0, "point_of_contact": ["venkatadri@socialsurvey.com"], "user_id": "af90af54-368d-47c7-aacd-d209a9303ee3"}, "connection_name": "Docusign", "connection_stage": "default", "connection_status": {}, "go_live_date": "Mon, 21 Jun 2021 00:00:00 GMT", "id": 965, "ipro_ingestion_source_id": 5, "organization_id": 2, "sample_transaction": null, "sftp_user": null, "status": 0}\n'

export const REPORT_HEADER =
  'envelope_id,email_subject,envelope_status,created_date,sent_date,delivered_date,completed_date,declined_date,voided_date,voided_reason,status_changed_date,sender_name,sender_email,recipient_name,recipient_email,recipient_status,routing_order,signed_date,docusign_account_id,transaction_date,imported,skip_reason'

export interface Config {
  user_id?: unknown
  docusign_account_id?: unknown
  look_back?: unknown
  point_of_contact?: unknown
  [k: string]: unknown
}

export const config = (user: string, account: string, extra: Config = {}): Config => ({
  user_id: user,
  docusign_account_id: account,
  look_back: 0,
  point_of_contact: [],
  ...extra,
})

/** The seed's POST body, with the spec's concrete date and the contact of its example answer. */
export const seedPostBody = (cfg: Config = config(U1, A1, { point_of_contact: ['venkat@123.com'] })) => ({
  go_live_date: '2021-06-09T01:59:42Z',
  connection_name: 'Docusign',
  config: cfg,
})

/** The seed's PUT body (spec §5.3). */
export const seedPutBody = (extra: Record<string, unknown> = {}) => ({
  source_setting_id: 965,
  go_live_date: '2021-06-21T00:00:00Z',
  connection_name: 'Docusign',
  config: config(U1, A1, { point_of_contact: ['venkatadri@socialsurvey.com'] }),
  ...extra,
})

export type Body = string | Record<string, unknown> | unknown[] | undefined

/** A client for one workspace through one front door, with the fixture app token unless told otherwise. */
export function ipro(door: Door, ws: string) {
  const call = (method: string, path: string, body?: Body, headers: Record<string, string> = AUTH) =>
    door.fetch(PREFIX, `${BASE}${path}`, ws, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
  return {
    call,
    refresh: (source: string | number, query = '', headers?: Record<string, string>) =>
      call('GET', `/sources/${source}/accounts/refresh_token${query}`, undefined, headers),
    post: (source: string | number, account: string | number, body?: Body, headers?: Record<string, string>) =>
      call('POST', `/source_settings/${source}/accounts/${account}/auth_token`, body, headers),
    put: (source: string | number, account: string | number, body?: Body, headers?: Record<string, string>) =>
      call('PUT', `/source_settings/${source}/accounts/${account}/auth_token`, body, headers),
    report: (setting: string | number, query = '', headers?: Record<string, string>) =>
      call('GET', `/source_settings/${setting}/accounts/look_back_report${query}`, undefined, headers),
    control: door.control(ws),
    /** The vendor's stored state, to prove a rejected request changed nothing. */
    state: async () => JSON.stringify((await door.control(ws).state('ipro')).vendors.ipro),
  }
}

/** Exact status, JSON content type and byte-exact body. */
export async function expectJson(res: Response | Promise<Response>, status: number, body: string): Promise<void> {
  const r = await res
  const text = await r.text()
  expect({ status: r.status, body: text }).toEqual({ status, body })
  expect(r.headers.get('content-type')).toBe('application/json')
}
