import { expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { at, str } from '../helpers/json.js'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  CLOCK,
  EXPIRED,
  RATE_LIMITED,
  READ_ONLY,
  READY,
  READY_REFRESH,
  REDIRECT_URI,
  TRIAL,
  client,
  data,
  failure,
  form,
  multipart,
  q,
  tinyPdf,
  uniq,
} from './helpers.js'

/** Auth on every path, account gates, routing, forcing and the catalogue (checklist 13–21, 64, 65; spec §12, §13). */

const TICKET = failure(9031, 'Ticket invalid')
const INVALID = failure(9041, 'Invalid Oauth token')

function suite(door: Door) {
  const ws = door.workspace('zoho-errors')
  const c = client(door, ws)

  it('13–15. no header, bogus/expired token, token only in the query', async () => {
    for (const path of ['/requests', '/nothing/here', '/templates/1']) {
      const none = await c.api(path, undefined, null)
      expect(none.status).toBe(401)
      expect(none.body).toEqual(TICKET)
    }
    const bogus = await c.api('/requests', { headers: { authorization: 'Zoho-oauthtoken 1000.bogus' } })
    expect(bogus.status).toBe(401)
    expect(bogus.body).toEqual(INVALID)
    expect((await c.api('/requests', undefined, EXPIRED)).body).toEqual(INVALID)
    expect((await c.api(`/requests?access_token=${READY}`, undefined, null)).body).toEqual(TICKET)
    expect((await c.api('/requests', { headers: { authorization: `Basic ${READY}` } })).body).toEqual(TICKET)
    // §2.1: the Zoho scheme with an empty token is "no token" (9031); with any other unknown token 9041.
    expect((await c.api('/requests', { headers: { authorization: 'Zoho-oauthtoken' } })).body).toEqual(TICKET)
    expect((await c.api('/requests', { headers: { authorization: 'Zoho-oauthtoken two words' } })).body).toEqual(INVALID)
    const pdf = await c.raw('/requests/2000000493009/pdf', { headers: { authorization: 'Zoho-oauthtoken nope' } })
    expect(pdf.status).toBe(401)
    expect(pdf.headers.get('content-disposition')).toBeNull()
    expect(pdf.headers.get('content-type')).toBe('application/json;charset=UTF-8')
  })

  it('16. Bearer scheme accepted', async () => {
    const res = await c.api('/requests', { headers: { authorization: `Bearer ${READY}` } })
    expect(res.status).toBe(200)
    // §2.1: the scheme is matched case-insensitively.
    for (const scheme of ['zoho-oauthtoken', 'ZOHO-OAUTHTOKEN', 'bearer'])
      expect((await c.api('/requests', { headers: { authorization: `${scheme} ${READY}` } })).status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8')
  })

  it('17. read-only token: GET works, writes → 401 9041 (scope)', async () => {
    expect((await c.api('/requests', undefined, READ_ONLY)).status).toBe(200)
    const post = await c.api('/folders', form({ data: data({ folders: { folder_name: 'nope' } }) }), READ_ONLY)
    expect(post.status).toBe(401)
    expect(post.body).toEqual(INVALID)
    expect((await c.api('/templates', undefined, READ_ONLY)).status).toBe(401)
  })

  it('18. a token minted in one workspace is unknown in another', async () => {
    const res = await c.acc(
      '/oauth/v2/token',
      form({
        grant_type: 'refresh_token',
        refresh_token: READY_REFRESH,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uri: REDIRECT_URI,
      }),
    )
    const other = client(door, door.workspace('zoho-other'))
    expect((await c.api('/requests', undefined, str(res.body.access_token))).status).toBe(200)
    const foreign = await other.api('/requests', undefined, str(res.body.access_token))
    expect(foreign.status).toBe(401)
    expect(foreign.body).toEqual(INVALID)
  })

  it('19. trial account → 400 12001 on every call', async () => {
    for (const path of ['/requests', '/folders', '/nothing']) {
      const res = await c.api(path, undefined, TRIAL)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(failure(12001, 'Upgrade API credits to access resources using API'))
    }
  })

  it('20. rate-limited token: 5 calls a minute, the 6th → 429 2955', async () => {
    const w = door.workspace('zoho-rate')
    const r = client(door, w, RATE_LIMITED)
    for (let i = 0; i < 5; i++) expect((await r.api('/folders')).status).toBe(200)
    const sixth = await r.api('/folders')
    expect(sixth.status).toBe(429)
    expect(sixth.body).toEqual(failure(2955, 'You have reached your API call limit for a minute.'))
    await r.control.advanceClock(60_001)
    expect((await r.api('/folders')).status).toBe(200)
  })

  it('21. unknown path → 404 9004; wrong verb → 405 9004; outside /api/v1 no auth needed', async () => {
    const unknown = await c.api('/account')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual(failure(9004, 'No match found'))
    const verb = await c.api('/requests', { method: 'DELETE' })
    expect(verb.status).toBe(405)
    expect(verb.body).toEqual(failure(9004, 'No match found'))
    const outside = await door.fetch('/zoho', '/something/else', ws)
    expect(outside.status).toBe(404)
    expect(await outside.json()).toEqual(failure(9004, 'No match found'))
  })

  it('64. X-Sandbox-Error forces the exact reply and changes nothing; OAuth forcing', async () => {
    const forced = await c.api('/requests', { headers: { 'x-sandbox-error': 'zoho.api_rate_limit' } })
    expect(forced.status).toBe(429)
    expect(forced.body).toEqual(failure(2955, 'You have reached your API call limit for a minute.'))
    expect((await c.api('/requests', { headers: { 'x-sandbox-error': 'zoho.ticket_invalid' } }, null)).status).toBe(401)
    const name = uniq('forced')
    const init = multipart([['acceptance.pdf', await tinyPdf()]], { data: data({ requests: { request_name: name } }) })
    const bad = await c.api('/requests', { ...init, headers: { 'x-sandbox-error': 'zoho.invalid_file_format' } })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual(failure(9020, 'Invalid file format'))
    const search = await c.api(`/requests${q({ data: data({ page_context: { search_columns: { request_name: name } } }) })}`)
    expect(at(search.body, 'page_context', 'total_count')).toBe(0)
    const refresh = { grant_type: 'refresh_token', refresh_token: READY_REFRESH, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }
    const oauthForced = await c.acc('/oauth/v2/token', {
      ...form(refresh),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-sandbox-error': 'zoho.oauth_invalid_client' },
    })
    expect(oauthForced.status).toBe(200)
    expect(oauthForced.body).toEqual({ error: 'invalid_client' })
    expect((await c.acc('/oauth/v2/token', form(refresh))).body.access_token).toBeTruthy()
    const param = await c.api('/requests', { headers: { 'x-sandbox-error': 'zoho.missing_key' } })
    expect(param.body).toEqual(failure(9008, 'requests occurs less than minimum occurance of 1', 'requests'))
    const redirect = await c.acc(`/oauth/v2/auth${q({ state: 's' })}`, { headers: { 'x-sandbox-error': 'zoho.oauth_access_denied' } })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe(`${REDIRECT_URI}?error=access_denied&state=s`)
    const unknownId = await door.fetch('/zoho', '/api/v1/requests', ws, { headers: { 'x-sandbox-error': 'signio.nope' } })
    expect(unknownId.status).toBe(400)
    expect(((await unknownId.json()) as { error: string }).error).toBe('unknown_error_id')
  })

  it('65. the catalogue lists every error with status, code and trigger; each forced reply matches it', async () => {
    const list = await c.control.errors('zoho')
    const ids = list.items.map((e) => e.id)
    for (const id of [
      'zoho.ticket_invalid',
      'zoho.oauth_token_invalid',
      'zoho.oauth_scope_mismatch',
      'zoho.api_credits_exhausted',
      'zoho.api_rate_limit',
      'zoho.no_match_found',
      'zoho.method_not_allowed',
      'zoho.id_not_found',
      'zoho.invalid_request_id',
      'zoho.invalid_template_id',
      'zoho.document_already_submitted',
      'zoho.add_atleast_one_field',
      'zoho.file_size_exceeded',
      'zoho.invalid_file_format',
      'zoho.upgrade_license',
      'zoho.missing_key',
      'zoho.extra_key',
      'zoho.page_context_invalid',
      'zoho.unable_to_process',
      'zoho.field_errors',
      'zoho.template_action_mismatch',
      'zoho.document_access_denied',
      'zoho.internal_error',
      'zoho.oauth_invalid_code',
      'zoho.oauth_invalid_client',
      'zoho.oauth_invalid_client_secret',
      'zoho.oauth_invalid_redirect_uri',
      'zoho.oauth_unsupported_grant_type',
      'zoho.oauth_invalid_request',
      'zoho.oauth_throttled',
      'zoho.oauth_authorize_invalid_client',
      'zoho.oauth_authorize_invalid_redirect_uri',
      'zoho.oauth_access_denied',
      'zoho.oauth_invalid_scope',
      'zoho.oauth_unsupported_response_type',
    ])
      expect(ids).toContain(id)
    expect(list.items.find((e) => e.id === 'zoho.ticket_invalid')).toMatchObject({
      vendor: 'zoho',
      http_status: 401,
      code: 9031,
      message: 'Ticket invalid',
    })
    for (const e of list.items) {
      expect(e.trigger.length).toBeGreaterThan(0)
      const res = await door.fetch(
        e.id.startsWith('zoho.oauth_') && typeof e.code === 'string' ? '/zoho-accounts' : '/zoho',
        e.id.startsWith('zoho.oauth_') && typeof e.code === 'string' ? '/oauth/v2/token' : '/api/v1/requests',
        ws,
        { method: 'POST', headers: { 'x-sandbox-error': e.id } },
      )
      expect(res.status).toBe(e.http_status)
      if (res.status === 302) continue
      const body = (await res.json()) as Record<string, unknown>
      if (typeof e.code === 'number') expect(body).toMatchObject({ code: e.code, message: e.message, status: 'failure' })
      else expect(JSON.stringify(body)).toBe(e.message)
    }
  })

  it('§13 bad input: malformed data, wrong content types, multipart garbage → Zoho envelope only', async () => {
    const draft = await c.draft({ request_name: uniq('bad input') })
    const id = str(draft.request_id)
    const cases: [RequestInit, number, object][] = [
      [form({ data: '{"requests":' }, 'PUT'), 400, failure(9039, 'Unable to process your request')],
      [form({ data: '[1,2]' }, 'PUT'), 400, failure(9008, 'requests occurs less than minimum occurance of 1', 'requests')],
      [form({ data: data({ requests: [] }) }, 'PUT'), 400, failure(9039, 'Unable to process your request')],
      [
        { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello' },
        400,
        failure(9008, 'requests occurs less than minimum occurance of 1', 'requests'),
      ],
      [{ method: 'PUT' }, 400, failure(9008, 'requests occurs less than minimum occurance of 1', 'requests')],
      [
        {
          method: 'PUT',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
          body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
        },
        400,
        failure(9039, 'Unable to process your request'),
      ],
      [form({ data: data({ requests: { is_sequential: 'yes' } }) }, 'PUT'), 400, failure(9039, 'Unable to process your request')],
      [
        form({ data: data({ requests: { actions: [{ recipient_name: 'X', recipient_email: 'not-an-email' }] } }) }, 'PUT'),
        400,
        failure(9039, 'Unable to process your request'),
      ],
      [form({ data: data({ requests: { folder_id: '1234567890123' } }) }, 'PUT'), 400, failure(9004, 'No match found')],
      [
        form({ data: data({ requests: { actions: [{ recipient_email: 'a@b.test' }] } }) }, 'PUT'),
        400,
        failure(9008, 'recipient_name occurs less than minimum occurance of 1', 'recipient_name'),
      ],
      [
        form(
          {
            data: data({
              requests: { actions: Array.from({ length: 26 }, (_, i) => ({ recipient_name: 'n', recipient_email: `a${i}@b.test` })) },
            }),
          },
          'PUT',
        ),
        400,
        failure(9039, 'Unable to process your request'),
      ],
    ]
    for (const [init, status, body] of cases) {
      const res = await c.api(`/requests/${id}`, init)
      expect(res.status, JSON.stringify(init.body)).toBe(status)
      expect(res.body).toEqual(body)
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    }
    const after = await c.api(`/requests/${id}`)
    expect(at(after.body, 'requests', 'actions')).toEqual([])
    expect(at(after.body, 'requests', 'modified_time')).toBe(draft.modified_time)
  })

  it('§5.1: path ids are checked before the body (malformed multipart on an unknown id → the id’s error)', async () => {
    const garbage = (method: string): RequestInit => ({
      method,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
    })
    const NO_REQUEST = failure(4066, 'Invalid Request ID.')
    const NO_MATCH = failure(9004, 'No match found')
    const NO_TEMPLATE = failure(20405, 'Invalid Template ID.')
    const cases: [string, string, object][] = [
      ['PUT', '/requests/1234567890123', NO_REQUEST],
      ['POST', '/requests/1234567890123/submit', NO_REQUEST],
      ['POST', '/requests/1234567890123/sign', NO_REQUEST],
      ['POST', '/requests/1234567890123/recall', NO_REQUEST],
      ['PUT', '/requests/1234567890123/delete', NO_REQUEST],
      ['PUT', '/requests/1234567890123/extend', NO_REQUEST],
      ['POST', '/requests/2000000492177/actions/1234567890123/embedtoken', NO_MATCH],
      ['PUT', '/templates/1234567890123', NO_TEMPLATE],
      ['POST', '/templates/1234567890123/createdocument', NO_TEMPLATE],
      ['PUT', '/users/1234567890123', NO_MATCH],
      ['PUT', '/requesttypes/1234567890123', NO_MATCH],
      ['PUT', '/accounts/webhooks/1234567890123', NO_MATCH],
    ]
    for (const [method, path, body] of cases) {
      const res = await c.api(path, garbage(method))
      expect(res.status, `${method} ${path}`).toBe(400)
      expect(res.body, `${method} ${path}`).toEqual(body)
    }
    const draft = await c.draft({ request_name: uniq('order') })
    expect((await c.api(`/requests/${str(draft.request_id)}`, garbage('PUT'))).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
  })

  it('§5.1 step 7: every action’s required recipient keys (9008) come before types (9039), ids (9004) and files (9020)', async () => {
    const draft = await c.draft({ request_name: uniq('required first') })
    const put = async (requests: object) =>
      (await c.api(`/requests/${str(draft.request_id)}`, form({ data: data({ requests }) }, 'PUT'))).body
    const NAMELESS = failure(9008, 'recipient_name occurs less than minimum occurance of 1', 'recipient_name')
    const nameless = { recipient_email: 'nameless@example.test' }
    expect(await put({ folder_id: '1234567890123', actions: [nameless] })).toEqual(NAMELESS)
    expect(await put({ is_sequential: 'yes', actions: [nameless] })).toEqual(NAMELESS)
    expect(await put({ actions: [{ recipient_name: 'Bad Mail', recipient_email: 'not-an-email' }, nameless] })).toEqual(NAMELESS)
    expect(await put({ actions: [{ action_id: '1234567890123' }, nameless] })).toEqual(NAMELESS)
    expect(await put({ actions: [{ recipient_name: 'No Mail' }] })).toEqual(
      failure(9008, 'recipient_email occurs less than minimum occurance of 1', 'recipient_email'),
    )
    const evil = await c.api(
      '/requests',
      multipart([['evil.exe', new Uint8Array([1, 2, 3])]], {
        data: data({ requests: { request_name: uniq('evil'), actions: [nameless] } }),
      }),
    )
    expect(evil.body).toEqual(NAMELESS)
    // Types still come before ids, and an update of a stored action keeps its stored recipients.
    expect(await put({ folder_id: '1234567890123', is_sequential: 'yes' })).toEqual(failure(9039, 'Unable to process your request'))
    const added = await c.api(
      `/requests/${str(draft.request_id)}`,
      form({ data: data({ requests: { actions: [{ recipient_name: 'Kept', recipient_email: 'kept@example.test' }] } }) }, 'PUT'),
    )
    const kept = str(at(added.body, 'requests', 'actions', 0, 'action_id'))
    expect(
      (
        await c.api(
          `/requests/${str(draft.request_id)}`,
          form({ data: data({ requests: { actions: [{ action_id: kept, private_notes: 'hi' }] } }) }, 'PUT'),
        )
      ).status,
    ).toBe(200)
  })

  it('§5.1 step 7: action types (9039) before ids (9004), ids before files (9020)', async () => {
    const draft = await c.draft({ request_name: uniq('types first') })
    const path = `/requests/${str(draft.request_id)}`
    const put = async (requests: object) => (await c.api(path, form({ data: data({ requests }) }, 'PUT'))).body
    const UNABLE = failure(9039, 'Unable to process your request')
    const NO_MATCH = failure(9004, 'No match found')
    const badMail = { recipient_name: 'Bad Mail', recipient_email: 'not-an-email' }
    expect(await put({ folder_id: '1234567890123', actions: [badMail] })).toEqual(UNABLE)
    expect(await put({ actions: [{ action_id: '1234567890123' }, badMail] })).toEqual(UNABLE)
    expect(await put({ deleted_actions: ['1234567890123'], actions: [{ ...badMail, signing_order: 'first' }] })).toEqual(UNABLE)
    const evil: [string, Uint8Array][] = [['evil.exe', new Uint8Array([1, 2, 3])]]
    expect(
      (await c.api('/requests', multipart(evil, { data: data({ requests: { request_name: uniq('evil'), actions: [badMail] } }) }))).body,
    ).toEqual(UNABLE)
    expect(
      (await c.api(path, multipart(evil, { data: data({ requests: { actions: [{ action_id: '1234567890123' }] } }) }, 'PUT'))).body,
    ).toEqual(NO_MATCH)
    expect((await c.api(path, multipart(evil, { data: data({ requests: { deleted_actions: ['1234567890123'] } }) }, 'PUT'))).body).toEqual(
      NO_MATCH,
    )
    expect((await c.api(path, multipart(evil, { data: data({ requests: { notes: 'fine' } }) }, 'PUT'))).body).toEqual(
      failure(9020, 'Invalid file format'),
    )
  })

  it('§13 files: no file, bad extension, fake PDF, empty file', async () => {
    const d = data({ requests: { request_name: 'files' } })
    expect((await c.api('/requests', multipart([], { data: d }))).body).toEqual(
      failure(9008, 'file occurs less than minimum occurance of 1', 'file'),
    )
    for (const [name, bytes] of [
      ['evil.exe', new Uint8Array([1, 2, 3])],
      ['fake.pdf', new TextEncoder().encode('hello')],
      ['empty.pdf', new Uint8Array(0)],
    ] as const) {
      const res = await c.api('/requests', multipart([[name, bytes]], { data: d }))
      expect(res.status).toBe(400)
      expect(res.body).toEqual(failure(9020, 'Invalid file format'))
    }
    expect((await c.api('/requests', multipart([['a.pdf', await tinyPdf()]], { data: data({ request: {} }) }))).body).toEqual(
      failure(9008, 'requests occurs less than minimum occurance of 1', 'requests'),
    )
    expect((await c.api('/requests', multipart([['a.pdf', await tinyPdf()]], { data: data({ requests: {} }) }))).body).toEqual(
      failure(9008, 'request_name occurs less than minimum occurance of 1', 'request_name'),
    )
  })

  it('9015 page_context problems; 9039 bad list JSON', async () => {
    const rows = await c.api(`/requests${q({ data: data({ page_context: { rows: 5 } }) })}`)
    expect(rows.body).toEqual(failure(9015, 'Extra key found', 'data[page_context][rows]'))
    const col = await c.api(`/requests${q({ data: data({ page_context: { sort_column: 'bogus' } }) })}`)
    expect(col.body.error_param).toBe('data[page_context][sort_column]')
    const search = await c.api(`/requests${q({ data: data({ page_context: { search_columns: { nope: 'x' } } }) })}`)
    expect(search.body.error_param).toBe('data[page_context][search_columns][nope]')
    expect((await c.api(`/requests${q({ data: '{' })}`)).body).toEqual(failure(9039, 'Unable to process your request'))
    expect((await c.api(`/users${q({ data: data({ page_context: { bogus: 1 } }) })}`)).body.code).toBe(9015)
  })
}

eachDoor('zoho errors', suite, { clock: CLOCK })
