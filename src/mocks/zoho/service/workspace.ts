import { fail } from '../errors.js'
import type { ZRequest, ZTemplate, ZWs } from '../model.js'
import { toBase64 } from '../../../lib/bytes.js'
import type { NewDocument } from './documents-in.js'

/** Shared plumbing of the services: ids, look-ups, atomic writes. */

/** Per-call facts services need beyond state: where links point, who acts. */
export interface Env {
  ws: ZWs
  /** Sign base as the caller reached it (links in e-mails and embed tokens). */
  signBase: string
}

export const newId = (ws: ZWs) => (): string => String(++ws.state.meta.next_id)

const DIGITS = /^\d{1,19}$/

export function findRequest(ws: ZWs, id: string | undefined, allowTrashed = false): ZRequest {
  const r = id && DIGITS.test(id) ? ws.state.requests.get(id) : undefined
  if (!r || (r.is_deleted && !allowTrashed)) fail('invalid_request_id')
  return r
}

export function findTemplate(ws: ZWs, id: string | undefined): ZTemplate {
  const t = id && DIGITS.test(id) ? ws.state.templates.get(id) : undefined
  if (!t || t.is_deleted) fail('invalid_template_id')
  return t
}

/** Writes of one workspace run one after another: an upload parsed in between never loses a concurrent update. */
const queues = new WeakMap<object, Promise<unknown>>()

/** Runs a write, serialised per workspace; when it throws, the id counters are put back so a rejected call changes nothing. */
export function atomic<T>(ws: ZWs, fn: () => T | Promise<T>): Promise<T> {
  const run = async () => {
    const meta = { ...ws.state.meta }
    try {
      return await fn()
    } catch (err) {
      Object.assign(ws.state.meta, meta)
      throw err
    }
  }
  const result = (queues.get(ws.state) ?? Promise.resolve()).then(run)
  queues.set(
    ws.state,
    result.catch(() => undefined),
  )
  return result
}

export function storeDocuments(ws: ZWs, docs: NewDocument[], owner: { kind: 'request' | 'template'; id: string }): void {
  for (const d of docs) {
    ws.state.files.set(d.doc.document_id, toBase64(d.bytes))
    ws.state.documentOwners.set(d.doc.document_id, owner)
  }
}

export function dropDocuments(ws: ZWs, ids: string[]): void {
  for (const id of ids) {
    ws.state.files.delete(id)
    ws.state.documentOwners.delete(id)
  }
}
