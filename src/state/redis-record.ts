import type { OutboxEntry } from '../lib/outbox-types.js'
import type { ChangeSet } from './changes.js'
import type { Collection } from './collection.js'
import type { StoredVendorState, Workspace, WorkspaceRecord } from './workspace.js'

/**
 * A workspace as a Redis hash of parts, so that a write sends only what
 * changed (redis.ts):
 *
 *     head                    clock, PRNG, counters, fault rules, vendors' non-record data (JSON, every write)
 *     snap                    snapshots (JSON; written with the whole workspace)
 *     r:<vendor>:<coll>:<id>  one record (JSON)
 *     p:<vendor>:<coll>:<id>  its place in the collection's order (a number the commit script hands out)
 *     o:<entry id>            one outbox entry (JSON)
 *     ver, pos                the version and the last place handed out
 *
 * A commit is a list of operations, three strings each: `h` (set a field),
 * `n` (a record that goes last), `u` (a record that keeps its place) or `d`
 * (delete a record or entry), then the field and the JSON.
 */

/** What the head keeps of a vendor: its keys in order, which are collections, and the rest of its data. */
interface HeadVendor {
  keys: string[]
  collections: string[]
  data: Record<string, unknown>
}

interface Head extends Omit<WorkspaceRecord, 'vendors' | 'snapshots' | 'outbox'> {
  vendors: Record<string, HeadVendor>
  outboxSeq: number
}

const recordField = (vendor: string, key: string, id: string) => `r:${vendor}:${key}:${id}`

/** The operations that store what `changes` says changed in `ws` (everything when `changes.whole`). */
export function encodeChanges(ws: Workspace, changes: ChangeSet): string[] {
  const rec = ws.toRecord()
  const ops: string[] = []
  const vendors: Record<string, HeadVendor> = {}
  for (const [vid, stored] of Object.entries(rec.vendors)) {
    const keys = Object.keys(stored.data)
    const data: Record<string, unknown> = {}
    for (const k of keys) if (!stored.collections.includes(k)) data[k] = stored.data[k]
    vendors[vid] = { keys, collections: stored.collections, data }
    const all = changes.whole || changes.seeded.has(vid)
    const written = changes.records.get(vid)
    for (const k of stored.collections) {
      const coll = stored.data[k] as Collection<unknown>
      if (all) {
        for (const [id, r] of coll.entries()) ops.push('n', recordField(vid, k, id), JSON.stringify(r))
        continue
      }
      for (const [id, op] of written?.get(k) ?? []) {
        const r = coll.get(id)
        if (r === undefined) ops.push('d', recordField(vid, k, id), '')
        else ops.push(op === 'new' ? 'n' : 'u', recordField(vid, k, id), JSON.stringify(r))
      }
    }
  }
  const { snapshots, outbox, vendors: _vendors, ...rest } = rec
  const head: Head = { ...rest, vendors, outboxSeq: outbox.seq }
  ops.push('h', 'head', JSON.stringify(head))
  if (changes.whole) {
    ops.push('h', 'snap', JSON.stringify(snapshots))
    for (const e of outbox.entries) ops.push('h', `o:${e.id}`, JSON.stringify(e))
  } else
    for (const id of changes.outbox) {
      const e = ws.outbox.get(id)
      ops.push(e ? 'h' : 'd', `o:${id}`, e ? JSON.stringify(e) : '')
    }
  return ops
}

/** The workspace record from its hash (HGETALL as a flat list of field, value). */
export function decodeRecord(flat: string[]): WorkspaceRecord {
  let head: Head | undefined
  let legacy: string | undefined
  let snapshots: WorkspaceRecord['snapshots'] = []
  const places = new Map<string, number>()
  const records: [vendor: string, key: string, id: string, field: string, json: string][] = []
  const entries: OutboxEntry[] = []
  for (let i = 0; i < flat.length; i += 2) {
    const field = flat[i]
    const value = flat[i + 1]
    if (field === 'head') head = JSON.parse(value) as Head
    // Written by versions that stored the whole record in one field: read as it is, replaced by the next write.
    else if (field === 'rec') legacy = value
    else if (field === 'snap') snapshots = JSON.parse(value) as WorkspaceRecord['snapshots']
    else if (field.startsWith('o:')) entries.push(JSON.parse(value) as OutboxEntry)
    else if (field.startsWith('p:')) places.set(field.slice(2), Number(value))
    else if (field.startsWith('r:')) {
      const a = field.indexOf(':', 2)
      const b = field.indexOf(':', a + 1)
      records.push([field.slice(2, a), field.slice(a + 1, b), field.slice(b + 1), field.slice(2), value])
    }
  }
  if (!head) {
    if (legacy !== undefined) return JSON.parse(legacy) as WorkspaceRecord
    throw new Error('stored workspace has no head')
  }
  records.sort((x, y) => (places.get(x[3]) ?? 0) - (places.get(y[3]) ?? 0))
  const collections = new Map<string, Record<string, unknown>>()
  for (const [vid, key, id, , json] of records) {
    const at = `${vid}:${key}`
    let coll = collections.get(at)
    if (!coll) collections.set(at, (coll = {}))
    coll[id] = JSON.parse(json) as unknown
  }
  const vendors: Record<string, StoredVendorState> = {}
  for (const [vid, v] of Object.entries(head.vendors)) {
    const data: Record<string, unknown> = {}
    for (const k of v.keys) data[k] = v.collections.includes(k) ? (collections.get(`${vid}:${k}`) ?? {}) : v.data[k]
    vendors[vid] = { collections: v.collections, data }
  }
  entries.sort((x, y) => Number(x.id.slice(3)) - Number(y.id.slice(3)))
  const { outboxSeq, vendors: _v, ...rest } = head
  return { ...rest, vendors, snapshots, outbox: { seq: outboxSeq, entries } }
}
