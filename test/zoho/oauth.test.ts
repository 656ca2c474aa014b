import { describe, expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { obj, parseJson, str, type JsonObject } from '../helpers/json.js'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  CLOCK,
  READY,
  READY_REFRESH,
  REDIRECT_URI,
  REVOKED_REFRESH,
  TOKEN_FORMAT,
  client,
  form,
  q,
} from './helpers.js'

/** Zoho Accounts OAuth (spec §4; checklist 1–12, 66, 67) through both front doors. */

const SCOPES = 'ZohoSign.documents.ALL,ZohoSign.templates.ALL,ZohoSign.account.ALL'
const authParams = (extra: Record<string, string> = {}) => ({
  scope: SCOPES,
  client_id: CLIENT_ID,
  state: 'st-1',
  response_type: 'code',
  redirect_uri: REDIRECT_URI,
  access_type: 'offline',
  prompt: 'consent',
  ...extra,
})

async function grant(c: ReturnType<typeof client>, extra: Record<string, string> = {}): Promise<URL> {
  const res = await c.acc(`/oauth/v2/auth${q(authParams(extra))}`)
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location') ?? '')
}

async function exchange(c: ReturnType<typeof client>, code: string, extra: Record<string, string> = {}): Promise<JsonObject> {
  const reply = await c.acc(
    '/oauth/v2/token',
    form({
      grant_type: 'authorization_code',
      code,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uri: REDIRECT_URI,
      ...extra,
    }),
  )
  return reply.body
}

const refreshQuery = (token: string) =>
  `/oauth/v2/token${q({ refresh_token: token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT_URI, grant_type: 'refresh_token' })}`

