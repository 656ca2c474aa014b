import { VendorError } from '../../../lib/vendor-error.js'
import { decodeBase64Strict, fromBase64, indexOfAscii, toBase64 } from '../../../lib/bytes.js'
import { ALNUM } from '../../../state/random.js'
import { ERR, badRequest, withId, withValue } from '../errors.js'
import { firstIssuePath, uploadDocumentBody } from '../schemas.js'
import {
  ANY_RETENTION_MS,
  GROUP,
  MAX_DOCUMENT_BYTES,
  PROCESSING_MS,
  SIGNED_RETENTION_MS,
  UPLOAD_STATES,
  type DocumentState,
} from '../constants.js'
import type { ApiKey, OkDocument, OkWs, UsageKind } from '../model.js'
import { counterMonth, modification } from '../time.js'
import { BLANK_PDF } from '../seed.js'

/** Domain rules over one workspace's OKdokument data; no HTTP here. */

const ID_ALPHABET = `${ALNUM}_-`

// ---- authentication --------------------------------------------------------

export function authenticate(ws: OkWs, header: string | undefined, write: boolean): ApiKey {
  const key = header?.trim() ? ws.state.keys.get(header.trim()) : undefined
  if (!key) throw new VendorError(ERR.unauthorized)
  if (write && key.permission !== 'write') throw new VendorError(ERR.forbidden)
  return key
}

// ---- usage (E11) -----------------------------------------------------------

export function recordUsage(ws: OkWs, account: string, kind: UsageKind, at: number, count = 1): void {
  const usage = ws.state.usage.get(account) ?? {
    account,
    totals: { file: 0, signatureRequest: 0, download: 0, deleted: 0 },
    months: { file: {}, signatureRequest: {}, download: {}, deleted: {} },
  }
  usage.totals[kind] += count
  const month = counterMonth(at)
  usage.months[kind][month] = (usage.months[kind][month] ?? 0) + count
  ws.state.usage.set(account, usage)
}

export function availableSignatureRequests(ws: OkWs, account: string): number {
  const purchased = ws.state.accounts.get(account)?.purchasedSignatureRequests ?? 0
  return Math.max(0, purchased - (ws.state.usage.get(account)?.totals.signatureRequest ?? 0))
}

export function counter(ws: OkWs, account: string): Record<string, Record<string, string>> {
  const usage = ws.state.usage.get(account)
  const total = (k: UsageKind) => String(usage?.totals[k] ?? 0)
  const monthly = (k: UsageKind) => {
    const out: Record<string, string> = {}
    const months = Object.entries(usage?.months[k] ?? {}).filter(([, n]) => n > 0)
    months.sort(([a], [b]) => monthOrder(a) - monthOrder(b))
    for (const [m, n] of months) out[`${m}.${account}`] = String(n)
    return out
  }
  return {
    actual: {
      [`${account}.storedFiles`]: total('file'),
      [`${account}.deleted.f`]: total('deleted'),
      [`${account}.usedSignatureRequests`]: total('signatureRequest'),
      [`${account}.downloaded`]: total('download'),
      [`${account}.availableSignatureRequests`]: String(availableSignatureRequests(ws, account)),
    },
    downloaded: monthly('download'),
    files: monthly('file'),
    'deleted.f': monthly('deleted'),
    signatureRequests: monthly('signatureRequest'),
  }
}

const monthOrder = (m: string): number => {
  const [y, mo] = m.split('.')
  return Number(y) * 12 + Number(mo)
}

// ---- documents -------------------------------------------------------------

function setState(ws: OkWs, doc: OkDocument, state: DocumentState, at = ws.now()): void {
  doc.state = state
  doc.modifiedAt = at
  ws.state.documents.set(doc.id, doc)
}

function removeDocument(ws: OkWs, doc: OkDocument, at: number): void {
  for (const srId of doc.signatureRequestIds) {
    const sr = ws.state.signatureRequests.get(srId)
    if (sr && sr.status !== 'deleted') ws.state.signatureRequests.set(srId, { ...sr, status: 'deleted' })
  }
  ws.state.documents.delete(doc.id)
  recordUsage(ws, doc.account, 'deleted', at)
}

/**
 * Time-driven transitions, applied lazily whenever a document is read or
 * acted on: processing ends after a second; retention removes documents.
 * Returns undefined when the document is gone.
 */
export function refreshDocument(ws: OkWs, doc: OkDocument | undefined): OkDocument | undefined {
  if (!doc) return undefined
  if (doc.processingUntil !== null && ws.reached(doc.processingUntil)) {
    doc.processingUntil = null
    setState(ws, doc, 'tosign', Math.max(doc.modifiedAt, ws.now()))
  }
  const signedGone = doc.state === 'signed' ? doc.modifiedAt + SIGNED_RETENTION_MS : Infinity
  const gone = Math.min(signedGone, doc.createdAt + ANY_RETENTION_MS)
  if (ws.reached(gone)) {
    removeDocument(ws, doc, gone)
    return undefined
  }
  return doc
}

/** A document of the key's account (another account's documents do not exist for it). */
export function findDocument(ws: OkWs, account: string, id: string): OkDocument | undefined {
  const doc = ws.state.documents.get(id)
  return doc && doc.account === account ? refreshDocument(ws, doc) : undefined
}

export function requireDocument(ws: OkWs, account: string, id: string): OkDocument {
  const doc = findDocument(ws, account, id)
  if (!doc) throw withId(ERR.documentNotFound, id)
  return doc
}

