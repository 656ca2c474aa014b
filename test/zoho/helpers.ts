import { PDFDocument, StandardFonts } from 'pdf-lib'
import type { Door } from '../helpers/doors.js'
import type { ControlClient } from '../../src/sandbox/client.js'
import type { EmailEntry } from '../../src/index.js'
import { at, isObject, obj, objs, parseJson, type Json, type JsonObject } from '../helpers/json.js'

/** Fixture identities (spec §3) and a thin client for the Zoho contract tests. */

export const CLIENT_ID = '1000.SANDBOXZOHOSIGNCLIENT000000001'
export const CLIENT_SECRET = 'sandboxzohosignclientsecret000000000000001'
export const REDIRECT_URI = 'https://client.example.test/zoho/callback'
const tok = (kind: 'aaaa' | 'ffff', n: number) => `1000.${kind}${'0'.repeat(27)}${n}.5a4db0c${'0'.repeat(24)}${n}`
export const READY = tok('aaaa', 1)
export const READY_REFRESH = tok('ffff', 1)
export const EXPIRED = tok('aaaa', 2)
export const READ_ONLY = tok('aaaa', 3)
export const READ_ONLY_REFRESH = tok('ffff', 3)
export const REVOKED_REFRESH = tok('ffff', 4)
export const TRIAL = tok('aaaa', 5)
export const RATE_LIMITED = tok('aaaa', 6)
export const TOKEN_FORMAT = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/
export const CLOCK = '2026-03-02T10:00:00Z'

export interface Reply {
  status: number
  headers: Headers
  /** The JSON object of the reply; a body that is not a JSON object comes back as `{ raw: text }`. */
  body: JsonObject
}

export const form = (fields: Record<string, string>, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

export function multipart(files: [string, Uint8Array][], fields: Record<string, string> = {}, method = 'POST'): RequestInit {
  const fd = new FormData()
  for (const [name, bytes] of files) fd.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  return { method, body: fd }
}

export const data = (value: unknown) => JSON.stringify(value)
export const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`

let pdfCache: Uint8Array | undefined
/** A tiny real 1-page PDF (US letter). */
export async function tinyPdf(text = 'acceptance'): Promise<Uint8Array> {
  if (pdfCache && text === 'acceptance') return pdfCache
  const doc = await PDFDocument.create()
  const page = doc.addPage([612, 792])
  page.drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) })
  const bytes = await doc.save()
  if (text === 'acceptance') pdfCache = bytes
  return bytes
}

export function client(door: Door, ws: string, token: string = READY) {
  const withAuth = (init: RequestInit = {}, t: string | null = token): RequestInit => {
    const headers = new Headers(init.headers)
    if (t !== null && !headers.has('authorization')) headers.set('authorization', `Zoho-oauthtoken ${t}`)
    return { ...init, headers }
  }
  const read = async (res: Response): Promise<Reply> => {
    const text = await res.text()
    let parsed: Json | undefined
    try {
      parsed = parseJson(text)
    } catch {
      parsed = undefined
    }
    const body = isObject(parsed) ? parsed : { raw: text }
    return { status: res.status, headers: res.headers, body }
  }
  const c = {
    raw: (path: string, init?: RequestInit, t?: string | null) =>
      door.fetch('/zoho', `/api/v1${path}`, ws, withAuth(init, t === undefined ? token : t)),
    api: async (path: string, init?: RequestInit, t?: string | null) => read(await c.raw(path, init, t)),
    acc: async (path: string, init?: RequestInit) => read(await door.fetch('/zoho-accounts', path, ws, init)),
    control: door.control(ws),
    /** A draft with one PDF and the given `requests` object; returns the request object. */
    draft: async (requests: JsonObject, files?: [string, Uint8Array][]) => {
      const reply = await c.api('/requests', multipart(files ?? [['acceptance.pdf', await tinyPdf()]], { data: data({ requests }) }))
      if (reply.status !== 200) throw new Error(`draft failed: ${JSON.stringify(reply.body)}`)
      return obj(reply.body.requests, 'requests')
    },
    /** A submitted request with one signer (Signature field) per recipient; returns the request object. */
    sent: async (name: string, signers: { name: string; email: string; embedded?: boolean }[], extra: JsonObject = {}) => {
      const r = await c.draft({
        request_name: name,
        ...extra,
        actions: signers.map((s) => ({
          action_type: 'SIGN',
          recipient_name: s.name,
          recipient_email: s.email,
          ...(s.embedded ? { is_embedded: true } : {}),
        })),
      })
      const doc = at(r, 'document_ids', 0, 'document_id')
      const actions = objs(r.actions, 'actions').map((a) => ({
        action_id: a.action_id,
        fields: [{ field_type_name: 'Signature', document_id: doc, page_no: 0, x_coord: 72, y_coord: 650, abs_width: 153, abs_height: 40 }],
      }))
      const reply = await c.api(`/requests/${r.request_id}/submit`, form({ data: data({ requests: { actions } }) }))
      if (reply.status !== 200) throw new Error(`submit failed: ${JSON.stringify(reply.body)}`)
      return obj(reply.body.requests, 'requests')
    },
  }
  return c
}

export const failure = (code: number, message: string, error_param?: string) =>
  error_param ? { code, error_param, message, status: 'failure' } : { code, message, status: 'failure' }
export const uniq = (label: string) => `${label} ${Math.random().toString(36).slice(2, 10)}`

/** The e-mails of the outbox, newest first. */
export const emails = async (control: ControlClient): Promise<EmailEntry[]> =>
  (await control.outbox({ type: 'email' })).items as EmailEntry[]
