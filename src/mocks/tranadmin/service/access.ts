import { VendorError } from '../../../lib/vendor-error.js'
import { EMAIL_PATTERN, ESF_NAME, LIMITS, PARAM, TID_PATTERN, type CallName } from '../constants.js'
import { ERR } from '../errors.js'
import { packageOf, type TranadminWs, type Package, type TransactionTemplate, type Transaction } from '../model.js'
import type { Params } from '../wire.js'

/**
 * Steps 4–9 of the check order (spec §5): login, transaction, Admin API
 * permission, legal names. Every failure here is an empty-bodied 403/404;
 * XML errors only come after all of these pass [seed].
 */
export interface Access {
  tx: Transaction
  pkg: Package
  template: TransactionTemplate
}

export const isEmail = (value: string): boolean => value.length <= LIMITS.email && EMAIL_PATTERN.test(value)

function authenticate(ws: TranadminWs, params: Params): string {
  const login = params.get(PARAM.user)
  const password = params.get(PARAM.password)
  if (login === undefined || password === undefined) throw new VendorError(ERR.notAuthenticated)
  const user = ws.state.users.get(login.toLowerCase())
  if (!user || user.password !== password || !user.enabled) throw new VendorError(ERR.notAuthenticated)
  return login.toLowerCase()
}

function transaction(ws: TranadminWs, params: Params): Transaction {
  const tid = params.get(PARAM.tid)
  if (tid === undefined || !TID_PATTERN.test(tid)) throw new VendorError(ERR.notFound)
  const tx = ws.state.transactions.get(tid.toLowerCase())
  if (!tx) throw new VendorError(ERR.notFound)
  return tx
}

/** The "Admin API" permission of the template lists groups; the user must be in one. "Update API" does not count [seed]. */
function permitted(ws: TranadminWs, template: TransactionTemplate, user: string): boolean {
  return template.adminApiGroups.some((name) => ws.state.groups.get(name)?.members.includes(user) ?? false)
}

/** Names are checked for syntax only here; existence is a call-level XML error (spec §5 note). */
function legalNames(call: CallName, params: Params): void {
  const document = params.get(PARAM.document)
  const party = params.get(PARAM.party)
  if (call !== 'RenotifyParty' && document !== undefined && !ESF_NAME.test(document)) throw new VendorError(ERR.notFound)
  if (party === undefined) return
  const legal = call === 'RenotifyParty' && party.includes('@') ? isEmail(party) : ESF_NAME.test(party)
  if (!legal) throw new VendorError(ERR.notFound)
}

export function authorize(ws: TranadminWs, call: CallName, params: Params): Access {
  const user = authenticate(ws, params)
  const tx = transaction(ws, params)
  const template = ws.state.templates.get(tx.template)
  if (!template || !permitted(ws, template, user)) throw new VendorError(ERR.notPermitted)
  legalNames(call, params)
  return { tx, pkg: packageOf(ws, tx), template }
}
