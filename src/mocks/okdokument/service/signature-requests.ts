import { VendorError } from '../../../lib/vendor-error.js'
import type { DeliveryEntry } from '../../../lib/outbox-types.js'
import type { Hooks } from '../../../lib/deliver.js'
import { fromBase64, toBase64 } from '../../../lib/bytes.js'
import { ERR, badRequest, withId, withValue } from '../errors.js'
import { DEFAULT_EXPIRY_MS, LANGUAGES, MAX_EXPIRY_MS, SENDER } from '../constants.js'
import { createSignatureRequestBody, firstIssuePath, updateSignatureRequestBody, httpUrl, type UploadMetadata } from '../schemas.js'
import type { ApiKey, FieldConfigItem, OkDocument, SignatureRequest, OkWs } from '../model.js'
import {
  availableSignatureRequests,
  checkUploadState,
  concat,
  findDocument,
  prepareContent,
  recordUsage,
  refreshDocument,
  setDocumentState,
  storeDocument,
} from './documents.js'

/** Signature requests (E1–E4, E12) and what the signer does to them (simulate). */

// ---- rules -------------------------------------------------------------------

/**
 * The connector's "Additional Rules" string: `Name-Value` pairs joined by `_`,
 * split only before a `_` that starts another `Name-` (so `_` inside e-mail
 * addresses survives) or the two value-less rules.
 */
export function parseRules(rules: string | Record<string, string | number | boolean> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (rules === null || rules === undefined) return out
  if (typeof rules !== 'string') {
    for (const [k, v] of Object.entries(rules)) out[k] = String(v)
    return out
  }
  if (rules === '') return out
  for (const part of rules.split(/_(?=[A-Za-z][A-Za-z0-9]*-)|_(?=(?:emailNotification|emailFinal)(?:_|$))/)) {
    const dash = part.indexOf('-')
    let name = dash < 0 ? part : part.slice(0, dash)
    if (name === 'signAnywhere') name = 'signAnywhereEnabled'
    if (name) out[name] = dash < 0 ? '' : part.slice(dash + 1)
  }
  return out
}

export function ruleLanguage(rules: Record<string, string>): string {
  const lang = rules.lang ?? rules.language
  return lang !== undefined && LANGUAGES.includes(lang) ? lang : 'sk'
}

// ---- status --------------------------------------------------------------------

export const isExpired = (ws: OkWs, sr: SignatureRequest): boolean => ws.now() > sr.expirationTime

/** An SR the caller's account can see (deleted ones included; callers decide). */
function ownSignatureRequest(ws: OkWs, account: string, id: string): SignatureRequest | undefined {
  const sr = ws.state.signatureRequests.get(id)
  return sr && sr.account === account ? sr : undefined
}

const viewIdError = (id: string | null) => new VendorError(ERR.viewIdNotExist, { id })

export const srUrl = (sr: SignatureRequest, base: string): string => sr.url ?? `${base}/openDocument/${sr.id}`

// ---- E1 / E6: create ------------------------------------------------------------

/** What E1 and E6 share: the signature request's own keys. */
type NewSignatureRequest = Pick<
  UploadMetadata,
  | 'signatureRequestId'
  | 'resulturl'
  | 'sendInfoURL'
  | 'sendInfoUrl'
  | 'allowedFields'
  | 'rules'
  | 'expirationTime'
  | 'fieldConfig'
  | 'sigData'
>

/** Checks 12–13 of E1, before anything is stored. */
function checkCanCreate(ws: OkWs, key: ApiKey, id: string | null | undefined): void {
  if (id && ws.state.signatureRequests.has(id)) throw withId(ERR.srExists, id)
  if (availableSignatureRequests(ws, key.account) <= 0) throw new VendorError(ERR.srExhausted)
}

