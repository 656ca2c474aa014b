import type { SandboxContext } from './context.js'
import { html, htmlPage, sendHtml, type Html } from './html.js'
import { readForm } from './body.js'
import { ControlError } from './vendor-error.js'
import type { z } from 'zod'
import type { CallerScope, VendorContext, VendorHandler, Ws } from './vendor.js'
import { sendBytes } from './reply.js'
import { parseSimulateBody, type SimulateAction } from './simulate.js'
import { exclusive } from './exclusive.js'

/**
 * What every vendor's signing page shares: one layout (the document inline,
 * who signs, the fields to fill, the vendor's buttons), reading the posted
 * form, and turning a refused transition into the vendor's wording. Each
 * vendor's `pages.ts` decides the words, the buttons and which of its own
 * simulate actions a button runs, so a page drives exactly what the
 * control plane's simulate action drives.
 */

export interface PageField {
  name: string
  label: string
  type: 'text' | 'email' | 'date' | 'checkbox'
  required: boolean
  value?: string
  readOnly?: boolean
}

export interface PageButton {
  /** Posted as `action`. */
  value: string
  label: string
  kind: 'primary' | 'danger' | 'secondary'
  /** This button needs the reason box filled in. */
  needsReason?: boolean
}

/** The words a page uses, in the vendor's language. */
export interface PageWords {
  signer: string
  status: string
  document: string
  documents: string
  download: string
  fields: string
  reason: string
  reasonMissing: string
  noPdf: string
  /** A post without one of the page's buttons. */
  chooseAction: string
}

export const ENGLISH: PageWords = {
  signer: 'Signer',
  status: 'Status',
  document: 'Document',
  documents: 'Documents',
  download: 'Open the PDF',
  fields: 'Fields to fill in',
  reason: 'Reason',
  reasonMissing: 'Please give a reason.',
  noPdf: 'Your browser does not show PDFs inline.',
  chooseAction: 'Choose one of the buttons.',
}

/** What every page of one vendor shares: its language, header and words. */
export interface PageLook {
  lang: string
  /** Vendor name in the page's header bar. */
  brand: string
  /** Header colour, so a tester sees at a glance whose page it is. */
  accent: string
  words: PageWords
}

