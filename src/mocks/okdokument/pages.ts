import { html, htmlPage, sendHtml } from '../../lib/html.js'
import { sendEmpty } from '../../lib/reply.js'
import {
  ENGLISH,
  pageCaller,
  runAction,
  sendInlineFile,
  signingFlow,
  type PageLook,
  type PageWords,
  type SigningPage,
} from '../../lib/signing-page.js'
import type { CallerScope, RecordView, VendorContext } from '../../lib/vendor.js'
import { recordsNewestFirst } from '../../lib/records.js'
import { fromBase64 } from '../../lib/bytes.js'
import type { OkDocument, OkState, OkWs, SignatureRequest } from './model.js'
import { refreshDocument } from './service/documents.js'
import { isExpired } from './service/signature-requests.js'
import { simulate } from './simulate.js'

/**
 * The signer page (E13, `viewDocument?id=<documentId>`, where `openDocument`
 * redirects) and the default result page (E14). The page posts back to
 * `viewDocument` itself — a vendor route, so `--admin-token` never stands in
 * the way — and Submit/Close run this vendor's simulate actions `sign` and
 * `cancel`, then go to the result URL as OKdokument does. Slovak by default
 * (the vendor's e-mail language), English with `lang=en` or an SR whose
 * `lang` rule says so.
 */

const BRAND = 'OKdokument'
const ACCENT = '#c2410c'
const look = (lang: Lang): PageLook => ({ lang, brand: BRAND, accent: ACCENT, words: WORDS[lang] })

type Lang = 'sk' | 'en'

const WORDS: Record<Lang, PageWords & { submit: string; close: string; noRequest: string; notFound: string; readOnly: string }> = {
  sk: {
    signer: 'Podpisujúci',
    status: 'Stav',
    document: 'Dokument',
    documents: 'Dokumenty',
    download: 'Otvoriť PDF',
    fields: 'Polia dokumentu',
    reason: 'Dôvod',
    reasonMissing: 'Uveďte dôvod.',
    noPdf: 'Váš prehliadač nezobrazuje PDF priamo.',
    submit: 'Podpísať',
    close: 'Zavrieť',
    noRequest: 'Tento dokument nečaká na podpis (žiadosť o podpis je podpísaná, zrušená alebo jej platnosť vypršala).',
    notFound: 'Dokument sa nenašiel.',
    readOnly: 'len na čítanie',
    chooseAction: 'Vyberte Podpísať alebo Zavrieť.',
  },
  en: {
    ...ENGLISH,
    fields: 'Document fields',
    submit: 'Submit',
    close: 'Close',
    noRequest: 'This document is not waiting for a signature (the request was signed, canceled or has expired).',
    notFound: 'Document not found.',
    readOnly: 'read-only',
    chooseAction: 'Choose Submit or Close.',
  },
}

function langOf(c: VendorContext, sr: SignatureRequest | undefined): Lang {
  const asked = c.req.query('lang') ?? sr?.rules.lang ?? sr?.rules.language ?? 'sk'
  return asked.toLowerCase().startsWith('en') ? 'en' : 'sk'
}

/** The document's signature request a signer can act on now. */
const activeRequest = (ws: OkWs, doc: OkDocument): SignatureRequest | undefined =>
  doc.signatureRequestIds.map((s) => ws.state.signatureRequests.get(s)).find((s) => s?.status === 'active' && !isExpired(ws, s))

function page(c: VendorContext, ws: OkWs, doc: OkDocument, notice?: SigningPage['notice']): SigningPage {
  const sr = activeRequest(ws, doc)
  const lang = langOf(c, sr)
  const w = WORDS[lang]
  const query = `id=${encodeURIComponent(doc.id)}${c.req.query('lang') ? `&lang=${encodeURIComponent(lang)}` : ''}`
  return {
    ...look(lang),
    title: doc.filename,
    signer: sr?.rules.emailTo ? { name: sr.rules.nameTo, email: sr.rules.emailTo } : undefined,
    status: doc.state,
    documents: [{ name: doc.filename, url: `viewDocument/pdf?id=${encodeURIComponent(doc.id)}` }],
    notice,
    form:
      sr && (!notice || notice.kind === 'error')
        ? {
            action: `viewDocument?${query}`,
            // The signer sees the prefilled values; OKdokument's sign takes no field input, so none is editable here.
            fields: sr.fieldConfig.map((f) => ({
              name: `field_${f.name}`,
              label: `${f.name}${f.readOnly ? ` (${w.readOnly})` : ''}`,
              type: 'text' as const,
              required: false,
              value: f.value,
              readOnly: true,
            })),
            buttons: [
              { value: 'sign', label: w.submit, kind: 'primary' },
              { value: 'cancel', label: w.close, kind: 'secondary' },
            ],
          }
        : undefined,
  }
}