function newSignatureRequest(ws: OkWs, key: ApiKey, doc: OkDocument, input: NewSignatureRequest, base: string): SignatureRequest {
  const now = ws.now()
  const id = input.signatureRequestId || uniqueUuid(ws)
  const asked = input.expirationTime === null || input.expirationTime === undefined ? now + DEFAULT_EXPIRY_MS : Number(input.expirationTime)
  const rules = parseRules(input.rules)
  const fieldConfig: FieldConfigItem[] = (input.fieldConfig ?? []).map((f) => ({
    name: f.name,
    value: f.value === null || f.value === undefined ? '' : String(f.value),
    readOnly: f.readOnly === true || f.readOnly === 'true',
  }))
  for (const prevId of doc.signatureRequestIds) {
    const prev = ws.state.signatureRequests.get(prevId)
    if (prev?.status === 'active') ws.state.signatureRequests.set(prevId, { ...prev, status: 'superseded' })
  }
  const sr: SignatureRequest = {
    id,
    account: key.account,
    documentId: doc.id,
    url: `${base}/openDocument/${id}`,
    resulturl: input.resulturl || null,
    sendInfoURL: input.sendInfoURL || input.sendInfoUrl || null,
    allowedFields: input.allowedFields ?? {},
    rules,
    expirationTime: Math.min(asked, now + MAX_EXPIRY_MS),
    fieldConfig,
    sigData: input.sigData ?? null,
    status: 'active',
    outcome: null,
    createdAt: now,
  }
  ws.state.signatureRequests.set(id, sr)
  doc.signatureRequestIds.push(id)
  ws.state.documents.set(doc.id, doc)
  recordUsage(ws, key.account, 'signatureRequest', now)
  requestEmail(ws, sr, doc)
  return sr
}

function uniqueUuid(ws: OkWs): string {
  let id: string
  do id = ws.random.uuid()
  while (ws.state.signatureRequests.has(id))
  return id
}

const created = (sr: SignatureRequest, doc: OkDocument) => ({
  message: 'msg.signature.request.id.created',
  result: sr.id,
  url: sr.url as string,
  documentId: doc.id,
})

/** E1, checks in the spec's order; nothing is stored until every check passed. */
export function createSignatureRequest(ws: OkWs, key: ApiKey, body: unknown, base: string) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body')
  const parsed = createSignatureRequestBody.safeParse(body)
  if (!parsed.success) throw badRequest(firstIssuePath(parsed.error))
  const input = parsed.data
  if (input.filedata) {
    const state = checkUploadState(input.filedata.state)
    const content = input.filedata.content ?? input.filedata.$content
    if (content === null || content === undefined) throw withValue(ERR.missingDocument, 'filedata.content')
    const prepared = prepareContent({ filename: input.filedata.filename || input.filename || null, content, field: 'filedata.content' })
    checkChangeState(input.changeState)
    checkCanCreate(ws, key, input.signatureRequestId)
    const doc = storeDocument(ws, key.account, prepared, state)
    return created(newSignatureRequest(ws, key, doc, input, base), doc)
  }
  if (input.id !== null && input.id !== undefined) {
    const doc = findDocument(ws, key.account, input.id)
    if (!doc) throw withId(ERR.unknownDocumentId, input.id)
    checkChangeState(input.changeState)
    const reopen = input.changeState === 'tosign'
    if ((doc.state === 'signed' || doc.state === 'canceled' || doc.state === 'errorsendinfo') && !reopen)
      throw withValue(ERR.invalidDocumentState, doc.state)
    checkCanCreate(ws, key, input.signatureRequestId)
    if (reopen && doc.state !== 'tosign') {
      doc.processingUntil = null
      doc.actedSignatureRequestId = null
      setDocumentState(ws, doc, 'tosign')
    }
    return created(newSignatureRequest(ws, key, doc, input, base), doc)
  }
  checkChangeState(input.changeState)
  throw withValue(ERR.missingDocument, 'filedata')
}

function checkChangeState(changeState: string | null | undefined): void {
  if (changeState !== null && changeState !== undefined && changeState !== 'tosign') throw withValue(ERR.invalidState, changeState)
}

/** E6: multipart upload; `signatureRequestId: "off"` stores the document only. */
export function uploadWithMetadata(ws: OkWs, key: ApiKey, meta: UploadMetadata, file: { name: string; bytes: Uint8Array }, base: string) {
  const state = checkUploadState(meta.state)
  if (file.bytes.byteLength === 0) throw withValue(ERR.missingDocument, 'file')
  const basename = file.name.split(/[/\\]/).pop() ?? ''
  const prepared = prepareContent({ filename: meta.filename || basename || null, content: file.bytes, field: 'file' })
  const storageOnly = meta.signatureRequestId === 'off'
  if (!storageOnly) checkCanCreate(ws, key, meta.signatureRequestId)
  const doc = storeDocument(ws, key.account, prepared, state)
  if (storageOnly) return { message: 'msg.document.uploaded', result: doc.id }
  return created(newSignatureRequest(ws, key, doc, meta, base), doc)
}

// ---- E2 / E4: update, register callback ---------------------------------------------

const updated = (id: string, base: string) => ({ message: 'msg.updated', result: id, url: `${base}/${id}` })

