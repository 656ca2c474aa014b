import { ControlError } from '../../lib/vendor-error.js'
import type { CallerScope } from '../../lib/vendor.js'
import { invalidState, simulateAction } from '../../lib/simulate.js'
import {
  DOCUMENT_STATUS,
  EMAIL_REASON,
  ESF_NAME,
  PARTY_STATUS,
  SIMULATE_DEFAULTS,
  STATUS_TEXT,
  TID_PATTERN,
  TRANSACTION_STATUS,
  type TransactionStatus,
} from './constants.js'
import {
  findParty,
  isActiveOrRetrieved,
  issuePickupCode,
  nowStamp,
  packageOf,
  partyConfig,
  saveTransaction,
  type TranadminWs,
  type NameValue,
  type Package,
  type Party,
  type TranadminState,
  type Transaction,
} from './model.js'
import { notifyParty, type LinkBase } from './service/notify.js'
import { completeBody, declineBody, startBody, transactionBody, viewBody } from './schemas.js'

/** What people do outside the API (spec §11): view, complete, cancel, suspend, resume, start. */

const action = simulateAction<TranadminState>()

function transactionOf(ws: TranadminWs, tid: string): Transaction {
  const tx = TID_PATTERN.test(tid) ? ws.state.transactions.get(tid.toLowerCase()) : undefined
  if (!tx) throw new ControlError(404, 'not_found', `no transaction ${JSON.stringify(tid)} in this workspace`)
  return tx
}

function partyOf(tx: Transaction, name: string): Party {
  const party = ESF_NAME.test(name) ? findParty(tx, name) : undefined
  if (!party) throw new ControlError(404, 'not_found', `transaction ${tx.tid} has no party ${JSON.stringify(name)}`)
  return party
}

function linksOf(caller: CallerScope, webapp: string | undefined): LinkBase {
  return { esfBase: caller.base, webapp: webapp ?? SIMULATE_DEFAULTS.webapp }
}

/** The transaction as the control plane shows it; absent values are null. */
function view(tx: Transaction, pkg: Package) {
  return {
    tid: tx.tid,
    transaction_template: tx.template,
    status: tx.status,
    status_text: tx.statusText,
    last_updated: tx.lastUpdated,
    parties: tx.parties.map((p) => ({
      name: p.name,
      status: p.status,
      email: p.email,
      todo_group: partyConfig(pkg, p)?.todoGroup ?? null,
      pickup_code: p.pickupCode,
      last_accessed: p.lastAccessed,
      documents: p.documents.map((d) => ({
        name: d.name,
        status: d.status,
        last_updated: d.lastUpdated,
        esign_ip_host: d.esignIpHost,
        esign_timestamp: d.esignTimestamp,
      })),
    })),
  }
}

function reply(ws: TranadminWs, tx: Transaction) {
  saveTransaction(ws, tx)
  return view(tx, packageOf(ws, tx))
}

function requireStatus(tx: Transaction, allowed: TransactionStatus[]): void {
  if (!allowed.includes(tx.status)) throw invalidState(`transaction ${tx.tid} is ${tx.status}; allowed from ${allowed.join(' or ')}`)
}

/** The transaction and the party a party action names, once both are known and the party may act. */
function activeParty(ws: TranadminWs, input: { tid: string; party: string }): { tx: Transaction; party: Party } {
  const tx = transactionOf(ws, input.tid)
  const party = partyOf(tx, input.party)
  requireStatus(tx, [TRANSACTION_STATUS.inProgress])
  if (!isActiveOrRetrieved(party.status)) throw invalidState(`party ${party.name} is ${party.status}; it must be Active or Retrieved`)
  return { tx, party }
}

