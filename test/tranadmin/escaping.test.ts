import { expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { at, objs } from '../helpers/json.js'
import { b64, client, expectOk, FROZEN, parseXml, T1 } from './helpers.js'

const NASTY = `a<b>&c"d'e]]>f\u0001g`

eachDoor(
  'tranadmin escaping of stored values (spec §6)',
  (door) => {
    it('stored values with <&"\'> and ]]> come back escaped everywhere, never as CDATA, control characters as U+FFFD', async () => {
      const ws = door.workspace('ta-esc')
      const c = client(door, ws)
      await door.control(ws).simulate('tranadmin', 'party-complete', {
        tid: T1,
        party: 'Employee',
        data: { W4: { [`Field`]: NASTY } },
        ip_host: `10.0.0.1 (<evil> & "co")`,
      })
      const r = await c.snapshot(T1, { ESFDOCUMENT: 'W4', FORMAT: 'HTML', INCLUDEDATA: 'XML' })
      expect(r.text).not.toContain('CDATA')
      expect(r.text).toContain('<esignIpHost>10.0.0.1 (&lt;evil&gt; &amp; "co")</esignIpHost>')
      const [d] = objs(at(expectOk(r, 'GetDocumentSnapshot', T1), 'documents', 'document'))
      expect(d.esignIpHost).toBe('10.0.0.1 (<evil> & "co")')
      const record = b64(at(d, 'data', '#text')).toString('utf8')
      expect(record).toContain(`<nameValue name="Field">a&lt;b&gt;&amp;c"d'e]]&gt;f\uFFFDg</nameValue>`)
      expect(at(parseXml(record), 'esfRecord', 'nameValues', 'nameValue', 0, '#text')).toBe(`a<b>&c"d'e]]>f\uFFFDg`)
      const html = b64(at(d, 'snapshot', '#text')).toString('utf8')
      expect(html).toContain('<td>a&lt;b&gt;&amp;c&quot;d&#39;e]]&gt;f\u0001g</td>')
      expect(html).toContain('from 10.0.0.1 (&lt;evil&gt; &amp; &quot;co&quot;)</p>')
      const status = await c.status(T1, { ESFPARTY: 'Employee' })
      expect(status.text).toContain('(&lt;evil&gt; &amp; "co")')
    })

    it('an echoed invalid TRANSFERPARTY with quotes, <, & is escaped in the error text', async () => {
      const c = client(door, door.workspace('ta-esc'))
      const r = await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: `"o'neil"<&x@example.com` })
      expect(r.text).toContain(
        `<error code="INVALID_TRANSFER_EMAIL">Invalid TRANSFERPARTY email address ""o'neil"&lt;&amp;x@example.com".</error>`,
      )
      expect(at(r.x, 'errors', 'error', 0, '#text')).toBe(`Invalid TRANSFERPARTY email address ""o'neil"<&x@example.com".`)
    })
    it('a stored value in an attribute (a data field name) escapes & < > and ", keeps \', and control characters become U+FFFD', async () => {
      const ws = door.workspace('ta-esc')
      const c = client(door, ws)
      await door.control(ws).simulate('tranadmin', 'party-complete', { tid: T1, party: 'Employee', data: { W4: { [NASTY]: 'v' } } })
      const [d] = objs(
        at(
          expectOk(await c.snapshot(T1, { ESFDOCUMENT: 'W4', FORMAT: 'HTML', INCLUDEDATA: 'XML' }), 'GetDocumentSnapshot', T1),
          'documents',
          'document',
        ),
      )
      const record = b64(at(d, 'data', '#text')).toString('utf8')
      expect(record).toContain(`<nameValue name="a&lt;b&gt;&amp;c&quot;d'e]]&gt;f\uFFFDg">v</nameValue>`)
      expect(at(parseXml(record), 'esfRecord', 'nameValues', 'nameValue', 0, '@_name')).toBe(`a<b>&c"d'e]]>f\uFFFDg`)
    })
  },
  { clock: FROZEN },
)
