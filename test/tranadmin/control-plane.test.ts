import { expect, it } from 'vitest'
import { ControlClientError } from '../../src/sandbox/client.js'
import type { EmailEntry } from '../../src/lib/outbox-types.js'
import { eachDoor } from '../helpers/doors.js'
import { at, obj, objs, parseJson, str, type JsonObject } from '../helpers/json.js'
import { client, controlPickupBase, expectOk, expectXmlError, FROZEN, NOWHERE, T1, T2, T3 } from './helpers.js'

const NEW_TID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const PICKUP = /^https:\/\/esf\.example\.test(\/ws\/[\w-]+)?\/demo\/P\/[A-Za-z0-9]{20}$/

async function controlError(p: Promise<unknown>): Promise<{ status: number; error?: string }> {
  try {
    await p
  } catch (e) {
    if (e instanceof ControlClientError) return { status: e.status, error: e.body.error }
    throw e
  }
  throw new Error('expected a control-plane error')
}

eachDoor(
  'tranadmin control plane and simulate actions (spec §11, §12, §16 items 45–50)',
  (door) => {
    const setup = () => {
      const ws = door.workspace('ta-cp')
      const ctl = door.control(ws)
      const mails = async () => ((await ctl.outbox({ vendor: 'tranadmin', type: 'email' })).items as EmailEntry[]).slice().reverse()
      return { ws, ctl, c: client(door, ws), mails }
    }
    const partyOf = (x: JsonObject, name: string): JsonObject => {
      const party = objs(at(x, 'transaction', 'parties', 'party')).find((p) => p.name === name)
      if (party === undefined) throw new Error(`no party ${name} in the transaction`)
      return party
    }

    it('45: the catalogue lists every id with its HTTP status', async () => {
      const { ctl } = setup()
      const { items } = await ctl.errors('tranadmin')
      const byId = Object.fromEntries(items.map((e) => [e.id, e]))
      expect(Object.fromEntries(items.map((e) => [e.id, e.http_status]))).toEqual({
        'tranadmin.not_authenticated': 403,
        'tranadmin.not_permitted': 403,
        'tranadmin.not_found': 404,
        'tranadmin.method_not_allowed': 405,
        'tranadmin.payload_too_large': 413,
        'tranadmin.system_error': 503,
        'tranadmin.no_such_document': 200,
        'tranadmin.no_such_party': 200,
        'tranadmin.no_such_party_document': 200,
        'tranadmin.unexpected_format': 200,
        'tranadmin.unexpected_data_request': 200,
        'tranadmin.invalid_transfer_email': 200,
        'tranadmin.transaction_not_notifiable': 200,
        'tranadmin.no_active_party': 200,
        'tranadmin.party_not_notifiable': 200,
        'tranadmin.party_no_email': 200,
        'tranadmin.party_no_email_template': 200,
      })
      expect(byId['tranadmin.not_found']).toMatchObject({ vendor: 'tranadmin', code: 'NOT_FOUND', message: '' })
      expect(byId['tranadmin.system_error'].code).toBe('SERVICE_UNAVAILABLE')
      expect(byId['tranadmin.no_such_party']).toMatchObject({ code: 'NO_SUCH_PARTY', message: 'No such party: Nobody.' })
      expect(byId['tranadmin.party_not_notifiable'].message).toBe('Party Payroll cannot be notified while its status is Undefined.')
      for (const e of items) expect(e.trigger).not.toBe('')
    })

    it('46: party-complete → next party activated (To Do group emailed), documents completed', async () => {
      const { ws, ctl, c, mails } = setup()
      const reply = await ctl.simulate('tranadmin', 'party-complete', {
        tid: T1,
        party: 'Employee',
        data: { W4: { FilingStatus: 'Married' } },
      })
      expect(reply.status).toBe('In progress')
      expect(reply.status_text).toBe('Waiting on Payroll')
      const x = expectOk(await c.status(T1), 'GetStatus', T1)
      expect(partyOf(x, 'Employee').status).toBe('Completed')
      expect(partyOf(x, 'Employee').lastAccessedTimestamp).toBe('2026-03-01T12:00:00Z')
      expect(partyOf(x, 'Payroll').status).toBe('Active')
      expect(partyOf(x, 'Payroll').pickupUrl).toMatch(PICKUP)
      expect(at(x, 'transaction', 'statusText')).toBe('Waiting on Payroll')
      const out = await mails()
      expect(out.map((m) => [m.to, m.reason])).toEqual([
        ['payroll.one@example.com', 'activation'],
        ['payroll.two@example.com', 'activation'],
      ])
      // Sent by an in-process control call: rooted at the real host, so the link names the workspace.
      expect(out[0].links).toEqual([str(partyOf(x, 'Payroll').pickupUrl).replace(c.esf, controlPickupBase(ws))])
      const s = expectOk(await c.snapshot(T1, { ESFDOCUMENT: 'W4', FORMAT: 'HTML', INCLUDEDATA: 'XML' }), 'GetDocumentSnapshot', T1)
      const [d] = objs(at(s, 'documents', 'document'))
      expect([d.party, d.status, d.esignIpHost, d.esignTimestamp]).toEqual([
        'Employee',
        'Completed',
        '192.0.2.10 (signer.example.test)',
        '2026-03-01T12:00:00Z',
      ])
      expect(Buffer.from(str(at(d, 'data', '#text')), 'base64').toString('utf8')).toContain(
        '<nameValue name="FilingStatus">Married</nameValue>',
      )
    })

    it('46b: completing the last party completes the transaction', async () => {
      const { ctl, c } = setup()
      const reply = await ctl.simulate('tranadmin', 'party-complete', { tid: T2, party: 'Payroll', esign: false })
      expect([reply.status, reply.status_text]).toEqual(['Completed', 'Completed'])
      const x = expectOk(await c.snapshot(T2, { ESFDOCUMENT: 'W4', FORMAT: 'HTML' }), 'GetDocumentSnapshot', T2)
      const [d] = objs(at(x, 'documents', 'document'))
      expect([d.party, d.esignIpHost]).toEqual(['Payroll', undefined])
    })

    it('47: cancel, suspend and resume drive RenotifyParty', async () => {
      const { ctl, c } = setup()
      // Read first: a status document is kept for the second it shows, but never past a change.
      expect(at(expectOk(await c.status(T1), 'GetStatus', T1), 'transaction', 'status')).not.toBe('Canceled')
      await ctl.simulate('tranadmin', 'transaction-cancel', { tid: T1 })
      expect(at(expectOk(await c.status(T1), 'GetStatus', T1), 'transaction', 'status')).toBe('Canceled')
      expectXmlError(await c.renotify(T1, { ESFPARTY: 'Employee' }), 'RenotifyParty', ['TRANSACTION_NOT_NOTIFIABLE'])
      await ctl.simulate('tranadmin', 'transaction-suspend', { tid: T2 })
      expectXmlError(await c.renotify(T2, { ESFPARTY: 'Payroll' }), 'RenotifyParty', ['TRANSACTION_NOT_NOTIFIABLE'])
      const resumed = await ctl.simulate('tranadmin', 'transaction-resume', { tid: T2 })
      expect([resumed.status, resumed.status_text]).toEqual(['In progress', 'Waiting on Payroll'])
      expectOk(await c.renotify(T2, { ESFPARTY: 'Payroll' }), 'RenotifyParty', T2)
    })

    it('48: invalid transitions → 409, unknown transaction/party → 404, malformed bodies → 400', async () => {
      const { ctl } = setup()
      expect(await controlError(ctl.simulate('tranadmin', 'party-complete', { tid: T1, party: 'Employer' }))).toEqual({
        status: 409,
        error: 'invalid_state',
      })
      expect(await controlError(ctl.simulate('tranadmin', 'party-view', { tid: NOWHERE, party: 'Employee' }))).toEqual({
        status: 404,
        error: 'not_found',
      })
      expect(await controlError(ctl.simulate('tranadmin', 'party-view', { tid: T1, party: 'Nobody' }))).toEqual({
        status: 404,
        error: 'not_found',
      })
      expect(await controlError(ctl.simulate('tranadmin', 'party-view', { tid: T1 } as never))).toEqual({
        status: 400,
        error: 'bad_request',
      })
      expect(await controlError(ctl.simulate('tranadmin', 'transaction-resume', { tid: T1 }))).toEqual({
        status: 409,
        error: 'invalid_state',
      })
      expect(await controlError(ctl.simulate('tranadmin', 'transaction-start', { template: 'No/Such' }))).toEqual({
        status: 404,
        error: 'not_found',
      })
      expect(await controlError(ctl.simulate('tranadmin', 'transaction-start', { template: 'HR/NewHire', tid: T1 }))).toEqual({
        status: 409,
        error: 'invalid_state',
      })
      expect(
        await controlError(ctl.simulate('tranadmin', 'party-complete', { tid: T1, party: 'Employee', data: { NoDoc: { a: 'b' } } })),
      ).toEqual({ status: 400, error: 'bad_request' })
    })

    it('49: transaction-start → a new transaction, first party active with one activation email', async () => {
      const { ws, ctl, c, mails } = setup()
      await ctl.simulate('tranadmin', 'transaction-start', {
        template: 'HR/NewHire',
        tid: NEW_TID,
        emails: { Employer: 'boss@example.com', Employee: 'new.person@example.com' },
      })
      const x = expectOk(await c.status(NEW_TID), 'GetStatus', NEW_TID)
      expect(at(x, 'transaction', 'status')).toBe('In progress')
      expect(at(x, 'transaction', 'statusText')).toBe('Waiting on Employer')
      expect(partyOf(x, 'Employer').status).toBe('Active')
      expect(partyOf(x, 'Employer').pickupUrl).toMatch(PICKUP)
      expect(partyOf(x, 'Employee').status).toBe('Undefined')
      expect(partyOf(x, 'Employee').pickupUrl).toBeUndefined()
      const out = await mails()
      const link = str(partyOf(x, 'Employer').pickupUrl).replace(c.esf, controlPickupBase(ws))
      expect(out.map((m) => [m.to, m.reason, m.links[0]])).toEqual([['boss@example.com', 'activation', link]])
    })

    it('49b: transaction-start without a tid draws one from the PRNG; Ops/Acknowledgement sends nothing (no email template)', async () => {
      const { ctl, c, mails } = setup()
      const reply = await ctl.simulate('tranadmin', 'transaction-start', {
        template: 'Ops/Acknowledgement',
        emails: { Acknowledger: 'someone@example.com' },
        webapp: 'ops',
      })
      expect(reply.tid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(at(reply, 'parties', 0, 'pickup_code')).toMatch(/^[A-Za-z0-9]{20}$/)
      expect(await mails()).toHaveLength(0)
      expectOk(await c.status(str(reply.tid)), 'GetStatus', str(reply.tid))
    })

    it('50: the journal never shows ESFLOGINPASSWORD values', async () => {
      const { ctl, c } = setup()
      await c.status(T1)
      await c.call('GetStatus', {}, { method: 'GET', query: 'ESFLOGINUSER=apiuser%40example.com&ESFLOGINPASSWORD=secure&ESFTID=' + T1 })
      const { items } = await ctl.requests({ vendor: 'tranadmin' })
      expect(items).toHaveLength(2)
      const text = JSON.stringify(items)
      expect(text).not.toContain('ESFLOGINPASSWORD=secure')
      expect(text).not.toContain('"secure"')
      expect(items[1].body).toContain('ESFLOGINPASSWORD=***')
      expect(items[0].query.ESFLOGINPASSWORD).toBe('***')
    })

    it('reset restores the fixtures and clears the outbox; workspaces are isolated', async () => {
      const { ws, ctl, c, mails } = setup()
      await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'moved@example.com' })
      expect(await mails()).toHaveLength(1)
      const other = client(door, door.workspace('ta-cp-other'))
      expect(partyOf(expectOk(await other.status(T1), 'GetStatus', T1), 'Employee').email).toBe('ann.lee@example.org')
      await ctl.reset()
      expect(await mails()).toHaveLength(0)
      const x = expectOk(await c.status(T1), 'GetStatus', T1)
      expect(partyOf(x, 'Employee').email).toBe('ann.lee@example.org')
      expect(partyOf(x, 'Employee').pickupUrl).toBe(`${c.esf}/demo/P/T1Employee0000000002`)
      expect(ws).toBeTruthy()
    })

    it('state export and import round-trip', async () => {
      const { ctl, c } = setup()
      await c.renotify(T1, { ESFPARTY: 'Employee', TRANSFERPARTY: 'moved@example.com' })
      const doc = await ctl.state('tranadmin')
      await ctl.reset()
      await ctl.putState(doc)
      expect(partyOf(expectOk(await c.status(T1), 'GetStatus', T1), 'Employee').email).toBe('moved@example.com')
    })
    it('§13: an unexpected exception (a stored template naming a missing package) → empty 503, never HTML or a stack trace', async () => {
      const { ctl, c } = setup()
      const doc = await ctl.state('tranadmin')
      const state = obj(parseJson(JSON.stringify(doc.vendors.tranadmin)))
      const templates = obj(state.templates)
      templates['HR/NewHire'] = { ...obj(templates['HR/NewHire']), package: 'Missing/Package' }
      await ctl.putState({ ...doc, vendors: { tranadmin: state } })
      const r = await c.status(T1)
      expect([r.status, r.text, r.headers.get('content-type')]).toEqual([503, '', null])
      expectOk(await c.status(T3), 'GetStatus', T3)
    })
  },
  { clock: FROZEN },
)
