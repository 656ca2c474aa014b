import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib'

// pdf-lib costs ~300 ms to load: loaded on the first document, never at startup.
let pdfLib: Promise<typeof import('pdf-lib')> | undefined
/** pdf-lib itself, for vendors that post-process a document (loaded once, on first use). */
export const loadPdfLib = (): Promise<typeof import('pdf-lib')> => (pdfLib ??= import('pdf-lib'))
const lib = loadPdfLib

/**
 * Real PDF documents for vendors that serve them (snapshots, signed documents,
 * completion certificates). Built with pdf-lib so that any PDF reader, and the
 * tests, can parse them back; text is drawn with a standard font, so it is
 * limited to WinAnsi characters (others are replaced by `?`).
 */
export interface PdfSection {
  heading?: string
  lines: string[]
}

export interface TextPdfInput {
  title: string
  sections: PdfSection[]
  /** Document metadata (Author, Subject, …). */
  author?: string
  subject?: string
  /** Fixed creation/modification date, so output is deterministic under a frozen clock. */
  date?: Date
}

const PAGE: [number, number] = [595.28, 841.89] // A4
const MARGIN = 50
const SIZE = 11
const LEADING = 15

/** Characters outside WinAnsi would make pdf-lib throw; stored values can be anything. */
export function pdfSafe(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?')
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = []
  for (const para of pdfSafe(text).split('\n')) {
    let line = ''
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(next, size) > width && line) {
        out.push(line)
        line = word
      } else line = next
    }
    out.push(line)
  }
  return out
}

async function newDoc(meta: { title: string; author?: string; subject?: string; date?: Date }): Promise<PDFDocument> {
  const { PDFDocument } = await lib()
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.setTitle(pdfSafe(meta.title))
  doc.setProducer('esign-sandbox')
  doc.setCreator('esign-sandbox')
  if (meta.author) doc.setAuthor(pdfSafe(meta.author))
  if (meta.subject) doc.setSubject(pdfSafe(meta.subject))
  const date = meta.date ?? new Date(0)
  doc.setCreationDate(date)
  doc.setModificationDate(date)
  return doc
}

/** A text document: a title and sections of lines, paginated on A4. */
export async function textPdf(input: TextPdfInput): Promise<Uint8Array> {
  const { StandardFonts, rgb } = await lib()
  const doc = await newDoc(input)
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const width = PAGE[0] - 2 * MARGIN
  let page: PDFPage = doc.addPage(PAGE)
  let y = PAGE[1] - MARGIN
  const draw = (text: string, f: PDFFont, size: number) => {
    for (const line of wrap(text, f, size, width)) {
      if (y < MARGIN + size) {
        page = doc.addPage(PAGE)
        y = PAGE[1] - MARGIN
      }
      page.drawText(line, { x: MARGIN, y, size, font: f, color: rgb(0, 0, 0) })
      y -= size + (LEADING - SIZE)
    }
  }
  draw(input.title, bold, 16)
  y -= 8
  for (const s of input.sections) {
    if (s.heading) {
      y -= 6
      draw(s.heading, bold, 12)
    }
    for (const l of s.lines) draw(l, font, SIZE)
  }
  return doc.save({ useObjectStreams: false })
}

/** One PDF with every page of the inputs, in order. */
export async function mergePdfs(parts: Uint8Array[], meta: { title: string; date?: Date }): Promise<Uint8Array> {
  const { PDFDocument } = await lib()
  const doc = await newDoc(meta)
  for (const bytes of parts) {
    const src = await PDFDocument.load(bytes, { ignoreEncryption: true })
    const pages = await doc.copyPages(src, src.getPageIndices())
    for (const p of pages) doc.addPage(p)
  }
  return doc.save({ useObjectStreams: false })
}

export interface PdfStamp {
  /** 0-based page index; clamped to the document's pages. */
  page: number
  /** Points from the bottom-left corner. */
  x: number
  y: number
  text: string
  size?: number
}

/** An existing PDF with text drawn onto it (filled signature fields); unreadable input gets a text page instead. */
export async function stampPdf(bytes: Uint8Array, stamps: PdfStamp[], meta: { title: string; date?: Date }): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await lib()
  let doc: PDFDocument
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })
  } catch {
    return textPdf({ title: meta.title, date: meta.date, sections: [{ lines: stamps.map((s) => s.text) }] })
  }
  if (doc.getPageCount() === 0) doc.addPage(PAGE)
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const pages = doc.getPages()
  for (const s of stamps) {
    const page = pages[Math.min(Math.max(0, s.page), pages.length - 1)]
    page.drawText(pdfSafe(s.text), { x: s.x, y: s.y, size: s.size ?? 10, font, color: rgb(0, 0, 0.6) })
  }
  const date = meta.date ?? new Date(0)
  doc.setModificationDate(date)
  return doc.save({ useObjectStreams: false })
}

/** True when the bytes start like a PDF file. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d
}
