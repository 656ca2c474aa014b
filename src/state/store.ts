import { Workspace, WORKSPACE_ID, type WorkspaceOptions } from './workspace.js'
import { exportState, importState } from './serialize.js'
import { memoryDatabase, fileDatabase, loadDataFile, type Database, type PersistedFile, type PersistedWorkspace } from './persistence.js'

export class WorkspaceLimitError extends Error {
  constructor(readonly limit: number) {
    super(`workspace limit reached: ${limit} live workspaces; drop one with DELETE /__sandbox/workspace or raise --max-workspaces`)
  }
}

export interface StoreOptions extends WorkspaceOptions {
  maxWorkspaces: number
  /** Seconds a workspace may stay unused before it is dropped; 0 or absent = never. `default` is kept. */
  workspaceTtl?: number
  dataFile?: string
  /** Debounce of data-file writes. */
  writeDelayMs?: number
}

/**
 * Workspaces → vendor collections, on lowdb (Memory adapter by default, an
 * atomic JSON file with `--data-file`). Nothing here knows HTTP.
 */
export class Store {
  private readonly workspaces = new Map<string, Workspace>()
  private readonly creating = new Map<string, Promise<Workspace>>()
  /** Every vendor's `state.prepare` (shared fixture bytes), run once, on the first workspace. */
  private prepared: Promise<void> | undefined
  private isPrepared = false
  private readonly db: Database
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()
  private dirty = false
  private sweeper: NodeJS.Timeout | undefined
  readonly changed: () => void

  constructor(readonly options: StoreOptions) {
    this.db = options.dataFile ? fileDatabase(options.dataFile) : memoryDatabase()
    this.changed = options.dataFile ? () => this.schedule() : () => undefined
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

  get(id: string): Workspace | undefined {
    return this.workspaces.get(id)
  }

  /** An existing workspace, marked as used; undefined (nothing created) when there is none. */
  peek(id: string): Workspace | undefined {
    const ws = this.workspaces.get(id)
    if (ws) ws.lastUsedAt = Date.now()
    return ws
  }

  /** Live workspaces in creation order. */
  list(): Workspace[] {
    return [...this.workspaces.values()]
  }

  ids(): string[] {
    return [...this.workspaces.keys()]
  }

  get size(): number {
    return this.workspaces.size
  }

  /**
   * The workspace, created on first use. Creation is cheap and synchronous once
   * the vendors are prepared: each vendor is seeded from fixtures only when the
   * workspace first touches it.
   */
  open(id: string): Workspace | Promise<Workspace> {
    const ws = this.workspaces.get(id)
    if (ws) {
      ws.lastUsedAt = Date.now()
      return ws
    }
    let pending = this.creating.get(id)
    if (!pending) {
      if (id !== 'default' && this.counted() >= this.options.maxWorkspaces) throw new WorkspaceLimitError(this.options.maxWorkspaces)
      if (this.isPrepared) return this.create(id)
      pending = this.prepare()
        .then(() => this.workspaces.get(id) ?? this.create(id))
        .finally(() => this.creating.delete(id))
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

  /** Workspaces that count against the cap: `default` never does. */
  private counted(): number {
    const isDefault = (this.workspaces.has('default') ? 1 : 0) + (this.creating.has('default') ? 1 : 0)
    return this.workspaces.size + this.creating.size - isDefault
  }

  private create(id: string): Workspace {
    const ws = new Workspace(id, this.options, this.changed)
    this.workspaces.set(id, ws)
    this.changed()
    return ws
  }

  /** A fresh workspace that is not stored: what an unknown workspace looks like to a control-plane read. */
  async detached(id: string): Promise<Workspace> {
    await this.prepare()
    return new Workspace(id, this.options, () => undefined)
  }

  drop(id: string): boolean {
    const had = this.workspaces.delete(id)
    if (had) this.changed()
    return had
  }

  /** Drops every workspace but `default` unused for `ttlMs`. */
  expire(ttlMs: number, now = Date.now()): string[] {
    const gone: string[] = []
    for (const [id, ws] of this.workspaces) if (id !== 'default' && now - ws.lastUsedAt >= ttlMs) gone.push(id)
    for (const id of gone) this.drop(id)
    return gone
  }

  /** Loads the data file at start; throws DataFileError (and never writes) when it is unusable. */
  async load(): Promise<void> {
    if (!this.options.dataFile) return
    const data = await loadDataFile(this.options.dataFile)
    if (!data) {
      await this.write()
      return
    }
    await this.prepare()
    for (const [id, persisted] of Object.entries(data.workspaces)) {
      if (!Store.validId(id)) continue
      const ws = new Workspace(id, this.options, this.changed)
      ws.clock.restore(persisted.clock)
      ws.reanchor()
      for (const v of this.options.vendors) {
        const saved = persisted.vendors[v.id]
        if (saved === undefined) continue
        await ws.seedVendor(v)
        const result = importState(ws.state(v.id), saved, v.id)
        if ('state' in result) ws.setState(v.id, result.state)
      }
      ws.advanceRandom(persisted.random ?? {})
      this.workspaces.set(id, ws)
    }
    this.dirty = false
  }

  private schedule(): void {
    this.dirty = true
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.write()
    }, this.options.writeDelayMs ?? 50)
  }

  private snapshot(): PersistedFile {
    const workspaces: Record<string, PersistedWorkspace> = {}
    for (const [id, ws] of this.workspaces) {
      const vendors: Record<string, unknown> = {}
      for (const vid of ws.vendorIds()) vendors[vid] = exportState(ws.state(vid))
      workspaces[id] = { clock: ws.clock.snapshot(), vendors, random: ws.randomState() }
    }
    return { version: 1, workspaces }
  }

  /** Writes the data file now (serialised with any write under way). */
  write(): Promise<void> {
    this.dirty = false
    this.writing = this.writing
      .then(async () => {
        this.db.data = this.snapshot()
        await this.db.write()
      })
      .catch((err: unknown) => {
        console.error(`esign-sandbox: writing data file failed: ${(err as Error).message}`)
      })
    return this.writing
  }

  /** On shutdown: the last changes reach the file. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper)
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.options.dataFile && this.dirty) await this.write()
    await this.writing
  }
}