/** Activation: a new pickup code and the activation email (silently none without email template or recipients). */
function activate(ws: TranadminWs, tx: Transaction, pkg: Package, party: Party, links: LinkBase): void {
  party.status = PARTY_STATUS.active
  issuePickupCode(ws, tx, party)
  tx.statusText = STATUS_TEXT.waitingOn(party.name)
  const config = partyConfig(pkg, party)
  if (config?.emailTemplate && ws.state.emailTemplates.has(config.emailTemplate))
    notifyParty(ws, tx, pkg, party, links, EMAIL_REASON.activation)
}

const partyView = action(
  viewBody,
  'The party opens the package (party Retrieved; the named or first open document Retrieved).',
  (ws, input) => {
    const { tx, party } = activeParty(ws, input)
    const now = nowStamp(ws)
    const doc =
      input.document === undefined
        ? party.documents.find((d) => d.status !== DOCUMENT_STATUS.completed)
        : party.documents.find((d) => d.name.toLowerCase() === input.document?.toLowerCase())
    if (input.document !== undefined && !doc)
      throw new ControlError(404, 'not_found', `party ${party.name} has no document ${JSON.stringify(input.document)}`)
    party.status = PARTY_STATUS.retrieved
    party.lastAccessed = now
    if (doc?.status === DOCUMENT_STATUS.undefined) {
      doc.status = DOCUMENT_STATUS.retrieved
      doc.lastUpdated = now
    }
    tx.lastUpdated = now
    return reply(ws, tx)
  },
)

function mergeData(tx: Transaction, pkg: Package, data: Record<string, Record<string, string>>): void {
  for (const [docName, fields] of Object.entries(data)) {
    const doc = pkg.documents.find((d) => d.toLowerCase() === docName.toLowerCase())
    if (!doc) throw new ControlError(400, 'bad_request', `data: the package has no document ${JSON.stringify(docName)}`)
    const values: NameValue[] = tx.data[doc] ?? []
    for (const [name, value] of Object.entries(fields)) {
      const existing = values.find((v) => v.name === name)
      if (existing) existing.value = value
      else values.push({ name, value })
    }
    tx.data[doc] = values
  }
}

const partyComplete = action(
  completeBody,
  'The party fills in data (per document, field name → value) and completes its documents (e-signed where the package says so); the next party is activated and e-mailed, or the transaction completes.',
  (ws, input, caller) => {
    const { tx, party } = activeParty(ws, input)
    const pkg = packageOf(ws, tx)
    mergeData(tx, pkg, input.data ?? {})
    const now = nowStamp(ws)
    const config = partyConfig(pkg, party)
    for (const pd of party.documents) {
      if (pd.status === DOCUMENT_STATUS.completed) continue
      const esign = input.esign !== false && (config?.documents.find((d) => d.name === pd.name)?.esign ?? false)
      pd.status = DOCUMENT_STATUS.completed
      pd.lastUpdated = now
      pd.snapshot = { timestamp: now, data: (tx.data[pd.name] ?? []).map((v) => ({ ...v })) }
      pd.esignIpHost = esign ? (input.ip_host ?? SIMULATE_DEFAULTS.ipHost) : null
      pd.esignTimestamp = esign ? now : null
    }
    party.status = PARTY_STATUS.completed
    party.lastAccessed = now
    tx.lastUpdated = now
    const next = tx.parties.find((p) => p.status === PARTY_STATUS.undefined)
    if (next) activate(ws, tx, pkg, next, linksOf(caller, input.webapp))
    else {
      tx.status = TRANSACTION_STATUS.completed
      tx.statusText = STATUS_TEXT.completed
    }
    return reply(ws, tx)
  },
)

/** The transaction's status, its text and its last change, moved together. */
function moveTo(ws: TranadminWs, tx: Transaction, to: TransactionStatus, text: string): void {
  tx.status = to
  tx.statusText = text
  tx.lastUpdated = nowStamp(ws)
}

function transition(description: string, from: TransactionStatus[], to: TransactionStatus, text: (tx: Transaction) => string) {
  return action(transactionBody, description, (ws, input) => {
    const tx = transactionOf(ws, input.tid)
    requireStatus(tx, from)
    moveTo(ws, tx, to, text(tx))
    return reply(ws, tx)
  })
}

