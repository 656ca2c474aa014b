import { expect, it } from 'vitest'
import { ControlClient, type EmailEntry } from '../../src/index.js'
import { eachDoor, type Door } from '../helpers/doors.js'
import { client as zohoClient, form as zohoForm } from '../zoho/helpers.js'
import { Signio } from '../signio/helpers.js'
import { client as okClient, createPdf, SR } from '../okdokument/helpers.js'
import { client as esfClient } from '../tranadmin/helpers.js'

/**
 * The signing pages over both front doors (app.request with /ws/<id>, MSW on
 * the real hosts), with an admin token set: they are vendor routes, so the
 * token never guards them. Covers what the browser flows do not: embed
 * tokens, used/expired/recalled/transferred links, escaping, ROOT pickup paths.
 */

const TOKEN = 'pages-admin-token'

/** Opens a link as a browser would on this door (MSW: the real host, the workspace in the header). */
function opener(door: Door, ws: string) {
  return async (link: string, init: RequestInit = {}) => {
    // In app mode only tranadmin's links name another host (the ESF host); the sandbox serves that path at its mount.
    const url = door.mode === 'app' && !link.startsWith('http://localhost') ? door.url('/openesignforms', new URL(link).pathname, ws) : link
    const res =
      door.mode === 'app'
        ? await door.sandbox.app.request(url, init)
        : await fetch(url, { redirect: 'manual', ...init, headers: { 'x-sandbox-workspace': ws, ...(init.headers ?? {}) } })
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      location: res.headers.get('location'),
      text: (await res.text()).replace(/\s+/g, ' '),
    }
  }
}

const post = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

async function mailLink(door: Door, ws: string, vendor: string, to: string): Promise<string> {
  const mails = (await door.control(ws).outbox({ vendor, type: 'email' })).items as EmailEntry[]
  const link = mails.filter((m) => m.to === to && m.links.length).at(-1)?.links[0]
  if (!link) throw new Error(`no link to ${to}`)
  return link
}

/** The door's control client, with the admin token this sandbox requires. */
const withToken = (door: Door): Door => ({
  ...door,
  control: (ws) => new ControlClient((req) => door.sandbox.fetch(req), 'http://localhost', { workspace: ws, adminToken: TOKEN }),
})

