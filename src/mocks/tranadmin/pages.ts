import { sendBytes } from '../../lib/reply.js'
import { ENGLISH, pageCaller, postedForm, runAction, sendSigningPage, type PageField, type SigningPage } from '../../lib/signing-page.js'
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

const BRAND = 'Open eSignForms'
const ACCENT = '#7a3e9d'

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
  if (tx.status === TRANSACTION_STATUS.canceled) return 'This transaction has been canceled.'
  if (tx.status === TRANSACTION_STATUS.suspended) return 'This transaction is suspended. Please try again later.'
  if (party.status === PARTY_STATUS.completed) return 'You have already completed your part of this transaction.'
  if (!isActiveOrRetrieved(party.status)) return 'This transaction is not waiting on you.'
  return undefined
}

const fieldName = (doc: string, field: string) => `data.${doc}.${field}`
const openDocuments = (party: Party) => party.documents.filter((d) => d.status !== DOCUMENT_STATUS.completed)

function page({ code, tx, party }: Target, notice?: SigningPage['notice']): SigningPage {
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
    lang: 'en',
    brand: BRAND,
    accent: ACCENT,
    title: `${tx.template} — ${party.name}`,
    words: ENGLISH,
    signer: { name: party.name, email: party.email ?? undefined, role: 'party' },
    status: `${tx.status} · ${party.status}`,
    documents: party.documents.map((d) => ({ name: d.name, url: `${code}/${encodeURIComponent(d.name)}.pdf` })),
    notice,
    form: open ? { action: code, fields, buttons: [{ value: 'complete', label: 'Sign and submit', kind: 'primary' }] } : undefined,
  }
}

const webappOf = (c: VendorContext) => c.req.param('webapp') ?? SIMULATE_DEFAULTS.webapp

function invalid(c: VendorContext): Response {
  return sendSigningPage(c, 404, {
    lang: 'en',
    brand: BRAND,
    accent: ACCENT,
    title: 'Link not valid',
    words: ENGLISH,
    documents: [],
    notice: { kind: 'closed', text: 'This pickup link is not valid. Check the link in your e-mail.' },
  })
}

async function showPage(c: VendorContext, ws: TranadminWs): Promise<Response> {
  const target = find(ws, c.req.param('code') ?? '')
  if (!target) return invalid(c)
  const closed = closedReason(target)
  if (closed) return sendSigningPage(c, 200, page(target, { kind: 'closed', text: closed }))
  // Picking the link up is what ESF records as the party retrieving it.
  await runAction(simulate['party-view'], ws, { tid: target.tx.tid, party: target.party.name, webapp: webappOf(c) }, pageCaller(c))
  return sendSigningPage(c, 200, page(find(ws, target.code) ?? target))
}

async function submit(c: VendorContext, ws: TranadminWs): Promise<Response> {
  const target = find(ws, c.req.param('code') ?? '')
  if (!target || closedReason(target)) return showPage(c, ws)
  const form = await postedForm(c)
  const data: Record<string, Record<string, string>> = {}
  for (const d of openDocuments(target.party))
    for (const nv of target.tx.data[d.name] ?? []) {
      const posted = form[fieldName(d.name, nv.name)]
      if (posted !== undefined) (data[d.name] ??= {})[nv.name] = posted
    }
  const body = { tid: target.tx.tid, party: target.party.name, data, esign: true, webapp: webappOf(c) }
  const outcome = await runAction(simulate['party-complete'], ws, body, pageCaller(c))
  if (!outcome.ok) return sendSigningPage(c, 200, page(target, { kind: 'error', text: outcome.message }))
  return sendSigningPage(
    c,
    200,
    page(find(ws, target.code) ?? target, { kind: 'done', text: 'Thank you. Your documents have been signed and submitted.' }),
  )
}

/** The party-document as a PDF of its current field values (the snapshot renderer, at this moment). */
async function document(c: VendorContext, ws: TranadminWs): Promise<Response> {
  const target = find(ws, c.req.param('code') ?? '')
  const name = (c.req.param('document') ?? '').replace(/\.pdf$/, '')
  const pd = target?.party.documents.find((d) => d.name === name)
  if (!target || !pd) return invalid(c)
  const bytes = await snapshotPdf({
    tid: target.tx.tid,
    document: pd.name,
    party: target.party.name,
    timestamp: pd.snapshot?.timestamp ?? nowStamp(ws),
    data: pd.snapshot?.data ?? target.tx.data[pd.name] ?? [],
    esignIpHost: pd.esignIpHost,
    esignTimestamp: pd.esignTimestamp,
  })
  return sendBytes(c, 200, bytes, 'application/pdf', { 'content-disposition': 'inline', 'cache-control': 'no-store' })
}

export function pageRoutes(r: VendorRouter<TranadminState>, webappParam: string): void {
  for (const base of [`/${webappParam}/${PICKUP_PATH}`, `/${PICKUP_PATH}`]) {
    r.get(`${base}/:code`, showPage)
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
