import { SandboxClock, type ClockSetting } from './clock.js'
import { Random, type RandomState } from './random.js'
import { Ring } from '../lib/ring.js'
import { Outbox, type Hooks, type OutboxRecord } from '../lib/deliver.js'
import type { DeliveryEntry } from '../lib/outbox-types.js'
import { compilePattern, type CompiledPattern } from '../lib/pattern.js'
import type { VendorOutbox } from '../lib/outbox-types.js'
import { watchCollections } from './serialize.js'
import type { ChangeSet } from './changes.js'
import { Collection } from './collection.js'
import type { ClockSnapshot } from './clock.js'
import type { StateSchema } from './schema.js'

export { WORKSPACE_ID } from '../lib/url.js'
/** A vendor's handle on one workspace: its own state, the clock, its PRNG stream, the outbox. */
export interface Ws<S> {
  readonly id: string
  readonly state: S
  readonly clock: SandboxClock
  readonly random: Random
  readonly outbox: VendorOutbox
  /** The sandbox options this vendor's spec defines (`createSandbox({ vendorOptions: { <id>: {...} } })`). */
  readonly options: Readonly<Record<string, unknown>>
  now(): number
  /** Whether `instant` has come: use it for deadlines (expiry, processing, retention) rather than comparing `now()`. */
  reached(instant: number): boolean
  /** The time cut to whole `unitMs`, for a reply that shows it no finer (a timestamp to the second). */
  nowTo(unitMs: number): number
  /** Marks the workspace changed (persistence); `Collection.set` does it already. */
  touch(): void
  /**
   * A value derived from the stored data alone (the XML or CSV of a record),
   * kept until any data of the workspace changes; `key` names whatever else it
   * depends on (ids, request parameters, the clock's second if it shows it).
   */
  derived<T>(key: string, build: () => T): T
}

export interface SeedContext {
  workspaceId: string
  now: number
  random: Random
}

/** How a vendor's state is built: the engine side of `VendorDefinition.state`. */
export interface VendorState<S> {
  /**
   * Builds what every workspace shares (generated PDFs, encoded bytes) once per
   * process, before the first workspace is handed out; `seed` then stays synchronous.
   */
  prepare?(): Promise<void>
  /**
   * A workspace's data (fixtures anchored at `ctx.now`), built when the workspace
   * first touches this vendor: keep it cheap, share immutable parts (strings,
   * prepared bytes) between workspaces. Must be JSON data and `Collection`s.
   */
  seed(ctx: SeedContext): S | Promise<S>
  /**
   * The stored state as a zod schema (`state/schema.ts`): `PUT /__sandbox/state` and a snapshot
   * restore check the vendor's part of a document against it before anything changes.
   */
  schema: StateSchema
  /**
   * Dotted paths to the numeric id counters in the state (e.g. `meta.next_id`). They never move
   * back: a reset, snapshot restore or `PUT /__sandbox/state` keeps the higher value, so an id
   * handed out once is never handed out again.
   */
  counters?: readonly string[]
}

/** What the store needs of a vendor: its id and how its state is built. */
export interface SeededVendor {
  id: string
  state: VendorState<unknown>
  /** Rebuilds a stored delivery's policy and settle hook (`VendorDefinition.deliveryHooks`). */
  deliveryHooks?(ws: Ws<unknown>, entry: DeliveryEntry): Hooks | undefined
}

export interface JournalEntry {
  id: string
  at: string
  vendor: string
  method: string
  path: string
  route: string
  query: Record<string, string | string[]>
  headers: Record<string, string>
  body: string
  status: number
  response_body: string
  duration_ms: number
  /** The client went away before the request was complete (status 0, no reply). */
  aborted?: true
}

/** Derived values a workspace keeps at most (see `Workspace.derived`). */
const DERIVED_MAX = 256

/**
 * A journal entry kept as the raw facts of the request and formatted (with
 * secrets redacted) only when someone reads the journal: the request path
 * pays for a few field writes, not for redaction and string building. Once
 * the journal is full, the record of the oldest request is filled again for
 * the newest (see pipeline/journal.ts), so a long run under load leaves no
 * long-lived garbage behind: memory stays flat and major GCs stay rare.
 */
