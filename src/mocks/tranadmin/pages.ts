import {
  ENGLISH,
  noticeOf,
  pageCaller,
  runAction,
  sendInlineFile,
  signingFlow,
  type PageField,
  type PageLook,
  type PageOutcome,
  type PagePost,
  type SigningPage,
} from '../../lib/signing-page.js'
import type { CallerScope, RecordView, VendorContext, VendorRouter } from '../../lib/vendor.js'
import { DOCUMENT_STATUS, PARTY_STATUS, PICKUP_PATH, SIMULATE_DEFAULTS, TRANSACTION_STATUS } from './constants.js'
import { isActiveOrRetrieved, nowStamp, pickupUrl, type Party, type TranadminState, type TranadminWs, type Transaction } from './model.js'
import { snapshotPdf } from './render.js'
import { simulate } from './simulate.js'

/**
 * The party's pickup page, `/<webapp>/P/<code>` (and `/P/<code>` for the
 * ROOT webapp): e-mails keep naming the configured ESF host (spec §7.4); the
 * sandbox serves the same path at its mount. The party sees its documents,
 * fills in their fields and submits; that runs the `party-view` and
 * `party-complete` simulate actions, with their e-mails to the next party.
 */

const LOOK: PageLook = { lang: 'en', brand: 'Open eSignForms', accent: '#7a3e9d', words: { ...ENGLISH, reason: 'Reason for declining' } }

interface Target {
  code: string
  tx: Transaction
  party: Party
}

function find(ws: TranadminWs, code: string): Target | undefined {
  const ref = ws.state.pickupCodes.get(code)
  const tx = ref ? ws.state.transactions.get(ref.tid) : undefined
  const party = tx?.parties.find((p) => p.name === ref?.party)
  return tx && party ? { code, tx, party } : undefined
}

function closedReason({ code, tx, party }: Target): string | undefined {
  if (party.pickupCode !== code) return 'This link is no longer valid: the party was sent a new one.'
  if (tx.status === TRANSACTION_STATUS.completed) return 'This transaction has been completed. Thank you.'
  if (tx.status === TRANSACTION_STATUS.canceled)
    return tx.declined
      ? `This transaction has been canceled: ${tx.declined.party} declined.${tx.declined.reason ? ` Reason: ${tx.declined.reason}` : ''}`
      : 'This transaction has been canceled.'
  if (tx.status === TRANSACTION_STATUS.suspended) return 'This transaction is suspended. Please try again later.'
  if (party.status === PARTY_STATUS.completed) return 'You have already completed your part of this transaction.'
  if (!isActiveOrRetrieved(party.status)) return 'This transaction is not waiting on you.'
  return undefined
}

const fieldName = (doc: string, field: string) => `data.${doc}.${field}`
const openDocuments = (party: Party) => party.documents.filter((d) => d.status !== DOCUMENT_STATUS.completed)

function page(_c: VendorContext, _ws: TranadminWs, { code, tx, party }: Target, notice?: SigningPage['notice']): SigningPage {
  const open = !notice || notice.kind === 'error'
  const fields: PageField[] = openDocuments(party).flatMap((d) =>
    (tx.data[d.name] ?? []).map((nv) => ({
      name: fieldName(d.name, nv.name),
      label: `${d.name} · ${nv.name}`,
      type: 'text' as const,
      required: false,
      value: nv.value,
    })),
  )
  return {
    ...LOOK,
    title: `${tx.template} — ${party.name}`,
    signer: { name: party.name, email: party.email ?? undefined, role: 'party' },
    status: `${tx.status} · ${party.status}`,
    documents: party.documents.map((d) => ({ name: d.name, url: `${code}/${encodeURIComponent(d.name)}.pdf` })),
    notice,
    form: open
      ? {
          action: code,
          fields,
          buttons: [
            { value: 'complete', label: 'Sign and submit', kind: 'primary' },
            { value: 'decline', label: 'Decline', kind: 'danger', needsReason: true },
          ],
        }
      : undefined,
  }
}

