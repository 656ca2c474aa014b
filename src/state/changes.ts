import type { RecordWrite } from './collection.js'

/**
 * What changed in a workspace since shared storage last stored it, in the
 * parts it stores apart (records, outbox entries), so that a write sends what
 * changed rather than the whole workspace. `whole` covers every change that is
 * not a record or an entry (a reset, a replaced vendor, snapshots, `touch()`).
 */
export class ChangeSet {
  whole = false
  /** Vendors seeded from fixtures since: none of their records is stored yet. */
  readonly seeded = new Set<string>()
  /** Per vendor, per collection: the records written, in the order they were (re)inserted. */
  readonly records = new Map<string, Map<string, Map<string, RecordWrite>>>()
  /** Outbox entries added, changed or dropped. */
  readonly outbox = new Set<string>()

  record(vendor: string, key: string, id: string, op: RecordWrite): void {
    let byKey = this.records.get(vendor)
    if (!byKey) this.records.set(vendor, (byKey = new Map()))
    let ids = byKey.get(key)
    if (!ids) byKey.set(key, (ids = new Map()))
    // A record inserted again goes last, as it does in the collection; a later update keeps it new.
    if (op === 'set' && ids.get(id) === 'new') return
    if (op === 'new') ids.delete(id)
    ids.set(id, op)
  }

  /** The changes so far; this set starts empty again. */
  take(): ChangeSet {
    const taken = new ChangeSet()
    taken.whole = this.whole
    for (const v of this.seeded) taken.seeded.add(v)
    for (const [v, m] of this.records) taken.records.set(v, m)
    for (const id of this.outbox) taken.outbox.add(id)
    this.clear()
    return taken
  }

  clear(): void {
    this.whole = false
    this.seeded.clear()
    this.records.clear()
    this.outbox.clear()
  }
}