export interface SigningPage extends PageLook {
  title: string
  signer?: { name?: string; email?: string; role?: string }
  /** State line under the title (the vendor's own status words). */
  status?: string
  documents: { name: string; url: string }[]
  /** `done` after an action, `closed` for a link that no longer signs (used, expired, recalled), `error` for a refused action. */
  notice?: { kind: 'done' | 'closed' | 'error'; text: string }
  /** Absent when there is nothing left to do on this link. */
  form?: {
    action: string
    fields: PageField[]
    buttons: PageButton[]
    /** Shown only when a button needs a reason. */
    reasonLabel?: string
    /** More inputs, each group for one button (e.g. whom to delegate to); never required by the browser. */
    sections?: { legend: string; fields: PageField[] }[]
  }
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f3f4f6}
header{padding:.7rem 1.2rem;color:#fff;font-weight:600;letter-spacing:.01em}
main{max-width:980px;margin:1rem auto;padding:1.2rem 1.5rem;background:#fff;border:1px solid #d6dbe1;border-radius:8px}
h1{font-size:1.3rem;margin:.2rem 0 .6rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0 1rem}
dt{color:#5b6470}
dd{margin:0}
.notice{padding:.6rem .9rem;border-radius:6px;margin:.8rem 0;border:1px solid}
.notice.done{background:#ecfdf3;border-color:#067647}
.notice.closed{background:#f6f8fa;border-color:#8c959f}
.notice.error{background:#fef3f2;border-color:#b42318}
object{width:100%;height:32rem;border:1px solid #d6dbe1;border-radius:4px;margin:.3rem 0 1rem}
fieldset{border:1px solid #d6dbe1;border-radius:6px;margin:0 0 1rem;padding:.6rem .9rem}
legend{font-weight:600}
label{display:block;margin:.4rem 0}
label span{display:block;color:#5b6470;font-size:.9em}
input[type=text],input[type=email],input[type=date],textarea{width:100%;padding:.35rem .5rem;border:1px solid #8c959f;border-radius:4px;font:inherit}
textarea{min-height:4rem}
.buttons{display:flex;gap:.6rem;flex-wrap:wrap;margin-top:.8rem}
button{font:inherit;padding:.45rem 1.2rem;border-radius:4px;border:1px solid #8c959f;background:#fff;cursor:pointer}
button.primary{color:#fff}
button.danger{color:#b42318;border-color:#b42318}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
`

function fieldInput(f: PageField): Html {
  const id = `f-${f.name.replace(/[^A-Za-z0-9_-]/g, '_')}`
  if (f.type === 'checkbox')
    return html`<label for="${id}"
      ><input
        id="${id}"
        type="checkbox"
        name="${f.name}"
        value="true"
        ${f.value === 'true' ? html`checked` : ''}
        ${f.readOnly ? html`disabled` : ''}
        ${f.required ? html`required` : ''}
      />
      ${f.label}</label
    >`
  return html`<label for="${id}"
    ><span>${f.label}${f.required ? ' *' : ''}</span
    ><input
      id="${id}"
      type="${f.type}"
      name="${f.name}"
      value="${f.value ?? ''}"
      ${f.readOnly ? html`readonly` : ''}
      ${f.required ? html`required` : ''}
  /></label>`
}

export function renderSigningPage(p: SigningPage): Html {
  const { words } = p
  const signer = p.signer
  const form = p.form
  const body = html`<header style="background:${p.accent}">${p.brand}</header>
    <main>
      <h1>${p.title}</h1>
      <dl>
        ${
          signer
            ? html`<dt>${words.signer}</dt>
                <dd>
                  ${[signer.name, signer.email ? `<${signer.email}>` : '', signer.role ? `(${signer.role})` : ''].filter(Boolean).join(' ')}
                </dd>`
            : ''
        }
        ${
          p.status
            ? html`<dt>${words.status}</dt>
                <dd class="status">${p.status}</dd>`
            : ''
        }
      </dl>
      ${p.notice ? html`<div class="notice ${p.notice.kind}" role="${p.notice.kind === 'error' ? 'alert' : 'status'}">${p.notice.text}</div>` : ''}
      ${p.documents.map(
        (d) =>
          html`<section>
            <h2 style="font-size:1rem;margin:.4rem 0">${words.document}: ${d.name}</h2>
            <object data="${d.url}" type="application/pdf" title="${d.name}">
              <p>${words.noPdf} <a href="${d.url}">${words.download}</a></p>
            </object>
          </section>`,
      )}
      ${
        form
          ? html`<form method="post" action="${form.action}">
              ${
                form.fields.length
                  ? html`<fieldset>
                      <legend>${words.fields}</legend>
                      ${form.fields.map(fieldInput)}
                    </fieldset>`
                  : ''
              }
              ${(form.sections ?? []).map(
                (s) =>
                  html`<fieldset>
                    <legend>${s.legend}</legend>
                    ${s.fields.map(fieldInput)}
                  </fieldset>`,
              )}
              ${
                form.buttons.some((b) => b.needsReason)
                  ? html`<label for="reason"
                      ><span>${form.reasonLabel ?? words.reason}</span><textarea id="reason" name="reason"></textarea>
                    </label>`
                  : ''
              }
              <div class="buttons">
                ${form.buttons.map(
                  (b) =>
                    html`<button
                      type="submit"
                      name="action"
                      value="${b.value}"
                      class="${b.kind}"
                      ${b.kind === 'primary' ? html`style="background:${p.accent};border-color:${p.accent}"` : ''}
                      ${b.kind === 'primary' ? '' : html`formnovalidate`}
                    >
                      ${b.label}
                    </button>`,
                )}
              </div>
            </form>`
          : ''
      }
    </main>`
  return htmlPage({ title: p.title, lang: p.lang, style: STYLE, body })
}

export function sendSigningPage(c: SandboxContext, status: number, page: SigningPage): Response {
  return sendHtml(c, status, renderSigningPage(page))
}

/** The posted form of a signing page (urlencoded; repeated names keep the first value). */
export async function postedForm(c: SandboxContext): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [k, v] of await readForm(c, 1024 * 1024)) if (!(k in out)) out[k] = v
  return out
}

/** How this page request reached the sandbox, for the links the simulate action writes (e-mails, callbacks). */
export function pageCaller(c: SandboxContext): CallerScope {
  const sb = c.get('sb')
  return { workspaceId: sb.workspaceId, base: sb.base }
}

/**
 * Runs a vendor's simulate action for a page button, exactly as
 * `POST /__sandbox/simulate/<vendor>/<action>` does (the action's own schema
 * parses the body first). A transition the vendor refuses (the control
 * plane's 400/404/409) comes back as the message the page shows; anything
 * else is a real failure and propagates.
 */
export async function runAction<S, Z extends z.ZodType, R>(
  action: SimulateAction<S, Z, R>,
  ws: Ws<S>,
  body: z.input<Z>,
  caller: CallerScope,
): Promise<{ ok: true; result: R } | { ok: false; message: string }> {
  try {
    const input = parseSimulateBody(action.schema, body)
    // The same queue as POST /__sandbox/simulate: a page button never interleaves with another action.
    return { ok: true, result: await exclusive(ws.state as object, () => action.run(ws, input, caller)) }
  } catch (err) {
    if (err instanceof ControlError) return { ok: false, message: err.message }
    throw err
  }
}

/** A document shown inline in the page's `<object>` (never a download prompt, never cached). */
export function sendInlineFile(c: SandboxContext, bytes: Uint8Array, type = 'application/pdf'): Response {
  return sendBytes(c, 200, bytes, type, { 'content-disposition': 'inline', 'cache-control': 'no-store' })
}

/** A link that names nothing in this workspace: 404 with the vendor's words, never its API error. */
export function sendInvalidLink(c: SandboxContext, look: PageLook, title: string, text: string): Response {
  return sendSigningPage(c, 404, { ...look, title, documents: [], notice: { kind: 'closed', text } })
}

/** What a button did: the notice to show, or a reply of its own (OKdokument redirects to its result URL). */
export type PageOutcome = Notice | Response
type Notice = NonNullable<SigningPage['notice']>

/** The posted button and its reason, already checked against the buttons the page offers. */
export interface PagePost {
  action: string
  reason: string
  form: Record<string, string>
}

/**
 * One vendor's signing page: how a link finds its signer, when it no longer
 * signs, how it looks, and what its buttons do. `signingFlow` turns that into
 * the GET and POST handlers, so every vendor's page opens, refuses and
 * answers the same way.
 */
export interface SigningFlow<S, T> {
  look(c: VendorContext): PageLook
  /** The page for a link that names nothing here (404). */
  invalid(c: VendorContext): { title: string; text: string }
  find(c: VendorContext, ws: Ws<S>): T | undefined
  /** Why the link cannot act any more, in the vendor's words; undefined while it can. */
  closed?(c: VendorContext, ws: Ws<S>, target: T): string | undefined
  render(c: VendorContext, ws: Ws<S>, target: T, notice?: Notice): SigningPage
  /** Opening an open link (what the vendor records as the signer viewing it). */
  opened?(c: VendorContext, ws: Ws<S>, target: T): Promise<unknown>
  act(c: VendorContext, ws: Ws<S>, target: T, post: PagePost): Promise<PageOutcome>
}

export function signingFlow<S, T>(flow: SigningFlow<S, T>): { show: VendorHandler<S>; submit: VendorHandler<S> } {
  const reply = (c: VendorContext, ws: Ws<S>, target: T, notice?: Notice) => sendSigningPage(c, 200, flow.render(c, ws, target, notice))
  const show = async (c: VendorContext, ws: Ws<S>): Promise<Response> => {
    const target = flow.find(c, ws)
    if (!target) {
      const { title, text } = flow.invalid(c)
      return sendInvalidLink(c, flow.look(c), title, text)
    }
    const closed = flow.closed?.(c, ws, target)
    if (closed) return reply(c, ws, target, { kind: 'closed', text: closed })
    await flow.opened?.(c, ws, target)
    return reply(c, ws, flow.find(c, ws) ?? target)
  }
  const submit = async (c: VendorContext, ws: Ws<S>): Promise<Response> => {
    const target = flow.find(c, ws)
    if (!target || flow.closed?.(c, ws, target)) return show(c, ws)
    // A page without a form (a read-only link, a copy for a viewer) answers a post as it answers a visit.
    const offered = flow.render(c, ws, target).form
    if (!offered) return show(c, ws)
    const form = await postedForm(c)
    const { words } = flow.look(c)
    const button = offered.buttons.find((b) => b.value === form.action)
    if (!button) return reply(c, ws, target, { kind: 'error', text: words.chooseAction })
    const reason = (form.reason ?? '').trim()
    if (button.needsReason && !reason) return reply(c, ws, target, { kind: 'error', text: words.reasonMissing })
    const outcome = await flow.act(c, ws, target, { action: button.value, reason, form })
    if (outcome instanceof Response) return outcome
    return reply(c, ws, outcome.kind === 'error' ? target : (flow.find(c, ws) ?? target), outcome)
  }
  return { show, submit }
}

/** A simulate action's result as the page's notice: the vendor's words when done, the refusal otherwise. */
export function noticeOf(outcome: { ok: true } | { ok: false; message: string }, done: string): Notice {
  return outcome.ok ? { kind: 'done', text: done } : { kind: 'error', text: outcome.message }
}
