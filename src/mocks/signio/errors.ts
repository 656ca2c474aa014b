import { Catalogue, placeEntries } from '../../lib/catalogue.js'
import type { ErrorCatalogue, VendorContext } from '../../lib/vendor.js'
import { VendorError, type CatalogueEntry } from '../../lib/vendor-error.js'
import { sendJson } from '../../lib/reply.js'

/** Signio codes and their exact texts (signio.md §2.2; `token invalido` without accent, as the seed writes it). */
export const CODE = { ok: '00', token: '01', user: '02', client: '03', internal: '04', unprocessable: '05', notFound: '06' } as const
export type Code = (typeof CODE)[keyof typeof CODE]

export const MESSAGE: Record<Code, string> = {
  '00': 'Operación correcta',
  '01': 'token invalido',
  '02': 'usuario inactivo',
  '03': 'cliente inactivo',
  '04': 'error interno',
  '05': 'contenido no procesable',
  '06': 'recurso no encontrado',
}

const HTTP: Record<Code, number> = { '00': 200, '01': 401, '02': 403, '03': 403, '04': 500, '05': 422, '06': 404 }

/** Texts of `errores` / `errors` (§2.5); `{campo}` is the field name as sent. */
export const ERR = {
  required: 'El campo {campo} es obligatorio.',
  max: 'El campo {campo} no debe ser mayor que {n} caracteres.',
  invalid: 'El campo {campo} no es válido.',
  json: 'El cuerpo de la solicitud no es un JSON válido.',
  body: 'El cuerpo de la solicitud no es válido.',
  body_size: 'El cuerpo de la solicitud excede el tamaño máximo permitido.',
  file_type: 'El campo {campo} debe ser un archivo de tipo: {lista}.',
  file_content: 'El contenido del archivo {campo} no corresponde a su extensión.',
  file_size: 'El campo {campo} no debe ser mayor que 10240 kilobytes.',
  state: 'La transacción no se encuentra en un estado válido para esta operación.',
  no_docs: 'La transacción no tiene documentos.',
  no_signers: 'La transacción no tiene firmantes.',
  unlinked: 'El firmante {email} no está vinculado a ningún documento.',
  metatag_role: 'El firmante del rol {rol} no está registrado en la transacción.',
  template_inactive: 'La plantilla {id} se encuentra inactiva.',
  template_not_tve: 'La plantilla {id} no es una plantilla TVE.',
  onpremise: 'La firma en sitio no está habilitada para este sobre o contacto.',
} as const

export const ERROR_ID = {
  tokenInvalid: 'signio.token_invalid',
  tokenExpired: 'signio.token_expired',
  credentials: 'signio.credentials_invalid',
  userInactive: 'signio.user_inactive',
  clientInactive: 'signio.client_inactive',
  internal: 'signio.internal_error',
  unprocessable: 'signio.unprocessable',
  malformed: 'signio.malformed_body',
  tooLarge: 'signio.payload_too_large',
  fileType: 'signio.file_type_not_allowed',
  invalidState: 'signio.invalid_state',
  notFound: 'signio.not_found',
} as const

const FIX = '5f1c0c9e-8a4b-4c1d-9e2f-'
const entry = (id: string, code: Code, trigger: string): CatalogueEntry => ({
  id,
  http_status: HTTP[code],
  code,
  message: MESSAGE[code],
  trigger,
})

const listed: CatalogueEntry[] = [
  entry(
    ERROR_ID.tokenInvalid,
    '01',
    'any authenticated call without `Authorization`, with `Authorization: Bearer nope`, or with a token from another workspace',
  ),
  entry(
    ERROR_ID.tokenExpired,
    '01',
    '`Authorization: Bearer signio-fixture-token-expired`; or any token 120 min (or `ttl`) after issue on the sandbox clock',
  ),
  entry(
    ERROR_ID.credentials,
    '01',
    '`POST /token/crear` or `POST /auth/login` with `api@signio.test` / `wrong-password`, or an unknown email',
  ),
  entry(
    ERROR_ID.userInactive,
    '02',
    'login as `inactivo@signio.test` / `Signio#2024`; or `Bearer signio-fixture-token-usuario-inactivo` on any service',
  ),
  entry(
    ERROR_ID.clientInactive,
    '03',
    'login as `usuario@cliente-inactivo.test` / `Signio#2024`; or `Bearer signio-fixture-token-cliente-inactivo`',
  ),
  entry(
    ERROR_ID.internal,
    '04',
    '`POST /token/crear` or `POST /auth/login` as `falla@signio.test` / `Signio#2024`; any unexpected exception',
  ),
  entry(ERROR_ID.unprocessable, '05', '`POST /transacciones/crear` with `{}`'),
  entry(ERROR_ID.malformed, '05', 'JSON service with body `{"nombre":`'),
  entry(ERROR_ID.tooLarge, '05', '`POST /transacciones/cargar_documento` with a file of 10 MiB + 1 byte'),
  entry(
    ERROR_ID.fileType,
    '05',
    '`POST /transacciones/cargar_documento` with `notas.txt`, or `x.pdf` whose bytes do not start with `%PDF-`',
  ),
  entry(ERROR_ID.invalidState, '05', `\`POST /transacciones/devolver\` on fixture \`${FIX}000000000003\` (Firmada)`),
  entry(
    ERROR_ID.notFound,
    '06',
    `\`GET /transacciones/gestionar?id_transaccion=00000000-0000-4000-8000-000000000000\`; unknown path under \`/signio\``,
  ),
]

