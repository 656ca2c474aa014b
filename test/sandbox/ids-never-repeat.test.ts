import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from '../../src/index.js'

/**
 * Ids and tokens never repeat one already stored or issued in a workspace (issue 12 item 1; sandbox.md §3):
 * not after snapshot → reset → restore, not after GET /state → reset → PUT /state, not after a restart
 * with a data file. Same seed + same requests from a fresh start still give the same ids (§6).
 */
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

const SIGNIO_LOGIN = { email: 'api@signio.test', password: 'Signio#2024' }
const ZOHO_REFRESH = {
  grant_type: 'refresh_token',
  client_id: '1000.SANDBOXZOHOSIGNCLIENT000000001',
  client_secret: 'sandboxzohosignclientsecret000000000000001',
  refresh_token: `1000.ffff${'0'.repeat(27)}1.5a4db0c${'0'.repeat(24)}1`,
}
const ZOHO_READY = `1000.aaaa${'0'.repeat(27)}1.5a4db0c${'0'.repeat(24)}1`
const IPRO_USER = 'af90af54-368d-47c7-aacd-d209a9303ee3'

/** Everything a workspace hands out that must stay unique, drawn once each. */
async function issue(sb: Sandbox, ws: string) {
  const signio = (path: string, body: unknown, token?: string) =>
    sb.app.request(`http://localhost/ws/${ws}/signio/api/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
  const { token } = (await (await signio('/token/crear', SIGNIO_LOGIN)).json()) as { token: string }
  const tx = (await (await signio('/transacciones/crear', { nombre: 'unique' }, token)).json()) as { id_transaccion: string }
  const zohoToken = (await (
    await sb.app.request(`http://localhost/ws/${ws}/zoho-accounts/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(ZOHO_REFRESH).toString(),
    })
  ).json()) as { access_token: string }
  const folder = (await (
    await sb.app.request(`http://localhost/ws/${ws}/zoho/api/v1/folders`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${ZOHO_READY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: JSON.stringify({ folders: { folder_name: 'unique' } }) }).toString(),
    })
  ).json()) as { folders: { folder_id: string } }
  const code = (await sb.control.workspace(ws).simulate('ipro', 'authorize', { user_id: IPRO_USER })) as { code: string }
  const values = {
    signioToken: token,
    signioTx: tx.id_transaccion,
    zohoAccessToken: zohoToken.access_token,
    zohoFolder: folder.folders.folder_id,
    iproCode: code.code,
  }
  for (const v of Object.values(values)) expect(typeof v).toBe('string')
  return values
}

type Issued = Awaited<ReturnType<typeof issue>>
function expectFresh(later: Issued, ...earlier: Issued[]) {
  for (const key of Object.keys(later) as (keyof Issued)[])
    for (const before of earlier) expect(later[key], `${key} repeated`).not.toBe(before[key])
}

describe('ids and tokens never repeat', () => {
  it('after snapshot → (issue) → reset → restore', async () => {
    const sb = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    const ctl = sb.control.workspace('uniq-snap')
    const first = await issue(sb, 'uniq-snap')
    await ctl.createSnapshot('s')
    const second = await issue(sb, 'uniq-snap')
    await ctl.reset()
    await ctl.restoreSnapshot('s')
    expectFresh(await issue(sb, 'uniq-snap'), first, second)
  })

  it('after GET /state → reset → PUT /state', async () => {
    const sb = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    const ctl = sb.control.workspace('uniq-export')
    const first = await issue(sb, 'uniq-export')
    const doc = await ctl.state()
    const second = await issue(sb, 'uniq-export')
    await ctl.reset()
    await ctl.putState(doc)
    expectFresh(await issue(sb, 'uniq-export'), first, second)
  })

  it('after reset alone', async () => {
    const sb = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    const first = await issue(sb, 'uniq-reset')
    await sb.control.workspace('uniq-reset').reset()
    expectFresh(await issue(sb, 'uniq-reset'), first)
  })

  it('in a new sandbox given the exported document (a restart without a data file)', async () => {
    const a = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    const first = await issue(a, 'uniq-move')
    const doc = await a.control.workspace('uniq-move').state()
    const b = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    await b.control.workspace('uniq-move').putState(doc)
    expectFresh(await issue(b, 'uniq-move'), first)
  })

  it('after a restart with a data file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'esign-uniq-'))
    dirs.push(dir)
    const dataFile = join(dir, 'data.json')
    const a = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z', dataFile })
    await a.ready
    const first = await issue(a, 'uniq-restart')
    await a.close()
    const b = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z', dataFile })
    await b.ready
    expectFresh(await issue(b, 'uniq-restart'), first)
    await b.close()
  })

  it('keeps determinism: same seed + same requests (reset and restore included) → same ids', async () => {
    const run = async () => {
      const sb = createSandbox({ seed: 9, clock: '2026-03-02T10:00:00Z' })
      const ctl = sb.control.workspace('uniq-det')
      const out = [await issue(sb, 'uniq-det')]
      await ctl.createSnapshot('s')
      out.push(await issue(sb, 'uniq-det'))
      await ctl.reset()
      await ctl.restoreSnapshot('s')
      out.push(await issue(sb, 'uniq-det'))
      return out
    }
    expect(await run()).toEqual(await run())
  })

  it('reset still restores the fixtures exactly', async () => {
    const sb = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    const ctl = sb.control.workspace('uniq-fixtures')
    const fresh = await ctl.state()
    await issue(sb, 'uniq-fixtures')
    await ctl.reset()
    const again = await ctl.state()
    // Every record as seeded; only Zoho's id counters stay where they were, so its next ids are new too.
    const withoutCounters = (doc: typeof fresh) => ({ ...doc.vendors, zoho: { ...(doc.vendors.zoho as object), meta: undefined } })
    expect(withoutCounters(again)).toEqual(withoutCounters(fresh))
  })
})