const webappOf = (c: VendorContext) => c.req.param('webapp') ?? SIMULATE_DEFAULTS.webapp

/** Sign and submit runs `party-complete` with the posted field values; Decline runs `party-decline`. */
async function act(c: VendorContext, ws: TranadminWs, { tx, party }: Target, { action, reason, form }: PagePost): Promise<PageOutcome> {
  const who = { tid: tx.tid, party: party.name, webapp: webappOf(c) }
  if (action === 'decline')
    return noticeOf(
      await runAction(simulate['party-decline'], ws, { ...who, reason }, pageCaller(c)),
      'You have declined. The transaction has been canceled.',
    )
  const data: Record<string, Record<string, string>> = {}
  for (const d of openDocuments(party))
    for (const nv of tx.data[d.name] ?? []) {
      const posted = form[fieldName(d.name, nv.name)]
      if (posted !== undefined) (data[d.name] ??= {})[nv.name] = posted
    }
  return noticeOf(
    await runAction(simulate['party-complete'], ws, { ...who, data, esign: true }, pageCaller(c)),
    'Thank you. Your documents have been signed and submitted.',
  )
}

const { show, submit } = signingFlow<TranadminState, Target>({
  look: () => LOOK,
  invalid: () => ({ title: 'Link not valid', text: 'This pickup link is not valid. Check the link in your e-mail.' }),
  find: (c, ws) => find(ws, c.req.param('code') ?? ''),
  closed: (_c, _ws, target) => closedReason(target),
  render: page,
  // Picking the link up is what ESF records as the party retrieving it.
  opened: (c, ws, { tx, party }) =>
    runAction(simulate['party-view'], ws, { tid: tx.tid, party: party.name, webapp: webappOf(c) }, pageCaller(c)),
  act,
})

/** The party-document as a PDF of its current field values (the snapshot renderer, at this moment). */
async function document(c: VendorContext, ws: TranadminWs): Promise<Response> {
  const target = find(ws, c.req.param('code') ?? '')
  const name = (c.req.param('document') ?? '').replace(/\.pdf$/, '')
  const pd = target?.party.documents.find((d) => d.name === name)
  if (!target || !pd) return show(c, ws)
  const bytes = await snapshotPdf({
    tid: target.tx.tid,
    document: pd.name,
    party: target.party.name,
    timestamp: pd.snapshot?.timestamp ?? nowStamp(ws),
    data: pd.snapshot?.data ?? target.tx.data[pd.name] ?? [],
    esignIpHost: pd.esignIpHost,
    esignTimestamp: pd.esignTimestamp,
  })
  return sendInlineFile(c, bytes)
}

export function pageRoutes(r: VendorRouter<TranadminState>, webappParam: string): void {
  for (const base of [`/${webappParam}/${PICKUP_PATH}`, `/${PICKUP_PATH}`]) {
    r.get(`${base}/:code`, show)
    r.post(`${base}/:code`, submit)
    r.get(`${base}/:code/:document`, document)
  }
}

/** Transactions with their parties and, for a party the transaction waits on, the pickup page here (QA console). */
export function records(ws: TranadminWs, caller: CallerScope): RecordView[] {
  const here = caller.base
  return [...ws.state.transactions.values()]
    .sort((a, b) => (a.lastUpdated < b.lastUpdated ? 1 : a.lastUpdated > b.lastUpdated ? -1 : 0))
    .map((tx) => ({
      kind: 'transaction',
      id: tx.tid,
      title: tx.template,
      state: `${tx.status} (${tx.statusText})`,
      note: tx.declined ? `Declined by ${tx.declined.party}${tx.declined.reason ? `: ${tx.declined.reason}` : ''}` : undefined,
      signers: tx.parties.map((p) => ({
        name: p.name,
        email: p.email ?? undefined,
        status: p.status,
        link:
          tx.status === TRANSACTION_STATUS.inProgress && isActiveOrRetrieved(p.status)
            ? (pickupUrl(here, SIMULATE_DEFAULTS.webapp, p.pickupCode) ?? undefined)
            : undefined,
      })),
    }))
}
