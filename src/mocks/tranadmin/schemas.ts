import { z } from 'zod'
import type { Collection } from '../../state/collection.js'
import type { DocumentStatus, PartyStatus, TransactionStatus } from './constants.js'

/** Stored records (spec §10). Timestamps are UTC `YYYY-MM-DDTHH:MM:SSZ` strings; field order matters, so data is a list. */
export interface NameValue {
  name: string
  value: string
}

export interface User {
  email: string
  password: string
  enabled: boolean
}

export interface Group {
  name: string
  /** Lower-case user emails, in member order (To Do recipients go in this order). */
  members: string[]
  notifyAll: boolean
}

export interface TransactionTemplate {
  name: string
  package: string
  adminApiGroups: string[]
  updateApiGroups: string[]
}

export interface PackageParty {
  name: string
  emailTemplate: string | null
  todoGroup: string | null
  documents: { name: string; esign: boolean }[]
}

export interface Package {
  name: string
  displayName: string
  documents: string[]
  parties: PackageParty[]
}

export interface EmailTemplate {
  name: string
}

export interface Snapshot {
  timestamp: string
  data: NameValue[]
  /** Fixture T7: a snapshot whose stored bytes cannot be read. */
  unreadable?: boolean
}

export interface PartyDocument {
  name: string
  status: DocumentStatus
  lastUpdated: string | null
  esignIpHost: string | null
  esignTimestamp: string | null
  snapshot: Snapshot | null
}

export interface Party {
  name: string
  status: PartyStatus
  email: string | null
  pickupCode: string | null
  lastAccessed: string | null
  documents: PartyDocument[]
}

export interface Transaction {
  tid: string
  template: string
  status: TransactionStatus
  statusText: string
  lastUpdated: string
  parties: Party[]
  /** The documents' current field values, by document name. */
  data: Record<string, NameValue[]>
}

export interface PickupRef {
  tid: string
  party: string
}

export interface TranadminState {
  /** Keyed by lower-case email. */
  users: Collection<User>
  groups: Collection<Group>
  templates: Collection<TransactionTemplate>
  packages: Collection<Package>
  emailTemplates: Collection<EmailTemplate>
  transactions: Collection<Transaction>
  /** Every pickup code ever issued in the workspace, so new ones never repeat. */
  pickupCodes: Collection<PickupRef>
}

export interface TranadminFixtures {
  users: User[]
  groups: Group[]
  templates: TransactionTemplate[]
  packages: Package[]
  emailTemplates: EmailTemplate[]
  transactions: Transaction[]
}

/** Simulate bodies (spec §11). */
const tid = z.string().min(1)
const esfName = z.string().min(1)
const webapp = z.string().optional()

const partyActionBody = z.object({
  tid: tid.describe('the transaction id'),
  party: esfName.describe('the party name of the package, e.g. Signer'),
  webapp,
})
export const viewBody = partyActionBody.extend({ document: z.string().optional() })
export const completeBody = partyActionBody.extend({
  data: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))).optional(),
  esign: z.boolean().optional(),
  ip_host: z.string().optional(),
})
export const transactionBody = z.object({ tid, webapp })
export const startBody = z.object({
  template: z.string().min(1),
  tid: z.string().optional(),
  emails: z.record(z.string(), z.string()).optional(),
  webapp,
})
