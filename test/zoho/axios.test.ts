import { describe, expect, it } from 'vitest'
import axios from 'axios'
import { PDFDocument } from 'pdf-lib'
import { createSandbox } from '../../src/index.js'
import { interceptHosts } from '../helpers/doors.js'
import { at, obj, str, type JsonObject } from '../helpers/json.js'
import { CLIENT_ID, CLIENT_SECRET, CLOCK, READY_REFRESH, data, tinyPdf, emails } from './helpers.js'

/**
 * A client built like many real Zoho integrations: axios on Node's
 * http.request (not global fetch), hard-coded https://accounts.zoho.eu and
 * https://sign.zoho.eu, intercepted by MSW with no change at all.
 */
describe('zoho through axios (http.request) under MSW', () => {
  const sandbox = createSandbox({ seed: 1, clock: CLOCK })
  interceptHosts(sandbox, { workspace: 'axios-zoho', onUnhandledRequest: 'error' })

  it('refreshes a token, uploads, submits, signs and downloads the signed PDF', async () => {
    expect(axios.defaults.adapter).toContain('http')
    const http = axios.create({ adapter: 'http', validateStatus: () => true })
    const token = await http.post<JsonObject>('https://accounts.zoho.eu/oauth/v2/token', null, {
      params: { refresh_token: READY_REFRESH, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: 'refresh_token' },
    })
    expect(token.status).toBe(200)
    expect(token.data.api_domain).toBe('https://www.zohoapis.eu')
    const api = axios.create({
      adapter: 'http',
      baseURL: 'https://sign.zoho.eu/api/v1',
      headers: { Authorization: `Zoho-oauthtoken ${token.data.access_token}` },
      validateStatus: () => true,
    })

    const fd = new FormData()
    fd.append('file', new Blob([(await tinyPdf()) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'axios.pdf')
    fd.append(
      'data',
      data({
        requests: {
          request_name: 'Axios NDA',
          actions: [{ action_type: 'SIGN', recipient_name: 'Axel', recipient_email: 'axel@example.test' }],
        },
      }),
    )
    const created = await api.post<JsonObject>('/requests', fd)
    expect(created.status).toBe(200)
    expect(created.headers['content-type']).toBe('application/json;charset=UTF-8')
    const req = obj(created.data.requests)
    const field = {
      field_type_name: 'Signature',
      document_id: at(req, 'document_ids', 0, 'document_id'),
      page_no: 0,
      x_coord: 72,
      y_coord: 650,
      abs_width: 153,
      abs_height: 40,
    }
    const submitted = await api.post<JsonObject>(
      `/requests/${req.request_id}/submit`,
      new URLSearchParams({ data: data({ requests: { actions: [{ action_id: at(req, 'actions', 0, 'action_id'), fields: [field] }] } }) }),
    )
    expect(at(submitted.data, 'requests', 'request_status')).toBe('inprogress')

    const ws = sandbox.control.workspace('axios-zoho')
    const mail = (await emails(ws)).find((e) => e.to === 'axel@example.test')
    expect(mail?.links[0].startsWith('https://sign.zoho.eu/zsguest?')).toBe(true)
    await ws.simulate('zoho', 'sign', { request_id: str(req.request_id), action_id: str(at(req, 'actions', 0, 'action_id')) })

    const pdf = await api.get<ArrayBuffer>(`/requests/${req.request_id}/pdf`, { responseType: 'arraybuffer' })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="Axios NDA.pdf"; filename*=UTF-8''Axios%20NDA.pdf`)
    expect((await PDFDocument.load(new Uint8Array(pdf.data))).getPageCount()).toBe(1)

    const wrongDc = await axios.get<JsonObject>('https://sign.zoho.com/api/v1/requests', {
      adapter: 'http',
      headers: { Authorization: `Zoho-oauthtoken ${token.data.access_token}` },
      validateStatus: () => true,
    })
    expect(wrongDc.status).toBe(401)
    expect(wrongDc.data).toEqual({ code: 9041, message: 'Invalid Oauth token', status: 'failure' })
  })
})
