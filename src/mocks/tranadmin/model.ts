import type { Ws } from '../../lib/vendor.js'
import type { Collection } from '../../state/collection.js'
import {
  DOCUMENT_STATUS,
  PARTY_STATUS,
  PICKUP_CODE_LENGTH,
  PICKUP_PATH,
  type DocumentStatus,
  type PartyStatus,
  type TransactionStatus,
} from './constants.js'
import { isoSeconds } from '../../lib/time.js'

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
  /**
   * The party that declined on its pickup page (simulate `party-decline`),
   * which cancels the transaction. Sandbox-only: GetStatus has no field for it.
   */
  declined?: { party: string; reason: string; at: string } | null
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

/** Look-ups and small rules over the stored records, shared by the calls and the simulate actions. */
export type TranadminWs = Ws<TranadminState>

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

export function packageOf(ws: TranadminWs, tx: Transaction): Package {
  const template = ws.state.templates.get(tx.template)
  const pkg = template ? ws.state.packages.get(template.package) : undefined
  if (!pkg) throw new Error(`transaction ${tx.tid} has no package`)
  return pkg
}

/** EsfNames are not case-sensitive. */
export const findParty = (tx: Transaction, name: string): Party | undefined => tx.parties.find((p) => same(p.name, name))
export const findDocumentName = (pkg: Package, name: string): string | undefined => pkg.documents.find((d) => same(d, name))
export const partyDocument = (party: Party, document: string): PartyDocument | undefined => party.documents.find((d) => d.name === document)
export const partyConfig = (pkg: Package, party: Party): PackageParty | undefined => pkg.parties.find((p) => p.name === party.name)
export const sameEmail = (a: string | null, b: string | null): boolean => a !== null && b !== null && same(a, b)

export const isActiveOrRetrieved = (status: PartyStatus): boolean => status === PARTY_STATUS.active || status === PARTY_STATUS.retrieved
/** Activated, retrieved or completed [seed]. */
export const isNotifiable = (status: PartyStatus): boolean => status !== PARTY_STATUS.undefined
export const isCompleted = (pd: PartyDocument | undefined): pd is PartyDocument => pd?.status === DOCUMENT_STATUS.completed

/** `<ESF base>/<webapp>/P/<code>`, or `<ESF base>/P/<code>` for the ROOT webapp. */
export function pickupUrl(esfBase: string, webapp: string | null, code: string | null): string | null {
  if (code === null) return null
  return `${esfBase}${webapp ? `/${webapp}` : ''}/${PICKUP_PATH}/${code}`
}

/** A fresh pickup code from the workspace PRNG, never one issued before in this workspace. */
export function issuePickupCode(ws: TranadminWs, tx: Transaction, party: Party): string {
  let code = ws.random.string(PICKUP_CODE_LENGTH)
  while (ws.state.pickupCodes.has(code)) code = ws.random.string(PICKUP_CODE_LENGTH)
  ws.state.pickupCodes.set(code, { tid: tx.tid, party: party.name })
  party.pickupCode = code
  return code
}

/** Who gets a party's notification: its email, else every member of a notify-all To Do group, else nobody. */
export function recipients(ws: TranadminWs, config: PackageParty | undefined, party: Party): string[] {
  if (party.email) return [party.email]
  const group = config?.todoGroup ? ws.state.groups.get(config.todoGroup) : undefined
  return group?.notifyAll ? [...group.members] : []
}

export function hasEmailTemplate(ws: TranadminWs, config: PackageParty | undefined): boolean {
  return Boolean(config?.emailTemplate && ws.state.emailTemplates.has(config.emailTemplate))
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ` of the sandbox clock. */
export function nowStamp(ws: TranadminWs): string {
  return isoSeconds(ws.now())
}

export const saveTransaction = (ws: TranadminWs, tx: Transaction): void => {
  ws.state.transactions.set(tx.tid, tx)
}
