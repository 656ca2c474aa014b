import type { SandboxContext } from '../lib/context.js'
import type { AnyVendor } from '../lib/vendor.js'
import { readBody } from '../lib/body.js'
import { clientGone } from '../lib/connection.js'
import { utf8 } from '../lib/bytes.js'
import { isDropped } from '../lib/reply.js'
import { pathOf, queryOf } from '../lib/url.js'
import { JournalRecord, type JournalEntry, type Workspace } from '../state/workspace.js'

/** How much of an unread body the journal reads to show its start (it keeps `--journal-body-limit` bytes of it). */
const READ_UNREAD = 256 * 1024
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

/** Request body text for the journal (already cut to the journal's body limit): secrets replaced. */
function bodyText(bytes: Uint8Array, contentType: string, secret: KeyTest, mask: string): string {
  if (bytes.byteLength === 0) return ''
  if (/^multipart\//i.test(contentType)) return redactMultipart(bytes, contentType, secret, mask)
  if (contentType && !TEXTUAL.test(contentType)) return `[binary ${bytes.byteLength} bytes]`
  return redactText(utf8(bytes), contentType, secret, mask)
}

/**
 * A multipart body with each secret-named part's value masked (as in JSON and
 * form bodies) and each file part shown as its name and size. Works on the
 * bytes (latin1 keeps them 1:1) so a binary file never garbles the text parts,
 * and a value cut by the body limit is masked all the same.
 */
function redactMultipart(bytes: Uint8Array, contentType: string, secret: KeyTest, mask: string): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  const text = (s: string) => Buffer.from(s, 'latin1').toString('utf8')
  if (!m) return text(raw)
  const delimiter = `--${m[1] ?? m[2]}`
  return raw
    .split(delimiter)
    .map((part, i) => {
      const headEnd = part.indexOf('\r\n\r\n')
      if (i === 0 || headEnd < 0) return text(part)
      const head = part.slice(0, headEnd)
      const name = /\bname="([^"]*)"/i.exec(head)?.[1]
      const filename = /\bfilename="([^"]*)"/i.exec(head)?.[1]
      const content = part.slice(headEnd + 4)
      const tail = content.endsWith('\r\n') ? '\r\n' : ''
      const size = content.length - tail.length
      if (name !== undefined && secret(text(name))) return `${text(head)}\r\n\r\n${mask}${tail}`
      if (filename !== undefined) return `${text(head)}\r\n\r\n[file ${text(filename)}, ${size} bytes]${tail}`
      return text(part)
    })
    .join(delimiter)
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

/**
 * The first `limit` bytes of a reply text, as a fresh flat string (the journal never pins a large parent
 * string); a character split by the cut is dropped rather than shown as U+FFFD.
 */
function cut(text: string, limit: number): string {
  if (text.length <= limit / 3) return text
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.byteLength <= limit) return text
  let end = limit
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--
  return bytes.subarray(0, end).toString('utf8')
}

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

/**
 * Whether the request came with a body. Over HTTP the headers say so: asking the
 * Request for its body stream would attach a reader to the socket, which then
 * stalls on a body nobody reads (and breaks the keep-alive connection).
 */
function bodyOnWire(c: SandboxContext): boolean {
  const incoming = c.env?.incoming
  if (!incoming) return c.req.raw.body !== null
  const length = incoming.headers['content-length']
  return (length !== undefined && length !== '0') || incoming.headers['transfer-encoding'] !== undefined
}

