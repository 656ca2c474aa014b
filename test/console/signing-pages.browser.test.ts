import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox, type EmailEntry } from '../../src/index.js'
import type { Door } from '../helpers/doors.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { browserSuite } from '../helpers/browser.js'
import { client as zohoClient, form as zohoForm, tinyPdf } from '../zoho/helpers.js'
import { Signio } from '../signio/helpers.js'
import { client as okClient, createPdf } from '../okdokument/helpers.js'

/**
 * Each vendor's signing flow as a person walks it: the request is created
 * through the vendor API over HTTP, the signer link comes from the outbox
 * e-mail, the page is opened, filled and submitted in Chromium, the API
 * reports the new status and the webhook/callback shows in the console's outbox.
 */

const sandbox = createSandbox({ seed: 1, deliveryBackoffMs: [5, 10] })
const ui = browserSuite(sandbox)
let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver?.close()
})

/** The vendor contract helpers, pointed at the listening server (a person's client, not app.request). */
function httpDoor(): Door {
  const door: Door = {
    mode: 'app',
    sandbox,
    workspace: (label = 't') => label,
    url: (prefix, path, ws) => `${ui.server.url}/ws/${ws}${prefix}${path}`,
    base: (prefix, ws) => `${ui.server.url}/ws/${ws}${prefix}`,
    fetch: (prefix, path, ws, init) => fetch(door.url(prefix, path, ws), { redirect: 'manual', ...init }),
    follow: (url, init) => fetch(url, { redirect: 'manual', ...init }),
    control: (ws) => sandbox.control.workspace(ws),
  }
  return door
}

async function signerLink(ws: string, vendor: string, to: string): Promise<string> {
  const mails = (await sandbox.control.workspace(ws).outbox({ vendor, type: 'email' })).items as EmailEntry[]
  const mail = mails.filter((m) => m.to === to && m.links.length).at(-1)
  if (!mail) throw new Error(`no e-mail with a link to ${to}: ${JSON.stringify(mails.map((m) => m.subject))}`)
  return mail.links[0]
}

/** The console's outbox of that workspace lists the delivery to the receiver. */
async function seeDeliveryInConsole(ws: string, text: string): Promise<void> {
  await sandbox.control.workspace(ws).flushOutbox()
  await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#outbox`)
  await expect.poll(() => ui.page.locator('#outbox-list').textContent()).toContain(receiver.url)
  await expect.poll(() => ui.page.locator('#outbox-list').textContent()).toContain(text)
}

