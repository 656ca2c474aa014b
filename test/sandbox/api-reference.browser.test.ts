import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createSandbox } from '../../src/index.js'
import type { RunningServer } from '../../src/server.js'
import { launchBrowser, type Browser } from '../helpers/browser.js'

/**
 * GET /__sandbox/docs in Debian's Chromium: Swagger UI from the package, the
 * vendor switcher, "Try it out" against this sandbox, and no request that
 * leaves the machine (the browser helper aborts and records any).
 */

const sandbox = createSandbox({ seed: 1 })
let server: RunningServer
let browser: Browser
let page: Page

beforeAll(async () => {
  server = await sandbox.listen(0, '127.0.0.1')
  browser = await launchBrowser()
  page = await browser.page()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('API reference (/__sandbox/docs)', () => {
  it('the page and its assets come from the sandbox; it references nothing outside it', async () => {
    const res = await fetch(`${server.url}/__sandbox/docs`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'")
    const page = await res.text()
    const refs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(refs.length).toBeGreaterThanOrEqual(4)
    for (const ref of refs) {
      expect(ref).toMatch(/^(\/__sandbox\/|data:)/)
      if (ref.startsWith('/')) expect((await fetch(`${server.url}${ref}`)).status, ref).toBe(200)
    }
    const css = await (await fetch(`${server.url}/__sandbox/docs/swagger-ui.css`)).text()
    expect([...css.matchAll(/url\(\s*['"]?(?!data:)([^'")]+)/g)].map((m) => m[1])).toEqual([])
    expect((await fetch(`${server.url}/__sandbox/docs/package.json`)).status).toBe(404)
  })

  it('renders every vendor, switches between them and tries a call against this sandbox', async () => {
    await page.goto(`${server.url}/__sandbox/docs?vendor=okdokument`)
    await page.getByText('OKdokument (esign-sandbox)').waitFor({ timeout: 15_000 })
    const select = page.locator('.topbar select')
    const names = await select.locator('option').allTextContents()
    expect(names).toEqual([...sandbox.runtime.vendors.map((v) => v.name), 'Control plane (/__sandbox)'])

    await select.selectOption({ label: 'Control plane (/__sandbox)' })
    await page.getByText('esign-sandbox control plane').waitFor()
    const health = page.locator('#operations-control_plane-sandbox_get_health')
    await health.locator('.opblock-summary').click()
    await health.getByRole('button', { name: 'Execute' }).click()
    await health.locator('.live-responses-table tbody .response-col_status').first().waitFor()
    expect(await health.locator('.live-responses-table tbody .response-col_status').first().textContent()).toContain('200')
    expect(await health.locator('.live-responses-table .microlight').first().textContent()).toContain('"status": "ok"')
    await browser.screenshot(page, 'api-reference')
    expect(browser.problems).toEqual([])
  })
})
