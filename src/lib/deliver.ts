import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import type { DeliveryEntry, DeliveryInput, DeliveryPolicy, EmailEntry, EmailInput, OutboxEntry, VendorOutbox } from './outbox-types.js'

/**
 * The outbox and the one way the sandbox makes outbound HTTP calls.
 *
 * Every attempt calls the global `fetch` in effect when it is sent (sandbox.md
 * §5), never one captured at import: in-process, an MSW handler for the
 * receiver's host then receives deliveries whether `esign-sandbox` was
 * imported before or after `server.listen()`, and a real receiver still gets
 * them through MSW's passthrough.
 */

const OUTBOX_CAPACITY = 10_000

/** The vendors' documented waits between delivery attempts: 1 s, then 2 s. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1000, 2000]

type Hook = NonNullable<DeliveryInput['onSettled']>
/** What a delivery needs besides its entry: how it is attempted and what its outcome changes. */
export type Hooks = DeliveryPolicy & { onSettled?: Hook }
interface Policy {
  attempts: number
  backoffMs: readonly number[]
  timeoutMs: number
  success: (status: number) => boolean
}

/** What storage keeps of an outbox: the entries and the id counter (delivery policies are code, not data). */
export interface OutboxRecord {
  seq: number
  entries: OutboxEntry[]
}

export class Outbox {
  private readonly list: OutboxEntry[] = []
  private readonly byId = new Map<string, OutboxEntry>()
  private readonly hooks = new Map<string, { policy: Policy; onSettled?: Hook }>()
  private readonly pending = new Set<Promise<void>>()
  private seq = 0

  /**
   * How a delivery's progress is written: at once here; shared storage
   * replaces it with a write under the workspace's lock (settled once stored).
   */
  mutate: (change: () => void) => void | Promise<void> = (change) => change()
  /** Starts a queued delivery; shared storage holds them until the request's changes are stored (and leases them). */
  start: (id: string, send: () => void) => void = (_id, send) => send()
  /** A delivery's round of attempts is over and its outcome stored (shared storage lets go of its lease). */
  ended: (id: string) => void = () => undefined
  /**
   * The policy and settle hook of a delivery queued by another process or
   * before a restart (the vendor rebuilds them from the entry and its state).
   */
  recover: (entry: DeliveryEntry) => Hooks | undefined = () => undefined

  /**
   * `backoffMs` replaces the default waits between attempts for every delivery
   * of this outbox (the `deliveryBackoffMs` sandbox option): test suites set it
   * to a few milliseconds instead of waiting out the vendors' seconds.
   */
  constructor(
    readonly workspace: string,
    private readonly now: () => number,
    private readonly backoffMs: readonly number[] = DEFAULT_BACKOFF_MS,
    /** An entry was added, changed or dropped (by id). */
    private readonly changed: (id: string) => void = () => undefined,
    /** Refuse loopback and private-range targets (`--outbound-deny private`). */
    private readonly denyPrivate = false,
  ) {}

  forVendor(vendor: string): VendorOutbox {
    return {
      email: (input) => this.email(vendor, input),
      deliver: (input) => this.deliver(vendor, input),
      get: (id) => this.byId.get(id),
    }
  }

  private base<T extends OutboxEntry['type']>(vendor: string, type: T) {
    this.seq += 1
    return { id: `ob_${this.seq}`, vendor, type, at: new Date(this.now()).toISOString(), workspace: this.workspace }
  }

  private add<T extends OutboxEntry>(entry: T): T {
    this.list.push(entry)
    this.byId.set(entry.id, entry)
    if (this.list.length > OUTBOX_CAPACITY) {
      const dropped = this.list.shift()
      if (dropped) {
        this.byId.delete(dropped.id)
        this.hooks.delete(dropped.id)
        this.changed(dropped.id)
      }
    }
    this.changed(entry.id)
    return entry
  }

  email(vendor: string, input: EmailInput): EmailEntry {
    const { to, cc, subject, text, links, ...context } = input
    const entry: EmailEntry = {
      ...this.base(vendor, 'email'),
      ...context,
      to,
      ...(cc !== undefined ? { cc } : {}),
      subject,
      text,
      links: links ?? [],
    }
    return this.add(entry)
  }

