import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { ControlClientError } from '../../src/sandbox/client.js'
import { A1, A4, A5, CLOCK, MSG, NEW_CONNECTOR_REPLY, SEED_POST_REPLY, U1, U3, expectJson, ipro, seedPostBody } from './helpers.js'

/** Every catalogue id of spec §9 with its status and exact body. */
const CATALOGUE: [string, number, string | null, string][] = [
  ['ipro.app_token_missing', 401, null, MSG.tokenMissing],
  ['ipro.app_token_invalid', 401, null, MSG.tokenInvalid],
  ['ipro.authorization_code_missing', 422, null, MSG.codeMissing],
  ['ipro.authorization_code_invalid', 401, 'invalid_grant', MSG.invalidGrant],
  ['ipro.authorization_code_used', 401, 'invalid_grant', MSG.invalidGrant],
  ['ipro.authorization_code_expired', 401, 'invalid_grant', MSG.expiredCode],
  ['ipro.account_id_missing', 400, null, MSG.accountIdMissing],
  ['ipro.source_id_missing', 400, null, MSG.sourceIdMissing],
  ['ipro.request_body_missing', 400, null, MSG.requestBodyMissing],
  ['ipro.source_not_found', 404, null, MSG.sourceNotFound],
  ['ipro.account_not_found', 404, null, MSG.accountNotFound],
  ['ipro.credentials_missing', 422, null, MSG.credentialsMissing],
  ['ipro.credentials_exist', 409, null, MSG.credentialsExist],
  ['ipro.credentials_invalid', 401, 'USER_AUTHENTICATION_FAILED', MSG.authFailed],
  ['ipro.credentials_account_mismatch', 401, 'USER_LACKS_MEMBERSHIP', MSG.lacksMembership],
  ['ipro.body_missing', 400, null, MSG.bodyMissing],
  ['ipro.source_setting_id_missing', 400, null, MSG.settingIdMissing],
  ['ipro.config_missing', 422, null, MSG.configMissing],
  ['ipro.configuration_not_available', 404, null, MSG.configurationNotAvailable],
  ['ipro.report_source_setting_id_missing', 400, null, MSG.reportSettingIdMissing],
  ['ipro.look_back_days_missing', 400, null, MSG.lookBackDaysMissing],
  ['ipro.report_credentials_missing', 404, null, MSG.reportCredentialsMissing],
  ['ipro.report_credentials_invalid', 409, 'USER_AUTHENTICATION_FAILED', MSG.authFailed],
  ['ipro.report_credentials_account_mismatch', 409, 'USER_LACKS_MEMBERSHIP', MSG.lacksMembership],
  ['ipro.not_found', 404, null, MSG.notFound],
  ['ipro.method_not_allowed', 405, null, MSG.methodNotAllowed],
  ['ipro.internal_error', 500, null, MSG.internal],
]

const messageOf = (body: string): string => {
  const parsed = JSON.parse(body) as { message?: string; error?: string; error_description?: string }
  return parsed.message ?? parsed.error_description ?? parsed.error ?? ''
}

async function rejects(p: Promise<unknown>, status: number, error: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ControlClientError)
  expect(err).toMatchObject({ status, body: { error } })
}

