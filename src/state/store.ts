import { Workspace, WORKSPACE_ID, type WorkspaceOptions } from './workspace.js'
import { parseState } from './schema.js'
import { ChangeSet } from './changes.js'
import { MemoryStorage, type StorageBackend, type StorageStatus, type StoredWorkspace } from './storage.js'
import { DataFileStorage } from './datafile.js'
import { RedisStorage, type TransactionMode } from './redis.js'
import type { WorkspaceRecord } from './workspace.js'
import type { AnyVendor } from '../lib/vendor.js'

export class WorkspaceLimitError extends Error {
  constructor(readonly limit: number) {
    super(`workspace limit reached: ${limit} live workspaces; drop one with DELETE /__sandbox/workspace or raise --max-workspaces`)
  }
}

export interface StoreOptions extends WorkspaceOptions {
  vendors: AnyVendor[]
  maxWorkspaces: number
  /** Seconds a workspace may stay unused before it is dropped; 0 or absent = never. `default` is kept. */
  workspaceTtl?: number
  dataFile?: string
  /** Share workspaces with every sandbox using this Redis URL. */
  redis?: string
  /** Where the shared backend reports problems it cannot answer a request with. */
  log?: (message: string) => void
  /** Delay before changes are written to the data file (coalescing). */
  writeDelayMs?: number
  /** A backend of the caller's (tests); otherwise chosen from the options. */
  backend?: (lookup: (id: string) => Workspace | undefined) => StorageBackend
}

/** What `GET /__sandbox/workspaces` shows of a workspace, in memory or only stored. */
export interface WorkspaceInfo {
  id: string
  createdAt: number
  lastUsedAt: number
}

const noop = (): void => undefined
/** Peeked seed anchors kept at most: a few bytes each, bounded for a shared instance read under many names. */
const MAX_PEEKED_ANCHORS = 10_000

/**
 * Workspaces → vendor state, kept in memory so that services stay
 * synchronous; the storage backend (storage.ts) decides where a workspace not
 * in memory comes from and where changes go. Nothing here knows HTTP.
 */
export class Store {
  private readonly workspaces = new Map<string, Workspace>()
  private readonly creating = new Map<string, Promise<Workspace>>()
  /** Seed anchors of unknown workspaces a control-plane read has shown, oldest first (see `detached`). */
  private readonly peekedAnchors = new Map<string, number>()
  private sweeper: NodeJS.Timeout | undefined
  /** Every vendor's `state.prepare` (shared fixture bytes), run once, on the first workspace. */
  private prepared: Promise<void> | undefined
  private isPrepared = false
  readonly backend: StorageBackend
  /** Set with `--redis`: every request on a workspace runs as one of its transactions. */
  readonly shared: RedisStorage | undefined
  /** Where storage reports what it cannot answer a request with. */
  private readonly log: (message: string) => void

  constructor(readonly options: StoreOptions) {
    this.log = options.log ?? ((m) => console.error(`esign-sandbox: ${m}`))
    const lookup = (id: string) => this.workspaces.get(id)
    if (options.redis) {
      const redis = new RedisStorage(options.redis)
      redis.bind({
        lookup,
        adopt: (id, record) => this.adopt(id, record),
        forget: (id) => void this.workspaces.delete(id),
        log: this.log,
      })
      this.shared = redis
      this.backend = redis
    } else
      this.backend = options.backend
        ? options.backend(lookup)
        : options.dataFile
          ? new DataFileStorage(options.dataFile, lookup, options.writeDelayMs)
          : new MemoryStorage()
    const ttl = options.workspaceTtl ?? 0
    if (ttl > 0) {
      // A quarter of the TTL (1 s to 1 min) between sweeps: a workspace outlives its TTL by at most that.
      this.sweeper = setInterval(() => this.expire(ttl * 1000), Math.min(60_000, Math.max(1000, (ttl * 1000) / 4)))
      this.sweeper.unref()
    }
  }

  static validId(id: string): boolean {
    return WORKSPACE_ID.test(id)
  }

  /** A workspace in memory (a stored one not used since start-up is not). */
  get(id: string): Workspace | undefined {
    return this.workspaces.get(id)
  }

