import { afterAll, beforeAll, expect, it } from 'vitest'
import { PDFDocument } from 'pdf-lib'
import { unzipSync } from 'fflate'
import { createHmac } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { eachDoor, type Door } from '../helpers/doors.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { ControlClientError } from '../../src/index.js'
import { at, obj, objs, parseJson, str, type JsonObject } from '../helpers/json.js'
import { CLOCK, client, data, failure, form, multipart, q, tinyPdf, uniq, emails } from './helpers.js'

/** A request from upload to completed, downloads, recall/remind/delete/extend/expire/decline/embed (checklist 33–57). */

/** pdf-lib writes drawn text as hex strings (`<41636D65> Tj`), possibly inside a Flate stream. */
function pdfHasText(bytes: Uint8Array, text: string): boolean {
  const hex = Buffer.from(text, 'latin1').toString('hex').toUpperCase()
  const raw = Buffer.from(bytes).toString('latin1')
  if (raw.includes(text) || raw.toUpperCase().includes(hex)) return true
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    try {
      const inflated = inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1')
      if (inflated.includes(text) || inflated.toUpperCase().includes(hex)) return true
    } catch {
      // not a Flate stream
    }
  }
  return false
}

const SECRET = 'acceptance-hmac-secret'
const ACTION_NOTIFICATION_KEYS = [
  'performed_by_email',
  'performed_at',
  'reason',
  'activity',
  'operation_type',
  'action_id',
  'performed_by_name',
  'signing_order',
  'ip_address',
]
const OWNER_NOTIFICATION_KEYS = ACTION_NOTIFICATION_KEYS.filter((k) => k !== 'action_id' && k !== 'signing_order')
const sig = (doc: string, extra: JsonObject = {}) => ({
  field_type_name: 'Signature',
  document_id: doc,
  page_no: 0,
  x_coord: 72,
  y_coord: 650,
  abs_width: 153,
  abs_height: 40,
  ...extra,
})

async function simulateError(p: Promise<unknown>): Promise<{ status: number; error: string }> {
  try {
    await p
  } catch (err) {
    if (err instanceof ControlClientError) return { status: err.status, error: (err.body as { error: string }).error }
    throw err
  }
  throw new Error('simulate call succeeded')
}

