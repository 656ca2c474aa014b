import { expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { b64, client, FROZEN, type Reply, T1, T2, T3, T4, T5, T6 } from './helpers.js'

/**
 * Byte-for-byte wire forms of the spec's full example documents (§8.1–§8.3,
 * §9.2). The parsed-object assertions elsewhere cannot see element order,
 * attribute order, indentation or a stray namespace declaration; these can.
 * Base64 payloads are shortened to `…` on both sides, as the spec prints them.
 */
const HEAD = (call: string, result: string, tid: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<esfTranAdminResponse xmlns="http://open.esignforms.com/XMLSchema/2009">\n  <call>${call}</call>\n  <result>${result}</result>\n  <tid>${tid}</tid>\n  <timestamp>2026-03-01T12:00:00Z</timestamp>\n`
const TAIL = '</esfTranAdminResponse>\n'
const errorDoc = (call: string, tid: string, lines: [string, string][]) =>
  `${HEAD(call, 'error', tid)}  <errors count="${lines.length}">\n${lines.map(([code, text]) => `    <error code="${code}">${text}</error>\n`).join('')}  </errors>\n${TAIL}`
const shortened = (xml: string) => xml.replace(/(encoding="base64">)[^<]*</g, '$1…<')

const GET_STATUS_T1 = `${HEAD('GetStatus', 'success', T1)}  <transaction>
    <transactionTemplate>HR/NewHire</transactionTemplate>
    <status>In progress</status>
    <statusText>Waiting on Employee</statusText>
    <lastUpdatedTimestamp>2026-01-05T09:20:00Z</lastUpdatedTimestamp>
    <parties count="3">
      <party>
        <name>Employer</name>
        <status>Completed</status>
        <email>hr.manager@example.com</email>
        <lastAccessedTimestamp>2026-01-05T09:20:00Z</lastAccessedTimestamp>
        <pickupUrl>https://esf.example.test/demo/P/T1Employer0000000001</pickupUrl>
        <documents count="1">
          <document>
            <name>OfferLetter</name>
            <status>Completed</status>
            <lastUpdatedTimestamp>2026-01-05T09:20:00Z</lastUpdatedTimestamp>
            <esignIpHost>203.0.113.10 (hr-laptop.example.com)</esignIpHost>
            <esignTimestamp>2026-01-05T09:20:00Z</esignTimestamp>
          </document>
        </documents>
      </party>
      <party>
        <name>Employee</name>
        <status>Active</status>
        <email>ann.lee@example.org</email>
        <pickupUrl>https://esf.example.test/demo/P/T1Employee0000000002</pickupUrl>
        <documents count="2">
          <document>
            <name>OfferLetter</name>
            <status>Undefined</status>
          </document>
          <document>
            <name>W4</name>
            <status>Undefined</status>
          </document>
        </documents>
      </party>
      <party>
        <name>Payroll</name>
        <status>Undefined</status>
        <todoGroup>Payroll_Team</todoGroup>
        <documents count="1">
          <document>
            <name>W4</name>
            <status>Undefined</status>
          </document>
        </documents>
      </party>
    </parties>
  </transaction>
${TAIL}`

const SNAPSHOT_T2_PDF = `${HEAD('GetDocumentSnapshot', 'success', T2)}  <format>PDF</format>
  <includeData>XML</includeData>
  <documents count="1">
    <document>
      <name>OfferLetter</name>
      <party>Employee</party>
      <status>Completed</status>
      <lastUpdatedTimestamp>2026-01-06T11:00:00Z</lastUpdatedTimestamp>
      <esignIpHost>198.51.100.7 (ben-home.example.org)</esignIpHost>
      <esignTimestamp>2026-01-06T11:00:00Z</esignTimestamp>
      <snapshot contentType="application/pdf" fileName="OfferLetter.pdf" encoding="base64">…</snapshot>
      <data format="XML" contentType="application/xml; charset=UTF-8" encoding="base64">…</data>
    </document>
  </documents>
${TAIL}`

const SNAPSHOT_T2_MERGE = `${HEAD('GetDocumentSnapshot', 'success', T2)}  <format>PDFMERGE</format>
  <documents count="2">
    <document>
      <name>OfferLetter</name>
      <party>Employee</party>
      <status>Completed</status>
      <lastUpdatedTimestamp>2026-01-06T11:00:00Z</lastUpdatedTimestamp>
      <esignIpHost>198.51.100.7 (ben-home.example.org)</esignIpHost>
      <esignTimestamp>2026-01-06T11:00:00Z</esignTimestamp>
    </document>
    <document>
      <name>W4</name>
      <party>Employee</party>
      <status>Completed</status>
      <lastUpdatedTimestamp>2026-01-06T11:02:00Z</lastUpdatedTimestamp>
      <esignIpHost>198.51.100.7 (ben-home.example.org)</esignIpHost>
      <esignTimestamp>2026-01-06T11:02:00Z</esignTimestamp>
    </document>
  </documents>
  <mergedSnapshot contentType="application/pdf" fileName="22222222-2222-4222-8222-222222222222.pdf" encoding="base64">…</mergedSnapshot>
${TAIL}`

const SIGNATURE = (indent: string) =>
  [
    '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">',
    '  <SignedInfo>',
    '    <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
    '    <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"/>',
    '    <Reference URI="">',
    '      <Transforms>',
    '        <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>',
    '      </Transforms>',
    '      <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha512"/>',
    '      <DigestValue>…</DigestValue>',
    '    </Reference>',
    '  </SignedInfo>',
    '  <SignatureValue>…</SignatureValue>',
    '  <KeyInfo>',
    '    <KeyName>esign-sandbox-snapshot-signer</KeyName>',
    '  </KeyInfo>',
    '</Signature>',
  ]
    .map((l) => `${indent}${l}\n`)
    .join('')
const digestsShortened = (xml: string) => shortened(xml).replace(/<(DigestValue|SignatureValue)>[^<]*</g, '<$1>…<')

const SIGNED_SNAPSHOT_T2 = `<?xml version="1.0" encoding="UTF-8"?>
<esfSignedDocumentSnapshot xmlns="http://open.esignforms.com/XMLSchema/2009">
  <tid>22222222-2222-4222-8222-222222222222</tid>
  <document>OfferLetter</document>
  <party>Employee</party>
  <snapshotTimestamp>2026-01-06T11:00:00Z</snapshotTimestamp>
  <html contentType="text/html; charset=UTF-8" encoding="base64">…</html>
${SIGNATURE('  ')}</esfSignedDocumentSnapshot>
`

const RECORD_T3_BUYER = `<?xml version="1.0" encoding="UTF-8"?>
<esfRecord xmlns="http://open.esignforms.com/XMLSchema/2009">
  <tid>33333333-3333-4333-8333-333333333333</tid>
  <document>Contract</document>
  <party>Buyer</party>
  <snapshotTimestamp>2026-01-07T15:00:00Z</snapshotTimestamp>
  <nameValues count="3">
    <nameValue name="CompanyName">Smith &amp; Sons &lt;"Widgets"&gt;</nameValue>
    <nameValue name="Amount">1200.00</nameValue>
    <nameValue name="BuyerName">Jo Smith</nameValue>
  </nameValues>
</esfRecord>
`

const RENOTIFY_T1_EMPLOYEE = `${HEAD('RenotifyParty', 'success', T1)}  <parties count="1">
    <party>
      <name>Employee</name>
      <status>Active</status>
      <email>ann.lee@example.org</email>
      <pickupUrl>https://esf.example.test/demo/P/T1Employee0000000002</pickupUrl>
      <transferred>false</transferred>
      <notified count="1">
        <to>ann.lee@example.org</to>
      </notified>
    </party>
  </parties>
${TAIL}`

const PAYROLL_PARTY_T2 = `    <party>
      <name>Payroll</name>
      <status>Active</status>
      <todoGroup>Payroll_Team</todoGroup>
      <pickupUrl>https://esf.example.test/demo/P/T2Payroll00000000005</pickupUrl>
      <transferred>false</transferred>
      <notified count="2">
        <to>payroll.one@example.com</to>
        <to>payroll.two@example.com</to>
      </notified>
    </party>
`

const dataOf = (xml: string, element: string): string => b64(new RegExp(`<${element} [^>]*>([^<]*)<`).exec(xml)?.[1] ?? '').toString('utf8')

eachDoor(
  'tranadmin wire forms, byte for byte (spec §8.1–§8.3, §9.2 full documents)',
  (door) => {
    const setup = () => client(door, door.workspace('ta-wire'))
    /** The spec examples name the configured host; under MSW links also carry the header-chosen workspace. */
    const links = (c: ReturnType<typeof setup>, text: string) => text.replaceAll('https://esf.example.test/', `${c.esf}/`)

    it('§8.1: GetStatus T1 is the spec example, byte for byte', async () => {
      const c = setup()
      expect((await c.status(T1)).text).toBe(links(c, GET_STATUS_T1))
    })

    it('§8.2: GetDocumentSnapshot T2 PDF+XML and PDFMERGE are the spec examples (attribute order included)', async () => {
      const c = setup()
      expect(shortened((await c.snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'PDF', INCLUDEDATA: 'XML' })).text)).toBe(
        SNAPSHOT_T2_PDF,
      )
      expect(shortened((await c.snapshot(T2, { FORMAT: 'PDFMERGE' })).text)).toBe(SNAPSHOT_T2_MERGE)
    })

    it('§8.2: the XMLDSIG snapshot and the data records have exactly the spec shape (xmldsig namespace declared once, on Signature)', async () => {
      const c = setup()
      const signed = dataOf((await c.snapshot(T2, { ESFDOCUMENT: 'OfferLetter', FORMAT: 'XMLDSIG' })).text, 'snapshot')
      expect(digestsShortened(signed)).toBe(SIGNED_SNAPSHOT_T2)
      const args = { ESFDOCUMENT: 'Contract', ESFPARTY: 'Buyer', FORMAT: 'HTML' }
      expect(dataOf((await c.snapshot(T3, { ...args, INCLUDEDATA: 'XML' })).text, 'data')).toBe(RECORD_T3_BUYER)
      const signedRecord = dataOf((await c.snapshot(T3, { ...args, INCLUDEDATA: 'XMLDSIG' })).text, 'data')
      expect(digestsShortened(signedRecord)).toBe(RECORD_T3_BUYER.replace('</esfRecord>\n', `${SIGNATURE('  ')}</esfRecord>\n`))
    })

    it('§8.3: RenotifyParty T1 Employee and T2 Payroll are the spec examples', async () => {
      const c = setup()
      expect((await c.renotify(T1, { ESFPARTY: 'Employee' })).text).toBe(links(c, RENOTIFY_T1_EMPLOYEE))
      expect((await c.renotify(T2, { ESFPARTY: 'Payroll' })).text).toBe(
        links(c, `${HEAD('RenotifyParty', 'success', T2)}  <parties count="1">\n${PAYROLL_PARTY_T2}  </parties>\n${TAIL}`),
      )
    })

    it('§9.2: every natural XML error is the spec document, byte for byte', async () => {
      const c = setup()
      const S = 'GetStatus'
      const D = 'GetDocumentSnapshot'
      const R = 'RenotifyParty'
      const FORMAT_TEXT = (v: string) => `Unexpected FORMAT value "${v}". Expected one of: HTML, PDF, XMLDSIG, PDFMERGE.`
      const DATA_TEXT = 'Unexpected INCLUDEDATA value "CSV". Expected one of: XMLDSIG, XML.'
      const cases: [Promise<Reply>, string][] = [
        [c.status(T1, { ESFDOCUMENT: 'NoSuchDoc' }), errorDoc(S, T1, [['NO_SUCH_DOCUMENT', 'No such document: NoSuchDoc.']])],
        [c.status(T1, { ESFPARTY: 'Nobody' }), errorDoc(S, T1, [['NO_SUCH_PARTY', 'No such party: Nobody.']])],
        [
          c.snapshot(T2, { ESFDOCUMENT: 'W4', ESFPARTY: 'Employer', FORMAT: 'HTML' }),
          errorDoc(D, T2, [['NO_SUCH_PARTY_DOCUMENT', 'Party Employer has no document W4.']]),
        ],
        [
          c.snapshot(T1, { ESFDOCUMENT: 'NoSuchDoc', FORMAT: 'DOCX', INCLUDEDATA: 'CSV' }),
          errorDoc(D, T1, [
            ['NO_SUCH_DOCUMENT', 'No such document: NoSuchDoc.'],
            ['UNEXPECTED_FORMAT', FORMAT_TEXT('DOCX')],
            ['UNEXPECTED_DATA_REQUEST', DATA_TEXT],
          ]),
        ],
        [c.snapshot(T1), errorDoc(D, T1, [['UNEXPECTED_FORMAT', FORMAT_TEXT('')]])],
        [c.snapshot(T1, { FORMAT: 'HTML', INCLUDEDATA: 'CSV' }), errorDoc(D, T1, [['UNEXPECTED_DATA_REQUEST', DATA_TEXT]])],
        [
          c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'not-an-email' }),
          errorDoc(R, T1, [['INVALID_TRANSFER_EMAIL', 'Invalid TRANSFERPARTY email address "not-an-email".']]),
        ],
        [
          c.renotify(T4, { ESFPARTY: 'Buyer' }),
          errorDoc(R, T4, [['TRANSACTION_NOT_NOTIFIABLE', 'Transaction is Canceled; parties cannot be notified.']]),
        ],
        [c.renotify(T3), errorDoc(R, T3, [['NO_ACTIVE_PARTY', 'No active or retrieved party to renotify.']])],
        [
          c.renotify(T1, { ESFPARTY: 'Payroll' }),
          errorDoc(R, T1, [['PARTY_NOT_NOTIFIABLE', 'Party Payroll cannot be notified while its status is Undefined.']]),
        ],
        [c.renotify(T5, { ESFPARTY: 'Buyer' }), errorDoc(R, T5, [['PARTY_NO_EMAIL', 'Party Buyer has no email address or To Do group.']])],
        [
          c.renotify(T6, { ESFPARTY: 'Acknowledger' }),
          errorDoc(R, T6, [['PARTY_NO_EMAIL_TEMPLATE', 'Party Acknowledger has no email template.']]),
        ],
      ]
      for (const [reply, expected] of cases) {
        const r = await reply
        expect(r.text).toBe(expected)
        expect([r.status, r.headers.get('content-type'), r.headers.get('cache-control')]).toEqual([
          200,
          'text/xml; charset=UTF-8',
          'no-store',
        ])
      }
    })
  },
  { clock: FROZEN },
)
