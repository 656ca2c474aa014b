import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { browserSuite } from '../helpers/browser.js'
import { startReceiver } from '../helpers/receiver.js'
import { PDF } from '../okdokument/helpers.js'

/** The QA console in Debian's Chromium, against a sandbox listening on a loopback port. */

const OK_KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'

describe('QA console in a browser', { timeout: 60_000 }, () => {
  const sandbox = createSandbox({ seed: 1, journalSize: 10_000, deliveryBackoffMs: [5, 10] })
  const ui = browserSuite(sandbox)
  const counter = (ws: string) => fetch(`${ui.server.url}/ws/${ws}/okdokument/JSON/counter`, { headers: { 'x-api-key': OK_KEY } })

  it('opens every section of a workspace without an error or a request leaving the machine', async () => {
    await counter('tour')
    await ui.page.goto(`${ui.server.url}/ws/tour/__sandbox/`)
    await expect.poll(() => ui.page.locator('main h2').first().textContent()).toContain('Signio')
    for (const tab of ['records', 'journal', 'outbox', 'faults', 'errors', 'simulate', 'workspace', 'vendors']) {
      await ui.page.getByRole('link', { name: tab[0].toUpperCase() + tab.slice(1), exact: true }).click()
      await expect.poll(() => ui.page.locator('nav a[aria-current=page]').getAttribute('data-tab')).toBe(tab)
      await ui.page.locator('main > *').first().waitFor()
    }
    await ui.browser.screenshot(ui.page, 'console-vendors')
    expect(ui.browser.problems).toEqual([])
  })

  it('adds a fault rule from the form and the next API call fails with it, live in the journal', async () => {
    await ui.page.goto(`${ui.server.url}/ws/faulty/__sandbox/#faults`)
    await ui.page.locator('#fault-vendor').selectOption('okdokument')
    await ui.page.locator('#fault-error').selectOption('okdokument.signature_requests_exhausted')
    await ui.page.locator('#fault-form input[name=path]').fill('/JSON/counter')
    await ui.page.locator('#fault-form input[name=times]').fill('1')
    await ui.page.getByRole('button', { name: 'Add rule' }).click()
    await expect.poll(() => ui.page.locator('#fault-rules').textContent()).toContain('okdokument.signature_requests_exhausted')
    const failed = await counter('faulty')
    const expected = (await sandbox.control.errors('okdokument')).items.find((e) => e.id === 'okdokument.signature_requests_exhausted')
    expect(failed.status).toBe(expected?.http_status)
    expect((await counter('faulty')).status).toBe(200)
    await ui.page.getByRole('link', { name: 'Journal', exact: true }).click()
    await expect.poll(() => ui.page.locator('#journal-list details').count()).toBe(2)
    await counter('faulty')
    // Live: the third call shows up without a reload.
    await expect.poll(() => ui.page.locator('#journal-list details').count(), { timeout: 6000 }).toBe(3)
    await ui.page.locator('#journal-list details').nth(2).locator('summary').click()
    await expect
      .poll(() => ui.page.locator('#journal-list details pre').first().textContent())
      .toContain('"status": ' + String(expected?.http_status))
    expect(await ui.page.locator('#journal-list pre').first().textContent()).toContain('[redacted]')
    await ui.browser.screenshot(ui.page, 'console-journal')
  })

  it('pages a full journal of 10,000 requests and filters it', async () => {
    const ws = 'busy'
    for (let i = 0; i < 10_000; i++)
      await sandbox.app.request(`http://localhost/ws/${ws}/okdokument/JSON/${i % 10 === 0 ? 'missing' : 'counter'}`, {
        headers: { 'x-api-key': OK_KEY },
      })
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#journal`)
    await expect.poll(() => ui.page.locator('.pager span').textContent()).toBe('1–50 of 10000')
    await ui.page.getByRole('button', { name: 'Older' }).click()
    await expect.poll(() => ui.page.locator('.pager span').textContent()).toBe('51–100 of 10000')
    await ui.page.locator('input[name=status]').fill('404')
    await ui.page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => ui.page.locator('.pager span').textContent()).toBe('1–50 of 1000')
    expect(await ui.page.locator('#journal-list details').count()).toBe(50)
  })

  it('pages a large outbox on the server, 50 entries at a time', async () => {
    const ws = 'mail-heavy'
    // Each RenotifyParty e-mails the party again: 120 e-mails in the outbox.
    for (let i = 0; i < 120; i++)
      await sandbox.app.request(`http://localhost/ws/${ws}/openesignforms/demo/tranadmin/RenotifyParty`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ESFLOGINUSER: 'apiuser@example.com',
          ESFLOGINPASSWORD: 'secure',
          ESFTID: '11111111-1111-4111-8111-111111111111',
          ESFPARTY: 'Employee',
        }).toString(),
      })
    expect((await sandbox.control.workspace(ws).outbox({ limit: 0 })).total).toBe(120)
    const asked: URL[] = []
    const seen = (req: { url(): string }) => {
      if (req.url().includes('/__sandbox/outbox')) asked.push(new URL(req.url()))
    }
    ui.page.on('request', seen)
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#outbox`)
    const pager = ui.page.locator('#outbox-list .pager span')
    await expect.poll(() => pager.textContent()).toBe('1–50 of 120')
    expect(await ui.page.locator('#outbox-list details').count()).toBe(50)
    await ui.page.locator('#outbox-list').getByRole('button', { name: 'Older' }).click()
    await expect.poll(() => pager.textContent()).toBe('51–100 of 120')
    await ui.page.locator('#outbox-list').getByRole('button', { name: 'Older' }).click()
    await expect.poll(() => pager.textContent()).toBe('101–120 of 120')
    expect(await ui.page.locator('#outbox-list details').count()).toBe(20)
    expect(await ui.page.locator('#outbox-list').getByRole('button', { name: 'Older' }).isDisabled()).toBe(true)
    await ui.page.locator('select[name=type]').selectOption('webhook')
    await ui.page.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => pager.textContent()).toBe('Nothing sent yet.')
    ui.page.off('request', seen)
    // The page never asked for the whole outbox: every listing named a page of 50.
    const listings = asked.filter((u) => u.pathname.endsWith('/outbox'))
    expect(listings.length).toBeGreaterThanOrEqual(4)
    expect(listings.every((u) => u.searchParams.get('limit') === '50')).toBe(true)
    expect(ui.browser.problems).toEqual([])
  })

  it('shows stored values as text, never as markup', async () => {
    const ws = 'escape'
    const evil = '<img src=x onerror="document.title=1">'
    await fetch(`${ui.server.url}/ws/${ws}/okdokument/JSON/signatureRequest`, {
      method: 'POST',
      headers: { 'x-api-key': OK_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ note: evil }),
    })
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#journal`)
    await ui.page.locator('#journal-list summary').first().click()
    await expect.poll(() => ui.page.locator('#journal-list pre').first().textContent()).toContain('<img src=x onerror=')
    expect(await ui.page.locator('main img').count()).toBe(0)
    expect(await ui.page.title()).not.toBe('1')
  })

  it('lists records with signer links, runs a simulate form, redelivers a callback and switches workspace', async () => {
    const ws = 'records'
    await counter(ws)
    await ui.page.goto(`${ui.server.url}/ws/${ws}/__sandbox/#records`)
    // OKdokument's fixture document with an active signature request links to its signer ui.page.
    const row = ui.page.locator('main tr', { hasText: 'y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F' })
    await expect
      .poll(() => row.locator('a', { hasText: 'signing page' }).getAttribute('href'))
      .toBe(`${ui.server.url}/ws/${ws}/okdokument/openDocument/1d58a59e-e8f7-4d07-bb99-d3fa39cb58a8`)
    // Simulate: the form is built from the action's JSON Schema.
    await ui.page.getByRole('link', { name: 'Simulate', exact: true }).click()
    await ui.page.locator('#simulate-vendor').selectOption('okdokument')
    expect(await ui.page.locator('form[data-action^="zoho/"]:visible').count()).toBe(0)
    const form = ui.page.locator('form[data-action="okdokument/expire"]')
    await form.getByLabel('signatureRequestId').fill('1d58a59e-e8f7-4d07-bb99-d3fa39cb58a8')
    await form.getByRole('button', { name: 'Run expire' }).click()
    await expect.poll(() => form.locator('pre').textContent()).toContain('"signature_request_status": "expired"')
    // Redeliver: a callback that failed gets another round of attempts from the button.
    const receiver = await startReceiver()
    try {
      receiver.respond(500)
      const ok = sandbox.control.workspace(ws)
      const created = await fetch(`${ui.server.url}/ws/${ws}/okdokument/JSON/signatureRequest`, {
        method: 'POST',
        headers: { 'x-api-key': OK_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ filedata: { content: PDF, filename: 'r.pdf' }, sendInfoURL: receiver.url }),
      })
      const sr = ((await created.json()) as { result: string }).result
      await ok.simulate('okdokument', 'sign', { signatureRequestId: sr })
      await ok.flushOutbox()
      receiver.respond(200)
      await ui.page.getByRole('link', { name: 'Outbox', exact: true }).click()
      await ui.page.locator('#outbox-list details.outbox-callback summary').first().click({ timeout: 10_000 })
      await ui.page.locator('#outbox-list details[open]').getByRole('button', { name: 'Redeliver' }).click({ timeout: 10_000 })
      await ok.flushOutbox()
      await expect.poll(async () => (await ok.outbox({ type: 'callback' })).items[0]).toMatchObject({ state: 'delivered' })
      await expect
        .poll(() => ui.page.locator('#outbox-list details.outbox-callback').first().textContent(), { timeout: 6000 })
        .toContain('delivered')
    } finally {
      await receiver.close()
    }
    // The workspace box opens another workspace's console.
    await ui.page.locator('#ws-input').fill('elsewhere')
    await ui.page.getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => new URL(ui.page.url()).pathname).toBe('/ws/elsewhere/__sandbox/')
    expect(ui.browser.problems).toEqual([])
  })

  it('is usable by keyboard: tabs are links, entries open with Enter', async () => {
    await ui.page.goto(`${ui.server.url}/ws/faulty/__sandbox/#journal`)
    await ui.page.locator('#journal-list summary').first().focus()
    await ui.page.keyboard.press('Enter')
    await expect.poll(() => ui.page.locator('#journal-list details[open] pre').count()).toBe(1)
    expect(ui.browser.problems).toEqual([])
  })
})

