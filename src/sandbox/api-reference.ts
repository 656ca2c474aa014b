import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import type { SandboxContext, SandboxEnv } from '../lib/context.js'
import { html, htmlPage, raw, sendHtml } from '../lib/html.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'

/**
 * `GET /__sandbox/docs`: the OpenAPI documents rendered by Swagger UI
 * (swagger-ui-dist, served from the package: no CDN), with a vendor switcher
 * (its top bar lists every document) and "Try it out" against this sandbox.
 * The page's policy allows requests to this origin only, so nothing leaves
 * the machine — not even a try-it aimed at a vendor's real host.
 */

/** The files of swagger-ui-dist the page loads, by the name it asks for. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
}

/** Starts Swagger UI from the page's JSON settings (a script file, so the policy needs no inline script). */
const INIT_JS = `(function () {
  var settings = JSON.parse(document.getElementById('settings').textContent);
  window.ui = SwaggerUIBundle({
    urls: settings.urls,
    'urls.primaryName': settings.primary,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    validatorUrl: null,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    persistAuthorization: true,
  });
})();
`

const POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

let assetDir: string | undefined
const assetCache = new Map<string, Promise<Buffer>>()

function asset(name: string): Promise<Buffer> {
  assetDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  let file = assetCache.get(name)
  if (!file) {
    file = readFile(join(assetDir, name))
    file.catch(() => assetCache.delete(name))
    assetCache.set(name, file)
  }
  return file
}

/** `/__sandbox/docs` or `/ws/<id>/__sandbox/docs`, as the browser sees it. */
function docsPath(c: SandboxContext): string {
  const path = new URL(c.req.url).pathname.replace(/\/+$/, '')
  return path.slice(0, path.indexOf('/__sandbox') + '/__sandbox'.length)
}

export function apiReferenceRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/docs', (c) => {
    const base = docsPath(c)
    const urls = [
      ...rt.vendors.map((v) => ({ url: `${base}/openapi/${v.id}.json`, name: v.name })),
      { url: `${base}/openapi/sandbox.json`, name: 'Control plane (/__sandbox)' },
    ]
    const wanted = c.req.query('vendor')
    const primary = rt.vendorById.get(wanted ?? '')?.name ?? (wanted === 'sandbox' ? urls[urls.length - 1].name : urls[0].name)
    const settings = JSON.stringify({ urls, primary }).replace(/</g, '\\u003c')
    const page = htmlPage({
      title: 'esign-sandbox — API reference',
      head: html`<link rel="stylesheet" href="${base}/docs/swagger-ui.css" />`,
      body: html`<div id="swagger-ui"></div>
        <script type="application/json" id="settings">
          ${raw(settings)}
        </script>
        <script src="${base}/docs/swagger-ui-bundle.js"></script>
        <script src="${base}/docs/swagger-ui-standalone-preset.js"></script>
        <script src="${base}/docs/init.js"></script>`,
    })
    return sendHtml(c, 200, page, { 'content-security-policy': POLICY })
  })
  app.get('/docs/init.js', (c) => c.body(INIT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
  app.get('/docs/:asset', async (c) => {
    const name = c.req.param('asset')
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined
    if (!type) return controlError(c, 404, 'not_found', `no API reference asset ${JSON.stringify(name)}`)
    const body = await asset(name)
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' })
  })
  return app
}
