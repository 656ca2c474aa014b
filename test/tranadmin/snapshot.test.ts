import { createHash, createHmac } from 'node:crypto'
import { expect, it } from 'vitest'
import { decodePDFRawStream, PDFArray, PDFDocument, PDFDict, PDFName, type PDFRawStream } from 'pdf-lib'
import { eachDoor } from '../helpers/doors.js'
import { at, obj, objs, str, type JsonObject } from '../helpers/json.js'
import { b64, client, expectEmpty, expectOk, expectXmlError, FROZEN, parseXml, T1, T2, T3, T6, T7 } from './helpers.js'

const OFFER_HTML_T2 = [
  '<!DOCTYPE html>',
  '<html lang="en">',
  '<head><meta charset="UTF-8"><title>OfferLetter</title></head>',
  '<body>',
  '<h1>OfferLetter</h1>',
  '<p>Party: Employee</p>',
  '<table>',
  '<tr><th>Position</th><td>Account Manager</td></tr>',
  '<tr><th>StartDate</th><td>2026-02-15</td></tr>',
  '<tr><th>Salary</th><td>72000</td></tr>',
  '<tr><th>AcceptedBy</th><td>Ben Ortiz</td></tr>',
  '</table>',
  '<p>Electronically signed by Employee at 2026-01-06T11:00:00Z from 198.51.100.7 (ben-home.example.org)</p>',
  '</body>',
  '</html>',
  '',
].join('\n')

/** The text pdf-lib drew (hex strings shown with Tj), page by page, read back from the content streams. */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await PDFDocument.load(bytes)
  const out: string[] = []
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
    for (const ref of refs) {
      const stream = doc.context.lookup(ref) as PDFRawStream
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
      for (const m of text.matchAll(/<([0-9A-Fa-f]+)> Tj/g)) out.push(Buffer.from(m[1], 'hex').toString('latin1'))
    }
  }
  return out.join('\n')
}

/** Parses the PDF back with pdf-lib and checks the spec's PDF rules (§8.2). */
async function checkPdf(bytes: Buffer, pages: number, title: string) {
  const latin = bytes.toString('latin1')
  expect(latin.startsWith('%PDF-1.4')).toBe(true)
  expect(latin).toMatch(/%%EOF\r?\n?$/)
  expect(latin.match(/\/Type \/Page\b/g)).toHaveLength(pages)
  expect(latin).not.toMatch(/\/ObjStm|\/XRef|\/ID\s*\[/)
  expect(latin).toContain('\nxref\n')
  expect(latin).toContain(`/Title (${title})`)
  expect(latin).toContain('/Producer (esign-sandbox)')
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  expect(doc.getPageCount()).toBe(pages)
  for (const page of doc.getPages()) expect(page.getSize()).toEqual({ width: 612, height: 792 })
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)
  expect(info.get(PDFName.of('CreationDate'))?.toString()).toBe(info.get(PDFName.of('ModDate'))?.toString())
  return { latin, doc, info }
}

