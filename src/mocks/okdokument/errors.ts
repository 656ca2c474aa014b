import type { CatalogueEntry } from '../../lib/vendor-error.js'
import { VendorError } from '../../lib/vendor-error.js'
import { Catalogue, fillTemplate, placeEntries } from '../../lib/catalogue.js'
import { sendJson } from '../../lib/reply.js'
import type { VendorContext } from '../../lib/vendor.js'

/**
 * OKdokument's error envelope: `{"message": <key or text>, "value": <offending value>}`
 * (seed: PATCH answers `View ID does not exist: <id>`); 401/403/500 carry no `value`.
 * `value` names which detail fills the body's `value`: `id`, `value`, `path`,
 * `method`, a literal (`"0"`), or absent.
 */
export interface OkErrorEntry extends CatalogueEntry {
  value?: { from: 'id' | 'value' | 'path' | 'method' } | { literal: string }
}

const e = (
  id: string,
  http_status: number,
  code: string | null,
  message: string,
  trigger: string,
  value?: OkErrorEntry['value'],
): OkErrorEntry => ({
  id: `okdokument.${id}`,
  http_status,
  code,
  message,
  trigger,
  ...(value ? { value } : {}),
})
const from = (f: 'id' | 'value' | 'path' | 'method') => ({ from: f }) as const

export const ERR = {
  unauthorized: 'okdokument.unauthorized',
  forbidden: 'okdokument.forbidden',
  viewIdNotExist: 'okdokument.view_id_not_exist',
  srNotExist: 'okdokument.signature_request_not_exist',
  srInvalid: 'okdokument.signature_request_invalid',
  documentNotFound: 'okdokument.document_not_found',
  unknownDocumentId: 'okdokument.unknown_document_id',
  badRequest: 'okdokument.bad_request',
  invalidBase64: 'okdokument.invalid_base64',
  invalidDocument: 'okdokument.invalid_document',
  fileTooLarge: 'okdokument.file_too_large',
  missingDocument: 'okdokument.missing_document',
  invalidState: 'okdokument.invalid_state',
  invalidDocumentState: 'okdokument.invalid_document_state',
  srExists: 'okdokument.signature_request_exists',
  srExhausted: 'okdokument.signature_requests_exhausted',
  routeNotFound: 'okdokument.route_not_found',
  methodNotAllowed: 'okdokument.method_not_allowed',
  internal: 'okdokument.internal_error',
} as const

const listed: OkErrorEntry[] = [
  e('unauthorized', 401, 'err.unauthorized', 'err.unauthorized', 'any /JSON/* call without x-api-key or with an unknown key'),
  e('forbidden', 403, 'err.forbidden', 'err.forbidden', 'the read-only key on POST/PATCH/DELETE'),
  e(
    'view_id_not_exist',
    400,
    null,
    'View ID does not exist: {id}',
    'PATCH /JSON/signatureRequest with signatureRequestId 32f8628d-6658-443d-a2a0-f59d9d3752d222',
    from('id'),
  ),
  e(
    'signature_request_not_exist',
    400,
    'err.signature.request.not.exist',
    'err.signature.request.not.exist',
    'DELETE /JSON/signatureRequest/<unknown> or GET /openDocument/<unknown>',
    from('id'),
  ),
  e(
    'signature_request_invalid',
    400,
    'err.signature.request.invalid',
    'err.signature.request.invalid',
    'GET /openDocument/5b7e2c1d-9a8f-4e6b-b3c2-7d1e0f9a8b6c (SR3, signed)',
    from('id'),
  ),
  e('document_not_found', 404, 'err.not.found', 'err.not.found', 'GET /JSON/document/metadata/<unknown> (or download/delete)', from('id')),
  e('unknown_document_id', 400, 'err.not.found', 'err.not.found', 'POST /JSON/signatureRequest {"id":"doesNotExist"}', from('id')),
  e('bad_request', 400, 'err.bad.request', 'err.bad.request', 'POST /JSON/signatureRequest with body `{`', from('value')),
  e('invalid_base64', 400, 'err.invalid.base64', 'err.invalid.base64', 'POST /JSON/signatureRequest filedata.content "%%%"', from('value')),
  e(
    'invalid_document',
    400,
    'err.invalid.document',
    'err.invalid.document',
    'POST /JSON/signatureRequest with the base64 of "hello"',
    from('value'),
  ),
  e(
    'file_too_large',
    400,
    'err.file.too.large',
    'err.file.too.large',
    'POST /JSON/document with 10 485 761 decoded bytes (or a body over 15 MiB)',
    from('value'),
  ),
  e('missing_document', 400, 'err.missing.document', 'err.missing.document', 'POST /JSON/signatureRequest with {}', from('value')),
  e('invalid_state', 400, 'err.invalid.state', 'err.invalid.state', 'POST /JSON/signatureRequest filedata.state "done"', from('value')),
  e(
    'invalid_document_state',
    400,
    'err.invalid.document.state',
    'err.invalid.document.state',
    'POST /JSON/signatureRequest {"id": D3} (signed) without changeState',
    from('value'),
  ),
  e(
    'signature_request_exists',
    409,
    'err.signature.request.exists',
    'err.signature.request.exists',
    'POST /JSON/signatureRequest with signatureRequestId 1d58a59e-e8f7-4d07-bb99-d3fa39cb58a8 (SR1)',
    from('id'),
  ),
  e(
    'signature_requests_exhausted',
    403,
    'err.signature.requests.exhausted',
    'err.signature.requests.exhausted',
    'POST /JSON/signatureRequest with the no-credit key',
    { literal: '0' },
  ),
  e('route_not_found', 404, 'err.not.found', 'err.not.found', 'GET /okdokument/JSON/nope', from('path')),
  e('method_not_allowed', 405, 'err.method.not.allowed', 'err.method.not.allowed', 'PUT /okdokument/JSON/signatureRequest', from('method')),
  e('internal_error', 500, 'err.internal', 'err.internal', 'only by X-Sandbox-Error or a fault rule'),
]