/**
 * The party declines on its pickup page: ESF has no decline state, so the
 * transaction is canceled as by `transaction-cancel` (statusText `Canceled`,
 * party statuses unchanged, no e-mail); who declined and why is kept for the
 * console.
 */
const partyDecline = action(
  declineBody,
  'The party declines on its pickup page (optional reason): the transaction is canceled, as by transaction-cancel.',
  (ws, input) => {
    const { tx, party } = activeParty(ws, input)
    moveTo(ws, tx, TRANSACTION_STATUS.canceled, STATUS_TEXT.canceled)
    tx.declined = { party: party.name, reason: input.reason?.trim() ?? '', at: tx.lastUpdated }
    return reply(ws, tx)
  },
)

const firstActive = (tx: Transaction): string => {
  const p = tx.parties.find((x) => isActiveOrRetrieved(x.status))
  return p ? STATUS_TEXT.waitingOn(p.name) : tx.statusText
}

const transactionStart = action(
  startBody,
  'A transaction starts from a transaction template outside the API (optionally with its tid and party e-mails); the first party is activated.',
  (ws, input, caller) => {
    const template = ws.state.templates.get(input.template)
    const pkg = template && ws.state.packages.get(template.package)
    if (!template || !pkg) throw new ControlError(404, 'not_found', `no transaction template ${JSON.stringify(input.template)}`)
    if (input.tid !== undefined && !TID_PATTERN.test(input.tid)) throw new ControlError(400, 'bad_request', 'tid: must be a UUID')
    const tid = (input.tid ?? ws.random.uuid()).toLowerCase()
    if (ws.state.transactions.has(tid)) throw invalidState(`transaction ${tid} already exists`)
    const emails = input.emails ?? {}
    const unknown = Object.keys(emails).filter((name) => !pkg.parties.some((p) => p.name.toLowerCase() === name.toLowerCase()))
    if (unknown.length)
      throw new ControlError(400, 'bad_request', `emails: the package has no party ${unknown.map((n) => JSON.stringify(n)).join(', ')}`)
    const emailOf = (name: string) => Object.entries(emails).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null
    const now = nowStamp(ws)
    const tx: Transaction = {
      tid,
      template: template.name,
      status: TRANSACTION_STATUS.inProgress,
      statusText: '',
      lastUpdated: now,
      parties: pkg.parties.map((p) => ({
        name: p.name,
        status: PARTY_STATUS.undefined,
        email: emailOf(p.name),
        pickupCode: null,
        lastAccessed: null,
        documents: p.documents.map((d) => ({
          name: d.name,
          status: DOCUMENT_STATUS.undefined,
          lastUpdated: null,
          esignIpHost: null,
          esignTimestamp: null,
          snapshot: null,
        })),
      })),
      data: Object.fromEntries(pkg.documents.map((d) => [d, []])),
    }
    if (tx.parties[0]) activate(ws, tx, pkg, tx.parties[0], linksOf(caller, input.webapp))
    return reply(ws, tx)
  },
)

export const simulate = {
  'party-view': partyView,
  'party-complete': partyComplete,
  'party-decline': partyDecline,
  'transaction-cancel': transition(
    'The transaction is canceled (from In progress or Suspended).',
    [TRANSACTION_STATUS.inProgress, TRANSACTION_STATUS.suspended],
    TRANSACTION_STATUS.canceled,
    () => STATUS_TEXT.canceled,
  ),
  'transaction-suspend': transition(
    'The transaction is suspended (from In progress).',
    [TRANSACTION_STATUS.inProgress],
    TRANSACTION_STATUS.suspended,
    () => STATUS_TEXT.suspended,
  ),
  'transaction-resume': transition(
    'A suspended transaction resumes (In progress again).',
    [TRANSACTION_STATUS.suspended],
    TRANSACTION_STATUS.inProgress,
    firstActive,
  ),
  'transaction-start': transactionStart,
}