export class JournalRecord {
  /** Per workspace, from 1: the entry's id is `req_<seq>`. */
  seq = 0
  vendor = ''
  method = ''
  /** The route path inside the mount (what `?path=` filters on). */
  route = ''
  /** Kept outside the formatted entry so filtering by status formats nothing. */
  status = 0
  /** Sandbox-clock ms. */
  at = 0
  durationMs = 0
  url = ''
  /** The request's header lines as sent (`name\nvalue\nname\nvalue…`), or its Headers. */
  headers: string | Headers = ''
  /** The request body's start (at most the body limit), if it was read. */
  body: Uint8Array | undefined = undefined
  /** A body came but was not read (or only in part). */
  unread = false
  aborted = false
  /** The reply text, cut to the body limit. */
  reply = ''
  replyType = ''
  /** Formats the facts; one function per vendor, shared by its records. */
  format: ((r: JournalRecord) => JournalEntry) | undefined = undefined
  private entry: JournalEntry | undefined = undefined

  get(): JournalEntry {
    this.entry ??= (this.format as (r: JournalRecord) => JournalEntry)(this)
    return this.entry
  }

  /** Forgets the formatted form: the facts are about to be replaced. */
  recycle(): this {
    this.entry = undefined
    return this
  }
}

export interface FaultRule {
  id: string
  vendor: string
  method?: string
  path?: string
  workspace?: string
  error?: string
  status?: number
  body?: unknown
  headers?: Record<string, string>
  delay_ms?: number
  times?: number
  probability?: number
  drop?: boolean
  fired: number
}

export interface StoredFault {
  rule: FaultRule
  pattern?: CompiledPattern
}

/** A named copy of a workspace's vendor data (`POST /__sandbox/snapshots`). */
export interface WorkspaceSnapshot {
  version: 1
  workspace: string
  vendors: Record<string, unknown>
  name: string
  created_at: string
}

/** A vendor's state as stored: which top-level keys are collections, and the data. */
export interface StoredVendorState {
  collections: string[]
  data: Record<string, unknown>
}

/**
 * Everything a workspace is, as JSON: what every storage backend writes and
 * reads. Only the journal stays out (it is per process, see docs/deploying.md).
 */
export interface WorkspaceRecord {
  clock: ClockSnapshot
  random: Record<string, RandomState>
  /** How far each vendor's id counters have gone (they never move back, even after a reset). */
  counters?: Record<string, Record<string, number>>
  vendors: Record<string, StoredVendorState>
  faults: FaultRule[]
  faultSeq: number
  snapshots: WorkspaceSnapshot[]
  outbox: OutboxRecord
  created_at?: number
  /** The instant untouched vendors are seeded as of (so they reload as the same fixtures). */
  anchor?: number
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface WorkspaceOptions {
  /** The mounted vendors; each is seeded into a workspace when the workspace first touches it. */
  vendors: SeededVendor[]
  seed: string
  clock: ClockSetting
  journalSize: number
  /** Bytes of each request and reply body the journal keeps. */
  journalBodyLimit?: number
  /** Bytes the journal may hold in all (bodies and the request's other text). */
  journalBytes?: number
  /** Per vendor id: the sandbox options its spec defines. */
  vendorOptions: Record<string, Record<string, unknown>>
  /** Waits between outbound delivery attempts (default the vendors' 1 s, 2 s). */
  deliveryBackoffMs?: readonly number[]
  /** `private`: deliveries to loopback and private-range addresses are refused. */
  outboundDeny?: 'private'
}

/** Numbers every Workspace object made in this process (see `Workspace.serial`). */
let workspaceSerial = 0

export class Workspace {
  /** This object's number: a workspace dropped and made again under the same id is another object, with another number. */
  readonly serial = ++workspaceSerial
  readonly clock: SandboxClock
  readonly journal: Ring<JournalRecord>
  /** Bytes of each request and reply body its journal keeps (`--journal-body-limit`). */
  readonly journalBodyLimit: number
  readonly outbox: Outbox
  faults: StoredFault[] = []
  /** Wall-clock ms (not the sandbox clock): what `--workspace-ttl` and `GET /__sandbox/workspaces` go by. */
  createdAt = Date.now()
  lastUsedAt = this.createdAt
  journalSeq = 0
  /** Goes up with every change of this workspace's data (what `derived` values are keyed on). */
  private dataVersion = 0
  private derivedValues: Map<string, { version: number; value: unknown }> | undefined
  /** Tells storage the workspace changed, and retires what was derived from its data. */
  private readonly onChange: () => void
  faultSeq = 0
  /** Named snapshots, oldest first. */
  readonly snapshots = new Map<string, WorkspaceSnapshot>()
  private readonly states = new Map<string, unknown>()
  private readonly randoms = new Map<string, Random>()
  private readonly handles = new Map<string, Ws<unknown>>()
  /** Per vendor: the highest value each of its id counters (`state.counters`) has had; kept across reset and restore. */
  private readonly highWater = new Map<string, Record<string, number>>()
  /**
   * The instant fixtures are anchored at (whole seconds): the workspace's
   * creation or last reset. A vendor is seeded on first touch but as of this
   * instant, so lazy seeding gives the same data as seeding everything up front.
   */
  private anchor: number

