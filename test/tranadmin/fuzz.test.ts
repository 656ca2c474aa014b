import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { XMLValidator } from 'fast-xml-parser'
import { createSandbox } from '../../src/index.js'
import { T1, T2, T3, T5, T6, T7 } from './helpers.js'

/**
 * Spec §13: no parameter values make tranadmin crash or answer anything but
 * its own statuses — empty 403/404/405/413/503, or well-formed XML on 200.
 */
const sandbox = createSandbox({ seed: 1, clock: '2026-03-01T12:00:00Z' })
const value = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'HTML',
    'pdf',
    'XMLDSIG',
    'PDFMERGE',
    'XML',
    'Employee',
    'Payroll',
    'W4',
    'OfferLetter',
    'sales.rep@example.com',
    'x@example.com',
    '',
    ' ',
    ']]>',
    '<&"\'>',
  ),
)
const raw = fc.constantFrom('%', '%zz', '%C3%28', '%00', '+', '&&', '=', '%E2%82')

describe('tranadmin: random parameters never crash or leak', () => {
  it('answers only the spec statuses, XML always well-formed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GetStatus', 'GetDocumentSnapshot', 'RenotifyParty'),
        fc.constantFrom(T1, T2, T3, T5, T6, T7, 'nope', T1.toUpperCase()),
        fc.record({ ESFDOCUMENT: value, ESFPARTY: value, FORMAT: value, INCLUDEDATA: value, TRANSFERPARTY: value }, { requiredKeys: [] }),
        fc.option(raw),
        async (call, tid, extra, junk) => {
          const body =
            new URLSearchParams({ ESFLOGINUSER: 'apiuser@example.com', ESFLOGINPASSWORD: 'secure', ESFTID: tid, ...extra }).toString() +
            (junk ? `&X=${junk}&FORMAT=${junk}` : '')
          const res = await sandbox.app.request(`http://localhost/ws/fuzz/openesignforms/demo/tranadmin/${call}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          })
          const text = await res.text()
          expect([200, 403, 404, 503]).toContain(res.status)
          if (res.status === 200) {
            expect(res.headers.get('content-type')).toBe('text/xml; charset=UTF-8')
            expect(XMLValidator.validate(text)).toBe(true)
          } else expect(text).toBe('')
          if (res.status === 503) expect(tid).toBe(T7)
        },
      ),
      { numRuns: 300, seed: 4242 },
    )
  })
})
