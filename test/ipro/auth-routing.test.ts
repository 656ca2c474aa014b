import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { A1, BASE, CLOCK, MSG, PREFIX, REVOKED_TOKEN, U1, config, expectJson, ipro, seedPostBody } from './helpers.js'

eachDoor(
  'ipro app authentication and routing (spec §2.4–§2.6)',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-auth'))

    describe('checklist 1–2: app token on every route', () => {
      const routes = [
        ['R1', (a: ReturnType<typeof fresh>, h?: Record<string, string>) => a.refresh(5, '?code=ds-code-valid-new-connector', h)],
        ['R2', (a: ReturnType<typeof fresh>, h?: Record<string, string>) => a.post(5, 10256, seedPostBody(), h)],
        [
          'R3',
          (a: ReturnType<typeof fresh>, h?: Record<string, string>) => a.put(5, 2, { source_setting_id: 965, config: config(U1, A1) }, h),
        ],
        ['R4', (a: ReturnType<typeof fresh>, h?: Record<string, string>) => a.report(965, '?look_back_days=30', h)],
      ] as const

      for (const [name, send] of routes) {
        it(`${name}: absent, empty, non-Bearer or empty token → 401 missing`, async () => {
          const a = fresh()
          for (const headers of [
            {} as Record<string, string>,
            { authorization: '' },
            { authorization: 'Basic abc' },
            { authorization: 'Bearer' },
            { authorization: 'Bearer   ' },
            { authorization: 'Token ipro-sandbox-token-org2' },
          ]) {
            await expectJson(send(a, headers), 401, MSG.tokenMissing)
          }
        })

        it(`${name}: unknown or revoked token → 401 invalid`, async () => {
          const a = fresh()
          for (const token of ['nope', REVOKED_TOKEN, 'IPRO-SANDBOX-TOKEN-ORG2'])
            await expectJson(send(a, { authorization: `Bearer ${token}` }), 401, MSG.tokenInvalid)
        })
      }

      it('the scheme is case-insensitive and surrounding blanks are ignored', async () => {
        const a = fresh()
        const res = await a.refresh(5, '?code=ds-code-valid-new-connector', { authorization: '  bearer   ipro-sandbox-token-org2  ' })
        expect(res.status).toBe(200)
      })

      it('a token rejection stores nothing (the code stays unused)', async () => {
        const a = fresh()
        const before = await a.state()
        await expectJson(a.refresh(5, '?code=ds-code-valid-new-connector', {}), 401, MSG.tokenMissing)
        await expectJson(a.post(5, 10256, seedPostBody(), { authorization: `Bearer ${REVOKED_TOKEN}` }), 401, MSG.tokenInvalid)
        expect(await a.state()).toBe(before)
        expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      })
    })

    describe('check order (spec §2.5)', () => {
      it('auth comes before the path and query checks', async () => {
        const a = fresh()
        await expectJson(a.refresh('', '', {}), 401, MSG.tokenMissing)
        await expectJson(a.post('null', 'null', '', {}), 401, MSG.tokenMissing)
        await expectJson(a.report('null', '', { authorization: 'Bearer nope' }), 401, MSG.tokenInvalid)
      })

      it('404 and 405 are decided by routing, before auth: no token needed', async () => {
        const a = fresh()
        await expectJson(a.call('GET', '/nope', undefined, {}), 404, MSG.notFound)
        const res = await a.call('DELETE', '/source_settings/5/accounts/2/auth_token', undefined, {})
        expect(res.headers.get('allow')).toBe('POST, PUT')
        await expectJson(res, 405, MSG.methodNotAllowed)
      })

      it('X-Sandbox-Error wins over auth (control plane before step 3)', async () => {
        const a = fresh()
        await expectJson(a.refresh(5, '', { 'x-sandbox-error': 'ipro.source_not_found' }), 404, MSG.sourceNotFound)
      })
    })

    describe('checklist 39 and §2.6: unknown routes and wrong methods', () => {
      it('unknown paths under /ipro answer the Flask 404 body', async () => {
        const a = fresh()
        await expectJson(door.fetch(PREFIX, '/v2/nope', door.workspace(), { headers: {} }), 404, MSG.notFound)
        for (const path of [
          '/sources/5/accounts/refresh_token/',
          '/sources/5/refresh_token',
          '/source_settings/5/accounts/2/auth_token/x',
          '/source_settings/5/look_back_report',
        ]) {
          await expectJson(a.call('GET', path), 404, MSG.notFound)
        }
        await expectJson(door.fetch(PREFIX, '/', door.workspace()), 404, MSG.notFound)
      })

      it("wrong methods answer 405 with the route's Allow header", async () => {
        const a = fresh()
        const cases = [
          ['DELETE', '/source_settings/5/accounts/2/auth_token', 'POST, PUT'],
          ['GET', '/source_settings/5/accounts/2/auth_token', 'POST, PUT'],
          ['PATCH', '/source_settings//accounts//auth_token', 'POST, PUT'],
          ['POST', '/sources/5/accounts/refresh_token', 'GET'],
          ['PUT', '/source_settings/965/accounts/look_back_report', 'GET'],
          ['DELETE', '/source_settings/965/accounts/look_back_report', 'GET'],
        ] as const
        for (const [method, path, allow] of cases) {
          const res = await a.call(method, path, undefined, {})
          expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow)
          await expectJson(res, 405, MSG.methodNotAllowed)
        }
      })

      it('the same route answers under the /ws prefix and through the X-Sandbox-Workspace header', async () => {
        if (door.mode !== 'app') return
        const ws = door.workspace()
        const res = await door.sandbox.app.request(
          `http://localhost${PREFIX}${BASE}/sources/5/accounts/refresh_token?code=ds-code-valid-new-connector`,
          {
            headers: { authorization: 'Bearer ipro-sandbox-token-org2', 'x-sandbox-workspace': ws },
          },
        )
        expect(res.status).toBe(200)
        await expectJson(ipro(door, ws).refresh(5, '?code=ds-code-valid-new-connector'), 401, MSG.invalidGrant)
      })
    })
  },
  { clock: CLOCK },
)
