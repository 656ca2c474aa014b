import { expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { at, obj, objs, str } from '../helpers/json.js'
import { CLOCK, client, data, failure, form, multipart, q, tinyPdf, uniq } from './helpers.js'

/** Templates (checklist 58–62, 72). */

const TEMPLATE = '2000000493035'
const TEMPLATE_ACTION = '2000000493038'
const TEMPLATE_ACTION_KEYS = [
  'verify_recipient',
  'role',
  'action_id',
  'action_type',
  'private_notes',
  'recipient_email',
  'signing_order',
  'verification_type',
  'fields',
  'recipient_name',
  'recipient_phonenumber',
  'recipient_countrycode',
]
const tina = {
  action_id: TEMPLATE_ACTION,
  action_type: 'SIGN',
  recipient_name: 'Tina Template',
  recipient_email: 'tina.template@example.test',
  verify_recipient: false,
}

function suite(door: Door) {
  const ws = door.workspace('zoho-templates')
  const c = client(door, ws)

  it('58. list', async () => {
    const r = await c.api(`/templates${q({ data: data({ page_context: { row_count: 10, start_index: 1 } }) })}`)
    expect(r.body.message).toBe('Template list retrieved successfully')
    expect(objs(r.body.templates).map((t) => t.template_id)).toContain(TEMPLATE)
    expect(at(r.body, 'page_context', 'total_count')).toBeGreaterThanOrEqual(1)
    expect('document_fields' in obj(at(r.body, 'templates', 0))).toBe(false)
    // §7.7 / the seed's list example: template actions carry exactly these keys (no request-action keys such as is_embedded).
    const seeded = objs(r.body.templates).find((t) => t.template_id === TEMPLATE)
    expect(Object.keys(obj(at(seeded, 'actions', 0)))).toEqual(TEMPLATE_ACTION_KEYS.filter((k) => k !== 'fields'))
  })

  it('59. get (seed message quirk) and unknown → 20405', async () => {
    const r = await c.api(`/templates/${TEMPLATE}`)
    expect(r.body.message).toBe('Template list retrieved successfully')
    expect(at(r.body, 'templates', 'template_name')).toBe('Template 1')
    expect(at(r.body, 'templates', 'actions', 0, 'action_id')).toBe(TEMPLATE_ACTION)
    expect(Object.keys(obj(at(r.body, 'templates', 'actions', 0)))).toEqual(TEMPLATE_ACTION_KEYS)
    expect(at(r.body, 'templates', 'document_fields', 0, 'fields', 0, 'field_label')).toBe('Customer Company')
    expect(at(r.body, 'templates', 'document_fields', 0, 'fields', 0, 'text_property')).toEqual({
      is_italic: false,
      is_underline: false,
      font_color: '000000',
      font_size: 11,
      is_read_only: false,
      is_bold: false,
      font: 'Arial',
    })
    const bad = await c.api('/templates/1234567890123')
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual(failure(20405, 'Invalid Template ID.'))
  })

  it('60. createdocument with quick send → inprogress', async () => {
    const name = uniq('from template')
    const r = await c.api(
      `/templates/${TEMPLATE}/createdocument`,
      form({
        data: data({ templates: { request_name: name, field_data: { field_text_data: { 'Customer Company': 'Acme' } }, actions: [tina] } }),
        is_quicksend: 'true',
      }),
    )
    expect(r.status).toBe(200)
    expect(r.body.code).toBe(0)
    expect('message' in r.body).toBe(false)
    const req = obj(r.body.requests, 'requests')
    expect(req.request_status).toBe('inprogress')
    expect(req.request_name).toBe(name)
    expect(at(req, 'actions', 0)).toMatchObject({ recipient_email: 'tina.template@example.test', action_status: 'UNOPENED' })
    expect(at(req, 'actions', 0, 'action_id')).not.toBe(TEMPLATE_ACTION)
    const pdf = await c.raw(`/requests/${req.request_id}/pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
  })

  it('61. createdocument: draft without quick send; 9056; 9008 wrapper; unknown template', async () => {
    const draft = await c.api(`/templates/${TEMPLATE}/createdocument`, form({ data: data({ templates: { actions: [tina] } }) }))
    expect(at(draft.body, 'requests', 'request_status')).toBe('draft')
    expect(at(draft.body, 'requests', 'request_name')).toBe('Template 1')
    const two = await c.api(
      `/templates/${TEMPLATE}/createdocument`,
      form({ data: data({ templates: { actions: [tina, { ...tina, action_id: undefined, recipient_email: 'x@example.test' }] } }) }),
    )
    expect(two.body).toEqual(failure(9056, 'Action array size mismatch from the templates.'))
    expect((await c.api(`/templates/${TEMPLATE}/createdocument`, form({ data: data({ template: {} }) }))).body).toEqual(
      failure(9008, 'templates occurs less than minimum occurance of 1', 'templates'),
    )
    expect((await c.api('/templates/1234567890123/createdocument', form({ data: data({ templates: { actions: [tina] } }) }))).body).toEqual(
      failure(20405, 'Invalid Template ID.'),
    )
    expect(
      (
        await c.api(
          `/templates/${TEMPLATE}/createdocument`,
          form({ data: data({ templates: { actions: [{ ...tina, action_id: '1234567890123' }] } }) }),
        )
      ).body,
    ).toEqual(failure(9004, 'No match found'))
  })

  it('§5.1 / §6.4 order in createdocument: required keys → types → ids → 9056 state guard', async () => {
    const send = (templates: object) => c.api(`/templates/${TEMPLATE}/createdocument`, form({ data: data({ templates }) }))
    const nameless = { action_type: 'SIGN', recipient_email: 'nameless@example.test' }
    expect((await send({ actions: [{ ...tina, action_id: '1234567890123' }, nameless] })).body).toEqual(
      failure(9008, 'recipient_name occurs less than minimum occurance of 1', 'recipient_name'),
    )
    expect(
      (
        await send({
          actions: [
            { ...tina, action_id: '1234567890123' },
            { ...tina, action_id: undefined, recipient_email: 'not-an-email' },
          ],
        })
      ).body,
    ).toEqual(failure(9039, 'Unable to process your request'))
    expect((await send({ field_data: { field_text_data: 'oops' }, actions: [tina, { ...tina, action_id: undefined }] })).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    expect(
      (await send({ field_data: { field_text_data: { 'Customer Company': ['x'] } }, actions: [tina, { ...tina, action_id: undefined }] }))
        .body,
    ).toEqual(failure(9039, 'Unable to process your request'))
    expect(
      (
        await send({
          actions: [
            { ...tina, action_id: '1234567890123' },
            { ...tina, action_id: undefined },
          ],
        })
      ).body,
    ).toEqual(failure(9004, 'No match found'))
  })

  it('§5.1 order in T1/T2: action types (9039) before ids (9004), ids before files (9020)', async () => {
    const evil: [string, Uint8Array][] = [['evil.exe', new Uint8Array([1, 2, 3])]]
    const badMail = { action_type: 'SIGN', role: 'Signer', recipient_email: 'not-an-email' }
    const created = await c.api(
      '/templates',
      multipart(evil, { data: data({ templates: { template_name: uniq('evil'), actions: [badMail] } }) }),
    )
    expect(created.body).toEqual(failure(9039, 'Unable to process your request'))
    const t = await c.api(
      '/templates',
      multipart([['t.pdf', await tinyPdf()]], { data: data({ templates: { template_name: uniq('order') } }) }),
    )
    const path = `/templates/${str(at(t.body, 'templates', 'template_id'))}`
    expect(
      (await c.api(path, form({ data: data({ templates: { folder_id: '1234567890123', actions: [badMail] } }) }, 'PUT'))).body,
    ).toEqual(failure(9039, 'Unable to process your request'))
    expect(
      (await c.api(path, multipart(evil, { data: data({ templates: { actions: [{ action_id: '1234567890123' }] } }) }, 'PUT'))).body,
    ).toEqual(failure(9004, 'No match found'))
  })

  it('62. create, update, delete a template', async () => {
    const created = await c.api(
      '/templates',
      multipart([['tpl.pdf', await tinyPdf()]], {
        data: data({
          templates: { template_name: 'Acceptance template', actions: [{ action_type: 'SIGN', role: 'Signer', signing_order: 0 }] },
        }),
      }),
    )
    expect(created.body.message).toBe('Template has been added ')
    const id = str(at(created.body, 'templates', 'template_id'))
    expect(id).toMatch(/^\d+$/)
    const upd = await c.api(`/templates/${id}`, form({ data: data({ templates: { template_name: 'Acceptance template 2' } }) }, 'PUT'))
    expect(at(upd.body, 'templates', 'template_name')).toBe('Acceptance template 2')
    expect((await c.api(`/templates/${id}/delete`, { method: 'PUT' })).body).toEqual({
      code: 0,
      message: 'Template deleted successfully',
      status: 'success',
    })
    expect((await c.api(`/templates/${id}`)).body).toEqual(failure(20405, 'Invalid Template ID.'))
    expect((await c.api('/templates', multipart([], { data: data({ templates: { template_name: 'x' } }) }))).body).toEqual(
      failure(9008, 'file occurs less than minimum occurance of 1', 'file'),
    )
    expect((await c.api('/templates', multipart([['t.pdf', await tinyPdf()]], { data: data({ templates: {} }) }))).body).toEqual(
      failure(9008, 'template_name occurs less than minimum occurance of 1', 'template_name'),
    )
  })

  it('72. createdocument with the Node SDK’s shape (field objects, nulls, role, verification)', async () => {
    const obj = {
      field_label: 'Customer Company',
      field_value: null,
      default_value: null,
      field_category: 'textfield',
      field_type_name: 'Textfield',
    }
    const r = await c.api(
      `/templates/${TEMPLATE}/createdocument`,
      form({
        data: data({
          templates: {
            request_name: uniq('sdk'),
            custom_data: 'Sent Using Zoho Sign NODE JS  SDK.',
            is_bulk: null,
            field_data: { field_text_data: { 'Customer Company': obj }, field_radio_data: { 'Customer Company': obj } },
            actions: [{ ...tina, role: '1', verify_recipient: true, verification_type: 'EMAIL' }],
          },
        }),
        is_quicksend: 'true',
      }),
    )
    expect(r.status).toBe(200)
    expect(at(r.body, 'requests', 'request_status')).toBe('inprogress')
    expect(at(r.body, 'requests', 'actions', 0)).toMatchObject({ verify_recipient: true, verification_type: 'EMAIL' })
  })
}

eachDoor('zoho templates', suite, { clock: CLOCK })
