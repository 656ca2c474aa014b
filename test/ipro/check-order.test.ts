import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import {
  A1,
  A3,
  A4,
  A5,
  AUTH,
  CLOCK,
  DAY_MS,
  MSG,
  SEED_POST_REPLY,
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

/**
 * Check order (spec §2.5, §5.2, §5.3) where two checks can both fail: each
 * case fails both, so swapping the two checks in the code changes the answer.
 */
eachDoor(
  'ipro check order between neighbouring checks',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-order-checks'))

    describe('§2.5 step 1 before step 2: routing decides 404/405 before forced errors and fault rules', () => {
      it('X-Sandbox-Error does not replace the 404 of an unknown path nor the 405 of a wrong verb', async () => {
        const a = fresh()
        const forced = { ...AUTH, 'x-sandbox-error': 'ipro.credentials_exist' }
        await expectJson(a.call('GET', '/nope', undefined, forced), 404, MSG.notFound)
        const res = await a.call('DELETE', '/source_settings/5/accounts/2/auth_token', undefined, forced)
        expect(res.headers.get('allow')).toBe('POST, PUT')
        await expectJson(res, 405, MSG.methodNotAllowed)
        await expectJson(a.call('POST', '/source_settings/965/accounts/look_back_report', '{}', forced), 405, MSG.methodNotAllowed)
      })

      it('a fault rule on a route is neither applied to nor used up by a wrong verb on its path', async () => {
        const a = fresh()
        await a.control.addFault({
          vendor: 'ipro',
          path: '/v2/docusign/ipro/source_settings/:source_id/accounts/:account_id/auth_token',
          error: 'ipro.internal_error',
          times: 1,
        })
        await expectJson(a.call('DELETE', '/source_settings/5/accounts/2/auth_token'), 405, MSG.methodNotAllowed)
        await expectJson(a.post(5, 10256, seedPostBody()), 500, MSG.internal)
        expect((await a.post(5, 10256, seedPostBody())).status).toBe(200)
      })
    })

    it('§2.5 step 2 before step 3: a fault rule answers a request that has no app token', async () => {
      const a = fresh()
      await a.control.addFault({
        vendor: 'ipro',
        path: '/v2/docusign/ipro/sources/:source_id/accounts/refresh_token',
        error: 'ipro.source_not_found',
        times: 1,
      })
      await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector', {}), 404, MSG.sourceNotFound)
      await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector', {}), 401, MSG.tokenMissing)
    })

    it('R2: account not found (5) before credentials (6); credentials (6) before the 409 (7)', async () => {
      const a = fresh()
      await expectJson(a.post(5, 99999, { config: {} }), 404, MSG.accountNotFound)
      await expectJson(a.post(5, 2, seedPostBody(config(U3, A1))), 422, MSG.credentialsMissing)
      await expectJson(a.post(5, 2, seedPostBody({ docusign_account_id: A1 })), 422, MSG.credentialsMissing)
    })

    it("§2.3/§5.3: server-owned fields and unknown config keys in a body are ignored by R2 and R3 (the seed's answers stay exact)", async () => {
      const a = fresh()
      const owned = {
        id: 1,
        account_id: 3,
        organization_id: 9,
        ipro_ingestion_source_id: 7,
        connection_stage: 'live',
        connection_status: 'ok',
        sample_transaction: 'x',
        sftp_user: 'u',
        status: 1,
        accountmapping: [1],
      }
      await expectJson(
        a.post(5, 10256, { ...seedPostBody(config(U1, A1, { point_of_contact: ['venkat@123.com'], junk: 1 })), ...owned }),
        200,
        SEED_POST_REPLY,
      )
      await expectJson(
        a.put(5, 2, seedPutBody({ ...owned, config: config(U1, A1, { point_of_contact: ['venkatadri@socialsurvey.com'], junk: 1 }) })),
        200,
        SEED_PUT_REPLY,
      )
    })

    describe('R3', () => {
      it('source_setting_id (4) comes before config (5)', async () => {
        const a = fresh()
        await expectJson(a.put(5, 2, { connection_name: 'Docusign' }), 400, MSG.settingIdMissing)
        await expectJson(a.put(5, 2, { source_setting_id: 0, config: {} }), 400, MSG.settingIdMissing)
      })

      it('config (5) and credentials (6) come before "Configuration not available" (7)', async () => {
        const a = fresh()
        await expectJson(a.put(5, 2, { source_setting_id: 424242 }), 422, MSG.configMissing)
        await expectJson(a.put(5, 99999, { source_setting_id: 965, config: {} }), 422, MSG.configMissing)
        await expectJson(a.put(5, 2, { source_setting_id: 424242, config: config(U3, A4) }), 422, MSG.credentialsMissing)
      })

      it('"Configuration not available" (7) before the 409 (8); the 409 before the grant checks (9, 10)', async () => {
        const a = fresh()
        await expectJson(
          a.put(5, 10258, seedPutBody({ source_setting_id: 424242, config: config(U1, A5) })),
          404,
          MSG.configurationNotAvailable,
        )
        await expectJson(a.put(5, 10258, seedPutBody({ source_setting_id: 968, config: config(U2, A3) })), 409, MSG.credentialsExist)
        await expectJson(a.put(5, 10258, seedPutBody({ source_setting_id: 968, config: config(U1, A3) })), 409, MSG.credentialsExist)
      })

      it('the 409 counts only settings of the same source: A1 on source 7 and on source 5 of account 2 coexist', async () => {
        const a = fresh()
        expect((await a.refresh(7, '?code=ds-code-valid-admin')).status).toBe(200)
        expect(await (await a.post(7, 2, seedPostBody())).json()).toMatchObject({ id: 977, ipro_ingestion_source_id: 7 })
        const onSeven = await a.put(7, 2, seedPutBody({ source_setting_id: 977 }))
        expect(onSeven.status).toBe(200)
        expect(await onSeven.json()).toMatchObject({ id: 977, ipro_ingestion_source_id: 7, config: { docusign_account_id: A1 } })
        expect((await a.put(5, 2, seedPutBody())).status).toBe(200)
      })

      it('§10: invalid UTF-8 and bodies over 1 MiB are "without body"; the body is JSON whatever the Content-Type', async () => {
        const a = fresh()
        const path = '/v2/docusign/ipro/source_settings/5/accounts/2/auth_token'
        const bad = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])
        await expectJson(door.fetch('/ipro', path, door.workspace(), { method: 'PUT', headers: AUTH, body: bad }), 400, MSG.bodyMissing)
        await expectJson(a.put(5, 2, JSON.stringify({ ...seedPutBody(), pad: 'x'.repeat(1_048_576) })), 400, MSG.bodyMissing)
        const asText = await door.fetch('/ipro', path, door.workspace(), {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': 'text/plain' },
          body: JSON.stringify(seedPutBody()),
        })
        expect(asText.status).toBe(200)
      })

      it('a PUT past 8 h refreshes the grant (spec §3.1 step 3), which then outlives the first 30 days', async () => {
        const a = fresh()
        await a.control.advanceClock(20 * DAY_MS)
        expect((await a.put(5, 2, seedPutBody())).status).toBe(200)
        await a.control.advanceClock(20 * DAY_MS)
        expect((await a.put(5, 2, seedPutBody())).status).toBe(200)
        await a.control.advanceClock(31 * DAY_MS)
        await expectJson(a.put(5, 2, seedPutBody()), 401, MSG.authFailed)
      })
    })
  },
  { clock: CLOCK },
)