function suite(door: Door) {
  const ws = door.workspace('zoho-oauth')
  const c = client(door, ws)
  let refreshToken = ''
  let refreshedAccess = ''

  it('1. the authorization endpoint redirects with a grant code, state, location and accounts-server', async () => {
    const loc = await grant(c)
    expect(loc.href.startsWith(REDIRECT_URI)).toBe(true)
    expect(loc.searchParams.get('code')).toMatch(TOKEN_FORMAT)
    expect(loc.searchParams.get('state')).toBe('st-1')
    expect(loc.searchParams.get('location')).toBe('us')
    expect(loc.searchParams.get('accounts-server')).toBe(door.base('/zoho-accounts', ws))
  })

  it('2–3. deny → access_denied redirect; unknown client → 400 invalid_client', async () => {
    const loc = await grant(c, { sandbox_consent: 'deny' })
    expect(loc.searchParams.get('error')).toBe('access_denied')
    expect(loc.searchParams.get('state')).toBe('st-1')
    expect(loc.searchParams.has('code')).toBe(false)
    const bad = await c.acc(`/oauth/v2/auth${q(authParams({ client_id: '1000.UNKNOWN' }))}`)
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ error: 'invalid_client' })
    const redirect = await c.acc(`/oauth/v2/auth${q(authParams({ redirect_uri: 'https://evil.example.test/cb' }))}`)
    expect(redirect.status).toBe(400)
    expect(redirect.body).toEqual({ error: 'invalid_redirect_uri' })
    for (const [extra, error] of [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: '' }, 'invalid_scope'],
    ] as const) {
      const l = await grant(c, extra)
      expect(l.searchParams.get('error')).toBe(error)
    }
  })

  it('§4.1: Location parameters in the documented order, no state when none was sent; checks in order', async () => {
    const params = authParams()
    const { state: _state, ...stateless } = params
    const res = await c.acc(`/oauth/v2/auth${q(stateless)}`)
    const location = res.headers.get('location') ?? ''
    expect([...new URL(location).searchParams.keys()]).toEqual(['code', 'location', 'accounts-server'])
    expect([...(await grant(c)).searchParams.keys()]).toEqual(['state', 'code', 'location', 'accounts-server'])
    const errorOf = async (extra: Record<string, string>) => (await grant(c, extra)).searchParams.get('error')
    expect(await errorOf({ response_type: 'token', scope: '', sandbox_consent: 'deny' })).toBe('unsupported_response_type')
    expect(await errorOf({ scope: '', sandbox_consent: 'deny' })).toBe('invalid_scope')
    const both = await c.acc(`/oauth/v2/auth${q(authParams({ client_id: '1000.UNKNOWN', redirect_uri: 'https://evil.example.test/cb' }))}`)
    expect(both.body).toEqual({ error: 'invalid_client' })
    expect(
      (await c.acc(`/oauth/v2/auth${q(authParams({ redirect_uri: 'https://evil.example.test/cb', response_type: 'token' }))}`)).body,
    ).toEqual({ error: 'invalid_redirect_uri' })
  })

  it('4–5. the code exchange returns both tokens once; the code is single use', async () => {
    const code = (await grant(c)).searchParams.get('code') ?? ''
    const body = await exchange(c, code)
    expect(body.access_token).toMatch(TOKEN_FORMAT)
    expect(body.refresh_token).toMatch(TOKEN_FORMAT)
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: 'https://www.zohoapis.com' })
    expect(body.scope).toContain('ZohoSign.documents.ALL')
    refreshToken = str(body.refresh_token)
    expect(await exchange(c, code)).toEqual({ error: 'invalid_code' })
    const journal = JSON.stringify((await c.control.requests({ vendor: 'zoho', path: '/oauth/v2/token' })).items)
    expect(journal).not.toContain(body.access_token)
    expect(journal).not.toContain(body.refresh_token)
    expect(journal).not.toContain(CLIENT_SECRET)
  })

  it('6–7. client, secret, grant type and redirect uri errors are HTTP 200 {"error"}', async () => {
    const code = (await grant(c)).searchParams.get('code') ?? ''
    expect(await exchange(c, code, { client_id: '1000.UNKNOWN' })).toEqual({ error: 'invalid_client' })
    expect(await exchange(c, code, { client_secret: 'wrong' })).toEqual({ error: 'invalid_client_secret' })
    expect(await exchange(c, code, { grant_type: 'password' })).toEqual({ error: 'unsupported_grant_type' })
    const fresh = (await grant(c)).searchParams.get('code') ?? ''
    const reply = await c.acc(
      '/oauth/v2/token',
      form({
        grant_type: 'authorization_code',
        code: fresh,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uri: 'https://evil.example.test/cb',
      }),
    )
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ error: 'invalid_redirect_uri' })
  })

  it('§4.2–4.3: a code failing after the client checks is spent; body beats query; revoking an access token kills only it', async () => {
    const w = door.workspace('zoho-oauth-details')
    const t = client(door, w)
    const spent = (await grant(t)).searchParams.get('code') ?? ''
    expect(await exchange(t, spent, { redirect_uri: 'https://evil.example.test/cb' })).toEqual({ error: 'invalid_redirect_uri' })
    expect(await exchange(t, spent)).toEqual({ error: 'invalid_code' })
    const code = (await grant(t)).searchParams.get('code') ?? ''
    const conflict = await t.acc(
      `/oauth/v2/token${q({ client_secret: 'wrong-in-query', code: 'wrong-in-query' })}`,
      form({ grant_type: 'authorization_code', code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT_URI }),
    )
    expect(conflict.body.access_token).toMatch(TOKEN_FORMAT)
    const access = str(conflict.body.access_token)
    const refresh = str(conflict.body.refresh_token)
    expect((await t.acc(`/oauth/v2/token/revoke${q({ token: access })}`, { method: 'POST' })).body).toEqual({ status: 'success' })
    expect((await t.api('/requests', undefined, access)).body).toEqual({ code: 9041, message: 'Invalid Oauth token', status: 'failure' })
    expect((await t.acc(refreshQuery(refresh), { method: 'POST' })).body.access_token).toMatch(TOKEN_FORMAT)
    const unknown = await t.acc('/oauth/v2/token/revoke', form({ token: '1000.nothing' }))
    expect(unknown.status).toBe(200)
    expect(unknown.body).toEqual({ status: 'success' })
  })

  it('8. an online code gives no refresh token', async () => {
    const code = (await grant(c, { access_type: 'online' })).searchParams.get('code') ?? ''
    const body = await exchange(c, code)
    expect(body.access_token).toMatch(TOKEN_FORMAT)
    expect('refresh_token' in body).toBe(false)
  })

  it('9. a grant code expires after 60 s of the sandbox clock', async () => {
    const code = (await grant(c)).searchParams.get('code') ?? ''
    await c.control.advanceClock(61_000)
    expect(await exchange(c, code)).toEqual({ error: 'invalid_code' })
  })

  it('10. refresh (query string, as the seed) → a working access token, no refresh_token key', async () => {
    const reply = await c.acc(refreshQuery(refreshToken), { method: 'POST' })
    expect(reply.status).toBe(200)
    expect(reply.body.access_token).toMatch(TOKEN_FORMAT)
    expect('refresh_token' in reply.body).toBe(false)
    expect(reply.body.expires_in).toBe(3600)
    refreshedAccess = str(reply.body.access_token)
    const list = await c.api('/requests', undefined, refreshedAccess)
    expect(list.status).toBe(200)
    expect(list.body.code).toBe(0)
  })

  it('11. the revoked fixture refresh token → invalid_code', async () => {
    expect((await c.acc(refreshQuery(REVOKED_REFRESH), { method: 'POST' })).body).toEqual({ error: 'invalid_code' })
  })

  it('12. the 11th refresh of one refresh token within 10 minutes is throttled', async () => {
    const w = door.workspace('zoho-throttle')
    const t = client(door, w)
    for (let i = 0; i < 10; i++)
      expect((await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })).body.access_token).toMatch(TOKEN_FORMAT)
    const eleventh = await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })
    expect(eleventh.status).toBe(400)
    expect(eleventh.body).toEqual({
      error_description: 'You have made too many requests continuously. Please try again after some time.',
      error: 'Access Denied',
      status: 'failure',
    })
    await t.control.advanceClock(10 * 60_000 + 1)
    expect((await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })).body.access_token).toMatch(TOKEN_FORMAT)
  })

  it('token endpoint: other verbs → 405 invalid_request; unknown accounts path → 404', async () => {
    const get = await c.acc('/oauth/v2/token')
    expect(get.status).toBe(405)
    expect(get.body).toEqual({ error: 'invalid_request' })
    const unknown = await c.acc('/oauth/v2/nothing')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ error: 'invalid_request' })
  })

  it('66. revoke → success; the refresh token and its access tokens are dead', async () => {
    expect((await c.acc('/oauth/v2/token/revoke', form({}))).body).toEqual({ error: 'invalid_request' })
    const reply = await c.acc(`/oauth/v2/token/revoke${q({ refresh_token: refreshToken })}`, { method: 'POST' })
    expect(reply.body).toEqual({ status: 'success' })
    expect((await c.acc(refreshQuery(refreshToken), { method: 'POST' })).body).toEqual({ error: 'invalid_code' })
    const dead = await c.api('/requests', undefined, refreshedAccess)
    expect(dead.status).toBe(401)
    expect(dead.body).toEqual({ code: 9041, message: 'Invalid Oauth token', status: 'failure' })
  })

  it('67. the 20-refresh-token cap evicts the oldest (the ready fixture token) with its access token', async () => {
    const w = door.workspace('zoho-cap')
    const t = client(door, w)
    const minted: string[] = []
    for (let i = 0; i < 20; i++) {
      const code = (await grant(t)).searchParams.get('code') ?? ''
      minted.push(str((await exchange(t, code)).refresh_token))
    }
    expect((await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })).body).toEqual({ error: 'invalid_code' })
    expect((await t.api('/requests', undefined, READY)).status).toBe(401)
    expect((await t.acc(refreshQuery(minted[19]), { method: 'POST' })).body.access_token).toMatch(TOKEN_FORMAT)
  })
}

