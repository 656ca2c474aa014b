import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { browserSuite } from '../helpers/browser.js'

/**
 * GET /__sandbox/docs in Debian's Chromium: Swagger UI from the package, the
 * vendor switcher, "Try it out" against this sandbox, and no request that
 * leaves the machine (the browser helper aborts and records any).
 */

const sandbox = createSandbox({ seed: 1 })
const ui = browserSuite(sandbox)

describe('API reference (/__sandbox/docs)', { timeout: 60_000 }, () => {
  it('the page and its assets come from the sandbox; it references nothing outside it', async () => {
    const res = await fetch(`${ui.server.url}/__sandbox/docs`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'")
    const html = await res.text()
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(refs.length).toBeGreaterThanOrEqual(4)
    for (const ref of refs) {
      expect(ref).toMatch(/^(\/__sandbox\/|data:)/)
      if (ref.startsWith('/')) expect((await fetch(`${ui.server.url}${ref}`)).status, ref).toBe(200)
    }
    const css = await (await fetch(`${ui.server.url}/__sandbox/docs/swagger-ui.css`)).text()
    expect([...css.matchAll(/url\(\s*['"]?(?!data:)([^'")]+)/g)].map((m) => m[1])).toEqual([])
    expect((await fetch(`${ui.server.url}/__sandbox/docs/package.json`)).status).toBe(404)
  })

  it('renders every vendor, switches between them and tries a call against this sandbox', async () => {
    await ui.page.goto(`${ui.server.url}/__sandbox/docs?vendor=okdokument`)
    await ui.page.getByText('OKdokument (esign-sandbox)').waitFor({ timeout: 15_000 })
    const select = ui.page.locator('.topbar select')
    const names = await select.locator('option').allTextContents()
    expect(names).toEqual([...sandbox.runtime.vendors.map((v) => v.name), 'Control plane (/__sandbox)'])

    await select.selectOption({ label: 'Control plane (/__sandbox)' })
    await ui.page.getByText('esign-sandbox control plane').waitFor()
    const health = ui.page.locator('#operations-control_plane-sandbox_get_health')
    await health.locator('.opblock-summary').click()
    await health.getByRole('button', { name: 'Execute' }).click()
    await health.locator('.live-responses-table tbody .response-col_status').first().waitFor()
    expect(await health.locator('.live-responses-table tbody .response-col_status').first().textContent()).toContain('200')
    expect(await health.locator('.live-responses-table .microlight').first().textContent()).toContain('"status": "ok"')
    await ui.browser.screenshot(ui.page, 'api-reference')
    expect(ui.browser.problems).toEqual([])
  })
})