export function updateSignatureRequest(ws: OkWs, key: ApiKey, body: unknown, base: string) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body')
  const parsed = updateSignatureRequestBody.safeParse(body)
  if (!parsed.success) throw badRequest(firstIssuePath(parsed.error))
  const input = parsed.data
  if (input.signatureRequestId === null || input.signatureRequestId === undefined) throw viewIdError(null)
  const id = String(input.signatureRequestId)
  const sr = ownSignatureRequest(ws, key.account, id)
  if (!sr || sr.status === 'deleted') throw viewIdError(id)
  const sendInfo = input.sendInfoURL ?? input.sendInfoUrl
  const next = { ...sr }
  if (sendInfo !== null && sendInfo !== undefined) next.sendInfoURL = sendInfo || null
  if (input.resulturl !== null && input.resulturl !== undefined) next.resulturl = input.resulturl || null
  ws.state.signatureRequests.set(id, next)
  return updated(id, base)
}

export function registerCallback(ws: OkWs, key: ApiKey, id: string, body: unknown, base: string) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body')
  const { sendInfoURL, sendInfoUrl } = body as { sendInfoURL?: unknown; sendInfoUrl?: unknown }
  const url = sendInfoURL ?? sendInfoUrl
  if (!httpUrl.safeParse(url).success) throw badRequest('sendInfoURL')
  const sr = ownSignatureRequest(ws, key.account, id)
  if (!sr || sr.status === 'deleted') throw viewIdError(id)
  ws.state.signatureRequests.set(id, { ...sr, sendInfoURL: url as string })
  return updated(id, base)
}

// ---- E3: delete ---------------------------------------------------------------------

export function deleteSignatureRequest(ws: OkWs, key: ApiKey, id: string) {
  const sr = ownSignatureRequest(ws, key.account, id)
  if (!sr || sr.status === 'deleted') throw withId(ERR.srNotExist, id)
  ws.state.signatureRequests.set(id, { ...sr, status: 'deleted' })
  return { message: 'msg.deleted', result: id }
}

// ---- E12: the signer opens the link --------------------------------------------------

/** Where the signer's browser goes: the signer page of the SR's document. */
export function openDocument(ws: OkWs, id: string, base: string): string {
  const sr = ws.state.signatureRequests.get(id)
  const doc = sr && sr.status !== 'deleted' ? refreshDocument(ws, ws.state.documents.get(sr.documentId)) : undefined
  if (!sr || !doc) throw withId(ERR.srNotExist, id)
  if (sr.status !== 'active' || isExpired(ws, sr)) throw withId(ERR.srInvalid, id)
  return `${base}/viewDocument?id=${encodeURIComponent(doc.id)}`
}

// ---- signing (simulate) -----------------------------------------------------------------

export type Outcome = 'signed' | 'canceled'

export interface SigningResult {
  signatureRequestId: string
  documentId: string
  document_state: string
  signature_request_status: string
  callback: { id: string; url: string; state: string } | null
  redirect_url: string | null
}

/** Submit (`signed`) or Cancel/Close (`canceled`) pressed on the signer page. */
export function act(
  ws: OkWs,
  sr: SignatureRequest,
  doc: OkDocument,
  outcome: Outcome,
  opts: { lang: string; mobile: boolean; base: string },
): SigningResult {
  const now = ws.now()
  if (outcome === 'signed') {
    const line = new TextEncoder().encode(`%OKDOKUMENT-SANDBOX-SIGNATURE ${sr.id} ${new Date(now).toISOString()}\n`)
    doc.content = toBase64(concat(fromBase64(doc.content), line))
  }
  doc.actedSignatureRequestId = sr.id
  setDocumentState(ws, doc, outcome, now)
  const acted = { ...sr, status: outcome, outcome }
  ws.state.signatureRequests.set(sr.id, acted)
  const callback = acted.sendInfoURL ? queueSendInfo(ws, acted, doc.id, opts.base) : null
  if (outcome === 'signed') signedEmail(ws, acted, doc)
  return {
    signatureRequestId: sr.id,
    documentId: doc.id,
    document_state: doc.state,
    signature_request_status: outcome,
    callback: callback && { id: callback.id, url: callback.url, state: callback.state },
    redirect_url: resultUrl(acted, doc, {
      ...opts,
      result: outcome === 'canceled' ? 'close' : opts.mobile ? 'mobile' : 'success',
      ts: now,
    }),
  }
}

/**
 * The SendInfo callback: the wiki's keys then the connector's, so receivers
 * written for either shape find theirs. Its outcome moves the document
 * between its outcome and `errorsendinfo`, but only while the document is
 * still where this SR left it.
 */