function suite(door: Door) {
  const ws = door.workspace('zoho-life')
  const c = client(door, ws)
  let receiver: Receiver
  const name = uniq('Acceptance NDA')
  let id = ''
  let doc = ''
  let A = ''
  let B = ''

  beforeAll(async () => {
    receiver = await startReceiver('/zoho-hook')
    const settings = data({ webhook_security_type: 'HMAC', hmac_security_info: { secret_key: SECRET } })
    const hook = await c.api(
      '/accounts/webhooks',
      form({
        webhook_url: receiver.url,
        webhook_actions: 'Sent,Viewed,Sign,Completed,Decline,Recalled,Expired,Forward',
        purpose: 'acceptance',
        webhook_security_settings: settings,
      }),
    )
    expect(hook.body.code).toBe(0)
  })
  afterAll(() => receiver.close())

  it('33–34. create a draft from an upload; a .exe is refused', async () => {
    const pdf = await tinyPdf()
    const r = await c.api(
      '/requests',
      multipart([['acceptance.pdf', pdf]], {
        data: data({ requests: { request_name: name, is_sequential: true, expiration_days: 10, notes: 'acc' } }),
      }),
    )
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ code: 0, message: 'Document has been added', status: 'success' })
    const req = obj(r.body.requests, 'requests')
    expect(req).toMatchObject({ request_status: 'draft', owner_id: '2000000002002', request_type_id: '2000000000135', actions: [] })
    expect(req.request_id).toMatch(/^2000000\d{6}$/)
    expect(at(req, 'document_ids', 0)).toMatchObject({
      document_name: 'acceptance.pdf',
      document_size: pdf.byteLength,
      document_order: '0',
      total_pages: 1,
    })
    id = str(req.request_id)
    doc = str(at(req, 'document_ids', 0, 'document_id'))
    const exe = await c.api('/requests', multipart([['evil.exe', pdf]], { data: data({ requests: { request_name: 'evil' } }) }))
    expect(exe.status).toBe(400)
    expect(exe.body).toEqual(failure(9020, 'Invalid file format'))
  })

  it('35. malformed data, wrong wrapper, read-only action_status, bad page', async () => {
    expect((await c.api(`/requests/${id}`, form({ data: '{"requests":' }, 'PUT'))).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    expect((await c.api(`/requests/${id}`, form({ data: data({ request: {} }) }, 'PUT'))).body).toEqual(
      failure(9008, 'requests occurs less than minimum occurance of 1', 'requests'),
    )
    const extra = await c.api(
      `/requests/${id}`,
      form(
        { data: data({ requests: { actions: [{ recipient_name: 'X', recipient_email: 'x@example.test', action_status: 'SIGNED' }] } }) },
        'PUT',
      ),
    )
    expect(extra.body).toEqual(failure(9043, 'Extra key found', 'action_status'))
    const page = await c.api(
      `/requests/${id}`,
      form(
        {
          data: data({
            requests: { actions: [{ recipient_name: 'X', recipient_email: 'x@example.test', fields: [sig(doc, { page_no: 5 })] }] },
          }),
        },
        'PUT',
      ),
    )
    expect(page.status).toBe(400)
    expect(page.body).toEqual(failure(4021, 'Something went wrong. One or more fields contain errors.'))
    expect(at((await c.api(`/requests/${id}`)).body, 'requests', 'actions')).toEqual([])
  })

  it('36. add signer A (3 fields) and signer B', async () => {
    const text = {
      field_type_name: 'Textfield',
      field_name: 'Company',
      document_id: doc,
      page_no: 0,
      x_coord: 72,
      y_coord: 100,
      abs_width: 200,
      abs_height: 20,
    }
    const nameField = {
      field_type_name: 'Name',
      field_name: 'Full name',
      document_id: doc,
      page_no: 0,
      x_coord: 72,
      y_coord: 130,
      abs_width: 200,
      abs_height: 20,
    }
    const r = await c.api(
      `/requests/${id}`,
      form(
        {
          data: data({
            requests: {
              actions: [
                {
                  action_type: 'SIGN',
                  recipient_name: 'Alice Signer',
                  recipient_email: 'alice@example.test',
                  signing_order: 0,
                  fields: [sig(doc), nameField, text],
                },
                { action_type: 'SIGN', recipient_name: 'Bob Signer', recipient_email: 'bob@example.test', signing_order: 1 },
              ],
            },
          }),
        },
        'PUT',
      ),
    )
    expect(r.status).toBe(200)
    expect(r.body.code).toBe(0)
    expect('message' in r.body).toBe(false)
    const actions = objs(at(r.body, 'requests', 'actions'))
    expect(actions).toHaveLength(2)
    A = str(actions[0].action_id)
    B = str(actions[1].action_id)
    expect(A).toMatch(/^\d+$/)
    expect(objs(actions[0].fields).map((f: JsonObject) => f.field_category)).toEqual(['image', 'textfield', 'textfield'])
    for (const f of objs(actions[0].fields)) expect(f.field_id).toMatch(/^\d+$/)
  })

  it('37–39. submit needs fields for every signer; then inprogress; then 12008', async () => {
    expect((await c.api(`/requests/${id}/submit`, { method: 'POST' })).body).toEqual(failure(9101, 'Add at least one field for a signer.'))
    const date = { field_type_name: 'Date', document_id: doc, page_no: 0, x_coord: 300, y_coord: 650, abs_width: 100, abs_height: 20 }
    const r = await c.api(
      `/requests/${id}/submit`,
      form({ data: data({ requests: { actions: [{ action_id: B, fields: [sig(doc, { x_coord: 300, y_coord: 700 }), date] }] } }) }),
    )
    expect(r.status).toBe(200)
    const req = obj(r.body.requests, 'requests')
    expect(req.request_status).toBe('inprogress')
    expect(
      at(
        objs(req.actions).find((a: JsonObject) => a.action_id === A),
        'action_status',
      ),
    ).toBe('UNOPENED')
    expect(
      at(
        objs(req.actions).find((a: JsonObject) => a.action_id === B),
        'action_status',
      ),
    ).toBe('NOACTION')
    expect(typeof req.expire_by).toBe('number')
    expect(typeof req.sign_submitted_time).toBe('number')
    const mail = (await emails(c.control)).find((e) => e.to === 'alice@example.test')
    expect(mail?.subject).toBe(`Sam Owner has requested you to sign ${name}`)
    expect(mail?.links[0]).toContain('/zsguest?locale=en&sign_id=')
    expect(mail?.links[0].startsWith(door.base('/zoho', ws))).toBe(true)
    expect((await c.api(`/requests/${id}/submit`, { method: 'POST' })).body).toEqual(
      failure(12008, 'This document has already been submitted.'),
    )
    expect((await c.api(`/requests/${id}`, form({ data: data({ requests: { notes: 'x' } }) }, 'PUT'))).body).toEqual(
      failure(12008, 'This document has already been submitted.'),
    )
  })

  it('40–42. get, list with search/paging/status, unknown ids', async () => {
    const one = await c.api(`/requests/${id}`)
    expect(one.body.message).toBe('Document has been retrieved')
    expect(at(one.body, 'requests', 'request_status')).toBe('inprogress')
    const pc = { row_count: 10, start_index: 1, search_columns: { request_name: name }, sort_column: 'created_time', sort_order: 'DESC' }
    const list = await c.api(`/requests${q({ data: data({ page_context: pc }) })}`)
    expect(list.body.message).toBe('Document list retrieved successfully')
    expect(objs(list.body.requests).map((r) => r.request_id)).toEqual([id])
    expect(list.body.page_context).toEqual({
      sort_column: 'created_time',
      has_more_rows: false,
      start_index: 1,
      total_count: 1,
      sort_order: 'DESC',
      row_count: 10,
    })
    expect('fields' in obj(at(list.body, 'requests', 0, 'actions', 0))).toBe(false)
    const two = await c.api(`/requests${q({ data: data({ page_context: { row_count: 2, start_index: 1 } }) })}`)
    expect(two.body.requests).toHaveLength(2)
    expect(at(two.body, 'page_context', 'has_more_rows')).toBe(true)
    const drafts = await c.api(`/requests${q({ data: data({ page_context: { row_count: 100 } }), request_status: 'draft' })}`)
    const draftIds = objs(drafts.body.requests).map((r) => r.request_id)
    expect(draftIds).toContain('2000000489191')
    expect(draftIds).not.toContain(id)
    for (const bad of ['1234567890123', 'abc']) {
      const r = await c.api(`/requests/${bad}`)
      expect(r.status).toBe(400)
      expect(r.body).toEqual(failure(4066, 'Invalid Request ID.'))
    }
  })

  it('43–44. certificate/fielddata before completion → 4003; signing out of turn → 409', async () => {
    const cert = await c.raw(`/requests/${id}/completioncertificate`)
    expect(cert.status).toBe(400)
    expect(cert.headers.get('content-disposition')).toBeNull()
    expect(await cert.json()).toEqual(failure(4003, 'Access to view the document is denied.'))
    expect((await c.api(`/requests/${id}/fielddata`)).body).toEqual(failure(4003, 'Access to view the document is denied.'))
    expect(await simulateError(c.control.simulate('zoho', 'sign', { request_id: id, action_id: B }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    expect(await simulateError(c.control.simulate('zoho', 'sign', { request_id: '1234567890123', action_id: B }))).toEqual({
      status: 404,
      error: 'not_found',
    })
  })

  it('45–47. view A, sign A, sign B → completed', async () => {
    const viewed = await c.control.simulate('zoho', 'view', { request_id: id, action_id: A })
    expect(
      at(
        objs(at(viewed, 'requests', 'actions')).find((a: JsonObject) => a.action_id === A),
        'action_status',
      ),
    ).toBe('VIEWED')
    const signedA = await c.control.simulate('zoho', 'sign', {
      request_id: id,
      action_id: A,
      field_values: { Company: 'Acme Ltd' },
    })
    const r = obj(at(signedA, 'requests'), 'requests')
    expect(
      at(
        objs(r.actions).find((a: JsonObject) => a.action_id === A),
        'action_status',
      ),
    ).toBe('SIGNED')
    expect(
      at(
        objs(r.actions).find((a: JsonObject) => a.action_id === B),
        'action_status',
      ),
    ).toBe('UNOPENED')
    expect(r.request_status).toBe('inprogress')
    expect(r.sign_percentage).toBe(50)
    expect(await simulateError(c.control.simulate('zoho', 'sign', { request_id: id, action_id: A }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    const signedB = await c.control.simulate('zoho', 'sign', { request_id: id, action_id: B })
    expect(signedB.requests).toMatchObject({ request_status: 'completed', sign_percentage: 100 })
    expect(at((await c.api(`/requests/${id}`)).body, 'requests', 'request_status')).toBe('completed')
    const done = (await emails(c.control)).filter((e) => e.subject === `${name} has been completed`).map((e) => e.to)
    expect(done.sort()).toEqual(['alice@example.test', 'bob@example.test', 'sam.owner@zylker.test'])
  })

  it('48. the receiver got every event, signed with HMAC-SHA256 of the raw body', async () => {
    await c.control.flushOutbox()
    const mine = receiver.received.filter((r) => at(parseJson(r.body), 'requests', 'request_id') === id)
    const ops = mine.map((r) => at(parseJson(r.body), 'notifications', 'operation_type'))
    for (const op of ['RequestSubmitted', 'RequestViewed', 'RequestSigningSuccess', 'RequestCompleted']) expect(ops).toContain(op)
    expect(ops.indexOf('RequestSubmitted')).toBe(0)
    expect(ops.at(-1)).toBe('RequestCompleted')
    for (const r of mine) {
      expect(r.headers['x-zs-webhook-signature']).toBe(createHmac('sha256', SECRET).update(r.body).digest('base64'))
      expect(r.headers['content-type']).toBe('application/json;charset=UTF-8')
      expect(r.headers['user-agent']).toBe('esign-sandbox-zoho-webhook')
      const body = obj(parseJson(r.body))
      expect(typeof at(body, 'requests', 'request_id')).toBe('string')
      if (at(body, 'notifications', 'operation_type') === 'RequestSigningSuccess')
        expect(typeof at(body, 'notifications', 'action_id')).toBe('number')
      // §9.2 / the seed's webhook example: action events name the action; the owner's RequestSubmitted has no action_id/signing_order.
      const owners = at(body, 'notifications', 'operation_type') === 'RequestSubmitted'
      expect(Object.keys(obj(body.notifications))).toEqual(owners ? OWNER_NOTIFICATION_KEYS : ACTION_NOTIFICATION_KEYS)
      if (at(body, 'notifications', 'operation_type') === 'RequestCompleted')
        expect(at(body, 'requests', 'request_status')).toBe('completed')
    }
    const hooks = (await c.control.outbox({ type: 'webhook' })).items
    expect(hooks.every((h) => h.type === 'webhook' && h.state === 'delivered')).toBe(true)
    expect(hooks[0]).toMatchObject({ request_id: id })
  })

  it('49. downloads are real PDFs with the signed values; bad document → 9004', async () => {
    const pdf = await c.raw(`/requests/${id}/pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const bytes = new Uint8Array(await pdf.arrayBuffer())
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1)
    expect(pdfHasText(bytes, 'Acme Ltd')).toBe(true)
    const coc = new Uint8Array(await (await c.raw(`/requests/${id}/pdf?with_coc=true`)).arrayBuffer())
    expect((await PDFDocument.load(coc)).getPageCount()).toBeGreaterThan(1)
    const one = await c.raw(`/requests/${id}/documents/${doc}/pdf`)
    expect(one.headers.get('content-disposition')).toBe(`attachment; filename="acceptance.pdf"; filename*=UTF-8''acceptance.pdf`)
    expect(new TextDecoder().decode(new Uint8Array(await one.arrayBuffer()).slice(0, 5))).toBe('%PDF-')
    const missing = await c.raw(`/requests/${id}/documents/1234567890123/pdf`)
    expect(missing.status).toBe(400)
    expect(missing.headers.get('content-disposition')).toBeNull()
    expect(await missing.json()).toEqual(failure(9004, 'No match found'))
    const cert = await c.raw(`/requests/${id}/completioncertificate`)
    expect(cert.headers.get('content-type')).toBe('application/pdf')
    expect(cert.headers.get('content-disposition')).toBe(
      `attachment; filename="Completion Certificate.pdf"; filename*=UTF-8''Completion%20Certificate.pdf`,
    )
    const certBytes = new Uint8Array(await cert.arrayBuffer())
    const certDoc = await PDFDocument.load(certBytes)
    expect(certDoc.getTitle()).toBe('Completion Certificate')
    expect(pdfHasText(certBytes, 'Alice Signer')).toBe(true)
  })

  it('50. field data of the completed request', async () => {
    const r = await c.api(`/requests/${id}/fielddata`)
    const fd = obj(r.body.document_form_data, 'document_form_data')
    expect(fd.request_name).toBe(name)
    expect(typeof fd.zsdocumentid).toBe('string')
    expect(fd.actions).toHaveLength(2)
    expect(at(fd, 'actions', 0, 'fields')).toContainEqual({ field_label: 'Company', field_value: 'Acme Ltd' })
    expect(at(fd, 'actions', 0, 'fields')).toContainEqual({ field_label: 'Full name', field_value: 'Alice Signer' })
    expect(objs(at(fd, 'actions', 0, 'fields')).some((f: JsonObject) => f.field_label === 'Signature')).toBe(false)
    expect(at(fd, 'actions', 0, 'signed_time')).toMatch(/^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2} UTC$/)
  })

  it('51. two documents → a ZIP; merge=true → one PDF', async () => {
    const r = await c.draft({ request_name: uniq('two docs') }, [
      ['one.pdf', await tinyPdf('one')],
      ['two.pdf', await tinyPdf('two')],
    ])
    const zip = await c.raw(`/requests/${r.request_id}/pdf`)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const zipName = `${str(r.request_name)}.zip`
    expect(zip.headers.get('content-disposition')).toBe(
      `attachment; filename="${zipName}"; filename*=UTF-8''${encodeURIComponent(zipName)}`,
    )
    const bytes = new Uint8Array(await zip.arrayBuffer())
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const entries = unzipSync(bytes)
    expect(Object.keys(entries).sort()).toEqual(['one.pdf', 'two.pdf'])
    expect((await PDFDocument.load(entries['one.pdf'])).getPageCount()).toBe(1)
    const merged = await c.raw(`/requests/${r.request_id}/pdf?merge=true`)
    expect(merged.headers.get('content-type')).toBe('application/pdf')
    const pdfName = `${str(r.request_name)}.pdf`
    expect(merged.headers.get('content-disposition')).toBe(
      `attachment; filename="${pdfName}"; filename*=UTF-8''${encodeURIComponent(pdfName)}`,
    )
    expect((await PDFDocument.load(new Uint8Array(await merged.arrayBuffer()))).getPageCount()).toBe(2)
  })

  it('52. recall', async () => {
    const r2 = await c.sent(uniq('R2'), [{ name: 'Rita', email: 'rita@example.test' }])
    const rec = await c.api(`/requests/${r2.request_id}/recall`, form({ reason: 'acc recall' }))
    expect(Object.keys(rec.body)).toEqual(['code', 'action_time', 'message', 'status'])
    expect(rec.body).toMatchObject({ code: 0, message: 'Document has been recalled', status: 'success' })
    expect(typeof rec.body.action_time).toBe('number')
    expect(at((await c.api(`/requests/${r2.request_id}`)).body, 'requests', 'request_status')).toBe('recalled')
    const recalledMail = (await emails(c.control)).filter((e) => e.kind === 'recalled' && e.request_id === r2.request_id)
    expect(recalledMail.map((e) => [e.to, e.subject])).toEqual([['rita@example.test', `${str(r2.request_name)} has been recalled`]])
    expect((await c.api(`/requests/${r2.request_id}/recall`, { method: 'POST' })).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    expect((await c.api(`/requests/${r2.request_id}/remind`, { method: 'POST' })).body.code).toBe(9039)
    await c.control.flushOutbox()
    const event = receiver.received
      .map((x) => obj(parseJson(x.body)))
      .find((b) => at(b, 'requests', 'request_id') === r2.request_id && at(b, 'notifications', 'operation_type') === 'RequestRecalled')
    expect(at(event, 'notifications', 'reason')).toBe('acc recall')
    expect(at(event, 'notifications', 'performed_by_email')).toBe('sam.owner@zylker.test')
    expect(Object.keys(obj(at(event, 'notifications')))).toEqual(OWNER_NOTIFICATION_KEYS)
  })

  it('53–54. remind; delete needs recall_inprogress; trashed requests', async () => {
    const r3 = await c.sent(uniq('R3'), [{ name: 'Remy', email: 'remy@example.test' }])
    expect((await c.api(`/requests/${r3.request_id}/remind`, { method: 'POST' })).body).toEqual({
      code: 0,
      message: 'Reminder has been sent',
      status: 'success',
    })
    const reminder = (await emails(c.control)).find((e) => e.to === 'remy@example.test' && e.subject.startsWith('Reminder:'))
    expect(reminder).toBeDefined()
    expect((await c.api(`/requests/${r3.request_id}/delete`, { method: 'PUT' })).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    expect((await c.api(`/requests/${r3.request_id}/delete`, form({ recall_inprogress: 'true', reason: 'cleanup' }, 'PUT'))).body).toEqual({
      code: 0,
      message: 'Document deleted successfully',
      status: 'success',
    })
    expect((await c.api(`/requests/${r3.request_id}`)).body.requests).toMatchObject({ is_deleted: true, request_status: 'recalled' })
    const search = { page_context: { search_columns: { request_name: r3.request_name } } }
    expect(at((await c.api(`/requests${q({ data: data(search) })}`)).body, 'page_context', 'total_count')).toBe(0)
    expect(at((await c.api(`/requests${q({ data: data(search), request_status: 'deleted' })}`)).body, 'requests', 0, 'request_id')).toBe(
      r3.request_id,
    )
    expect((await c.api(`/requests/${r3.request_id}/delete`, { method: 'PUT' })).body).toEqual(failure(4066, 'Invalid Request ID.'))
  })

  it('55–56. expire and extend; decline', async () => {
    const r4 = await c.sent(uniq('R4'), [{ name: 'Erin', email: 'erin@example.test' }])
    const expired = await c.control.simulate('zoho', 'expire', { request_id: str(r4.request_id) })
    expect(at(expired, 'requests', 'request_status')).toBe('expired')
    expect((await c.api(`/requests/${r4.request_id}/extend`, form({ expire_by: '2099-12-31' }, 'PUT'))).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    expect((await c.api(`/requests/${r4.request_id}/extend`, form({ expire_by: '31 December 2099' }, 'PUT'))).body).toEqual({
      code: 0,
      message: 'Document validity has been extended',
      status: 'success',
    })
    const after = (await c.api(`/requests/${r4.request_id}`)).body.requests
    expect(after).toMatchObject({ request_status: 'inprogress', expire_by: 4102444740000 })
    const declined = await c.control.simulate('zoho', 'decline', {
      request_id: str(r4.request_id),
      action_id: str(at(after, 'actions', 0, 'action_id')),
      reason: 'Not today',
    })
    expect(declined.requests).toMatchObject({ request_status: 'declined', decline_reason: 'Not today' })
    const ownerMail = (await emails(c.control)).filter(
      (e) => e.request_id === r4.request_id && (e.kind === 'declined' || e.kind === 'expired'),
    )
    expect(ownerMail.map((e) => [e.kind, e.to, e.subject]).sort()).toEqual([
      ['declined', 'sam.owner@zylker.test', `${str(r4.request_name)} has been declined`],
      ['expired', 'sam.owner@zylker.test', `${str(r4.request_name)} has expired`],
    ])
    await c.control.flushOutbox()
    const bodies = receiver.received.map((x) => obj(parseJson(x.body))).filter((b) => at(b, 'requests', 'request_id') === r4.request_id)
    expect(bodies.find((b) => at(b, 'notifications', 'operation_type') === 'RequestExpired')).toBeDefined()
    expect(
      at(
        bodies.find((b) => at(b, 'notifications', 'operation_type') === 'RequestRejected'),
        'notifications',
        'reason',
      ),
    ).toBe('Not today')
  })

  it('reassign: the action goes to someone else, the old link dies, the new recipient is e-mailed; webhook Forward', async () => {
    const r = await c.sent(uniq('Reassign'), [{ name: 'Rosa Busy', email: 'rosa@example.test' }])
    const actionId = str(at(r, 'actions', 0, 'action_id'))
    const oldLink = (await emails(c.control)).filter((e) => e.request_id === r.request_id && e.to === 'rosa@example.test').at(-1)?.links[0]
    const oldSignId = new URL(String(oldLink)).searchParams.get('sign_id')
    const moved = await c.control.simulate('zoho', 'reassign', {
      request_id: str(r.request_id),
      action_id: actionId,
      recipient_name: 'Tom Deputy',
      recipient_email: 'tom@example.test',
      reason: 'On holiday',
    })
    expect(at(moved, 'requests', 'actions', 0)).toMatchObject({
      action_id: actionId,
      recipient_name: 'Tom Deputy',
      recipient_email: 'tom@example.test',
      action_status: 'UNOPENED',
    })
    const mail = (await emails(c.control)).filter((e) => e.request_id === r.request_id && e.to === 'tom@example.test')
    expect(mail.map((e) => [e.kind, e.subject])).toEqual([['sign_request', `Sam Owner has requested you to sign ${str(r.request_name)}`]])
    expect(new URL(mail[0].links[0]).searchParams.get('sign_id')).not.toBe(oldSignId)
    expect(await simulateError(c.control.simulate('zoho', 'sign', { sign_id: String(oldSignId) }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    // The dead link survives export and import (PUT /__sandbox/state checks records against the state schema).
    await c.control.putState(await c.control.state('zoho'))
    expect(await simulateError(c.control.simulate('zoho', 'sign', { sign_id: String(oldSignId) }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    await c.control.flushOutbox()
    const event = receiver.received
      .map((x) => obj(parseJson(x.body)))
      .find((b) => at(b, 'requests', 'request_id') === r.request_id && at(b, 'notifications', 'operation_type') === 'RequestForwarded')
    expect(at(event, 'notifications')).toMatchObject({
      performed_by_email: 'rosa@example.test',
      performed_by_name: 'Rosa Busy',
      reason: 'On holiday',
      activity: 'Document has been forwarded',
      action_id: Number(actionId),
    })
    // The new recipient signs from the new link; a bad address or a finished action is refused.
    const signed = await c.control.simulate('zoho', 'sign', { sign_id: String(new URL(mail[0].links[0]).searchParams.get('sign_id')) })
    expect(at(signed, 'requests', 'request_status')).toBe('completed')
    const again = { request_id: str(r.request_id), action_id: actionId, recipient_name: 'X', recipient_email: 'x@example.test' }
    expect(await simulateError(c.control.simulate('zoho', 'reassign', again))).toEqual({ status: 409, error: 'invalid_state' })
    expect(await simulateError(c.control.simulate('zoho', 'reassign', { ...again, recipient_email: 'nope' }))).toEqual({
      status: 400,
      error: 'bad_request',
    })
  })

  it('R13: expire_by must be after today (today → 9039, tomorrow ok, d MMMM yyyy accepted), missing → 9008', async () => {
    const r = await c.sent(uniq('extend today'), [{ name: 'Tess', email: 'tess@example.test' }])
    const now = new Date(Number(r.sign_submitted_time))
    const longDate = (d: Date) => `${d.getUTCDate()} ${d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${d.getUTCFullYear()}`
    const extend = async (fields: Record<string, string>) => (await c.api(`/requests/${r.request_id}/extend`, form(fields, 'PUT'))).body
    expect(await extend({ expire_by: longDate(now) })).toEqual(failure(9039, 'Unable to process your request'))
    expect(await extend({})).toEqual(failure(9008, 'expire_by occurs less than minimum occurance of 1', 'expire_by'))
    expect(await extend({ expire_by: longDate(new Date(now.getTime() + 86_400_000)) })).toEqual({
      code: 0,
      message: 'Document validity has been extended',
      status: 'success',
    })
  })

  it('§7.5 is_expiring (≤ 7 days left) and the expiring list filter', async () => {
    const soon = await c.sent(uniq('soon'), [{ name: 'Sue', email: 'sue@example.test' }], { expiration_days: 3 })
    const later = await c.sent(uniq('later'), [{ name: 'Leo', email: 'leo@example.test' }], { expiration_days: 30 })
    expect(soon.is_expiring).toBe(true)
    expect(later.is_expiring).toBe(false)
    const expiring = await c.api(`/requests${q({ data: data({ page_context: { row_count: 100 } }), request_status: 'expiring' })}`)
    const ids = objs(expiring.body.requests).map((r) => r.request_id)
    expect(ids).toContain(soon.request_id)
    expect(ids).not.toContain(later.request_id)
  })

  it('expiry on the sandbox clock', async () => {
    const w = door.workspace('zoho-clock')
    const t = client(door, w)
    const r = await t.sent(uniq('clock'), [{ name: 'Cleo', email: 'cleo@example.test' }], { expiration_days: 1 })
    await t.control.advanceClock(3 * 86_400_000)
    // Due right after the clock moved, before any API call.
    expect((await emails(t.control)).some((e) => e.subject === `${r.request_name} has expired`)).toBe(true)
    expect(at((await t.api(`/requests/${r.request_id}`)).body, 'requests', 'request_status')).toBe('expired')
  })

  it('57. embedded signing with a single-use sign_id', async () => {
    const r5 = await c.sent(
      uniq('R5'),
      [
        { name: 'Emma Embedded', email: 'emma@example.test', embedded: true },
        { name: 'Nate Normal', email: 'nate@example.test' },
      ],
      { is_sequential: false },
    )
    const [emb, normal] = objs(r5.actions)
    expect(emb.is_embedded).toBe(true)
    const tok = await c.api(`/requests/${r5.request_id}/actions/${emb.action_id}/embedtoken?host=https://app.example.test`, {
      method: 'POST',
    })
    expect(tok.body.code).toBe(0)
    expect(tok.body.sign_url).toContain('sign_id=')
    // R14: the reply's keys and the sign_url shape, on the Sign base the caller reached.
    expect(Object.keys(tok.body)).toEqual(['code', 'message', 'status', 'sign_url'])
    expect(tok.body).toMatchObject({ message: 'Embed token generated', status: 'success' })
    const url = str(tok.body.sign_url)
    expect(url.startsWith(`${door.base('/zoho', ws)}/zsguest?locale=en&sign_id=`)).toBe(true)
    expect(url.endsWith(`&action_type=SIGN&frameorigin=${encodeURIComponent('https://app.example.test')}`)).toBe(true)
    expect((await c.api(`/requests/${r5.request_id}/actions/${normal.action_id}/embedtoken`, { method: 'POST' })).body).toEqual(
      failure(9039, 'Unable to process your request'),
    )
    const signId = new URL(str(tok.body.sign_url)).searchParams.get('sign_id')
    const signed = await c.control.simulate('zoho', 'sign', { sign_id: signId })
    expect(
      at(
        objs(at(signed, 'requests', 'actions')).find((a: JsonObject) => a.action_id === emb.action_id),
        'action_status',
      ),
    ).toBe('SIGNED')
    expect(await simulateError(c.control.simulate('zoho', 'sign', { sign_id: signId }))).toEqual({ status: 409, error: 'invalid_state' })
  })
}

eachDoor('zoho request life cycle', suite, { clock: CLOCK })
