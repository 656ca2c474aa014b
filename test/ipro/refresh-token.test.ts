import { expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { A1, A2, A4, CLOCK, MSG, NEW_CONNECTOR_REPLY, U1, U3, config, expectJson, ipro, seedPostBody } from './helpers.js'

eachDoor(
  'ipro R1 GET …/sources/{source_id}/accounts/refresh_token (spec §5.1)',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-r1'))

    it('checklist 3: no code, empty or blank code → 422 "Please provide Authorization Code"', async () => {
      const a = fresh()
      for (const q of ['', '?code=', '?code=%20%20', '?authorization_code=', '?state=x&redirect_uri=y'])
        await expectJson(a.refresh(5, q), 422, MSG.codeMissing)
    })

    it('checklist 4: empty or non-integer source_id → 400 without source_id (before the code check)', async () => {
      const a = fresh()
      for (const source of ['', 'null', 'undefined', 'None', 'abc', '-1', '0', '2147483648', '12345678901', '5.0']) {
        await expectJson(a.refresh(source, '?code=x'), 400, MSG.sourceIdMissing)
        await expectJson(a.refresh(source, ''), 400, MSG.sourceIdMissing)
      }
    })

    it('checklist 5: unknown source → 404 "Source not found" (after the code check)', async () => {
      const a = fresh()
      await expectJson(a.refresh(99, '?code=x'), 404, MSG.sourceNotFound)
      await expectJson(a.refresh(2147483647, '?code=ds-code-valid-new-connector'), 404, MSG.sourceNotFound)
      await expectJson(a.refresh(99, ''), 422, MSG.codeMissing)
    })

    it('checklist 6: expired, used and unknown codes → DocuSign invalid_grant bodies', async () => {
      const a = fresh()
      await expectJson(a.refresh(5, '?code=ds-code-expired'), 401, MSG.expiredCode)
      await expectJson(a.refresh(5, '?code=ds-code-used'), 401, MSG.invalidGrant)
      await expectJson(a.refresh(5, '?code=nope'), 401, MSG.invalidGrant)
      await expectJson(a.refresh(5, '?code=DS-CODE-VALID-NEW-CONNECTOR'), 401, MSG.invalidGrant)
    })

    it("checklist 7: a valid code → the spec's success body; the same code again → invalid_grant", async () => {
      const a = fresh()
      await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector'), 200, NEW_CONNECTOR_REPLY)
      await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector'), 401, MSG.invalidGrant)
      await expectJson(a.refresh(7, '?code=ds-code-valid-new-connector'), 401, MSG.invalidGrant)
    })

    it('checklist 8: simulate authorize mints a single-use code that expires on the sandbox clock', async () => {
      const a = fresh()
      const minted = await a.control.simulate('ipro', 'authorize', { user_id: U3 })
      expect(minted.code).toMatch(/^ds-code-[0-9a-f]{32}$/)
      expect(minted).toMatchObject({ user_id: U3, expires_at: '2021-06-21T00:02:00.000Z' })
      const res = await a.refresh(5, `?code=${minted.code}`)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { data: { user_id: string } }).data.user_id).toBe(U3)

      const second = await a.control.simulate('ipro', 'authorize', { user_id: U3 })
      await a.control.advanceClock(121_000)
      await expectJson(a.refresh(5, `?code=${second.code}`), 401, MSG.expiredCode)
    })

    it('single use holds under concurrency: parallel exchanges of one code → exactly one 200', async () => {
      const a = fresh()
      const minted = await a.control.simulate('ipro', 'authorize', { user_id: U3 })
      for (const code of ['ds-code-valid-new-connector', minted.code]) {
        const replies = await Promise.all(Array.from({ length: 4 }, () => a.refresh(5, `?code=${code}`)))
        const bodies = await Promise.all(replies.map(async (r) => `${r.status} ${await r.text()}`))
        expect(bodies.filter((b) => b.startsWith('200 '))).toHaveLength(1)
        expect(bodies.filter((b) => b === `401 ${MSG.invalidGrant}`)).toHaveLength(3)
      }
    })

    it('expiry boundary: usable at exactly expires_at, expired one millisecond later', async () => {
      const a = fresh()
      const one = await a.control.simulate('ipro', 'authorize', { user_id: U3, ttl_s: 60 })
      const two = await a.control.simulate('ipro', 'authorize', { user_id: U3, ttl_s: 60 })
      await a.control.advanceClock(60_000)
      expect((await a.refresh(5, `?code=${one.code}`)).status).toBe(200)
      await a.control.advanceClock(1)
      await expectJson(a.refresh(5, `?code=${two.code}`), 401, MSG.expiredCode)
    })

    it('a used code stays "used" (invalid_grant, no description) after it would have expired', async () => {
      const a = fresh()
      const minted = await a.control.simulate('ipro', 'authorize', { user_id: U1, ttl_s: 1 })
      expect((await a.refresh(5, `?code=${minted.code}`)).status).toBe(200)
      await a.control.advanceClock(10_000)
      await expectJson(a.refresh(5, `?code=${minted.code}`), 401, MSG.invalidGrant)
    })

    it('the authorization_code alias is read when code is absent or blank', async () => {
      const a = fresh()
      expect((await a.refresh(5, '?authorization_code=ds-code-valid-new-connector')).status).toBe(200)
      await expectJson(a.refresh(5, '?code=&authorization_code=ds-code-valid-new-connector'), 401, MSG.invalidGrant)
    })

    it("the exchange lists every DocuSign account of the user, first as default, with the source's base_uri", async () => {
      const a = fresh()
      const res = await a.refresh(7, '?code=ds-code-valid-admin')
      expect(await res.text()).toBe(
        `{"data": {"accounts": [{"account_name": "SocialSurvey Demo", "base_uri": "https://www.docusign.net", "docusign_account_id": "${A1}", "is_default": true}, {"account_name": "SocialSurvey Demo EU", "base_uri": "https://www.docusign.net", "docusign_account_id": "${A2}", "is_default": false}], "email": "docusign.admin@example.test", "expires_in": 28800, "name": "Demo Admin", "source_id": 7, "user_id": "${U1}"}, "message": "Success"}\n`,
      )
    })

    it('the exchange stores the grant R2 needs: U3 gets credentials on source 5 only', async () => {
      const a = fresh()
      await expectJson(a.post(5, 10256, seedPostBody(config(U3, A4))), 422, MSG.credentialsMissing)
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody(config(U3, A4)))).status).toBe(200)
      await expectJson(a.post(7, 10256, seedPostBody(config(U3, A4))), 422, MSG.credentialsMissing)
    })

    it('a new exchange replaces a revoked grant (grant state machine §8.2)', async () => {
      const a = fresh()
      await a.control.simulate('ipro', 'revoke_grant', { source_id: 5, user_id: U1 })
      await expectJson(a.post(5, 10256, seedPostBody()), 401, MSG.authFailed)
      expect((await a.refresh(5, '?code=ds-code-valid-admin')).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody())).status).toBe(200)
    })

    it('a failed exchange changes nothing stored', async () => {
      const a = fresh()
      const before = await a.state()
      for (const q of ['?code=ds-code-expired', '?code=ds-code-used', '?code=nope', '']) await a.refresh(5, q)
      await a.refresh(99, '?code=ds-code-valid-new-connector')
      await a.refresh('x', '?code=ds-code-valid-new-connector')
      expect(await a.state()).toBe(before)
    })
  },
  { clock: CLOCK },
)
