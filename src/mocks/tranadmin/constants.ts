/**
 * Every name, word and limit of the tranadmin API that the seed (Open
 * eSignForms issue #156) leaves open: spec §14 "Inferred constants". They are
 * sandbox decisions, kept in this one module so that a correction from the
 * real vendor changes one file.
 */

export const VENDOR_ID = 'tranadmin'
export const PREFIX = '/openesignforms'
export const DEFAULT_HOST = 'https://esf.example.test'
export const DEFAULT_WEBAPP = 'demo'

/** Real deployments serve the API under a webapp, or under ROOT (no segment). */
export const WEBAPP_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/
export const API_SEGMENT = 'tranadmin'
export const WEBAPP_ROUTE = `/:webapp/${API_SEGMENT}/:call`
export const ROOT_ROUTE = `/${API_SEGMENT}/:call`
export const PICKUP_PATH = 'P'

export const CALLS = ['GetStatus', 'GetDocumentSnapshot', 'RenotifyParty'] as const
export type CallName = (typeof CALLS)[number]
export const isCall = (name: string): name is CallName => (CALLS as readonly string[]).includes(name)

export const ALLOWED_METHODS = ['GET', 'POST'] as const

export const PARAM = {
  user: 'ESFLOGINUSER',
  password: 'ESFLOGINPASSWORD',
  tid: 'ESFTID',
  document: 'ESFDOCUMENT',
  party: 'ESFPARTY',
  format: 'FORMAT',
  includeData: 'INCLUDEDATA',
  transferParty: 'TRANSFERPARTY',
} as const

export const LIMITS = {
  bodyBytes: 2 * 1024 * 1024,
  params: 1000,
  echo: 64,
  email: 254,
} as const

export const TID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
/** OpenESF EsfName: a letter, then up to 49 letters, digits or underscores. */
export const ESF_NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/
export const EMAIL_PATTERN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

export const XML_CONTENT_TYPE = 'text/xml; charset=UTF-8'
export const XML_HEADERS = { 'cache-control': 'no-store' } as const
export const NAMESPACE = 'http://open.esignforms.com/XMLSchema/2009'
export const DSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#'

export const EL = {
  root: 'esfTranAdminResponse',
  call: 'call',
  result: 'result',
  tid: 'tid',
  timestamp: 'timestamp',
  errors: 'errors',
  error: 'error',
  transaction: 'transaction',
  transactionTemplate: 'transactionTemplate',
  status: 'status',
  statusText: 'statusText',
  lastUpdatedTimestamp: 'lastUpdatedTimestamp',
  parties: 'parties',
  party: 'party',
  name: 'name',
  email: 'email',
  todoGroup: 'todoGroup',
  lastAccessedTimestamp: 'lastAccessedTimestamp',
  pickupUrl: 'pickupUrl',
  documents: 'documents',
  document: 'document',
  esignIpHost: 'esignIpHost',
  esignTimestamp: 'esignTimestamp',
  format: 'format',
  includeData: 'includeData',
  snapshot: 'snapshot',
  data: 'data',
  mergedSnapshot: 'mergedSnapshot',
  transferred: 'transferred',
  previousEmail: 'previousEmail',
  notified: 'notified',
  to: 'to',
  signedSnapshot: 'esfSignedDocumentSnapshot',
  record: 'esfRecord',
  snapshotTimestamp: 'snapshotTimestamp',
  html: 'html',
  nameValues: 'nameValues',
  nameValue: 'nameValue',
} as const

export const RESULT = { success: 'success', error: 'error' } as const

export const TRANSACTION_STATUS = {
  inProgress: 'In progress',
  completed: 'Completed',
  canceled: 'Canceled',
  suspended: 'Suspended',
} as const
export type TransactionStatus = (typeof TRANSACTION_STATUS)[keyof typeof TRANSACTION_STATUS]
export const PARTY_STATUS = { undefined: 'Undefined', active: 'Active', retrieved: 'Retrieved', completed: 'Completed' } as const
export type PartyStatus = (typeof PARTY_STATUS)[keyof typeof PARTY_STATUS]
export const DOCUMENT_STATUS = { undefined: 'Undefined', retrieved: 'Retrieved', completed: 'Completed' } as const
export type DocumentStatus = (typeof DOCUMENT_STATUS)[keyof typeof DOCUMENT_STATUS]

export const STATUS_TEXT = {
  waitingOn: (party: string) => `Waiting on ${party}`,
  completed: 'Completed',
  canceled: 'Canceled',
  suspended: 'Suspended',
} as const