  constructor(
    readonly id: string,
    private readonly options: WorkspaceOptions,
    notify: () => void,
    /** Shared storage: what changed since it last stored this workspace, part by part. */
    readonly changes?: ChangeSet,
  ) {
    this.onChange = () => {
      this.dataVersion++
      notify()
    }
    this.clock = new SandboxClock(options.clock)
    this.journal = new Ring<JournalRecord>(options.journalSize, options.journalBytes ?? Infinity)
    this.journalBodyLimit = options.journalBodyLimit ?? 8192
    const entryChanged = changes
      ? (entry: string) => {
          changes.outbox.add(entry)
          this.onChange()
        }
      : this.onChange
    this.outbox = new Outbox(id, () => this.clock.now(), options.deliveryBackoffMs, entryChanged, options.outboundDeny === 'private')
    this.anchor = this.seedInstant()
    this.outbox.recover = (entry) =>
      this.options.vendors.find((v) => v.id === entry.vendor)?.deliveryHooks?.(this.handle(entry.vendor), entry)
  }

  private seedInstant(): number {
    return Math.floor(this.clock.now() / 1000) * 1000
  }

  /** The instant not-yet-seeded vendors' fixtures are anchored at. */
  get seedAnchor(): number {
    return this.anchor
  }

  /** Anchors not-yet-seeded vendors' fixtures at `ms` (the instant a control-plane read of the unknown workspace showed). */
  anchorFixturesAt(ms: number): void {
    this.anchor = ms
  }

  /** Re-anchors not-yet-seeded vendors at the clock's current instant (after the clock was restored from a file). */
  reanchor(): void {
    this.anchor = this.seedInstant()
  }

  /** Goes up with every change of this workspace's data. */
  get version(): number {
    return this.dataVersion
  }

  /** Values drawn so far from one PRNG stream (a vendor's id). */
  draws(stream: string): number {
    return this.randoms.get(stream)?.drawn ?? 0
  }

  /** Tells storage this workspace changed (what `Collection.set` does for records). */
  touch(): void {
    if (this.changes) this.changes.whole = true
    this.onChange()
  }

  /** How a vendor's collections report record writes. */
  private watch(vendorId: string, state: unknown): void {
    const changes = this.changes
    if (!changes) return watchCollections(state, this.onChange)
    watchCollections(state, (key, id, op) => {
      changes.record(vendorId, key, id, op)
      this.onChange()
    })
  }

  /** The PRNG stream of one consumer (a vendor, the fault rules) in this workspace. */
  random(stream: string): Random {
    let r = this.randoms.get(stream)
    if (!r) {
      r = new Random(this.streamKey(stream))
      this.randoms.set(stream, r)
    }
    return r
  }

  private streamKey(stream: string): string {
    return `${this.options.seed}:${this.id}:${stream}`
  }

  /** Where every PRNG stream of this workspace stands (`vendorIds` limits it to those vendors' streams). */
  randomState(vendorIds?: string[]): Record<string, RandomState> {
    const out: Record<string, RandomState> = {}
    // In name order: the same data exports the same bytes whatever order the vendors were touched in.
    for (const stream of [...this.randoms.keys()].sort())
      if (!vendorIds || vendorIds.includes(stream)) out[stream] = (this.randoms.get(stream) as Random).save()
    return out
  }

  /** Moves streams forward to saved positions (never back): restored state never re-issues an id. */
  advanceRandom(saved: Record<string, RandomState>): void {
    for (const [stream, s] of Object.entries(saved)) if (s.key === this.streamKey(stream)) this.random(stream).advanceTo(s)
  }

  /**
   * Fixtures from the vendor's stream. The first seeding draws from the stream that then goes on to
   * mint ids (as a fresh start always has); a re-seed (reset) draws the same fixtures from a new copy
   * of it and leaves the minting stream where it is, so no id or token issued before comes back.
   */
  async seedVendor(vendor: SeededVendor): Promise<void> {
    const state = await vendor.state.seed({ workspaceId: this.id, now: this.seedInstant(), random: this.seedRandom(vendor.id) })
    this.setState(vendor.id, state)
  }

