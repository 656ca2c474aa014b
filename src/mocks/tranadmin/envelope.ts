import type { SandboxContext } from '../../lib/context.js'
import { sendText } from '../../lib/reply.js'
import { EL, NAMESPACE, RESULT, XML_CONTENT_TYPE, XML_HEADERS } from './constants.js'
import { leaf, list, serialize, xmlDocument, type XmlNode } from './xml.js'

/** The response envelope of every XML answer (spec §6): call, result, tid, timestamp, then the payload. */
export interface EnvelopeHead {
  call: string
  tid?: string
  /** Epoch ms from the sandbox clock. */
  at: number
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ`, no milliseconds. */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`
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
