import type { SandboxContext } from './context.js'
import { sendText } from './reply.js'

/** Escapes text for HTML element content and double-quoted attributes (stored values are user input). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string)
}

/** Markup that is already safe; every other value put into `html` is escaped. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** Trusted markup (built by `html` or a constant), never a stored value. */
export const raw = (text: string): Html => new Html(text)

const part = (value: unknown): string => {
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(part).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}

/**
 * Tagged template for server-rendered pages: interpolated values are escaped
 * unless they are `Html` (nested `html` results, `raw`), arrays are joined,
 * and null/undefined/false render nothing — so forgetting to escape is not
 * possible by construction.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]
  return new Html(out)
}

export interface PageParts {
  title: string
  /** `lang` of the document (the vendor's language where its real pages use it). */
  lang?: string
  /** Stylesheet text (inline: pages must not depend on anything outside the sandbox). */
  style?: string
  head?: Html
  /** `data-*` settings for the page's script (no inline script needed). */
  data?: Record<string, string>
  body: Html
}

export function htmlPage({ title, lang = 'en', style = '', head, data = {}, body }: PageParts): Html {
  const attrs = Object.entries(data).map(([k, v]) => html` data-${raw(k.replace(/[^a-z0-9-]/g, ''))}="${v}"`)
  return html`<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    ${
      style
        ? html`<style>
            ${raw(style)}
          </style>`
        : ''
    }${head ?? ''}
  </head>
  <body${attrs}>
    ${body}
  </body>
</html>
`
}

/** Nothing from outside the sandbox: pages are offline by policy, not only by habit. */
export const PAGE_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'"

export function sendHtml(c: SandboxContext, status: number, page: Html, headers: Record<string, string> = {}): Response {
  return sendText(c, status, page.text, 'text/html; charset=utf-8', {
    'cache-control': 'no-store',
    'content-security-policy': PAGE_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    ...headers,
  })
}