export function queueSendInfo(ws: OkWs, sr: SignatureRequest, documentId: string, base: string): DeliveryEntry {
  const outcome = sr.outcome as Outcome
  const body = JSON.stringify({
    state: outcome,
    id: documentId,
    signatureRequestId: sr.id,
    code: 'SUCCESS',
    message: `msg.${outcome}`,
    result: sr.id,
    statusCode: 200,
    url: srUrl(sr, base),
    success: true,
  })
  return ws.outbox.deliver({
    type: 'callback',
    url: sr.sendInfoURL as string,
    headers: { 'content-type': 'application/json', 'user-agent': 'esign-sandbox-okdokument' },
    body,
    context: { signatureRequestId: sr.id, documentId },
    ...sendInfoHooks(ws, sr.id, documentId, outcome),
  })
}

/** What a SendInfo outcome does to the document; rebuilt from a stored entry when another instance or a restart takes it over. */
function sendInfoHooks(ws: OkWs, srId: string, documentId: string, outcome: Outcome): Hooks {
  return {
    onSettled: (_entry, delivered) => {
      const doc = ws.state.documents.get(documentId)
      if (!doc || doc.actedSignatureRequestId !== srId) return
      if (delivered && doc.state === 'errorsendinfo') setDocumentState(ws, doc, outcome)
      else if (!delivered && doc.state === outcome) setDocumentState(ws, doc, 'errorsendinfo')
    },
  }
}

/** The hooks of a stored SendInfo entry (`signatureRequestId`, `documentId`), as `queueSendInfo` gave them. */
export function storedSendInfoHooks(ws: OkWs, entry: DeliveryEntry): Hooks | undefined {
  const { signatureRequestId, documentId } = entry
  if (typeof signatureRequestId !== 'string' || typeof documentId !== 'string') return undefined
  const outcome = ws.state.signatureRequests.get(signatureRequestId)?.outcome
  return outcome ? sendInfoHooks(ws, signatureRequestId, documentId, outcome) : undefined
}

export function resultUrl(sr: SignatureRequest, doc: OkDocument, p: { lang: string; result: string; ts: number; base: string }): string {
  const target = sr.resulturl ?? `${p.base}/thankYouPage.html`
  const hash = target.indexOf('#')
  const [head, fragment] = hash < 0 ? [target, ''] : [target.slice(0, hash), target.slice(hash)]
  const name = doc.filename.includes('.') ? doc.filename.slice(0, doc.filename.lastIndexOf('.')) : doc.filename
  const params = [
    ['name', name],
    ['docid', doc.id],
    ['lang', p.lang],
    ['result', p.result],
    ['ts', String(p.ts)],
  ]
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
  return `${head}${head.includes('?') ? '&' : '?'}${query}${fragment}`
}

// ---- e-mails (§9) -------------------------------------------------------------------------

function requestEmail(ws: OkWs, sr: SignatureRequest, doc: OkDocument): void {
  const to = sr.rules.emailTo
  if (!to) return
  const url = sr.url as string
  ws.outbox.email({
    to,
    subject: `Signature request: ${doc.filename}`,
    text: `${sr.rules.nameFrom ?? 'OKdokument'} asks you to sign ${doc.filename}: ${url}`,
    links: [url],
    from: SENDER,
    ...(sr.rules.emailFrom ? { reply_to: sr.rules.emailFrom } : {}),
    ...(sr.rules.nameFrom ? { sender_name: sr.rules.nameFrom } : {}),
    language: ruleLanguage(sr.rules),
    document: doc.filename,
    url,
    kind: 'signature_request',
    signatureRequestId: sr.id,
    documentId: doc.id,
  })
}

function signedEmail(ws: OkWs, sr: SignatureRequest, doc: OkDocument): void {
  const final = sr.rules.emailFinal ? sr.rules.emailFinal.split('|').filter(Boolean) : []
  const to = final.length ? final : sr.rules.emailTo ? [sr.rules.emailTo] : []
  if (!to.length) return
  ws.outbox.email({
    to: to.length === 1 ? to[0] : to,
    subject: `Signed document: ${doc.filename}`,
    text: `The document ${doc.filename} has been signed.`,
    links: [],
    from: SENDER,
    language: ruleLanguage(sr.rules),
    document: doc.filename,
    attachment: doc.filename,
    kind: 'signed_document',
    signatureRequestId: sr.id,
    documentId: doc.id,
  })
}
