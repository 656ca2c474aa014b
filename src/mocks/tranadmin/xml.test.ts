import { describe, expect, it } from 'vitest'
import { leaf, list, serialize, xmlDocument, xmlSafe } from './xml.js'
import { snapshotHtml } from './render.js'
import { echo } from './errors.js'

describe('XML output (spec §6)', () => {
  it('escapes text and attributes through the builder, never CDATA', () => {
    const root = xmlDocument('r', 'urn:x')
    leaf(root, 't', `<&>"' ]]>`, { a: `<&>"'` })
    list(root, 'l', 0)
    leaf(root, 'absent', null)
    expect(serialize(root)).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<r xmlns="urn:x">\n  <t a="&lt;&amp;&gt;&quot;'">&lt;&amp;&gt;"' ]]&gt;</t>\n  <l count="0"/>\n</r>\n`,
    )
  })

  it('replaces characters XML 1.0 forbids with U+FFFD, keeps tabs, newlines and pairs', () => {
    expect(xmlSafe('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFF\uD800g\uDC00h\t\n\r😀')).toBe(
      'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD\uFFFDg\uFFFDh\t\n\r😀',
    )
  })

  it('echoes at most 64 characters', () => {
    expect(echo('x'.repeat(64))).toBe('x'.repeat(64))
    expect(echo('y'.repeat(65))).toBe(`${'y'.repeat(64)}…`)
    expect(echo(undefined)).toBe('')
  })

  it('snapshot HTML escapes every inserted value', () => {
    const html = snapshotHtml({
      tid: 't',
      document: 'D',
      party: `P<'>`,
      timestamp: '2026-01-01T00:00:00Z',
      data: [{ name: 'a&b', value: `"x"` }],
      esignIpHost: null,
      esignTimestamp: null,
    })
    expect(html).toContain('<p>Party: P&lt;&#39;&gt;</p>')
    expect(html).toContain('<tr><th>a&amp;b</th><td>&quot;x&quot;</td></tr>')
    expect(html).not.toContain('Electronically')
  })
})
