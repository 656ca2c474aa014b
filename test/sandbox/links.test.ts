import { expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import type { DeliveryEntry, EmailEntry } from '../../src/index.js'
import { K, createPdf } from '../okdokument/helpers.js'
import { client as okClient } from '../okdokument/helpers.js'
import { Signio, PDF as SIGNIO_PDF } from '../signio/helpers.js'
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, client as zohoClient, form, q, uniq } from '../zoho/helpers.js'
import { client as tranadminClient, T1 } from '../tranadmin/helpers.js'
import { at, objs } from '../helpers/json.js'

/**
 * Both front doors follow links, not only read them (issue 14): for every vendor, each link a flow hands out —
 * JSON fields, `Location`, e-mail links, callback payloads — is fetched through the same door, as given (no
 * workspace header), and reaches the same record of the same workspace. Under MSW the workspace is chosen by
 * header, so this is what breaks when links lose `/ws/<id>`. (IPRO hands out no links.)
 */

const emailsTo = async (door: Door, ws: string, vendor: string, to: string) =>
  ((await door.control(ws).outbox({ vendor, type: 'email' })).items as EmailEntry[]).filter((m) =>
    (Array.isArray(m.to) ? m.to : [m.to]).includes(to),
  )

/** A string the flow handed out (fails loudly when it is not one). */
function str(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`)
  return v
}

const text = async (res: Response | Promise<Response>) => (await res).text()

eachDoor('links lead back to the workspace', (door) => {
  it('OKdokument: url → openDocument → Location → signer page → result page; list and callback urls', async () => {
    const ws = door.workspace('links-ok')
    const ok = okClient(door, ws)
    const created = await ok.create(createPdf({ sendInfoURL: 'https://hooks.example.test/ok', rules: { emailTo: 'signer@example.test' } }))
    const sr = str(created.json.result)
    const documentId = str(created.json.documentId)
    const url = str(created.json.url)
    expect(url).toBe(`${door.base('/okdokument', ws)}/openDocument/${sr}`)
    // PATCH's url (no /openDocument/) opens the same request.
    const patched = await ok.patch({ signatureRequestId: sr, sendInfoURL: 'https://hooks.example.test/ok' })
    const opened = [await door.follow(url), await door.follow(str(patched.json.url))]
    for (const res of opened) expect(res.status).toBe(302)
    const page = opened[0].headers.get('location') ?? ''
    expect(opened[1].headers.get('location')).toBe(page)
    const shown = await door.follow(page)
    expect(shown.status).toBe(200)
    expect(await shown.text()).toContain(documentId)
    // The list's document url downloads that document.
    const listed = await ok.get('/JSON/list/flat?state=tosign')
    const item = listed.list.find((i) => i.id === documentId)
    const pdf = await door.follow(str(item?.url), { headers: { 'x-api-key': K } })
    expect(pdf.status).toBe(200)
    expect((await pdf.text()).startsWith('%PDF-')).toBe(true)
    // Submit on the page: on to the result page, which is served too.
    const submitted = await door.follow(page, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=sign',
    })
    expect(submitted.status).toBe(303)
    expect((await door.follow(submitted.headers.get('location') ?? '')).status).toBe(200)
    expect((await ok.metadata(documentId)).json.state).toBe('signed')
    // The callback's url names the same request: now signed, so the link is closed (the vendor's 400).
    const [callback] = (await ok.control.outbox({ type: 'callback' })).items as DeliveryEntry[]
    const callbackUrl = str(JSON.parse(callback.body ?? '{}').url)
    expect(callbackUrl).toBe(url)
    expect(await text(door.follow(callbackUrl))).toContain('err.signature.request.invalid')
  })

  it('Zoho Sign: the e-mail link opens the signer page and signs; accounts-server takes the code exchange', async () => {
    const ws = door.workspace('links-zoho')
    const c = zohoClient(door, ws)
    const sent = await c.sent(uniq('Linked'), [{ name: 'Lia Link', email: 'lia@example.test' }])
    const [mail] = await emailsTo(door, ws, 'zoho', 'lia@example.test')
    const link = mail.links[0]
    expect(link.startsWith(`${door.base('/zoho', ws)}/zsguest?`)).toBe(true)
    const page = await door.follow(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(str(sent.request_name))
    const signed = await door.follow(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=sign',
    })
    expect(await signed.text()).toContain('You have signed this document')
    expect(at((await c.api(`/requests/${str(sent.request_id)}`)).body, 'requests', 'request_status')).toBe('completed')
    // OAuth: the redirect's accounts-server is where the code is exchanged.
    const auth = await door.fetch(
      '/zoho-accounts',
      `/oauth/v2/auth${q({ scope: 'ZohoSign.documents.ALL', client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT_URI })}`,
      ws,
    )
    const granted = new URL(auth.headers.get('location') ?? '')
    const server = granted.searchParams.get('accounts-server') ?? ''
    expect(server).toBe(door.base('/zoho-accounts', ws))
    const fields = { grant_type: 'authorization_code', code: granted.searchParams.get('code') ?? '' }
    const exchanged = (await (
      await door.follow(
        `${server}/oauth/v2/token`,
        form({ ...fields, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT_URI }),
      )
    ).json()) as Record<string, unknown>
    expect(str(exchanged.access_token)).toMatch(/^1000\./)
  })

  it('Signio: documentos[].path serves the bytes; the signer’s e-mail link opens the signing page', async () => {
    const ws = door.workspace('links-signio')
    const s = new Signio(door, ws)
    await s.login()
    const { id, doc } = await s.ready([{ email: 'firma@example.test' }])
    const g = await s.gestionar(id)
    const path = str(objs(g.body.documentos as never).find((d) => d.id_documento === doc)?.path)
    expect(path.startsWith(`${door.base('/signio', ws)}/storage/documentos/${doc}/`)).toBe(true)
    const file = await door.follow(path)
    expect(file.status).toBe(200)
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(SIGNIO_PDF)
    expect((await s.distribuir(id)).status).toBe(200)
    const [mail] = await emailsTo(door, ws, 'signio', 'firma@example.test')
    const page = await door.follow(mail.links[0])
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
  })

  it('tranadmin: the pickup link opens that party’s pickup page', async () => {
    const ws = door.workspace('links-esf')
    const c = tranadminClient(door, ws)
    const x = await c.status(T1, { ESFPARTY: 'Employee' })
    const pickup = str(at(x.x, 'transaction', 'parties', 'party', 0, 'pickupUrl'))
    // Over HTTP the link names the configured ESF host (spec §7.4): followed where that host is routed to the mount.
    const url = door.mode === 'msw' ? pickup : pickup.replace(c.esf, door.base('/openesignforms', ws))
    const page = await door.follow(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Employee')
  })
})