export function metadata(doc: OkDocument): Record<string, unknown> {
  return {
    filename: doc.filename,
    state: doc.state,
    modification: modification(doc.modifiedAt),
    id: doc.id,
    date: doc.modifiedAt,
    number: String(doc.createdAt),
  }
}

export function listFlat(ws: OkWs, account: string, state: string, base: string): Record<string, unknown>[] {
  const wanted = state === '' || state === '*' ? null : state
  const docs: OkDocument[] = []
  let ordered = true
  for (const stored of ws.state.documents.values()) {
    if (stored.account !== account) continue
    const doc = refreshDocument(ws, stored)
    if (!doc || (wanted !== null && doc.state !== wanted)) continue
    const prev = docs[docs.length - 1]
    if (prev && (prev.createdAt > doc.createdAt || (prev.createdAt === doc.createdAt && prev.id > doc.id))) ordered = false
    docs.push(doc)
  }
  // Documents are stored in creation order; only a clock moved backwards needs a sort.
  if (!ordered) docs.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  return docs.map((d) => ({
    filename: d.filename,
    state: d.state,
    modification: modification(d.modifiedAt),
    id: d.id,
    url: `${base}/rest/document/${d.id}`,
    date: d.modifiedAt,
    number: String(d.createdAt),
    group: GROUP,
  }))
}

export function download(ws: OkWs, account: string, id: string): { filename: string; bytes: Uint8Array } {
  const doc = requireDocument(ws, account, id)
  recordUsage(ws, account, 'download', ws.now())
  return { filename: doc.filename, bytes: fromBase64(doc.content) }
}

export function deleteDocument(ws: OkWs, account: string, id: string): { message: string; result: string } {
  const doc = requireDocument(ws, account, id)
  removeDocument(ws, doc, ws.now())
  return { message: 'msg.deleted', result: doc.id }
}

// ---- document content (§2.6) ------------------------------------------------

export interface DocumentInput {
  /** The caller's filename (already validated), or null. */
  filename: string | null
  /** Base64 text, or raw bytes for multipart. */
  content: string | Uint8Array
  /** Key path reported for content errors (`filedata.content`, `file.content`, `file`). */
  field: string
}

const CONVERTED = /\.(docx?|xlsx?)$/i

/**
 * Checks and normalises a document as OKdokument stores it: converted Office
 * files, `.pdf` names, real PDFs. `filename` stays null when the caller gave
 * none (a random name is drawn only once the request is accepted).
 */
export function prepareContent(input: DocumentInput): PreparedDocument {
  const bytes = typeof input.content === 'string' ? decodeBase64Strict(input.content) : input.content
  if (!bytes) throw withValue(ERR.invalidBase64, input.field)
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw withValue(ERR.fileTooLarge, input.field)
  const name = input.filename
  if (name && CONVERTED.test(name)) {
    const marker = new TextEncoder().encode(`%OKDOKUMENT-SANDBOX-CONVERTED ${name}\n`)
    return { filename: name.replace(CONVERTED, '.pdf'), bytes: concat(BLANK_PDF, marker) }
  }
  if (indexOfAscii(bytes, '%PDF-', 1024) < 0) throw withValue(ERR.invalidDocument, input.field)
  return { filename: !name || /\.pdf$/i.test(name) ? name : `${name}.pdf`, bytes }
}

export interface PreparedDocument {
  filename: string | null
  bytes: Uint8Array
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a, 0)
  out.set(b, a.byteLength)
  return out
}

export function checkUploadState(state: string | null | undefined): DocumentState {
  if (state === null || state === undefined) return 'tosign'
  if (!UPLOAD_STATES.includes(state)) throw withValue(ERR.invalidState, state)
  return state as DocumentState
}

export function newDocumentId(ws: OkWs): string {
  let id: string
  do id = ws.random.string(39, ID_ALPHABET)
  while (ws.state.documents.has(id))
  return id
}

/** Stores a new document (usage event `file`). */
export function storeDocument(ws: OkWs, account: string, prepared: PreparedDocument, state: DocumentState): OkDocument {
  const now = ws.now()
  const id = newDocumentId(ws)
  const doc: OkDocument = {
    id,
    account,
    filename: prepared.filename ?? `${ws.random.uuid()}.pdf`,
    state,
    content: toBase64(prepared.bytes),
    createdAt: now,
    modifiedAt: now,
    processingUntil: state === 'tags' || state === 'tostamp' ? now + PROCESSING_MS : null,
    signatureRequestIds: [],
    actedSignatureRequestId: null,
  }
  ws.state.documents.set(doc.id, doc)
  recordUsage(ws, account, 'file', now)
  return doc
}

export { setState as setDocumentState }

/** E5: JSON upload without a signature request. */
export function uploadDocument(ws: OkWs, account: string, body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body')
  const parsed = uploadDocumentBody.safeParse(body)
  if (!parsed.success) throw badRequest(firstIssuePath(parsed.error))
  const state = checkUploadState(parsed.data.state)
  const file = parsed.data.file
  const content = typeof file === 'string' ? file : (file?.content ?? file?.$content)
  if (content === null || content === undefined || content === '') throw new VendorError(ERR.missingDocument, { value: 'file' })
  const doc = storeDocument(ws, account, prepareContent({ filename: parsed.data.filename || null, content, field: 'file.content' }), state)
  return { message: 'msg.document.uploaded', result: doc.id }
}
