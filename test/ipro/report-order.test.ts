import { expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { eachDoor } from '../helpers/doors.js'
import type { Envelope, IproState } from '../../src/mocks/ipro/model.js'
import { A4, CLOCK, MSG, U3, config, expectJson, ipro, seedPostBody } from './helpers.js'

type Row = Record<string, string>

eachDoor(
  'ipro look-back rows: ordering and derived fields (spec §7.3, §8.4)',
  (door) => {
    /** A workspace where setting 977 reports the empty DocuSign account A4. */
    async function connected() {
      const a = ipro(door, door.workspace('ipro-order'))
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody(config(U3, A4)))).status).toBe(200)
      const envelope = (body: Record<string, unknown>) => a.control.simulate('ipro', 'envelope', { docusign_account_id: A4, ...body })
      const rows = async (days = 30) =>
        parse(await (await a.report(977, `?look_back_days=${days}`)).text(), { columns: true, record_delimiter: '\r\n' }) as Row[]
      return { a, envelope, rows }
    }

    it('same status time: envelope_id ascending decides, whatever the insertion order', async () => {
      const { envelope, rows } = await connected()
      for (const id of ['b-env', 'a-env', 'c-env'])
        await envelope({
          envelope_id: id,
          email_subject: id,
          status_changed_at: '2021-06-20T00:00:00Z',
          recipients: [{ name: id, email: `${id}@example.test` }],
        })
      await envelope({
        envelope_id: '0-earlier',
        email_subject: 'x',
        status_changed_at: '2021-06-19T23:59:59Z',
        recipients: [{ name: 'x', email: 'x@example.test' }],
      })
      expect((await rows()).map((r) => r.envelope_id)).toEqual(['0-earlier', 'a-env', 'b-env', 'c-env'])
    })

    it('signed dates step back 10 minutes per remaining signer, in routing order', async () => {
      const { envelope, rows } = await connected()
      await envelope({
        envelope_id: 'multi',
        email_subject: 'Three signers',
        status_changed_at: '2021-06-20T12:00:00Z',
        recipients: [
          { name: 'C', email: 'c@example.test', routing_order: 3 },
          { name: 'A', email: 'a@example.test', routing_order: 1 },
          { name: 'B', email: 'b@example.test', routing_order: 2 },
        ],
      })
      expect((await rows()).map((r) => [r.recipient_name, r.routing_order, r.signed_date])).toEqual([
        ['A', '1', '2021-06-20T11:40:00Z'],
        ['B', '2', '2021-06-20T11:50:00Z'],
        ['C', '3', '2021-06-20T12:00:00Z'],
      ])
    })

    it('voided_reason is stored only for voided envelopes; declined and delivered derive their own dates', async () => {
      const { envelope, rows } = await connected()
      const completed = await envelope({
        envelope_id: 'e1',
        email_subject: 's',
        status_changed_at: '2021-06-20T06:00:00Z',
        voided_reason: 'ignored',
        recipients: [{ name: 'n', email: 'n@example.test' }],
      })
      expect(completed).toMatchObject({ voided_reason: null, voided_date: null })
      await envelope({
        envelope_id: 'e2',
        email_subject: 's',
        status: 'declined',
        status_changed_at: '2021-06-20T07:00:00Z',
        recipients: [{ name: 'n', email: 'n@example.test' }],
      })
      await envelope({
        envelope_id: 'e3',
        email_subject: 's',
        status: 'delivered',
        status_changed_at: '2021-06-20T08:00:00Z',
        recipients: [{ name: 'n', email: '' }],
      })
      const [r1, r2, r3] = await rows()
      expect(r1).toMatchObject({ voided_reason: '', transaction_date: '2021-06-20T06:00:00Z', imported: 'Y' })
      expect(r2).toMatchObject({
        declined_date: '2021-06-20T07:00:00Z',
        completed_date: '',
        delivered_date: '2021-06-20T06:00:00Z',
        signed_date: '',
        imported: 'N',
        skip_reason: 'not completed',
      })
      expect(r3).toMatchObject({
        recipient_status: 'delivered',
        delivered_date: '2021-06-20T07:00:00Z',
        imported: 'N',
        skip_reason: 'not completed',
      })
    })

    it('a completed envelope without recipients gives one row, skipped for the missing email', async () => {
      const { envelope, rows } = await connected()
      await envelope({ envelope_id: 'lonely', email_subject: 'nobody', status_changed_at: '2021-06-20T00:00:00Z', recipients: [] })
      expect(await rows()).toEqual([
        expect.objectContaining({
          envelope_id: 'lonely',
          recipient_name: '',
          recipient_email: '',
          recipient_status: '',
          routing_order: '',
          signed_date: '',
          imported: 'N',
          skip_reason: 'missing email',
          transaction_date: '2021-06-20T00:00:00Z',
        }),
      ])
    })

    it('a corrupt state document is refused (400 naming the path); an unexpected exception → 500 "Internal Server Error" JSON, no stack', async () => {
      const { a, envelope } = await connected()
      await envelope({ envelope_id: 'broken', email_subject: 's', status_changed_at: '2021-06-20T00:00:00Z' })
      const doc = await a.control.state('ipro')
      const vendor = doc.vendors.ipro as { envelopes: Record<string, { recipients: unknown }> }
      vendor.envelopes.broken.recipients = null
      await expect(a.control.putState(doc)).rejects.toMatchObject({
        status: 400,
        body: { path: 'vendors.ipro.envelopes.broken.recipients' },
      })
      expect((await a.report(977, '?look_back_days=30')).status).toBe(200)
      // Corrupted in the process itself (no import path lets it in): the vendor's internal error, nothing else.
      const ws = await door.sandbox.runtime.store.open(a.control.workspaceId)
      const envelopes = ws.handle<IproState>('ipro').state.envelopes
      const broken = envelopes.get('broken') as Envelope
      envelopes.set('broken', { ...broken, recipients: null as unknown as Envelope['recipients'] })
      await expectJson(a.report(977, '?look_back_days=30'), 500, MSG.internal)
      envelopes.set('broken', broken)
    })
  },
  { clock: CLOCK },
)
