import { loadPdfLib, looksLikePdf } from '../../../lib/pdf.js'
import { FILE_EXTENSIONS, MAX_FILE, MAX_FILES, MAX_FILES_TOTAL } from '../constants.js'
import { fail } from '../errors.js'
import type { ZDocument } from '../model.js'

/** Uploaded files → documents (spec §13: extensions, sizes, PDF magic; page count read with pdf-lib). */

export interface UploadedFile {
  name: string
  bytes: Uint8Array
}

export interface NewDocument {
  doc: ZDocument
  bytes: Uint8Array
}

export function checkFiles(files: UploadedFile[]): void {
  if (files.length > MAX_FILES) fail('unable_to_process')
  let total = 0
  for (const f of files) {
    const ext = /\.([A-Za-z0-9]+)$/.exec(f.name)?.[1]?.toLowerCase()
    if (!ext || !FILE_EXTENSIONS.includes(ext) || f.bytes.byteLength === 0) fail('invalid_file_format')
    if (ext === 'pdf' && !looksLikePdf(f.bytes)) fail('invalid_file_format')
    if (f.bytes.byteLength > MAX_FILE) fail('file_size_exceeded')
    total += f.bytes.byteLength
  }
  if (total > MAX_FILES_TOTAL) fail('file_size_exceeded')
}

/** Page heights of a PDF pdf-lib can read; undefined for one it cannot (served as a generated page then). */
async function pageHeights(bytes: Uint8Array): Promise<number[] | undefined> {
  try {
    const { PDFDocument } = await loadPdfLib()
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })
    const heights = doc.getPages().map((p) => p.getHeight())
    return heights.length ? heights : undefined
  } catch {
    return undefined
  }
}

/** Checked files as documents with fresh ids (not stored yet). */
export async function toDocuments(files: UploadedFile[], newId: () => string): Promise<NewDocument[]> {
  checkFiles(files)
  const out: NewDocument[] = []
  for (const f of files) {
    const heights = looksLikePdf(f.bytes) ? await pageHeights(f.bytes) : undefined
    out.push({
      doc: {
        document_id: newId(),
        document_name: f.name,
        document_size: f.bytes.byteLength,
        total_pages: heights?.length ?? 1,
        page_heights: heights ?? [792],
        is_pdf: heights !== undefined,
      },
      bytes: f.bytes,
    })
  }
  return out
}
