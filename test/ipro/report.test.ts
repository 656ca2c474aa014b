import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { eachDoor } from '../helpers/doors.js'
import { A1, A4, CLOCK, DAY_MS, MSG, REPORT_HEADER, T, U1, U3, config, expectJson, ipro, seedPostBody } from './helpers.js'

const ENV = (nn: string) => `5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c${nn}`
type Row = Record<string, string>

/** Parses the CSV back with csv-parse (the consumer's view), checking the raw header line and CRLF endings first. */
function readCsv(text: string): Row[] {
  expect(text.startsWith(`${REPORT_HEADER}\r\n`)).toBe(true)
  expect(text.endsWith('\r\n')).toBe(true)
  return parse(text, { columns: true, record_delimiter: '\r\n' }) as Row[]
}

const rowLine = (text: string, envelopeId: string) => text.split('\r\n').filter((l) => l.startsWith(envelopeId))

eachDoor(
  'ipro R4 GET …/source_settings/{id}/accounts/look_back_report (spec §5.4, §7)',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-r4'))

    it('checklist 26: empty or non-integer source_setting_id → 400 (correctly spelt "process")', async () => {
      const a = fresh()
      for (const id of ['null', '', 'undefined', 'abc', '0', '-965'])
        await expectJson(a.report(id, '?look_back_days=30'), 400, MSG.reportSettingIdMissing)
      await expectJson(a.report('null', ''), 400, MSG.reportSettingIdMissing)
    })

    it('checklist 27 and §10: look_back_days absent, blank, abc, 0, -3, 3651, 99999, 1.5 → 400 ("processs")', async () => {
      const a = fresh()
      for (const q of [
        '',
        '?look_back_days',
        '?look_back_days=',
        '?look_back_days=abc',
        '?look_back_days=0',
        '?look_back_days=-3',
        '?look_back_days=3651',
        '?look_back_days=99999',
        '?look_back_days=1.5',
        '?days=30',
      ]) {
        await expectJson(a.report(965, q), 400, MSG.lookBackDaysMissing)
      }
      await expectJson(a.report(424242, '?look_back_days=x'), 400, MSG.lookBackDaysMissing)
    })

    it('checklist 28: unknown setting and a setting without config → 404 (capital P)', async () => {
      const a = fresh()
      await expectJson(a.report(424242, '?look_back_days=30'), 404, MSG.reportCredentialsMissing)
      await expectJson(a.report(966, '?look_back_days=30'), 404, MSG.reportCredentialsMissing)
    })

    it('a setting whose user has no grant on its source → 404 without credentials', async () => {
      const a = fresh()
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody(config(U3, A4)))).status).toBe(200)
      await a.control.putState(
        await (async () => {
          const doc = await a.control.state('ipro')
          const vendor = doc.vendors.ipro as { grants: Record<string, unknown> }
          delete vendor.grants[`5:${U3}`]
          return doc
        })(),
      )
      await expectJson(a.report(977, '?look_back_days=30'), 404, MSG.reportCredentialsMissing)
    })

    it('checklist 29: 967 (revoked grant) → 409 USER_AUTHENTICATION_FAILED; 968 (membership lost) → 409 USER_LACKS_MEMBERSHIP', async () => {
      const a = fresh()
      await expectJson(a.report(967, '?look_back_days=30'), 409, MSG.authFailed)
      await expectJson(a.report(968, '?look_back_days=30'), 409, MSG.lacksMembership)
    })

    it("checklist 30: 965 over 30 days → the CSV download with 6 rows in the spec's order and values", async () => {
      const res = await fresh().report(965, '?look_back_days=30')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="look_back_report_965_\d{8}\.csv"$/)
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="look_back_report_965_20210621.csv"')
      expect(res.headers.get('cache-control')).toBe('no-store')
      const text = await res.text()
      expect(text.split('\r\n')[0]).toBe(REPORT_HEADER)
      const rows = readCsv(text)
      expect(rows.map((r) => r.envelope_id)).toEqual([ENV('04'), ENV('03'), ENV('07'), ENV('02'), ENV('01'), ENV('01')])

      expect(rowLine(text, ENV('01'))).toEqual([
        '5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c01,Purchase agreement - 12 Oak Street,completed,2021-06-19T22:00:00Z,2021-06-19T22:01:00Z,2021-06-19T23:00:00Z,2021-06-20T00:00:00Z,,,,2021-06-20T00:00:00Z,Demo Admin,docusign.admin@example.test,Alice Buyer,alice.buyer@example.test,completed,1,2021-06-19T23:50:00Z,3d58d115-8a00-43e1-a93a-1636b51f053a,2021-06-20T00:00:00Z,Y,',
        '5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c01,Purchase agreement - 12 Oak Street,completed,2021-06-19T22:00:00Z,2021-06-19T22:01:00Z,2021-06-19T23:00:00Z,2021-06-20T00:00:00Z,,,,2021-06-20T00:00:00Z,Demo Admin,docusign.admin@example.test,Bob Buyer,bob.buyer@example.test,completed,2,2021-06-20T00:00:00Z,3d58d115-8a00-43e1-a93a-1636b51f053a,2021-06-20T00:00:00Z,Y,',
      ])
      expect(rowLine(text, ENV('03'))).toEqual([
        `5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c03,"'=HYPERLINK(""http://evil.example"",""Click"")",completed,2021-06-10T22:00:00Z,2021-06-10T22:01:00Z,2021-06-10T23:00:00Z,2021-06-11T00:00:00Z,,,,2021-06-11T00:00:00Z,Demo Admin,docusign.admin@example.test,'+Dave Lister,dave.lister@example.test,completed,1,2021-06-11T00:00:00Z,3d58d115-8a00-43e1-a93a-1636b51f053a,2021-06-11T00:00:00Z,Y,`,
      ])

      const [r04, r03, r07, r02, r01a, r01b] = rows
      expect(r03.email_subject).toBe(`'=HYPERLINK("http://evil.example","Click")`)
      expect(r03.recipient_name).toBe("'+Dave Lister")
      expect(r07).toMatchObject({
        recipient_name: "'@Grace Walkin",
        recipient_email: '',
        imported: 'N',
        skip_reason: 'missing email',
        signed_date: '2021-06-16T00:00:00Z',
      })
      expect(r02).toMatchObject({
        envelope_status: 'sent',
        recipient_status: 'sent',
        delivered_date: '',
        completed_date: '',
        signed_date: '',
        transaction_date: '',
        imported: 'N',
        skip_reason: 'not completed',
      })
      expect(r04).toMatchObject({
        envelope_status: 'declined',
        delivered_date: '2021-05-31T23:00:00Z',
        declined_date: '2021-06-01T00:00:00Z',
        recipient_status: 'declined',
        imported: 'N',
        skip_reason: 'not completed',
      })
      for (const r of [r01a, r01b]) expect(r).toMatchObject({ imported: 'Y', skip_reason: '' })
    })

    it('checklist 31: 7 / 60 / 365 days → 4 / 7 / 8 rows; 05 and 06 lead the longer windows', async () => {
      const a = fresh()
      const rows = async (days: number) => readCsv(await (await a.report(965, `?look_back_days=${days}`)).text())
      expect((await rows(7)).map((r) => r.envelope_id)).toEqual([ENV('07'), ENV('02'), ENV('01'), ENV('01')])
      const sixty = await rows(60)
      expect(sixty).toHaveLength(7)
      expect(sixty[0].envelope_id).toBe(ENV('05'))
      const year = await rows(365)
      expect(year).toHaveLength(8)
      expect(year[0]).toMatchObject({
        envelope_id: ENV('06'),
        envelope_status: 'voided',
        voided_reason: 'Wrong property address',
        voided_date: '2021-03-13T00:00:00Z',
        recipient_status: 'sent',
        delivered_date: '',
        skip_reason: 'not completed',
      })
      expect((await rows(3650)).length).toBe(8)
    })

    it('the window is inclusive at now − days and excludes envelopes after now', async () => {
      const a = fresh()
      expect(readCsv(await (await a.report(965, '?look_back_days=1')).text()).map((r) => r.envelope_id)).toEqual([ENV('01'), ENV('01')])
      await a.control.simulate('ipro', 'envelope', {
        docusign_account_id: A1,
        envelope_id: 'future',
        status_changed_at: '2021-06-21T00:00:01Z',
        recipients: [{ name: 'Later', email: 'l@example.test' }],
      })
      expect(rowLine(await (await a.report(965, '?look_back_days=1')).text(), 'future')).toEqual([])
      await a.control.advanceClock(1000)
      expect(rowLine(await (await a.report(965, '?look_back_days=1')).text(), 'future')).toHaveLength(1)
      await a.control.advanceClock(DAY_MS - 2000)
      expect(readCsv(await (await a.report(965, '?look_back_days=2')).text()).map((r) => r.envelope_id)).toEqual([
        ENV('01'),
        ENV('01'),
        'future',
      ])
    })

    it('the first look_back_days value counts when repeated', async () => {
      const a = fresh()
      expect(readCsv(await (await a.report(965, '?look_back_days=7&look_back_days=365')).text())).toHaveLength(4)
      await expectJson(a.report(965, '?look_back_days=x&look_back_days=7'), 400, MSG.lookBackDaysMissing)
    })

    it('checklist 32: a fresh connection (U3/A4 → 977) reports the header and CRLF only', async () => {
      const a = fresh()
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      expect(await (await a.post(5, 10256, seedPostBody(config(U3, A4)))).json()).toMatchObject({ id: 977 })
      const res = await a.report(977, '?look_back_days=30')
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="look_back_report_977_20210621.csv"')
      expect(await res.text()).toBe(`${REPORT_HEADER}\r\n`)
    })

    it('checklist 33: a simulated envelope on A4 appears as the two rows §7.3 computes', async () => {
      const a = fresh()
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody(config(U3, A4)))).status).toBe(200)
      const yesterday = new Date(T - DAY_MS).toISOString().replace('.000Z', 'Z')
      const envelope = await a.control.simulate('ipro', 'envelope', {
        docusign_account_id: A4,
        envelope_id: 'c0ffee00-0000-4000-8000-000000000033',
        status_changed_at: yesterday,
        email_subject: 'Lease renewal, unit 4',
        sender: { name: 'New Connector', email: 'new.connector@example.test' },
        recipients: [
          { name: 'Quinn "Q" Tenant', email: 'quinn@example.test' },
          { name: 'Rae Cosigner', email: '' },
        ],
      })
      expect(envelope).toMatchObject({
        envelope_id: 'c0ffee00-0000-4000-8000-000000000033',
        envelope_status: 'completed',
        completed_date: '2021-06-20T00:00:00Z',
        recipients: [{ routing_order: 1 }, { routing_order: 2 }],
      })
      const text = await (await a.report(977, '?look_back_days=30')).text()
      expect(text).toBe(
        `${REPORT_HEADER}\r\n` +
          'c0ffee00-0000-4000-8000-000000000033,"Lease renewal, unit 4",completed,2021-06-19T22:00:00Z,2021-06-19T22:01:00Z,2021-06-19T23:00:00Z,2021-06-20T00:00:00Z,,,,2021-06-20T00:00:00Z,New Connector,new.connector@example.test,"Quinn ""Q"" Tenant",quinn@example.test,completed,1,2021-06-19T23:50:00Z,7a3e9c51-4b2d-4e8f-a6c0-1d5b9e3f7a28,2021-06-20T00:00:00Z,Y,\r\n' +
          'c0ffee00-0000-4000-8000-000000000033,"Lease renewal, unit 4",completed,2021-06-19T22:00:00Z,2021-06-19T22:01:00Z,2021-06-19T23:00:00Z,2021-06-20T00:00:00Z,,,,2021-06-20T00:00:00Z,New Connector,new.connector@example.test,Rae Cosigner,,completed,2,2021-06-20T00:00:00Z,7a3e9c51-4b2d-4e8f-a6c0-1d5b9e3f7a28,2021-06-20T00:00:00Z,N,missing email\r\n',
      )
      const rows = readCsv(text)
      expect(rows.map((r) => r.recipient_name)).toEqual(['Quinn "Q" Tenant', 'Rae Cosigner'])
    })

    it('checklist 34: 31 days later the fixture grant cannot be refreshed → 409 USER_AUTHENTICATION_FAILED', async () => {
      const a = fresh()
      await a.control.advanceClock(2_678_400_000)
      await expectJson(a.report(965, '?look_back_days=30'), 409, MSG.authFailed)
    })

    it('checklist 35: revoke_grant {source 5, U1} → 409 USER_AUTHENTICATION_FAILED', async () => {
      const a = fresh()
      expect(await a.control.simulate('ipro', 'revoke_grant', { source_id: 5, user_id: U1 })).toEqual({
        source_id: 5,
        user_id: U1,
        revoked: true,
      })
      await expectJson(a.report(965, '?look_back_days=30'), 409, MSG.authFailed)
    })

    it('a report past 8 h refreshes the access token (the grant then outlives the first 30 days)', async () => {
      const a = fresh()
      await a.control.advanceClock(29 * DAY_MS)
      expect((await a.report(965, '?look_back_days=1')).status).toBe(200)
      await a.control.advanceClock(29 * DAY_MS)
      expect((await a.report(965, '?look_back_days=1')).status).toBe(200)
    })

    describe('formula-injection guard and quoting on every cell', () => {
      it('=, +, -, @, TAB and CR starters are prefixed with a quote; commas, quotes and newlines are quoted', async () => {
        const a = fresh()
        await a.control.simulate('ipro', 'envelope', {
          docusign_account_id: A1,
          envelope_id: '=cmd',
          status_changed_at: '2021-06-20T12:00:00Z',
          email_subject: '-2+3',
          status: 'voided',
          voided_reason: '@SUM(A1)\nsecond line',
          sender: { name: '\tTabbed', email: '+sender@example.test' },
          recipients: [{ name: '\rCarriage', email: 'x@example.test', routing_order: 4 }],
        })
        const text = await (await a.report(965, '?look_back_days=1')).text()
        const [row] = readCsv(text).filter((r) => r.envelope_id === "'=cmd")
        expect(row).toMatchObject({
          email_subject: "'-2+3",
          voided_reason: "'@SUM(A1)\nsecond line",
          sender_name: "'\tTabbed",
          sender_email: "'+sender@example.test",
          recipient_name: "'\rCarriage",
          routing_order: '4',
        })
        expect(text).toContain(`"'@SUM(A1)\nsecond line"`)
        expect(text).toContain(`,"'\rCarriage",`)
      })
    })

    it('a rejected report changes nothing (no grant refresh on a 409)', async () => {
      const a = fresh()
      await a.control.advanceClock(DAY_MS)
      const before = await a.state()
      await a.report(967, '?look_back_days=30')
      await a.report(968, '?look_back_days=30')
      await a.report(966, '?look_back_days=30')
      await a.report(965, '?look_back_days=0')
      expect(await a.state()).toBe(before)
    })

    it('same seed, frozen clock, same requests → the same bytes in two workspaces', async () => {
      const [x, y] = [fresh(), fresh()]
      expect(await (await x.report(965, '?look_back_days=365')).text()).toBe(await (await y.report(965, '?look_back_days=365')).text())
    })
  },
  { clock: CLOCK },
)