  deliver(vendor: string, input: DeliveryInput): DeliveryEntry {
    const entry: DeliveryEntry = {
      ...this.base(vendor, input.type),
      ...(input.context ?? {}),
      url: input.url,
      method: input.method ?? 'POST',
      headers: input.headers ?? {},
      body: input.body,
      attempts: [],
      state: 'pending',
    }
    this.hooks.set(entry.id, { policy: this.policy(input), onSettled: input.onSettled })
    this.add(entry)
    // After the API reply: the caller's response is never held up by a receiver.
    this.start(entry.id, () => this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(entry.id))))
    return entry
  }

  /** Sends the same entry again (same URL, same body), appending attempts; call it inside the request that asks for it. */
  redeliver(id: string): DeliveryEntry | undefined {
    const entry = this.delivery(id)
    if (!entry) return undefined
    entry.state = 'pending'
    this.changed(id)
    this.start(id, () => this.track(this.run(id)))
    return entry
  }

  /**
   * Takes over a delivery still pending whose sender went away (its lease
   * lapsed): a new round of attempts starts here. False when there is nothing
   * left to send.
   */
  resume(id: string): boolean {
    if (this.delivery(id)?.state !== 'pending') return false
    this.track(this.run(id))
    return true
  }

  /** Whether a webhook or callback is still being sent (the data file notes it, so that a restart sends it again). */
  sending(): boolean {
    for (const e of this.byId.values()) if (e.type !== 'email' && e.state === 'pending') return true
    return false
  }

  /** After a restart: every delivery the stopped process left pending is sent again, in a new round of attempts. */
  resumeAll(): void {
    for (const [id, e] of this.byId) if (e.type !== 'email' && e.state === 'pending') this.resume(id)
  }

  private policy(input: DeliveryPolicy = {}): Policy {
    return {
      attempts: input.attempts ?? 3,
      backoffMs: input.backoffMs ?? this.backoffMs,
      timeoutMs: input.timeoutMs ?? 5000,
      success: input.success ?? ((s) => s >= 200 && s < 300),
    }
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch(() => undefined).finally(() => this.pending.delete(tracked))
    this.pending.add(tracked)
  }

  /** The entry as stored now: storage may have replaced the object since the delivery was queued. */
  private delivery(id: string): DeliveryEntry | undefined {
    const e = this.byId.get(id)
    return e && e.type !== 'email' ? e : undefined
  }

  private async run(id: string): Promise<void> {
    const first = this.delivery(id)
    if (!first) return
    // What to send is fixed when the delivery starts; progress is written to the stored entry.
    const request = { url: first.url, method: first.method, headers: first.headers, body: first.body }
    let hook = this.hooks.get(id)
    if (!hook) {
      const recovered = this.recover(first)
      hook = { policy: this.policy(recovered), onSettled: recovered?.onSettled }
      this.hooks.set(id, hook)
    }
    const { policy, onSettled } = hook
    let delivered = false
    for (let i = 0; i < policy.attempts && !delivered; i++) {
      if (i > 0) await sleep(policy.backoffMs[Math.min(i - 1, policy.backoffMs.length - 1)] ?? 0)
      delivered = await this.attempt(id, request, policy)
    }
    await this.mutate(() => {
      const entry = this.delivery(id)
      if (!entry) return
      try {
        onSettled?.(entry, delivered)
      } finally {
        entry.state = delivered ? 'delivered' : 'failed'
        this.changed(id)
      }
    })
    // Not when the outcome could not be stored: the delivery is then taken over elsewhere (shared storage).
    this.ended(id)
  }

  private async attempt(id: string, entry: Pick<DeliveryEntry, 'url' | 'method' | 'headers' | 'body'>, policy: Policy): Promise<boolean> {
    const at = new Date(this.now()).toISOString()
    const t0 = performance.now()
    const record = (r: { status?: number; error?: string }) => {
      const attempt = { at, ...r, duration_ms: Math.round(performance.now() - t0) }
      // A failure to store it was reported where it happened; the outcome's write decides the lease.
      void Promise.resolve(
        this.mutate(() => {
          this.delivery(id)?.attempts.push(attempt)
          this.changed(id)
        }),
      ).catch(() => undefined)
    }
    if (!/^https?:\/\//i.test(entry.url)) {
      record({ error: 'unsupported URL scheme' })
      return false
    }
    const refused = await refusal(entry.url, this.denyPrivate)
    if (refused) {
      record({ error: refused })
      return false
    }
    try {
      const res = await globalThis.fetch(entry.url, {
        method: entry.method,
        headers: entry.headers,
        body: entry.method === 'GET' || entry.method === 'HEAD' ? undefined : entry.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      })
      await readSome(res, REPLY_LIMIT)
      record({ status: res.status })
      return policy.success(res.status)
    } catch (err) {
      record({ error: describeFetchError(err) })
      return false
    }
  }

  /** Waits until no delivery is pending (at most `maxMs`); true when none is left. */
  async flush(maxMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + maxMs
    while (this.pending.size > 0) {
      const left = deadline - Date.now()
      if (left <= 0) return false
      // The deadline's timer goes once the deliveries settle: left running, it would keep a script that flushed alive.
      let timer: NodeJS.Timeout | undefined
      const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))
      await Promise.race([Promise.all([...this.pending]), expired])
      clearTimeout(timer)
    }
    return true
  }

  /** Newest first. */
  entries(): OutboxEntry[] {
    return [...this.list].reverse()
  }

  /** Newest first, without copying the list (for listings that page through it). */
  *newestFirst(): IterableIterator<OutboxEntry> {
    for (let i = this.list.length - 1; i >= 0; i--) yield this.list[i] as OutboxEntry
  }

  get(id: string): OutboxEntry | undefined {
    return this.byId.get(id)
  }

  clear(): void {
    this.list.length = 0
    this.byId.clear()
    this.hooks.clear()
    // `seq` goes on: an entry id once handed out never names another entry.
  }

  toRecord(): OutboxRecord {
    return { seq: this.seq, entries: this.list }
  }

  /** Takes the stored entries in place of these (delivery policies of entries still known are kept). */
  restore(record: OutboxRecord): void {
    this.list.length = 0
    this.byId.clear()
    for (const e of record.entries) {
      this.list.push(e)
      this.byId.set(e.id, e)
    }
    for (const id of this.hooks.keys()) if (!this.byId.has(id)) this.hooks.delete(id)
    this.seq = record.seq
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout'
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause
    return cause?.code ?? cause?.message ?? err.message
  }
  return String(err)
}

