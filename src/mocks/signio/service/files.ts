import { ERR } from '../errors.js'

/** Upload checks (signio.md §2.7, §6.6, §6.22): extension, magic bytes, 10 MiB. */

export const MAX_FILE_BYTES = 10 * 1024 * 1024

const MAGIC: Record<string, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpg: [0xff, 0xd8, 0xff],
  docx: [0x50, 0x4b, 0x03, 0x04],
  xlsx: [0x50, 0x4b, 0x03, 0x04],
  doc: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  xls: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
}

export const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export const DOCUMENT_TYPES = ['doc', 'docx', 'xls', 'xlsx', 'png', 'jpg', 'pdf'] as const
export const TVE_TYPES_ALLOWED = ['pdf'] as const

export function extension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/** The uploaded name without any client-side directory. */
export function basename(name: string): string {
  return name.split(/[\\/]/).pop() ?? name
}

/** The problem with an uploaded file, or undefined. */
export function fileProblem(campo: string, file: { filename: string; bytes: Uint8Array }, allowed: readonly string[]): string | undefined {
  const ext = extension(file.filename)
  if (!allowed.includes(ext)) return ERR.file_type.replace('{campo}', campo).replace('{lista}', allowed.join(', '))
  if (file.bytes.byteLength > MAX_FILE_BYTES) return ERR.file_size.replace('{campo}', campo)
  const magic = MAGIC[ext]
  if (file.bytes.byteLength === 0 || magic.some((b, i) => file.bytes[i] !== b)) return ERR.file_content.replace('{campo}', campo)
  return undefined
}

export function mimeOf(name: string): string {
  return MIME[extension(name)] ?? 'application/octet-stream'
}
