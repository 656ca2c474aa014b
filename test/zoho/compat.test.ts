import { expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { at, obj, objs, str, type JsonObject } from '../helpers/json.js'
import { CLOCK, client, data, failure, form, multipart, q, tinyPdf, uniq } from './helpers.js'

/** Real-client compatibility (checklist 68–76): lenient values, default names, self-sign, my requests, document delete, file names. */

function suite(door: Door) {
  const ws = door.workspace('zoho-compat')
  const c = client(door, ws)
  let lenient: JsonObject
  let selfSigned = ''
  let pending = ''

  it('68. SDK-style create: strings for booleans, nulls, echoed output keys, omitted defaults', async () => {
    lenient = await c.draft({
      request_name: uniq('lenient'),
      is_sequential: 'true',
      validity: -1,
      custom_data: 'Sent Using Zoho Sign NODE JS  SDK.',
      is_bulk: null,
      document_ids: [{ document_name: 'ignored.pdf' }],
      actions: [
        { action_type: 'SIGN', recipient_name: 'Lena Lenient', recipient_email: 'lena.lenient@example.test', is_embedded: 'true' },
        { action_type: 'SIGN', recipient_name: 'Luke Lenient', recipient_email: 'luke.lenient@example.test', signing_order: 1 },
      ],
    })
    expect(lenient).toMatchObject({ request_status: 'draft', is_sequential: true, email_reminders: false, notes: '', self_sign: false })
    expect(lenient.document_ids).toHaveLength(1)
    expect(at(lenient, 'actions', 0)).toMatchObject({
      recipient_name: 'Lena Lenient',
      signing_order: 0,
      is_embedded: true,
      verify_recipient: false,
    })
    expect(at(lenient, 'actions', 1)).toMatchObject({ recipient_name: 'Luke Lenient', signing_order: 1 })
  })

  it('69. "zero" is no page; names, label, geometry and text_property defaults', async () => {
    const [lena, luke] = objs(lenient.actions)
    const doc = at(lenient, 'document_ids', 0, 'document_id')
    const bad = await c.api(
      `/requests/${lenient.request_id}`,
      form(
        {
          data: data({
            requests: {
              actions: [
                {
                  action_id: lena.action_id,
                  fields: [
                    {
                      field_type_name: 'Signature',
                      document_id: doc,
                      page_no: 'zero',
                      x_coord: 72,
                      y_coord: 650,
                      abs_width: 153,
                      abs_height: 40,
                    },
                  ],
                },
              ],
            },
          }),
        },
        'PUT',
      ),
    )
    expect(bad.body).toEqual(failure(4021, 'Something went wrong. One or more fields contain errors.'))
    const lenaFields = [
      {
        field_type_name: 'Signature',
        document_id: doc,
        page_no: '0',
        is_mandatory: 'true',
        x_coord: 72,
        y_coord: 650,
        abs_width: 153,
        abs_height: 40,
        x_value: '5',
        y_value: '10',
        width: '22',
        height: '1.5',
      },
      {
        field_type_name: 'Textfield',
        field_name: 'Company',
        document_id: doc,
        page_no: 0,
        x_value: '10',
        y_value: '20',
        width: '30',
        height: '3',
      },
    ]
    const lukeFields = [
      { field_type_name: 'Signature', document_id: doc, page_no: 0, x_coord: 300, y_coord: 650, abs_width: 153, abs_height: 40 },
    ]
    const r = await c.api(
      `/requests/${lenient.request_id}/submit`,
      form({
        data: data({
          requests: {
            actions: [
              { action_id: lena.action_id, fields: lenaFields },
              { action_id: luke.action_id, fields: lukeFields },
            ],
          },
        }),
      }),
    )
    expect(r.status).toBe(200)
    expect(at(r.body, 'requests', 'request_status')).toBe('inprogress')
    const [a, b] = objs(at(r.body, 'requests', 'actions'))
    expect(at(a, 'fields', 0)).toMatchObject({ field_name: 'Signature - 1', field_label: 'Signature - 1', x_coord: 72, is_mandatory: true })
    expect('x_value' in obj(at(a, 'fields', 0))).toBe(false)
    expect(at(a, 'fields', 1, 'text_property')).toEqual({
      is_italic: false,
      is_underline: false,
      font_color: '000000',
      font_size: 11,
      is_read_only: false,
      is_bold: false,
      font: 'Arial',
    })
    expect(at(a, 'fields', 1)).toMatchObject({ x_value: 10, y_value: 20, width: 30, height: 3 })
    expect(at(b, 'fields', 0, 'field_name')).toBe('Signature - 2')
  })

  it('70. list filters and sort columns SDK callers use', async () => {
    expect((await c.api(`/requests${q({ data: data({ page_context: { sort_column: 'owner_first_name' } }) })}`)).status).toBe(200)
    for (const status of ['onhold', 'archived', 'shredded']) {
      const r = await c.api(`/requests${q({ request_status: status })}`)
      expect(r.status).toBe(200)
      expect(r.body.requests).toEqual([])
      expect(at(r.body, 'page_context', 'total_count')).toBe(0)
    }
    expect((await c.api(`/requests${q({ request_status: 'bogus' })}`)).body).toEqual(failure(9039, 'Unable to process your request'))
    const t = await c.api(`/templates${q({ data: data({ page_context: { sort_column: 'action_time' } }) })}`)
    expect(t.status).toBe(200)
    expect(objs(t.body.templates).map((x) => x.template_id)).toContain('2000000493035')
  })

  it('§7.6 paging edges: row_count over 100 is clamped, start_index 0 is 1, digit strings and lower-case order accepted', async () => {
    const list = async (pc: object) => (await c.api(`/requests${q({ data: data({ page_context: pc }) })}`)).body
    expect(at(await list({ row_count: 500 }), 'page_context', 'row_count')).toBe(100)
    const zero = await list({ row_count: 1, start_index: 0 })
    expect(at(zero, 'page_context', 'start_index')).toBe(1)
    expect(zero.requests).toHaveLength(1)
    const lenient = await list({ row_count: '2', start_index: '1', sort_order: 'asc' })
    expect(lenient.requests).toHaveLength(2)
    expect(at(lenient, 'page_context', 'sort_order')).toBe('ASC')
    expect(await list({ row_count: 0 })).toEqual(failure(9015, 'Extra key found', 'data[page_context][row_count]'))
  })

  it('§2.3: data from a raw JSON body, from the query string; a body part wins over the query', async () => {
    const d = await c.draft({ request_name: uniq('where data') })
    const path = `/requests/${str(d.request_id)}`
    const raw = await c.api(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: data({ requests: { notes: 'raw json' } }),
    })
    expect(raw.status).toBe(200)
    expect(at(raw.body, 'requests', 'notes')).toBe('raw json')
    const query = await c.api(`${path}${q({ data: data({ requests: { notes: 'from query' } }) })}`, { method: 'PUT' })
    expect(at(query.body, 'requests', 'notes')).toBe('from query')
    const both = await c.api(
      `${path}${q({ data: data({ requests: { notes: 'query loses' } }) })}`,
      form({ data: data({ requests: { notes: 'form wins' } }) }, 'PUT'),
    )
    expect(at(both.body, 'requests', 'notes')).toBe('form wins')
    const part = await c.api(
      `${path}${q({ data: data({ requests: { notes: 'query loses' } }) })}`,
      multipart([], { data: data({ requests: { notes: 'part wins' } }) }, 'PUT'),
    )
    expect(at(part.body, 'requests', 'notes')).toBe('part wins')
  })

  it('71. files-only updates add documents (requests and templates)', async () => {
    const d = await c.draft({ request_name: uniq('add files') })
    const r = await c.api(`/requests/${d.request_id}`, multipart([['more.pdf', await tinyPdf('more')]], {}, 'PUT'))
    expect(r.status).toBe(200)
    expect(at(r.body, 'requests', 'document_ids')).toHaveLength(2)
    expect(at(r.body, 'requests', 'document_ids', 1, 'document_order')).toBe('1')
    const t = await c.api(
      '/templates',
      multipart([['t.pdf', await tinyPdf()]], { data: data({ templates: { template_name: uniq('tpl') } }) }),
    )
    const t2 = await c.api(`/templates/${at(t.body, 'templates', 'template_id')}`, multipart([['t2.pdf', await tinyPdf('t2')]], {}, 'PUT'))
    expect(at(t2.body, 'templates', 'document_ids')).toHaveLength(2)
  })

  it('73. self-sign: one owner action, submit refused, sign completes at once', async () => {
    const d = await c.draft({ request_name: uniq('self'), self_sign: true })
    expect(d.self_sign).toBe(true)
    expect(d.actions).toHaveLength(1)
    expect(at(d, 'actions', 0)).toMatchObject({
      action_type: 'SIGN',
      recipient_email: 'sam.owner@zylker.test',
      recipient_name: 'Sam Owner',
    })
    expect((await c.api(`/requests/${d.request_id}/submit`, { method: 'POST' })).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    expect((await c.api(`/requests/${d.request_id}/sign`, { method: 'POST' })).body).toEqual(
      failure(9101, 'Add at least one field for a signer.'),
    )
    const field = {
      field_type_name: 'Signature',
      document_id: at(d, 'document_ids', 0, 'document_id'),
      page_no: '0',
      x_value: '10',
      y_value: '80',
      width: '25',
      height: '5',
    }
    const r = await c.api(
      `/requests/${d.request_id}/sign`,
      form({ data: data({ requests: { actions: [{ action_id: at(d, 'actions', 0, 'action_id'), fields: { image_fields: [field] } }] } }) }),
    )
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ code: 0, request_status: 'completed', message: 'Document signed successfully', status: 'success' })
    expect(r.body.requests).toMatchObject({ request_status: 'completed', sign_percentage: 100 })
    expect(at(r.body, 'requests', 'actions', 0, 'action_status')).toBe('SIGNED')
    expect((await c.api(`/requests/${d.request_id}/sign`, { method: 'POST' })).body).toEqual(
      failure(12008, 'This document has already been submitted.'),
    )
    expect((await c.api('/requests/2000000489191/sign', { method: 'POST' })).body).toEqual(failure(9039, 'Unable to process your request'))
    selfSigned = str(d.request_id)
  })

  it('74. my requests: signed and pending items of the token’s user', async () => {
    const pc = { page_context: { row_count: 10, start_index: 1, sort_column: 'action_time', sort_order: 'DESC' } }
    const all = await c.api(`/myrequests${q({ data: data(pc) })}`)
    expect(all.body.message).toBe('Document list retrieved successfully')
    const item = objs(all.body.my_requests).find((i) => i.my_request_id === selfSigned)
    expect(item).toMatchObject({ my_status: 'SIGNED', request_status: 'completed', requester_email: 'sam.owner@zylker.test' })
    expect(typeof at(all.body, 'page_context', 'total_count')).toBe('number')
    const sent = await c.sent(uniq('to owner'), [{ name: 'Sam Owner', email: 'sam.owner@zylker.test' }])
    pending = str(sent.request_id)
    const mine = await c.api(`/myrequests${q({ data: data(pc), request_status: 'my_pending' })}`)
    const ids = objs(mine.body.my_requests).map((i) => i.my_request_id)
    expect(ids).toContain(pending)
    expect(ids).not.toContain(selfSigned)
    const p = objs(mine.body.my_requests).find((i) => i.my_request_id === pending)
    expect(p).toMatchObject({ my_status: 'UNOPENED', action_type: 'SIGN' })
    expect(p?.sign_id).toBeTruthy()
    expect((await c.api(`/myrequests${q({ request_status: 'bogus' })}`)).body).toEqual(failure(9039, 'Unable to process your request'))
  })

  it('75. delete one document of a draft', async () => {
    const d = await c.draft({ request_name: uniq('two') }, [
      ['first.pdf', await tinyPdf('1')],
      ['second.pdf', await tinyPdf('2')],
    ])
    const [first, second] = objs(d.document_ids)
    expect((await c.api(`/documents/${first.document_id}/delete`, { method: 'DELETE' })).body).toEqual({
      code: 0,
      message: 'Document has been deleted',
      status: 'success',
    })
    const after = obj((await c.api(`/requests/${d.request_id}`)).body.requests, 'requests')
    expect(after.document_ids).toHaveLength(1)
    expect(at(after, 'document_ids', 0)).toMatchObject({ document_id: second.document_id, document_order: '0' })
    expect((await c.api(`/documents/${second.document_id}/delete`, { method: 'DELETE' })).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    const sent = obj((await c.api(`/requests/${pending}`)).body.requests, 'requests')
    expect((await c.api(`/documents/${at(sent, 'document_ids', 0, 'document_id')}/delete`, { method: 'PUT' })).body).toEqual(
      failure(12008, 'This document has already been submitted.'),
    )
    expect((await c.api('/documents/1234567890123/delete', { method: 'DELETE' })).body).toEqual(failure(9004, 'No match found'))
    // R17: a template's document is no request document (9004); a trashed request's document → 4066.
    expect((await c.api('/documents/2000000493029/delete', { method: 'DELETE' })).body).toEqual(failure(9004, 'No match found'))
    const trashed = await c.draft({ request_name: uniq('trashed two') }, [
      ['a.pdf', await tinyPdf('a')],
      ['b.pdf', await tinyPdf('b')],
    ])
    expect((await c.api(`/requests/${str(trashed.request_id)}/delete`, { method: 'PUT' })).body.code).toBe(0)
    expect((await c.api(`/documents/${str(at(trashed, 'document_ids', 0, 'document_id'))}/delete`, { method: 'DELETE' })).body).toEqual(
      failure(4066, 'Invalid Request ID.'),
    )
  })

  it('76. Content-Disposition: ASCII filename first, exact filename* second; none on errors', async () => {
    const base = uniq('cd')
    const d = await c.draft({ request_name: `${base} q1 = déjà` })
    const res = await c.raw(`/requests/${d.request_id}/pdf`)
    const ascii = `${base} q1 _ d_j_`
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${ascii}.pdf"; filename*=UTF-8''${encodeURIComponent(`${base} q1 = déjà`)}.pdf`,
    )
    const cert = await c.raw(`/requests/${pending}/completioncertificate`)
    expect(cert.status).toBe(400)
    expect(cert.headers.get('content-disposition')).toBeNull()
  })
}

eachDoor('zoho real-client compatibility', suite, { clock: CLOCK })