describe('QA console behind an admin token', { timeout: 60_000 }, () => {
  const TOKEN = 'browser-admin-token'
  const sandbox = createSandbox({ seed: 1, adminToken: TOKEN })
  const ui = browserSuite(sandbox)

  it('logs in with the token, keeps the session in an HttpOnly cookie and works with it', async () => {
    await ui.page.goto(`${ui.server.url}/__sandbox/`)
    await ui.page.getByLabel('Admin token').fill('wrong')
    await ui.page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => ui.page.getByRole('alert').textContent()).toContain('not the admin token')
    await ui.browser.screenshot(ui.page, 'console-login')
    await ui.page.getByLabel('Admin token').fill(TOKEN)
    await ui.page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => ui.page.locator('main h2').first().textContent()).toContain('Signio')
    const cookies = await ui.browser.context.cookies()
    expect(cookies.find((c) => c.name === 'esign_sandbox_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    expect(await ui.page.evaluate(() => document.cookie)).toBe('')
    // A write from the page's own script carries the CSRF header and goes through.
    await ui.page.getByRole('link', { name: 'Workspace', exact: true }).click()
    await ui.page.getByRole('button', { name: '+1 day' }).click()
    const clock = async () =>
      (
        (await (await fetch(`${ui.server.url}/__sandbox/clock`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
          offset_ms: number
        }
      ).offset_ms
    await expect.poll(clock).toBe(86_400_000)
    // A script that forgets it is refused.
    const status = await ui.page.evaluate(async () => (await fetch('/__sandbox/reset', { method: 'POST' })).status)
    expect(status).toBe(403)
    await ui.page.getByRole('button', { name: 'Log out' }).click()
    await ui.page.getByLabel('Admin token').waitFor()
    expect(ui.browser.problems.filter((p) => !/status of (401|403|404)/.test(p))).toEqual([])
  })
})
