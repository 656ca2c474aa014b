import type { CatalogueEntry } from '../../lib/vendor-error.js'
import { VendorError } from '../../lib/vendor-error.js'
import { Catalogue, placeEntries } from '../../lib/catalogue.js'
import type { ErrorCatalogue, VendorContext } from '../../lib/vendor.js'
import { sendPyJson } from './wire.js'

/**
 * IPRO's errors: Flask-RESTful `{"message": …}` bodies with the seed's exact
 * texts (typos included), and DocuSign's own error bodies passed through as
 * the seed's `error_response` (spec §6).
 */
export type IproBody = { message: string } | { error: string; error_description?: string } | { errorCode: string; message: string }

export type IproErrorId =
  | 'ipro.app_token_missing'
  | 'ipro.app_token_invalid'
  | 'ipro.authorization_code_missing'
  | 'ipro.authorization_code_invalid'
  | 'ipro.authorization_code_used'
  | 'ipro.authorization_code_expired'
  | 'ipro.account_id_missing'
  | 'ipro.source_id_missing'
  | 'ipro.request_body_missing'
  | 'ipro.source_not_found'
  | 'ipro.account_not_found'
  | 'ipro.credentials_missing'
  | 'ipro.credentials_exist'
  | 'ipro.credentials_invalid'
  | 'ipro.credentials_account_mismatch'
  | 'ipro.body_missing'
  | 'ipro.source_setting_id_missing'
  | 'ipro.config_missing'
  | 'ipro.configuration_not_available'
  | 'ipro.report_source_setting_id_missing'
  | 'ipro.look_back_days_missing'
  | 'ipro.report_credentials_missing'
  | 'ipro.report_credentials_invalid'
  | 'ipro.report_credentials_account_mismatch'
  | 'ipro.not_found'
  | 'ipro.method_not_allowed'
  | 'ipro.internal_error'

export interface IproEntry extends CatalogueEntry {
  id: IproErrorId
  body: IproBody
}

/** Throws a catalogue error; the id is checked against the catalogue at compile time. */
export function fail(id: IproErrorId): never {
  throw new VendorError(id)
}

export const DOCUSIGN = {
  invalidGrant: { error: 'invalid_grant' },
  expiredCode: { error: 'invalid_grant', error_description: 'expired_client_token' },
  authenticationFailed: {
    errorCode: 'USER_AUTHENTICATION_FAILED',
    message: 'One or both of Username and Password are invalid. Invalid access token',
  },
  lacksMembership: { errorCode: 'USER_LACKS_MEMBERSHIP', message: 'The UserID does not have a valid membership in this Account.' },
} as const

const plain = (id: IproErrorId, http: number, message: string, trigger: string): IproEntry => ({
  id,
  http_status: http,
  code: null,
  message,
  trigger,
  body: { message },
})

const passThrough = (id: IproErrorId, http: number, body: IproBody, trigger: string): IproEntry => {
  const code = 'errorCode' in body ? body.errorCode : 'error' in body ? body.error : null
  const message = 'errorCode' in body ? body.message : 'error' in body ? (body.error_description ?? body.error) : body.message
  return { id, http_status: http, code, message, trigger, body }
}

export const NOT_FOUND_TEXT =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'

