import type { Ws } from '../../lib/vendor.js'
import { z } from 'zod'
import { records, stateSchema, type StateOf } from '../../state/schema.js'
import { DOCUMENT_STATUS, PARTY_STATUS, PICKUP_CODE_LENGTH, PICKUP_PATH, TRANSACTION_STATUS, type PartyStatus } from './constants.js'
import { isoSeconds } from '../../lib/time.js'

/**
 * Stored records (spec §10), as zod schemas: the record types come from them, and `PUT /__sandbox/state`
 * checks an imported document against them. Timestamps are UTC `YYYY-MM-DDTHH:MM:SSZ` strings; field order
 * matters, so data is a list.
 */
const stamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'expected a UTC YYYY-MM-DDTHH:MM:SSZ time')

export const nameValueSchema = z.strictObject({ name: z.string(), value: z.string() })
export type NameValue = z.infer<typeof nameValueSchema>

export const userSchema = z.strictObject({ email: z.string(), password: z.string(), enabled: z.boolean() })
export type User = z.infer<typeof userSchema>

export const groupSchema = z.strictObject({
  name: z.string(),
  /** Lower-case user emails, in member order (To Do recipients go in this order). */
  members: z.array(z.string()),
  notifyAll: z.boolean(),
})
export type Group = z.infer<typeof groupSchema>

export const transactionTemplateSchema = z.strictObject({
  name: z.string(),
  package: z.string(),
  adminApiGroups: z.array(z.string()),
  updateApiGroups: z.array(z.string()),
})
export type TransactionTemplate = z.infer<typeof transactionTemplateSchema>

export const packagePartySchema = z.strictObject({
  name: z.string(),
  emailTemplate: z.string().nullable(),
  todoGroup: z.string().nullable(),
  documents: z.array(z.strictObject({ name: z.string(), esign: z.boolean() })),
})
export type PackageParty = z.infer<typeof packagePartySchema>

export const packageSchema = z.strictObject({
  name: z.string(),
  displayName: z.string(),
  documents: z.array(z.string()),
  parties: z.array(packagePartySchema),
})
export type Package = z.infer<typeof packageSchema>

export const emailTemplateSchema = z.strictObject({ name: z.string() })
export type EmailTemplate = z.infer<typeof emailTemplateSchema>

export const snapshotSchema = z.strictObject({
  timestamp: stamp,
  data: z.array(nameValueSchema),
  /** Fixture T7: a snapshot whose stored bytes cannot be read. */
  unreadable: z.boolean().optional(),
})
export type Snapshot = z.infer<typeof snapshotSchema>

export const partyDocumentSchema = z.strictObject({
  name: z.string(),
  status: z.enum(Object.values(DOCUMENT_STATUS)),
  lastUpdated: stamp.nullable(),
  esignIpHost: z.string().nullable(),
  esignTimestamp: stamp.nullable(),
  snapshot: snapshotSchema.nullable(),
})
export type PartyDocument = z.infer<typeof partyDocumentSchema>

export const partySchema = z.strictObject({
  name: z.string(),
  status: z.enum(Object.values(PARTY_STATUS)),
  email: z.string().nullable(),
  pickupCode: z.string().nullable(),
  lastAccessed: stamp.nullable(),
  documents: z.array(partyDocumentSchema),
})
export type Party = z.infer<typeof partySchema>

export const transactionSchema = z.strictObject({
  tid: z.string(),
  template: z.string(),
  status: z.enum(Object.values(TRANSACTION_STATUS)),
  statusText: z.string(),
  lastUpdated: stamp,
  parties: z.array(partySchema),
  /** The documents' current field values, by document name. */
  data: z.record(z.string(), z.array(nameValueSchema)),
})
export type Transaction = z.infer<typeof transactionSchema>

export const pickupRefSchema = z.strictObject({ tid: z.string(), party: z.string() })
export type PickupRef = z.infer<typeof pickupRefSchema>

const tranadminStateShape = {
  /** Keyed by lower-case email. */
  users: records(userSchema, (u) => u.email.toLowerCase()),
  groups: records(groupSchema, (g) => g.name),
  templates: records(transactionTemplateSchema, (t) => t.name),
  packages: records(packageSchema, (p) => p.name),
  emailTemplates: records(emailTemplateSchema, (e) => e.name),
  transactions: records(transactionSchema, (t) => t.tid),
  /** Every pickup code ever issued in the workspace, so new ones never repeat. */
  pickupCodes: records(pickupRefSchema),
}
export const tranadminStateSchema = stateSchema(tranadminStateShape)
export type TranadminState = StateOf<typeof tranadminStateShape>

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
