import type { SandboxContext } from '../../lib/context.js'
import { sendText } from '../../lib/reply.js'

/**
 * IPRO is a Flask-RESTful service: its JSON is Python's
 * `json.dumps(obj, sort_keys=True)` plus a newline (spec §2.1). Keys sorted by
 * code point at every depth, `", "` / `": "` separators, everything outside
 * printable ASCII escaped as lower-case `\uXXXX`.
 */
const byCodePoint = (a: string, b: string): number => {
  const ca = [...a]
  const cb = [...b]
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i].codePointAt(0) ?? 0) - (cb[i].codePointAt(0) ?? 0)
    if (d !== 0) return d
  }
  return ca.length - cb.length
}

function pyString(s: string): string {
  // JSON.stringify already escapes quotes, backslashes and C0 controls the way Python does.
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export function pyJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return pyString(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(byCodePoint)
  return `{${keys.map((k) => `${pyString(k)}: ${pyJson(obj[k])}`).join(', ')}}`
}

export function sendPyJson(c: SandboxContext, status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return sendText(c, status, `${pyJson(value)}\n`, 'application/json', headers)
}

/**
 * Integer path ids (spec §2.2): an empty segment, anything but 1–10 digits,
 * `0` or a value past a signed 32-bit int counts as "not provided".
 */
export function pathId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[0-9]{1,10}$/.test(raw)) return null
  const n = Number(raw)
  return n === 0 || n > 2_147_483_647 ? null : n
}

/** `look_back_days` (spec §5.4): decimal 1–3650, else "not provided". */
export function lookBackDays(raw: string | undefined): number | null {
  if (raw === undefined || !/^[0-9]{1,10}$/.test(raw)) return null
  const n = Number(raw)
  return n >= 1 && n <= 3650 ? n : null
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/
const RFC1123 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/

/** Epoch ms of a calendar instant, or null when a field is out of range (no rollover like Date.UTC does). */
function utcInstant(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  date.setUTCFullYear(y)
  return date.getUTCDate() === d && date.getUTCMonth() === mo - 1 ? date.getTime() : null
}

function offsetMs(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0
  const h = Number(zone.slice(1, 3))
  const m = Number(zone.slice(4, 6))
  if (h > 23 || m > 59) return null
  return (zone[0] === '-' ? -1 : 1) * (h * 60 + m) * 60_000
}

/**
 * `go_live_date` in any of the accepted "UTC formats" (spec §5.5), as epoch
 * ms; null when it is not a date we accept. Fractions of a second are dropped.
 */
export function parseGoLiveDate(text: string): number | null {
  const iso = ISO.exec(text)
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso
    const local = utcInstant(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))
    const off = offsetMs(zone)
    if (local === null || off === null) return null
    const ms = local - off
    const year = new Date(ms).getUTCFullYear()
    return year >= 1000 && year <= 9999 ? ms : null
  }
  const rfc = RFC1123.exec(text)
  if (rfc) {
    const [, d, mon, y, h, mi, s] = rfc
    return utcInstant(Number(y), MONTHS.indexOf(mon) + 1, Number(d), Number(h), Number(mi), Number(s))
  }
  return null
}

/** RFC 1123 in GMT, as Flask renders a datetime: `Wed, 09 Jun 2021 01:59:42 GMT`. */
export const rfc1123 = (ms: number): string => new Date(ms).toUTCString()

/** `YYYYMMDD` in UTC, for the report's file name. */
export const compactDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')