eachDoor('zoho OAuth', suite, { clock: CLOCK })

/** Data centres under MSW (spec §1): host index 1 is the EU pair. */
eachDoor(
  'zoho OAuth at another data centre',
  (door) => {
    it('tokens minted at accounts.zoho.eu work on sign.zoho.eu only; fixture tokens work everywhere', async () => {
      const ws = door.workspace('zoho-dc')
      const c = client(door, ws)
      const loc = await grant(c)
      expect(loc.searchParams.get('location')).toBe(door.mode === 'msw' ? 'eu' : 'us')
      const body = await exchange(c, loc.searchParams.get('code') ?? '')
      expect(body.api_domain).toBe(door.mode === 'msw' ? 'https://www.zohoapis.eu' : 'https://www.zohoapis.com')
      expect((await c.api('/requests', undefined, str(body.access_token))).status).toBe(200)
      const refreshed = await c.acc(refreshQuery(READY_REFRESH), { method: 'POST' })
      expect((await c.api('/requests', undefined, str(refreshed.body.access_token))).status).toBe(200)
      if (door.mode === 'msw') {
        const headers = { authorization: `Zoho-oauthtoken ${body.access_token}`, 'x-sandbox-workspace': ws }
        const us = await fetch('https://sign.zoho.com/api/v1/requests', { headers })
        expect(us.status).toBe(401)
        expect(await us.json()).toEqual({ code: 9041, message: 'Invalid Oauth token', status: 'failure' })
        const jp = await fetch('https://sign.zoho.jp/api/v1/requests', {
          headers: { authorization: `Zoho-oauthtoken ${READY}`, 'x-sandbox-workspace': ws },
        })
        expect(jp.status).toBe(200)
        const au = await fetch('https://accounts.zoho.au/oauth/v2/token', {
          method: 'POST',
          headers: { 'x-sandbox-workspace': ws, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: READY_REFRESH,
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
          }),
        })
        const auBody = obj(parseJson(await au.text()))
        expect(auBody.api_domain).toBe('https://www.zohoapis.com.au')
        const onComAu = await fetch('https://sign.zoho.com.au/api/v1/folders', {
          headers: { authorization: `Zoho-oauthtoken ${auBody.access_token}`, 'x-sandbox-workspace': ws },
        })
        expect(onComAu.status).toBe(200)
      }
    })
  },
  { clock: CLOCK, hostIndex: 1 },
)

describe('token format', () => {
  it('fixture tokens follow 1000.<32 hex>.<32 hex>', () => expect(READY).toMatch(TOKEN_FORMAT))
})

eachDoor(
  'zoho OAuth with the zoho.tokenThrottle sandbox option',
  (door) => {
    it('tokenThrottle 0 turns the refresh throttle off', async () => {
      const t = client(door, door.workspace('zoho-nothrottle'))
      for (let i = 0; i < 15; i++)
        expect((await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })).body.access_token).toMatch(TOKEN_FORMAT)
    })
  },
  { clock: CLOCK, vendorOptions: { zoho: { tokenThrottle: 0 } } },
)

eachDoor(
  'zoho OAuth with a lower zoho.tokenThrottle',
  (door) => {
    it('tokenThrottle 2 allows two refreshes per window', async () => {
      const t = client(door, door.workspace('zoho-throttle2'))
      for (let i = 0; i < 2; i++) expect((await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })).status).toBe(200)
      expect((await t.acc(refreshQuery(READY_REFRESH), { method: 'POST' })).status).toBe(400)
    })
  },
  { clock: CLOCK, vendorOptions: { zoho: { tokenThrottle: 2 } } },
)
