import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import type { Sandbox } from '../../src/index.js'
import type { RunningServer } from '../../src/server.js'

/**
 * Debian's Chromium driven by playwright-core (`.ci/run` installs it when
 * missing). One browser per test file; every page records console errors,
 * uncaught exceptions and any request that would leave the machine (those are
 * aborted), so a test can assert there were none.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Screenshots land here (gitignored): test artefacts for a person to look at. */
export const ARTEFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))

export interface Browser {
  context: BrowserContext
  /** Console errors, page errors and off-machine requests seen so far. */
  problems: string[]
  page(): Promise<Page>
  screenshot(page: Page, name: string): Promise<string>
  close(): Promise<void>
}

const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//
const OFF_MACHINE = /^(https?|wss?):\/\/(?!(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/)/

export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'esign-sandbox-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  })
  const problems: string[] = []
  // Only requests to other hosts are routed (and aborted): intercepting every request would also catch
  // Chromium's own PDF viewer, which then fails to load its resources.
  await context.route(OFF_MACHINE, (route) => route.abort())
  context.on('request', (req) => {
    const url = req.url()
    if (/^(https?|wss?|ftp):/i.test(url) && !LOCAL.test(url)) problems.push(`request left the machine: ${url}`)
  })
  mkdirSync(ARTEFACTS, { recursive: true })
  return {
    context,
    problems,
    async page() {
      const page = await context.newPage()
      // A missing element fails within the test's time, naming the locator, instead of timing the whole test out.
      page.setDefaultTimeout(10_000)
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`)
      })
      page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`))
      page.on('dialog', (d) => void d.accept())
      return page
    },
    async screenshot(page, name) {
      const path = join(ARTEFACTS, `${name}.png`)
      // Chromium's PDF viewer draws a moment after the page has loaded.
      if (await page.locator('object[type="application/pdf"]').count()) await page.waitForTimeout(1500)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export interface BrowserSuite {
  server: RunningServer
  browser: Browser
  /** One page, opened for the whole file. */
  page: Page
}

/**
 * A sandbox listening on a free loopback port and a Chromium with one page,
 * for the tests of the calling `describe` (or file); both stop afterwards.
 * Read the fields inside tests: they are set once `beforeAll` has run.
 */
export function browserSuite(sandbox: Pick<Sandbox, 'listen'>): BrowserSuite {
  const suite = {} as BrowserSuite
  beforeAll(async () => {
    suite.server = await sandbox.listen(0, '127.0.0.1')
    suite.browser = await launchBrowser()
    suite.page = await suite.browser.page()
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.server?.close()
  })
  return suite
}
