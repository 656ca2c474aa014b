import type { SandboxContext } from '../lib/context.js'
import type { AnyVendor } from '../lib/vendor.js'
import { readBody } from '../lib/body.js'
import { utf8 } from '../lib/bytes.js'
import { isDropped } from '../lib/reply.js'
import { pathOf, queryOf } from '../lib/url.js'
import { JournalRecord, type Workspace } from '../state/workspace.js'

const MAX_TEXT = 64 * 1024
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'x-sandbox-admin-token'])
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|^code$|^authtoken$/i
/** In replies `code` is a status code, not an OAuth grant: only credentials are masked there. */
const SECRET_REPLY_KEY = /pass(word)?|secret|token|api[-_]?key/i

type KeyTest = (key: string) => boolean
const TEXTUAL = /json|xml|text|csv|html|javascript|x-www-form-urlencoded/i

const secretKeys =
  (vendor: AnyVendor, pattern: RegExp): KeyTest =>
  (key) =>
    pattern.test(key) || (vendor.secretFields?.includes(key) ?? false)

function redactJson(value: unknown, secret: KeyTest, mask: string): unknown {
  if (Array.isArray(value)) return value.map((v) => redactJson(v, secret, mask))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value))
      out[k] = secret(k) && v !== null && typeof v !== 'object' ? mask : redactJson(v, secret, mask)
    return out
  }
  return value
}

function redactPairs(text: string, secret: KeyTest, mask: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      let key = pair.slice(0, eq)
      try {
        key = decodeURIComponent(key.replace(/\+/g, ' '))
      } catch {
        // undecodable names are kept as sent
      }
      return secret(key) ? `${pair.slice(0, eq)}=${mask}` : pair
    })
    .join('&')
}

/** Request body text for the journal: secrets replaced, at most 64 KiB. */
function bodyText(bytes: Uint8Array, contentType: string, secret: KeyTest, mask: string): string {
  if (bytes.byteLength === 0) return ''
  if (contentType && !TEXTUAL.test(contentType) && !contentType.startsWith('multipart/')) return `[binary ${bytes.byteLength} bytes]`
  return redactText(utf8(bytes.byteLength > MAX_TEXT ? bytes.subarray(0, MAX_TEXT) : bytes), contentType, secret, mask)
}

/** Secrets in a body (request or reply: tokens a vendor hands out count too) replaced by the mask. */
function redactText(text: string, contentType: string, secret: KeyTest, mask: string): string {
  if (/x-www-form-urlencoded/i.test(contentType)) return redactPairs(text, secret, mask)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text), secret, mask))
    } catch {
      // not JSON after all (or cut at 64 KiB): keep the text, masking key=value and "key":"value" secrets
    }
  }
  return text
    .replace(/("([^"]*)"\s*:\s*")([^"]*)"/g, (all, head: string, key: string) => (secret(key) ? `${head}${mask}"` : all))
    .replace(/<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g, (all, tag: string) => (secret(tag) ? `<${tag}>${mask}</${tag}>` : all))
}

