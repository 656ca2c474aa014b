import { describe, expect, it } from 'vitest'
import { basename, DOCUMENT_TYPES, fileProblem, MAX_FILE_BYTES } from './files.js'

const file = (filename: string, bytes: number[] | Uint8Array) => ({
  filename,
  bytes: bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
})

describe('signio upload checks (§6.6)', () => {
  it('extension list, then size, then magic bytes', () => {
    expect(fileProblem('documento', file('a.txt', [1]), DOCUMENT_TYPES)).toBe(
      'El campo documento debe ser un archivo de tipo: doc, docx, xls, xlsx, png, jpg, pdf.',
    )
    expect(fileProblem('documento', file('a', [1]), DOCUMENT_TYPES)).toMatch(/debe ser un archivo de tipo/)
    expect(fileProblem('documento', file('a.pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]), DOCUMENT_TYPES)).toBeUndefined()
    expect(fileProblem('documento', file('a.PDF', [0x25, 0x50]), DOCUMENT_TYPES)).toBe(
      'El contenido del archivo documento no corresponde a su extensión.',
    )
    expect(fileProblem('documento', file('a.xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), DOCUMENT_TYPES)).toBeUndefined()
    expect(fileProblem('documento', file('a.pdf', new Uint8Array(MAX_FILE_BYTES + 1)), DOCUMENT_TYPES)).toBe(
      'El campo documento no debe ser mayor que 10240 kilobytes.',
    )
  })

  it('keeps only the base name of an uploaded path', () => {
    expect(basename('C:\\docs\\contrato.pdf')).toBe('contrato.pdf')
    expect(basename('a/b/c.pdf')).toBe('c.pdf')
  })
})