eachDoor(
  'signing pages',
  (plain) => {
    const door = withToken(plain)
    it('Zoho: an embed sign_url signs once, then shows the used link; stored values are escaped', async () => {
      const ws = door.workspace('zoho-embed')
      const c = zohoClient(door, ws)
      const r = await c.sent('<script>alert(1)</script>', [{ name: 'Emma <b>Embedded</b>', email: 'emma@example.test', embedded: true }])
      const actionId = String((r.actions as { action_id: string }[])[0].action_id)
      const tok = await c.api(`/requests/${String(r.request_id)}/actions/${actionId}/embedtoken`, { method: 'POST' })
      const open = opener(door, ws)
      const url = String(tok.body.sign_url)
      const page = await open(url)
      expect(page.status).toBe(200)
      expect(page.type).toBe('text/html; charset=utf-8')
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(page.text).toContain('Emma &lt;b&gt;Embedded&lt;/b&gt;')
      expect(page.text).not.toContain('<script>')
      expect(page.text).toContain('name="action" value="sign"')
      const signed = await open(url, post({ action: 'sign' }))
      expect(signed.text).toContain('You have signed this document')
      const after = await c.api(`/requests/${String(r.request_id)}`)
      expect((after.body.requests as { request_status: string }).request_status).toBe('completed')
      expect((await open(url)).text).toContain('This signing link has expired or was already used.')
      // The PDF behind the page is the request's document.
      const pdf = await open(new URL(`zsguest/document?sign_id=${new URL(url).searchParams.get('sign_id')}&document_id=x`, url).href)
      expect(pdf.type).toBe('text/html; charset=utf-8')
      expect((await open(url.replace(/sign_id=[^&]+/, 'sign_id=nope'))).status).toBe(404)
    })

    it('Zoho: a recalled request shows the recall; a refused decline keeps the form with its message', async () => {
      const ws = door.workspace('zoho-recall')
      const c = zohoClient(door, ws)
      const r = await c.sent('Recall me', [{ name: 'Rita', email: 'rita@example.test' }])
      const link = await mailLink(door, ws, 'zoho', 'rita@example.test')
      const open = opener(door, ws)
      expect((await open(link, post({ action: 'decline', reason: '' }))).text).toContain('Please enter a reason for declining.')
      await c.api(`/requests/${String(r.request_id)}/recall`, zohoForm({ reason: 'changed' }))
      expect((await open(link)).text).toContain('The sender has recalled this document.')
      expect((await open(link, post({ action: 'sign' }))).text).not.toContain('name="action"')
    })

    it('Signio: the magic link shows the envelope read-only and expires after 30 minutes', async () => {
      const ws = door.workspace('signio-magic')
      const c = new Signio(door, ws)
      const id = await c.crear({ nombre: 'Sobre' })
      const link = String((await c.get(`/envelopes/${id}/magic-link`)).body.magic_link)
      const open = opener(door, ws)
      const page = await open(link)
      expect(page.status).toBe(200)
      expect(page.text).toContain('lang="es"')
      expect(page.text).toContain('Vista del sobre: solo lectura.')
      expect(page.text).not.toContain('name="action"')
      await door.control(ws).advanceClock(31 * 60 * 1000)
      expect((await open(link)).text).toContain('Este enlace ha expirado.')
      expect((await open(link.replace(/[^/]+$/, 'x'.repeat(64)))).status).toBe(404)
    })

    it('OKdokument: Submit answers 303 to the result URL; an expired request shows the vendor state', async () => {
      const ws = door.workspace('ok-page')
      const ok = okClient(door, ws)
      const created = await ok.create(createPdf({ resulturl: 'https://app.example.test/done?x=1' }))
      const open = opener(door, ws)
      const redirect = await open(String(created.json.url))
      expect(redirect.status).toBe(302)
      const pageUrl = new URL(String(redirect.location), String(created.json.url)).href
      const page = await open(pageUrl)
      expect(page.text).toContain('lang="sk"')
      expect(page.text).toContain('Podpísať')
      const done = await open(pageUrl, post({ action: 'sign' }))
      expect(done.status).toBe(303)
      expect(done.location).toMatch(/^https:\/\/app\.example\.test\/done\?x=1&name=acceptance&docid=[^&]+&lang=sk&result=success&ts=\d+$/)
      expect((await ok.metadata(String(created.json.documentId))).json.state).toBe('signed')
      // The fixture SR1, expired through the control plane: the page shows no buttons any more.
      await ok.simulate('expire', { signatureRequestId: SR.SR1 })
      const d1 = await open(`${door.base('/okdokument', ws)}/viewDocument?id=y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F&lang=en`)
      expect(d1.text).toContain('not waiting for a signature')
      expect(d1.text).not.toContain('name="action"')
    })

    it('tranadmin: the ROOT pickup path works, and a transferred party’s old link is dead', async () => {
      const ws = door.workspace('esf-page')
      const started = await door.control(ws).simulate('tranadmin', 'transaction-start', {
        template: 'Sales/Contract',
        emails: { Seller: 'seller@example.test', Buyer: 'buyer@example.test', Countersigner: 'counter@example.test' },
      })
      const esf = esfClient(door, ws)
      const open = opener(door, ws)
      const before = await esf.status(started.tid)
      expect(before.status).toBe(200)
      const code = /<pickupUrl>[^<]*\/P\/([A-Za-z0-9]{20})<\/pickupUrl>/.exec(before.text)?.[1]
      const root = `https://esf.example.test/P/${code ?? ''}`
      expect((await open(root)).text).toContain('Sign and submit')
      const moved = await esf.renotify(started.tid, { ESFPARTY: 'Seller', TRANSFERPARTY: 'new@example.test' })
      expect(moved.text).toContain('<result>success</result>')
      expect((await open(root)).text).toContain('This link is no longer valid')
    })

    it('Zoho: Reassign hands the action on; the new recipient gets the link, the old link says so', async () => {
      const ws = door.workspace('zoho-reassign')
      const c = zohoClient(door, ws)
      const r = await c.sent('Hand over', [{ name: 'Rosa Busy', email: 'rosa@example.test' }])
      const link = await mailLink(door, ws, 'zoho', 'rosa@example.test')
      const open = opener(door, ws)
      const page = await open(link)
      expect(page.text).toContain('Reassign to someone else')
      expect((await open(link, post({ action: 'reassign', reassign_name: 'Tom' }))).text).toContain(
        'Enter the name and e-mail address of the person to reassign to.',
      )
      const done = await open(link, post({ action: 'reassign', reassign_name: 'Tom Deputy', reassign_email: 'tom@example.test' }))
      expect(done.text).toContain('You have reassigned this document to Tom Deputy.')
      const after = await c.api(`/requests/${String(r.request_id)}`)
      expect((after.body.requests as { actions: { recipient_email: string }[] }).actions[0].recipient_email).toBe('tom@example.test')
      expect((await open(link)).text).toContain('You have reassigned this document.')
      const next = await mailLink(door, ws, 'zoho', 'tom@example.test')
      expect((await open(next, post({ action: 'sign' }))).text).toContain('You have signed this document')
    })

    it('Signio: Rechazar and Devolver send the reason as motivo / observaciones (e-mails, console), not on the wire', async () => {
      const ws = door.workspace('signio-motivo')
      const c = new Signio(door, ws)
      const open = opener(door, ws)
      const run = async (email: string, action: string, reason: string) => {
        const { id } = await c.ready([{ email }], { op_btnRechazo: 1, permiteEdicionFirmantes: 1 })
        await c.contacto(id, { email: `aviso.${email}`, identificacion: '9', rol: 'Notificado', states: [4, 8] })
        await c.distribuir(id)
        const link = await mailLink(door, ws, 'signio', email)
        expect((await open(link, post({ action, reason: ' ' }))).text).toContain('Indique el motivo.')
        const done = await open(link, post({ action, reason }))
        const mails = (await door.control(ws).outbox({ vendor: 'signio', type: 'email' })).items as EmailEntry[]
        const record = (await door.control(ws).records('signio')).items.find((x) => x.id === id)
        return { done: done.text, later: (await open(link)).text, mail: mails.find((m) => m.to === `aviso.${email}`)?.text, record }
      }
      const rejected = await run('rechaza@example.com', 'reject', 'Datos incorrectos')
      expect(rejected.done).toContain('Usted rechazó la transacción.')
      expect(rejected.mail).toContain('Motivo: Datos incorrectos')
      expect(rejected.record?.note).toBe('Motivo: Datos incorrectos')
      expect(rejected.later).toContain('Esta transacción fue rechazada. Motivo: Datos incorrectos')
      const returned = await run('devuelve@example.com', 'return', 'Falta la página 2')
      expect(returned.mail).toContain('Observaciones: Falta la página 2')
      expect(returned.later).toContain('Esta transacción fue devuelta con observaciones. Observaciones: Falta la página 2')
    })

    it('tranadmin: Decline (with a reason) runs party-decline: GetStatus says Canceled, the link says who declined', async () => {
      const ws = door.workspace('esf-decline')
      const started = await door.control(ws).simulate('tranadmin', 'transaction-start', {
        template: 'Sales/Contract',
        emails: { Seller: 'seller@example.test', Buyer: 'buyer@example.test', Countersigner: 'counter@example.test' },
      })
      const link = await mailLink(door, ws, 'tranadmin', 'seller@example.test')
      const open = opener(door, ws)
      expect((await open(link)).text).toContain('value="decline"')
      expect((await open(link, post({ action: 'decline' }))).text).toContain('Please give a reason.')
      expect((await open(link, post({ action: 'decline', reason: 'Wrong price' }))).text).toContain(
        'You have declined. The transaction has been canceled.',
      )
      expect((await esfClient(door, ws).status(started.tid)).text).toMatch(/<status>Canceled<\/status>/)
      expect((await open(link)).text).toContain('This transaction has been canceled: Seller declined. Reason: Wrong price')
    })
  },
  { adminToken: TOKEN, deliveryBackoffMs: [5, 10] },
)
