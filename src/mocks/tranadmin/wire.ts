import type { SandboxContext } from '../../lib/context.js'
import { mediaType, readText } from '../../lib/body.js'
import { LIMITS } from './constants.js'

/**
 * Servlet-style request parameters (spec §2): `+` is a space, `%XX` is
 * percent-decoding, a pair with a broken escape is dropped, invalid UTF-8
 * becomes U+FFFD, the first value of a name wins (query before body), values
 * are trimmed and an empty value counts as missing. Past the pair limit every
 * parameter is dropped, as Tomcat does.
 */
export type Params = ReadonlyMap<string, string>

const decoder = new TextDecoder('utf-8', { fatal: false })
const encoder = new TextEncoder()
const HEX = /^[0-9A-Fa-f]{2}$/

/** Percent-decodes one component into UTF-8 text; `undefined` when an escape is broken. */
export function decodeComponent(raw: string): string | undefined {
  if (!raw.includes('%') && !raw.includes('+')) return raw
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]
    if (ch === '+') bytes.push(0x20)
    else if (ch === '%') {
      const hex = raw.slice(i + 1, i + 3)
      if (!HEX.test(hex)) return undefined
      bytes.push(parseInt(hex, 16))
      i += 2
    } else if (raw.charCodeAt(i) < 0x80) bytes.push(raw.charCodeAt(i))
    else {
      const cp = raw.codePointAt(i) ?? 0
      const text = String.fromCodePoint(cp)
      for (const b of encoder.encode(text)) bytes.push(b)
      if (cp > 0xffff) i += 1
    }
  }
  return decoder.decode(new Uint8Array(bytes))
}

/** The decoded pairs of one `a=b&c=d` string, in order. */
export function parsePairs(text: string): [string, string][] {
  const out: [string, string][] = []
  if (text === '') return out
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq))
    const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1))
    if (name === undefined || value === undefined) continue
    out.push([name, value])
  }
  return out
}

const ASCII_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g

/** Query pairs first, then body pairs; first non-empty occurrence of a name wins. */
export function collectParams(query: string, body: string): Params {
  const pairs = [...parsePairs(query), ...parsePairs(body)]
  const out = new Map<string, string>()
  if (pairs.length > LIMITS.params) return out
  for (const [name, raw] of pairs) {
    if (out.has(name)) continue
    const value = raw.replace(ASCII_SPACE, '')
    // The servlet's first value wins even when blank: a blank first value means "missing".
    out.set(name, value)
  }
  for (const [name, value] of out) if (value === '') out.delete(name)
  return out
}

/**
 * The request's parameters, read once per request: the query string, then a
 * form body. Any other body still counts against the size limit but is not
 * parsed (Java-servlet behaviour, spec §2).
 */
const cache = new WeakMap<Request, Params>()

export async function requestParams(c: SandboxContext): Promise<Params> {
  const raw = c.req.raw
  const cached = cache.get(raw)
  if (cached) return cached
  const url = raw.url
  const q = url.indexOf('?')
  const query = q < 0 ? '' : url.slice(q + 1)
  let body = ''
  if (raw.method !== 'GET' && raw.method !== 'HEAD') {
    const text = await readText(c, LIMITS.bodyBytes)
    if (mediaType(c) === 'application/x-www-form-urlencoded') body = text
  }
  const params = collectParams(query, body)
  cache.set(raw, params)
  return params
}