/** Bytes of a receiver's reply that are read (and thrown away): an endless reply never holds an attempt open. */
const REPLY_LIMIT = 64 * 1024

async function readSome(res: Response, limit: number): Promise<void> {
  const reader = res.body?.getReader()
  if (!reader) return
  let seen = 0
  try {
    while (seen <= limit) {
      const { done, value } = await reader.read()
      if (done) return
      seen += value.byteLength
    }
  } catch {
    return
  }
  void reader.cancel().catch(() => undefined)
}

/** The control plane, on this sandbox or any other: a webhook pointed there would reset or reconfigure it. */
const CONTROL_PATH = /^\/(?:ws\/[A-Za-z0-9_-]{1,64}\/)?__sandbox(?:\/|$)/

/** Why a delivery to `url` is refused before it is sent, or undefined. */
async function refusal(url: string, denyPrivate: boolean): Promise<string | undefined> {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return 'invalid URL'
  }
  if (CONTROL_PATH.test(decodeURIComponent(target.pathname).replace(/\/{2,}/g, '/')))
    return 'refused: deliveries never go to a sandbox control plane (/__sandbox)'
  if (!denyPrivate) return undefined
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (r) => r.map((a) => a.address),
        () => [],
      )
  if (addresses.length === 0) return undefined
  return addresses.some(isPrivateAddress)
    ? `refused: ${target.hostname} is a private or loopback address (--outbound-deny private)`
    : undefined
}

/** Loopback, private (RFC 1918, RFC 4193), link-local, unspecified and CGNAT addresses, v4 and v6 (incl. v4-mapped). */
export function isPrivateAddress(address: string): boolean {
  const list = new BlockList()
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
  ] as const)
    list.addSubnet(net, prefix, 'ipv4')
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
  ] as const)
    list.addSubnet(net, prefix, 'ipv6')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return list.check(mapped, 'ipv4')
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}
