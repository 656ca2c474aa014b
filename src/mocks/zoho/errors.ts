import type { CatalogueEntry } from '../../lib/vendor-error.js'
import { VendorError } from '../../lib/vendor-error.js'
import { Catalogue, fillTemplate, placeEntries } from '../../lib/catalogue.js'
import { sendJson, sendEmpty } from '../../lib/reply.js'
import type { ErrorCatalogue, VendorContext } from '../../lib/vendor.js'
import { FIXTURE_REDIRECT_URI } from './constants.js'

/** Zoho Sign's error catalogue (spec §12): Sign API envelopes, OAuth bodies and OAuth redirects. */
export const JSON_TYPE = 'application/json;charset=UTF-8'

interface ZohoEntry extends CatalogueEntry {
  /** `sign`: `{code,message,status}`; `oauth`: the JSON body as written; `redirect`: 302 to the redirect uri. */
  kind: 'sign' | 'oauth' | 'redirect'
  /** Default key of `{param}` for 9008/9043/9015. */
  param?: string
  paramTemplate?: string
  body?: Record<string, string>
}

const sign = (
  id: string,
  http_status: number,
  code: number,
  message: string,
  trigger: string,
  param?: { name: string; template: string },
): ZohoEntry => ({
  id: `zoho.${id}`,
  http_status,
  code,
  message: param ? fillTemplate(message, { param: fillTemplate(param.template, { key: param.name }) }) : message,
  trigger,
  kind: 'sign',
  ...(param ? { param: param.name, paramTemplate: param.template } : {}),
})
const oauth = (id: string, http_status: number, body: Record<string, string>, trigger: string): ZohoEntry => ({
  id: `zoho.${id}`,
  http_status,
  code: body.error ?? body.cause,
  message: JSON.stringify(body),
  trigger,
  kind: 'oauth',
  body,
})
const redirect = (id: string, error: string, trigger: string): ZohoEntry => ({
  id: `zoho.${id}`,
  http_status: 302,
  code: error,
  message: `Location: <redirect_uri>?error=${error}&state=<state>`,
  trigger,
  kind: 'redirect',
  body: { error },
})

const MESSAGE_TEMPLATES = new Map<string, string>([['zoho.missing_key', '{param} occurs less than minimum occurance of 1']])