  /**
   * An existing workspace (loaded from storage if it is only stored), marked
   * as used; undefined (nothing created) when there is none.
   */
  peek(id: string): Workspace | undefined | Promise<Workspace> {
    const ws = this.workspaces.get(id)
    if (ws) {
      ws.lastUsedAt = Date.now()
      return ws
    }
    return this.creating.get(id) ?? (this.backend.has(id) ? this.open(id) : undefined)
  }

  /** Every workspace, in memory or only stored, in creation order. */
  list(): WorkspaceInfo[] {
    const out: WorkspaceInfo[] = []
    for (const ws of this.workspaces.values()) {
      // Shared storage also knows other replicas' use of it.
      const shared = this.shared?.times(ws.id)
      out.push({ id: ws.id, createdAt: ws.createdAt, lastUsedAt: Math.max(ws.lastUsedAt, shared?.lastUsedAt ?? 0) })
    }
    for (const id of this.backend.storedIds()) {
      if (this.workspaces.has(id)) continue
      const times = this.backend.times(id)
      out.push({ id, createdAt: times?.createdAt ?? 0, lastUsedAt: times?.lastUsedAt ?? 0 })
    }
    return out.sort((a, b) => a.createdAt - b.createdAt)
  }

  /** Every workspace, in memory or only stored. */
  ids(): string[] {
    const ids = new Set(this.workspaces.keys())
    for (const id of this.backend.storedIds()) ids.add(id)
    return [...ids]
  }

  get size(): number {
    return this.backend.tracksChanges ? this.ids().length : this.workspaces.size
  }

  has(id: string): boolean {
    return this.workspaces.has(id) || this.backend.has(id)
  }

  status(): StorageStatus {
    return this.backend.status()
  }

  /** The workspace if it is in memory (marked used), without loading or creating it. */
  resident(id: string): Workspace | undefined {
    const ws = this.workspaces.get(id)
    if (ws) ws.lastUsedAt = Date.now()
    return ws
  }

  /**
   * The workspace: in memory, else loaded from storage, else created. Creation
   * is cheap and synchronous once the vendors are prepared: each vendor is
   * seeded from fixtures only when the workspace first touches it.
   */
  open(id: string): Workspace | Promise<Workspace> {
    const ws = this.workspaces.get(id)
    if (ws) {
      ws.lastUsedAt = Date.now()
      return ws
    }
    let pending = this.creating.get(id)
    if (!pending) {
      const stored = this.backend.has(id)
      if (id !== 'default' && !stored && this.counted() >= this.options.maxWorkspaces)
        throw new WorkspaceLimitError(this.options.maxWorkspaces)
      if (this.isPrepared && !stored && !this.shared) return this.create(id)
      pending = this.materialise(id).finally(() => this.creating.delete(id))
      this.creating.set(id, pending)
    }
    return pending
  }

  /** Runs every vendor's `state.prepare` once per store. */
  prepare(): Promise<void> {
    this.prepared ??= Promise.all(this.options.vendors.map((v) => v.state.prepare?.())).then(() => {
      this.isPrepared = true
    })
    return this.prepared
  }

  private create(id: string): Workspace {
    const ws = this.blank(id)
    const anchor = this.peekedAnchors.get(id)
    if (anchor !== undefined) {
      ws.anchorFixturesAt(anchor)
      this.peekedAnchors.delete(id)
    }
    this.workspaces.set(id, ws)
    ws.touch()
    return ws
  }

  /** Workspaces that count against the cap: `default` never does. */
  private counted(): number {
    const isDefault = (this.has('default') ? 1 : 0) + (this.creating.has('default') && !this.has('default') ? 1 : 0)
    return this.size + this.creating.size - isDefault
  }

  private async materialise(id: string): Promise<Workspace> {
    await this.prepare()
    const stored = await this.backend.read(id)
    const existing = this.workspaces.get(id)
    if (existing) return existing
    if (!stored) return this.create(id)
    const ws = this.blank(id)
    await this.hydrate(ws, stored)
    this.workspaces.set(id, ws)
    // A delivery the last process left under way is sent again (shared storage hands them over by lease instead).
    if (!this.shared) ws.outbox.resumeAll()
    return ws
  }

  private blank(id: string): Workspace {
    if (!this.backend.tracksChanges) return new Workspace(id, this.options, noop)
    const backend = this.backend
    // Shared storage writes only what changed: the workspace keeps track of it, record by record.
    const ws = new Workspace(id, this.options, () => backend.changed(id), this.shared ? new ChangeSet() : undefined)
    this.shared?.attach(ws)
    return ws
  }

