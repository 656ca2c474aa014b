import { Hono } from 'hono'
import type { SandboxContext, SandboxEnv } from '../lib/context.js'
import { html, htmlPage, PAGE_POLICY, sendHtml } from '../lib/html.js'
import type { Runtime } from '../runtime.js'
import { dashboardClient } from './dashboard-client.js'
import { DASHBOARD_STYLE } from './dashboard-style.js'
import { adminSession, callerOf, sameSecret, sessionCookie } from './session.js'

/**
 * The QA console at `/__sandbox/` (and `/ws/<id>/__sandbox/`): one server-
 * rendered shell plus one script that reads the JSON control plane. Nothing
 * is loaded from outside the sandbox. With an admin token, a login page first.
 */

const CLIENT_JS = `(${dashboardClient.toString()})();\n`
const SCRIPT_POLICY = PAGE_POLICY.replace("default-src 'self'", "default-src 'self'; script-src 'self'; connect-src 'self'")

/** `/__sandbox` or `/ws/<id>/__sandbox`, as the browser sees it. */
function consolePath(c: SandboxContext): string {
  const path = new URL(c.req.url).pathname
  return path.slice(0, path.indexOf('/__sandbox') + '/__sandbox'.length)
}

const secureRequest = (c: SandboxContext) => c.get('sb').origin.startsWith('https:')

function loginPage(c: SandboxContext, failed: boolean): Response {
  const body = html`<main class="login">
    <h1>esign-sandbox</h1>
    <p>This sandbox has an admin token. Enter it to open the QA console.</p>
    <form method="post" action="${consolePath(c)}/login">
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
      <button type="submit">Log in</button>
      ${failed ? html`<p class="error" role="alert">That token is not the admin token.</p>` : ''}
    </form>
  </main>`
  return sendHtml(c, failed ? 401 : 200, htmlPage({ title: 'esign-sandbox — log in', style: DASHBOARD_STYLE, body }))
}

function shell(c: SandboxContext, rt: Runtime): Response {
  const sb = c.get('sb')
  const token = rt.options.adminToken
  const base = consolePath(c)
  const body = html`<header class="top">
      <h1><a href="${base}/">esign-sandbox</a> <small>${rt.version}</small></h1>
      <form id="ws-form" class="ws" aria-label="Workspace">
        <label for="ws-input">Workspace</label>
        <input id="ws-input" list="ws-list" value="${sb.workspaceId}" pattern="[A-Za-z0-9_\\-]{1,64}" required />
        <datalist id="ws-list"></datalist>
        <button type="submit">Open</button>
      </form>
      <div id="clock" class="clock" aria-live="polite"></div>
      ${token ? html`<form method="post" action="${base}/logout"><button type="submit">Log out</button></form>` : ''}
    </header>
    <nav class="tabs" aria-label="Sections">
      ${['vendors', 'records', 'journal', 'outbox', 'faults', 'errors', 'simulate', 'workspace'].map(
        (t) => html`<a href="#${t}" data-tab="${t}">${t[0].toUpperCase() + t.slice(1)}</a>`,
      )}
    </nav>
    <main id="main" tabindex="-1"></main>
    <div id="toast" role="status" aria-live="polite"></div>
    <script src="${base}/console.js" defer></script>`
  const csrf = token ? adminSession(token).csrf : ''
  const page = htmlPage({
    title: `esign-sandbox — ${sb.workspaceId}`,
    style: DASHBOARD_STYLE,
    data: { workspace: sb.workspaceId, base, csrf },
    body,
  })
  return sendHtml(c, 200, page, { 'content-security-policy': SCRIPT_POLICY })
}

/** `GET /__sandbox/`: the console, or its login page. */
export function dashboardPage(rt: Runtime): (c: SandboxContext) => Response {
  const token = rt.options.adminToken
  return (c) => (token && callerOf(c, token) === 'none' ? loginPage(c, false) : shell(c, rt))
}

export function dashboardRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  const token = rt.options.adminToken
  app.get('/console.js', (c) =>
    c.body(CLIENT_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    }),
  )
  // The page itself is `/__sandbox/` (see `dashboardPage`); without the slash, relative URLs would miss it.
  app.get('/', (c) => c.body(null, 308, { location: `${consolePath(c)}/` }))
  if (token) {
    app.post('/login', async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const given = typeof form.token === 'string' ? form.token : ''
      if (!sameSecret(given, token)) return loginPage(c, true)
      return c.body(null, 303, {
        location: `${consolePath(c)}/`,
        'set-cookie': sessionCookie(adminSession(token).cookie, secureRequest(c)),
      })
    })
    app.post('/logout', (c) => c.body(null, 303, { location: `${consolePath(c)}/`, 'set-cookie': sessionCookie('', secureRequest(c)) }))
  }
  return app
}
