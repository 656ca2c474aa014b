import { expect, it } from 'vitest'
import type { Door } from '../helpers/doors.js'
import { eachDoor } from '../helpers/doors.js'
import type { EmailEntry } from '../../src/lib/outbox-types.js'
import { at, obj, objs, strs, type JsonObject } from '../helpers/json.js'
import { client, expectOk, expectXmlError, FROZEN, T1, T2, T3, T4, T5, T6 } from './helpers.js'

const CALL = 'RenotifyParty'
const PICKUP = /^https:\/\/esf\.example\.test(\/ws\/[\w-]+)?\/demo\/P\/[A-Za-z0-9]{20}$/

async function emails(door: Door, ws: string): Promise<EmailEntry[]> {
  const out = await door.control(ws).outbox({ vendor: 'tranadmin', type: 'email' })
  // Newest first on the wire; the tests read them in sending order.
  return (out.items as EmailEntry[]).slice().reverse()
}

const parties = (x: JsonObject): JsonObject[] => objs(at(x, 'parties', 'party'))
const notified = (p: JsonObject): string[] => strs(at(p, 'notified', 'to'))

eachDoor(
  'tranadmin RenotifyParty (spec §8.3, §16 items 21–36)',
  (door) => {
    const setup = () => {
      const ws = door.workspace('ta-rn')
      return { ws, c: client(door, ws), mails: () => emails(door, ws) }
    }

    it('21: by party name → one renotify email with the pickup link', async () => {
      const { c, mails } = setup()
      const r = await c.renotify(T1, { ESFPARTY: 'Employee' })
      const x = expectOk(r, CALL, T1)
      expect(at(x, 'parties', '@_count')).toBe('1')
      const [p] = parties(x)
      expect(p).toMatchObject({
        name: 'Employee',
        status: 'Active',
        email: 'ann.lee@example.org',
        pickupUrl: `${c.esf}/demo/P/T1Employee0000000002`,
        transferred: 'false',
      })
      expect(p.previousEmail).toBeUndefined()
      expect(notified(p)).toEqual(['ann.lee@example.org'])
      expect(at(p, 'notified', '@_count')).toBe('1')
      const out = await mails()
      expect(out).toHaveLength(1)
      expect(out[0]).toMatchObject({
        type: 'email',
        vendor: 'tranadmin',
        to: 'ann.lee@example.org',
        from: 'no-reply@esf.example.test',
        subject: 'New hire paperwork - please review and sign',
        text: `Hello,\n\nNew hire paperwork is waiting for you as Employee. Please use this link to open it:\n${c.esf}/demo/P/T1Employee0000000002\n\nTransaction ${T1}\n`,
        links: [`${c.esf}/demo/P/T1Employee0000000002`],
        tid: T1,
        party: 'Employee',
        email_template: 'NewHireNotify',
        reason: 'renotify',
      })
      expect(r.text).toContain(
        '<transferred>false</transferred>\n      <notified count="1">\n        <to>ann.lee@example.org</to>\n      </notified>',
      )
    })

    it('22: without ESFPARTY → every active/retrieved party (T1: Employee only)', async () => {
      const { c, mails } = setup()
      expect(parties(expectOk(await c.renotify(T1), CALL, T1)).map((p) => p.name)).toEqual(['Employee'])
      expect(await mails()).toHaveLength(1)
    })

    it('23: by email (case-insensitive) → every notifiable party using it, completed ones included', async () => {
      const { c, mails } = setup()
      const x = expectOk(await c.renotify(T3, { ESFPARTY: 'SALES.REP@example.com' }), CALL, T3)
      expect(parties(x).map((p) => [p.name, p.status, p.transferred])).toEqual([
        ['Seller', 'Completed', 'false'],
        ['Countersigner', 'Completed', 'false'],
      ])
      const out = await mails()
      expect(out.map((m) => [m.to, m.links[0]])).toEqual([
        ['sales.rep@example.com', `${c.esf}/demo/P/T3Seller000000000006`],
        ['sales.rep@example.com', `${c.esf}/demo/P/T3Countersign0000008`],
      ])
      expect(out[0].subject).toBe('Sales contract - please review and sign')
    })

    it('24: a To Do party with notify-all → one email per group member, in member order', async () => {
      const { c, mails } = setup()
      const [p] = parties(expectOk(await c.renotify(T2, { ESFPARTY: 'Payroll' }), CALL, T2))
      expect(p.email).toBeUndefined()
      expect(p.todoGroup).toBe('Payroll_Team')
      expect(p.pickupUrl).toBe(`${c.esf}/demo/P/T2Payroll00000000005`)
      expect(notified(p)).toEqual(['payroll.one@example.com', 'payroll.two@example.com'])
      expect((await mails()).map((m) => [m.to, m.links[0]])).toEqual([
        ['payroll.one@example.com', `${c.esf}/demo/P/T2Payroll00000000005`],
        ['payroll.two@example.com', `${c.esf}/demo/P/T2Payroll00000000005`],
      ])
    })

    it('25: TRANSFERPARTY to a new address → transfer with a new pickup code, the old link dead', async () => {
      const { c, mails } = setup()
      const [p] = parties(expectOk(await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'ann.lee@example.com' }), CALL, T1))
      expect(p).toMatchObject({ status: 'Active', email: 'ann.lee@example.com', transferred: 'true', previousEmail: 'ann.lee@example.org' })
      expect(p.pickupUrl).toMatch(PICKUP)
      expect(p.pickupUrl).not.toBe(`${c.esf}/demo/P/T1Employee0000000002`)
      expect(notified(p)).toEqual(['ann.lee@example.com'])
      const out = await mails()
      expect(out).toHaveLength(1)
      expect(out[0]).toMatchObject({ to: 'ann.lee@example.com', links: [p.pickupUrl], reason: 'transfer' })
      const s = expectOk(await c.status(T1, { ESFPARTY: 'Employee' }), 'GetStatus', T1)
      const after = obj(at(s, 'transaction', 'parties', 'party', 0))
      expect([after.email, after.pickupUrl, after.status]).toEqual(['ann.lee@example.com', p.pickupUrl, 'Active'])
      expect(at(s, 'transaction', 'lastUpdatedTimestamp')).toBe('2026-03-01T12:00:00Z')
    })

    it('26: TRANSFERPARTY equal to the current address (any case) → no transfer, not an error', async () => {
      const { c, mails } = setup()
      const [p] = parties(expectOk(await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'ANN.LEE@EXAMPLE.ORG' }), CALL, T1))
      expect([p.transferred, p.pickupUrl, p.email]).toEqual(['false', `${c.esf}/demo/P/T1Employee0000000002`, 'ann.lee@example.org'])
      expect((await mails()).map((m) => [m.to, m.reason])).toEqual([['ann.lee@example.org', 'renotify']])
    })

    it('27: TRANSFERPARTY for a completed party → no transfer, not an error, the current address notified', async () => {
      const { c, mails } = setup()
      const [p] = parties(expectOk(await c.renotify(T1, { ESFPARTY: 'Employer', TRANSFERPARTY: 'someone.else@example.com' }), CALL, T1))
      expect([p.status, p.transferred, p.email]).toEqual(['Completed', 'false', 'hr.manager@example.com'])
      expect((await mails()).map((m) => m.to)).toEqual(['hr.manager@example.com'])
    })

    it('28: a Retrieved party (after party-view) is transferred back to Active', async () => {
      const { ws, c } = setup()
      await door.control(ws).simulate('tranadmin', 'party-view', { tid: T1, party: 'Employee' })
      const viewed = obj(at(expectOk(await c.status(T1, { ESFPARTY: 'Employee' }), 'GetStatus', T1), 'transaction', 'parties', 'party', 0))
      expect(viewed.status).toBe('Retrieved')
      expect(viewed.lastAccessedTimestamp).toBe('2026-03-01T12:00:00Z')
      const [p] = parties(expectOk(await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'new.hire@example.com' }), CALL, T1))
      expect([p.status, p.transferred, p.lastAccessedTimestamp]).toEqual(['Active', 'true', '2026-03-01T12:00:00Z'])
    })

    it('29: no email and no To Do group → PARTY_NO_EMAIL, cured by a transfer', async () => {
      const { c, mails } = setup()
      expect(expectXmlError(await c.renotify(T5, { ESFPARTY: 'Buyer' }), CALL, ['PARTY_NO_EMAIL'])).toEqual([
        'Party Buyer has no email address or To Do group.',
      ])
      expect(await mails()).toHaveLength(0)
      const [p] = parties(expectOk(await c.renotify(T5, { ESFPARTY: 'Buyer', TRANSFERPARTY: 'new.buyer@example.net' }), CALL, T5))
      expect([p.transferred, p.previousEmail, p.email]).toEqual(['true', undefined, 'new.buyer@example.net'])
      expect((await mails()).map((m) => m.to)).toEqual(['new.buyer@example.net'])
    })

    it('30: no email template → PARTY_NO_EMAIL_TEMPLATE, named or not', async () => {
      const { c, mails } = setup()
      expect(expectXmlError(await c.renotify(T6, { ESFPARTY: 'Acknowledger' }), CALL, ['PARTY_NO_EMAIL_TEMPLATE'])).toEqual([
        'Party Acknowledger has no email template.',
      ])
      expectXmlError(await c.renotify(T6), CALL, ['PARTY_NO_EMAIL_TEMPLATE'])
      expect(await mails()).toHaveLength(0)
    })

    it('31: an Undefined party → PARTY_NOT_NOTIFIABLE', async () => {
      const { c } = setup()
      expect(expectXmlError(await c.renotify(T1, { ESFPARTY: 'Payroll' }), CALL, ['PARTY_NOT_NOTIFIABLE'])).toEqual([
        'Party Payroll cannot be notified while its status is Undefined.',
      ])
    })

    it('31b: an email used only by Undefined parties → PARTY_NOT_NOTIFIABLE', async () => {
      const { ws, c, mails } = setup()
      const tid = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'
      await door.control(ws).simulate('tranadmin', 'transaction-start', {
        template: 'Sales/Contract',
        tid,
        emails: { Seller: 'seller@example.com', Countersigner: 'counter@example.com' },
      })
      expect(expectXmlError(await c.renotify(tid, { ESFPARTY: 'COUNTER@example.com' }), CALL, ['PARTY_NOT_NOTIFIABLE'])).toEqual([
        'Party Countersigner cannot be notified while its status is Undefined.',
      ])
      expect((await mails()).map((m) => m.reason)).toEqual(['activation'])
    })

    it('32: unknown party name or email → NO_SUCH_PARTY', async () => {
      const { c } = setup()
      expect(expectXmlError(await c.renotify(T1, { ESFPARTY: 'Nobody' }), CALL, ['NO_SUCH_PARTY'])).toEqual(['No such party: Nobody.'])
      expect(expectXmlError(await c.renotify(T1, { ESFPARTY: 'nobody@example.com' }), CALL, ['NO_SUCH_PARTY'])).toEqual([
        'No such party: nobody@example.com.',
      ])
    })

    it('33: no active/retrieved party → NO_ACTIVE_PARTY', async () => {
      const { c } = setup()
      expect(expectXmlError(await c.renotify(T3), CALL, ['NO_ACTIVE_PARTY'])).toEqual(['No active or retrieved party to renotify.'])
    })

    it('34: a Canceled transaction → TRANSACTION_NOT_NOTIFIABLE', async () => {
      const { c } = setup()
      expect(expectXmlError(await c.renotify(T4, { ESFPARTY: 'Buyer' }), CALL, ['TRANSACTION_NOT_NOTIFIABLE'])).toEqual([
        'Transaction is Canceled; parties cannot be notified.',
      ])
    })

    it('35: an invalid TRANSFERPARTY → INVALID_TRANSFER_EMAIL, no email, nothing changed', async () => {
      const { c, mails } = setup()
      const before = (await c.status(T1)).text
      expect(
        expectXmlError(await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'not-an-email' }), CALL, ['INVALID_TRANSFER_EMAIL']),
      ).toEqual(['Invalid TRANSFERPARTY email address "not-an-email".'])
      expectXmlError(await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: `${'a'.repeat(250)}@example.com` }), CALL, [
        'INVALID_TRANSFER_EMAIL',
      ])
      expect(await mails()).toHaveLength(0)
      expect((await c.status(T1)).text).toBe(before)
    })

    it("36: an address with ' and & is stored as given and escaped on output", async () => {
      const { c } = setup()
      expectOk(await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: "o'brien&co@example.com" }), CALL, T1)
      const r = await c.status(T1)
      expect(r.text).toContain("<email>o'brien&amp;co@example.com</email>")
      expect(at(r.x, 'transaction', 'parties', 'party', 1, 'email')).toBe("o'brien&co@example.com")
    })

    it('atomic: a failing check means no transfer at all', async () => {
      const { c, mails } = setup()
      const before = (await c.status(T6)).text
      expectXmlError(await c.renotify(T6, { TRANSFERPARTY: 'other@example.com' }), CALL, ['PARTY_NO_EMAIL_TEMPLATE'])
      expect((await c.status(T6)).text).toBe(before)
      expect(await mails()).toHaveLength(0)
    })

    it('a Suspended transaction → TRANSACTION_NOT_NOTIFIABLE with its status', async () => {
      const { ws, c } = setup()
      await door.control(ws).simulate('tranadmin', 'transaction-suspend', { tid: T1 })
      expect(expectXmlError(await c.renotify(T1, { ESFPARTY: 'Employee' }), CALL, ['TRANSACTION_NOT_NOTIFIABLE'])).toEqual([
        'Transaction is Suspended; parties cannot be notified.',
      ])
    })

    it('ESFDOCUMENT is ignored on RenotifyParty, even an illegal one', async () => {
      const { c } = setup()
      expectOk(await c.renotify(T1, { ESFPARTY: 'Employee', ESFDOCUMENT: 'Bad Name' }), CALL, T1)
    })

    it('the ROOT path gives ROOT pickup links in the response and the email', async () => {
      const { c, mails } = setup()
      const [p] = parties(expectOk(await c.renotify(T1, { ESFPARTY: 'Employee' }, { webapp: null }), CALL, T1))
      expect(p.pickupUrl).toBe(`${c.esf}/P/T1Employee0000000002`)
      expect((await mails())[0].links).toEqual([`${c.esf}/P/T1Employee0000000002`])
    })
    it('§8.3 check order: TRANSFERPARTY syntax, then the transaction status, then target resolution (first failure stops)', async () => {
      const { c } = setup()
      expectXmlError(await c.renotify(T4, { ESFPARTY: 'Nobody', TRANSFERPARTY: 'not-an-email' }), CALL, ['INVALID_TRANSFER_EMAIL'])
      expectXmlError(await c.renotify(T4, { ESFPARTY: 'Nobody' }), CALL, ['TRANSACTION_NOT_NOTIFIABLE'])
      expectXmlError(await c.renotify(T1, { ESFPARTY: 'Nobody', TRANSFERPARTY: 'not-an-email' }), CALL, ['INVALID_TRANSFER_EMAIL'])
      expectXmlError(await c.renotify(T6, { ESFPARTY: 'Nobody' }), CALL, ['NO_SUCH_PARTY'])
    })

    it('§8.3: by email, parties with that email that are not notifiable are skipped (T5: Seller yes, Undefined Countersigner no)', async () => {
      const { c, mails } = setup()
      const x = expectOk(await c.renotify(T5, { ESFPARTY: 'sales.rep@example.com' }), CALL, T5)
      expect(parties(x).map((p) => [p.name, p.status])).toEqual([['Seller', 'Completed']])
      expect((await mails()).map((m) => [m.to, m.party, m.links[0]])).toEqual([
        ['sales.rep@example.com', 'Seller', `${c.esf}/demo/P/T5Seller000000000011`],
      ])
    })

    it('§8.3: a transfer gives a To Do party an email, which then beats the group (one email, to the new address)', async () => {
      const { c, mails } = setup()
      const [p] = parties(expectOk(await c.renotify(T2, { ESFPARTY: 'Payroll', TRANSFERPARTY: 'payroll.lead@example.com' }), CALL, T2))
      expect([p.transferred, p.previousEmail, p.email, p.todoGroup]).toEqual([
        'true',
        undefined,
        'payroll.lead@example.com',
        'Payroll_Team',
      ])
      expect(notified(p)).toEqual(['payroll.lead@example.com'])
      expect((await mails()).map((m) => [m.to, m.reason])).toEqual([['payroll.lead@example.com', 'transfer']])
    })

    it('§8.3: a plain renotify changes nothing but the outbox', async () => {
      const { c, mails } = setup()
      const before = (await c.status(T2)).text
      expectOk(await c.renotify(T2, { ESFPARTY: 'Payroll' }), CALL, T2)
      expectOk(await c.renotify(T2, { ESFPARTY: 'Employee' }), CALL, T2)
      expect((await c.status(T2)).text).toBe(before)
      expect(await mails()).toHaveLength(3)
    })

    it('§9 forcing: a forced XML error on RenotifyParty sends no email and transfers nothing', async () => {
      const { c, mails } = setup()
      const before = (await c.status(T1)).text
      const r = await c.renotify(
        T1,
        { ESFPARTY: 'Employee', TRANSFERPARTY: 'ann.lee@example.com' },
        { headers: { 'x-sandbox-error': 'tranadmin.party_no_email' } },
      )
      expect(expectXmlError(r, CALL, ['PARTY_NO_EMAIL'])).toEqual(['Party Buyer has no email address or To Do group.'])
      expect(await mails()).toHaveLength(0)
      expect((await c.status(T1)).text).toBe(before)
    })
  },
  { clock: FROZEN },
)