const listed: ZohoEntry[] = [
  sign('ticket_invalid', 401, 9031, 'Ticket invalid', 'no Authorization header, or the token only in the query (?access_token=)'),
  sign(
    'oauth_token_invalid',
    401,
    9041,
    'Invalid Oauth token',
    'Authorization: Zoho-oauthtoken bogus; the expired fixture token; a revoked token; a token of another workspace or data centre',
  ),
  sign(
    'oauth_scope_mismatch',
    401,
    9041,
    'Invalid Oauth token',
    'the read-only fixture token on any non-READ call, e.g. POST /api/v1/folders',
  ),
  sign(
    'api_credits_exhausted',
    400,
    12001,
    'Upgrade API credits to access resources using API',
    'the trial fixture token on any Sign API call',
  ),
  sign(
    'api_rate_limit',
    429,
    2955,
    'You have reached your API call limit for a minute.',
    '6th call within a minute with the rate-limited fixture token',
  ),
  sign('no_match_found', 404, 9004, 'No match found', 'GET /api/v1/account'),
  sign('method_not_allowed', 405, 9004, 'No match found', 'DELETE /api/v1/requests'),
  sign(
    'id_not_found',
    400,
    9004,
    'No match found',
    'unknown document/action/folder/request type/user/webhook id, e.g. GET /api/v1/accounts/webhooks/1',
  ),
  sign(
    'invalid_request_id',
    400,
    4066,
    'Invalid Request ID.',
    'GET /api/v1/requests/1234567890123, /requests/abc, operations on a trashed request',
  ),
  sign('invalid_template_id', 400, 20405, 'Invalid Template ID.', 'GET /api/v1/templates/1234567890123'),
  sign(
    'document_already_submitted',
    400,
    12008,
    'This document has already been submitted.',
    'submit or update a request that is not a draft',
  ),
  sign('add_atleast_one_field', 400, 9101, 'Add at least one field for a signer.', 'submit with a SIGN action without fields'),
  sign('file_size_exceeded', 400, 9018, 'File size exceeds the maximum limit', 'a file over 25 MB, or files over 40 MB in one call'),
  sign('invalid_file_format', 400, 9020, 'Invalid file format', 'a file named x.exe; a .pdf not starting with %PDF-; an empty file'),
  sign('upgrade_license', 400, 8026, 'Upgrade your Zoho Sign license.', 'a third webhook (the fixture account has one)'),
  sign('missing_key', 400, 9008, '{param} occurs less than minimum occurance of 1', 'data={"request":{}} on PUT /api/v1/requests/<id>', {
    name: 'requests',
    template: '{key}',
  }),
  sign('extra_key', 400, 9043, 'Extra key found', 'an action carrying action_status in PUT /api/v1/requests/<id>', {
    name: 'action_status',
    template: '{key}',
  }),
  sign('page_context_invalid', 400, 9015, 'Extra key found', 'page_context with "rows":5 on GET /api/v1/requests', {
    name: 'row_count',
    template: 'data[page_context][{key}]',
  }),
  sign(
    'unable_to_process',
    400,
    9039,
    'Unable to process your request',
    'malformed data JSON; a bad enum; recall/remind/extend/delete/embedtoken in the wrong state',
  ),
  sign(
    'field_errors',
    400,
    4021,
    'Something went wrong. One or more fields contain errors.',
    'a field with page_no 5 on a 1-page document',
  ),
  sign(
    'template_action_mismatch',
    400,
    9056,
    'Action array size mismatch from the templates.',
    'createdocument with 2 actions on Template 1',
  ),
  sign(
    'document_access_denied',
    400,
    4003,
    'Access to view the document is denied.',
    'completioncertificate or fielddata of a request that is not completed',
  ),
  sign('internal_error', 500, 9039, 'Unable to process your request', 'forced only (fault rules); also any unexpected exception'),
  oauth('oauth_invalid_code', 200, { error: 'invalid_code' }, 'a reused or expired (> 60 s) grant code; the revoked fixture refresh token'),
  oauth('oauth_invalid_client', 200, { error: 'invalid_client' }, 'token call with client_id 1000.UNKNOWN'),
  oauth('oauth_invalid_client_secret', 200, { error: 'invalid_client_secret' }, 'fixture client_id with a wrong client_secret'),
  oauth('oauth_invalid_redirect_uri', 200, { error: 'invalid_redirect_uri' }, 'code exchange with another redirect_uri'),
  oauth('oauth_unsupported_grant_type', 200, { error: 'unsupported_grant_type' }, 'grant_type=password'),
  oauth('oauth_invalid_request', 200, { error: 'invalid_request' }, 'POST /oauth/v2/token/revoke without a token'),
  oauth('oauth_not_found', 404, { error: 'invalid_request' }, 'an unknown path under /zoho-accounts'),
  oauth('oauth_method_not_allowed', 405, { error: 'invalid_request' }, 'GET /oauth/v2/token'),
  oauth(
    'oauth_throttled',
    400,
    {
      error_description: 'You have made too many requests continuously. Please try again after some time.',
      error: 'Access Denied',
      status: 'failure',
    },
    '11th refresh of one refresh token within 10 minutes',
  ),
  oauth(
    'oauth_userinfo_invalid_token',
    401,
    { response: 'error', cause: 'INVALID_OAUTHTOKEN' },
    'GET /oauth/user/info without a token, or with an unknown, expired or revoked one',
  ),
  oauth('oauth_authorize_invalid_client', 400, { error: 'invalid_client' }, 'GET /oauth/v2/auth with an unknown client_id'),
  oauth('oauth_authorize_invalid_redirect_uri', 400, { error: 'invalid_redirect_uri' }, 'GET /oauth/v2/auth with another redirect_uri'),
  redirect('oauth_access_denied', 'access_denied', 'GET /oauth/v2/auth with sandbox_consent=deny'),
  redirect('oauth_invalid_scope', 'invalid_scope', 'GET /oauth/v2/auth without scope'),
  redirect('oauth_unsupported_response_type', 'unsupported_response_type', 'GET /oauth/v2/auth with response_type=token'),
]

const API = '/api/v1'
/** Every Sign API call (they all authenticate first). */
const SIGN = [`* ${API}/*`]
const REQUEST = `* ${API}/requests/:id*`
const TEMPLATE = `* ${API}/templates/:id*`
/** Calls whose body or `data` builds a request or template from parts (recipients, files, fields). */
const COMPOSE = [`POST ${API}/requests`, `PUT ${API}/requests/:id`, `POST ${API}/templates`, `PUT ${API}/templates/:id`]
const SIGNING = [`POST ${API}/requests/:id/submit`, `POST ${API}/requests/:id/sign`, `POST ${API}/templates/:id/createdocument`]
const LISTS = ['requests', 'myrequests', 'templates', 'accounts', 'users', 'accounts/webhooks'].map((l) => `GET ${API}/${l}`)
const TOKEN = 'POST /oauth/v2/token'
const AUTHORIZE = 'GET /oauth/v2/auth'

