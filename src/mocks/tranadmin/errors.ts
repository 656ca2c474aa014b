import { Catalogue, fillTemplate, placeEntries } from '../../lib/catalogue.js'
import type { SandboxContext } from '../../lib/context.js'
import { sendEmpty } from '../../lib/reply.js'
import type { ErrorCatalogue, Ws } from '../../lib/vendor.js'
import { VendorError, type CatalogueEntry } from '../../lib/vendor-error.js'
import { ALLOWED_METHODS, API_SEGMENT, HTTP_ERRORS, LIMITS, PARAM, TID_PATTERN, VENDOR_ID, XML_ERRORS } from './constants.js'
import { errorDocument, sendXml, type ErrorLine } from './xml.js'
import { requestParams } from './wire.js'

/**
 * The tranadmin error catalogue (spec §9). HTTP-level failures carry no body
 * at all [seed: "would not have an XML response"]; call-level failures are
 * XML with `result=error` and one `error` line per failure, in check order.
 */
interface TranadminEntry extends CatalogueEntry {
  /** XML entries only: the `error` text template and the values a forced error fills it with. */
  template?: string
  sample?: Readonly<Record<string, string>>
}

type HttpErrorName = keyof typeof HTTP_ERRORS
type XmlErrorName = keyof typeof XML_ERRORS

const empty = (name: HttpErrorName, trigger: string): TranadminEntry => ({
  id: `${VENDOR_ID}.${name}`,
  http_status: HTTP_ERRORS[name].status,
  code: HTTP_ERRORS[name].code,
  message: '',
  trigger,
})

const xml = (name: XmlErrorName, trigger: string): TranadminEntry => {
  const { code, template, sample } = XML_ERRORS[name]
  return { id: `${VENDOR_ID}.${name}`, http_status: 200, code, message: fillTemplate(template, sample), trigger, template, sample }
}

export const ERR = {
  notAuthenticated: 'tranadmin.not_authenticated',
  notPermitted: 'tranadmin.not_permitted',
  notFound: 'tranadmin.not_found',
  methodNotAllowed: 'tranadmin.method_not_allowed',
  payloadTooLarge: 'tranadmin.payload_too_large',
  systemError: 'tranadmin.system_error',
  noSuchDocument: 'tranadmin.no_such_document',
  noSuchParty: 'tranadmin.no_such_party',
  noSuchPartyDocument: 'tranadmin.no_such_party_document',
  unexpectedFormat: 'tranadmin.unexpected_format',
  unexpectedDataRequest: 'tranadmin.unexpected_data_request',
  invalidTransferEmail: 'tranadmin.invalid_transfer_email',
  transactionNotNotifiable: 'tranadmin.transaction_not_notifiable',
  noActiveParty: 'tranadmin.no_active_party',
  partyNotNotifiable: 'tranadmin.party_not_notifiable',
  partyNoEmail: 'tranadmin.party_no_email',
  partyNoEmailTemplate: 'tranadmin.party_no_email_template',
} as const satisfies Record<string, `tranadmin.${HttpErrorName | XmlErrorName}`>
export type XmlErrorId = `tranadmin.${XmlErrorName}`

const listed: TranadminEntry[] = [
  empty('not_authenticated', 'No login params, a wrong password, an unknown user, or disabled.api@example.com'),
  empty('not_permitted', 'update.api@example.com on any transaction, or hr.api@example.com on T3 (33333333-3333-4333-8333-333333333333)'),
  empty(
    'not_found',
    'ESFTID missing, not-a-uuid or 99999999-9999-4999-8999-999999999999; ESFDOCUMENT=Bad Name; ESFPARTY=9lives; an unknown call such as /tranadmin/GetFoo',
  ),
  empty('method_not_allowed', 'PUT /openesignforms/demo/tranadmin/GetStatus'),
  empty('payload_too_large', 'A form body over 2 MiB'),
  empty('system_error', 'GetDocumentSnapshot on T7 (77777777-7777-4777-8777-777777777777, any FORMAT), or a fault rule'),
  xml('no_such_document', 'GetStatus T1 ESFDOCUMENT=NoSuchDoc'),
  xml('no_such_party', 'T1 ESFPARTY=Nobody, or RenotifyParty ESFPARTY=nobody@example.com'),
  xml('no_such_party_document', 'GetDocumentSnapshot T2 ESFDOCUMENT=W4&ESFPARTY=Employer&FORMAT=HTML'),
  xml('unexpected_format', 'GetDocumentSnapshot T1 FORMAT=DOCX, or no FORMAT'),
  xml('unexpected_data_request', 'T1 FORMAT=HTML&INCLUDEDATA=CSV'),
  xml('invalid_transfer_email', 'RenotifyParty T1 ESFPARTY=Employee&TRANSFERPARTY=not-an-email'),
  xml('transaction_not_notifiable', 'RenotifyParty T4 ESFPARTY=Buyer'),
  xml('no_active_party', 'RenotifyParty T3 without ESFPARTY'),
  xml('party_not_notifiable', 'RenotifyParty T1 ESFPARTY=Payroll'),
  xml('party_no_email', 'RenotifyParty T5 ESFPARTY=Buyer'),
  xml('party_no_email_template', 'RenotifyParty T6 (with or without ESFPARTY=Acknowledger)'),
]