  /** Shared storage: a workspace in memory made from its stored record, or seeded when none is stored. */
  private async adopt(id: string, record: WorkspaceRecord | undefined): Promise<Workspace> {
    await this.prepare()
    if (!record) return this.workspaces.get(id) ?? this.create(id)
    const ws = this.workspaces.get(id) ?? this.blank(id)
    ws.applyRecord(record)
    this.workspaces.set(id, ws)
    return ws
  }

  /**
   * Runs one request on a workspace of shared storage (see redis.ts): the
   * local copy is brought up to date before and changes are committed after.
   */
  transact<T>(id: string, mode: TransactionMode, fn: (ws: Workspace | undefined) => T | Promise<T>): Promise<T> {
    if (!this.shared) return Promise.resolve(fn(this.workspaces.get(id)))
    if (mode.create && id !== 'default' && !this.has(id) && this.counted() >= this.options.maxWorkspaces)
      return Promise.reject(new WorkspaceLimitError(this.options.maxWorkspaces))
    return this.shared.transact(id, mode, fn)
  }

  private async hydrate(ws: Workspace, stored: StoredWorkspace): Promise<void> {
    if ('record' in stored) {
      ws.applyRecord(stored.record)
      return
    }
    // A version 1 file kept vendor data only; a vendor's part that does not fit its schema stays fixtures.
    ws.clock.restore(stored.legacy.clock)
    ws.reanchor()
    for (const v of this.options.vendors) {
      const saved = stored.legacy.vendors[v.id]
      if (saved === undefined) continue
      await ws.seedVendor(v)
      const result = parseState(v.state.schema, saved, v.id)
      if ('state' in result) ws.setState(v.id, result.state)
    }
    ws.advanceRandom(stored.legacy.random ?? {})
  }

  /**
   * A freshly seeded workspace that is not stored: what an unknown workspace looks like to a control-plane read.
   * Its seed anchor is remembered, so that the workspace, once it is made, shows the fixtures that read showed
   * (under a real clock a vendor call a second later would otherwise move every fixture timestamp).
   */
  async detached(id: string): Promise<Workspace> {
    await this.prepare()
    const ws = new Workspace(id, this.options, noop)
    const anchor = this.peekedAnchors.get(id)
    if (anchor === undefined) {
      if (this.peekedAnchors.size >= MAX_PEEKED_ANCHORS) this.peekedAnchors.delete(this.peekedAnchors.keys().next().value as string)
      this.peekedAnchors.set(id, ws.seedAnchor)
    } else ws.anchorFixturesAt(anchor)
    return ws
  }

  drop(id: string): boolean {
    const had = this.has(id)
    this.workspaces.delete(id)
    if (had) this.backend.dropped(id)
    return had
  }

  /** Drops every workspace but `default` unused for `ttlMs`. */
  expire(ttlMs: number, now = Date.now()): string[] {
    // Workspaces only stored elsewhere (Redis) have no known last use here: they are left to the instances using them.
    const gone = this.list()
      .filter((w) => w.id !== 'default' && w.lastUsedAt > 0 && now - w.lastUsedAt >= ttlMs)
      .map((w) => w.id)
    if (this.shared) {
      // Other replicas may have used them since the last refresh: decided on fresh data, asynchronously.
      void this.shared.expireIdle(gone, ttlMs).catch(() => undefined)
      return []
    }
    for (const id of gone) this.drop(id)
    return gone
  }

  /** Start-up: the backend's lock and index; throws `StorageError` (and never writes) when storage is unusable. */
  async load(): Promise<void> {
    await this.backend.open()
    // Workspaces stored with a delivery under way are loaded at once, so it is sent again without waiting for a request.
    for (const id of [...(this.backend.sending?.() ?? [])]) void this.resumeSending(id)
  }

  private async resumeSending(id: string): Promise<void> {
    try {
      await this.open(id)
    } catch (err) {
      this.log(`could not resume the deliveries of workspace ${id}: ${String(err)}`)
    }
  }

  /** On shutdown: the last changes reach storage. */
  close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper)
    return this.backend.close()
  }
}