const listed: IproEntry[] = [
  plain('ipro.app_token_missing', 401, 'Authorization token is missing', 'any route without Authorization'),
  plain(
    'ipro.app_token_invalid',
    401,
    'Invalid authorization token',
    'Authorization: Bearer ipro-sandbox-token-revoked (or any unknown token)',
  ),
  plain(
    'ipro.authorization_code_missing',
    422,
    'Please provide Authorization Code',
    'GET /v2/docusign/ipro/sources/5/accounts/refresh_token without code',
  ),
  passThrough(
    'ipro.authorization_code_invalid',
    401,
    DOCUSIGN.invalidGrant,
    'GET /v2/docusign/ipro/sources/5/accounts/refresh_token?code=nope',
  ),
  passThrough(
    'ipro.authorization_code_used',
    401,
    DOCUSIGN.invalidGrant,
    'GET /v2/docusign/ipro/sources/5/accounts/refresh_token?code=ds-code-used',
  ),
  passThrough(
    'ipro.authorization_code_expired',
    401,
    DOCUSIGN.expiredCode,
    'GET /v2/docusign/ipro/sources/5/accounts/refresh_token?code=ds-code-expired',
  ),
  plain(
    'ipro.account_id_missing',
    400,
    "Could't prosees your request without account_id",
    'POST /v2/docusign/ipro/source_settings/5/accounts//auth_token',
  ),
  plain(
    'ipro.source_id_missing',
    400,
    "Could't prosees your request without source_id",
    'POST /v2/docusign/ipro/source_settings/null/accounts/10256/auth_token',
  ),
  plain(
    'ipro.request_body_missing',
    400,
    'Cannot process request without request body',
    'POST /v2/docusign/ipro/source_settings/5/accounts/10256/auth_token with an empty body',
  ),
  plain(
    'ipro.source_not_found',
    404,
    'Source not found',
    'POST a valid body (config user_id af90af54-368d-47c7-aacd-d209a9303ee3, docusign_account_id 3d58d115-8a00-43e1-a93a-1636b51f053a) to /v2/docusign/ipro/source_settings/99/accounts/10256/auth_token',
  ),
  plain(
    'ipro.account_not_found',
    404,
    'Account not found',
    'POST a valid body (config user_id af90af54-368d-47c7-aacd-d209a9303ee3, docusign_account_id 3d58d115-8a00-43e1-a93a-1636b51f053a) to /v2/docusign/ipro/source_settings/5/accounts/99999/auth_token',
  ),
  plain(
    'ipro.credentials_missing',
    422,
    'Cannot process request without credentials',
    'POST config user_id 2b8f4c6d-1e3a-4b5c-9d7e-8f0a1b2c3d4e / docusign_account_id 7a3e9c51-4b2d-4e8f-a6c0-1d5b9e3f7a28 to account 10256 before the code exchange',
  ),
  plain(
    'ipro.credentials_exist',
    409,
    'Credentials already exist for this account',
    'POST a valid body (config user_id af90af54-368d-47c7-aacd-d209a9303ee3, docusign_account_id 3d58d115-8a00-43e1-a93a-1636b51f053a) to /v2/docusign/ipro/source_settings/5/accounts/2/auth_token',
  ),
  passThrough(
    'ipro.credentials_invalid',
    401,
    DOCUSIGN.authenticationFailed,
    'POST config user_id 5d2c8b1e-9f47-4a63-8e05-7b1c3a9d2f64 / docusign_account_id c4e1a7b9-2d58-4f06-b3a1-9e7d5c2b8f40 (revoked grant) to account 10256',
  ),
  passThrough(
    'ipro.credentials_account_mismatch',
    401,
    DOCUSIGN.lacksMembership,
    'POST config user_id af90af54-368d-47c7-aacd-d209a9303ee3 / docusign_account_id c4e1a7b9-2d58-4f06-b3a1-9e7d5c2b8f40 to account 10256',
  ),
  plain(
    'ipro.body_missing',
    400,
    "Could't prosees your request without body",
    'PUT /v2/docusign/ipro/source_settings/5/accounts/2/auth_token with an empty body',
  ),
  plain(
    'ipro.source_setting_id_missing',
    400,
    "Could't prosees your request without source_setting_id",
    'PUT /v2/docusign/ipro/source_settings/5/accounts/2/auth_token with a body lacking source_setting_id',
  ),
  plain(
    'ipro.config_missing',
    422,
    'Cannot process request without request config',
    'PUT /v2/docusign/ipro/source_settings/5/accounts/2/auth_token with {"source_setting_id": 965}',
  ),
  plain(
    'ipro.configuration_not_available',
    404,
    'Configuration not available for this account',
    'PUT /v2/docusign/ipro/source_settings/5/accounts/2/auth_token with source_setting_id 424242',
  ),
  plain(
    'ipro.report_source_setting_id_missing',
    400,
    "Could't process your request without source_setting_id",
    'GET /v2/docusign/ipro/source_settings/null/accounts/look_back_report?look_back_days=30',
  ),
  plain(
    'ipro.look_back_days_missing',
    400,
    "Could't processs your request without look_back_days",
    'GET /v2/docusign/ipro/source_settings/965/accounts/look_back_report',
  ),
  plain(
    'ipro.report_credentials_missing',
    404,
    'Cannot Process your request without credentials',
    'GET /v2/docusign/ipro/source_settings/966/accounts/look_back_report?look_back_days=30',
  ),
  passThrough(
    'ipro.report_credentials_invalid',
    409,
    DOCUSIGN.authenticationFailed,
    'GET /v2/docusign/ipro/source_settings/967/accounts/look_back_report?look_back_days=30',
  ),
  passThrough(
    'ipro.report_credentials_account_mismatch',
    409,
    DOCUSIGN.lacksMembership,
    'GET /v2/docusign/ipro/source_settings/968/accounts/look_back_report?look_back_days=30',
  ),
  plain('ipro.not_found', 404, NOT_FOUND_TEXT, 'GET /ipro/v2/nope'),
  plain(
    'ipro.method_not_allowed',
    405,
    'The method is not allowed for the requested URL.',
    'DELETE /v2/docusign/ipro/source_settings/5/accounts/2/auth_token',
  ),
  plain('ipro.internal_error', 500, 'Internal Server Error', 'only by X-Sandbox-Error or a fault rule'),
]