/** A call's routes: with and without the webapp segment, GET and POST. */
const call = (name: string) => [`* /:webapp/${API_SEGMENT}/${name}`, `* /${API_SEGMENT}/${name}`]
const STATUS = call('GetStatus')
const SNAPSHOT = call('GetDocumentSnapshot')
const RENOTIFY = call('RenotifyParty')

/** Where each error can be answered (the OpenAPI document lists them per operation); the pickup pages answer none of them. */
export const entries = placeEntries(listed, {
  [ERR.notAuthenticated]: call('*'),
  [ERR.notPermitted]: call('*'),
  [ERR.notFound]: call('*'),
  [ERR.methodNotAllowed]: [],
  [ERR.payloadTooLarge]: ['POST /*'],
  // Also what any unexpected failure answers.
  [ERR.systemError]: ['*'],
  [ERR.noSuchDocument]: [...STATUS, ...SNAPSHOT],
  [ERR.noSuchParty]: [...STATUS, ...SNAPSHOT, ...RENOTIFY],
  [ERR.noSuchPartyDocument]: SNAPSHOT,
  [ERR.unexpectedFormat]: SNAPSHOT,
  [ERR.unexpectedDataRequest]: SNAPSHOT,
  [ERR.invalidTransferEmail]: RENOTIFY,
  [ERR.transactionNotNotifiable]: RENOTIFY,
  [ERR.noActiveParty]: RENOTIFY,
  [ERR.partyNotNotifiable]: RENOTIFY,
  [ERR.partyNoEmail]: RENOTIFY,
  [ERR.partyNoEmailTemplate]: RENOTIFY,
})

const catalogue = new Catalogue(entries, ERR.systemError)

/** One call-level failure, its template filled from `details`. */
export interface CallError {
  id: XmlErrorId
  details: Record<string, string>
}

export const callError = (id: XmlErrorId, details: Record<string, string> = {}): CallError => ({ id, details })

/** Echoed request values are cut at 64 characters (spec §9). */
export function echo(value: string | undefined): string {
  const v = value ?? ''
  const chars = [...v]
  return chars.length > LIMITS.echo ? `${chars.slice(0, LIMITS.echo).join('')}…` : v
}

export function errorLine(e: CallError): ErrorLine {
  const entry = catalogue.get(e.id)
  return { code: String(entry.code), text: fillTemplate(entry.template ?? entry.message, { ...entry.sample, ...e.details }) }
}

/** Thrown when call-level checks fail: rendered as one XML error document. */
export class CallErrors extends VendorError {
  constructor(
    readonly errors: CallError[],
    readonly call: string,
    readonly tid: string,
  ) {
    super(errors[0]?.id ?? ERR.systemError)
  }
}

/** `call` from the path: its last segment. */
function callOf(c: SandboxContext): string {
  const route = c.get('sb').route ?? ''
  return route.slice(route.lastIndexOf('/') + 1)
}

async function forcedDetails(c: SandboxContext): Promise<Record<string, unknown>> {
  try {
    const tid = (await requestParams(c)).get(PARAM.tid)
    return { tid: tid !== undefined && TID_PATTERN.test(tid) ? tid.toLowerCase() : undefined }
  } catch {
    return {}
  }
}

function render(c: SandboxContext, err: VendorError, ws: Ws<unknown>): Response {
  const entry = catalogue.get(err.catalogueId)
  if (entry.http_status !== 200) {
    return sendEmpty(c, entry.http_status, entry.http_status === 405 ? { allow: ALLOWED_METHODS.join(', ') } : {})
  }
  const at = ws.now()
  if (err instanceof CallErrors) return sendXml(c, errorDocument({ call: err.call, tid: err.tid, at }, err.errors.map(errorLine)))
  const tid = typeof err.details.tid === 'string' ? err.details.tid : undefined
  return sendXml(c, errorDocument({ call: callOf(c), tid, at }, [errorLine({ id: err.catalogueId as XmlErrorId, details: {} })]))
}

export const errors: ErrorCatalogue = {
  entries,
  render,
  internal: ERR.systemError,
  tooLarge: () => new VendorError(ERR.payloadTooLarge),
  forcedDetails,
}
