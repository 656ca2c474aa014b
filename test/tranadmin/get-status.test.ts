import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { at, obj, objs, type JsonObject } from '../helpers/json.js'
import { A, client, expectOk, expectXmlError, form, FROZEN, T1, T2, T3 } from './helpers.js'

const names = (parties: JsonObject[]) => parties.map((p) => p.name)

eachDoor(
  'tranadmin GetStatus (spec §8.1, §16 items 1–7)',
  (door) => {
    const setup = () => client(door, door.workspace('ta-gs'))

    it('1: T1 → the whole transaction, parties and documents in package order', async () => {
      const c = setup()
      const x = expectOk(await c.status(T1), 'GetStatus', T1)
      expect(x.timestamp).toBe('2026-03-01T12:00:00Z')
      const t = obj(x.transaction, 'transaction')
      expect([t.transactionTemplate, t.status, t.statusText, t.lastUpdatedTimestamp]).toEqual([
        'HR/NewHire',
        'In progress',
        'Waiting on Employee',
        '2026-01-05T09:20:00Z',
      ])
      const [employer, employee, payroll] = objs(at(t, 'parties', 'party'))
      expect(at(t, 'parties', '@_count')).toBe('3')
      expect(names(objs(at(t, 'parties', 'party')))).toEqual(['Employer', 'Employee', 'Payroll'])
      expect([employer.status, employee.status, payroll.status]).toEqual(['Completed', 'Active', 'Undefined'])
      expect(employer.email).toBe('hr.manager@example.com')
      expect(employer.lastAccessedTimestamp).toBe('2026-01-05T09:20:00Z')
      expect(employer.pickupUrl).toBe(`${c.esf}/demo/P/T1Employer0000000001`)
      const offer = at(employer, 'documents', 'document', 0)
      expect(offer).toEqual({
        name: 'OfferLetter',
        status: 'Completed',
        lastUpdatedTimestamp: '2026-01-05T09:20:00Z',
        esignIpHost: '203.0.113.10 (hr-laptop.example.com)',
        esignTimestamp: '2026-01-05T09:20:00Z',
      })
      expect(employee.pickupUrl).toBe(`${c.esf}/demo/P/T1Employee0000000002`)
      expect(employee.lastAccessedTimestamp).toBeUndefined()
      expect(at(employee, 'documents', 'document')).toEqual([
        { name: 'OfferLetter', status: 'Undefined' },
        { name: 'W4', status: 'Undefined' },
      ])
      expect(payroll.email).toBeUndefined()
      expect(payroll.todoGroup).toBe('Payroll_Team')
      expect(payroll.pickupUrl).toBeUndefined()
    })

    it('1: the exact wire form of the spec example (element order, indentation, final LF)', async () => {
      const r = await setup().status(T1)
      expect(r.text).toContain(
        '<?xml version="1.0" encoding="UTF-8"?>\n<esfTranAdminResponse xmlns="http://open.esignforms.com/XMLSchema/2009">\n  <call>GetStatus</call>\n  <result>success</result>\n',
      )
      expect(r.text).toContain(
        '      <party>\n        <name>Payroll</name>\n        <status>Undefined</status>\n        <todoGroup>Payroll_Team</todoGroup>\n        <documents count="1">\n',
      )
      expect(r.text.endsWith('</esfTranAdminResponse>\n')).toBe(true)
    })

    it('2: the ROOT path answers with ROOT pickup URLs', async () => {
      const c = setup()
      const x = expectOk(await c.status(T1, {}, { webapp: null }), 'GetStatus', T1)
      expect(at(x, 'transaction', 'parties', 'party', 1, 'pickupUrl')).toBe(`${c.esf}/P/T1Employee0000000002`)
    })

    it('2b: any legal webapp segment shows in the pickup URL', async () => {
      const c = setup()
      const x = expectOk(await c.status(T1, {}, { webapp: 'hr-app.v2' }), 'GetStatus', T1)
      expect(at(x, 'transaction', 'parties', 'party', 1, 'pickupUrl')).toBe(`${c.esf}/hr-app.v2/P/T1Employee0000000002`)
    })

    it('3: GET with a query string gives the same transaction data as POST', async () => {
      const c = setup()
      const post = expectOk(await c.status(T1), 'GetStatus', T1)
      const get = expectOk(await c.call('GetStatus', {}, { method: 'GET', query: form({ ...A, ESFTID: T1 }) }), 'GetStatus', T1)
      expect(get.transaction).toEqual(post.transaction)
    })

    it('4: query before body, the first value wins', async () => {
      const c = setup()
      const x = expectOk(
        await c.call(
          'GetStatus',
          { ESFTID: T2 },
          {
            query: form({ ESFTID: T1 }),
            body: form({ ...A, ESFTID: T2 }),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
        ),
        'GetStatus',
        T1,
      )
      expect(x.tid).toBe(T1)
    })

    it('4b: form media type is matched case-insensitively and its charset ignored; an upper-case ESFTID is answered lower-case', async () => {
      const c = setup()
      const r = await c.call(
        'GetStatus',
        {},
        {
          body: form({ ...A, ESFTID: T1.toUpperCase() }),
          headers: { 'content-type': 'Application/X-WWW-Form-URLEncoded; charset=ISO-8859-1' },
        },
      )
      expectOk(r, 'GetStatus', T1)
    })

    it('5: ESFPARTY keeps one party (case-insensitive); ESFDOCUMENT filters documents only', async () => {
      const c = setup()
      const one = expectOk(await c.status(T1, { ESFPARTY: 'employee' }), 'GetStatus', T1)
      expect(at(one, 'transaction', 'parties', '@_count')).toBe('1')
      expect(names(objs(at(one, 'transaction', 'parties', 'party')))).toEqual(['Employee'])
      const r = await c.status(T1, { ESFDOCUMENT: 'w4' })
      const w4 = expectOk(r, 'GetStatus', T1)
      const [employer, employee, payroll] = objs(at(w4, 'transaction', 'parties', 'party'))
      expect(at(w4, 'transaction', 'parties', 'party')).toHaveLength(3)
      expect(at(employer, 'documents', '@_count')).toBe('0')
      expect(r.text).toContain('<documents count="0"/>')
      expect(objs(at(employee, 'documents', 'document')).map((d: JsonObject) => d.name)).toEqual(['W4'])
      expect(objs(at(payroll, 'documents', 'document')).map((d: JsonObject) => d.name)).toEqual(['W4'])
    })

    it('6: unknown legal names → XML error [NO_SUCH_DOCUMENT, NO_SUCH_PARTY]', async () => {
      const r = await setup().status(T1, { ESFDOCUMENT: 'NoSuchDoc', ESFPARTY: 'Nobody' })
      expect(expectXmlError(r, 'GetStatus', ['NO_SUCH_DOCUMENT', 'NO_SUCH_PARTY'])).toEqual([
        'No such document: NoSuchDoc.',
        'No such party: Nobody.',
      ])
      expect(r.x.tid).toBe(T1)
      expect(r.x.timestamp).toBe('2026-03-01T12:00:00Z')
      expect(r.text).toContain('  <errors count="2">\n    <error code="NO_SUCH_DOCUMENT">No such document: NoSuchDoc.</error>\n')
    })

    it('7: a stored statusText with <&"> is escaped raw and parses back to the stored text', async () => {
      const r = await setup().status(T3)
      expect(r.text).toContain('<statusText>Completed by Buyer: "Smith &amp; Sons" &lt;buyer@example.net&gt;</statusText>')
      expect(at(expectOk(r, 'GetStatus', T3), 'transaction', 'statusText')).toBe('Completed by Buyer: "Smith & Sons" <buyer@example.net>')
    })

    describe('determinism', () => {
      it('same seed + frozen clock + same requests → byte-identical answers', async () => {
        const [ca, cb] = [setup(), setup()]
        const a = await ca.status(T1)
        const b = await cb.status(T1)
        // Two workspaces: under MSW their links differ only by the `/ws/<id>` they lead back to.
        expect(a.text.replaceAll(ca.esf, 'ESF')).toBe(b.text.replaceAll(cb.esf, 'ESF'))
      })
    })
  },
  { clock: FROZEN },
)