/** Where each error can be answered (the OpenAPI document lists them per operation); the signing pages answer none of them. */
export const entries = placeEntries(listed, {
  'zoho.ticket_invalid': SIGN,
  'zoho.oauth_token_invalid': SIGN,
  'zoho.oauth_scope_mismatch': SIGN,
  'zoho.api_credits_exhausted': SIGN,
  'zoho.api_rate_limit': SIGN,
  'zoho.no_match_found': [],
  'zoho.method_not_allowed': [],
  'zoho.id_not_found': [
    ...COMPOSE,
    ...SIGNING,
    REQUEST,
    `PUT ${API}/requests/delete`,
    `* ${API}/documents/*`,
    `* ${API}/users/:id*`,
    `* ${API}/requesttypes/:id`,
    `* ${API}/accounts/webhooks/:id*`,
  ],
  'zoho.invalid_request_id': [REQUEST],
  'zoho.invalid_template_id': [TEMPLATE],
  'zoho.document_already_submitted': [`PUT ${API}/requests/:id`, ...SIGNING.slice(0, 2), `* ${API}/documents/*`],
  'zoho.add_atleast_one_field': SIGNING,
  // The body limit holds for every route that takes a body.
  'zoho.file_size_exceeded': ['POST|PUT|DELETE /*'],
  'zoho.invalid_file_format': COMPOSE,
  'zoho.upgrade_license': [`POST ${API}/accounts/webhooks`],
  'zoho.missing_key': [`POST|PUT ${API}/*`],
  'zoho.extra_key': COMPOSE,
  'zoho.page_context_invalid': LISTS,
  'zoho.unable_to_process': SIGN,
  'zoho.field_errors': [...COMPOSE, ...SIGNING],
  'zoho.template_action_mismatch': [`POST ${API}/templates/:id/createdocument`],
  'zoho.document_access_denied': [`GET ${API}/requests/:id/completioncertificate`, `GET ${API}/requests/:id/fielddata`],
  'zoho.internal_error': ['*'],
  'zoho.oauth_invalid_code': [TOKEN],
  'zoho.oauth_invalid_client': [TOKEN],
  'zoho.oauth_invalid_client_secret': [TOKEN],
  'zoho.oauth_invalid_redirect_uri': [TOKEN],
  'zoho.oauth_unsupported_grant_type': [TOKEN],
  'zoho.oauth_invalid_request': [TOKEN, 'POST /oauth/v2/token/revoke'],
  'zoho.oauth_not_found': [],
  'zoho.oauth_method_not_allowed': [],
  'zoho.oauth_throttled': [TOKEN],
  'zoho.oauth_userinfo_invalid_token': ['GET /oauth/user/info'],
  'zoho.oauth_authorize_invalid_client': [AUTHORIZE],
  'zoho.oauth_authorize_invalid_redirect_uri': [AUTHORIZE],
  'zoho.oauth_access_denied': [AUTHORIZE],
  'zoho.oauth_invalid_scope': [AUTHORIZE],
  'zoho.oauth_unsupported_response_type': [AUTHORIZE],
})

const catalogue = new Catalogue<ZohoEntry>(entries, 'zoho.internal_error')

/** Thrown by services: `fail('missing_key', 'request_name')`. */
export function fail(name: string, param?: string): never {
  throw new VendorError(`zoho.${name}`, param === undefined ? {} : { param })
}

/** `Location` for an OAuth error redirect: the caller's redirect uri (or the fixture one) + error + state. */
export function errorRedirect(redirectUri: string, error: string, state?: string): string {
  const q = new URLSearchParams({ error })
  if (state !== undefined) q.set('state', state)
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${q.toString()}`
}

function render(c: VendorContext, err: VendorError): Response {
  const e = catalogue.get(err.catalogueId)
  if (e.kind === 'oauth') return sendJson(c, e.http_status, e.body, JSON_TYPE)
  if (e.kind === 'redirect') {
    const uri =
      typeof err.details.redirect_uri === 'string' && /^https?:\/\//i.test(err.details.redirect_uri)
        ? err.details.redirect_uri
        : FIXTURE_REDIRECT_URI
    const state = typeof err.details.state === 'string' ? err.details.state : undefined
    return sendEmpty(c, 302, { location: errorRedirect(uri, e.body?.error ?? 'access_denied', state) })
  }
  const body: Record<string, unknown> = { code: e.code }
  if (e.param !== undefined) {
    const key = typeof err.details.param === 'string' ? err.details.param : e.param
    const param = fillTemplate(e.paramTemplate ?? '{key}', { key })
    body.error_param = param
    const template = MESSAGE_TEMPLATES.get(e.id)
    body.message = template ? fillTemplate(template, { param }) : e.message
  } else body.message = e.message
  body.status = 'failure'
  return sendJson(c, e.http_status, body, JSON_TYPE)
}

export const errors: ErrorCatalogue = {
  entries: entries.map(({ id, http_status, code, message, trigger, routes }) => ({ id, http_status, code, message, trigger, routes })),
  render,
  internal: 'zoho.internal_error',
  tooLarge: () => new VendorError('zoho.file_size_exceeded'),
  forcedDetails: (c) => ({ redirect_uri: c.req.query('redirect_uri'), state: c.req.query('state') }),
}
