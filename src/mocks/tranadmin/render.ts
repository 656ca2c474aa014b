import { createHash, createHmac } from 'node:crypto'
import { loadPdfLib, mergePdfs, pdfSafe, textPdf } from '../../lib/pdf.js'
import { BASE64, CONTENT_TYPE, DSIG, DSIG_NAMESPACE, EL, NAMESPACE, PDF_META } from './constants.js'
import type { NameValue } from './model.js'
import { base64, leaf, list, serialize, xmlDocument, type XmlNode } from './xml.js'
import { escapeHtml } from '../../lib/html.js'

/**
 * Snapshot renderings (spec §8.2). Each depends only on the stored snapshot,
 * so the same snapshot always gives the same bytes.
 */
export interface SnapshotSource {
  tid: string
  document: string
  party: string
  /** `YYYY-MM-DDTHH:MM:SSZ` */
  timestamp: string
  data: NameValue[]
  esignIpHost: string | null
  esignTimestamp: string | null
}

const esignLine = (s: SnapshotSource): string | null =>
  s.esignTimestamp && s.esignIpHost ? `Electronically signed by ${s.party} at ${s.esignTimestamp} from ${s.esignIpHost}` : null

export function snapshotHtml(s: SnapshotSource): string {
  const e = escapeHtml
  const signed =
    s.esignTimestamp && s.esignIpHost
      ? `<p>Electronically signed by ${e(s.party)} at ${e(s.esignTimestamp)} from ${e(s.esignIpHost)}</p>\n`
      : ''
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="UTF-8"><title>${e(s.document)}</title></head>\n<body>\n` +
    `<h1>${e(s.document)}</h1>\n<p>Party: ${e(s.party)}</p>\n<table>\n` +
    s.data.map((f) => `<tr><th>${e(f.name)}</th><td>${e(f.value)}</td></tr>\n`).join('') +
    `</table>\n${signed}</body>\n</html>\n`
  )
}

/** A PDF literal string: backslash and parentheses escaped, WinAnsi only. */
const pdfLiteral = (text: string): string => pdfSafe(text).replace(/[\\()]/g, '\\$&')
const pdfDate = (iso: string): string => `D:${iso.replace(/[-:T]/g, '').replace(/Z$/, '')}Z`

/**
 * Brings a pdf-lib document to the spec's form: PDF 1.4 header, US Letter
 * pages (the content keeps its top margin), literal /Info strings and no
 * /Creator. Classic xref table, no object streams.
 */
async function finishPdf(bytes: Uint8Array, title: string, timestamp: string): Promise<Uint8Array> {
  const { PDFDict, PDFDocument, PDFName, PDFString } = await loadPdfLib()
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  const [width, height] = PDF_META.letter
  for (const page of doc.getPages()) {
    const box = page.getMediaBox()
    if (box.width !== width || box.height !== height) page.setMediaBox(box.x, box.y + box.height - height, width, height)
  }
  // pdf-lib keeps getInfoDict private; the trailer's /Info is the same dictionary.
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)
  info.delete(PDFName.of('Creator'))
  info.set(PDFName.of('Title'), PDFString.of(pdfLiteral(title)))
  info.set(PDFName.of('Producer'), PDFString.of(pdfLiteral(PDF_META.producer)))
  info.set(PDFName.of('CreationDate'), PDFString.of(pdfDate(timestamp)))
  info.set(PDFName.of('ModDate'), PDFString.of(pdfDate(timestamp)))
  const out = await doc.save({ useObjectStreams: false, updateFieldAppearances: false })
  // pdf-lib's writer always says 1.7; nothing 1.4 lacks is used, and the header has the same length, so the xref offsets stay right.
  out.set(new TextEncoder().encode(`%PDF-${PDF_META.version}`), 0)
  return out
}

export async function snapshotPdf(s: SnapshotSource): Promise<Uint8Array> {
  const lines = [`Party: ${s.party}`, ...s.data.map((f) => `${f.name}: ${f.value}`)]
  const signed = esignLine(s)
  if (signed) lines.push(signed)
  const raw = await textPdf({ title: s.document, sections: [{ lines }], date: new Date(s.timestamp) })
  return finishPdf(raw, s.document, s.timestamp)
}

/** Every part's pages in order; dated by the latest snapshot. */
export async function mergedPdf(tid: string, parts: Uint8Array[], timestamp: string): Promise<Uint8Array> {
  const raw = await mergePdfs(parts, { title: tid, date: new Date(timestamp) })
  return finishPdf(raw, tid, timestamp)
}

const sha512 = (text: string): string => createHash('sha512').update(text, 'utf8').digest('base64')
const hmac = (text: string): string => createHmac('sha512', DSIG.hmacKey).update(text, 'utf8').digest('base64')

/** A Signature element that looks like XMLDSIG: the digest is real, the signature an HMAC (not verifiable). */
function appendSignature(parent: XmlNode, signedText: string): void {
  const digest = sha512(signedText)
  const sig = parent.ele(DSIG_NAMESPACE, 'Signature')
  const info = sig.ele('SignedInfo')
  info.ele('CanonicalizationMethod', { Algorithm: DSIG.canonicalization })
  info.ele('SignatureMethod', { Algorithm: DSIG.signatureMethod })
  const ref = info.ele('Reference', { URI: '' })
  ref.ele('Transforms').ele('Transform', { Algorithm: DSIG.transform })
  ref.ele('DigestMethod', { Algorithm: DSIG.digestMethod })
  leaf(ref, 'DigestValue', digest)
  leaf(sig, 'SignatureValue', hmac(digest))
  leaf(sig.ele('KeyInfo'), 'KeyName', DSIG.keyName)
}

function snapshotHead(root: XmlNode, s: SnapshotSource): void {
  leaf(root, EL.tid, s.tid)
  leaf(root, EL.document, s.document)
  leaf(root, EL.party, s.party)
  leaf(root, EL.snapshotTimestamp, s.timestamp)
}

export function signedSnapshotXml(s: SnapshotSource): string {
  const html = snapshotHtml(s)
  const root = xmlDocument(EL.signedSnapshot, NAMESPACE)
  snapshotHead(root, s)
  leaf(root, EL.html, base64(html), { contentType: CONTENT_TYPE.html, encoding: BASE64 })
  appendSignature(root, html)
  return serialize(root)
}

function recordNode(s: SnapshotSource): XmlNode {
  const root = xmlDocument(EL.record, NAMESPACE)
  snapshotHead(root, s)
  const values = list(root, EL.nameValues, s.data.length)
  for (const f of s.data) leaf(values, EL.nameValue, f.value, { name: f.name })
  return root
}

export function dataXml(s: SnapshotSource): string {
  return serialize(recordNode(s))
}

/** The same record with a Signature over the exact bytes of its plain XML form. */
export function signedDataXml(s: SnapshotSource): string {
  const root = recordNode(s)
  appendSignature(root, dataXml(s))
  return serialize(root)
}
