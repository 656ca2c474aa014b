import { expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { A1, A3, AUTH, CLOCK, MSG, REPORT_HEADER, SEED_POST_REPLY, U1, config, expectJson, ipro, seedPostBody } from './helpers.js'

/** Body of exactly `size` bytes: the seed body padded with an ignored key. */
function paddedBody(size: number): string {
  const base = JSON.stringify({ ...seedPostBody(), pad: '' })
  return base.replace('"pad":""', `"pad":"${'x'.repeat(size - base.length)}"`)
}

eachDoor(
  'ipro edge cases (spec §2, §10)',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-edge'))

    it('HEAD on the report answers like GET without a body; OPTIONS is not allowed', async () => {
      const a = fresh()
      const head = await a.call('HEAD', '/source_settings/965/accounts/look_back_report?look_back_days=30')
      expect(head.status).toBe(200)
      expect(head.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(await head.text()).toBe('')
      const options = await a.call('OPTIONS', '/sources/5/accounts/refresh_token')
      expect(options.headers.get('allow')).toBe('GET')
      await expectJson(options, 405, MSG.methodNotAllowed)
    })

    it('percent-encoded junk in path ids is "not provided", never a crash', async () => {
      const a = fresh()
      for (const seg of ['5%2F6', '%E0%A4%A', '%00', '%20', '5%20']) await expectJson(a.refresh(seg, '?code=x'), 400, MSG.sourceIdMissing)
      await expectJson(a.post(5, '%F0%9F%98%80', seedPostBody()), 400, MSG.accountIdMissing)
    })

    it('odd codes are unknown codes: very long, non-ASCII, malformed escapes', async () => {
      const a = fresh()
      for (const code of ['x'.repeat(10_000), '%C3%A9t%C3%A9', '%E0%A4%A', 'ds-code-valid-new-connector%00'])
        await expectJson(a.refresh(5, `?code=${code}`), 401, MSG.invalidGrant)
    })

    it('an unknown path with a bad token is still the 404 (routing first)', async () => {
      await expectJson(
        fresh().call('POST', '/source_settings/5/accounts/2/auth_token/extra', '{}', { authorization: 'Bearer nope' }),
        404,
        MSG.notFound,
      )
    })

    it('duplicate JSON keys: the last one wins, as in Python', async () => {
      const a = fresh()
      const body = `{"config": ${JSON.stringify(config(U1, A3))}, "config": ${JSON.stringify(config(U1, A1, { point_of_contact: ['venkat@123.com'] }))}, "go_live_date": "2021-06-09T01:59:42Z"}`
      await expectJson(a.post(5, 10256, body), 200, SEED_POST_REPLY)
    })

    it('a body of exactly 1 MiB is read; one byte more is "no body"', async () => {
      const a = fresh()
      await expectJson(a.post(5, 10256, paddedBody(1_048_577)), 400, MSG.requestBodyMissing)
      await expectJson(a.post(5, 10256, paddedBody(1_048_576)), 200, SEED_POST_REPLY)
    })

    it('a body declared over the 25 MB cap is refused with the route\'s own "no body" error', async () => {
      if (door.mode !== 'app') return // fetch does not let a client lie about Content-Length
      const a = fresh()
      const big = { ...AUTH, 'content-length': '30000000' }
      await expectJson(a.call('POST', '/source_settings/5/accounts/10256/auth_token', '{}', big), 400, MSG.requestBodyMissing)
      await expectJson(a.call('PUT', '/source_settings/5/accounts/2/auth_token', '{}', big), 400, MSG.bodyMissing)
    })

    it('look_back_days keeps leading zeros (007 = 7) and ignores other query keys', async () => {
      const a = fresh()
      const text = await (await a.report(965, '?foo=1&look_back_days=007&bar')).text()
      expect(text.split('\r\n')).toHaveLength(6)
      expect(text.startsWith(REPORT_HEADER)).toBe(true)
    })

    it('leading zeros in path ids name the same record (0965 = 965, 010256 = 10256)', async () => {
      const a = fresh()
      expect((await a.report('0965', '?look_back_days=7')).headers.get('content-disposition')).toBe(
        'attachment; filename="look_back_report_965_20210621.csv"',
      )
      await expectJson(a.post('05', '010256', seedPostBody()), 200, SEED_POST_REPLY)
    })
  },
  { clock: CLOCK },
)
