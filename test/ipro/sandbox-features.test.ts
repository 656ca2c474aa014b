import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { createSandbox } from '../../src/index.js'
import { A1, A2, AUTH, BASE, CLOCK, DAY_MS, MSG, SEED_POST_REPLY, U1, U3, config, expectJson, ipro, seedPostBody } from './helpers.js'

eachDoor(
  'ipro and the sandbox: grants over time, state snapshot, determinism',
  (door) => {
    const fresh = () => ipro(door, door.workspace('ipro-sb'))

    it('ds-code-valid-admin replaces G1 with a fresh grant (30 more days from the exchange)', async () => {
      const a = fresh()
      await a.control.advanceClock(20 * DAY_MS)
      expect((await a.refresh(5, '?code=ds-code-valid-admin')).status).toBe(200)
      await a.control.advanceClock(20 * DAY_MS)
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY)
      const b = fresh()
      await b.control.advanceClock(40 * DAY_MS)
      await expectJson(b.post(5, 10256, seedPostBody()), 401, MSG.authFailed)
    })

    it('the grant keeps the memberships of the exchange time (snapshot), per spec §3', async () => {
      const a = fresh()
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      const doc = await a.control.state('ipro')
      const vendor = doc.vendors.ipro as { users: Record<string, { accounts: string[] }> }
      vendor.users[U3].accounts.push(A2)
      await a.control.putState(doc)
      await expectJson(a.post(5, 10256, seedPostBody(config(U3, A2))), 401, MSG.lacksMembership)
      const minted = await a.control.simulate('ipro', 'authorize', { user_id: U3 })
      expect((await a.refresh(5, `?code=${minted.code}`)).status).toBe(200)
      expect((await a.post(5, 10256, seedPostBody(config(U3, A2)))).status).toBe(200)
    })

    it('parallel POSTs of the same credentials: exactly one 200, the others 409; distinct ones get distinct ids', async () => {
      const a = fresh()
      const same = await Promise.all(Array.from({ length: 5 }, () => a.post(5, 10256, seedPostBody())))
      expect(same.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409])
      const other = await Promise.all([10257, 10258, 2].map((account) => a.post(5, account, seedPostBody(config(U1, A2)))))
      const ids = await Promise.all(other.map(async (r) => ((await r.json()) as { id: number }).id))
      expect(ids.sort()).toEqual([978, 979, 980])
    })

    it('GET /__sandbox/state then PUT /state restores settings and codes; the id sequence never goes back', async () => {
      const a = fresh()
      const snapshot = await a.control.state('ipro')
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY)
      await a.control.putState(snapshot)
      expect((await a.refresh(5, '?code=ds-code-valid-new-connector')).status).toBe(200)
      // 977 was handed out after the export: the id sequence goes on instead of issuing it twice (sandbox.md §3).
      await expectJson(a.post(5, 10256, seedPostBody()), 200, SEED_POST_REPLY.replace('"id": 977', '"id": 978'))
      await expectJson(a.put(5, 2, { source_setting_id: 977, config: config(U1, A1) }), 404, MSG.configurationNotAvailable)
    })

    it('same seed, same frozen clock, same workspace id and requests → the same bytes in another sandbox', async () => {
      const ws = door.workspace('ipro-det')
      const other = createSandbox({ seed: 1, clock: CLOCK })
      const run = async (call: (path: string, init?: RequestInit) => Promise<Response>, control: ReturnType<typeof door.control>) => {
        const minted = await control.simulate('ipro', 'authorize', { user_id: U3 })
        const envelope = await control.simulate('ipro', 'envelope', { docusign_account_id: A1 })
        const exchange = await (await call(`/sources/5/accounts/refresh_token?code=${minted.code}`)).text()
        const report = await (await call('/source_settings/965/accounts/look_back_report?look_back_days=1')).text()
        return JSON.stringify([minted, envelope, exchange, report])
      }
      const here = await run((path, init) => door.fetch('/ipro', `${BASE}${path}`, ws, { ...init, headers: AUTH }), door.control(ws))
      const there = await run(
        async (path, init) => other.app.request(`http://localhost/ws/${ws}/ipro${BASE}${path}`, { ...init, headers: AUTH }),
        other.control.workspace(ws),
      )
      expect(there).toBe(here)
    })
  },
  { clock: CLOCK },
)

describe('configurable real host', () => {
  eachDoor(
    'ipro on a host given by the hosts option',
    (door) => {
      it('answers on the configured host (MSW) and under /ipro (app)', async () => {
        const a = ipro(door, door.workspace('ipro-host'))
        if (door.mode === 'msw') expect(door.url('/ipro', '/x', 'w')).toBe('https://connector.acme.test/x')
        await expectJson(a.refresh(5, '?code=nope'), 401, MSG.invalidGrant)
      })
    },
    { clock: CLOCK, hosts: { ipro: ['https://connector.acme.test'] } },
  )
})