  /**
   * A vendor's first touch: its fixtures, as of the anchor. Synchronous — the
   * store has run every vendor's `state.prepare` before handing out a workspace.
   * Seeding is no change to persist: an untouched vendor reloads as fixtures.
   */
  private seedLazily(vendorId: string): unknown {
    const vendor = this.options.vendors.find((v) => v.id === vendorId)
    if (!vendor) return undefined
    const state = vendor.state.seed({ workspaceId: this.id, now: this.anchor, random: this.seedRandom(vendorId) })
    if (state instanceof Promise) throw new Error(`${vendorId}: state.seed must be synchronous; build shared bytes in state.prepare`)
    this.raiseCounters(vendorId, state)
    this.watch(vendorId, state)
    this.changes?.seeded.add(vendorId)
    this.states.set(vendorId, state)
    return state
  }

  /**
   * The stream fixtures are drawn from. The first seeding draws from the stream that then goes on to
   * mint ids (as a fresh start always has); a re-seed (after reset) draws the same fixtures from a new
   * copy of it and leaves the minting stream where it is, so no id or token issued before comes back.
   */
  private seedRandom(vendorId: string): Random {
    return this.randoms.has(vendorId) ? new Random(this.streamKey(vendorId)) : this.random(vendorId)
  }

  private countersOf(vendorId: string): readonly string[] {
    return this.options.vendors.find((v) => v.id === vendorId)?.state.counters ?? []
  }

  /** Remembers how far `state`'s id counters have gone (before it is replaced or dropped). */
  private noteCounters(vendorId: string, state: unknown): void {
    const paths = this.countersOf(vendorId)
    if (!paths.length || state === undefined) return
    const high = this.highWater.get(vendorId) ?? {}
    for (const path of paths) {
      const v = counterAt(state, path)
      if (v !== undefined && !(v <= (high[path] ?? -Infinity))) high[path] = v
    }
    this.highWater.set(vendorId, high)
  }

  /** Moves `state`'s id counters up to the highest values this workspace has issued. */
  private raiseCounters(vendorId: string, state: unknown): void {
    const high = this.highWater.get(vendorId)
    if (high) for (const [path, v] of Object.entries(high)) raiseCounter(state, path, v)
  }

  /** Replaces a vendor's data; its id counters (`state.counters`) never move back. */
  setState(vendorId: string, state: unknown): void {
    this.noteCounters(vendorId, this.states.get(vendorId))
    this.raiseCounters(vendorId, state)
    this.watch(vendorId, state)
    this.states.set(vendorId, state)
    this.handles.delete(vendorId)
    this.touch()
  }

  /** The vendor's data, seeded from fixtures on first touch. */
  state(vendorId: string): unknown {
    const state = this.states.get(vendorId)
    return state !== undefined || this.states.has(vendorId) ? state : this.seedLazily(vendorId)
  }

  /** Vendors this workspace has touched (the others are still plain fixtures). */
  vendorIds(): string[] {
    return [...this.states.keys()]
  }

  /** The vendor's typed handle on this workspace (cached; rebuilt when its state is replaced). */
  handle<S>(vendorId: string): Ws<S> {
    let h = this.handles.get(vendorId)
    if (!h) {
      const clock = this.clock
      h = {
        id: this.id,
        state: this.state(vendorId),
        clock,
        random: this.random(vendorId),
        outbox: this.outbox.forVendor(vendorId),
        options: this.options.vendorOptions[vendorId] ?? {},
        now: () => clock.now(),
        reached: (instant) => clock.reached(instant),
        nowTo: (unitMs) => clock.nowTo(unitMs),
        touch: () => this.touch(),
        derived: (key, build) => this.derived(`${vendorId}\n${key}`, build),
      }
      this.handles.set(vendorId, h)
    }
    return h as Ws<S>
  }

  /**
   * A value derived from this workspace's data alone (an XML or CSV reply of a
   * stored record), built once and handed out again until the data changes.
   * `key` must name everything else the value depends on (ids, parameters,
   * the clock's second if it is shown).
   */
  derived<T>(key: string, build: () => T): T {
    const values = (this.derivedValues ??= new Map())
    const hit = values.get(key)
    if (hit && hit.version === this.dataVersion) return hit.value as T
    const value = build()
    // A bound, not a policy: keys are per record and request shape, so a busy workspace simply starts over.
    if (values.size >= DERIVED_MAX && !hit) values.clear()
    values.set(key, { version: this.dataVersion, value })
    return value
  }

