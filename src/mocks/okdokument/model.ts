import type { Ws } from '../../lib/vendor.js'
import { z } from 'zod'
import { records, stateSchema, type StateOf } from '../../state/schema.js'
import { DOCUMENT_STATES } from './constants.js'

/**
 * The stored records of one workspace, as zod schemas: the record types come
 * from them, and `PUT /__sandbox/state` checks an imported document against them.
 */

const epochMs = z.int()

export const apiKeySchema = z.strictObject({
  key: z.string(),
  account: z.string(),
  permission: z.enum(['write', 'read']),
})
export type ApiKey = z.infer<typeof apiKeySchema>

export const accountSchema = z.strictObject({
  name: z.string(),
  purchasedSignatureRequests: z.int().nonnegative(),
})
export type Account = z.infer<typeof accountSchema>

export const documentSchema = z.strictObject({
  id: z.string(),
  account: z.string(),
  filename: z.string(),
  state: z.enum(DOCUMENT_STATES),
  /** Base64 of the stored bytes (records are JSON). */
  content: z.base64(),
  createdAt: epochMs,
  modifiedAt: epochMs,
  processingUntil: epochMs.nullable(),
  signatureRequestIds: z.array(z.string()),
  /** The SR whose signing set `signed`/`canceled`: callbacks only change the document for it. */
  actedSignatureRequestId: z.string().nullable(),
})
export type OkDocument = z.infer<typeof documentSchema>

export const SIGNATURE_REQUEST_STATUSES = ['active', 'signed', 'canceled', 'superseded', 'deleted'] as const
export type SignatureRequestStatus = (typeof SIGNATURE_REQUEST_STATUSES)[number]

export const fieldConfigItemSchema = z.strictObject({ name: z.string(), value: z.string(), readOnly: z.boolean() })
export type FieldConfigItem = z.infer<typeof fieldConfigItemSchema>

export const signatureRequestSchema = z.strictObject({
  id: z.string(),
  account: z.string(),
  documentId: z.string(),
  /** As the creating reply gave it; `null` for fixtures (built from the caller's base). */
  url: z.string().nullable(),
  resulturl: z.string().nullable(),
  sendInfoURL: z.string().nullable(),
  allowedFields: z.unknown(),
  rules: z.record(z.string(), z.string()),
  expirationTime: epochMs,
  fieldConfig: z.array(fieldConfigItemSchema),
  sigData: z.record(z.string(), z.string()).nullable(),
  status: z.enum(SIGNATURE_REQUEST_STATUSES),
  outcome: z.enum(['signed', 'canceled']).nullable(),
  createdAt: epochMs,
})
export type SignatureRequest = z.infer<typeof signatureRequestSchema>

export const USAGE_KINDS = ['file', 'signatureRequest', 'download', 'deleted'] as const
export type UsageKind = (typeof USAGE_KINDS)[number]

/** Per-account usage counters (E11), kept as totals and per-month counts. */
export const usageSchema = z.strictObject({
  account: z.string(),
  totals: z.record(z.enum(USAGE_KINDS), z.int().nonnegative()),
  months: z.record(z.enum(USAGE_KINDS), z.record(z.string(), z.int().nonnegative())),
})
export type Usage = z.infer<typeof usageSchema>

const okStateShape = {
  keys: records(apiKeySchema, (k) => k.key),
  accounts: records(accountSchema, (a) => a.name),
  documents: records(documentSchema, (d) => d.id),
  signatureRequests: records(signatureRequestSchema, (sr) => sr.id),
  usage: records(usageSchema, (u) => u.account),
}
export const okStateSchema = stateSchema(okStateShape)
export type OkState = StateOf<typeof okStateShape>

export type OkWs = Ws<OkState>
