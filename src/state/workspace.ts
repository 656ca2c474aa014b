import { SandboxClock, type ClockSetting } from './clock.js'
import { Random } from './random.js'
import { Ring } from '../lib/ring.js'
import { Outbox, type OutboxRecord } from '../lib/deliver.js'
import { compilePattern, type CompiledPattern } from '../lib/pattern.js'
import type { AnyVendor, Ws } from '../lib/vendor.js'
import { watchCollections } from './serialize.js'
import { Collection } from './collection.js'
import type { ClockSnapshot } from './clock.js'

/** Workspace ids: 1–64 of `[A-Za-z0-9_-]` (sandbox.md §3). */
export const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/

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
}

/**
 * A journal entry kept as the raw facts of the request and formatted (with
 * secrets redacted) only when someone reads the journal: the request path
 * pays for a few references, not for redaction and string building.
 */
export class JournalRecord {
  private entry: JournalEntry | undefined
  constructor(
    readonly vendor: string,
    readonly method: string,
    readonly route: string,
    /** Kept outside the lazily built entry so filtering by status formats nothing. */
    readonly status: number,
    private build: (() => JournalEntry) | undefined,
  ) {}

  get(): JournalEntry {
    if (!this.entry) {
      this.entry = (this.build as () => JournalEntry)()
      this.build = undefined
    }
    return this.entry
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
  random: Record<string, number[]>
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
  vendors: AnyVendor[]
  seed: string
  clock: ClockSetting
  journalSize: number
  /** Per vendor id: the sandbox options its spec defines. */
  vendorOptions: Record<string, Record<string, unknown>>
  /** Waits between outbound delivery attempts (default the vendors' 1 s, 2 s). */
  deliveryBackoffMs?: readonly number[]
}

export class Workspace {
  readonly clock: SandboxClock
  readonly journal: Ring<JournalRecord>
  readonly outbox: Outbox
  faults: StoredFault[] = []
  /** Wall-clock ms (not the sandbox clock): what `--workspace-ttl` and `GET /__sandbox/workspaces` go by. */
  createdAt = Date.now()
  lastUsedAt = this.createdAt
  journalSeq = 0
  faultSeq = 0
  /** Named snapshots, oldest first. */
  readonly snapshots = new Map<string, WorkspaceSnapshot>()
  private readonly states = new Map<string, unknown>()
  private readonly randoms = new Map<string, Random>()
  private readonly handles = new Map<string, Ws<unknown>>()
  /**
   * The instant fixtures are anchored at (whole seconds): the workspace's
   * creation or last reset. A vendor is seeded on first touch but as of this
   * instant, so lazy seeding gives the same data as seeding everything up front.
   */
  private anchor: number

  constructor(
    readonly id: string,
    private readonly options: WorkspaceOptions,
    private readonly onChange: () => void,
  ) {
    this.clock = new SandboxClock(options.clock)
    this.journal = new Ring<JournalRecord>(options.journalSize)
    this.outbox = new Outbox(id, () => this.clock.now(), options.deliveryBackoffMs, onChange)
    this.anchor = this.seedInstant()
  }

  private seedInstant(): number {
    return Math.floor(this.clock.now() / 1000) * 1000
  }

  /** Re-anchors not-yet-seeded vendors at the clock's current instant (after the clock was restored from a file). */
  reanchor(): void {
    this.anchor = this.seedInstant()
  }

  /** Tells storage this workspace changed (what `Collection.set` does for records). */
  touch(): void {
    this.onChange()
  }

  /** The PRNG stream of one consumer (a vendor, the fault rules) in this workspace. */
  random(stream: string): Random {
    let r = this.randoms.get(stream)
    if (!r) {
      r = new Random(this.seedText(stream))
      this.randoms.set(stream, r)
    }
    return r
  }

  private seedText(stream: string): string {
    return `${this.options.seed}:${this.id}:${stream}`
  }

  async seedVendor(vendor: AnyVendor): Promise<void> {
    this.randoms.delete(vendor.id)
    const state = await vendor.state.seed({ workspaceId: this.id, now: this.seedInstant(), random: this.random(vendor.id) })
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
    this.randoms.delete(vendorId)
    const state = vendor.state.seed({ workspaceId: this.id, now: this.anchor, random: this.random(vendorId) })
    if (state instanceof Promise) throw new Error(`${vendorId}: state.seed must be synchronous; build shared bytes in state.prepare`)
    watchCollections(state, this.onChange)
    this.states.set(vendorId, state)
    return state
  }

  setState(vendorId: string, state: unknown): void {
    watchCollections(state, this.onChange)
    this.states.set(vendorId, state)
    this.handles.delete(vendorId)
    this.onChange()
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
        touch: this.onChange,
      }
      this.handles.set(vendorId, h)
    }
    return h as Ws<S>
  }

  /** The stored form of this workspace; shares objects with the live state, so serialise it at once. */
  toRecord(): WorkspaceRecord {
    const random: Record<string, number[]> = {}
    for (const [stream, r] of this.randoms) random[stream] = r.getState()
    const vendors: Record<string, StoredVendorState> = {}
    for (const [vid, state] of this.states) {
      const data = isPlainObject(state) ? state : { value: state }
      vendors[vid] = { collections: Object.keys(data).filter((k) => data[k] instanceof Collection), data }
    }
    return {
      clock: this.clock.snapshot(),
      random,
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
    this.clock.restore(rec.clock)
    for (const [stream, r] of this.randoms) if (!(stream in rec.random)) r.setState(new Random(this.seedText(stream)).getState())
    for (const [stream, st] of Object.entries(rec.random)) this.random(stream).setState(st)
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
        watchCollections(current, this.onChange)
      } else {
        const state: Record<string, unknown> = {}
        for (const [key, value] of Object.entries(stored.data))
          state[key] = stored.collections.includes(key) ? Collection.fromJSON(value as Record<string, unknown>) : value
        watchCollections(state, this.onChange)
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
  }

  /** Back to fixtures: vendor data re-seeded, journal, outbox and faults cleared; the clock is kept. */
  async reset(vendors: AnyVendor[]): Promise<void> {
    this.journal.clear()
    this.outbox.clear()
    this.faults = []
    this.journalSeq = 0
    this.faultSeq = 0
    this.randoms.clear()
    for (const v of vendors) {
      this.states.delete(v.id)
      this.handles.delete(v.id)
    }
    this.anchor = this.seedInstant()
    this.onChange()
  }
}
