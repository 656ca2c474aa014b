import { VendorError } from '../../../lib/vendor-error.js'
import { BASE64, CONTENT_TYPE, DATA_FORMATS, EL, FILE_EXT, FORMATS, PARAM, type DataFormat, type SnapshotFormat } from '../constants.js'
import type { Access } from './access.js'
import { callError, CallErrors, echo, ERR, type CallError } from '../errors.js'
import {
  findDocumentName,
  findParty,
  isActiveOrRetrieved,
  isCompleted,
  partyDocument,
  type Party,
  type PartyDocument,
  type Transaction,
} from '../model.js'
import type { Params } from '../wire.js'
import { dataXml, mergedPdf, signedDataXml, signedSnapshotXml, snapshotHtml, snapshotPdf, type SnapshotSource } from '../render.js'
import { base64, leaf, list, type XmlNode } from '../xml.js'

/**
 * GetDocumentSnapshot (spec §8.2): which party-documents are selected, and
 * their snapshots in the requested FORMAT, inline as base64.
 */
interface Attachment {
  contentType: string
  fileName?: string
  format?: DataFormat
  content: string
}

interface Entry {
  document: string
  party: Party
  pd: PartyDocument
  snapshot?: Attachment
  data?: Attachment
}

export interface SnapshotView {
  format: SnapshotFormat
  includeData: DataFormat | undefined
  entries: Entry[]
  merged?: Attachment
}

const oneOf = <T extends string>(values: readonly T[], value: string): T | undefined => values.find((v) => v === value.toUpperCase())

/** The party whose copy was completed last (tie → later in package order); else the first active/retrieved handler; else the first handler. */
function partyFor(tx: Transaction, document: string): Party | undefined {
  let latest: Party | undefined
  let at = ''
  for (const p of tx.parties) {
    const pd = partyDocument(p, document)
    if (isCompleted(pd) && pd.snapshot && pd.snapshot.timestamp >= at) {
      latest = p
      at = pd.snapshot.timestamp
    }
  }
  const handlers = tx.parties.filter((p) => partyDocument(p, document))
  return latest ?? handlers.find((p) => isActiveOrRetrieved(p.status)) ?? handlers[0]
}

function validate(access: Access, params: Params) {
  const { tx, pkg } = access
  const errors: CallError[] = []
  const docParam = params.get(PARAM.document)
  const partyParam = params.get(PARAM.party)
  const formatParam = params.get(PARAM.format)
  const dataParam = params.get(PARAM.includeData)
  const document = docParam === undefined ? undefined : findDocumentName(pkg, docParam)
  const party = partyParam === undefined ? undefined : findParty(tx, partyParam)
  const format = formatParam === undefined ? undefined : oneOf(FORMATS, formatParam)
  const includeData = dataParam === undefined ? undefined : oneOf(DATA_FORMATS, dataParam)
  if (docParam !== undefined && !document) errors.push(callError(ERR.noSuchDocument, { document: docParam }))
  if (partyParam !== undefined && !party) errors.push(callError(ERR.noSuchParty, { party: partyParam }))
  if (!format) errors.push(callError(ERR.unexpectedFormat, { value: echo(formatParam) }))
  if (dataParam !== undefined && !includeData) errors.push(callError(ERR.unexpectedDataRequest, { value: echo(dataParam) }))
  if (errors.length || !format) throw new CallErrors(errors, 'GetDocumentSnapshot', tx.tid)
  if (document && party && !partyDocument(party, document)) {
    throw new CallErrors([callError(ERR.noSuchPartyDocument, { party: party.name, document })], 'GetDocumentSnapshot', tx.tid)
  }
  return { document, party, format, includeData }
}

function select(
  tx: Transaction,
  documents: string[],
  document: string | undefined,
  party: Party | undefined,
): Omit<Entry, 'snapshot' | 'data'>[] {
  const names = document
    ? [document]
    : documents.filter((d) => tx.parties.some((p) => isCompleted(partyDocument(p, d)))).filter((d) => !party || partyDocument(party, d))
  const out: Omit<Entry, 'snapshot' | 'data'>[] = []
  for (const name of names) {
    const p = party ?? partyFor(tx, name)
    const pd = p && partyDocument(p, name)
    if (p && pd) out.push({ document: name, party: p, pd })
  }
  return out
}

