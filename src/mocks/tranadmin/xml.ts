import { createRequire } from 'node:module'
import type { SandboxContext } from '../../lib/context.js'
import { toBase64 } from '../../lib/bytes.js'
import { isoSeconds } from '../../lib/time.js'
import { sendText } from '../../lib/reply.js'
import { EL, NAMESPACE, RESULT, XML_CONTENT_TYPE, XML_HEADERS } from './constants.js'

/**
 * XML output (spec §6) through xmlbuilder2, so stored values are always
 * escaped by the builder, never concatenated: `& < >` in text, plus `"` in
 * attributes; characters XML 1.0 forbids become U+FFFD; no CDATA; 2-space
 * indentation, LF line ends and a final LF.
 */
type XmlBuilder2 = typeof import('xmlbuilder2')
export type XmlNode = ReturnType<XmlBuilder2['create']>

// xmlbuilder2 costs ~100 ms to load: required by the first XML reply, not at startup.
let builder: XmlBuilder2 | undefined
const xmlbuilder2 = (): XmlBuilder2 => (builder ??= createRequire(import.meta.url)('xmlbuilder2') as XmlBuilder2)

// these are exactly the characters XML 1.0 forbids
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD')
}

export type Attrs = Record<string, string>

const safeAttrs = (attrs: Attrs): Attrs => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, xmlSafe(v)]))

/** A new document whose root declares `namespace` (children inherit it without redeclaring). */
export function xmlDocument(root: string, namespace: string): XmlNode {
  return xmlbuilder2().create({ version: '1.0', encoding: 'UTF-8' }).ele(namespace, root)
}

/** A child element with text; omitted when the value is absent (optional elements are never left empty). */
export function leaf(parent: XmlNode, name: string, value: string | boolean | null | undefined, attrs: Attrs = {}): void {
  if (value === null || value === undefined) return
  parent.ele(name, safeAttrs(attrs)).txt(xmlSafe(String(value)))
}

export function element(parent: XmlNode, name: string, attrs: Attrs = {}): XmlNode {
  return parent.ele(name, safeAttrs(attrs))
}

/** A list element carrying `count`; an empty one is self-closed by the serializer. */
export function list(parent: XmlNode, name: string, count: number, attrs: Attrs = {}): XmlNode {
  return parent.ele(name, safeAttrs({ ...attrs, count: String(count) }))
}

export function serialize(node: XmlNode): string {
  return `${node.end({ prettyPrint: true, indent: '  ', newline: '\n' })}\n`
}

/** Base64 (RFC 4648, one line) of bytes or UTF-8 text. */
export function base64(content: Uint8Array | string): string {
  return typeof content === 'string' ? Buffer.from(content, 'utf8').toString('base64') : toBase64(content)
}

/** The response envelope of every XML answer (spec §6): call, result, tid, timestamp, then the payload. */
export interface EnvelopeHead {
  call: string
  tid?: string
  /** Epoch ms from the sandbox clock. */
  at: number
}

export function envelope(head: EnvelopeHead, result: keyof typeof RESULT): XmlNode {
  const root = xmlDocument(EL.root, NAMESPACE)
  leaf(root, EL.call, head.call)
  leaf(root, EL.result, RESULT[result])
  leaf(root, EL.tid, head.tid)
  leaf(root, EL.timestamp, isoSeconds(head.at))
  return root
}

export interface ErrorLine {
  code: string
  text: string
}

export function errorDocument(head: EnvelopeHead, lines: ErrorLine[]): string {
  const root = envelope(head, 'error')
  const errors = list(root, EL.errors, lines.length)
  for (const line of lines) leaf(errors, EL.error, line.text, { code: line.code })
  return serialize(root)
}

export function sendXml(c: SandboxContext, xml: string): Response {
  return sendText(c, 200, xml, XML_CONTENT_TYPE, { ...XML_HEADERS })
}