const API = '/api/v2'
const LOGIN = [`POST ${API}/token/crear`, `POST ${API}/auth/login`]
/** Every service that takes a token. */
const AUTHED = [
  `* ${API}/transacciones/*`,
  `* ${API}/tags/*`,
  `* ${API}/documentos/*`,
  `* ${API}/envelopes*`,
  `GET ${API}/templates`,
  `PUT ${API}/envelope/*`,
]
/** Services that change a transaction, allowed only in some states. */
const STATEFUL = [
  ...['cargar_documento', 'registrar_contacto', 'vincular', 'cambiar_orden', 'distribuir', 'devolver', 'eliminar'].map(
    (s) => `POST ${API}/transacciones/${s}`,
  ),
  `DELETE ${API}/transacciones/eliminar`,
  `POST ${API}/envelopes/:envelope_id/templates`,
  `PUT ${API}/envelopes/:envelope_id/templates/:document_id`,
  `POST ${API}/envelopes/:envelope_id/tve`,
  `PUT ${API}/envelopes/:envelope_id/tve/:documento_id`,
  `PUT ${API}/envelope/onpremise/get-signed-url`,
]
/** Services that look a transaction, document or envelope up by id. */
const BY_ID = [
  ...STATEFUL,
  `* ${API}/transacciones/gestionar`,
  `* ${API}/transacciones/campos_plantillas`,
  `POST ${API}/transacciones/crear`,
  `POST ${API}/documentos/proteger`,
  `GET ${API}/envelopes/:envelope_id/magic-link`,
  'GET /storage/*',
]
const UPLOADS = [`POST ${API}/transacciones/cargar_documento`, `POST ${API}/envelopes/:envelope_id/tve`]

/** Where each error can be answered (the OpenAPI document lists them per operation); the signing pages answer none of them. */
export const entries = placeEntries(listed, {
  [ERROR_ID.tokenInvalid]: AUTHED,
  [ERROR_ID.tokenExpired]: AUTHED,
  [ERROR_ID.credentials]: LOGIN,
  [ERROR_ID.userInactive]: [...LOGIN, ...AUTHED],
  [ERROR_ID.clientInactive]: [...LOGIN, ...AUTHED],
  [ERROR_ID.internal]: ['*'],
  [ERROR_ID.unprocessable]: [...LOGIN, ...AUTHED],
  [ERROR_ID.malformed]: [`POST|PUT|DELETE ${API}/*`],
  // The body limit holds for every route that takes a body.
  [ERROR_ID.tooLarge]: ['POST|PUT|DELETE /*'],
  [ERROR_ID.fileType]: UPLOADS,
  [ERROR_ID.invalidState]: STATEFUL,
  [ERROR_ID.notFound]: BY_ID,
})

const catalogue = new Catalogue(entries, ERROR_ID.internal)

/** A 05 with its `errores` list. */
export function unprocessable(errores: string[], id: string = ERROR_ID.unprocessable): VendorError {
  return new VendorError(id, { errores })
}

export function notFound(): VendorError {
  return new VendorError(ERROR_ID.notFound)
}

export function stateError(): VendorError {
  return unprocessable([ERR.state], ERROR_ID.invalidState)
}

/** EN family (§6.16–§6.24) routes answer `code`/`message`; everything else is ES. */
const EN_ROUTE = /^\/api\/v2\/(envelopes|templates|auth|envelope)(\/|$)/

/** ES services whose id field is `"0"` on every failure (seed: "será 0 si la operación no se pudo realizar"). */
const ID_FIELD: Record<string, string> = {
  '/api/v2/transacciones/crear': 'id_transaccion',
  '/api/v2/transacciones/cargar_documento': 'id_documento',
  '/api/v2/transacciones/registrar_contacto': 'id_firmante',
}

export type Family = 'es' | 'en'

export function familyOf(route: string): Family {
  return EN_ROUTE.test(route) ? 'en' : 'es'
}

function routeKey(route: string): string {
  return route.length > 1 && route.endsWith('/') ? route.slice(0, -1) : route
}

/** The Signio envelope of a failed call, in the family of the route (§2.3). */
export function errorBody(route: string, code: Code, errores: string[]): Record<string, unknown> {
  if (familyOf(route) === 'en')
    return code === CODE.unprocessable ? { code, message: MESSAGE[code], errors: errores } : { code, message: MESSAGE[code] }
  const key = routeKey(route)
  const idField = ID_FIELD[key]
  const body: Record<string, unknown> = idField ? { [idField]: '0' } : {}
  body.codigo = code
  body.mensaje = MESSAGE[code]
  if (code === CODE.unprocessable || key === '/api/v2/transacciones/crear') body.errores = errores
  return body
}

export const CONTENT_TYPE = 'application/json; charset=utf-8'

export function renderError(c: VendorContext, err: VendorError): Response {
  const e = catalogue.get(err.catalogueId)
  const code = e.code as Code
  const errores = Array.isArray(err.details.errores) ? (err.details.errores as string[]) : []
  // An unrouted request has no service, hence no EN family or id field: plain ES.
  const route = err.details.unrouted ? '/' : (c.get('sb').route ?? '/')
  return sendJson(c, HTTP[code], errorBody(route, code, errores), CONTENT_TYPE)
}

export const errors: ErrorCatalogue = {
  entries,
  internal: ERROR_ID.internal,
  render: renderError,
  tooLarge: () => unprocessable([ERR.body_size], ERROR_ID.tooLarge),
}