const SR_BODY = ['POST /JSON/signatureRequest', 'PATCH /JSON/signatureRequest', 'POST /JSON/signatureRequest/:signatureRequestId']
const UPLOADS = ['POST /JSON/signatureRequest', 'POST /JSON/document', 'POST /JSON/upload']
const BY_DOCUMENT_ID = ['GET /JSON/document/:documentId', 'GET /rest/document/:documentId', 'DELETE /JSON/document/:documentId']
const OPEN = ['GET /openDocument/:signatureRequestId', 'GET /:signatureRequestId']

/** Where each error can be answered (the OpenAPI document lists them per operation). */
export const entries = placeEntries(listed, {
  [ERR.unauthorized]: ['* /JSON/*', 'GET /rest/*'],
  [ERR.forbidden]: ['POST|PATCH|DELETE /JSON/*'],
  [ERR.viewIdNotExist]: ['PATCH /JSON/signatureRequest', 'POST /JSON/signatureRequest/:signatureRequestId'],
  [ERR.srNotExist]: ['DELETE /JSON/signatureRequest/:signatureRequestId', ...OPEN],
  [ERR.srInvalid]: OPEN,
  [ERR.documentNotFound]: [...BY_DOCUMENT_ID, 'GET /JSON/document/metadata/:documentId'],
  [ERR.unknownDocumentId]: ['POST /JSON/signatureRequest'],
  [ERR.badRequest]: [...SR_BODY, 'POST /JSON/document', 'POST /JSON/upload'],
  [ERR.invalidBase64]: ['POST /JSON/signatureRequest', 'POST /JSON/document'],
  [ERR.invalidDocument]: UPLOADS,
  [ERR.fileTooLarge]: ['POST|PATCH /JSON/*'],
  [ERR.missingDocument]: UPLOADS,
  [ERR.invalidState]: UPLOADS,
  [ERR.invalidDocumentState]: ['POST /JSON/signatureRequest'],
  [ERR.srExists]: ['POST /JSON/signatureRequest', 'POST /JSON/upload'],
  [ERR.srExhausted]: ['POST /JSON/signatureRequest', 'POST /JSON/upload'],
  // Reserved single segments (GET /JSON, /rest…) are no signature-request link.
  [ERR.routeNotFound]: ['GET /:signatureRequestId'],
  [ERR.methodNotAllowed]: [],
  [ERR.internal]: ['*'],
})

export const catalogue = new Catalogue(entries, ERR.internal)

/** The body of a catalogue error: `null` fills whatever the request did not say (Java's `"" + null`). */
export function errorBody(err: VendorError): { status: number; body: Record<string, unknown> } {
  const entry = catalogue.get(err.catalogueId)
  const message = fillTemplate(entry.message, err.details, () => 'null')
  const body: Record<string, unknown> = { message }
  if (entry.value) body.value = 'literal' in entry.value ? entry.value.literal : (err.details[entry.value.from] ?? null)
  return { status: entry.http_status, body }
}

export function renderError(c: VendorContext, err: VendorError): Response {
  const { status, body } = errorBody(err)
  const allow = err.details.allow
  return sendJson(c, status, body, 'application/json', status === 405 && typeof allow === 'string' ? { allow } : {})
}

/** Shorthands used throughout the service: the offending value travels as `value` (or `id`). */
export const badRequest = (value: string | null) => new VendorError(ERR.badRequest, { value })
export const withValue = (id: string, value: unknown) => new VendorError(id, { value })
export const withId = (id: string, srOrDoc: unknown) => new VendorError(id, { id: srOrDoc })
