import { EL, EMAIL_REASON, PARAM, PARTY_STATUS, TRANSACTION_STATUS } from '../constants.js'
import { type Access, isEmail } from './access.js'
import { callError, CallErrors, echo, ERR, type CallError } from '../errors.js'
import {
  findParty,
  hasEmailTemplate,
  isActiveOrRetrieved,
  isNotifiable,
  issuePickupCode,
  nowStamp,
  partyConfig,
  sameEmail,
  saveTransaction,
  type TranadminWs,
  type Party,
  type Transaction,
} from '../model.js'
import { notifyParty, type LinkBase } from './notify.js'
import type { Params } from '../wire.js'
import { writePartyHead } from './status.js'
import { leaf, list, type XmlNode } from '../xml.js'

/**
 * RenotifyParty (spec §8.3): resolve the targets, check every one, and only
 * then transfer and send — any error means no effect at all.
 */
interface Outcome {
  party: Party
  todoGroup: string | null
  transferred: boolean
  previousEmail: string | null
  notified: string[]
}

export interface RenotifyView {
  outcomes: Outcome[]
  links: LinkBase
}

const fail = (tx: Transaction, errors: CallError[]): never => {
  throw new CallErrors(errors, 'RenotifyParty', tx.tid)
}

function targets(tx: Transaction, partyParam: string | undefined): Party[] {
  if (partyParam === undefined) {
    const active = tx.parties.filter((p) => isActiveOrRetrieved(p.status))
    return active.length ? active : fail(tx, [callError(ERR.noActiveParty)])
  }
  const notNotifiable = (p: Party) => callError(ERR.partyNotNotifiable, { party: p.name, status: p.status })
  if (partyParam.includes('@')) {
    const matches = tx.parties.filter((p) => sameEmail(p.email, partyParam))
    if (!matches.length) fail(tx, [callError(ERR.noSuchParty, { party: partyParam })])
    const notifiable = matches.filter((p) => isNotifiable(p.status))
    return notifiable.length ? notifiable : fail(tx, matches.map(notNotifiable))
  }
  const party = findParty(tx, partyParam)
  if (!party) return fail(tx, [callError(ERR.noSuchParty, { party: partyParam })])
  return isNotifiable(party.status) ? [party] : fail(tx, [notNotifiable(party)])
}

/** A transfer happens only for an active/retrieved party and a different address; otherwise it is silently skipped [seed]. */
const transfers = (party: Party, to: string | undefined): to is string =>
  to !== undefined && isActiveOrRetrieved(party.status) && !sameEmail(party.email, to)

export function renotifyParty(ws: TranadminWs, access: Access, params: Params, links: LinkBase): RenotifyView {
  const { tx, pkg } = access
  const transferTo = params.get(PARAM.transferParty)
  if (transferTo !== undefined && !isEmail(transferTo)) fail(tx, [callError(ERR.invalidTransferEmail, { value: echo(transferTo) })])
  if (tx.status === TRANSACTION_STATUS.canceled || tx.status === TRANSACTION_STATUS.suspended)
    fail(tx, [callError(ERR.transactionNotNotifiable, { status: tx.status })])
  const chosen = targets(tx, params.get(PARAM.party))
  const errors: CallError[] = []
  for (const party of chosen) {
    const config = partyConfig(pkg, party)
    const email = transfers(party, transferTo) ? transferTo : party.email
    if (!email && !config?.todoGroup) errors.push(callError(ERR.partyNoEmail, { party: party.name }))
    if (!hasEmailTemplate(ws, config)) errors.push(callError(ERR.partyNoEmailTemplate, { party: party.name }))
  }
  if (errors.length) fail(tx, errors)

  const outcomes: Outcome[] = []
  for (const party of chosen) {
    const transferred = transfers(party, transferTo)
    const previousEmail = transferred ? party.email : null
    if (transferred) {
      party.email = transferTo
      party.status = PARTY_STATUS.active
      issuePickupCode(ws, tx, party)
      tx.lastUpdated = nowStamp(ws)
    }
    const notified = notifyParty(ws, tx, pkg, party, links, transferred ? EMAIL_REASON.transfer : EMAIL_REASON.renotify)
    outcomes.push({ party, todoGroup: partyConfig(pkg, party)?.todoGroup ?? null, transferred, previousEmail, notified })
  }
  if (outcomes.some((o) => o.transferred)) saveTransaction(ws, tx)
  return { outcomes, links }
}

export function writeRenotify(root: XmlNode, view: RenotifyView): void {
  const parties = list(root, EL.parties, view.outcomes.length)
  for (const o of view.outcomes) {
    const p = parties.ele(EL.party)
    writePartyHead(p, o.party, view.links, o.todoGroup)
    leaf(p, EL.transferred, o.transferred)
    leaf(p, EL.previousEmail, o.previousEmail)
    const notified = list(p, EL.notified, o.notified.length)
    for (const to of o.notified) leaf(notified, EL.to, to)
  }
}