eachDoor(
  'ipro control plane: catalogue, forcing, faults, simulate, isolation',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-cp'))

    it('checklist 37: GET /__sandbox/errors?vendor=ipro lists every id of §9 with status, code and message', async () => {
      const { items } = await fresh().control.errors('ipro')
      expect(items.map((e) => [e.id, e.http_status, e.code, e.message])).toEqual(
        CATALOGUE.map(([id, status, code, body]) => [id, status, code, messageOf(body)]),
      )
      for (const e of items) expect(e.trigger.length).toBeGreaterThan(0)
    })

    describe('X-Sandbox-Error answers every catalogue error exactly, on every route, with no state change', () => {
      for (const [id, status, , body] of CATALOGUE) {
        it(id, async () => {
          const a = fresh()
          const before = await a.state()
          const res = await a.post(5, 10256, seedPostBody(), { authorization: 'Bearer ipro-sandbox-token-org2', 'x-sandbox-error': id })
          if (id === 'ipro.method_not_allowed') expect(res.headers.get('allow')).toBe('POST, PUT')
          await expectJson(res, status, body)
          await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector', { 'x-sandbox-error': id }), status, body)
          await expectJson(a.report(965, '?look_back_days=30', { 'x-sandbox-error': id }), status, body)
          expect(await a.state()).toBe(before)
        })
      }

      it('a forced 405 on a GET route carries Allow: GET', async () => {
        const res = await fresh().report(965, '', { 'x-sandbox-error': 'ipro.method_not_allowed' })
        expect(res.headers.get('allow')).toBe('GET')
      })

      it('an id of another catalogue → 400 control-plane JSON naming the errors route', async () => {
        const res = await fresh().refresh(5, '', { 'x-sandbox-error': 'zoho.nope' })
        expect(res.status).toBe(400)
        expect(await res.json()).toMatchObject({ error: 'unknown_error_id' })
      })
    })

    it('checklist 36: forced credentials_exist → 409 and no state change: the next POST still creates 977', async () => {
      const a = fresh()
      await expectJson(
        a.post(5, 10256, seedPostBody(), { authorization: 'Bearer ipro-sandbox-token-org2', 'x-sandbox-error': 'ipro.credentials_exist' }),
        409,
        MSG.credentialsExist,
      )
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY)
    })

    it("fault rules by the spec's route patterns fire on matching requests only, counted by times", async () => {
      const a = fresh()
      await a.control.addFault({
        vendor: 'ipro',
        method: 'GET',
        path: '/v2/docusign/ipro/source_settings/:source_setting_id/accounts/look_back_report',
        error: 'ipro.internal_error',
        times: 1,
      })
      await a.control.addFault({
        vendor: 'ipro',
        method: 'POST',
        path: '/v2/docusign/ipro/source_settings/:source_id/accounts/:account_id/auth_token',
        error: 'ipro.report_credentials_invalid',
        times: 1,
      })
      await a.control.addFault({
        vendor: 'ipro',
        path: '/v2/docusign/ipro/sources/:source_id/accounts/refresh_token',
        status: 503,
        body: { message: 'down' },
        times: 1,
      })
      await expectJson(a.report(965, '?look_back_days=30'), 500, MSG.internal)
      expect((await a.report(965, '?look_back_days=30')).status).toBe(200)
      await expectJson(a.post(5, 10256, seedPostBody()), 409, MSG.authFailed)
      const down = await a.refresh('', '')
      expect(down.status).toBe(503)
      await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector'), 200, NEW_CONNECTOR_REPLY)
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY)
    })

    it('checklist 38: workspaces are isolated — settings and used codes stay in their workspace', async () => {
      const a = fresh()
      const b = fresh()
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY)
      await expectJson(
        b.put(5, 10256, { source_setting_id: 977, config: { user_id: U1, docusign_account_id: A1 } }),
        404,
        MSG.configurationNotAvailable,
      )
      await expectJson(b.refresh(5, '?code=ds-code-valid-new-connector'), 200, NEW_CONNECTOR_REPLY)
      const minted = await a.control.simulate('ipro', 'authorize', { user_id: U3 })
      await expectJson(b.refresh(5, `?code=${minted.code}`), 401, MSG.invalidGrant)
    })

    it('reset restores the fixtures with a new anchor: codes unused again, settings gone, ids go on (never re-issued)', async () => {
      const a = fresh()
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody())).status).toBe(200)
      await a.control.advanceClock(40 * 86_400_000)
      await a.control.reset()
      await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector'), 200, NEW_CONNECTOR_REPLY)
      const res = await a.post(5, 10256, seedPostBody())
      // 977 was handed out before the reset: an id is never issued twice in a workspace (sandbox.md §3).
      expect(await res.json()).toMatchObject({ id: 978 })
      const report = await (await a.report(965, '?look_back_days=1')).text()
      expect(report).toContain(',2021-07-30T00:00:00Z,Demo Admin,')
    })

    it('the journal redacts the app token and the authorization code', async () => {
      const a = fresh()
      await a.refresh(5, '?code=ds-code-valid-new-connector&authorization_code=ds-code-used')
      const { items } = await a.control.requests({ vendor: 'ipro' })
      expect(items[0].headers.authorization).toBe('[redacted]')
      expect(items[0].query).toMatchObject({ code: '[redacted]', authorization_code: '[redacted]' })
      expect(items[0].route).toBe('/v2/docusign/ipro/sources/5/accounts/refresh_token')
    })

    describe('simulate actions (spec §8.4)', () => {
      it('authorize: user_id required, ttl_s an integer 1–86400, unknown user → 404; ids compare case-insensitively', async () => {
        const a = fresh()
        await rejects(a.control.simulate('ipro', 'authorize', {} as never), 400, 'bad_request')
        await rejects(a.control.simulate('ipro', 'authorize', { user_id: 7 } as never), 400, 'bad_request')
        for (const ttl of [0, 86_401, 1.5, '60'])
          await rejects(a.control.simulate('ipro', 'authorize', { user_id: U3, ttl_s: ttl } as never), 400, 'bad_request')
        await rejects(a.control.simulate('ipro', 'authorize', { user_id: 'nobody' }), 404, 'not_found')
        const minted = await a.control.simulate('ipro', 'authorize', { user_id: U3.toUpperCase(), ttl_s: 86_400 })
        expect(minted).toMatchObject({ user_id: U3, expires_at: '2021-06-22T00:00:00.000Z' })
      })

      it('revoke_grant: source_id a positive integer, unknown grant → 404', async () => {
        const a = fresh()
        for (const body of [
          {},
          { source_id: 5 },
          { source_id: '5', user_id: U1 },
          { source_id: 0, user_id: U1 },
          { source_id: 5, user_id: 1 },
        ])
          await rejects(a.control.simulate('ipro', 'revoke_grant', body as never), 400, 'bad_request')
        await rejects(a.control.simulate('ipro', 'revoke_grant', { source_id: 7, user_id: U1 }), 404, 'not_found')
        await rejects(a.control.simulate('ipro', 'revoke_grant', { source_id: 5, user_id: U3 }), 404, 'not_found')
      })

      it("envelope: defaults from the seeded PRNG and faker, sender = the account's first member", async () => {
        const a = fresh()
        const made = await a.control.simulate('ipro', 'envelope', { docusign_account_id: A5 })
        expect(made).toMatchObject({
          envelope_status: 'completed',
          sender_name: 'Former Partner Admin',
          sender_email: 'partner.admin@example.test',
          docusign_account_id: A5,
          status_changed_date: '2021-06-21T00:00:00Z',
          voided_reason: null,
        })
        expect(made.envelope_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(made.email_subject).toMatch(/^Please DocuSign: \S+/)
        const recipients = made.recipients as { name: string; email: string; routing_order: number }[]
        expect(recipients).toHaveLength(1)
        expect(recipients[0].routing_order).toBe(1)
        expect(recipients[0].email).toMatch(/@example\.test$/)
        const voided = await a.control.simulate('ipro', 'envelope', {
          docusign_account_id: A4,
          status: 'voided',
          recipients: [],
        })
        expect(voided).toMatchObject({
          voided_reason: 'Voided by sender',
          voided_date: '2021-06-21T00:00:00Z',
          sender_name: 'New Connector',
          recipients: [],
        })
      })

      it('envelope: routing order sorts recipients stably; an envelope without recipients gives one row', async () => {
        const a = fresh()
        expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
        expect((await a.post(5, 10256, seedPostBody({ user_id: U3, docusign_account_id: A4 }))).status).toBe(200)
        const made = await a.control.simulate('ipro', 'envelope', {
          docusign_account_id: A4,
          envelope_id: 'e1',
          status: 'delivered',
          status_changed_at: '2021-06-20T10:30:15.900Z',
          recipients: [
            { name: 'third', email: 'c@example.test', routing_order: 2 },
            { name: 'first', email: 'a@example.test', routing_order: 1 },
            { name: 'fourth', email: 'd@example.test', routing_order: 2 },
          ],
        })
        expect(made.recipients.map((r) => r.name)).toEqual(['first', 'third', 'fourth'])
        await a.control.simulate('ipro', 'envelope', {
          docusign_account_id: A4,
          envelope_id: 'e0',
          email_subject: 'Draft',
          status: 'created',
          status_changed_at: '2021-06-20T10:30:15Z',
          recipients: [],
        })
        const lines = (await (await a.report(977, '?look_back_days=1')).text()).split('\r\n')
        expect(lines[1]).toBe(
          'e0,Draft,created,2021-06-20T08:30:15Z,,,,,,,2021-06-20T10:30:15Z,New Connector,new.connector@example.test,,,,,,7a3e9c51-4b2d-4e8f-a6c0-1d5b9e3f7a28,,N,not completed',
        )
        expect(lines.slice(2, 5).map((l) => l.split(',')[13])).toEqual(['first', 'third', 'fourth'])
        expect(lines[2].split(',').slice(2, 7)).toEqual([
          'delivered',
          '2021-06-20T08:30:15Z',
          '2021-06-20T08:31:15Z',
          '2021-06-20T09:30:15Z',
          '',
        ])
      })

      it('envelope: 404 unknown account, 409 existing id, 400 invalid fields', async () => {
        const a = fresh()
        await rejects(a.control.simulate('ipro', 'envelope', { docusign_account_id: 'nope' }), 404, 'not_found')
        await rejects(
          a.control.simulate('ipro', 'envelope', { docusign_account_id: A1, envelope_id: '5f3b8a2c-1d4e-4f6a-9b7c-0e1f2a3b4c01' }),
          409,
          'invalid_state',
        )
        const bad = [
          {},
          { docusign_account_id: 5 },
          { docusign_account_id: A1, status: 'signed' },
          { docusign_account_id: A1, status_changed_at: 'yesterday' },
          { docusign_account_id: A1, recipients: 'x' },
          { docusign_account_id: A1, recipients: [{ name: 'x' }] },
          { docusign_account_id: A1, sender: { name: 'x' } },
          { docusign_account_id: A1, envelope_id: '' },
        ]
        for (const body of bad) await rejects(a.control.simulate('ipro', 'envelope', body as never), 400, 'bad_request')
      })
    })
  },
  { clock: CLOCK },
)
