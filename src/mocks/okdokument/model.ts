import type { Ws } from '../../lib/vendor.js'
import type { Collection } from '../../state/collection.js'
import type { DocumentState } from './constants.js'

/** The stored records of one workspace. */

export interface ApiKey {
  key: string
  account: string
  permission: 'write' | 'read'
}

export interface Account {
  name: string
  purchasedSignatureRequests: number
}

export interface OkDocument {
  id: string
  account: string
  filename: string
  state: DocumentState
  /** Base64 of the stored bytes (records are JSON). */
  content: string
  createdAt: number
  modifiedAt: number
  processingUntil: number | null
  signatureRequestIds: string[]
  /** The SR whose signing set `signed`/`canceled`: callbacks only change the document for it. */
  actedSignatureRequestId: string | null
}

export type SignatureRequestStatus = 'active' | 'signed' | 'canceled' | 'superseded' | 'deleted'

export interface FieldConfigItem {
  name: string
  value: string
  readOnly: boolean
}

export interface SignatureRequest {
  id: string
  account: string
  documentId: string
  /** As the creating reply gave it; `null` for fixtures (built from the caller's base). */
  url: string | null
  resulturl: string | null
  sendInfoURL: string | null
  allowedFields: unknown
  rules: Record<string, string>
  expirationTime: number
  fieldConfig: FieldConfigItem[]
  sigData: Record<string, string> | null
  status: SignatureRequestStatus
  outcome: 'signed' | 'canceled' | null
  createdAt: number
}

export type UsageKind = 'file' | 'signatureRequest' | 'download' | 'deleted'

/** Per-account usage counters (E11), kept as totals and per-month counts. */
export interface Usage {
  account: string
  totals: Record<UsageKind, number>
  months: Record<UsageKind, Record<string, number>>
}

export interface OkState {
  keys: Collection<ApiKey>
  accounts: Collection<Account>
  documents: Collection<OkDocument>
  signatureRequests: Collection<SignatureRequest>
  usage: Collection<Usage>
}

export type OkWs = Ws<OkState>
