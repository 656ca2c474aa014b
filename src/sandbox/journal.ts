import { Hono } from 'hono'
import type { SandboxContext, SandboxEnv } from '../lib/context.js'
import type { AnyVendor } from '../lib/vendor.js'
import { readBody } from '../lib/body.js'
import { utf8 } from '../lib/bytes.js'
import { isDropped } from '../lib/reply.js'
import type { JournalEntry, Workspace } from '../state/workspace.js'
import type { Runtime } from '../runtime.js'
import { list, requireVendor, workspaceOf } from './util.js'

const MAX_TEXT = 64 * 1024
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'x-sandbox-admin-token'])
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|^code$|^authtoken$/i
const TEXTUAL = /json|xml|text|csv|html|javascript|x-www-form-urlencoded/i

function isSecret(vendor: AnyVendor, key: string): boolean {
  return SECRET_KEY.test(key) || (vendor.secretFields?.includes(key) ?? false)
}

function redactJson(value: unknown, vendor: AnyVendor, mask: string): unknown {
  if (Array.isArray(value)) return value.map((v) => redactJson(v, vendor, mask))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = isSecret(vendor, k) && v !== null && typeof v !== 'object' ? mask : redactJson(v, vendor, mask)
    return out
  }
  return value
}

function redactPairs(text: string, vendor: AnyVendor, mask: string): string {
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
      return isSecret(vendor, key) ? `${pair.slice(0, eq)}=${mask}` : pair
    })
    .join('&')
}

/** Request body text for the journal: secrets replaced, at most 64 KiB. */
function bodyText(bytes: Uint8Array, contentType: string, vendor: AnyVendor, mask: string): string {
  if (bytes.byteLength === 0) return ''
  if (contentType && !TEXTUAL.test(contentType) && !contentType.startsWith('multipart/')) return `[binary ${bytes.byteLength} bytes]`
  const text = utf8(bytes.byteLength > MAX_TEXT ? bytes.subarray(0, MAX_TEXT) : bytes)
  if (/x-www-form-urlencoded/i.test(contentType)) return redactPairs(text, vendor, mask)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text), vendor, mask))
    } catch {
      // not JSON after all (or cut at 64 KiB): keep the text, masking key=value and "key":"value" secrets
    }
  }
  return text.replace(/("([^"]*)"\s*:\s*")([^"]*)"/g, (all, head: string, key: string) => (isSecret(vendor, key) ? `${head}${mask}"` : all))
}

function queryOf(url: string, vendor: AnyVendor, mask: string): Record<string, string | string[]> {
  const q = url.indexOf('?')
  const out: Record<string, string | string[]> = {}
  if (q < 0) return out
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
    const value = isSecret(vendor, k) ? mask : v
    const prev = out[k]
    out[k] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

/** Appends the finished vendor request to the workspace's journal (ring buffer). */
export async function recordJournal(c: SandboxContext, ws: Workspace, vendor: AnyVendor): Promise<void> {
  const sb = c.get('sb')
  const mask = vendor.redactedText ?? '[redacted]'
  const req = c.req.raw
  const headers: Record<string, string> = {}
  req.headers.forEach((v, k) => {
    headers[k] = SECRET_HEADERS.has(k) ? mask : v
  })
  let body = ''
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    let bytes = sb.body
    if (!bytes && !req.bodyUsed) bytes = await readBody(c, MAX_TEXT * 4).catch(() => undefined)
    if (bytes) body = bodyText(bytes, headers['content-type'] ?? '', vendor, mask)
    else if (req.bodyUsed || req.body) body = '[body not read]'
  }
  const res = c.res
  let responseText = sb.responseText
  if (responseText === undefined) {
    const type = res.headers.get('content-type') ?? ''
    responseText = res.body && TEXTUAL.test(type) ? await res.clone().text().catch(() => '') : res.body ? '[binary]' : ''
  }
  ws.journalSeq += 1
  const url = req.url
  const pathStart = url.indexOf('/', url.indexOf('://') + 3)
  const q = url.indexOf('?', pathStart)
  const entry: JournalEntry = {
    id: `req_${ws.journalSeq}`,
    at: new Date(ws.clock.now()).toISOString(),
    vendor: vendor.id,
    method: req.method,
    path: q < 0 ? url.slice(pathStart) : url.slice(pathStart, q),
    route: sb.route ?? '/',
    query: queryOf(url, vendor, mask),
    headers,
    body,
    status: isDropped(res) ? 0 : res.status,
    response_body: responseText.length > MAX_TEXT ? responseText.slice(0, MAX_TEXT) : responseText,
    duration_ms: Math.round((performance.now() - sb.started) * 1000) / 1000,
  }
  ws.journal.push(entry)
}

export function journalRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/requests', async (c) => {
    const ws = await workspaceOf(c, rt)
    const { vendor, method, path, limit } = c.req.query()
    requireVendor(rt, vendor)
    const max = limit === undefined ? Infinity : Number(limit)
    if (limit !== undefined && (!Number.isInteger(max) || max < 0)) return c.json({ error: 'invalid_query', message: 'limit must be a non-negative integer' }, 400)
    const matching: JournalEntry[] = []
    for (const e of ws.journal.newestFirst()) {
      if (vendor && e.vendor !== vendor) continue
      if (method && e.method !== method.toUpperCase()) continue
      if (path && !e.route.includes(path)) continue
      matching.push(e)
    }
    return limit === undefined ? list(c, matching) : list(c, matching.slice(0, max), matching.length)
  })
  app.delete('/requests', async (c) => {
    const ws = await workspaceOf(c, rt)
    const count = ws.journal.size
    ws.journal.clear()
    return c.json({ deleted: count })
  })
  return app
}

export type { SandboxContext }
