import { vendorOptionProblem, type AnyVendor, type MountDefinition } from './lib/vendor.js'
import type { LinkPolicy } from './lib/links.js'
import { Store } from './state/store.js'
import type { ClockSetting } from './state/clock.js'

export interface SandboxOptions {
  /** PRNG seed (default 1). */
  seed?: number | string
  /** `real` (default) or an ISO-8601 instant every new workspace starts frozen at. */
  clock?: ClockSetting
  /** Vendor ids to mount (default all). */
  vendors?: string[]
  /** Persist to this data file (default memory only). */
  dataFile?: string
  /** Keep workspaces in Redis, shared by every sandbox with the same URL (`redis://host:6379/0`). Not with `dataFile`. */
  redis?: string
  /** When set, every /__sandbox route needs `Authorization: Bearer <token>`. */
  adminToken?: string
  /** Live workspace cap (default 1000). */
  maxWorkspaces?: number
  /** Seconds a workspace may stay unused before it is dropped (default 0 = never; `default` is never dropped). */
  workspaceTtl?: number
  /** Journal ring-buffer size per workspace (default 10000). */
  journalSize?: number
  /** Bytes of each request and reply body the journal keeps (default 8192). */
  journalBodyLimit?: number
  /** Bytes a workspace's journal may hold in all, oldest entries dropped first (default 8 MiB). */
  journalBytes?: number
  /** Real hosts per vendor id, replacing the defaults (e.g. `{ tranadmin: ['https://esf.acme.test'] }`). */
  hosts?: Record<string, string[]>
  logLevel?: 'silent' | 'info' | 'debug'
  /** Settings a vendor spec names as sandbox options, per vendor id (e.g. `{ zoho: { tokenThrottle: 0 } }`). */
  vendorOptions?: Record<string, Record<string, unknown>>
  /**
   * Waits in ms between outbound delivery attempts (webhooks, callbacks), replacing
   * the vendors' 1 s and 2 s; the last value repeats. Test suites set e.g. `[5, 10]`.
   */
  deliveryBackoffMs?: number[]
  /** `private`: webhooks and callbacks to loopback and private-range addresses are refused (a shared instance). */
  outboundDeny?: 'private'
  /**
   * Repeated GETs answered from kept replies while nothing they were made from changed (default `on`;
   * `SANDBOX_REPLY_CACHE`); `verify` makes every reply anyway and answers 500 when a kept one differs.
   */
  replyCache?: 'on' | 'off' | 'verify'
}

export interface MountRuntime {
  vendor: AnyVendor
  def: MountDefinition<unknown>
  prefix: string
  hosts: string[]
  links?: LinkPolicy
}

/** Everything one sandbox instance shares between the front doors and the control plane. */
export interface Runtime {
  version: string
  startedAt: number
  options: Required<
    Pick<
      SandboxOptions,
      'seed' | 'clock' | 'maxWorkspaces' | 'journalSize' | 'journalBodyLimit' | 'journalBytes' | 'logLevel' | 'replyCache'
    >
  > &
    SandboxOptions
  store: Store
  vendors: AnyVendor[]
  vendorById: Map<string, AnyVendor>
  mounts: MountRuntime[]
  log(level: 'info' | 'debug' | 'error', message: string): void
}

/**
 * Two mounts claiming one real host (or one prefix) would leave one of them
 * unreachable with no sign of it: refuse at start instead.
 */
function checkClaims(mounts: MountRuntime[]): void {
  const hosts = new Map<string, MountRuntime>()
  const prefixes = new Map<string, MountRuntime>()
  const claim = (table: Map<string, MountRuntime>, key: string, what: string, m: MountRuntime) => {
    const first = table.get(key)
    if (first)
      throw new Error(
        `${what} ${key} is claimed by two vendor mounts: ${first.vendor.id} (${first.prefix}) and ${m.vendor.id} (${m.prefix})`,
      )
    table.set(key, m)
  }
  for (const m of mounts) {
    claim(prefixes, m.prefix, 'the prefix', m)
    for (const host of m.hosts) claim(hosts, host.replace(/\/+$/, '').toLowerCase(), 'the host', m)
  }
}

const REPLY_CACHE_MODES = ['on', 'off', 'verify'] as const

/** `SANDBOX_REPLY_CACHE` when the options leave it out (the test suite runs in `verify`). */
function replyCacheFromEnv(): 'on' | 'off' | 'verify' {
  const value = process.env.SANDBOX_REPLY_CACHE
  if (value === undefined || value === '') return 'on'
  const mode = REPLY_CACHE_MODES.find((m) => m === value)
  if (!mode) throw new RangeError(`SANDBOX_REPLY_CACHE must be on, off or verify, got ${JSON.stringify(value)}`)
  return mode
}

export function createRuntime(all: AnyVendor[], opts: SandboxOptions, version: string): Runtime {
  const wanted = opts.vendors
  const vendors = wanted ? all.filter((v) => wanted.includes(v.id)) : all
  const optionProblem = vendorOptionProblem(all, opts.vendorOptions ?? {})
  if (optionProblem) throw new RangeError(`vendorOptions: ${optionProblem}`)
  const options = {
    ...opts,
    seed: opts.seed ?? 1,
    clock: opts.clock ?? 'real',
    maxWorkspaces: opts.maxWorkspaces ?? 1000,
    journalSize: opts.journalSize ?? 10_000,
    journalBodyLimit: opts.journalBodyLimit ?? 8192,
    journalBytes: opts.journalBytes ?? 8 * 1024 * 1024,
    logLevel: opts.logLevel ?? 'silent',
    replyCache: opts.replyCache ?? replyCacheFromEnv(),
  }
  const mounts: MountRuntime[] = vendors.flatMap((vendor) =>
    vendor.mounts.map((def, i) => ({
      vendor,
      def,
      prefix: def.prefix,
      // A configured host list replaces the first mount's defaults (tranadmin, ipro have one mount).
      hosts: i === 0 && opts.hosts?.[vendor.id] ? opts.hosts[vendor.id] : def.hosts,
      links: def.links,
    })),
  )
  checkClaims(mounts)
  const store = new Store({
    vendors,
    seed: String(options.seed),
    clock: options.clock,
    journalSize: options.journalSize,
    journalBodyLimit: options.journalBodyLimit,
    journalBytes: options.journalBytes,
    vendorOptions: options.vendorOptions ?? {},
    maxWorkspaces: options.maxWorkspaces,
    workspaceTtl: options.workspaceTtl,
    dataFile: options.dataFile,
    redis: options.redis,
    log: (message: string) => console.error(`[esign-sandbox] ${message}`),
    deliveryBackoffMs: options.deliveryBackoffMs,
    outboundDeny: options.outboundDeny,
  })
  const levels = { silent: 0, info: 1, debug: 2 }
  return {
    version,
    startedAt: Date.now(),
    options,
    store,
    vendors,
    vendorById: new Map(vendors.map((v) => [v.id, v])),
    mounts,
    log(level, message) {
      if (level === 'error' || levels[options.logLevel] >= (level === 'info' ? 1 : 2)) console.error(`[esign-sandbox] ${message}`)
    },
  }
}
