import { describe, expect, it } from 'vitest'
import { PDFDocument } from 'pdf-lib'
import { mergePdfs, stampPdf, textPdf, looksLikePdf } from './pdf.js'

describe('pdf', () => {
  it('builds deterministic, parseable text documents whatever the characters', async () => {
    const input = { title: 'Contract <&>', sections: [{ heading: 'Fields', lines: ['x '.repeat(400), 'ünïcode ✓ 中'] }], date: new Date(0) }
    const a = await textPdf(input)
    const b = await textPdf(input)
    expect(looksLikePdf(a)).toBe(true)
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0)
    const doc = await PDFDocument.load(a)
    expect(doc.getTitle()).toBe('Contract <&>')
  })

  it('merges pages and stamps text onto existing or unreadable input', async () => {
    const a = await textPdf({ title: 'a', sections: [{ lines: ['one'] }] })
    const merged = await PDFDocument.load(await mergePdfs([a, a], { title: 'm' }))
    expect(merged.getPageCount()).toBe(2)
    const stamped = await stampPdf(a, [{ page: 3, x: 10, y: 10, text: 'Signed ✓' }], { title: 's' })
    expect((await PDFDocument.load(stamped)).getPageCount()).toBe(1)
    expect(looksLikePdf(await stampPdf(new Uint8Array([1, 2, 3]), [{ page: 0, x: 1, y: 1, text: 'x' }], { title: 's' }))).toBe(true)
  })
})