eachDoor(
  'tranadmin GetDocumentSnapshot (spec §8.2, §16 items 8–20)',
  (door) => {
    const setup = () => client(door, door.workspace('ta-snap'))
    const docs = (x: JsonObject): JsonObject[] => objs(at(x, 'documents', 'document') ?? [])

    it('8: HTML of the latest completer, with esign fields and the exact template', async () => {
      const x = expectOk(await setup().snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'HTML' }), 'GetDocumentSnapshot', T2)
      expect(x.format).toBe('HTML')
      expect(x.includeData).toBeUndefined()
      expect(at(x, 'documents', '@_count')).toBe('1')
      const [d] = docs(x)
      expect([d.name, d.party, d.status, d.lastUpdatedTimestamp, d.esignIpHost, d.esignTimestamp]).toEqual([
        'OfferLetter',
        'Employee',
        'Completed',
        '2026-01-06T11:00:00Z',
        '198.51.100.7 (ben-home.example.org)',
        '2026-01-06T11:00:00Z',
      ])
      expect(at(d, 'snapshot', '@_contentType')).toBe('text/html; charset=UTF-8')
      expect(at(d, 'snapshot', '@_fileName')).toBe('OfferLetter.html')
      expect(at(d, 'snapshot', '@_encoding')).toBe('base64')
      const html = b64(at(d, 'snapshot', '#text')).toString('utf8')
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
      expect(html).toContain('<title>OfferLetter</title>')
      expect(html).toContain('Party: Employee')
      expect(html).toBe(OFFER_HTML_T2)
    })

    it('9: ESFPARTY picks that party', async () => {
      const [d] = docs(
        expectOk(
          await setup().snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'HTML', ESFPARTY: 'Employer' }),
          'GetDocumentSnapshot',
          T2,
        ),
      )
      expect(d.party).toBe('Employer')
      expect(d.esignTimestamp).toBe('2026-01-06T10:05:00Z')
    })

    it('10: PDF is a real one-page PDF 1.4 with the document text; FORMAT is case-insensitive', async () => {
      const c = setup()
      const x = expectOk(await c.snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'PDF' }), 'GetDocumentSnapshot', T2)
      const [d] = docs(x)
      expect(at(d, 'snapshot', '@_contentType')).toBe('application/pdf')
      expect(at(d, 'snapshot', '@_fileName')).toBe('OfferLetter.pdf')
      const { latin } = await checkPdf(b64(at(d, 'snapshot', '#text')), 1, 'OfferLetter')
      expect(latin).toContain('/CreationDate (D:20260106110000Z)')
      const lower = expectOk(await c.snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'pdf' }), 'GetDocumentSnapshot', T2)
      expect(lower.format).toBe('PDF')
      expect(at(docs(lower)[0], 'snapshot', '#text')).toBe(at(d, 'snapshot', '#text'))
    })

    it('10b: the PDF shows the document name, party, field values and esign line', async () => {
      const [d] = docs(expectOk(await setup().snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'PDF' }), 'GetDocumentSnapshot', T2))
      const shown = await pdfText(b64(at(d, 'snapshot', '#text')))
      for (const s of [
        'OfferLetter',
        'Party: Employee',
        'Position: Account Manager',
        'Salary: 72000',
        'AcceptedBy: Ben Ortiz',
        'Electronically signed by Employee',
      ])
        expect(shown).toContain(s)
    })

    it('11: XMLDSIG is a well-formed signed snapshot whose digest is SHA-512 of the HTML', async () => {
      const [d] = docs(expectOk(await setup().snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'XMLDSIG' }), 'GetDocumentSnapshot', T2))
      expect(at(d, 'snapshot', '@_contentType')).toBe('application/xml; charset=UTF-8')
      expect(at(d, 'snapshot', '@_fileName')).toBe('OfferLetter.xml')
      const text = b64(at(d, 'snapshot', '#text')).toString('utf8')
      expect(text).toContain('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">')
      const s = obj(parseXml(text).esfSignedDocumentSnapshot, 'esfSignedDocumentSnapshot')
      expect([s.tid, s.document, s.party, s.snapshotTimestamp]).toEqual([T2, 'OfferLetter', 'Employee', '2026-01-06T11:00:00Z'])
      const html = b64(at(s, 'html', '#text')).toString('utf8')
      expect(html).toBe(OFFER_HTML_T2)
      const digest = str(at(s, 'Signature', 'SignedInfo', 'Reference', 'DigestValue'))
      expect(digest).toBe(createHash('sha512').update(html, 'utf8').digest('base64'))
      expect(at(s, 'Signature', 'SignatureValue')).toBe(
        createHmac('sha512', 'esign-sandbox-not-a-real-key').update(digest).digest('base64'),
      )
      expect(at(s, 'Signature', 'KeyInfo', 'KeyName')).toBe('esign-sandbox-snapshot-signer')
    })

    it('12: PDFMERGE → entries without snapshot, one merged 2-page PDF named after the tid', async () => {
      const x = expectOk(await setup().snapshot(T2, { FORMAT: 'PDFMERGE' }), 'GetDocumentSnapshot', T2)
      expect(docs(x).map((d) => [d.name, d.party, d.snapshot])).toEqual([
        ['OfferLetter', 'Employee', undefined],
        ['W4', 'Employee', undefined],
      ])
      expect(at(x, 'mergedSnapshot', '@_contentType')).toBe('application/pdf')
      expect(at(x, 'mergedSnapshot', '@_fileName')).toBe(`${T2}.pdf`)
      const { latin } = await checkPdf(b64(at(x, 'mergedSnapshot', '#text')), 2, T2)
      expect(latin).toContain('/CreationDate (D:20260106110200Z)')
      const shown = await pdfText(b64(at(x, 'mergedSnapshot', '#text')))
      for (const s of ['OfferLetter', 'W4', 'FilingStatus: Single', 'Position: Account Manager']) expect(shown).toContain(s)
    })

    it('13: INCLUDEDATA=XML → the data record, its stored values escaped in the record and in the HTML', async () => {
      const [d] = docs(
        expectOk(
          await setup().snapshot(T3, { ESFDOCUMENT: 'Contract', ESFPARTY: 'Buyer', FORMAT: 'HTML', INCLUDEDATA: 'XML' }),
          'GetDocumentSnapshot',
          T3,
        ),
      )
      expect(at(d, 'data', '@_format')).toBe('XML')
      expect(at(d, 'data', '@_contentType')).toBe('application/xml; charset=UTF-8')
      expect(at(d, 'data', '@_encoding')).toBe('base64')
      const record = b64(at(d, 'data', '#text')).toString('utf8')
      expect(record).toContain('<nameValue name="CompanyName">Smith &amp; Sons &lt;"Widgets"&gt;</nameValue>')
      const parsed = obj(parseXml(record).esfRecord, 'esfRecord')
      expect(at(parsed, 'nameValues', '@_count')).toBe('3')
      expect(objs(at(parsed, 'nameValues', 'nameValue')).map((n: JsonObject) => [n['@_name'], n['#text']])).toEqual([
        ['CompanyName', 'Smith & Sons <"Widgets">'],
        ['Amount', '1200.00'],
        ['BuyerName', 'Jo Smith'],
      ])
      expect(b64(at(d, 'snapshot', '#text')).toString('utf8')).toContain('Smith &amp; Sons &lt;&quot;Widgets&quot;&gt;')
    })

    it('14: INCLUDEDATA=xmldsig → the record with a Signature over its XML form', async () => {
      const c = setup()
      const [plain] = docs(
        expectOk(
          await c.snapshot(T3, { ESFDOCUMENT: 'Contract', ESFPARTY: 'Buyer', FORMAT: 'HTML', INCLUDEDATA: 'XML' }),
          'GetDocumentSnapshot',
          T3,
        ),
      )
      const x = expectOk(
        await c.snapshot(T3, { ESFDOCUMENT: 'Contract', ESFPARTY: 'Buyer', FORMAT: 'HTML', INCLUDEDATA: 'xmldsig' }),
        'GetDocumentSnapshot',
        T3,
      )
      expect(x.includeData).toBe('XMLDSIG')
      const [d] = docs(x)
      expect(at(d, 'data', '@_format')).toBe('XMLDSIG')
      const rec = obj(parseXml(b64(at(d, 'data', '#text')).toString('utf8')).esfRecord, 'esfRecord')
      expect(rec.Signature).toBeDefined()
      expect(at(rec, 'Signature', 'SignedInfo', 'Reference', 'DigestValue')).toBe(
        createHash('sha512')
          .update(b64(at(plain, 'data', '#text')))
          .digest('base64'),
      )
    })

    it('15: a non-esigned completed document has no esign fields', async () => {
      const [d] = docs(expectOk(await setup().snapshot(T3, { ESFDOCUMENT: 'Terms', FORMAT: 'HTML' }), 'GetDocumentSnapshot', T3))
      expect([d.party, d.status, d.esignIpHost, d.esignTimestamp]).toEqual(['Buyer', 'Completed', undefined, undefined])
      expect(b64(at(d, 'snapshot', '#text')).toString('utf8')).not.toContain('Electronically signed')
    })

    it('16: a non-completed entry carries no snapshot; no mergedSnapshot without a completed entry', async () => {
      const c = setup()
      const r = await c.snapshot(T2, { ESFDOCUMENT: 'W4', ESFPARTY: 'Payroll', FORMAT: 'HTML' })
      expect(docs(expectOk(r, 'GetDocumentSnapshot', T2))).toEqual([{ name: 'W4', party: 'Payroll', status: 'Undefined' }])
      expect(r.text).toContain(
        '<document>\n      <name>W4</name>\n      <party>Payroll</party>\n      <status>Undefined</status>\n    </document>',
      )
      const m = expectOk(await c.snapshot(T1, { ESFDOCUMENT: 'W4', FORMAT: 'PDFMERGE' }), 'GetDocumentSnapshot', T1)
      expect(docs(m)).toEqual([{ name: 'W4', party: 'Employee', status: 'Undefined' }])
      expect(m.mergedSnapshot).toBeUndefined()
    })

    it('17: nothing completed → an empty, self-closed list', async () => {
      const r = await setup().snapshot(T6, { FORMAT: 'HTML' })
      expect(at(expectOk(r, 'GetDocumentSnapshot', T6), 'documents', '@_count')).toBe('0')
      expect(r.text).toContain('<documents count="0"/>')
    })

    it('18: call-level errors, collected in order', async () => {
      const c = setup()
      const call = 'GetDocumentSnapshot'
      expect(expectXmlError(await c.snapshot(T1), call, ['UNEXPECTED_FORMAT'])).toEqual([
        'Unexpected FORMAT value "". Expected one of: HTML, PDF, XMLDSIG, PDFMERGE.',
      ])
      expectXmlError(await c.snapshot(T1, { FORMAT: 'DOCX' }), call, ['UNEXPECTED_FORMAT'])
      expect(expectXmlError(await c.snapshot(T1, { FORMAT: 'HTML', INCLUDEDATA: 'CSV' }), call, ['UNEXPECTED_DATA_REQUEST'])).toEqual([
        'Unexpected INCLUDEDATA value "CSV". Expected one of: XMLDSIG, XML.',
      ])
      expect(
        expectXmlError(await c.snapshot(T1, { ESFDOCUMENT: 'NoSuchDoc', FORMAT: 'DOCX', INCLUDEDATA: 'CSV' }), call, [
          'NO_SUCH_DOCUMENT',
          'UNEXPECTED_FORMAT',
          'UNEXPECTED_DATA_REQUEST',
        ]),
      ).toEqual([
        'No such document: NoSuchDoc.',
        'Unexpected FORMAT value "DOCX". Expected one of: HTML, PDF, XMLDSIG, PDFMERGE.',
        'Unexpected INCLUDEDATA value "CSV". Expected one of: XMLDSIG, XML.',
      ])
      expectXmlError(await c.snapshot(T1, { ESFPARTY: 'Nobody', FORMAT: 'HTML' }), call, ['NO_SUCH_PARTY'])
      expect(
        expectXmlError(await c.snapshot(T2, { ESFDOCUMENT: 'W4', ESFPARTY: 'Employer', FORMAT: 'HTML' }), call, ['NO_SUCH_PARTY_DOCUMENT']),
      ).toEqual(['Party Employer has no document W4.'])
      expect(
        expectXmlError(await c.snapshot(T2, { ESFDOCUMENT: 'w4', ESFPARTY: 'employer', FORMAT: 'HTML' }), call, ['NO_SUCH_PARTY_DOCUMENT']),
      ).toEqual(['Party Employer has no document W4.'])
    })

    it('19: an echoed FORMAT is escaped, and cut at 64 characters', async () => {
      const c = setup()
      const r = await c.snapshot(T1, { FORMAT: '<b>&' })
      expect(r.text).toContain('Unexpected FORMAT value "&lt;b&gt;&amp;".')
      const long = 'X'.repeat(100)
      expect(expectXmlError(await c.snapshot(T1, { FORMAT: long }), 'GetDocumentSnapshot', ['UNEXPECTED_FORMAT'])[0]).toContain(
        `"${'X'.repeat(64)}…"`,
      )
    })

    it('20: an unreadable stored snapshot (T7) → empty 503; GetStatus still works', async () => {
      const c = setup()
      for (const FORMAT of ['HTML', 'PDF', 'XMLDSIG', 'PDFMERGE']) expectEmpty(await c.snapshot(T7, { FORMAT }), 503)
      expectOk(await c.status(T7), 'GetStatus', T7)
    })

    it('same snapshot → same bytes (deterministic rendering)', async () => {
      const a = await setup().snapshot(T3, { FORMAT: 'PDFMERGE', INCLUDEDATA: 'XMLDSIG' })
      const b = await setup().snapshot(T3, { FORMAT: 'PDFMERGE', INCLUDEDATA: 'XMLDSIG' })
      expect(a.text).toBe(b.text)
    })

    it('ESFPARTY without ESFDOCUMENT: documents completed by someone that this party handles', async () => {
      const x = expectOk(await setup().snapshot(T3, { ESFPARTY: 'Seller', FORMAT: 'HTML' }), 'GetDocumentSnapshot', T3)
      expect(docs(x).map((d) => [d.name, d.party, d.status])).toEqual([['Contract', 'Seller', 'Completed']])
      const all = expectOk(await setup().snapshot(T3, { FORMAT: 'HTML' }), 'GetDocumentSnapshot', T3)
      expect(docs(all).map((d) => [d.name, d.party])).toEqual([
        ['Contract', 'Countersigner'],
        ['Terms', 'Buyer'],
      ])
    })
    it('latest-party rule: on a completion-time tie the later party in package order wins', async () => {
      const ws = door.workspace('ta-snap')
      const c = client(door, ws)
      const ctl = door.control(ws)
      const tid = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
      await ctl.simulate('tranadmin', 'transaction-start', {
        template: 'HR/NewHire',
        tid,
        emails: { Employer: 'boss@example.com', Employee: 'new.person@example.com' },
      })
      // The clock is frozen: both parties complete OfferLetter at the same second.
      await ctl.simulate('tranadmin', 'party-complete', { tid, party: 'Employer' })
      await ctl.simulate('tranadmin', 'party-complete', { tid, party: 'Employee' })
      const [d] = docs(expectOk(await c.snapshot(tid, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'HTML' }), 'GetDocumentSnapshot', tid))
      expect([d.party, d.status, d.esignTimestamp]).toEqual(['Employee', 'Completed', FROZEN])
    })

    it('NO_SUCH_PARTY_DOCUMENT only when the collected checks all passed', async () => {
      const c = setup()
      expectXmlError(await c.snapshot(T2, { ESFDOCUMENT: 'W4', ESFPARTY: 'Employer', FORMAT: 'DOCX' }), 'GetDocumentSnapshot', [
        'UNEXPECTED_FORMAT',
      ])
      expectXmlError(
        await c.snapshot(T2, { ESFDOCUMENT: 'W4', ESFPARTY: 'Employer', FORMAT: 'HTML', INCLUDEDATA: 'CSV' }),
        'GetDocumentSnapshot',
        ['UNEXPECTED_DATA_REQUEST'],
      )
    })

    it('§5: an illegal name (step 9, 404) wins over call-level XML errors (step 10)', async () => {
      const c = setup()
      expectEmpty(await c.snapshot(T1, { ESFDOCUMENT: 'Bad Name', FORMAT: 'DOCX', INCLUDEDATA: 'CSV' }), 404)
      expectEmpty(await c.snapshot(T1, { ESFPARTY: '9lives', ESFDOCUMENT: 'NoSuchDoc' }), 404)
      expectEmpty(await c.status(T1, { ESFPARTY: '9lives', ESFDOCUMENT: 'NoSuchDoc' }), 404)
    })

    it('ESFPARTY without ESFDOCUMENT keeps a document the party handles but has not completed (T2 Payroll: W4 Undefined)', async () => {
      const x = expectOk(await setup().snapshot(T2, { ESFPARTY: 'Payroll', FORMAT: 'HTML', INCLUDEDATA: 'XML' }), 'GetDocumentSnapshot', T2)
      expect(docs(x)).toEqual([{ name: 'W4', party: 'Payroll', status: 'Undefined' }])
    })

    it('a non-completed entry keeps its lastUpdatedTimestamp and carries no snapshot or data (T6 Policy Retrieved)', async () => {
      const r = await setup().snapshot(T6, { ESFDOCUMENT: 'Policy', FORMAT: 'PDF', INCLUDEDATA: 'XML' })
      expect(docs(expectOk(r, 'GetDocumentSnapshot', T6))).toEqual([
        { name: 'Policy', party: 'Acknowledger', status: 'Retrieved', lastUpdatedTimestamp: '2026-01-10T08:15:00Z' },
      ])
    })

    it('PDFMERGE + INCLUDEDATA: each completed entry has data right after its esign fields, and one mergedSnapshot after documents', async () => {
      const r = await setup().snapshot(T2, { FORMAT: 'PDFMERGE', INCLUDEDATA: 'XMLDSIG' })
      const x = expectOk(r, 'GetDocumentSnapshot', T2)
      expect(docs(x).map((d) => [d.name, at(d, 'data', '@_format'), d.snapshot])).toEqual([
        ['OfferLetter', 'XMLDSIG', undefined],
        ['W4', 'XMLDSIG', undefined],
      ])
      expect(
        r.text.match(
          /<esignTimestamp>[^<]*<\/esignTimestamp>\n {6}<data format="XMLDSIG" contentType="application\/xml; charset=UTF-8" encoding="base64">/g,
        ),
      ).toHaveLength(2)
      expect(r.text).toMatch(
        /<\/documents>\n {2}<mergedSnapshot contentType="application\/pdf" fileName="22222222-2222-4222-8222-222222222222.pdf" encoding="base64">[^<]+<\/mergedSnapshot>\n<\/esfTranAdminResponse>\n$/,
      )
    })
    it('§5: call-level XML errors (step 10) come before the T7 system error (step 11)', async () => {
      const c = setup()
      expectXmlError(await c.snapshot(T7, { FORMAT: 'DOCX' }), 'GetDocumentSnapshot', ['UNEXPECTED_FORMAT'])
      expectXmlError(await c.snapshot(T7, { ESFDOCUMENT: 'NoSuchDoc', FORMAT: 'HTML' }), 'GetDocumentSnapshot', ['NO_SUCH_DOCUMENT'])
      expectEmpty(await c.snapshot(T7, { ESFDOCUMENT: 'policy', ESFPARTY: 'acknowledger', FORMAT: 'HTML' }), 503)
    })
  },
  { clock: FROZEN },
)
