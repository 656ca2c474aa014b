import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Workspace, WorkspaceRecord } from './workspace.js'
import { decodeRecord, encodeChanges } from './redis-record.js'
import { StorageError, type StorageBackend, type StorageStatus, type StoredWorkspace } from './storage.js'

/**
 * `--redis <url>`: workspaces live in Redis and every sandbox process started
 * with the same URL serves the same workspaces (docs/deploying.md explains
 * the design for operators).
 *
 * Keys (prefix `esign-sandbox:`): `ws:<id>` a hash holding the workspace in
 * parts (a head, one field per record and per outbox entry: redis-record.ts)
 * and its version, so a write sends only what changed; `lock:<id>` the write lock; `ver` a global counter
 * every commit takes its version from (so a dropped and re-created workspace
 * never reuses a version); `ids` the set of workspace ids; `created` and
 * `used` hashes of id → wall-clock ms (what listing and `--workspace-ttl` go by,
 * so a replica never expires a workspace another replica is using).
 *
 * Each process keeps the workspaces it uses in memory together with the
 * version they reflect, and services stay synchronous over that copy:
 * - every request first asks Redis for the workspace's version (one round
 *   trip; the record travels only when it changed);
 * - requests that change state (any verb but GET/HEAD, and every
 *   control-plane write) run under the workspace's lock: a local queue, then
 *   `SET NX PX` in Redis, renewed while held; the change is committed (Lua:
 *   only while the lock is ours) before the reply is sent. The lock is kept
 *   LOCK_LINGER_MS after a write (at most LOCK_HOLD_MAX_MS in all), so the
 *   next write of the same client needs no lock or version round trip;
 * - a GET that happens to change state (a fault rule firing) commits with a
 *   version check instead; if another process wrote in between, the local
 *   copy is reloaded and the GET runs again under the lock.
 * Outbox deliveries start only once the change that queued them is
 * committed, and only in the process that made it, so each is sent once.
 * Each holds a lease (`leases`: a sorted set of "<workspace> <entry id>" by
 * expiry, `lease-owners`: who holds it), written just ahead of that commit and
 * renewed while the delivery runs. When its process dies, the lease lapses
 * and any instance takes the delivery over: a new round of attempts, so a
 * receiver may see a delivery again only when its sender died mid-call.
 */
const PREFIX = 'esign-sandbox:'
const LOCK_TTL_MS = 5000
const LOCK_RENEW_MS = 1500
const LOCK_WAIT_MS = 30_000
/**
 * A replica keeps a workspace's lock this long after a write, and at most
 * LOCK_HOLD_MAX_MS in all: back-to-back writes of one client then cost one
 * round trip each (the commit) instead of two, and another replica waits at
 * most this long plus its back-off.
 */
const LOCK_LINGER_MS = 10
const LOCK_HOLD_MAX_MS = 100
const USED_EVERY_MS = 1000
/** A delivery's lease: how long it outlives a silent sender, how often it is renewed and lapsed ones are looked for. */
const LEASE_MS = 5000
const LEASE_TICK_MS = 1000

/** The version, and the whole hash when it is not the one the caller knows. KEYS: ws hash. ARGV: known version. */
const FETCH = `
local v = redis.call('HGET', KEYS[1], 'ver')
if not v then return {0} end
if v == ARGV[1] then return {tonumber(v)} end
return {tonumber(v), redis.call('HGETALL', KEYS[1])}`

/**
 * KEYS: ws hash, lock, version counter, id set, created hash. ARGV: lock token ('' = none held), expected
 * version, id, now, '1' to release the lock with the commit (saves a round trip), '1' to replace the whole
 * hash, then the operations (redis-record.ts), three strings each.
 */