const documentOf = (c: VendorContext, ws: OkWs) => refreshDocument(ws, ws.state.documents.get(c.req.query('id') ?? ''))

/**
 * E13: Submit or Close run the vendor's `sign`/`cancel`, then go on to the
 * result URL (spec §7.3); a document with no signature request to act on
 * shows its state.
 */
const { show: signerPage, submit: submitPage } = signingFlow<OkState, OkDocument>({
  look: (c) => look(langOf(c, undefined)),
  invalid: (c) => ({ title: WORDS[langOf(c, undefined)].notFound, text: WORDS[langOf(c, undefined)].notFound }),
  find: documentOf,
  closed: (c, ws, doc) => (activeRequest(ws, doc) ? undefined : WORDS[langOf(c, undefined)].noRequest),
  render: page,
  act: async (c, ws, doc, { action }) => {
    const sr = activeRequest(ws, doc)
    if (!sr || (action !== 'sign' && action !== 'cancel')) return { kind: 'error', text: WORDS[langOf(c, sr)].chooseAction }
    const outcome = await runAction(simulate[action], ws, { signatureRequestId: sr.id, lang: langOf(c, sr) }, pageCaller(c))
    if (!outcome.ok) return { kind: 'error', text: outcome.message }
    const to = (outcome.result as { redirect_url?: string | null }).redirect_url
    return to ? sendEmpty(c, 303, { location: to }) : { kind: 'done', text: WORDS[langOf(c, sr)].submit }
  },
})
export { signerPage, submitPage }

export function documentPdf(c: VendorContext, ws: OkWs): Response | Promise<Response> {
  const doc = documentOf(c, ws)
  if (!doc) return signerPage(c, ws)
  return sendInlineFile(c, fromBase64(doc.content))
}

export function thankYouPage(c: VendorContext): Response {
  const params = Object.entries(c.req.query())
  const en = (c.req.query('lang') ?? 'sk').startsWith('en')
  const body = html`<main style="max-width:40rem;margin:3rem auto;font:16px system-ui">
    <h1>${en ? 'Thank you' : 'Ďakujeme'}</h1>
    <ul>
      ${params.map(([k, v]) => html`<li><code>${k}</code> = ${v}</li>`)}
    </ul>
  </main>`
  return sendHtml(c, 200, htmlPage({ title: en ? 'Thank you' : 'Ďakujeme', lang: en ? 'en' : 'sk', body }))
}

/** Documents with their signature requests; an active one links to its `openDocument` URL (QA console). */
export function records(ws: OkWs, caller: CallerScope): RecordView[] {
  const base = caller.base
  const documents = [...ws.state.documents.values()].map((d) => refreshDocument(ws, d) ?? d)
  return recordsNewestFirst(
    documents,
    (d) => d.createdAt,
    (d) => ({
      kind: 'document',
      id: d.id,
      title: d.filename,
      state: d.state,
      signers: d.signatureRequestIds
        .map((id) => ws.state.signatureRequests.get(id))
        .filter((sr): sr is SignatureRequest => sr !== undefined && sr.status !== 'deleted')
        .map((sr) => ({
          name: sr.rules.nameTo ?? sr.id,
          email: sr.rules.emailTo,
          status: sr.status === 'active' && isExpired(ws, sr) ? 'expired' : sr.status,
          link: sr.status === 'active' && !isExpired(ws, sr) ? (sr.url ?? `${base}/openDocument/${sr.id}`) : undefined,
        })),
    }),
  )
}
