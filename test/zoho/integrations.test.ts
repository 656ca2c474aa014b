import { describe, expect, it } from 'vitest'
import { ControlClientError } from '../../src/sandbox/client.js'
import { eachDoor, type Door } from '../helpers/doors.js'
import { objs, str } from '../helpers/json.js'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  CLOCK,
  READ_ONLY,
  READY,
  READY_REFRESH,
  REDIRECT_URI,
  TOKEN_FORMAT,
  client,
  data,
  emails,
  failure,
  form,
  q,
  uniq,
} from './helpers.js'

/** Zoho calls real integrations make that the spec first left out (spec §6.6), through both front doors. */

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

const withHeaders = (init: RequestInit, headers: Record<string, string>): RequestInit => ({
  ...init,
  headers: { ...Object.fromEntries(new Headers(init.headers)), ...headers },
})

async function simulateStatus(p: Promise<unknown>): Promise<number> {
  try {
    await p
    return 200
  } catch (err) {
    if (err instanceof ControlClientError) return err.status
    throw err
  }
}

function suite(door: Door) {
  const fresh = () => client(door, door.workspace('zoho-integ'))

  describe('page_context with empty values, as the official integrations send it', () => {
    const blank = data({ page_context: { row_count: 10, start_index: 1, search_columns: {}, sort_column: '', sort_order: '' } })

    it('requests, my requests, templates, users and webhooks answer 200 with the defaults', async () => {
      const c = fresh()
      const requests = await c.api(`/requests${q({ data: blank })}`)
      expect(requests.status).toBe(200)
      expect(requests.body.page_context).toMatchObject({ sort_column: 'created_time', sort_order: 'DESC', row_count: 10 })
      expect((await c.api(`/myrequests${q({ data: blank })}`)).status).toBe(200)
      const templates = await c.api(`/templates${q({ data: blank })}`)
      expect(templates.status).toBe(200)
      expect(templates.body.page_context).toMatchObject({ sort_column: 'created_time', sort_order: 'DESC' })
      const users = await c.api(`/users${q({ data: blank })}`)
      expect(users.body.page_context).toMatchObject({ sort_column: 'role', sort_order: 'ASC' })
      // The trigger node's exact query: sort_column empty, sort_order set.
      const trigger = data({ page_context: { row_count: 10, start_index: 1, search_columns: {}, sort_column: '', sort_order: 'DESC' } })
      expect((await c.api(`/accounts/webhooks${q({ data: trigger })}`)).body.code).toBe(0)
    })

    it('every key may be empty; a non-empty bad value is still 9015', async () => {
      const c = fresh()
      const allBlank = data({ page_context: { row_count: '', start_index: '', search_columns: '', sort_column: ' ', sort_order: '' } })
      const r = await c.api(`/requests${q({ data: allBlank })}`)
      expect(r.status).toBe(200)
      expect(r.body.page_context).toMatchObject({ row_count: 100, start_index: 1 })
      const bad = await c.api(`/requests${q({ data: data({ page_context: { sort_column: 'nope' } }) })}`)
      expect(bad.status).toBe(400)
      expect(bad.body).toEqual(failure(9015, 'Extra key found', 'data[page_context][sort_column]'))
    })
  })

  describe('Accounts: HTTP Basic client authentication (RFC 6749 §2.3.1)', () => {
    it('refreshes with the client in the Authorization header and only grant_type + refresh_token in the body', async () => {
      const c = fresh()
      const init = withHeaders(form({ grant_type: 'refresh_token', refresh_token: READY_REFRESH }), {
        authorization: basic(CLIENT_ID, CLIENT_SECRET),
      })
      const reply = await c.acc('/oauth/v2/token', init)
      expect(reply.status).toBe(200)
      expect(str(reply.body.access_token)).toMatch(TOKEN_FORMAT)
      expect(reply.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
      // The minted token works on the Sign API.
      expect((await c.api('/requests', {}, str(reply.body.access_token))).status).toBe(200)
    })

    it('exchanges a grant code with Basic client authentication', async () => {
      const ws = door.workspace('zoho-integ')
      const c = client(door, ws)
      const params = {
        scope: 'ZohoSign.documents.ALL',
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        access_type: 'offline',
      }
      const location = new URL((await door.fetch('/zoho-accounts', `/oauth/v2/auth${q(params)}`, ws)).headers.get('location') ?? '')
      const init = withHeaders(
        form({ grant_type: 'authorization_code', code: location.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI }),
        { authorization: basic(CLIENT_ID, CLIENT_SECRET) },
      )
      const reply = await c.acc('/oauth/v2/token', init)
      expect(str(reply.body.refresh_token)).toMatch(TOKEN_FORMAT)
    })

    it('a wrong secret, an unknown client or an undecodable header are the body errors', async () => {
      const c = fresh()
      const refresh = (authorization: string) =>
        c.acc('/oauth/v2/token', withHeaders(form({ grant_type: 'refresh_token', refresh_token: READY_REFRESH }), { authorization }))
      expect((await refresh(basic(CLIENT_ID, 'wrong'))).body).toEqual({ error: 'invalid_client_secret' })
      expect((await refresh(basic('1000.UNKNOWN', CLIENT_SECRET))).body).toEqual({ error: 'invalid_client' })
      expect((await refresh('Basic !!!not-base64')).body).toEqual({ error: 'invalid_client' })
      expect((await refresh(`Basic ${Buffer.from('no-colon').toString('base64')}`)).body).toEqual({ error: 'invalid_client' })
    })
  })

  describe('Accounts: GET /oauth/user/info', () => {
    const owner = { First_Name: 'Sam', Email: 'sam.owner@zylker.test', Last_Name: 'Owner', Display_Name: 'Sam Owner', ZUID: 2000000002002 }

    it('answers the token owner with either token scheme', async () => {
      const c = fresh()
      for (const scheme of ['Zoho-oauthtoken', 'Bearer', 'bearer']) {
        const reply = await c.acc('/oauth/user/info', { headers: { authorization: `${scheme} ${READY}` } })
        expect(reply.status).toBe(200)
        expect(reply.headers.get('content-type')).toBe('application/json;charset=UTF-8')
        expect(reply.body).toEqual(owner)
      }
      expect(Object.keys((await c.acc('/oauth/user/info', { headers: { authorization: `Bearer ${READ_ONLY}` } })).body)).toEqual(
        Object.keys(owner),
      )
    })

    it('no token, an unknown one or a refresh token → 401 INVALID_OAUTHTOKEN', async () => {
      const c = fresh()
      for (const headers of [{}, { authorization: 'Bearer 1000.nope' }, { authorization: `Zoho-oauthtoken ${READY_REFRESH}` }] as Record<
        string,
        string
      >[]) {
        const reply = await c.acc('/oauth/user/info', { headers })
        expect(reply.status).toBe(401)
        expect(reply.body).toEqual({ response: 'error', cause: 'INVALID_OAUTHTOKEN' })
      }
    })
  })

  it('GET /organizations lists the caller’s default organization (also with a read-only token)', async () => {
    const c = fresh()
    const reply = await c.api('/organizations')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      code: 0,
      message: 'Organization list retrieved successfully',
      organizations: [{ org_id: '2000000000011', org_name: 'Zylker Sandbox', is_default: true, is_admin: true }],
      status: 'success',
    })
    expect((await c.api('/organizations', {}, READ_ONLY)).status).toBe(200)
    expect((await c.api('/organizations', {}, null)).body.code).toBe(9031)
    // Integrations pass the default org_id on when they create a webhook.
    const hook = await c.api(
      '/accounts/webhooks',
      form({ webhook_url: 'https://hooks.example.test/z', webhook_actions: 'Sign', org_id: '2000000000011' }),
    )
    expect(hook.body.code).toBe(0)
  })

  describe('POST /requests/{id}/markforcorrection', () => {
    it('an in-progress request nobody signed goes to correction, can be edited and submitted again', async () => {
      const c = fresh()
      const sent = await c.sent(uniq('Correct me'), [{ name: 'Cora Signer', email: 'cora@example.test' }])
      const id = str(sent.request_id)
      const action = str(objs(sent.actions)[0].action_id)
      const marked = await c.api(`/requests/${id}/markforcorrection`, { method: 'POST' })
      expect(marked.status).toBe(200)
      expect(marked.body).toEqual({ request_status: 'correction', code: 0, message: 'success', status: 'success' })
      const got = await c.api(`/requests/${id}`)
      expect(got.body.requests).toMatchObject({ request_status: 'correction' })
      expect(objs((got.body.requests as { actions: never }).actions)[0]).toMatchObject({ action_status: 'NOACTION', allow_signing: false })
      // Nobody can sign while it is being corrected.
      expect(await simulateStatus(c.control.simulate('zoho', 'sign', { request_id: id, action_id: action }))).toBe(409)
      // Listed under its status.
      const listed = await c.api(`/requests${q({ request_status: 'correction' })}`)
      expect(objs(listed.body.requests).map((r) => r.request_id)).toContain(id)
      // Edited, then submitted again: the signer is asked again.
      const renamed = await c.api(`/requests/${id}`, form({ data: data({ requests: { request_name: 'Corrected' } }) }, 'PUT'))
      expect(renamed.body.requests).toMatchObject({ request_name: 'Corrected', request_status: 'correction' })
      const before = (await emails(c.control)).length
      const resubmitted = await c.api(`/requests/${id}/submit`, { method: 'POST' })
      expect(resubmitted.body.requests).toMatchObject({ request_status: 'inprogress' })
      const mails = await emails(c.control)
      expect(mails.length).toBe(before + 1)
      expect(mails[0].to).toBe('cora@example.test')
      expect(await simulateStatus(c.control.simulate('zoho', 'sign', { request_id: id, action_id: action }))).toBe(200)
    })

    it('refused once someone signed, on a draft and twice in a row (9039); unknown id → 4066', async () => {
      const c = fresh()
      const two = await c.sent(uniq('Half signed'), [
        { name: 'One', email: 'one@example.test' },
        { name: 'Two', email: 'two@example.test' },
      ])
      await c.control.simulate('zoho', 'sign', { request_id: str(two.request_id), action_id: str(objs(two.actions)[0].action_id) })
      const unable = failure(9039, 'Unable to process your request')
      expect((await c.api(`/requests/${str(two.request_id)}/markforcorrection`, { method: 'POST' })).body).toEqual(unable)
      const draft = await c.draft({ request_name: uniq('Draft') })
      expect((await c.api(`/requests/${str(draft.request_id)}/markforcorrection`, { method: 'POST' })).body).toEqual(unable)
      const sent = await c.sent(uniq('Twice'), [{ name: 'T', email: 't@example.test' }])
      expect((await c.api(`/requests/${str(sent.request_id)}/markforcorrection`, { method: 'POST' })).body.code).toBe(0)
      expect((await c.api(`/requests/${str(sent.request_id)}/markforcorrection`, { method: 'POST' })).body).toEqual(unable)
      expect((await c.api('/requests/1234567890123/markforcorrection', { method: 'POST' })).body).toEqual(
        failure(4066, 'Invalid Request ID.'),
      )
    })
  })

  describe('bulk PUT /requests/delete', () => {
    it('is its own path (never /requests/{id} with id "delete"); in-progress requests stay unless recall_inprogress', async () => {
      const c = fresh()
      const a = str((await c.draft({ request_name: uniq('Bulk A') })).request_id)
      const b = str((await c.draft({ request_name: uniq('Bulk B') })).request_id)
      const live = str((await c.sent(uniq('Bulk live'), [{ name: 'L', email: 'l@example.test' }])).request_id)
      const first = await c.api('/requests/delete', form({ delete_ids: JSON.stringify([a, b, live]), recall_inprogress: 'false' }, 'PUT'))
      expect(first.status).toBe(200)
      expect(first.body).toEqual({ code: 0, message: 'Document deleted successfully', status: 'success' })
      const state = async (id: string) => (await c.api(`/requests/${id}`)).body.requests as { request_status: string; is_deleted: boolean }
      expect(await state(a)).toMatchObject({ is_deleted: true })
      expect(await state(b)).toMatchObject({ is_deleted: true })
      expect(await state(live)).toMatchObject({ is_deleted: false, request_status: 'inprogress' })
      const second = await c.api(
        '/requests/delete',
        form({ delete_ids: JSON.stringify([Number(live)]), recall_inprogress: 'true', reason: 'tidy' }, 'PUT'),
      )
      expect(second.body.code).toBe(0)
      expect(await state(live)).toMatchObject({ is_deleted: true, request_status: 'recalled' })
    })

    it('checks every id before touching any; missing or malformed delete_ids are 9008 / 9039', async () => {
      const c = fresh()
      const a = str((await c.draft({ request_name: uniq('Bulk keep') })).request_id)
      const unknown = await c.api('/requests/delete', form({ delete_ids: JSON.stringify([a, '1234567890123']) }, 'PUT'))
      expect(unknown.body).toEqual(failure(4066, 'Invalid Request ID.'))
      expect(((await c.api(`/requests/${a}`)).body.requests as { is_deleted: boolean }).is_deleted).toBe(false)
      expect((await c.api('/requests/delete', form({}, 'PUT'))).body).toEqual(
        failure(9008, 'delete_ids occurs less than minimum occurance of 1', 'delete_ids'),
      )
      for (const bad of ['not json', '[]', '{"a":1}', '[true]'])
        expect((await c.api('/requests/delete', form({ delete_ids: bad }, 'PUT'))).body).toEqual(
          failure(9039, 'Unable to process your request'),
        )
      // Trashing needs the DELETE scope.
      expect((await c.api('/requests/delete', form({ delete_ids: JSON.stringify([a]) }, 'PUT'), READ_ONLY)).body.code).toBe(9041)
    })
  })
}

eachDoor('zoho calls of real integrations (spec §6.6)', suite, { clock: CLOCK })