describe('Zoho Sign: zsguest page', { timeout: 60_000 }, () => {
  const ws = 'zoho-page'
  const c = zohoClient(httpDoor(), ws)
  beforeAll(async () => {
    await c.api(
      '/accounts/webhooks',
      zohoForm({ webhook_url: receiver.url, webhook_actions: 'Sign,Decline,Completed,Viewed,Forward', purpose: 'qa' }),
    )
  })

  it('signs from the e-mail link; the API says completed and the webhook shows in the console', async () => {
    const r = await c.sent('Lease.pdf', [{ name: 'Dana Signer', email: 'dana@example.test' }])
    await ui.page.goto(await signerLink(ws, 'zoho', 'dana@example.test'))
    await expect.poll(() => ui.page.locator('h1').textContent()).toBe('Lease.pdf')
    expect(await ui.page.locator('dl').textContent()).toContain('Dana Signer')
    expect(await ui.page.locator('object[type="application/pdf"]').count()).toBe(1)
    await ui.browser.screenshot(ui.page, 'zoho-sign-page')
    await ui.page.getByRole('button', { name: 'Finish signing' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('You have signed this document')
    const after = await c.api(`/requests/${String(r.request_id)}`)
    expect((after.body.requests as { request_status: string }).request_status).toBe('completed')
    await seeDeliveryInConsole(ws, 'RequestCompleted')
    await ui.page.locator('#outbox-list details.outbox-webhook summary').first().click()
    await ui.browser.screenshot(ui.page, 'console-outbox')
    // The used link shows Zoho's state, not a crash.
    await ui.page.goto(await signerLink(ws, 'zoho', 'dana@example.test'))
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('completed by all parties')
  })

  it('declines with a reason from a second request', async () => {
    const r = await c.sent('NDA.pdf', [{ name: 'Eve Decliner', email: 'eve@example.test' }])
    await ui.page.goto(await signerLink(ws, 'zoho', 'eve@example.test'))
    await ui.page.getByRole('button', { name: 'Decline' }).click()
    await expect.poll(() => ui.page.getByRole('alert').textContent()).toContain('reason')
    await ui.page.getByLabel('Reason for declining').fill('Wrong address')
    await ui.page.getByRole('button', { name: 'Decline' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('declined')
    const after = await c.api(`/requests/${String(r.request_id)}`)
    expect(after.body.requests).toMatchObject({ request_status: 'declined', decline_reason: 'Wrong address' })
    await seeDeliveryInConsole(ws, 'RequestRejected')
    expect(ui.browser.problems).toEqual([])
  })

  it('reassigns to someone else, who signs from the new e-mail; the Forward webhook shows in the console', async () => {
    const r = await c.sent('Handover.pdf', [{ name: 'Rosa Busy', email: 'rosa@example.test' }])
    await ui.page.goto(await signerLink(ws, 'zoho', 'rosa@example.test'))
    await ui.page.getByLabel('Name', { exact: true }).fill('Tom Deputy')
    await ui.page.getByLabel('E-mail address').fill('tom@example.test')
    await ui.page.getByRole('button', { name: 'Reassign' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('reassigned this document to Tom Deputy')
    await ui.page.goto(await signerLink(ws, 'zoho', 'tom@example.test'))
    await ui.page.getByRole('button', { name: 'Finish signing' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('You have signed this document')
    const after = await c.api(`/requests/${String(r.request_id)}`)
    expect((after.body.requests as { request_status: string }).request_status).toBe('completed')
    await seeDeliveryInConsole(ws, 'RequestForwarded')
    expect(ui.browser.problems).toEqual([])
  })
})

describe('Signio: firmar/<token> page', { timeout: 60_000 }, () => {
  const ws = 'signio-page'
  const c = new Signio(httpDoor(), ws)
  beforeAll(async () => {
    await sandbox.control.workspace(ws).simulate('signio', 'set_callback', { url: receiver.url })
  })
  const transaction = async (email: string, opciones: Record<string, unknown> = {}) => {
    const id = await c.crear({ nombre: `Contrato de ${email}`, ...opciones })
    const doc = await c.upload(id, 'contrato.pdf', await tinyPdf('contrato'))
    await c.vincular(id, await c.contacto(id, { email, nombre: 'Laura Díaz' }), doc)
    expect((await c.distribuir(id)).status).toBe(200)
    return id
  }

  it('firma desde el enlace del correo; la API dice Firmada y el callback aparece en la consola', async () => {
    const id = await transaction('laura@example.com')
    await ui.page.goto(await signerLink(ws, 'signio', 'laura@example.com'))
    await expect.poll(() => ui.page.locator('html').getAttribute('lang')).toBe('es')
    expect(await ui.page.locator('h1').textContent()).toBe('Contrato de laura@example.com')
    expect(await ui.page.locator('dl').textContent()).toContain('Laura Díaz')
    await ui.browser.screenshot(ui.page, 'signio-sign-page')
    await ui.page.getByRole('button', { name: 'Firmar' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('Documentos firmados')
    expect((await c.gestionar(id)).body.estado).toBe(3)
    await seeDeliveryInConsole(ws, '"estado":3')
  })

  it('rechaza con motivo una segunda transacción', async () => {
    const id = await transaction('pedro@example.com', { opciones: { op_btnRechazo: 1 } })
    await ui.page.goto(await signerLink(ws, 'signio', 'pedro@example.com'))
    await ui.page.getByLabel('Motivo u observaciones').fill('Datos incorrectos')
    await ui.page.getByRole('button', { name: 'Rechazar' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('rechazó')
    expect((await c.gestionar(id)).body.estado).toBe(4)
    await seeDeliveryInConsole(ws, '"estado":4')
    // The used link shows Signio's state, not a crash.
    await ui.page.goto(await signerLink(ws, 'signio', 'pedro@example.com'))
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('fue rechazada. Motivo: Datos incorrectos')
    expect(ui.browser.problems).toEqual([])
  })
})

describe('tranadmin: pickup page at the mount', { timeout: 60_000 }, () => {
  const ws = 'esf-page'
  const getStatus = async (tid: string) =>
    (
      await fetch(`${ui.server.url}/ws/${ws}/openesignforms/demo/tranadmin/GetStatus`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ESFLOGINUSER: 'apiuser@example.com', ESFLOGINPASSWORD: 'secure', ESFTID: tid }),
      })
    ).text()

  it('the e-mail names the ESF host, the console shows the local link, the party signs there', async () => {
    const started = await sandbox.control.workspace(ws).simulate('tranadmin', 'transaction-start', {
      template: 'Sales/Contract',
      emails: { Seller: 'seller@example.test', Buyer: 'buyer@example.test', Countersigner: 'counter@example.test' },
    })
    const link = await signerLink(ws, 'tranadmin', 'seller@example.test')
    // Sent by an in-process control call: the real host, with the workspace it leads back to under MSW.
    expect(link).toMatch(new RegExp(`^https://esf\\.example\\.test/ws/${ws}/demo/P/[A-Za-z0-9]{20}$`))
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#outbox`)
    await ui.page.locator('#outbox-list summary', { hasText: 'seller@example.test' }).click()
    const local = ui.page.locator('#outbox-list details[open] a', { hasText: '/openesignforms/demo/P/' })
    const href = await local.getAttribute('href')
    expect(href).toBe(`${ui.server.url}/ws/${ws}/openesignforms${new URL(link).pathname.replace(`/ws/${ws}`, '')}`)
    await ui.page.goto(href ?? '')
    await expect.poll(() => ui.page.locator('h1').textContent()).toBe('Sales/Contract — Seller')
    await ui.browser.screenshot(ui.page, 'tranadmin-pickup-page')
    await ui.page.getByRole('button', { name: 'Sign and submit' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('signed and submitted')
    const status = await getStatus(started.tid)
    expect(status).toMatch(/<name>Seller<\/name>\s*<status>Completed<\/status>/)
    expect(status).toMatch(/<name>Buyer<\/name>\s*<status>Active<\/status>/)
    // The next party's activation e-mail is what ESF sends next; it shows in the console's outbox.
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#outbox`)
    await expect.poll(() => ui.page.locator('#outbox-list').textContent()).toContain('buyer@example.test')
    await ui.page.goto(href ?? '')
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('already completed')
    expect(ui.browser.problems).toEqual([])
  })

  it('declines with a reason on a second transaction: GetStatus says Canceled, the console says who and why', async () => {
    const started = await sandbox.control.workspace(ws).simulate('tranadmin', 'transaction-start', {
      template: 'Sales/Contract',
      emails: { Seller: 'late.seller@example.test', Buyer: 'buyer@example.test', Countersigner: 'counter@example.test' },
    })
    const link = await signerLink(ws, 'tranadmin', 'late.seller@example.test')
    await ui.page.goto(`${ui.server.url}/ws/${ws}/openesignforms${new URL(link).pathname.replace(`/ws/${ws}`, '')}`)
    await ui.page.getByLabel('Reason for declining').fill('Price changed')
    await ui.page.getByRole('button', { name: 'Decline' }).click()
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('The transaction has been canceled.')
    expect(await getStatus(started.tid)).toMatch(/<status>Canceled<\/status>/)
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#records`)
    await expect
      .poll(() => ui.page.locator('main tr', { hasText: started.tid }).textContent())
      .toContain('Declined by Seller: Price changed')
    expect(ui.browser.problems).toEqual([])
  })
})

describe('OKdokument: openDocument → viewDocument page', { timeout: 60_000 }, () => {
  const ws = 'ok-page'
  let ok: ReturnType<typeof okClient>
  beforeAll(() => {
    ok = okClient(httpDoor(), ws)
  })
  const request = async (email: string, lang = 'sk') => {
    const created = await ok.create(createPdf({ sendInfoURL: receiver.url, rules: { emailTo: email, nameTo: 'Jana Nováková', lang } }))
    expect(created.status).toBe(200)
    return created.json.documentId as string
  }

  it('podpíše z odkazu v e-maile; API hlási signed a SendInfo je v konzole', async () => {
    const documentId = await request('jana@example.test')
    await ui.page.goto(await signerLink(ws, 'okdokument', 'jana@example.test'))
    await expect.poll(() => ui.page.locator('html').getAttribute('lang')).toBe('sk')
    expect(ui.page.url()).toContain('/okdokument/viewDocument?id=')
    expect(await ui.page.locator('dl').textContent()).toContain('jana@example.test')
    await ui.browser.screenshot(ui.page, 'okdokument-sign-page')
    await ui.page.getByRole('button', { name: 'Podpísať' }).click()
    await expect.poll(() => ui.page.url()).toContain('thankYouPage.html?')
    expect(new URL(ui.page.url()).searchParams.get('result')).toBe('success')
    expect((await ok.metadata(documentId)).json.state).toBe('signed')
    await seeDeliveryInConsole(ws, '"state":"signed"')
  })

  it('closes (cancels) a second request in English', async () => {
    const documentId = await request('john@example.test', 'en')
    await ui.page.goto(await signerLink(ws, 'okdokument', 'john@example.test'))
    await ui.page.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => ui.page.url()).toContain('result=close')
    expect((await ok.metadata(documentId)).json.state).toBe('canceled')
    await seeDeliveryInConsole(ws, '"state":"canceled"')
    // The used link: openDocument answers OKdokument's own error, the page says the request is over.
    await ui.page.goto(`${ui.server.url}/ws/${ws}/okdokument/viewDocument?id=${documentId}&lang=en`)
    await expect.poll(() => ui.page.getByRole('status').textContent()).toContain('not waiting for a signature')
    expect(ui.browser.problems).toEqual([])
  })
})
