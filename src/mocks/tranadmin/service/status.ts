import { EL, PARAM } from '../constants.js'
import { callError, CallErrors, type CallError } from '../errors.js'
import type { Access } from './access.js'
import { findDocumentName, findParty, partyConfig, pickupUrl, type Package, type Party, type Transaction } from '../model.js'
import type { LinkBase } from './notify.js'
import type { Params } from '../wire.js'
import { leaf, list, type XmlNode } from '../xml.js'

/**
 * GetStatus (spec §8.1): the transaction and its parties, `ESFPARTY` and
 * `ESFDOCUMENT` acting as filters [seed]. A party that does not handle the
 * filtered document stays listed with no documents.
 */
export interface StatusView {
  tx: Transaction
  pkg: Package
  parties: Party[]
  document: string | undefined
  links: LinkBase
}

export function getStatus(access: Access, params: Params, links: LinkBase): StatusView {
  const { tx, pkg } = access
  const errors: CallError[] = []
  const docParam = params.get(PARAM.document)
  const partyParam = params.get(PARAM.party)
  const document = docParam === undefined ? undefined : findDocumentName(pkg, docParam)
  const party = partyParam === undefined ? undefined : findParty(tx, partyParam)
  if (docParam !== undefined && !document) errors.push(callError('tranadmin.no_such_document', { document: docParam }))
  if (partyParam !== undefined && !party) errors.push(callError('tranadmin.no_such_party', { party: partyParam }))
  if (errors.length) throw new CallErrors(errors, 'GetStatus', tx.tid)
  return { tx, pkg, parties: party ? [party] : tx.parties, document, links }
}

export function writeStatus(root: XmlNode, view: StatusView): void {
  const { tx } = view
  const t = root.ele(EL.transaction)
  leaf(t, EL.transactionTemplate, tx.template)
  leaf(t, EL.status, tx.status)
  leaf(t, EL.statusText, tx.statusText)
  leaf(t, EL.lastUpdatedTimestamp, tx.lastUpdated)
  const parties = list(t, EL.parties, view.parties.length)
  for (const party of view.parties) {
    const p = parties.ele(EL.party)
    writePartyHead(p, party, view.links, todoGroupOf(view, party))
    const docs = party.documents.filter((d) => view.document === undefined || d.name === view.document)
    const docList = list(p, EL.documents, docs.length)
    for (const d of docs) {
      const e = docList.ele(EL.document)
      leaf(e, EL.name, d.name)
      leaf(e, EL.status, d.status)
      leaf(e, EL.lastUpdatedTimestamp, d.lastUpdated)
      leaf(e, EL.esignIpHost, d.esignIpHost)
      leaf(e, EL.esignTimestamp, d.esignTimestamp)
    }
  }
}

const todoGroupOf = (view: StatusView, party: Party): string | null => partyConfig(view.pkg, party)?.todoGroup ?? null

/** `name`, `status`, `email`?, `todoGroup`?, `lastAccessedTimestamp`?, `pickupUrl`? — shared with RenotifyParty. */
export function writePartyHead(p: XmlNode, party: Party, links: LinkBase, todoGroup: string | null): void {
  leaf(p, EL.name, party.name)
  leaf(p, EL.status, party.status)
  leaf(p, EL.email, party.email)
  leaf(p, EL.todoGroup, todoGroup)
  leaf(p, EL.lastAccessedTimestamp, party.lastAccessed)
  leaf(p, EL.pickupUrl, pickupUrl(links.esfBase, links.webapp, party.pickupCode))
}
