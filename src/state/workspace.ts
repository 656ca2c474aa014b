import { SandboxClock, type ClockSetting } from './clock.js'
import { Random } from './random.js'
import { Ring } from '../lib/ring.js'
import { Outbox } from '../lib/deliver.js'
import type { CompiledPattern } from '../lib/pattern.js'
import type { AnyVendor, Ws } from '../lib/vendor.js'
import { watchCollections } from './serialize.js'

export { WORKSPACE_ID } from '../lib/url.js'

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

/** A named copy of a workspace's data (`POST /__sandbox/snapshots`); it lives and dies with its workspace. */
export interface WorkspaceSnapshot {
  name: string
  created_at: string
  vendors: Record<string, unknown>
}

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
  readonly snapshots = new Map<string, WorkspaceSnapshot>()
  /** Wall-clock ms (not the sandbox clock): what `--workspace-ttl` and `GET /__sandbox/workspaces` go by. */
  readonly createdAt = Date.now()
  lastUsedAt = this.createdAt
  journalSeq = 0
  faultSeq = 0
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
    this.outbox = new Outbox(id, () => this.clock.now(), options.deliveryBackoffMs)
    this.anchor = this.seedInstant()
  }

  private seedInstant(): number {
    return Math.floor(this.clock.now() / 1000) * 1000
  }

  /** Re-anchors not-yet-seeded vendors at the clock's current instant (after the clock was restored from a file). */
  reanchor(): void {
    this.anchor = this.seedInstant()
  }

  /** The PRNG stream of one consumer (a vendor, the fault rules) in this workspace. */
  random(stream: string): Random {
    let r = this.randoms.get(stream)
    if (!r) {
      r = new Random(`${this.options.seed}:${this.id}:${stream}`)
      this.randoms.set(stream, r)
    }
    return r
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
