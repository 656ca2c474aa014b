import { expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { ControlClientError } from '../../src/index.js'
import { at, objs, str, type JsonObject } from '../helpers/json.js'
import { CLOCK, client, data, emails, failure, form, multipart, q, tinyPdf, uniq } from './helpers.js'

/** Control plane with Zoho: fault rules, sizes, state round trip, reset; signing variants (parallel, VIEW, APPROVER). */

async function controlStatus(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p
  } catch (err) {
    if (err instanceof ControlClientError) return [err.status, (err.body as { error: string }).error]
    throw err
  }
  return [200, 'ok']
}

function suite(door: Door) {
  it('fault rules answer the catalogue error before authentication (internal error 500 9039)', async () => {
    const ws = door.workspace('zoho-fault')
    const c = client(door, ws)
    await c.control.addFault({ vendor: 'zoho', method: 'GET', path: '/api/v1/requests/:id', error: 'zoho.internal_error', times: 1 })
    const res = await c.api('/requests/2000000489191', undefined, null)
    expect(res.status).toBe(500)
    expect(res.body).toEqual(failure(9039, 'Unable to process your request'))
    expect((await c.api('/requests/2000000489191')).status).toBe(200)
  })

  it('9018: a file over 25 MB', async () => {
    const c = client(door, door.workspace('zoho-big'))
    const big = new Uint8Array(25 * 1024 * 1024 + 10)
    big.set(new TextEncoder().encode('%PDF-1.4\n'))
    const res = await c.api('/requests', multipart([['big.pdf', big]], { data: data({ requests: { request_name: 'big' } }) }))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(failure(9018, 'File size exceeds the maximum limit'))
  })

  it('state export/import round trip and reset to fixtures', async () => {
    const ws = door.workspace('zoho-state')
    const c = client(door, ws)
    const d = await c.draft({ request_name: uniq('kept') })
    const snapshot = await c.control.state('zoho')
    await c.control.reset()
    expect((await c.api(`/requests/${d.request_id}`)).body.code).toBe(4066)
    await c.control.putState(snapshot)
    expect(at((await c.api(`/requests/${d.request_id}`)).body, 'requests', 'request_name')).toBe(d.request_name)
    const pdf = await c.raw(`/requests/${d.request_id}/pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
  })

  it('parallel signing opens every signer; VIEW never blocks; APPROVER approves', async () => {
    const c = client(door, door.workspace('zoho-variants'))
    const d = await c.draft({
      request_name: uniq('variants'),
      is_sequential: false,
      actions: [
        { action_type: 'SIGN', recipient_name: 'Pat Parallel', recipient_email: 'pat@example.test' },
        { action_type: 'APPROVER', recipient_name: 'Amy Approver', recipient_email: 'amy@example.test' },
        { action_type: 'VIEW', recipient_name: 'Vic Viewer', recipient_email: 'vic@example.test' },
      ],
    })
    const doc = at(d, 'document_ids', 0, 'document_id')
    const [pat, amy, vic] = objs(d.actions)
    const sub = await c.api(
      `/requests/${d.request_id}/submit`,
      form({
        data: data({
          requests: {
            actions: [
              {
                action_id: pat.action_id,
                fields: [
                  { field_type_name: 'Signature', document_id: doc, page_no: 0, x_coord: 10, y_coord: 10, abs_width: 100, abs_height: 30 },
                ],
              },
            ],
          },
        }),
      }),
    )
    expect(sub.status).toBe(200)
    expect(objs(at(sub.body, 'requests', 'actions')).map((a) => a.action_status)).toEqual(['UNOPENED', 'UNOPENED', 'UNOPENED'])
    // §10: APPROVER mails say "to approve"; VIEW actions get no sign request.
    const asks = (await emails(c.control)).filter((e) => e.kind === 'sign_request' && e.request_id === d.request_id)
    expect(asks.map((e) => [e.to, e.subject]).sort()).toEqual([
      ['amy@example.test', `Sam Owner has requested you to approve ${str(d.request_name)}`],
      ['pat@example.test', `Sam Owner has requested you to sign ${str(d.request_name)}`],
    ])
    expect(
      await controlStatus(c.control.simulate('zoho', 'sign', { request_id: str(d.request_id), action_id: str(vic.action_id) })),
    ).toEqual([409, 'invalid_state'])
    expect(await controlStatus(c.control.simulate('zoho', 'sign', {}))).toEqual([400, 'bad_request'])
    const approved = await c.control.simulate('zoho', 'sign', { request_id: str(d.request_id), action_id: str(amy.action_id) })
    expect(
      at(
        objs(at(approved, 'requests', 'actions')).find((a: JsonObject) => a.action_id === amy.action_id),
        'action_status',
      ),
    ).toBe('APPROVED')
    expect(at(approved, 'requests', 'sign_percentage')).toBe(50)
    const done = await c.control.simulate('zoho', 'sign', { request_id: str(d.request_id), action_id: str(pat.action_id) })
    expect(at(done, 'requests', 'request_status')).toBe('completed')
    expect(
      at(
        objs(at(done, 'requests', 'actions')).find((a: JsonObject) => a.action_id === vic.action_id),
        'allow_signing',
      ),
    ).toBe(false)
  })

  it('sequential groups: equal signing_order signs together; omitted orders follow the list', async () => {
    const c = client(door, door.workspace('zoho-groups'))
    const d = await c.draft({
      request_name: uniq('groups'),
      actions: [
        { recipient_name: 'G1', recipient_email: 'g1@example.test' },
        { recipient_name: 'G2', recipient_email: 'g2@example.test', signing_order: 0 },
        { recipient_name: 'G3', recipient_email: 'g3@example.test' },
      ],
    })
    expect(objs(d.actions).map((a) => a.signing_order)).toEqual([0, 0, 1])
    const doc = at(d, 'document_ids', 0, 'document_id')
    const actions = objs(d.actions).map((a) => ({
      action_id: a.action_id,
      fields: [{ field_type_name: 'Signature', document_id: doc, page_no: 0, x_coord: 10, y_coord: 10, abs_width: 100, abs_height: 30 }],
    }))
    const sub = await c.api(`/requests/${d.request_id}/submit`, form({ data: data({ requests: { actions } }) }))
    expect(objs(at(sub.body, 'requests', 'actions')).map((a) => a.action_status)).toEqual(['UNOPENED', 'UNOPENED', 'NOACTION'])
    const list = await c.api(`/requests${q({ data: data({ page_context: { search_columns: { recipient_email: 'g3@example' } } }) })}`)
    expect(at(list.body, 'requests', 0, 'request_id')).toBe(d.request_id)
  })

  it('in-person signing: the host gets the mail; in_person_name is needed at submit', async () => {
    const c = client(door, door.workspace('zoho-inperson'))
    const d = await c.draft({
      request_name: uniq('in person'),
      actions: [{ action_type: 'INPERSONSIGN', recipient_name: 'Hank Host', recipient_email: 'hank.host@example.test' }],
    })
    const doc = at(d, 'document_ids', 0, 'document_id')
    const action = {
      action_id: at(d, 'actions', 0, 'action_id'),
      fields: [{ field_type_name: 'Signature', document_id: doc, page_no: 0, x_coord: 10, y_coord: 10, abs_width: 100, abs_height: 30 }],
    }
    expect((await c.api(`/requests/${d.request_id}/submit`, form({ data: data({ requests: { actions: [action] } }) }))).body).toEqual(
      failure(9008, 'in_person_name occurs less than minimum occurance of 1', 'in_person_name'),
    )
    const sub = await c.api(
      `/requests/${d.request_id}/submit`,
      form({ data: data({ requests: { actions: [{ ...action, in_person_name: 'Ivy Inperson', in_person_email: 'ivy@example.test' }] } }) }),
    )
    expect(at(sub.body, 'requests', 'actions', 0)).toMatchObject({
      action_type: 'INPERSONSIGN',
      in_person_name: 'Ivy Inperson',
      in_person_email: 'ivy@example.test',
      action_status: 'UNOPENED',
    })
    const mail = (await emails(c.control)).find((e) => e.kind === 'sign_request' && e.request_id === d.request_id)
    expect(mail?.to).toBe('hank.host@example.test')
  })

  it('concurrent updates of one draft are serialised: no lost document', async () => {
    const c = client(door, door.workspace('zoho-concurrent'))
    const d = await c.draft({ request_name: uniq('concurrent') })
    const adds = await Promise.all(
      [1, 2, 3, 4].map(async (n) =>
        c.api(`/requests/${d.request_id}`, multipart([[`add-${n}.pdf`, await tinyPdf(`add ${n}`)]], {}, 'PUT')),
      ),
    )
    expect(adds.map((r) => r.status)).toEqual([200, 200, 200, 200])
    const docs = objs(at((await c.api(`/requests/${d.request_id}`)).body, 'requests', 'document_ids'))
    expect(docs.map((x) => x.document_name).sort()).toEqual(['acceptance.pdf', 'add-1.pdf', 'add-2.pdf', 'add-3.pdf', 'add-4.pdf'])
  })

  it('a PDF pdf-lib cannot read, and a .txt, download as generated PDFs (merged too)', async () => {
    const c = client(door, door.workspace('zoho-odd-files'))
    const broken = new TextEncoder().encode('%PDF-1.4\nthis is not really a pdf')
    const d = await c.draft({ request_name: uniq('odd') }, [
      ['broken.pdf', broken],
      ['notes.txt', new TextEncoder().encode('hello')],
    ])
    expect(objs(d.document_ids).map((x) => x.total_pages)).toEqual([1, 1])
    const merged = await c.raw(`/requests/${d.request_id}/pdf?merge=true`)
    expect(merged.status).toBe(200)
    expect(merged.headers.get('content-type')).toBe('application/pdf')
    const zip = await c.raw(`/requests/${d.request_id}/pdf`)
    expect(zip.headers.get('content-type')).toBe('application/zip')
  })

  it('a rejected create changes nothing (ids, documents, list)', async () => {
    const ws = door.workspace('zoho-atomic')
    const c = client(door, ws)
    const before = await c.control.state('zoho')
    const bad = await c.api(
      '/requests',
      multipart([['ok.pdf', await tinyPdf()]], {
        data: data({
          requests: {
            request_name: 'atomic',
            actions: [{ recipient_name: 'A', recipient_email: 'a@example.test', fields: [{ field_type_name: 'Nope' }] }],
          },
        }),
      }),
    )
    expect(bad.body.code).toBe(4021)
    expect(await c.control.state('zoho')).toEqual(before)
  })
}

eachDoor('zoho control plane and signing variants', suite, { clock: CLOCK })
