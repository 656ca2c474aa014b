import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import {
  A1,
  A2,
  A3,
  A4,
  A5,
  CLOCK,
  DAY_MS,
  MSG,
  SEED_PUT_REPLY,
  U1,
  U2,
  U3,
  config,
  expectJson,
  ipro,
  seedPostBody,
  seedPutBody,
} from './helpers.js'

eachDoor(
  'ipro R3 PUT …/source_settings/{source_id}/accounts/{account_id}/auth_token (spec §5.3)',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-r3'))

    it('path checks as R2: account_id first, then source_id, before the body', async () => {
      const a = fresh()
      await expectJson(a.put(5, '', ''), 400, MSG.accountIdMissing)
      await expectJson(a.put('null', 'null', seedPutBody()), 400, MSG.accountIdMissing)
      await expectJson(a.put('undefined', 2, ''), 400, MSG.sourceIdMissing)
    })

    it('checklist 18: empty body and {} (and every other "no body") → 400 "without body"', async () => {
      const a = fresh()
      for (const body of [undefined, '', ' ', '{}', '[]', 'not json', '"x"', 'null', '[{"source_setting_id": 965}]'])
        await expectJson(a.put(5, 2, body), 400, MSG.bodyMissing)
    })

    it('§10: wrong field types are an invalid body too, checked before source_setting_id', async () => {
      const a = fresh()
      const bodies = [
        seedPutBody({ go_live_date: 'soon' }),
        seedPutBody({ connection_name: 7 }),
        seedPutBody({ config: config(U1, A1, { look_back: 'x' }) }),
        seedPutBody({ config: config(U1, A1, { point_of_contact: 'a' }) }),
        { go_live_date: 1, config: config(U1, A1) },
      ]
      for (const body of bodies) await expectJson(a.put(5, 2, body), 400, MSG.bodyMissing)
    })

    it('checklist 19: source_setting_id absent, 0, null, "", "abc", negative or fractional → 400', async () => {
      const a = fresh()
      const { source_setting_id: _omit, ...noId } = seedPutBody()
      await expectJson(a.put(5, 2, noId), 400, MSG.settingIdMissing)
      for (const id of [0, null, '', 'abc', -965, 965.5, '0', true, [965], '2147483648'])
        await expectJson(a.put(5, 2, seedPutBody({ source_setting_id: id })), 400, MSG.settingIdMissing)
    })

    it('checklist 20: config absent, null, not an object or {} → 422 "without request config"', async () => {
      const a = fresh()
      for (const body of [
        { source_setting_id: 965 },
        { source_setting_id: 965, config: {} },
        { source_setting_id: 965, config: null },
        { source_setting_id: 965, config: 'x' },
        { source_setting_id: 965, config: [] },
      ]) {
        await expectJson(a.put(5, 2, body), 422, MSG.configMissing)
      }
    })

    it('checklist 21: config lacking docusign_account_id (or any credential) → 422 without credentials', async () => {
      const a = fresh()
      await expectJson(a.put(5, 2, { source_setting_id: 965, config: { user_id: U1 } }), 422, MSG.credentialsMissing)
      await expectJson(
        a.put(5, 2, { source_setting_id: 965, config: { docusign_account_id: A1, look_back: 0 } }),
        422,
        MSG.credentialsMissing,
      )
      await expectJson(a.put(5, 2, seedPutBody({ config: config(U3, A4) })), 422, MSG.credentialsMissing)
      await expectJson(a.put(7, 2, seedPutBody()), 422, MSG.credentialsMissing)
    })

    it('checklist 22: unknown setting, or one of another account or source → 404 "Configuration not available"', async () => {
      const a = fresh()
      await expectJson(a.put(5, 2, seedPutBody({ source_setting_id: 424242 })), 404, MSG.configurationNotAvailable)
      await expectJson(a.put(5, 10256, seedPutBody()), 404, MSG.configurationNotAvailable)
      await expectJson(a.put(5, 99999, seedPutBody()), 404, MSG.configurationNotAvailable)
      expect((await a.refresh(7, '?code=ds-code-valid-admin')).status).toBe(200)
      await expectJson(a.put(7, 2, seedPutBody()), 404, MSG.configurationNotAvailable)
      await expectJson(a.put(5, 2, seedPutBody({ source_setting_id: '424242' })), 404, MSG.configurationNotAvailable)
    })

    it('checklist 23: PUT 978 to A1 (held by 977) → 409; PUT 977 with its own credentials → 200', async () => {
      const a = fresh()
      expect((await a.post(5, 10256, seedPostBody())).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody(config(U1, A2)))).status).toBe(200)
      await expectJson(a.put(5, 10256, seedPutBody({ source_setting_id: 978 })), 409, MSG.credentialsExist)
      await expectJson(
        a.put(5, 10256, seedPutBody({ source_setting_id: '978', config: config(U1, A1.toUpperCase()) })),
        409,
        MSG.credentialsExist,
      )
      const res = await a.put(5, 10256, seedPutBody({ source_setting_id: 977 }))
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ id: 977, connection_stage: 'disconnected', config: { docusign_account_id: A1 } })
    })

    it('checklist 24: PUT 967 on 10258 with U2/A3 (revoked grant) → 401 USER_AUTHENTICATION_FAILED', async () => {
      await expectJson(fresh().put(5, 10258, seedPutBody({ source_setting_id: 967, config: config(U2, A3) })), 401, MSG.authFailed)
    })

    it('PUT 968 on 10258 with U1/A5 (membership lost) → 401 USER_LACKS_MEMBERSHIP; moving it to A2 → 200', async () => {
      const a = fresh()
      await expectJson(a.put(5, 10258, seedPutBody({ source_setting_id: 968, config: config(U1, A5) })), 401, MSG.lacksMembership)
      const res = await a.put(5, 10258, seedPutBody({ source_setting_id: 968, config: config(U1, A2) }))
      expect(res.status).toBe(200)
      const report = await a.report(968, '?look_back_days=7')
      expect(report.status).toBe(200)
      expect((await report.text()).split('\r\n')[1]).toMatch(/^5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c08,EU service agreement,/)
    })

    it("checklist 25: the seed body to account 2, source 5 → exactly the seed's example", async () => {
      await expectJson(fresh().put(5, 2, seedPutBody()), 200, SEED_PUT_REPLY)
    })

    it('update rules: config replaced with defaults, go_live_date kept when absent and cleared by null, connection_name kept when null', async () => {
      const a = fresh()
      const first = await a.put(5, 2, {
        source_setting_id: 965,
        connection_name: 'Renamed',
        config: { user_id: U1, docusign_account_id: A2 },
      })
      expect(await first.text()).toBe(
        `{"account_id": 2, "accountmapping": [], "config": {"docusign_account_id": "${A2}", "look_back": 0, "point_of_contact": [], "user_id": "${U1}"}, "connection_name": "Renamed", "connection_stage": "default", "connection_status": {}, "go_live_date": "Mon, 21 Jun 2021 00:00:00 GMT", "id": 965, "ipro_ingestion_source_id": 5, "organization_id": 2, "sample_transaction": null, "sftp_user": null, "status": 0}\n`,
      )
      const second = await a.put(5, 2, {
        source_setting_id: '965',
        go_live_date: null,
        connection_name: null,
        config: config(U1, A2, { look_back: 30 }),
      })
      expect(await second.json()).toMatchObject({ go_live_date: null, connection_name: 'Renamed', config: { look_back: 30 } })
      const third = await a.put(5, 2, { source_setting_id: 965, go_live_date: '2022-01-02', config: config(U1, A2) })
      expect(await third.json()).toMatchObject({ go_live_date: 'Sun, 02 Jan 2022 00:00:00 GMT', connection_name: 'Renamed' })
    })

    it('PUT before any POST: a setting R2 never created is "not available"; after the POST it updates', async () => {
      const a = fresh()
      await expectJson(a.put(5, 10256, seedPutBody({ source_setting_id: 977 })), 404, MSG.configurationNotAvailable)
      expect((await a.post(5, 10256, seedPostBody())).status).toBe(200)
      const res = await a.put(5, 10256, seedPutBody({ source_setting_id: 977, connection_name: 'Later' }))
      expect(await res.json()).toMatchObject({ id: 977, connection_name: 'Later', go_live_date: 'Mon, 21 Jun 2021 00:00:00 GMT' })
    })

    it('an expired grant (31 days) → 401 USER_AUTHENTICATION_FAILED; revoke_grant likewise', async () => {
      const a = fresh()
      await a.control.advanceClock(31 * DAY_MS)
      await expectJson(a.put(5, 2, seedPutBody()), 401, MSG.authFailed)
      const b = fresh()
      await b.control.simulate('ipro', 'revoke_grant', { source_id: 5, user_id: U1 })
      await expectJson(b.put(5, 2, seedPutBody()), 401, MSG.authFailed)
    })

    describe('a rejected PUT changes nothing stored', () => {
      it('every failing check leaves the setting and the grant as they were', async () => {
        const a = fresh()
        await a.control.advanceClock(DAY_MS)
        const before = await a.state()
        await a.put(5, 2, '')
        await a.put(5, 2, { source_setting_id: 965 })
        await a.put(5, 2, seedPutBody({ source_setting_id: 424242 }))
        await a.put(5, 2, seedPutBody({ config: config(U1, A3) }))
        await a.put(5, 10258, seedPutBody({ source_setting_id: 967, config: config(U2, A3) }))
        await a.put(5, 2, seedPutBody({ connection_name: 'forced' }), {
          authorization: 'Bearer ipro-sandbox-token-org2',
          'x-sandbox-error': 'ipro.internal_error',
        })
        expect(await a.state()).toBe(before)
      })
    })
  },
  { clock: CLOCK },
)
