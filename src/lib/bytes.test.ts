import { describe, expect, it } from 'vitest'
import { decodeBase64Strict, indexOfAscii } from './bytes.js'
import { escapeHtml } from './html.js'

describe('decodeBase64Strict', () => {
  it('accepts both alphabets, padding and whitespace', () => {
    expect(Buffer.from(decodeBase64Strict('aGVs bG8=\n') ?? []).toString()).toBe('hello')
    expect(Buffer.from(decodeBase64Strict('aGVsbG8') ?? []).toString()).toBe('hello')
    expect(decodeBase64Strict('-_8')).toEqual(new Uint8Array([0xfb, 0xff]))
  })
  it('refuses garbage, mixed alphabets, impossible lengths and empty input', () => {
    for (const bad of ['%%%not base64%%%', 'ab+_', 'a', 'abcde', 'ab=c', '', '====', 'aGVsbG8==='])
      expect(decodeBase64Strict(bad), bad).toBeNull()
  })
  it('finds ASCII markers within a window', () => {
    const b = new TextEncoder().encode('xx%PDF-1.7')
    expect(indexOfAscii(b, '%PDF-')).toBe(2)
    expect(indexOfAscii(b, '%PDF-', 4)).toBe(-1)
  })
  it('escapes HTML', () => expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'))
})
