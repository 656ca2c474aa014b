import { afterAll, describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { D, K, KN, KR, KX, PDF, SEED_UNKNOWN, SR, client, createPdf } from './helpers.js'

/** specs/okdokument.md §12, item by item, through both front doors. */
const receivers: Receiver[] = []
afterAll(async () => Promise.all(receivers.map((r) => r.close())))
const receiver = async () => {
  const rx = await startReceiver('/sendinfo')
  receivers.push(rx)
  return rx
}

eachDoor('okdokument acceptance', (door) => {
  const fresh = () => client(door, door.workspace('ok'))

  it('1: no key or an unknown key → 401', async () => {
    const ok = fresh()
    for (const key of [null, 'nope']) {
      const res = await ok.get('/JSON/list/flat?state=*', key)
      expect(res.status).toBe(401)
      expect(res.text).toBe('{"message":"err.unauthorized"}')
      expect(res.headers.get('content-type')).toBe('application/json')
    }
  })

  it('2: the read-only key reads but every write is 403 and SR1 survives', async () => {
    const ok = fresh()
    expect((await ok.get('/JSON/list/flat?state=*', KR)).status).toBe(200)
    for (const res of [
      await ok.create(createPdf(), KR),
      await ok.patch({ signatureRequestId: SR.SR1 }, KR),
      await ok.call('DELETE', `/JSON/signatureRequest/${SR.SR1}`, { key: KR }),
    ]) {
      expect(res.status).toBe(403)
      expect(res.text).toBe('{"message":"err.forbidden"}')
    }
    expect((await ok.patch({ signatureRequestId: SR.SR1 })).status).toBe(200)
  })

  it('3: PATCH with the seed body → msg.updated', async () => {
    const ok = fresh()
    const res = await ok.patch({
      signatureRequestId: SR.SR1,
      sendInfoURL: 'https://azure/sendInfo?arg=123456',
      resulturl: 'https://okdokument.com',
    })
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(['message', 'result', 'url'])
    expect(res.json).toEqual({ message: 'msg.updated', result: SR.SR1, url: `${ok.base}/${SR.SR1}` })
  })

  it('4: PATCH an unknown id → the seed error byte for byte', async () => {
    const res = await fresh().patch({ signatureRequestId: SEED_UNKNOWN, sendInfoURL: 'https://azure/sendInfo?arg=123456' })
    expect(res.status).toBe(400)
    expect(res.text).toBe(`{"message":"View ID does not exist: ${SEED_UNKNOWN}","value":"${SEED_UNKNOWN}"}`)
  })

  it('5: PATCH without an id → View ID does not exist: null', async () => {
    const res = await fresh().patch({ sendInfoURL: 'https://x.example/cb' })
    expect(res.status).toBe(400)
    expect(res.text).toBe('{"message":"View ID does not exist: null","value":null}')
  })

  it('6: DELETE unknown → not.exist; DELETE SR2 → msg.deleted, then PATCH and open fail', async () => {
    const ok = fresh()
    const unknown = await ok.call('DELETE', `/JSON/signatureRequest/${SEED_UNKNOWN}`)
    expect(unknown.status).toBe(400)
    expect(unknown.text).toBe(`{"message":"err.signature.request.not.exist","value":"${SEED_UNKNOWN}"}`)
    const del = await ok.call('DELETE', `/JSON/signatureRequest/${SR.SR2}`)
    expect(del.status).toBe(200)
    expect(del.text).toBe(`{"message":"msg.deleted","result":"${SR.SR2}"}`)
    expect((await ok.patch({ signatureRequestId: SR.SR2 })).json).toEqual({ message: `View ID does not exist: ${SR.SR2}`, value: SR.SR2 })
    const open = await ok.get(`/openDocument/${SR.SR2}`, null)
    expect(open.status).toBe(400)
    expect(open.json).toEqual({ message: 'err.signature.request.not.exist', value: SR.SR2 })
  })

  it('7: create from filedata → created body and metadata', async () => {
    const ok = fresh()
    const res = await ok.create(createPdf())
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(['message', 'result', 'url', 'documentId'])
    expect(res.json.message).toBe('msg.signature.request.id.created')
    expect(res.json.url).toBe(`${ok.base}/openDocument/${res.json.result as string}`)
    const meta = await ok.metadata(res.json.documentId as string)
    expect(meta.status).toBe(200)
    expect(Object.keys(meta.json)).toEqual(['filename', 'state', 'modification', 'id', 'date', 'number'])
    expect(meta.json).toMatchObject({ filename: 'acceptance.pdf', state: 'tosign', id: res.json.documentId })
    expect(meta.json.modification).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(typeof meta.json.date).toBe('number')
    expect(meta.json.number).toMatch(/^\d+$/)
  })

  it('8: a caller-chosen id is used once; reusing it (or SR1) → 409', async () => {
    const ok = fresh()
    const id = '0b7f5d3e-2c4a-4e8b-9f1d-6a5c3b2e1d0f'
    expect((await ok.create(createPdf({ signatureRequestId: id }))).json.result).toBe(id)
    for (const again of [id, SR.SR1]) {
      const res = await ok.create(createPdf({ signatureRequestId: again }))
      expect(res.status).toBe(409)
      expect(res.text).toBe(`{"message":"err.signature.request.exists","value":"${again}"}`)
    }
  })

  it('9: malformed JSON → err.bad.request body', async () => {
    const res = await fresh().create('{')
    expect(res.status).toBe(400)
    expect(res.text).toBe('{"message":"err.bad.request","value":"body"}')
  })

  it('10: bad base64 and not-a-PDF content', async () => {
    const ok = fresh()
    expect((await ok.create({ filedata: { content: '%%%not base64%%%' } })).text).toBe(
      '{"message":"err.invalid.base64","value":"filedata.content"}',
    )
    const hello = await ok.create({ filedata: { content: Buffer.from('hello').toString('base64') } })
    expect(hello.status).toBe(400)
    expect(hello.text).toBe('{"message":"err.invalid.document","value":"filedata.content"}')
  })

  it('11: no document at all, or filedata without content', async () => {
    const ok = fresh()
    expect((await ok.create({})).text).toBe('{"message":"err.missing.document","value":"filedata"}')
    expect((await ok.create({ filedata: {} })).text).toBe('{"message":"err.missing.document","value":"filedata.content"}')
  })

  it('12: unknown document id in the body → 400 err.not.found; unknown state → err.invalid.state', async () => {
    const ok = fresh()
    const res = await ok.create({ id: 'doesNotExist' })
    expect(res.status).toBe(400)
    expect(res.text).toBe('{"message":"err.not.found","value":"doesNotExist"}')
    expect((await ok.create({ filedata: { content: PDF, state: 'done' } })).text).toBe('{"message":"err.invalid.state","value":"done"}')
  })

  it('13: an account without credit → 403 exhausted', async () => {
    const res = await fresh().create(createPdf(), KN)
    expect(res.status).toBe(403)
    expect(res.text).toBe('{"message":"err.signature.requests.exhausted","value":"0"}')
  })

  it('14: full flow — open, sign, SendInfo to a real receiver, signed PDF, link closed', async () => {
    const ok = fresh()
    const rx = await receiver()
    const created = await ok.create(createPdf({ resulturl: 'https://portal.example.test/done' }))
    const id = created.json.result as string
    const docId = created.json.documentId as string
    expect((await ok.patch({ signatureRequestId: id, sendInfoURL: rx.url })).status).toBe(200)
    const open = await ok.get(`/openDocument/${id}`, null)
    expect(open.status).toBe(302)
    expect(open.headers.get('location')).toBe(`${ok.base}/viewDocument?id=${docId}`)
    const signed = await ok.simulate('sign', { signatureRequestId: id })
    expect(signed.document_state).toBe('signed')
    expect(signed.callback?.url).toBe(rx.url)
    expect(signed.redirect_url).toMatch(
      new RegExp(`^https://portal\\.example\\.test/done\\?name=acceptance&docid=${docId}&lang=en&result=success&ts=\\d+$`),
    )
    await ok.control.flushOutbox()
    expect(rx.received).toHaveLength(1)
    expect(rx.received[0].method).toBe('POST')
    expect(rx.received[0].headers['content-type']).toBe('application/json')
    expect(rx.received[0].body).toBe(
      `{"state":"signed","id":"${docId}","signatureRequestId":"${id}","code":"SUCCESS","message":"msg.signed","result":"${id}","statusCode":200,"url":"${created.json.url as string}","success":true}`,
    )
    const outbox = await ok.control.outbox({ type: 'callback' })
    expect(outbox.items[0]).toMatchObject({ state: 'delivered', signatureRequestId: id, documentId: docId })
    expect((await ok.metadata(docId)).json.state).toBe('signed')
    expect((await ok.get('/JSON/list/flat?state=signed')).list.map((d) => d.id)).toContain(docId)
    const pdf = await ok.get(`/JSON/document/${docId}`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="acceptance.pdf"')
    expect(pdf.text.startsWith('%PDF-')).toBe(true)
    expect(pdf.text).toContain(`%OKDOKUMENT-SANDBOX-SIGNATURE ${id}`)
    expect((await ok.get(`/openDocument/${id}`, null)).json).toEqual({ message: 'err.signature.request.invalid', value: id })
  })

  it('15: cancel flow', async () => {
    const ok = fresh()
    const rx = await receiver()
    const created = await ok.create(createPdf({ sendInfoURL: rx.url }))
    const id = created.json.result as string
    const docId = created.json.documentId as string
    const res = await ok.simulate('cancel', { signatureRequestId: id })
    expect(res.document_state).toBe('canceled')
    expect(res.redirect_url).toContain('&result=close&')
    await ok.control.flushOutbox()
    expect(rx.received.map((r) => r.body)).toEqual([
      `{"state":"canceled","id":"${docId}","signatureRequestId":"${id}","code":"SUCCESS","message":"msg.canceled","result":"${id}","statusCode":200,"url":"${created.json.url as string}","success":true}`,
    ])
    expect((await ok.metadata(docId)).json.state).toBe('canceled')
  })

  it('16: a receiver that always fails → 3 attempts, errorsendinfo; resend_info after it recovers', async () => {
    const ok = fresh()
    const rx = await receiver()
    rx.respond(500)
    const created = await ok.create(createPdf({ sendInfoURL: rx.url }))
    const id = created.json.result as string
    const docId = created.json.documentId as string
    await ok.simulate('sign', { signatureRequestId: id })
    await ok.control.flushOutbox()
    expect(rx.received).toHaveLength(3)
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1)
    expect((await ok.control.outbox({ type: 'callback' })).items[0]).toMatchObject({ state: 'failed' })
    expect((await ok.metadata(docId)).json.state).toBe('errorsendinfo')
    rx.respond(200)
    const again = await ok.simulate('resend_info', { signatureRequestId: id })
    expect(again).toMatchObject({ document_state: 'errorsendinfo', redirect_url: null })
    await ok.control.flushOutbox()
    expect((await ok.metadata(docId)).json.state).toBe('signed')
    expect(rx.received).toHaveLength(4)
  }, 20_000)

  it('17: multi-round on a signed document; a new SR supersedes the old one', async () => {
    const ok = fresh()
    expect((await ok.create({ id: D.D3 })).text).toBe('{"message":"err.invalid.document.state","value":"signed"}')
    const reopened = await ok.create({ id: D.D3, changeState: 'tosign' })
    expect(reopened.status).toBe(200)
    expect(reopened.json.documentId).toBe(D.D3)
    expect((await ok.metadata(D.D3)).json.state).toBe('tosign')
    expect((await ok.create({ id: D.D1 })).status).toBe(200)
    expect((await ok.get(`/openDocument/${SR.SR1}`, null)).json).toEqual({ message: 'err.signature.request.invalid', value: SR.SR1 })
  })

  it('18: JSON upload; tags processing ends after a second of sandbox time', async () => {
    const ok = fresh()
    const up = await ok.call('POST', '/JSON/document', { json: { filename: 'upload.pdf', file: { content: PDF } } })
    expect(Object.keys(up.json)).toEqual(['message', 'result'])
    expect(up.json.message).toBe('msg.document.uploaded')
    expect((await ok.metadata(up.json.result as string)).json).toMatchObject({ filename: 'upload.pdf', state: 'tosign' })
    await ok.control.setClock({ frozen_at: new Date().toISOString() })
    const tags = await ok.call('POST', '/JSON/document', { json: { filename: 'upload.pdf', state: 'tags', file: { content: PDF } } })
    expect((await ok.metadata(tags.json.result as string)).json.state).toBe('tags')
    await ok.control.advanceClock(1000)
    expect((await ok.metadata(tags.json.result as string)).json.state).toBe('tosign')
  })

  it('19: unknown documents → 404; deleting D6', async () => {
    const ok = fresh()
    for (const path of ['/JSON/document/metadata/nope', '/JSON/document/nope']) {
      const res = await ok.get(path)
      expect(res.status).toBe(404)
      expect(res.text).toBe('{"message":"err.not.found","value":"nope"}')
    }
    const del = await ok.call('DELETE', `/JSON/document/${D.D6}`)
    expect(del.text).toBe(`{"message":"msg.deleted","result":"${D.D6}"}`)
    expect((await ok.metadata(D.D6)).status).toBe(404)
  })

  it('20: counter in a fresh workspace, then after one create and one download', async () => {
    const ok = fresh()
    const before = (await ok.get('/JSON/counter')).json
    expect(Object.keys(before)).toEqual(['actual', 'downloaded', 'files', 'deleted.f', 'signatureRequests'])
    expect(before.actual).toEqual({
      'abc.storedFiles': '6',
      'abc.deleted.f': '0',
      'abc.usedSignatureRequests': '5',
      'abc.downloaded': '0',
      'abc.availableSignatureRequests': '95',
    })
    const created = await ok.create(createPdf())
    await ok.get(`/JSON/document/${created.json.documentId as string}`)
    const after = (await ok.get('/JSON/counter')).json as unknown as Record<string, Record<string, string>>
    expect(after.actual).toMatchObject({
      'abc.storedFiles': '7',
      'abc.usedSignatureRequests': '6',
      'abc.downloaded': '1',
      'abc.availableSignatureRequests': '94',
    })
    expect(Object.values(after.files).reduce((s, n) => s + Number(n), 0)).toBe(7)
    for (const k of Object.keys(after.files)) expect(k).toMatch(/^\d{4}\.\d{1,2}\.abc$/)
  })

  it('21: another account sees none of abc', async () => {
    const ok = fresh()
    expect((await ok.metadata(D.D1, KX)).json).toEqual({ message: 'err.not.found', value: D.D1 })
    expect((await ok.patch({ signatureRequestId: SR.SR1 }, KX)).text).toBe(
      `{"message":"View ID does not exist: ${SR.SR1}","value":"${SR.SR1}"}`,
    )
    expect((await ok.get('/JSON/list/flat?state=*', KX)).list.map((d) => d.id)).toEqual([D.D7])
  })

  it('22: opening unknown and signed links', async () => {
    const ok = fresh()
    expect((await ok.get('/openDocument/unknown-id', null)).text).toBe('{"message":"err.signature.request.not.exist","value":"unknown-id"}')
    const signed = await ok.get(`/openDocument/${SR.SR3}`, null)
    expect(signed.status).toBe(400)
    expect(signed.json.message).toBe('err.signature.request.invalid')
  })

  it('23: X-Sandbox-Error forces an error without changing state', async () => {
    const ok = fresh()
    // A control-plane read of a workspace nobody has used answers as for one seeded now; the first vendor call
    // creates it (seeded a moment later), so create it first and compare the state of one and the same workspace.
    await ok.get('/JSON/counter')
    const before = await ok.control.state('okdokument')
    const internal = await ok.call('GET', '/JSON/counter', { headers: { 'x-sandbox-error': 'okdokument.internal_error' } })
    expect(internal.status).toBe(500)
    expect(internal.text).toBe('{"message":"err.internal"}')
    const forbidden = await ok.call('GET', '/JSON/list/flat?state=*', { headers: { 'x-sandbox-error': 'okdokument.forbidden' } })
    expect(forbidden.status).toBe(403)
    expect(forbidden.text).toBe('{"message":"err.forbidden"}')
    const forcedCreate = await ok.call('POST', '/JSON/signatureRequest', {
      json: createPdf(),
      headers: { 'x-sandbox-error': 'okdokument.internal_error' },
    })
    expect(forcedCreate.status).toBe(500)
    expect(await ok.control.state('okdokument')).toEqual(before)
  })

  it('24: multipart upload: storage only, with an SR, without a file', async () => {
    const ok = fresh()
    const form = (data: string | null, withFile = true) => {
      const f = new FormData()
      if (data !== null) f.set('dataText', data)
      if (withFile) f.set('file', new Blob([Buffer.from(PDF, 'base64')], { type: 'application/pdf' }), 'scan.pdf')
      return f
    }
    const off = await ok.call('POST', '/JSON/upload', { body: form('{"signatureRequestId":"off"}') })
    expect(off.status).toBe(200)
    expect(off.json.message).toBe('msg.document.uploaded')
    expect((await ok.metadata(off.json.result as string)).json.filename).toBe('scan.pdf')
    const withSr = await ok.call('POST', '/JSON/upload', { body: form('{}') })
    expect(withSr.json.message).toBe('msg.signature.request.id.created')
    expect(withSr.json.documentId).toEqual(expect.any(String))
    expect((await ok.call('POST', '/JSON/upload', { body: form('{}', false) })).text).toBe(
      '{"message":"err.missing.document","value":"file"}',
    )
  })

  it('25: the catalogue lists every id of §11', async () => {
    const ids = (await fresh().control.errors('okdokument')).items.map((e) => e.id)
    expect(ids).toEqual([
      'okdokument.unauthorized',
      'okdokument.forbidden',
      'okdokument.view_id_not_exist',
      'okdokument.signature_request_not_exist',
      'okdokument.signature_request_invalid',
      'okdokument.document_not_found',
      'okdokument.unknown_document_id',
      'okdokument.bad_request',
      'okdokument.invalid_base64',
      'okdokument.invalid_document',
      'okdokument.file_too_large',
      'okdokument.missing_document',
      'okdokument.invalid_state',
      'okdokument.invalid_document_state',
      'okdokument.signature_request_exists',
      'okdokument.signature_requests_exhausted',
      'okdokument.route_not_found',
      'okdokument.method_not_allowed',
      'okdokument.internal_error',
    ])
  })

  it('26: list order, item shape and unknown states', async () => {
    const ok = fresh()
    const list = (await ok.get('/JSON/list/flat?state=*')).list
    expect(list.map((d) => d.id)).toEqual([D.D5, D.D4, D.D3, D.D2, D.D1, D.D6])
    for (const item of list) {
      expect(Object.keys(item)).toEqual(['filename', 'state', 'modification', 'id', 'url', 'date', 'number', 'group'])
      expect(item.group).toBe('api_user')
      expect(item.url).toBe(`${ok.base}/rest/document/${item.id as string}`)
    }
    expect((await ok.get('/JSON/list/flat?state=bogus')).text).toBe('[]')
  })

  it('27: an expiration time in the past closes the link at once', async () => {
    const ok = fresh()
    const now = Date.parse((await ok.control.clock()).now)
    const res = await ok.create(createPdf({ expirationTime: now - 1000 }))
    expect(res.status).toBe(200)
    expect((await ok.get(`/openDocument/${res.json.result as string}`, null)).json.message).toBe('err.signature.request.invalid')
  })

  it('28: registering a callback (the connector trigger)', async () => {
    const ok = fresh()
    const res = await ok.call('POST', `/JSON/signatureRequest/${SR.SR1}`, { json: { sendInfoURL: 'https://x.example/cb' } })
    expect(res.json).toEqual({ message: 'msg.updated', result: SR.SR1, url: `${ok.base}/${SR.SR1}` })
    const unknown = await ok.call('POST', '/JSON/signatureRequest/nope', { json: { sendInfoURL: 'https://x.example/cb' } })
    expect(unknown.text).toBe('{"message":"View ID does not exist: nope","value":"nope"}')
  })

  it('29: unknown path and wrong method', async () => {
    const ok = fresh()
    const nope = await ok.get('/JSON/nope')
    expect(nope.status).toBe(404)
    expect(nope.text).toBe('{"message":"err.not.found","value":"/JSON/nope"}')
    const put = await ok.call('PUT', '/JSON/signatureRequest')
    expect(put.status).toBe(405)
    expect(put.text).toBe('{"message":"err.method.not.allowed","value":"PUT"}')
    expect(put.headers.get('allow')).toContain('POST')
  })

  it('30: a receiver failing once then accepting → delivered, never errorsendinfo', async () => {
    const ok = fresh()
    const rx = await receiver()
    rx.respond((n) => (n === 1 ? 500 : 200))
    const created = await ok.create(createPdf({ sendInfoURL: rx.url }))
    await ok.simulate('sign', { signatureRequestId: created.json.result as string })
    await ok.control.flushOutbox()
    expect(rx.received).toHaveLength(2)
    expect(rx.received[0].body).toBe(rx.received[1].body)
    expect((await ok.control.outbox({ type: 'callback' })).items[0]).toMatchObject({ state: 'delivered' })
    expect((await ok.metadata(created.json.documentId as string)).json.state).toBe('signed')
  })

  it('31: fieldConfig prefill, unknown keys ignored, bad shapes refused', async () => {
    const ok = fresh()
    const good = await ok.create(
      createPdf({
        fieldConfig: [
          { name: 'TO1', value: 'prefilled', readOnly: true },
          { name: 'TC1', value: 7, extra: 'ignored' },
        ],
        newerConnectorKey: { any: 1 },
      }),
    )
    expect(good.json.message).toBe('msg.signature.request.id.created')
    expect((await ok.create(createPdf({ fieldConfig: 'TO1' }))).text).toBe('{"message":"err.bad.request","value":"fieldConfig"}')
    expect((await ok.create(createPdf({ fieldConfig: [{ value: 'x' }] }))).text).toBe(
      '{"message":"err.bad.request","value":"fieldConfig[0].name"}',
    )
    const page = await ok.get(`/viewDocument?id=${good.json.documentId as string}`, null)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const text = page.text.replace(/\s+/g, ' ')
    expect(text).toContain('<span>TO1 (len na čítanie)</span')
    expect(text).toMatch(/name="field_TO1" value="prefilled" readonly/)
  })

  it('32: e-mail rules in the connector string syntax, with language', async () => {
    const ok = fresh()
    const cases: [string, string, string][] = [
      ['a', '_lang-en', 'en'],
      ['b', '_language-cs', 'cs'],
      ['c', '', 'sk'],
    ]
    for (const [tag, lang] of cases) {
      const rules =
        tag === 'c'
          ? `emailTo-only_${tag}@example.test`
          : `emailTo-u_${tag}@example.test_emailFrom-sender@example.test_nameFrom-Sender Name${lang}`
      expect((await ok.create(createPdf({ rules }))).status).toBe(200)
    }
    const mails = (await ok.control.outbox({ type: 'email' })).items as unknown as Record<string, unknown>[]
    expect(mails.find((m) => m.to === 'u_a@example.test')).toMatchObject({
      language: 'en',
      from: 'okdokument@okdokument.sk',
      reply_to: 'sender@example.test',
      sender_name: 'Sender Name',
    })
    expect(mails.find((m) => m.to === 'u_b@example.test')).toMatchObject({ language: 'cs' })
    expect(mails.find((m) => m.to === 'only_c@example.test')).toMatchObject({ language: 'sk' })
  })

  it('33: the default expiry is 24 h of sandbox time', async () => {
    const ok = fresh()
    await ok.control.setClock({ frozen_at: '2026-03-01T08:00:00.000Z' })
    const id = (await ok.create(createPdf())).json.result as string
    expect((await ok.get(`/openDocument/${id}`, null)).status).toBe(302)
    await ok.control.advanceClock(23 * 3600_000)
    expect((await ok.get(`/openDocument/${id}`, null)).status).toBe(302)
    await ok.control.advanceClock(2 * 3600_000)
    expect((await ok.get(`/openDocument/${id}`, null)).json.message).toBe('err.signature.request.invalid')
  })

  it('34: an expiry beyond 10 days is clamped', async () => {
    const ok = fresh()
    await ok.control.setClock({ frozen_at: '2026-03-01T08:00:00.000Z' })
    const now = Date.parse('2026-03-01T08:00:00.000Z')
    const id = (await ok.create(createPdf({ expirationTime: String(now + 30 * 86_400_000) }))).json.result as string
    await ok.control.advanceClock(9 * 86_400_000)
    expect((await ok.get(`/openDocument/${id}`, null)).status).toBe(302)
    await ok.control.advanceClock(86_400_000 + 60_000)
    expect((await ok.get(`/openDocument/${id}`, null)).status).toBe(400)
  })

  it('35: allowedFields with the connector tags', async () => {
    const ok = fresh()
    expect((await ok.create({ id: D.D1, changeState: 'tosign', allowedFields: { SIGNATURE: '_SC1_;_SO2_' } })).status).toBe(200)
    expect((await ok.create({ id: D.D1, changeState: 'tosign', allowedFields: { SIGNATURE: '_SC5_' } })).status).toBe(200)
  })
})

describe('okdokument fixtures', () => {
  it('use the full key only where the spec says', () => expect(K).toHaveLength(137))
})