const sourceOf = (tx: Transaction, e: Omit<Entry, 'snapshot' | 'data'>): SnapshotSource | undefined => {
  const snap = e.pd.snapshot
  if (!isCompleted(e.pd) || !snap) return undefined
  // Fixture T7: the stored snapshot cannot be read — a system error, never XML.
  if (snap.unreadable) throw new VendorError(ERR.systemError)
  return {
    tid: tx.tid,
    document: e.document,
    party: e.party.name,
    timestamp: snap.timestamp,
    data: snap.data,
    esignIpHost: e.pd.esignIpHost,
    esignTimestamp: e.pd.esignTimestamp,
  }
}

async function renderSnapshot(format: Exclude<SnapshotFormat, 'PDFMERGE'>, s: SnapshotSource): Promise<Attachment> {
  const fileName = `${s.document}.${FILE_EXT[format]}`
  if (format === 'HTML') return { contentType: CONTENT_TYPE.html, fileName, content: base64(snapshotHtml(s)) }
  if (format === 'PDF') return { contentType: CONTENT_TYPE.pdf, fileName, content: base64(await snapshotPdf(s)) }
  return { contentType: CONTENT_TYPE.xml, fileName, content: base64(signedSnapshotXml(s)) }
}

export async function getDocumentSnapshot(access: Access, params: Params): Promise<SnapshotView> {
  const { tx, pkg } = access
  const { document, party, format, includeData } = validate(access, params)
  const picked = select(tx, pkg.documents, document, party)
  const sources = picked.map((e) => sourceOf(tx, e))
  const entries: Entry[] = []
  const pdfs: Uint8Array[] = []
  let latest = ''
  for (const [i, e] of picked.entries()) {
    const s = sources[i]
    const entry: Entry = { ...e }
    if (s) {
      if (format === 'PDFMERGE') pdfs.push(await snapshotPdf(s))
      else entry.snapshot = await renderSnapshot(format, s)
      if (includeData)
        entry.data = {
          format: includeData,
          contentType: CONTENT_TYPE.xml,
          content: base64(includeData === 'XML' ? dataXml(s) : signedDataXml(s)),
        }
      if (s.timestamp > latest) latest = s.timestamp
    }
    entries.push(entry)
  }
  const merged = pdfs.length
    ? { contentType: CONTENT_TYPE.pdf, fileName: `${tx.tid}.pdf`, content: base64(await mergedPdf(tx.tid, pdfs, latest)) }
    : undefined
  return { format, includeData, entries, merged }
}

function attach(parent: XmlNode, name: string, a: Attachment): void {
  const attrs: Record<string, string> = {}
  if (a.format) attrs.format = a.format
  attrs.contentType = a.contentType
  if (a.fileName) attrs.fileName = a.fileName
  attrs.encoding = BASE64
  leaf(parent, name, a.content, attrs)
}

export function writeSnapshot(root: XmlNode, view: SnapshotView): void {
  leaf(root, EL.format, view.format)
  leaf(root, EL.includeData, view.includeData)
  const docs = list(root, EL.documents, view.entries.length)
  for (const e of view.entries) {
    const d = docs.ele(EL.document)
    leaf(d, EL.name, e.document)
    leaf(d, EL.party, e.party.name)
    leaf(d, EL.status, e.pd.status)
    leaf(d, EL.lastUpdatedTimestamp, e.pd.lastUpdated)
    if (isCompleted(e.pd)) {
      leaf(d, EL.esignIpHost, e.pd.esignIpHost)
      leaf(d, EL.esignTimestamp, e.pd.esignTimestamp)
    }
    if (e.snapshot) attach(d, EL.snapshot, e.snapshot)
    if (e.data) attach(d, EL.data, e.data)
  }
  if (view.merged) attach(root, EL.mergedSnapshot, view.merged)
}