const COMMIT = `
local lock = redis.call('GET', KEYS[2])
if ARGV[1] ~= '' then
  if lock ~= ARGV[1] then return -1 end
else
  if lock then return -2 end
  local v = redis.call('HGET', KEYS[1], 'ver') or '0'
  if v ~= ARGV[2] then return 0 end
end
local nv = redis.call('INCR', KEYS[3])
if ARGV[6] == '1' then redis.call('DEL', KEYS[1]) end
local pos = tonumber(redis.call('HGET', KEYS[1], 'pos') or '0')
for i = 7, #ARGV, 3 do
  local op, f = ARGV[i], ARGV[i + 1]
  local place = 'p' .. string.sub(f, 2)
  if op == 'd' then
    redis.call('HDEL', KEYS[1], f, place)
  else
    redis.call('HSET', KEYS[1], f, ARGV[i + 2])
    if op == 'n' or (op == 'u' and redis.call('HEXISTS', KEYS[1], place) == 0) then
      pos = pos + 1
      redis.call('HSET', KEYS[1], place, pos)
    end
  end
end
redis.call('HSET', KEYS[1], 'ver', nv, 'pos', pos)
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('HSETNX', KEYS[5], ARGV[3], ARGV[4])
if ARGV[1] ~= '' and ARGV[5] == '1' then redis.call('DEL', KEYS[2]) end
return nv`

