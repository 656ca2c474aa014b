import type { VendorContext } from '../../lib/vendor.js'
import { escapeHtml } from '../../lib/html.js'
import { sendText } from '../../lib/reply.js'
import { refreshDocument } from './service/documents.js'
import type { OkWs } from './model.js'
import { isExpired } from './service/signature-requests.js'

/**
 * The sandbox's signer page (E13) and default result page (E14): HTML by
 * design, so a person can click Submit/Close in a browser. The buttons call
 * the control plane's simulate actions of this workspace.
 */
const HTML = 'text/html; charset=utf-8'

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font:16px system-ui;margin:2rem}button{margin-right:1rem;padding:.5rem 1.5rem}</style></head><body>${body}</body></html>`

export function signerPage(c: VendorContext, ws: OkWs): Response {
  const id = c.req.query('id') ?? ''
  const doc = refreshDocument(ws, ws.state.documents.get(id))
  if (!doc) return sendText(c, 404, page('Document not found', '<h1>Document not found</h1>'), HTML)
  const sr = doc.signatureRequestIds.map((s) => ws.state.signatureRequests.get(s)).find((s) => s?.status === 'active' && !isExpired(ws, s))
  const sb = c.get('sb')
  const control = `${sb.wsChosen === 'default' ? '' : `/ws/${encodeURIComponent(sb.workspaceId)}`}/__sandbox/simulate/okdokument`
  const fields =
    sr?.fieldConfig.map((f) => `<li>${escapeHtml(f.name)}: ${escapeHtml(f.value)}${f.readOnly ? ' (read-only)' : ''}</li>`).join('') ?? ''
  const actions = sr
    ? `<button data-action="sign">Submit</button><button data-action="cancel">Close</button>
<script>
for (const b of document.querySelectorAll('button')) b.onclick = async () => {
  const res = await fetch(${JSON.stringify(control)} + '/' + b.dataset.action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signatureRequestId: ${JSON.stringify(sr.id).replace(/</g, '\\u003c')}, lang: (navigator.language || 'en').slice(0, 2) }) })
  const out = await res.json()
  if (out.redirect_url) location.href = out.redirect_url
  else document.body.insertAdjacentText('beforeend', out.message || 'failed')
}
</script>`
    : '<p>No open signature request.</p>'
  const body = `<h1>${escapeHtml(doc.filename)}</h1><p>Document <code>${escapeHtml(doc.id)}</code>, state <strong>${escapeHtml(doc.state)}</strong></p><ul>${fields}</ul>${actions}`
  return sendText(c, 200, page(doc.filename, body), HTML)
}

export function thankYouPage(c: VendorContext): Response {
  const params = Object.entries(c.req.query())
    .map(([k, v]) => `<li>${escapeHtml(k)} = ${escapeHtml(v)}</li>`)
    .join('')
  return sendText(c, 200, page('Thank you', `<h1>Thank you</h1><ul>${params}</ul>`), HTML)
}