  /** The stored form of this workspace; shares objects with the live state, so serialise it at once. */
  toRecord(): WorkspaceRecord {
    const vendors: Record<string, StoredVendorState> = {}
    for (const [vid, state] of this.states) {
      const data = isPlainObject(state) ? state : { value: state }
      vendors[vid] = { collections: Object.keys(data).filter((k) => data[k] instanceof Collection), data }
    }
    return {
      clock: this.clock.snapshot(),
      random: this.randomState(),
      counters: Object.fromEntries(this.highWater),
      vendors,
      faults: this.faults.map((f) => f.rule),
      faultSeq: this.faultSeq,
      snapshots: [...this.snapshots.values()],
      outbox: this.outbox.toRecord(),
      created_at: this.createdAt,
      anchor: this.anchor,
    }
  }

  /**
   * Takes a stored record in place of the current state. Vendor state objects
   * and collections are refilled rather than replaced, so handles and
   * closures that captured them (delivery hooks) keep working.
   */
  applyRecord(rec: WorkspaceRecord): void {
    this.dataVersion++
    this.clock.restore(rec.clock)
    // Streams only move forward: ids drawn by a change that was then discarded are not drawn again.
    this.advanceRandom(rec.random)
    for (const [vid, high] of Object.entries(rec.counters ?? {})) this.highWater.set(vid, { ...this.highWater.get(vid), ...high })
    // A vendor the record does not have is untouched there: back to fixtures, seeded again on first touch.
    for (const vid of [...this.states.keys()])
      if (!(vid in rec.vendors)) {
        this.states.delete(vid)
        this.handles.delete(vid)
      }
    for (const [vid, stored] of Object.entries(rec.vendors)) {
      const current = this.states.get(vid)
      if (isPlainObject(current)) {
        for (const key of Object.keys(current)) if (!(key in stored.data)) delete current[key]
        for (const [key, value] of Object.entries(stored.data)) {
          const isCollection = stored.collections.includes(key)
          const existing = current[key]
          if (isCollection && existing instanceof Collection) existing.replaceAll(value as Record<string, unknown>)
          else current[key] = isCollection ? Collection.fromJSON(value as Record<string, unknown>) : value
        }
        this.watch(vid, current)
      } else {
        const state: Record<string, unknown> = {}
        for (const [key, value] of Object.entries(stored.data))
          state[key] = stored.collections.includes(key) ? Collection.fromJSON(value as Record<string, unknown>) : value
        this.watch(vid, state)
        this.states.set(vid, state)
        this.handles.delete(vid)
      }
    }
    this.faults = rec.faults.map((rule) => ({ rule, pattern: rule.path ? compilePattern(rule.path) : undefined }))
    this.faultSeq = rec.faultSeq
    this.snapshots.clear()
    for (const snap of rec.snapshots) this.snapshots.set(snap.name, snap)
    this.outbox.restore(rec.outbox)
    if (rec.created_at !== undefined) this.createdAt = rec.created_at
    this.anchor = rec.anchor ?? this.seedInstant()
    // The copy is now what storage holds.
    this.changes?.clear()
  }

  /**
   * Back to fixtures: vendor data re-seeded, journal, outbox and faults cleared. The clock is kept,
   * and so are the vendors' PRNG streams and id counters: what was issued before is never issued
   * again. Other streams (fault-rule probabilities) issue nothing and start over, as in a new workspace.
   */
  async reset(vendors: SeededVendor[]): Promise<void> {
    this.journal.clear()
    this.outbox.clear()
    this.faults = []
    for (const stream of [...this.randoms.keys()]) if (!vendors.some((v) => v.id === stream)) this.randoms.delete(stream)
    for (const v of vendors) {
      this.noteCounters(v.id, this.states.get(v.id))
      this.states.delete(v.id)
      this.handles.delete(v.id)
    }
    this.anchor = this.seedInstant()
    this.touch()
  }
}

/** The number at a dotted path (`meta.next_id`), or undefined. */
function counterAt(state: unknown, path: string): number | undefined {
  let at: unknown = state
  for (const k of path.split('.')) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined
  return typeof at === 'number' ? at : undefined
}

function raiseCounter(state: unknown, path: string, min: number): void {
  const keys = path.split('.')
  const last = keys.pop() as string
  let at: unknown = state
  for (const k of keys) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined
  if (typeof at !== 'object' || at === null) return
  const holder = at as Record<string, unknown>
  if (typeof holder[last] === 'number' && (holder[last] as number) < min) holder[last] = min
}
