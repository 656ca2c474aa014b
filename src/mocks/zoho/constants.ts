/** Zoho Sign's vocabulary and the sandbox's fixed identities (spec §1, §3). */

export const VENDOR_ID = 'zoho'
export const SIGN_PREFIX = '/zoho'
export const ACCOUNTS_PREFIX = '/zoho-accounts'

export const FIXTURE_CLIENT_ID = '1000.SANDBOXZOHOSIGNCLIENT000000001'
export const FIXTURE_REDIRECT_URI = 'https://client.example.test/zoho/callback'
export const OWNER_ID = '2000000002002'
export const ACCOUNT_ID = 'zylker'
export const ORG_NAME = 'Zylker Sandbox'
/** The fixture account's organization (`GET /organizations`, spec §6.6) [sandbox decision: the id]. */
export const ORG_ID = '2000000000011'
export const OTHERS_REQUEST_TYPE = '2000000000135'

/** Data centres: Sign host, accounts host, `location`, `api_domain` (index-aligned, so MSW host N of one mount is the same DC as host N of the other). */
export const DATA_CENTRES: { sign: string; accounts: string; dc: string; api: string }[] = [
  { sign: 'https://sign.zoho.com', accounts: 'https://accounts.zoho.com', dc: 'us', api: 'https://www.zohoapis.com' },
  { sign: 'https://sign.zoho.eu', accounts: 'https://accounts.zoho.eu', dc: 'eu', api: 'https://www.zohoapis.eu' },
  { sign: 'https://sign.zoho.in', accounts: 'https://accounts.zoho.in', dc: 'in', api: 'https://www.zohoapis.in' },
  { sign: 'https://sign.zoho.com.au', accounts: 'https://accounts.zoho.com.au', dc: 'au', api: 'https://www.zohoapis.com.au' },
  { sign: 'https://sign.zoho.jp', accounts: 'https://accounts.zoho.jp', dc: 'jp', api: 'https://www.zohoapis.jp' },
  { sign: 'https://sign.zoho.com.cn', accounts: 'https://accounts.zoho.com.cn', dc: 'cn', api: 'https://www.zohoapis.com.cn' },
  { sign: 'https://sign.zoho.sa', accounts: 'https://accounts.zoho.sa', dc: 'sa', api: 'https://www.zohoapis.sa' },
  { sign: 'https://sign.zoho.uk', accounts: 'https://accounts.zoho.uk', dc: 'uk', api: 'https://www.zohoapis.uk' },
  { sign: 'https://sign.zoho.sg', accounts: 'https://accounts.zoho.sg', dc: 'sg', api: 'https://www.zohoapis.sg' },
  { sign: 'https://sign.zoho.ae', accounts: 'https://accounts.zoho.ae', dc: 'ae', api: 'https://www.zohoapis.ae' },
  { sign: 'https://sign.zohocloud.ca', accounts: 'https://accounts.zohocloud.ca', dc: 'ca', api: 'https://www.zohoapis.ca' },
  // The official Node SDK builds `sign.zoho.<DC>`, so its `au` reaches `.au` (spec §1).
  { sign: 'https://sign.zoho.au', accounts: 'https://accounts.zoho.au', dc: 'au', api: 'https://www.zohoapis.com.au' },
]

const byOrigin = new Map<string, (typeof DATA_CENTRES)[number]>()
for (const d of DATA_CENTRES) {
  byOrigin.set(d.sign, d)
  byOrigin.set(d.accounts, d)
}

/** The DC a request reached: the real host under MSW, `us` in server mode and on a `--mount-port`. */
export function dataCentre(scope: { origin: string; rooted: boolean }): (typeof DATA_CENTRES)[number] {
  return (scope.rooted ? byOrigin.get(scope.origin.toLowerCase()) : undefined) ?? DATA_CENTRES[0]
}

export interface FieldType {
  field_type_id: string
  field_type_name: string
  field_category: string
  is_mandatory: boolean
  listed: boolean
}

/** §3.3: the ten listed types in the seed's order, then the three fields may also name. */
export const FIELD_TYPES: FieldType[] = [
  ['2000000000137', 'Checkbox', 'checkbox', false],
  ['2000000000139', 'Radiogroup', 'radiogroup', false],
  ['2000000000141', 'Signature', 'image', true],
  ['2000000000143', 'Initial', 'image', true],
  ['2000000000147', 'Textfield', 'textfield', false],
  ['2000000000149', 'Email', 'textfield', true],
  ['2000000000151', 'Date', 'datefield', true],
  ['2000000000153', 'Name', 'textfield', true],
  ['2000000000155', 'Company', 'textfield', true],
  ['2000000000157', 'Jobtitle', 'textfield', true],
  ['2000000000159', 'CustomDate', 'datefield', false],
  ['2000000000161', 'Dropdown', 'dropdown', false],
  ['2000000000163', 'Attachment', 'filefield', false],
].map(
  ([field_type_id, field_type_name, field_category, is_mandatory], i) =>
    ({ field_type_id, field_type_name, field_category, is_mandatory, listed: i < 10 }) as FieldType,
)

export const DEFAULT_TEXT_PROPERTY = {
  is_italic: false,
  is_underline: false,
  font_color: '000000',
  font_size: 11,
  is_read_only: false,
  is_bold: false,
  font: 'Arial',
}

export const ACTION_TYPES = ['SIGN', 'VIEW', 'INPERSONSIGN', 'APPROVER'] as const
export const VERIFICATION_TYPES = ['EMAIL', 'SMS', 'OFFLINE', 'EMAIL_SMS', 'NONE']
export const FILE_EXTENSIONS = [
  'pdf',
  'jpg',
  'jpeg',
  'png',
  'doc',
  'docx',
  'html',
  'htm',
  'tex',
  'txt',
  'sxw',
  'odt',
  'rtf',
  'xls',
  'xlsx',
  'ods',
]
export const MAX_FILE = 25 * 1024 * 1024
export const MAX_FILES_TOTAL = 40 * 1024 * 1024
export const MAX_BODY = 41 * 1024 * 1024
export const MAX_ACTIONS = 25
export const MAX_FILES = 40

/** Webhook action names → operation types (§9.1). */
export const WEBHOOK_EVENTS: Record<string, string> = {
  sent: 'RequestSubmitted',
  viewed: 'RequestViewed',
  sign: 'RequestSigningSuccess',
  completed: 'RequestCompleted',
  decline: 'RequestRejected',
  declined: 'RequestRejected',
  recalled: 'RequestRecalled',
  expired: 'RequestExpired',
  forward: 'RequestForwarded',
}
export const MAX_WEBHOOKS = 2
export const WEBHOOK_WARN_AT = 10
export const WEBHOOK_DISABLE_AT = 20
export const DEFAULT_IP = '203.0.113.10'

export const ACCESS_TOKEN_TTL_MS = 3600_000
export const GRANT_CODE_TTL_MS = 60_000
export const EMBED_TOKEN_TTL_MS = 120_000
export const REFRESH_TOKEN_CAP = 20
export const REFRESH_THROTTLE = { max: 10, windowMs: 10 * 60_000 }
export const DAY_MS = 86_400_000

/** A 1×1 PNG: the thumbnails (`image_string`) of create/update replies. */
export const THUMBNAIL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='