function queryRecord(url: string, secret: KeyTest, mask: string): Record<string, string | string[]> {
  const query = queryOf(url)
  const out: Record<string, string | string[]> = {}
  if (query === '') return out
  for (const [k, v] of new URLSearchParams(query)) {
    const value = secret(k) ? mask : v
    const prev = out[k]
    out[k] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

/** Strings over 64 KiB are cut and flattened, so the journal never pins a large parent string. */
const cut = (text: string): string => (text.length > MAX_TEXT ? Buffer.from(text.slice(0, MAX_TEXT), 'utf8').toString('utf8') : text)

/** Header pairs as the client sent them: the node request's raw list (no Headers object built), else the Request's. */
function headerSource(c: SandboxContext): string | Headers {
  // One flat string instead of Node's array of ~10 strings: an entry lives for 10,000 requests,
  // and every object it keeps alive is garbage-collector work on the request path.
  const raw = c.env?.incoming?.rawHeaders
  return raw ? raw.join('\n') : c.req.raw.headers
}

function headerRecord(source: string | Headers, mask: string): Record<string, string> {
  const headers: Record<string, string> = {}
  const add = (v: string, name: string) => {
    const k = name.toLowerCase()
    const value = SECRET_HEADERS.has(k) ? mask : v
    headers[k] = headers[k] === undefined ? value : `${headers[k]}, ${value}`
  }
  if (typeof source === 'string') {
    const pairs = source.split('\n')
    for (let i = 0; i + 1 < pairs.length; i += 2) add(pairs[i + 1], pairs[i])
  } else source.forEach(add)
  return headers
}

/** Appends the finished vendor request to the workspace's journal (ring buffer); formatting waits for a reader. */
export function recordJournal(c: SandboxContext, ws: Workspace, vendor: AnyVendor, res: Response): Promise<void> | undefined {
  // Keeping 10,000 requests alive costs each request ~10 µs of garbage-collector work; load tests can turn it off.
  if (ws.journal.capacity === 0) return undefined
  const sb = c.get('sb')
  const req = c.req.raw
  // Only a body nobody read, or a reply not written through lib/reply, needs an await.
  const unreadBody = req.method !== 'GET' && req.method !== 'HEAD' && !sb.body && !req.bodyUsed && req.body !== null
  if (unreadBody || sb.responseText === undefined) return recordSlow(c, ws, vendor, res)
  push(c, ws, vendor, res, sb.body, false, sb.responseText)
  return undefined
}

async function recordSlow(c: SandboxContext, ws: Workspace, vendor: AnyVendor, res: Response): Promise<void> {
  const sb = c.get('sb')
  const req = c.req.raw
  const method = req.method
  let bytes: Uint8Array | undefined
  let unread = false
  if (method !== 'GET' && method !== 'HEAD') {
    bytes = sb.body
    if (!bytes && !req.bodyUsed) bytes = await readBody(c, MAX_TEXT * 4).catch(() => undefined)
    unread = !bytes && (req.bodyUsed || req.body !== null)
  }
  let responseText = sb.responseText
  if (responseText === undefined) {
    const type = res.headers.get('content-type') ?? ''
    responseText =
      res.body && TEXTUAL.test(type)
        ? await res
            .clone()
            .text()
            .catch(() => '')
        : res.body
          ? '[binary]'
          : ''
  }
  push(c, ws, vendor, res, bytes, unread, responseText)
}

function push(
  c: SandboxContext,
  ws: Workspace,
  vendor: AnyVendor,
  res: Response,
  body: Uint8Array | undefined,
  unread: boolean,
  reply: string,
): void {
  const sb = c.get('sb')
  const req = c.req.raw
  const method = req.method
  const bytes = body && body.byteLength > MAX_TEXT ? body.slice(0, MAX_TEXT) : body
  const responseText = cut(reply)
  const status = isDropped(res) ? 0 : res.status
  const responseType = sb.responseType ?? res.headers.get('content-type') ?? ''
  const source = headerSource(c)
  const url = req.url
  const at = ws.clock.now()
  const route = sb.route ?? '/'
  const duration = Math.round((performance.now() - sb.started) * 1000) / 1000
  ws.journalSeq += 1
  const id = `req_${ws.journalSeq}`
  const record = new JournalRecord(vendor.id, method, route, status, () => {
    const mask = vendor.redactedText ?? '[redacted]'
    const secret = secretKeys(vendor, SECRET_KEY)
    const headers = headerRecord(source, mask)
    return {
      id,
      at: new Date(at).toISOString(),
      vendor: vendor.id,
      method,
      path: pathOf(url),
      route,
      query: queryRecord(url, secret, mask),
      headers,
      body: bytes ? bodyText(bytes, headers['content-type'] ?? '', secret, mask) : unread ? '[body not read]' : '',
      status,
      response_body: redactText(responseText, responseType, secretKeys(vendor, SECRET_REPLY_KEY), mask),
      duration_ms: duration,
    }
  })
  ws.journal.push(record)
  const log = c.env?.requestLog
  if (log) log.journal = () => record.get()
}

export type { SandboxContext }
