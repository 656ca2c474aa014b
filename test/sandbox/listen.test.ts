import { afterAll, describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'

const KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const DOC = '/okdokument/JSON/document/metadata/y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F'

/**
 * `sandbox.listen()` runs in the user's own process: it answers with the
 * server's own fast Response class (as the CLI does) without installing it as
 * the platform's Request/Response.
 */
describe('sandbox.listen() in a user process', () => {
  const platform = { Request: globalThis.Request, Response: globalThis.Response }
  const sb = createSandbox({ seed: 7, clock: '2026-03-01T12:00:00Z' })
  const server = sb.listen(0)
  afterAll(async () => (await server).close())

  it('answers the same bytes and headers as app.request, and leaves the platform classes alone', async () => {
    const { url } = await server
    const init = { headers: { 'x-api-key': KEY } }
    const [viaHttp, inProcess] = await Promise.all([fetch(`${url}/ws/listen-a${DOC}`, init), sb.app.request(`/ws/listen-b${DOC}`, init)])
    expect(viaHttp).toBeInstanceOf(Response)
    expect(viaHttp.status).toBe(200)
    expect(viaHttp.headers.get('content-type')).toBe(inProcess.headers.get('content-type'))
    const body = await viaHttp.text()
    expect(body).toBe(await inProcess.text())
    expect(viaHttp.headers.get('content-length')).toBe(String(Buffer.byteLength(body)))
    expect(globalThis.Request).toBe(platform.Request)
    expect(globalThis.Response).toBe(platform.Response)
    expect(new Response('x')).toBeInstanceOf(platform.Response)
  })

  it('error and empty replies, and HEAD, are the same as in-process', async () => {
    const { url } = await server
    const head = await fetch(`${url}${DOC}`, { method: 'HEAD', headers: { 'x-api-key': KEY } })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const denied = await fetch(`${url}${DOC}`)
    expect(denied.status).toBe(401)
    expect(await denied.text()).toBe(await (await sb.app.request(DOC)).text())
    // tranadmin answers 404 with no body and no content type.
    const missing = await fetch(
      `${url}/openesignforms/tranadmin/GetStatus?ESFLOGINUSER=apiuser%40example.com&ESFLOGINPASSWORD=secure&ESFTID=x`,
    )
    expect([missing.status, missing.headers.get('content-type'), await missing.text()]).toMatchObject([expect.any(Number), null, ''])
  })
})
