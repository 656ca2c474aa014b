import type { Ws } from '../../lib/vendor.js'
import type { Collection } from '../../state/collection.js'

/** Stored shapes of the Zoho Sign vendor (JSON data only; documents as base64). */

/** `correction`: marked for correction (spec §6.6) — editable and submittable again, nobody can sign. */
export type RequestStatus = 'draft' | 'inprogress' | 'correction' | 'completed' | 'declined' | 'recalled' | 'expired'
export type ActionStatus = 'NOACTION' | 'UNOPENED' | 'VIEWED' | 'SIGNED' | 'APPROVED' | 'DECLINED'
export type ActionType = 'SIGN' | 'VIEW' | 'INPERSONSIGN' | 'APPROVER'

export interface TextProperty {
  is_italic: boolean
  is_underline: boolean
  font_color: string
  font_size: number
  is_read_only: boolean
  is_bold: boolean
  font: string
}

export interface ZField {
  field_id: string
  field_type_name: string
  field_category: string
  field_label: string
  field_name: string
  document_id: string
  page_no: number
  x_coord: number
  y_coord: number
  abs_width: number
  abs_height: number
  /** Set when the field was placed by percentages alone. */
  pct?: { x_value: number; y_value: number; width: number; height: number }
  is_mandatory: boolean
  description_tooltip: string
  default_value?: string | boolean
  date_format?: string
  name_format?: string
  is_read_only?: boolean
  text_property?: TextProperty
  /** What the signer filled in (always text). */
  field_value?: string
}

export interface ZAction {
  action_id: string
  action_type: ActionType
  recipient_name: string
  recipient_email: string
  recipient_phonenumber: string
  recipient_countrycode: string
  signing_order: number
  verify_recipient: boolean
  verification_type?: string
  verification_code?: string
  private_notes: string
  is_embedded: boolean
  in_person_name?: string
  in_person_email?: string
  role?: string
  action_status: ActionStatus
  fields: ZField[]
  /** Reusable signing id of the e-mail link while the action is pending. */
  sign_id?: string
  signed_time?: number
  ip_address?: string
}

export interface ZDocument {
  document_id: string
  document_name: string
  document_size: number
  total_pages: number
  /** Page heights in points, to turn top-left field coordinates into PDF ones. */
  page_heights: number[]
  is_pdf: boolean
}

/** What requests and templates share: ownership, timestamps and the signing settings. */
export interface SigningSettings {
  request_type_id: string
  description: string
  notes: string
  owner_id: string
  created_time: number
  modified_time: number
  is_deleted: boolean
  expiration_days: number
  is_sequential: boolean
  email_reminders: boolean
  reminder_period: number
}

/** Zoho's defaults for a new request or template (15-day expiry, sequential, reminders off, every 5 days). */
export const SIGNING_DEFAULTS = {
  is_deleted: false,
  expiration_days: 15,
  is_sequential: true,
  email_reminders: false,
  reminder_period: 5,
} as const

export interface ZRequest extends SigningSettings {
  request_id: string
  request_name: string
  request_status: RequestStatus
  self_sign: boolean
  folder_id?: string
  action_time?: number
  sign_submitted_time?: number
  expire_by?: number
  decline_reason?: string
  next_reminder_at?: number
  documents: ZDocument[]
  actions: ZAction[]
  zsdocumentid: string
}

export interface ZTemplate extends SigningSettings {
  template_id: string
  template_name: string
  folder_id?: string
  documents: ZDocument[]
  /** Prefill fields (`document_fields`), filled when a document is created from the template. */
  document_fields: ZField[]
  actions: ZAction[]
}

export interface ZUser {
  user_id: string
  user_email: string
  user_name: string
  first_name: string
  last_name: string
  role: 'Admin' | 'User'
  is_allowed: boolean
  is_payment_owner?: boolean
  account: string
}

export interface ZAccount {
  account_id: string
  name: string
  trial: boolean
}

export interface ZClient {
  client_id: string
  client_secret: string
  redirect_uri: string
}

export type TokenKind = 'code' | 'access' | 'refresh'

export interface ZToken {
  token: string
  kind: TokenKind
  user_id: string
  client_id: string
  scopes: string[]
  /** Data centre that minted it; null = fixture token, valid at every DC. */
  dc: string | null
  created: number
  /** Creation order, to evict the oldest refresh token. */
  seq: number
  expires_at?: number
  revoked?: boolean
  /** The refresh token an access token was minted from. */
  parent?: string
  access_type?: 'online' | 'offline'
  redirect_uri?: string
  used?: boolean
  /** Successful refreshes (times), for the refresh throttle. */
  refreshes?: number[]
  /** Sign API calls per rolling minute allowed (rate-limited fixture token). */
  rate_limit?: number
  calls?: number[]
}

export interface ZFolder {
  folder_id: string
  folder_name: string
  created: number
}

export interface ZRequestType {
  request_type_id: string
  request_type_name: string
  request_type_description: string
}

export interface ZWebhook {
  webhook_id: string
  webhook_url: string
  webhook_actions: string
  purpose: string
  webhook_status: 'Active' | 'Inactive'
  secret?: string
  failures: number
  created: number
}

export interface ZSignId {
  sign_id: string
  request_id: string
  action_id: string
  /** Embed tokens (R14) are single use and expire; e-mail links are reusable. */
  single_use: boolean
  expires_at?: number
  used?: boolean
  /** The action was reassigned to someone else: this link signs nothing any more. */
  reassigned?: boolean
}

export interface ZMeta {
  next_id: number
  next_webhook_id: number
  token_seq: number
  /** Earliest time the expiry/reminder sweep has something to do. */
  sweep_at: number
}

export interface ZohoState {
  meta: ZMeta
  accounts: Collection<ZAccount>
  users: Collection<ZUser>
  clients: Collection<ZClient>
  tokens: Collection<ZToken>
  folders: Collection<ZFolder>
  requestTypes: Collection<ZRequestType>
  requests: Collection<ZRequest>
  templates: Collection<ZTemplate>
  webhooks: Collection<ZWebhook>
  signIds: Collection<ZSignId>
  /** Document bytes, base64, keyed by document id. */
  files: Collection<string>
  /** Document id → owning request/template id. */
  documentOwners: Collection<{ kind: 'request' | 'template'; id: string }>
}

export type ZWs = Ws<ZohoState>
