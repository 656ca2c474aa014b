import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { entries } from '../../src/mocks/okdokument/errors.js'
import { D, K, PDF, SR, client, createPdf } from './helpers.js'

eachDoor('okdokument errors and bad input', (door) => {
  const fresh = () => client(door, door.workspace('oke'))

  it('refuses a document over 10 MB decoded, and a body over 15 MiB, before storing anything', async () => {
    const ok = fresh()
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x25).toString('base64')
    const res = await ok.call('POST', '/JSON/document', { json: { filename: 'big.pdf', file: { content: big } } })
    expect(res.status).toBe(400)
    expect(res.text).toBe('{"message":"err.file.too.large","value":"file.content"}')
    const huge = await ok.call('POST', '/JSON/signatureRequest', {
      json: `{"filedata":{"content":"${'A'.repeat(15 * 1024 * 1024 + 10)}"}}`,
    })
    expect(huge.status).toBe(400)
    expect(huge.text).toBe('{"message":"err.file.too.large","value":"body"}')
    expect((await ok.get('/JSON/list/flat')).list).toHaveLength(6)
  })

  it('answers every catalogue error when forced, in OKdokument’s envelope, naming the request’s id', async () => {
    const ok = fresh()
    for (const entry of entries) {
      const res = await ok.call('PATCH', '/JSON/signatureRequest', {
        json: { signatureRequestId: SR.SR1 },
        headers: { 'x-sandbox-error': entry.id },
      })
      expect(res.status, entry.id).toBe(entry.http_status)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(typeof res.json.message).toBe('string')
      if (entry.id === 'okdokument.view_id_not_exist')
        expect(res.text).toBe(`{"message":"View ID does not exist: ${SR.SR1}","value":"${SR.SR1}"}`)
      if ([401, 403, 500].includes(entry.http_status) && entry.id !== 'okdokument.signature_requests_exhausted')
        expect(Object.keys(res.json)).toEqual(['message'])
    }
    const forced = await ok.call('GET', '/JSON/counter', { headers: { 'x-sandbox-error': 'okdokument.view_id_not_exist' } })
    expect(forced.text).toBe('{"message":"View ID does not exist: null","value":null}')
    const unknown = await ok.call('GET', '/JSON/counter', { headers: { 'x-sandbox-error': 'zoho.nope' } })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error).toBe('unknown_error_id')
  })

  it('answers 405 before a forced error (§2.3: routing first)', async () => {
    const ok = fresh()
    const res = await ok.call('PUT', '/JSON/signatureRequest', { headers: { 'x-sandbox-error': 'okdokument.internal_error' } })
    expect(res.status).toBe(405)
    expect(res.text).toBe('{"message":"err.method.not.allowed","value":"PUT"}')
  })

  it('applies fault rules on a route pattern, limited by times', async () => {
    const ok = fresh()
    await ok.control.addFault({
      vendor: 'okdokument',
      method: 'GET',
      path: '/JSON/document/metadata/:documentId',
      error: 'okdokument.internal_error',
      times: 1,
    })
    expect((await ok.metadata(D.D1)).status).toBe(500)
    expect((await ok.metadata(D.D1)).status).toBe(200)
    expect((await ok.control.faults()).items[0].fired).toBe(1)
  })

  it('rejects wrong types by key path and stores nothing', async () => {
    const ok = fresh()
    // Used first: a workspace read before its first use is seeded (anchored) only when it is used.
    await ok.get('/JSON/counter')
    const before = await ok.control.state('okdokument')
    const cases: [unknown, string][] = [
      [createPdf({ resulturl: 'ftp://x' }), 'resulturl'],
      [createPdf({ sendInfoURL: 42 }), 'sendInfoURL'],
      [createPdf({ signatureRequestId: 'has space' }), 'signatureRequestId'],
      [createPdf({ signatureRequestId: 'off' }), 'signatureRequestId'],
      [{ filedata: { content: PDF, state: 5 } }, 'filedata.state'],
      [{ filedata: { content: PDF, filename: 'a/b.pdf' } }, 'filedata.filename'],
      [createPdf({ rules: [1] }), 'rules'],
      [createPdf({ expirationTime: 'tomorrow' }), 'expirationTime'],
      [[], 'body'],
      ['"text"', 'body'],
    ]
    for (const [body, path] of cases) {
      const res = await ok.create(body)
      expect(res.status, path).toBe(400)
      expect(res.json, path).toEqual({ message: 'err.bad.request', value: path })
    }
    expect((await ok.create({ id: D.D1, changeState: 'signed' })).text).toBe('{"message":"err.invalid.state","value":"signed"}')
    expect((await ok.patch({ signatureRequestId: SR.SR1, resulturl: 'not a url' })).text).toBe(
      '{"message":"err.bad.request","value":"resulturl"}',
    )
    expect((await ok.call('POST', `/JSON/signatureRequest/${SR.SR1}`, { json: {} })).text).toBe(
      '{"message":"err.bad.request","value":"sendInfoURL"}',
    )
    expect((await ok.call('POST', '/JSON/document', { json: { file: {} } })).text).toBe('{"message":"err.missing.document","value":"file"}')
    expect((await ok.call('POST', '/JSON/upload', { json: {} })).text).toBe('{"message":"err.bad.request","value":"Content-Type"}')
    const badMeta = new FormData()
    badMeta.set('dataText', '{nope')
    expect((await ok.call('POST', '/JSON/upload', { body: badMeta })).text).toBe('{"message":"err.bad.request","value":"dataText"}')
    expect(await ok.control.state('okdokument')).toEqual(before)
  })

  it('never answers HTML or a stack trace on odd paths and methods', async () => {
    const ok = fresh()
    for (const [method, path] of [
      ['GET', '/JSON'],
      ['DELETE', '/JSON/signatureRequest'],
      ['GET', '/JSON/document/metadata'],
      ['POST', '/JSON/list/flat'],
      ['GET', '/%E0%A4%A'],
    ] as const) {
      const res = await ok.call(method, path)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.headers.get('content-type'), path).toBe('application/json')
      expect(res.text).not.toMatch(/at .*\.ts|<html/i)
    }
  })
})

