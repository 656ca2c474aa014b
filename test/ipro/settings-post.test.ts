import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { A1, A2, A3, A4, A5, CLOCK, DAY_MS, MSG, SEED_POST_REPLY, U1, U2, U3, config, expectJson, ipro, seedPostBody } from './helpers.js'

eachDoor(
  'ipro R2 POST …/source_settings/{source_id}/accounts/{account_id}/auth_token (spec §5.2)',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-r2'))

    it('checklist 9: empty or non-integer account_id → 400 without account_id, checked before source_id', async () => {
      const a = fresh()
      for (const account of ['', 'null', 'undefined', 'None', 'abc', '-1', '0', '99999999999'])
        await expectJson(a.post(5, account, seedPostBody()), 400, MSG.accountIdMissing)
      await expectJson(a.post('', '', seedPostBody()), 400, MSG.accountIdMissing)
      await expectJson(a.post('null', 'null', ''), 400, MSG.accountIdMissing)
    })

    it('checklist 10: empty or non-integer source_id → 400 without source_id, before the body check', async () => {
      const a = fresh()
      for (const source of ['undefined', 'null', '', 'x', '0'])
        await expectJson(a.post(source, 10256, seedPostBody()), 400, MSG.sourceIdMissing)
      await expectJson(a.post('null', 10256, ''), 400, MSG.sourceIdMissing)
    })

    it('checklist 11: every kind of "no body" → 400 "Cannot process request without request body"', async () => {
      const a = fresh()
      const bodies: (string | Record<string, unknown> | unknown[] | undefined)[] = [
        undefined,
        '',
        '   \n',
        'not json',
        '{}',
        '[]',
        '"text"',
        '42',
        'null',
        '{"config": ',
        { config: { user_id: U1, docusign_account_id: A1, look_back: 'x' } },
        { config: { user_id: U1, docusign_account_id: A1, look_back: -1 } },
        { config: { user_id: U1, docusign_account_id: A1, look_back: 3651 } },
        { config: { user_id: U1, docusign_account_id: A1, look_back: 1.5 } },
        { config: { user_id: U1, docusign_account_id: A1, look_back: true } },
        { config: { user_id: U1, docusign_account_id: A1, point_of_contact: 'a' } },
        { config: { user_id: U1, docusign_account_id: A1, point_of_contact: [1] } },
        { config: { user_id: U1, docusign_account_id: A1, point_of_contact: Array.from({ length: 51 }, () => 'a@b.c') } },
        { config: { user_id: U1, docusign_account_id: A1, point_of_contact: ['x'.repeat(255)] } },
        { ...seedPostBody(), go_live_date: 'tomorrow' },
        { ...seedPostBody(), go_live_date: '2021-02-30' },
        { ...seedPostBody(), go_live_date: '2021-06-09T25:00:00Z' },
        { ...seedPostBody(), go_live_date: '0999-01-01' },
        { ...seedPostBody(), go_live_date: 20210609 },
        { ...seedPostBody(), connection_name: '' },
        { ...seedPostBody(), connection_name: 'x'.repeat(256) },
        { ...seedPostBody(), connection_name: 5 },
      ]
      for (const body of bodies) await expectJson(a.post(5, 10256, body), 400, MSG.requestBodyMissing)
    })

    it('invalid UTF-8 and bodies over 1 MiB count as no body; the body is read as JSON whatever the Content-Type', async () => {
      const a = fresh()
      const bad = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])
      await expectJson(
        door.fetch('/ipro', '/v2/docusign/ipro/source_settings/5/accounts/10256/auth_token', door.workspace(), {
          method: 'POST',
          headers: { authorization: 'Bearer ipro-sandbox-token-org2' },
          body: bad,
        }),
        400,
        MSG.requestBodyMissing,
      )
      const huge = JSON.stringify({ ...seedPostBody(), pad: 'x'.repeat(1_048_576) })
      await expectJson(a.post(5, 10256, huge), 400, MSG.requestBodyMissing)
      const res = await a.call('POST', '/source_settings/5/accounts/10256/auth_token', undefined, {
        authorization: 'Bearer ipro-sandbox-token-org2',
      })
      await expectJson(res, 400, MSG.requestBodyMissing)
      const asText = await door.fetch('/ipro', '/v2/docusign/ipro/source_settings/5/accounts/10256/auth_token', door.workspace(), {
        method: 'POST',
        headers: { authorization: 'Bearer ipro-sandbox-token-org2', 'content-type': 'text/plain' },
        body: JSON.stringify(seedPostBody()),
      })
      await expectJson(asText, 200, SEED_POST_REPLY)
    })

    it('checklist 12: unknown source → 404 Source not found; unknown account → 404 Account not found (source first)', async () => {
      const a = fresh()
      await expectJson(a.post(99, 10256, seedPostBody()), 404, MSG.sourceNotFound)
      await expectJson(a.post(5, 99999, seedPostBody()), 404, MSG.accountNotFound)
      await expectJson(a.post(99, 99999, seedPostBody()), 404, MSG.sourceNotFound)
      await expectJson(a.post(99, 99999, ''), 400, MSG.requestBodyMissing)
    })

    it('checklist 13: config without user_id, and U3/A4 before any code exchange → 422 without credentials', async () => {
      const a = fresh()
      const bad = [
        { config: { docusign_account_id: A1 } },
        { config: { user_id: U1 } },
        { config: { user_id: '', docusign_account_id: A1 } },
        { config: { user_id: U1, docusign_account_id: 7 } },
        { config: null },
        { config: 'x' },
        { config: [U1, A1] },
        { config: {} },
        { connection_name: 'Docusign' },
        seedPostBody(config(U3, A4)),
        seedPostBody(config('00000000-0000-4000-8000-000000000000', A1)),
      ]
      for (const body of bad) await expectJson(a.post(5, 10256, body), 422, MSG.credentialsMissing)
      await expectJson(a.post(99, 10256, { config: {} }), 404, MSG.sourceNotFound)
    })

    it('checklist 14: the seed body on account 2 (already holds A1 through 965) → 409', async () => {
      const a = fresh()
      await expectJson(a.post(5, 2, seedPostBody()), 409, MSG.credentialsExist)
      await expectJson(a.post(5, 2, seedPostBody(config(U1, A1.toUpperCase()))), 409, MSG.credentialsExist)
    })

    it('the 409 comes before the grant checks; another source of the same account is not a duplicate', async () => {
      const a = fresh()
      await expectJson(a.post(5, 10258, seedPostBody(config(U2, A3))), 409, MSG.credentialsExist)
      await expectJson(a.post(7, 2, seedPostBody()), 422, MSG.credentialsMissing)
      expect((await a.refresh(7, '?code=ds-code-valid-admin')).status).toBe(200)
      const res = await a.post(7, 2, seedPostBody())
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ id: 977, account_id: 2, ipro_ingestion_source_id: 7 })
    })

    it('checklist 15: U2/A3 (revoked grant) → 401 USER_AUTHENTICATION_FAILED', async () => {
      await expectJson(fresh().post(5, 10256, seedPostBody(config(U2, A3))), 401, MSG.authFailed)
    })

    it('checklist 16: U1/A3 and U1/A5 (not a member) → 401 USER_LACKS_MEMBERSHIP', async () => {
      const a = fresh()
      await expectJson(a.post(5, 10256, seedPostBody(config(U1, A3))), 401, MSG.lacksMembership)
      await expectJson(a.post(5, 10256, seedPostBody(config(U1, A5))), 401, MSG.lacksMembership)
    })

    it("checklist 17: the seed body → the seed's answer (id 977); again → 409; U1/A2 → 978", async () => {
      const a = fresh()
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY)
      await expectJson(a.post(5, 10256, seedPostBody()), 409, MSG.credentialsExist)
      const res = await a.post(5, 10256, seedPostBody(config(U1, A2)))
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ id: 978, account_id: 10256, config: { docusign_account_id: A2, user_id: U1 } })
    })

    it('defaults, normalised dates, ignored unknown keys', async () => {
      const a = fresh()
      const res = await a.post(5, 10256, { extra: true, config: { user_id: U1, docusign_account_id: A1, junk: 1 } })
      expect(await res.text()).toBe(
        `{"account_id": 10256, "accountmapping": [], "config": {"docusign_account_id": "${A1}", "look_back": 0, "point_of_contact": [], "user_id": "${U1}"}, "connection_name": "Docusign", "connection_stage": "disconnected", "connection_status": "", "go_live_date": null, "id": 977, "ipro_ingestion_source_id": 5, "organization_id": 2, "sample_transaction": "", "sftp_user": "", "status": 0}\n`,
      )
      const dates: [string, string][] = [
        ['2021-06-09', 'Wed, 09 Jun 2021 00:00:00 GMT'],
        ['2021-06-09T01:59', 'Wed, 09 Jun 2021 01:59:00 GMT'],
        ['2021-06-09 01:59:42.999', 'Wed, 09 Jun 2021 01:59:42 GMT'],
        ['2021-06-09T01:59:42+02:00', 'Tue, 08 Jun 2021 23:59:42 GMT'],
        ['2021-06-08T23:00:00-05:30', 'Wed, 09 Jun 2021 04:30:00 GMT'],
        ['Wed, 09 Jun 2021 01:59:42 GMT', 'Wed, 09 Jun 2021 01:59:42 GMT'],
      ]
      for (const [input, output] of dates) {
        const b = fresh()
        const r = await b.post(5, 10256, {
          go_live_date: input,
          connection_name: 'DS prod',
          config: config(U1, A2, { look_back: 3650, point_of_contact: ['a@example.test'] }),
        })
        expect(await r.json()).toMatchObject({
          go_live_date: output,
          connection_name: 'DS prod',
          config: { look_back: 3650, point_of_contact: ['a@example.test'] },
        })
      }
    })

    it('GUIDs are matched case-insensitively but echoed as sent; non-ASCII is escaped like Python', async () => {
      const a = fresh()
      const res = await a.post(5, 10256, { connection_name: 'Ünïcode ✓', config: config(U1.toUpperCase(), A1.toUpperCase()) })
      const text = await res.text()
      expect(text).toContain(`"docusign_account_id": "${A1.toUpperCase()}"`)
      expect(text).toContain('"connection_name": "\\u00dcn\\u00efcode \\u2713"')
    })

    it('checklist 34 (second half): after 31 days the fixture grant G1 cannot be refreshed → 401', async () => {
      const a = fresh()
      await a.control.advanceClock(31 * DAY_MS)
      await expectJson(a.post(5, 10257, seedPostBody(config(U1, A2))), 401, MSG.authFailed)
    })

    it('an access token past 8 h is refreshed by use, which keeps the grant alive past the first 30 days', async () => {
      const a = fresh()
      await a.control.advanceClock(20 * DAY_MS)
      expect((await a.post(5, 10256, seedPostBody())).status).toBe(200)
      await a.control.advanceClock(20 * DAY_MS)
      expect((await a.post(5, 10256, seedPostBody(config(U1, A2)))).status).toBe(200)
      await a.control.advanceClock(31 * DAY_MS)
      await expectJson(a.post(5, 10257, seedPostBody(config(U1, A2))), 401, MSG.authFailed)
    })

    describe('a rejected request changes nothing stored', () => {
      it('no setting, no id consumed, no grant refresh', async () => {
        const a = fresh()
        await a.control.advanceClock(DAY_MS)
        const before = await a.state()
        await a.post(5, 10256, '')
        await a.post(5, 10256, seedPostBody(config(U1, A3)))
        await a.post(5, 2, seedPostBody())
        await a.post(5, 10256, seedPostBody(config(U2, A3)))
        await a.post(5, 10256, seedPostBody(config(U3, A4)))
        await a.post(5, 10256, seedPostBody(), {
          'x-sandbox-error': 'ipro.credentials_exist',
          ...{ authorization: 'Bearer ipro-sandbox-token-org2' },
        })
        expect(await a.state()).toBe(before)
        expect(await (await a.post(5, 10256, seedPostBody())).json()).toMatchObject({ id: 977 })
      })
    })
  },
  { clock: CLOCK },
)
