/**
 * A keyed collection of records: O(1) lookup by id, insertion order kept,
 * serialised as a plain object keyed by id (what `GET /__sandbox/state` shows).
 * Records must be JSON data (binary content as base64 text).
 */
/** How a record changed: `new` records go last in the collection's order, `set` ones keep their place. */
export type RecordWrite = 'new' | 'set' | 'deleted'

export class Collection<T> {
  private readonly map = new Map<string, T>()
  /** Set by the store so that writes reach persistence: which record, and whether it is new (it goes last in the order). */
  onWrite: ((id: string, op: RecordWrite) => void) | undefined

  constructor(entries?: Iterable<readonly [string, T]>) {
    if (entries) for (const [k, v] of entries) this.map.set(k, v)
  }

  get(id: string): T | undefined {
    return this.map.get(id)
  }

  has(id: string): boolean {
    return this.map.has(id)
  }

  /** Store (or re-store after an in-place change) a record. */
  set(id: string, value: T): T {
    const op = this.onWrite && (this.map.has(id) ? 'set' : 'new')
    this.map.set(id, value)
    if (op) this.onWrite?.(id, op)
    return value
  }

  delete(id: string): boolean {
    const had = this.map.delete(id)
    if (had) this.onWrite?.(id, 'deleted')
    return had
  }

  values(): IterableIterator<T> {
    return this.map.values()
  }

  keys(): IterableIterator<string> {
    return this.map.keys()
  }

  entries(): IterableIterator<[string, T]> {
    return this.map.entries()
  }

  get size(): number {
    return this.map.size
  }

  find(predicate: (value: T) => boolean): T | undefined {
    for (const v of this.map.values()) if (predicate(v)) return v
    return undefined
  }

  filter(predicate: (value: T) => boolean): T[] {
    const out: T[] = []
    for (const v of this.map.values()) if (predicate(v)) out.push(v)
    return out
  }

  toJSON(): Record<string, T> {
    const out: Record<string, T> = {}
    for (const [k, v] of this.map) out[k] = v
    return out
  }

  /** Replaces every record, keeping this instance (closures that captured it see the new records). */
  replaceAll(obj: Record<string, T>): void {
    this.map.clear()
    for (const [k, v] of Object.entries(obj)) this.map.set(k, v)
  }

  /** A collection of `items`, each stored under `key(item)` (fixtures → state). */
  static keyed<T>(items: Iterable<T>, key: (item: T) => string): Collection<T> {
    const out = new Collection<T>()
    for (const item of items) out.map.set(key(item), item)
    return out
  }

  static fromJSON<T>(obj: Record<string, T>): Collection<T> {
    return new Collection<T>(Object.entries(obj))
  }
}