/** Appends the finished vendor request to the workspace's journal (ring buffer); formatting waits for a reader. */
export function recordJournal(c: SandboxContext, ws: Workspace, vendor: AnyVendor, res: Response): Promise<void> | undefined {
  // Keeping 10,000 requests alive costs each request ~10 µs of garbage-collector work; load tests can turn it off.
  if (ws.journal.capacity === 0) return undefined
  const sb = c.get('sb')
  const req = c.req.raw
  // Only a body nobody read, or a reply not written through lib/reply, needs an await.
  const unreadBody = req.method !== 'GET' && req.method !== 'HEAD' && !sb.body && !req.bodyUsed && bodyOnWire(c)
  if (unreadBody || sb.responseText === undefined) return recordSlow(c, ws, vendor, res)
  // A body read only in part (stopped at the vendor's limit) is shown as not read.
  push(c, ws, vendor, res, sb.body, !sb.body && req.method !== 'GET' && req.method !== 'HEAD' && req.bodyUsed, sb.responseText)
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
    if (!bytes && !req.bodyUsed) bytes = await readBody(c, READ_UNREAD).catch(() => undefined)
    unread = !bytes && (req.bodyUsed || bodyOnWire(c))
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

/** Per vendor: the one function that formats its records (records hold a reference, not a closure each). */
const formatters = new WeakMap<AnyVendor, (r: JournalRecord) => JournalEntry>()

function formatterOf(vendor: AnyVendor): (r: JournalRecord) => JournalEntry {
  let format = formatters.get(vendor)
  if (!format) {
    const mask = vendor.redactedText ?? '[redacted]'
    const secret = secretKeys(vendor, SECRET_KEY)
    const replySecret = secretKeys(vendor, SECRET_REPLY_KEY)
    format = (r) => {
      const headers = headerRecord(r.headers, mask)
      return {
        id: `req_${r.seq}`,
        at: new Date(r.at).toISOString(),
        vendor: r.vendor,
        method: r.method,
        path: pathOf(r.url),
        route: r.route,
        query: queryRecord(r.url, secret, mask),
        headers,
        body: r.body ? bodyText(r.body, headers['content-type'] ?? '', secret, mask) : r.unread ? '[body not read]' : '',
        status: r.status,
        response_body: r.aborted ? '' : redactText(r.reply, r.replyType, replySecret, mask),
        duration_ms: r.durationMs,
        ...(r.aborted ? { aborted: true as const } : {}),
      }
    }
    formatters.set(vendor, format)
  }
  return format
}

/**
 * `next` when it differs from `prev`, else `prev`: a request like the one before
 * (a client polling, a load test) keeps pointing at the strings already held, and
 * its own copies die young instead of piling up in the old generation.
 */
const same = (prev: string | undefined, next: string): string => (prev === next ? prev : next)

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
  const limit = ws.journalBodyLimit
  // A client that went away mid-request is journaled as aborted: no status, no reply reached it.
  const aborted = sb.aborted === true || clientGone(c.env?.incoming)
  const r = append(
    ws,
    vendor,
    {
      method: req.method,
      url: req.url,
      headers: headerSource(c),
      route: sb.route ?? '/',
      status: isDropped(res) || aborted ? 0 : res.status,
      body: body && body.byteLength > limit ? body.slice(0, limit) : body,
      unread,
      aborted,
      reply: cut(reply, limit),
      replyType: sb.responseType ?? res.headers.get('content-type') ?? '',
    },
    sb.started,
  )
  const log = c.env?.requestLog
  if (log) {
    // The record may be filled again by a later request before the log line is written.
    const seq = r.seq
    log.journal = () => (r.seq === seq ? r.get() : undefined)
  }
}

/** The facts of one finished request, as a journal record keeps them. */
export interface RequestFacts {
  method: string
  url: string
  headers: string | Headers
  route: string
  status: number
  body: Uint8Array | undefined
  unread: boolean
  aborted: boolean
  /** Already cut to the journal's body limit (`journalText`). */
  reply: string
  replyType: string
}

/** The text the journal keeps of a reply in this workspace. */
export const journalText = (ws: Workspace, reply: string): string => cut(reply, ws.journalBodyLimit)

/** `started`: `performance.now()` when the request arrived. */
function append(ws: Workspace, vendor: AnyVendor, f: RequestFacts, started: number): JournalRecord {
  const journal = ws.journal
  const prev = journal.newest()
  // Full: the oldest record is filled again rather than a new one made (see JournalRecord).
  const r = journal.reclaim()?.recycle() ?? new JournalRecord()
  ws.journalSeq += 1
  r.seq = ws.journalSeq
  r.vendor = vendor.id
  r.method = f.method
  r.route = same(prev?.route, f.route)
  r.status = f.status
  r.at = ws.clock.peek()
  r.durationMs = Math.round((performance.now() - started) * 1000) / 1000
  r.url = same(prev?.url, f.url)
  const source = f.headers
  r.headers = typeof source === 'string' && typeof prev?.headers === 'string' ? same(prev.headers, source) : source
  r.body = f.body
  r.unread = f.unread
  r.aborted = f.aborted
  r.reply = same(prev?.reply, f.reply)
  r.replyType = f.replyType
  r.format = formatterOf(vendor)
  // What the entry holds (its formatted form is about as big): `--journal-body-limit` × entries is bounded again in bytes.
  journal.push(r, (f.body?.byteLength ?? 0) + f.reply.length + (typeof source === 'string' ? source.length : 512) + f.url.length)
  return r
}

/** A GET answered again from the reply cache (pipeline/reply-cache.ts), journaled as if it had been made. */
export function journalReplay(ws: Workspace, vendor: AnyVendor, facts: RequestFacts, started: number): void {
  if (ws.journal.capacity !== 0) append(ws, vendor, facts, started)
}

/** The request headers the journal keeps (`headerSource`), for the reply cache. */
export { headerSource }

export type { SandboxContext }