// The three routes, by method and the part of the path only each has.
const REFRESH = 'GET /v2/docusign/ipro/sources/*'
const CREATE = 'POST /v2/docusign/ipro/source_settings/*'
const UPDATE = 'PUT /v2/docusign/ipro/source_settings/*'
const REPORT = 'GET /v2/docusign/ipro/source_settings/*'

/** Where each error can be answered (the OpenAPI document lists them per operation). */
export const entries = placeEntries(listed, {
  'ipro.app_token_missing': ['*'],
  'ipro.app_token_invalid': ['*'],
  'ipro.authorization_code_missing': [REFRESH],
  'ipro.authorization_code_invalid': [REFRESH],
  'ipro.authorization_code_used': [REFRESH],
  'ipro.authorization_code_expired': [REFRESH],
  'ipro.account_id_missing': [CREATE, UPDATE],
  'ipro.source_id_missing': [REFRESH, CREATE, UPDATE],
  'ipro.request_body_missing': [CREATE],
  'ipro.source_not_found': [REFRESH, CREATE],
  'ipro.account_not_found': [CREATE],
  'ipro.credentials_missing': [CREATE, UPDATE],
  'ipro.credentials_exist': [CREATE, UPDATE],
  'ipro.credentials_invalid': [CREATE, UPDATE],
  'ipro.credentials_account_mismatch': [CREATE, UPDATE],
  'ipro.body_missing': [UPDATE],
  'ipro.source_setting_id_missing': [UPDATE],
  'ipro.config_missing': [UPDATE],
  'ipro.configuration_not_available': [UPDATE],
  'ipro.report_source_setting_id_missing': [REPORT],
  'ipro.look_back_days_missing': [REPORT],
  'ipro.report_credentials_missing': [REPORT],
  'ipro.report_credentials_invalid': [REPORT],
  'ipro.report_credentials_account_mismatch': [REPORT],
  'ipro.not_found': [],
  'ipro.method_not_allowed': [],
  'ipro.internal_error': ['*'],
})

export const catalogue = new Catalogue(entries, 'ipro.internal_error')

/** The Allow header Flask would send for a route (spec §2.6). */
export const allowFor = (route: string): string => (route.endsWith('/auth_token') ? 'POST, PUT' : 'GET')

async function render(c: VendorContext, err: VendorError): Promise<Response> {
  const e = catalogue.get(err.catalogueId)
  const allow = typeof err.details.allow === 'string' ? err.details.allow : undefined
  return sendPyJson(c, e.http_status, e.body, e.id === 'ipro.method_not_allowed' && allow ? { allow } : {})
}

export const errors: ErrorCatalogue = {
  entries,
  render,
  internal: 'ipro.internal_error',
  // Only bodies past the mount's 25 MB cap get here; smaller ones over 1 MiB are read as "no body" in order.
  tooLarge: (c) => new VendorError(c.req.method === 'PUT' ? 'ipro.body_missing' : 'ipro.request_body_missing'),
  forcedDetails: (c) => ({ allow: allowFor(c.get('sb').route ?? '') }),
}
