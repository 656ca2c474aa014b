import { Catalogue, fillTemplate } from '../../lib/catalogue.js'
import type { SandboxContext } from '../../lib/context.js'
import { sendEmpty } from '../../lib/reply.js'
import type { ErrorCatalogue } from '../../lib/vendor.js'
import { VendorError, type CatalogueEntry } from '../../lib/vendor-error.js'
import { ALLOWED_METHODS, LIMITS, PARAM, TID_PATTERN } from './constants.js'
import { errorDocument, sendXml, type ErrorLine } from './envelope.js'
import { requestParams } from './request.js'

/**
 * The tranadmin error catalogue (spec §9). HTTP-level failures carry no body
 * at all [seed: "would not have an XML response"]; call-level failures are
 * XML with `result=error` and one `error` line per failure, in check order.
 */
interface TranadminEntry extends CatalogueEntry {
  /** XML entries only: the `error` text template and the values a forced error fills it with. */
  template?: string
  sample?: Record<string, string>
}

const empty = (id: string, http_status: number, code: string, trigger: string): TranadminEntry => ({ id: `tranadmin.${id}`, http_status, code, message: '', trigger })

const xml = (id: string, code: string, template: string, sample: Record<string, string>, trigger: string): TranadminEntry => ({
  id: `tranadmin.${id}`,
  http_status: 200,
  code,
  message: fillTemplate(template, sample),
  trigger,
  template,
  sample,
})

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
} as const
export type XmlErrorId = Exclude<(typeof ERR)[keyof typeof ERR], 'tranadmin.not_authenticated' | 'tranadmin.not_permitted' | 'tranadmin.not_found' | 'tranadmin.method_not_allowed' | 'tranadmin.payload_too_large' | 'tranadmin.system_error'>

export const entries: TranadminEntry[] = [
  empty('not_authenticated', 403, 'FORBIDDEN', 'No login params, a wrong password, an unknown user, or disabled.api@example.com'),
  empty('not_permitted', 403, 'FORBIDDEN', 'update.api@example.com on any transaction, or hr.api@example.com on T3 (33333333-3333-4333-8333-333333333333)'),
  empty('not_found', 404, 'NOT_FOUND', 'ESFTID missing, not-a-uuid or 99999999-9999-4999-8999-999999999999; ESFDOCUMENT=Bad Name; ESFPARTY=9lives; an unknown call such as /tranadmin/GetFoo'),
  empty('method_not_allowed', 405, 'METHOD_NOT_ALLOWED', 'PUT /openesignforms/demo/tranadmin/GetStatus'),
  empty('payload_too_large', 413, 'PAYLOAD_TOO_LARGE', 'A form body over 2 MiB'),
  empty('system_error', 503, 'SERVICE_UNAVAILABLE', 'GetDocumentSnapshot on T7 (77777777-7777-4777-8777-777777777777, any FORMAT), or a fault rule'),
  xml('no_such_document', 'NO_SUCH_DOCUMENT', 'No such document: {document}.', { document: 'NoSuchDoc' }, 'GetStatus T1 ESFDOCUMENT=NoSuchDoc'),
  xml('no_such_party', 'NO_SUCH_PARTY', 'No such party: {party}.', { party: 'Nobody' }, 'T1 ESFPARTY=Nobody, or RenotifyParty ESFPARTY=nobody@example.com'),
  xml('no_such_party_document', 'NO_SUCH_PARTY_DOCUMENT', 'Party {party} has no document {document}.', { party: 'Employer', document: 'W4' }, 'GetDocumentSnapshot T2 ESFDOCUMENT=W4&ESFPARTY=Employer&FORMAT=HTML'),
  xml('unexpected_format', 'UNEXPECTED_FORMAT', 'Unexpected FORMAT value "{value}". Expected one of: HTML, PDF, XMLDSIG, PDFMERGE.', { value: 'DOCX' }, 'GetDocumentSnapshot T1 FORMAT=DOCX, or no FORMAT'),
  xml('unexpected_data_request', 'UNEXPECTED_DATA_REQUEST', 'Unexpected INCLUDEDATA value "{value}". Expected one of: XMLDSIG, XML.', { value: 'CSV' }, 'T1 FORMAT=HTML&INCLUDEDATA=CSV'),
  xml('invalid_transfer_email', 'INVALID_TRANSFER_EMAIL', 'Invalid TRANSFERPARTY email address "{value}".', { value: 'not-an-email' }, 'RenotifyParty T1 ESFPARTY=Employee&TRANSFERPARTY=not-an-email'),
  xml('transaction_not_notifiable', 'TRANSACTION_NOT_NOTIFIABLE', 'Transaction is {status}; parties cannot be notified.', { status: 'Canceled' }, 'RenotifyParty T4 ESFPARTY=Buyer'),
  xml('no_active_party', 'NO_ACTIVE_PARTY', 'No active or retrieved party to renotify.', {}, 'RenotifyParty T3 without ESFPARTY'),
  xml('party_not_notifiable', 'PARTY_NOT_NOTIFIABLE', 'Party {party} cannot be notified while its status is {status}.', { party: 'Payroll', status: 'Undefined' }, 'RenotifyParty T1 ESFPARTY=Payroll'),
  xml('party_no_email', 'PARTY_NO_EMAIL', 'Party {party} has no email address or To Do group.', { party: 'Buyer' }, 'RenotifyParty T5 ESFPARTY=Buyer'),
  xml('party_no_email_template', 'PARTY_NO_EMAIL_TEMPLATE', 'Party {party} has no email template.', { party: 'Acknowledger' }, 'RenotifyParty T6 (with or without ESFPARTY=Acknowledger)'),
]

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
  const route = c.var.sb.route ?? ''
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

function render(c: SandboxContext, err: VendorError): Response {
  const entry = catalogue.get(err.catalogueId)
  if (entry.http_status !== 200) {
    return sendEmpty(c, entry.http_status, entry.http_status === 405 ? { allow: ALLOWED_METHODS.join(', ') } : {})
  }
  const at = c.var.ws.clock.now()
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