export const FORMATS = ['HTML', 'PDF', 'XMLDSIG', 'PDFMERGE'] as const
export type SnapshotFormat = (typeof FORMATS)[number]
export const DATA_FORMATS = ['XMLDSIG', 'XML'] as const
export type DataFormat = (typeof DATA_FORMATS)[number]

export const CONTENT_TYPE = {
  html: 'text/html; charset=UTF-8',
  pdf: 'application/pdf',
  xml: 'application/xml; charset=UTF-8',
} as const
export const BASE64 = 'base64'
export const FILE_EXT = { HTML: 'html', PDF: 'pdf', XMLDSIG: 'xml' } as const

export const DSIG = {
  canonicalization: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  transform: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  digestMethod: 'http://www.w3.org/2001/04/xmlenc#sha512',
  keyName: 'esign-sandbox-snapshot-signer',
  hmacKey: 'esign-sandbox-not-a-real-key',
} as const

export const PDF_META = { version: '1.4', producer: 'esign-sandbox', letter: [612, 792] as [number, number] } as const

export const PICKUP_CODE_LENGTH = 20

export const EMAIL = {
  fromLocal: 'no-reply',
  subject: (displayName: string) => `${displayName} - please review and sign`,
  text: (displayName: string, party: string, url: string, tid: string) =>
    `Hello,\n\n${displayName} is waiting for you as ${party}. Please use this link to open it:\n${url}\n\nTransaction ${tid}\n`,
} as const
export const EMAIL_REASON = { renotify: 'renotify', transfer: 'transfer', activation: 'activation' } as const
export type EmailReason = (typeof EMAIL_REASON)[keyof typeof EMAIL_REASON]

export const SIMULATE_DEFAULTS = { webapp: DEFAULT_WEBAPP, esign: true, ipHost: '192.0.2.10 (signer.example.test)' } as const

/** HTTP-level failures: status and catalogue code; the body is always empty. */
export const HTTP_ERRORS = {
  not_authenticated: { status: 403, code: 'FORBIDDEN' },
  not_permitted: { status: 403, code: 'FORBIDDEN' },
  not_found: { status: 404, code: 'NOT_FOUND' },
  method_not_allowed: { status: 405, code: 'METHOD_NOT_ALLOWED' },
  payload_too_large: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  system_error: { status: 503, code: 'SERVICE_UNAVAILABLE' },
} as const

/** Call-level failures (spec §9.2): `error@code`, text template, and the sample values a forced error is filled with. */
export const XML_ERRORS = {
  no_such_document: { code: 'NO_SUCH_DOCUMENT', template: 'No such document: {document}.', sample: { document: 'NoSuchDoc' } },
  no_such_party: { code: 'NO_SUCH_PARTY', template: 'No such party: {party}.', sample: { party: 'Nobody' } },
  no_such_party_document: {
    code: 'NO_SUCH_PARTY_DOCUMENT',
    template: 'Party {party} has no document {document}.',
    sample: { party: 'Employer', document: 'W4' },
  },
  unexpected_format: {
    code: 'UNEXPECTED_FORMAT',
    template: `Unexpected FORMAT value "{value}". Expected one of: ${FORMATS.join(', ')}.`,
    sample: { value: 'DOCX' },
  },
  unexpected_data_request: {
    code: 'UNEXPECTED_DATA_REQUEST',
    template: `Unexpected INCLUDEDATA value "{value}". Expected one of: ${DATA_FORMATS.join(', ')}.`,
    sample: { value: 'CSV' },
  },
  invalid_transfer_email: {
    code: 'INVALID_TRANSFER_EMAIL',
    template: 'Invalid TRANSFERPARTY email address "{value}".',
    sample: { value: 'not-an-email' },
  },
  transaction_not_notifiable: {
    code: 'TRANSACTION_NOT_NOTIFIABLE',
    template: 'Transaction is {status}; parties cannot be notified.',
    sample: { status: 'Canceled' },
  },
  no_active_party: { code: 'NO_ACTIVE_PARTY', template: 'No active or retrieved party to renotify.', sample: {} },
  party_not_notifiable: {
    code: 'PARTY_NOT_NOTIFIABLE',
    template: 'Party {party} cannot be notified while its status is {status}.',
    sample: { party: 'Payroll', status: 'Undefined' },
  },
  party_no_email: { code: 'PARTY_NO_EMAIL', template: 'Party {party} has no email address or To Do group.', sample: { party: 'Buyer' } },
  party_no_email_template: {
    code: 'PARTY_NO_EMAIL_TEMPLATE',
    template: 'Party {party} has no email template.',
    sample: { party: 'Acknowledger' },
  },
} as const satisfies Record<string, { code: string; template: string; sample: Record<string, string> }>

/** The journal shows this instead of ESFLOGINPASSWORD values (spec §12). */
export const REDACTED = '***'