/** KEYS: ws hash, lock, id set, created hash, used hash. ARGV: token, id. */
const DROP = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[2])
redis.call('HDEL', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[5], ARGV[2])
return 1`

/** Takes the lock and answers like FETCH in one round trip; {-1} when the lock is held. KEYS: lock, ws hash. ARGV: token, ttl, known version. */
const LOCK_FETCH = `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {-1} end
local v = redis.call('HGET', KEYS[2], 'ver')
if not v then return {0} end
if v == ARGV[3] then return {tonumber(v)} end
return {tonumber(v), redis.call('HGETALL', KEYS[2])}`

const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** Takes over a lapsed lease. KEYS: leases, owners. ARGV: member, now, new expiry, owner. */
const CLAIM = `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s or tonumber(s) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
return 1`

/** Extends the leases still ours. KEYS: leases, owners. ARGV: new expiry, owner, members… */
const EXTEND = `
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[2] then redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[i]) end
end
return 0`

/** Ends a lease if still ours. KEYS: leases, owners. ARGV: member, owner. */
const RELEASE = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])`

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`

interface Scripts {
  sbFetch(key: string, known: string): Promise<Fetched>
  sbCommit(
    ws: string,
    lock: string,
    counter: string,
    ids: string,
    created: string,
    token: string,
    expected: string,
    id: string,
    now: string,
    release: string,
    whole: string,
    ...ops: string[]
  ): Promise<number>
  sbDrop(ws: string, lock: string, ids: string, created: string, used: string, token: string, id: string): Promise<number>
  sbLockFetch(lock: string, ws: string, token: string, ttl: string, known: string): Promise<Fetched>
  sbUnlock(lock: string, token: string): Promise<number>
  sbRenew(lock: string, token: string, ttl: string): Promise<number>
  sbClaim(leases: string, owners: string, member: string, now: string, until: string, owner: string): Promise<number>
  sbExtend(leases: string, owners: string, until: string, owner: string, ...members: string[]): Promise<number>
  sbRelease(leases: string, owners: string, member: string, owner: string): Promise<number>
}

/** A workspace's version (0: none stored), with its hash (field, value, …) when the caller's copy is older. */
type Fetched = [number, string[]?]

/** A delivery queued by a change not yet committed: its lease name and how it starts. */
interface Held {
  member: string
  send: () => void
}

/** Per workspace: the version the local copy reflects, whether it has uncommitted changes, the local write queue. */
interface Slot {
  ver: number
  dirty: boolean
  queue: Promise<unknown>
  /** Deliveries queued by changes not yet committed. */
  held: Held[]
  /** Transactions running on this workspace in this process. */
  active: number
  /** Set when the workspace was dropped inside a transaction that holds its lock. */
  drop: boolean
  creating?: Promise<Workspace>
  /** When this process last told Redis the workspace was used. */
  usedSent: number
  /** The workspace's lock, while this process keeps it between writes. */
  lock?: HeldLock
}

interface HeldLock {
  token: string
  since: number
  renew: NodeJS.Timeout
  linger?: NodeJS.Timeout
}

export interface TransactionMode {
  /** Take the workspace's lock for the whole request (anything that may change state). */
  write: boolean
  /** Create (seed) the workspace when nobody has it yet. */
  create: boolean
  /** When a lock-free request changed state and lost a race, it may simply be run again under the lock. */
  rerun: boolean
}

/** What the Redis backend needs from the store. */
export interface SharedHost {
  lookup(id: string): Workspace | undefined
  /** A workspace in memory made from a record (or seeded when there is none). */
  adopt(id: string, record: WorkspaceRecord | undefined): Promise<Workspace>
  forget(id: string): void
  log(message: string): void
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export class RedisStorage implements StorageBackend {
  readonly kind = 'redis' as const
  readonly tracksChanges = true
  private clientOrNone: (Redis & Scripts) | undefined
  private readonly slots = new Map<string, Slot>()
  private readonly known = new Set<string>()
  private readonly stamps = new Map<string, { createdAt: number; lastUsedAt: number }>()
  private refresher: NodeJS.Timeout | undefined
  private problem: string | undefined
  private host: SharedHost | undefined
  /** This process, as the owner of the delivery leases it holds. */
  private readonly owner = randomBytes(8).toString('hex')
  /** Leases of the deliveries running here. */
  private readonly leased = new Set<string>()
  private leaseTimer: NodeJS.Timeout | undefined
  private sweeping = false

  constructor(readonly url: string) {}

  private get client(): Redis & Scripts {
    return this.clientOrNone as Redis & Scripts
  }

  /** ioredis is loaded here, only when Redis is used: memory-mode start-up does not pay for it. */
  private async connect(): Promise<void> {
    const { Redis } = await import('ioredis')
    const client = new Redis(this.url, { lazyConnect: true, enableAutoPipelining: true, maxRetriesPerRequest: 3 })
    client.defineCommand('sbFetch', { numberOfKeys: 1, lua: FETCH })
    client.defineCommand('sbCommit', { numberOfKeys: 5, lua: COMMIT })
    client.defineCommand('sbDrop', { numberOfKeys: 5, lua: DROP })
    client.defineCommand('sbLockFetch', { numberOfKeys: 2, lua: LOCK_FETCH })
    client.defineCommand('sbUnlock', { numberOfKeys: 1, lua: UNLOCK })
    client.defineCommand('sbRenew', { numberOfKeys: 1, lua: RENEW })
    client.defineCommand('sbClaim', { numberOfKeys: 2, lua: CLAIM })
    client.defineCommand('sbExtend', { numberOfKeys: 2, lua: EXTEND })
    client.defineCommand('sbRelease', { numberOfKeys: 2, lua: RELEASE })
    client.on('error', (err: Error) => {
      this.problem = `Redis ${this.url}: ${err.message}`
    })
    client.on('ready', () => {
      this.problem = undefined
    })
    this.clientOrNone = client as Redis & Scripts
    await client.connect()
    await client.ping()
  }

  bind(host: SharedHost): void {
    this.host = host
  }

  private get store(): SharedHost {
    return this.host as SharedHost
  }

  async open(): Promise<void> {
    try {
      await this.connect()
    } catch (err) {
      this.clientOrNone?.disconnect()
      throw new StorageError(`cannot reach Redis at ${redact(this.url)}: ${(err as Error).message}`)
    }
    await this.refreshIds()
    this.refresher = setInterval(() => void this.refreshIds().catch(() => undefined), 2000)
    this.refresher.unref()
    this.leaseTimer = setInterval(() => void this.tendLeases().catch(() => undefined), LEASE_TICK_MS)
    this.leaseTimer.unref()
  }

  /** Renews the leases of deliveries running here, then takes over lapsed ones. */
  private async tendLeases(): Promise<void> {
    if (this.sweeping) return
    this.sweeping = true
    try {
      const now = Date.now()
      if (this.leased.size > 0) await this.client.sbExtend(LEASES, LEASE_OWNERS, String(now + LEASE_MS), this.owner, ...this.leased)
      const due = await this.client.zrangebyscore(LEASES, '-inf', now, 'LIMIT', 0, 16)
      for (const member of due) if (!this.leased.has(member)) await this.takeOver(member, now)
    } finally {
      this.sweeping = false
    }
  }

  /** A delivery whose sender stopped renewing its lease: claimed, then sent from here if it is still pending. */
  private async takeOver(member: string, now: number): Promise<void> {
    if (!(await this.client.sbClaim(LEASES, LEASE_OWNERS, member, String(now), String(now + LEASE_MS), this.owner))) return
    const [id, entry] = member.split(' ')
    this.leased.add(member)
    const resumed = await this.transact(id, { write: true, create: false, rerun: false }, (ws) => ws?.outbox.resume(entry) ?? false).catch(
      (err: unknown) => {
        this.store.log(`taking over delivery ${entry} of workspace ${id} failed: ${(err as Error).message}`)
        return false
      },
    )
    if (!resumed) await this.release(member)
  }

  private release(member: string): Promise<unknown> {
    this.leased.delete(member)
    return this.client.sbRelease(LEASES, LEASE_OWNERS, member, this.owner).catch(() => undefined)
  }

  private async refreshIds(): Promise<void> {
    const [ids, created, used] = await Promise.all([this.client.smembers(IDS), this.client.hgetall(CREATED), this.client.hgetall(USED)])
    this.known.clear()
    this.stamps.clear()
    for (const id of ids) {
      this.known.add(id)
      const createdAt = Number(created[id] ?? 0)
      this.stamps.set(id, { createdAt, lastUsedAt: Math.max(createdAt, Number(used[id] ?? 0)) })
    }
  }

  private slot(id: string): Slot {
    let s = this.slots.get(id)
    if (!s) {
      s = { ver: 0, dirty: false, queue: Promise.resolve(), held: [], active: 0, drop: false, usedSent: 0 }
      this.slots.set(id, s)
    }
    return s
  }

  /** Hooks a workspace's outbox to the commit cycle: deliveries wait for their commit, progress is written under the lock. */
  attach(ws: Workspace): void {
    const id = ws.id
    ws.outbox.start = (entry, send) => this.slot(id).held.push({ member: `${id} ${entry}`, send })
    ws.outbox.mutate = (change) =>
      this.transact(id, { write: true, create: false, rerun: false }, () => change()).catch((err: unknown) => {
        this.store.log(`recording a delivery of workspace ${id} failed: ${(err as Error).message}`)
        throw err
      })
    ws.outbox.ended = (entry) => void this.release(`${id} ${entry}`)
  }

  storedIds(): Iterable<string> {
    return this.known
  }

  has(id: string): boolean {
    return this.known.has(id)
  }

  /**
   * Drops those of `ids` that no replica has used for `ttlMs`, reading the
   * shared last use first (the refreshed copy may be seconds old); a use is
   * recorded at most once a second, so that much more idle time is required.
   */
  async expireIdle(ids: string[], ttlMs: number): Promise<string[]> {
    const gone: string[] = []
    for (const id of ids) {
      const [created, used] = await Promise.all([this.client.hget(CREATED, id), this.client.hget(USED, id)])
      const last = Math.max(Number(created ?? 0), Number(used ?? 0), this.store.lookup(id)?.lastUsedAt ?? 0)
      if (Date.now() - last < ttlMs + USED_EVERY_MS) continue
      this.store.forget(id)
      this.dropped(id)
      gone.push(id)
    }
    return gone
  }

  /** As of the last refresh (every 2 s): when a workspace was created and last used by any replica. */
  times(id: string): { createdAt: number; lastUsedAt: number } | undefined {
    return this.stamps.get(id)
  }

  async read(id: string): Promise<StoredWorkspace | undefined> {
    const [ver, hash] = await this.client.sbFetch(key(id), '-1')
    if (ver === 0 || hash === undefined) return undefined
    const slot = this.slot(id)
    slot.ver = ver
    return { record: decodeRecord(hash) }
  }

  changed(id: string): void {
    const slot = this.slot(id)
    slot.dirty = true
    // A change outside any request (none is expected): committed on its own, with a version check.
    if (slot.active === 0)
      setImmediate(() => {
        if (slot.active === 0 && slot.dirty)
          void this.exclusive(slot, () => this.tryCommit(id, slot)).then((ok) => {
            if (!ok) this.store.log(`a change to workspace ${id} made outside a request lost a race and was dropped`)
          })
      })
  }

  dropped(id: string): void {
    const slot = this.slot(id)
    this.known.delete(id)
    if (slot.active > 0) {
      slot.drop = true
      return
    }
    void this.transact(id, { write: true, create: false, rerun: false }, () => {
      slot.drop = true
    }).catch((err: unknown) => this.store.log(`dropping workspace ${id} failed: ${(err as Error).message}`))
  }

  status(): StorageStatus {
    return this.problem === undefined ? { backend: 'redis', ok: true } : { backend: 'redis', ok: false, problem: this.problem }
  }

  /** Runs `fn` on the workspace as one request: the local copy is brought up to date first and changes are committed after. */
  async transact<T>(id: string, mode: TransactionMode, fn: (ws: Workspace | undefined) => T | Promise<T>): Promise<T> {
    const slot = this.slot(id)
    slot.active++
    const now = Date.now()
    // Last use is shared (at most once a second per replica), so no replica expires a workspace another one uses.
    if (now - slot.usedSent > USED_EVERY_MS) {
      slot.usedSent = now
      this.client.hset(USED, id, String(now)).catch(() => undefined)
    }
    try {
      if (mode.write) return await this.exclusive(slot, () => this.locked(id, slot, mode.create, fn))
      // A lock this process keeps means nobody else wrote: no need to ask.
      const ws = slot.lock && slot.ver > 0 && this.store.lookup(id) ? this.store.lookup(id) : await this.sync(id, slot, mode.create)
      const result = await fn(ws)
      if (!slot.dirty) return result
      if (await this.exclusive(slot, () => this.tryCommit(id, slot))) return result
      if (!mode.rerun) {
        this.store.log(`a change to workspace ${id} by a read lost a race with another instance and was dropped`)
        await this.exclusive(slot, () => this.sync(id, slot, false, true))
        return result
      }
      return await this.exclusive(slot, () => this.locked(id, slot, mode.create, fn, true))
    } finally {
      slot.active--
    }
  }

  /** The local write queue of a workspace: one writer (and one commit) at a time in this process. */
  private exclusive<T>(slot: Slot, fn: () => Promise<T>): Promise<T> {
    const run = slot.queue.then(fn, fn)
    slot.queue = run.catch(() => undefined)
    return run
  }

  private async locked<T>(
    id: string,
    slot: Slot,
    create: boolean,
    fn: (ws: Workspace | undefined) => T | Promise<T>,
    reload = false,
  ): Promise<T> {
    // While this process keeps the lock nobody else can write: the local copy is current without asking.
    const kept = slot.lock && !reload && slot.ver > 0 && this.store.lookup(id) ? slot.lock : undefined
    if (kept) clearTimeout(kept.linger)
    else if (slot.lock) await this.letGo(slot, id)
    const acquired = kept ? undefined : await this.acquire(id, slot, reload)
    const lock = kept ?? (acquired as HeldLock)
    let keep = false
    try {
      const ws = await this.sync(id, slot, create, reload, acquired?.fetched ?? [slot.ver])
      const result = await fn(ws)
      if (slot.drop) {
        slot.drop = false
        await this.client.sbDrop(key(id), lockKey(id), IDS, CREATED, USED, lock.token, id)
        slot.ver = 0
        slot.dirty = false
        slot.held = []
        this.store.forget(id)
        this.known.delete(id)
      } else {
        keep = Date.now() - lock.since < LOCK_HOLD_MAX_MS
        if (slot.dirty && this.store.lookup(id)) {
          // Released with the commit (one round trip) unless it is kept.
          await this.commit(id, slot, lock.token, !keep)
          if (!keep) this.unhold(slot, lock)
        }
      }
      return result
    } finally {
      if (keep) lock.linger = setTimeout(() => void this.letGo(slot, id, lock), LOCK_LINGER_MS).unref()
      else await this.letGo(slot, id, lock)
    }
  }

  /** Takes the workspace's lock (renewed while held) with the version check's answer. */
  private async acquire(id: string, slot: Slot, reload: boolean): Promise<HeldLock & { fetched: Fetched }> {
    const token = randomBytes(12).toString('hex')
    const fetched = await this.lock(id, token, this.known_(id, slot, reload))
    const renew = setInterval(() => void this.client.sbRenew(lockKey(id), token, String(LOCK_TTL_MS)).catch(() => undefined), LOCK_RENEW_MS)
    renew.unref()
    const held = { token, since: Date.now(), renew, fetched }
    slot.lock = held
    return held
  }

  /** Lets go of the workspace's lock (`lock`: only if that is still the one kept). */
  private async letGo(slot: Slot, id: string, lock = slot.lock): Promise<void> {
    if (!lock || !this.unhold(slot, lock)) return
    await this.client.sbUnlock(lockKey(id), lock.token).catch(() => undefined)
  }

  /** Stops keeping and renewing `lock` (false when it is not the one kept). */
  private unhold(slot: Slot, lock: HeldLock): boolean {
    if (slot.lock !== lock) return false
    slot.lock = undefined
    clearInterval(lock.renew)
    clearTimeout(lock.linger)
    return true
  }

  /** Takes the workspace's lock, answering what the version check would (one round trip). */
  private async lock(id: string, token: string, known: string): Promise<Fetched> {
    const deadline = Date.now() + LOCK_WAIT_MS
    let wait = 1
    for (;;) {
      const fetched = await this.client.sbLockFetch(lockKey(id), key(id), token, String(LOCK_TTL_MS), known)
      if (fetched[0] !== -1) return fetched
      if (Date.now() > deadline) throw new Error(`workspace ${id} stayed locked by another instance for ${LOCK_WAIT_MS} ms`)
      await sleep(wait)
      wait = Math.min(wait * 2, 20)
    }
  }

  /** Brings the local copy up to the stored version (one round trip when it is current); creates the workspace if asked. */
  /** The version to tell Redis the local copy has ('-1': none, send the record). */
  private known_(id: string, slot: Slot, reload: boolean): string {
    return this.store.lookup(id) && !reload && slot.ver > 0 ? String(slot.ver) : '-1'
  }

  private async sync(id: string, slot: Slot, create: boolean, reload = false, fetched?: Fetched): Promise<Workspace | undefined> {
    const local = this.store.lookup(id)
    const [ver, rec] = fetched ?? (await this.client.sbFetch(key(id), this.known_(id, slot, reload)))
    if (ver === 0) {
      // Not stored: dropped by another instance, or never created.
      if (local && slot.ver > 0) {
        this.store.forget(id)
        slot.ver = 0
        slot.dirty = false
        slot.held = []
      }
      if (this.store.lookup(id) || !create) return this.store.lookup(id)
      slot.creating ??= this.store.adopt(id, undefined).finally(() => (slot.creating = undefined))
      return slot.creating
    }
    this.known.add(id)
    // No record: the copy is current. An answer older than the copy (a fetch sent before a commit of ours) is ignored.
    if (rec === undefined || (!reload && this.store.lookup(id) && ver <= slot.ver)) return this.store.lookup(id)
    const record = decodeRecord(rec)
    const current = this.store.lookup(id)
    slot.held = []
    if (current) current.applyRecord(record)
    else {
      slot.creating ??= this.store.adopt(id, record).finally(() => (slot.creating = undefined))
      await slot.creating
    }
    slot.ver = ver
    slot.dirty = false
    return this.store.lookup(id)
  }

  private async commit(id: string, slot: Slot, token: string, release: boolean): Promise<void> {
    if (!(await this.store_(id, slot, token, release))) {
      await this.letGo(slot, id)
      throw new Error(`workspace ${id}: the write lock expired before the change was stored`)
    }
  }

  /** Commit without the lock: only if nobody holds it and nobody wrote since the local copy's version. */
  private tryCommit(id: string, slot: Slot): Promise<boolean> {
    // Inside the local queue: a lock this process keeps is free to commit with.
    return this.store_(id, slot, slot.lock?.token ?? '', false)
  }

  /**
   * Writes the local copy as the workspace's next version: under the lock `token` (released with
   * it when `release`), or with none ('') if nobody holds the lock and the stored version is still the copy's.
   * The leases of the deliveries it queued go ahead of it on the connection, so a commit that
   * stored them also stored their leases.
   */
  private async store_(id: string, slot: Slot, token: string, release: boolean): Promise<boolean> {
    if (!slot.dirty) return true
    slot.dirty = false
    const ws = this.store.lookup(id)
    if (!ws?.changes) return true
    // Changes made while this commit is on its way are the next commit's.
    const changes = ws.changes.take()
    const ops = encodeChanges(ws, changes)
    if (slot.held.length > 0) this.lease(slot.held.map((h) => h.member))
    const ver = await this.client.sbCommit(
      key(id),
      lockKey(id),
      COUNTER,
      IDS,
      CREATED,
      token,
      String(slot.ver),
      id,
      String(Date.now()),
      release ? '1' : '0',
      changes.whole ? '1' : '0',
      ...ops,
    )
    if (ver <= 0) {
      slot.dirty = true
      // What was taken is not stored: the next commit writes everything.
      ws.changes.whole = true
      return false
    }
    this.committed(id, slot, ver)
    return true
  }

  private lease(members: string[]): void {
    const until = String(Date.now() + LEASE_MS)
    this.client.zadd(LEASES, ...members.flatMap((m) => [until, m])).catch(() => undefined)
    this.client.hset(LEASE_OWNERS, Object.fromEntries(members.map((m) => [m, this.owner]))).catch(() => undefined)
  }

  private committed(id: string, slot: Slot, ver: number): void {
    slot.ver = ver
    this.known.add(id)
    const held = slot.held
    slot.held = []
    for (const { member, send } of held) {
      this.leased.add(member)
      send()
    }
  }

  async close(): Promise<void> {
    if (this.refresher) clearInterval(this.refresher)
    if (this.leaseTimer) clearInterval(this.leaseTimer)
    for (const [id, slot] of this.slots) {
      await slot.queue
      await this.letGo(slot, id)
    }
    await this.clientOrNone?.quit().catch(() => this.client.disconnect())
  }
}

const key = (id: string) => `${PREFIX}ws:${id}`
const IDS = `${PREFIX}ids`
const COUNTER = `${PREFIX}ver`
const CREATED = `${PREFIX}created`
const USED = `${PREFIX}used`
const lockKey = (id: string) => `${PREFIX}lock:${id}`
const LEASES = `${PREFIX}leases`
const LEASE_OWNERS = `${PREFIX}lease-owners`

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}
