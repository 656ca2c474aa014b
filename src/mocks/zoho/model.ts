import type { Ws } from '../../lib/vendor.js'
import { z } from 'zod'
import { records, stateSchema, type StateOf } from '../../state/schema.js'

/**
 * Stored shapes of the Zoho Sign vendor (JSON data only; documents as base64), as zod schemas: the record
 * types come from them, and `PUT /__sandbox/state` checks an imported document against them. Times are epoch ms.
 */
const epochMs = z.int()
const zohoId = z.string().regex(/^\d+$/, 'expected a Zoho id (digits)')

/** `correction`: marked for correction (spec §6.6) — editable and submittable again, nobody can sign. */
export const REQUEST_STATUSES = ['draft', 'inprogress', 'correction', 'completed', 'declined', 'recalled', 'expired'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]
export const ACTION_STATUSES = ['NOACTION', 'UNOPENED', 'VIEWED', 'SIGNED', 'APPROVED', 'DECLINED'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
export const ACTION_TYPES = ['SIGN', 'VIEW', 'INPERSONSIGN', 'APPROVER'] as const
export type ActionType = (typeof ACTION_TYPES)[number]

export const textPropertySchema = z.strictObject({
  is_italic: z.boolean(),
  is_underline: z.boolean(),
  font_color: z.string(),
  font_size: z.number(),
  is_read_only: z.boolean(),
  is_bold: z.boolean(),
  font: z.string(),
})
export type TextProperty = z.infer<typeof textPropertySchema>

export const fieldSchema = z.strictObject({
  field_id: zohoId,
  field_type_name: z.string(),
  field_category: z.string(),
  field_label: z.string(),
  field_name: z.string(),
  document_id: zohoId,
  page_no: z.int().nonnegative(),
  x_coord: z.number(),
  y_coord: z.number(),
  abs_width: z.number(),
  abs_height: z.number(),
  /** Set when the field was placed by percentages alone. */
  pct: z.strictObject({ x_value: z.number(), y_value: z.number(), width: z.number(), height: z.number() }).optional(),
  is_mandatory: z.boolean(),
  description_tooltip: z.string(),
  default_value: z.union([z.string(), z.boolean()]).optional(),
  date_format: z.string().optional(),
  name_format: z.string().optional(),
  is_read_only: z.boolean().optional(),
  text_property: textPropertySchema.optional(),
  /** What the signer filled in (always text). */
  field_value: z.string().optional(),
})
export type ZField = z.infer<typeof fieldSchema>

export const actionSchema = z.strictObject({
  action_id: zohoId,
  action_type: z.enum(ACTION_TYPES),
  recipient_name: z.string(),
  recipient_email: z.string(),
  recipient_phonenumber: z.string(),
  recipient_countrycode: z.string(),
  signing_order: z.int(),
  verify_recipient: z.boolean(),
  verification_type: z.string().optional(),
  verification_code: z.string().optional(),
  private_notes: z.string(),
  is_embedded: z.boolean(),
  in_person_name: z.string().optional(),
  in_person_email: z.string().optional(),
  role: z.string().optional(),
  action_status: z.enum(ACTION_STATUSES),
  fields: z.array(fieldSchema),
  /** Reusable signing id of the e-mail link while the action is pending. */
  sign_id: z.string().optional(),
  signed_time: epochMs.optional(),
  ip_address: z.string().optional(),
})
export type ZAction = z.infer<typeof actionSchema>

export const documentSchema = z.strictObject({
  document_id: zohoId,
  document_name: z.string(),
  document_size: z.int().nonnegative(),
  total_pages: z.int().nonnegative(),
  /** Page heights in points, to turn top-left field coordinates into PDF ones. */
  page_heights: z.array(z.number()),
  is_pdf: z.boolean(),
})
export type ZDocument = z.infer<typeof documentSchema>

/** What requests and templates share: ownership, timestamps and the signing settings. */
const signingSettingsShape = {
  request_type_id: zohoId,
  description: z.string(),
  notes: z.string(),
  owner_id: zohoId,
  created_time: epochMs,
  modified_time: epochMs,
  is_deleted: z.boolean(),
  expiration_days: z.int(),
  is_sequential: z.boolean(),
  email_reminders: z.boolean(),
  reminder_period: z.int(),
}
export type SigningSettings = z.infer<z.ZodObject<typeof signingSettingsShape>>

/** Zoho's defaults for a new request or template (15-day expiry, sequential, reminders off, every 5 days). */
export const SIGNING_DEFAULTS = {
  is_deleted: false,
  expiration_days: 15,
  is_sequential: true,
  email_reminders: false,
  reminder_period: 5,
} as const

export const requestSchema = z.strictObject({
  ...signingSettingsShape,
  request_id: zohoId,
  request_name: z.string(),
  request_status: z.enum(REQUEST_STATUSES),
  self_sign: z.boolean(),
  folder_id: zohoId.optional(),
  action_time: epochMs.optional(),
  sign_submitted_time: epochMs.optional(),
  expire_by: epochMs.optional(),
  decline_reason: z.string().optional(),
  next_reminder_at: epochMs.optional(),
  documents: z.array(documentSchema),
  actions: z.array(actionSchema),
  zsdocumentid: z.string(),
})
export type ZRequest = z.infer<typeof requestSchema>

export const templateSchema = z.strictObject({
  ...signingSettingsShape,
  template_id: zohoId,
  template_name: z.string(),
  folder_id: zohoId.optional(),
  documents: z.array(documentSchema),
  /** Prefill fields (`document_fields`), filled when a document is created from the template. */
  document_fields: z.array(fieldSchema),
  actions: z.array(actionSchema),
})
export type ZTemplate = z.infer<typeof templateSchema>

export const userSchema = z.strictObject({
  user_id: zohoId,
  user_email: z.string(),
  user_name: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role: z.enum(['Admin', 'User']),
  is_allowed: z.boolean(),
  is_payment_owner: z.boolean().optional(),
  account: z.string(),
})
export type ZUser = z.infer<typeof userSchema>

export const accountSchema = z.strictObject({ account_id: z.string(), name: z.string(), trial: z.boolean() })
export type ZAccount = z.infer<typeof accountSchema>

export const clientSchema = z.strictObject({ client_id: z.string(), client_secret: z.string(), redirect_uri: z.string() })
export type ZClient = z.infer<typeof clientSchema>

export const TOKEN_KINDS = ['code', 'access', 'refresh'] as const
export type TokenKind = (typeof TOKEN_KINDS)[number]

export const tokenSchema = z.strictObject({
  token: z.string(),
  kind: z.enum(TOKEN_KINDS),
  user_id: zohoId,
  client_id: z.string(),
  scopes: z.array(z.string()),
  /** Data centre that minted it; null = fixture token, valid at every DC. */
  dc: z.string().nullable(),
  created: epochMs,
  /** Creation order, to evict the oldest refresh token. */
  seq: z.int(),
  expires_at: epochMs.optional(),
  revoked: z.boolean().optional(),
  /** The refresh token an access token was minted from. */
  parent: z.string().optional(),
  access_type: z.enum(['online', 'offline']).optional(),
  redirect_uri: z.string().optional(),
  used: z.boolean().optional(),
  /** Successful refreshes (times), for the refresh throttle. */
  refreshes: z.array(epochMs).optional(),
  /** Sign API calls per rolling minute allowed (rate-limited fixture token). */
  rate_limit: z.int().nonnegative().optional(),
  calls: z.array(epochMs).optional(),
})
export type ZToken = z.infer<typeof tokenSchema>

export const folderSchema = z.strictObject({ folder_id: zohoId, folder_name: z.string(), created: epochMs })
export type ZFolder = z.infer<typeof folderSchema>

export const requestTypeSchema = z.strictObject({
  request_type_id: zohoId,
  request_type_name: z.string(),
  request_type_description: z.string(),
})
export type ZRequestType = z.infer<typeof requestTypeSchema>

export const webhookSchema = z.strictObject({
  webhook_id: zohoId,
  webhook_url: z.string(),
  webhook_actions: z.string(),
  purpose: z.string(),
  webhook_status: z.enum(['Active', 'Inactive']),
  secret: z.string().optional(),
  failures: z.int().nonnegative(),
  created: epochMs,
})
export type ZWebhook = z.infer<typeof webhookSchema>

export const signIdSchema = z.strictObject({
  sign_id: z.string(),
  request_id: zohoId,
  action_id: zohoId,
  /** Embed tokens (R14) are single use and expire; e-mail links are reusable. */
  single_use: z.boolean(),
  expires_at: epochMs.optional(),
  used: z.boolean().optional(),
})
export type ZSignId = z.infer<typeof signIdSchema>

export const metaSchema = z.strictObject({
  next_id: z.int().nonnegative(),
  next_webhook_id: z.int().nonnegative(),
  token_seq: z.int().nonnegative(),
  /** Earliest time the expiry/reminder sweep has something to do. */
  sweep_at: z.number(),
})
export type ZMeta = z.infer<typeof metaSchema>

const zohoStateShape = {
  meta: metaSchema,
  accounts: records(accountSchema, (a) => a.account_id),
  users: records(userSchema, (u) => u.user_id),
  clients: records(clientSchema, (c) => c.client_id),
  tokens: records(tokenSchema, (t) => t.token),
  folders: records(folderSchema, (f) => f.folder_id),
  requestTypes: records(requestTypeSchema, (t) => t.request_type_id),
  requests: records(requestSchema, (r) => r.request_id),
  templates: records(templateSchema, (t) => t.template_id),
  webhooks: records(webhookSchema, (w) => w.webhook_id),
  signIds: records(signIdSchema, (s) => s.sign_id),
  /** Document bytes, base64, keyed by document id. */
  files: records(z.base64()),
  /** Document id → owning request/template id. */
  documentOwners: records(z.strictObject({ kind: z.enum(['request', 'template']), id: zohoId })),
}
export const zohoStateSchema = stateSchema(zohoStateShape)
export type ZohoState = StateOf<typeof zohoStateShape>

export type ZWs = Ws<ZohoState>