eachDoor('okdokument documents', (door) => {
  const fresh = () => client(door, door.workspace('okd'))

  it('converts Office files, appends .pdf, names unnamed documents, and sends non-Latin-1 names safely', async () => {
    const ok = fresh()
    const word = await ok.call('POST', '/JSON/document', {
      json: { filename: 'zmluva.docx', file: Buffer.from('not really word').toString('base64') },
    })
    const meta = await ok.metadata(word.json.result as string)
    expect(meta.json.filename).toBe('zmluva.pdf')
    const pdf = await ok.get(`/JSON/document/${word.json.result as string}`)
    expect(pdf.text).toMatch(/^%PDF-/)
    expect(pdf.text).toContain('%OKDOKUMENT-SANDBOX-CONVERTED zmluva.docx')
    const noSuffix = await ok.call('POST', '/JSON/document', {
      json: { filename: 'kúpna zmluva č. 5', file: { $content: PDF, '$content-type': 'application/pdf' } },
    })
    const named = await ok.metadata(noSuffix.json.result as string)
    expect(named.json.filename).toBe('kúpna zmluva č. 5.pdf')
    const dl = await ok.get(`/rest/document/${noSuffix.json.result as string}`)
    expect(dl.headers.get('content-disposition')).toBe(
      `attachment; filename="k_pna zmluva _. 5.pdf"; filename*=UTF-8''${encodeURIComponent('kúpna zmluva č. 5.pdf')}`,
    )
    const unnamed = await ok.create({ filedata: { content: PDF } })
    expect((await ok.metadata(unnamed.json.documentId as string)).json.filename).toMatch(/^[0-9a-f-]{36}\.pdf$/)
  })

  it('removes signed documents after 10 days and counts them as deleted', async () => {
    const ok = fresh()
    await ok.control.advanceClock(9 * 86_400_000 + 3600_000)
    expect((await ok.metadata(D.D3)).status).toBe(404)
    const counter = (await ok.get('/JSON/counter')).json as Record<string, Record<string, string>>
    expect(counter.actual['abc.deleted.f']).toBe('1')
  })

  it('shows the signer page and the thank-you page as HTML, escaping stored values', async () => {
    const ok = fresh()
    const res = await ok.create({ filedata: { content: PDF, filename: '<img src=x onerror=alert(1)>.pdf' } })
    const page = await ok.get(`/viewDocument?id=${res.json.documentId as string}`, null)
    expect(page.status).toBe(200)
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;.pdf')
    expect(page.text).not.toContain('<img src=x')
    expect((await ok.get('/viewDocument?id=nope', null)).status).toBe(404)
    const thanks = await ok.get('/thankYouPage.html?name=a&result=success', null)
    expect(thanks.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(thanks.text).toContain('<code>result</code> = success')
  })

  it('opens a link through the short alias, and refuses reserved names', async () => {
    const ok = fresh()
    expect((await ok.get(`/${SR.SR1}`, null)).status).toBe(302)
    expect((await ok.get('/JSON', null)).json).toEqual({ message: 'err.not.found', value: '/JSON' })
  })

  it('simulate actions check their preconditions', async () => {
    const ok = fresh()
    await expect(ok.simulate('sign', { signatureRequestId: 'nope' })).rejects.toMatchObject({ status: 404 })
    await expect(ok.simulate('sign', { signatureRequestId: SR.SR3 })).rejects.toMatchObject({
      status: 409,
      body: { error: 'invalid_state' },
    })
    await expect(ok.simulate('sign', {} as never)).rejects.toMatchObject({ status: 400 })
    expect(await ok.simulate('expire', { signatureRequestId: SR.SR1 })).toEqual({
      signatureRequestId: SR.SR1,
      signature_request_status: 'expired',
    })
    expect((await ok.get(`/openDocument/${SR.SR1}`, null)).status).toBe(400)
    const up = await ok.call('POST', '/JSON/document', { json: { state: 'tostamp', file: PDF } })
    expect(await ok.simulate('finish_processing', { documentId: up.json.result as string })).toMatchObject({ state: 'tosign' })
    await expect(ok.simulate('resend_info', { signatureRequestId: SR.SR1 })).rejects.toMatchObject({
      status: 409,
      body: { error: 'invalid_state' },
    })
  })

  it('sign on a fixture SR builds the callback url from the caller and records the signed e-mail', async () => {
    const ok = fresh()
    const created = await ok.create(createPdf({ rules: { emailTo: 'signer@example.test', emailFinal: 'a@example.test|b@example.test' } }))
    await ok.simulate('sign', { signatureRequestId: created.json.result as string, mobile: true })
    const mails = (await ok.control.outbox({ type: 'email' })).items as unknown as Record<string, unknown>[]
    expect(mails.map((m) => m.to)).toEqual([['a@example.test', 'b@example.test'], 'signer@example.test'])
    const sr2 = await ok.simulate('sign', { signatureRequestId: SR.SR2 })
    expect(sr2.callback?.url).toBe('https://azure/sendInfo?arg=123456')
    const entry = (await ok.control.outbox({ type: 'callback' })).items[0] as unknown as { body: string }
    // An in-process control call is rooted at the first real host; the link names the workspace it leads back to.
    expect(JSON.parse(entry.body).url).toBe(`https://apidev.okdokument.com/ws/${ok.ws}/openDocument/${SR.SR2}`)
  })
})

describe('okdokument key is the seed example', () => {
  it('is the one in the seed', () => expect(K.startsWith('7796b696_')).toBe(true))
})
