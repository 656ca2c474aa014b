import { createRequire } from 'node:module'

// fflate is required on the first ZIP, not at startup.
let fflate: typeof import('fflate') | undefined
const zipSync: typeof import('fflate').zipSync = (data, opts) =>
  (fflate ??= createRequire(import.meta.url)('fflate') as typeof import('fflate')).zipSync(data, opts)
import { mergePdfs, stampPdf, textPdf, type PdfStamp } from '../../../lib/pdf.js'
import { fail } from '../errors.js'
import { type ZDocument, type ZRequest, type ZWs } from '../model.js'
import { formatDate } from './fields.js'
import { fromBase64 } from '../../../lib/bytes.js'
import { flagParam } from './input.js'
import { completedRequest } from './request-ops.js'
import { sortedActions } from './render.js'
import { findRequest } from './workspace.js'

/** Real documents (spec §8.1 downloads): originals, signed PDFs, ZIP of several, the completion certificate. */

export interface Download {
  bytes: Uint8Array
  contentType: 'application/pdf' | 'application/zip'
  filename: string
}

const withPdf = (name: string) => (/\.pdf$/i.test(name) ? name : `${name}.pdf`)
const fixedDate = (ws: ZWs) => new Date(ws.now())

/** The original (uploaded PDF, or a generated page naming a non-PDF file), stamped with signed values once completed. */
async function documentPdf(ws: ZWs, r: ZRequest, d: ZDocument): Promise<Uint8Array> {
  const stored = ws.state.files.get(d.document_id)
  const original =
    stored && d.is_pdf
      ? fromBase64(stored)
      : await textPdf({
          title: d.document_name,
          date: fixedDate(ws),
          sections: [{ lines: [`Original file: ${d.document_name} (${d.document_size} bytes)`] }],
        })
  if (r.request_status !== 'completed') return original
  const stamps: PdfStamp[] = []
  for (const a of r.actions) {
    for (const f of a.fields) {
      if (f.document_id !== d.document_id || !f.field_value) continue
      const height = d.page_heights[Math.min(f.page_no, d.page_heights.length - 1)] ?? 792
      stamps.push({
        page: f.page_no,
        x: f.x_coord,
        y: Math.max(2, height - f.y_coord - Math.min(f.abs_height, 14)),
        text: f.field_value,
        size: Math.max(6, Math.min(12, f.abs_height * 0.6)),
      })
    }
  }
  return stampPdf(original, stamps, { title: r.request_name, date: fixedDate(ws) })
}

export async function certificatePdf(ws: ZWs, r: ZRequest): Promise<Uint8Array> {
  const when = (t: number | undefined) => (t === undefined ? '-' : `${formatDate(t, 'MMM dd yyyy HH:mm:ss')} UTC`)
  return textPdf({
    title: 'Completion Certificate',
    date: fixedDate(ws),
    author: 'Zoho Sign (esign-sandbox)',
    subject: r.request_name,
    sections: [
      {
        heading: 'Document',
        lines: [
          `Request name: ${r.request_name}`,
          `Request id: ${r.request_id}`,
          `Document id: ${r.zsdocumentid}`,
          `Documents: ${r.documents.map((d) => d.document_name).join(', ')}`,
        ],
      },
      {
        heading: 'Events',
        lines: [
          `Created: ${when(r.created_time)}`,
          `Sent for signature: ${when(r.sign_submitted_time)}`,
          `Completed: ${when(r.action_time)}`,
        ],
      },
      ...sortedActions(r.actions).map((a) => ({
        heading: `Signer ${a.signing_order + 1}: ${a.recipient_name} <${a.recipient_email}>`,
        lines: [
          `Action: ${a.action_type}`,
          `Status: ${a.action_status}`,
          `Time: ${when(a.signed_time)}`,
          `IP address: ${a.ip_address ?? '-'}`,
        ],
      })),
    ],
  })
}

export async function requestPdf(ws: ZWs, id: string, withCoc: string | undefined, merge: string | undefined): Promise<Download> {
  const r = findRequest(ws, id)
  const coc = (flagParam(withCoc) ?? false) && r.request_status === 'completed'
  const merged = flagParam(merge) ?? false
  const pdfs = await Promise.all(r.documents.map((d) => documentPdf(ws, r, d)))
  const cert = coc ? await certificatePdf(ws, r) : undefined
  if (pdfs.length === 1 || merged) {
    const parts = cert ? [...pdfs, cert] : pdfs
    const bytes = parts.length === 1 ? parts[0] : await mergePdfs(parts, { title: r.request_name, date: fixedDate(ws) })
    return { bytes, contentType: 'application/pdf', filename: `${r.request_name}.pdf` }
  }
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {}
  const mtime = new Date(Math.max(ws.now(), Date.UTC(1980, 0, 2)))
  r.documents.forEach((d, i) => {
    let name = withPdf(d.document_name)
    for (let n = 2; entries[name]; n++) name = withPdf(`${d.document_name.replace(/\.pdf$/i, '')} (${n})`)
    entries[name] = [pdfs[i], { mtime }]
  })
  if (cert) entries['Completion Certificate.pdf'] = [cert, { mtime }]
  return { bytes: zipSync(entries), contentType: 'application/zip', filename: `${r.request_name}.zip` }
}

export async function documentDownload(ws: ZWs, id: string, documentId: string): Promise<Download> {
  const r = findRequest(ws, id)
  const d = r.documents.find((x) => x.document_id === documentId)
  if (!d) fail('id_not_found')
  return { bytes: await documentPdf(ws, r, d), contentType: 'application/pdf', filename: withPdf(d.document_name) }
}

export async function certificateDownload(ws: ZWs, id: string): Promise<Download> {
  const r = completedRequest(ws, id)
  return { bytes: await certificatePdf(ws, r), contentType: 'application/pdf', filename: 'Completion Certificate.pdf' }
}
