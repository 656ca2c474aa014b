import { header, type KeptReply, type ReplySlot, type SandboxContext } from '../lib/context.js'
import type { AnyVendor } from '../lib/vendor.js'
import type { Store } from '../state/store.js'
import type { Workspace } from '../state/workspace.js'
import { headerSource, journalReplay, journalText, type RequestFacts } from './journal.js'

/**
 * Replies to repeated reads, kept by the doors that own a connection or a
 * handler (the HTTP server, MSW): a client polling a record, or a load test,
 * asks the same GET again and again, and making its reply (workspace, auth,
 * lookup, serialisation) is most of what a request costs.
 *
 * A GET's reply is kept only when making it changed nothing and depended on
 * nothing but the request, the workspace's data and the clock: the workspace's
 * data version and the vendor's random draws did not move, and no fault rule or
 * forcing header applied. It is served again for the same request — the same
 * URL and every header, byte for byte — while the workspace is the same object
 * with the same data version and no fault rules, the clock was not set, no
 * deadline the vendor found ahead (`Ws.reached`, `Ws.nowTo`) has come, and —
 * only if the vendor read the exact time — the clock shows that millisecond. A replayed
 * reply is journaled and logged like any other; only the vendor's work is
 * skipped. `verify` mode (the test suite's) makes every reply anyway and
 * answers 500 `reply_cache_mismatch` when a kept one would have differed.
 */
export type ReplyCacheMode = 'on' | 'off' | 'verify'

export interface CachedReply {
  status: number
  /** Reply headers as the app made them. */
  headers: Record<string, string>
  /** The same with Content-Length, for a door that writes them itself (Node's `writeHead`). */
  wireHeaders: Record<string, string>
  bytes: Buffer
  wsId: string
}

/** What the cache keeps per request; the doors see it as a `CachedReply`. */
interface Entry extends CachedReply {
  /** The workspace object's `serial`: an entry holds no reference that would keep a dropped workspace alive. */
  serial: number
  vendor: AnyVendor
  version: number
  clockMs: number | undefined
  validUntil: number
  clockEpoch: number
  /** What the journal records of each replay (one object, shared by every replay). */
  facts: RequestFacts
  /** The request's header lines as sent (`[name, value, name, value…]`): a replay needs every one of them the same. */
  lines: readonly string[]
  size: number
}

/** Bounds, not policy: a client asking many different things simply starts the cache over. */
const MAX_ENTRIES = 1024
const MAX_BYTES = 8 * 1024 * 1024
const MAX_BODY = 64 * 1024
const MAX_PER_TARGET = 16

export class ReplyCache {
  /** Per request target (path and query, or the URL): the entries for the header sets it came with. */
  private readonly entries = new Map<string, Entry[]>()
  private count = 0
  private bytes = 0

  constructor(
    private readonly store: Store,
    private readonly vendorById: ReadonlyMap<string, AnyVendor>,
    readonly mode: Exclude<ReplyCacheMode, 'off'>,
  ) {}

  /**
   * The kept reply for this request, if it still holds. Outside `verify` mode a
   * hit is journaled here; in `verify` mode the caller makes the reply anyway and
   * hands both to `made`.
   */
  lookup(target: string, lines: readonly string[], started: number): CachedReply | undefined {
    const e = this.find(target, lines)
    if (e === undefined) return undefined
    const ws = this.holding(e)
    if (ws === undefined) return undefined
    if (this.mode === 'on') journalReplay(ws, e.vendor, e.facts, started)
    return e
  }

  /** The entry for this target and these header lines (compared one by one: no key string is built per request). */
  private find(target: string, lines: readonly string[]): Entry | undefined {
    const bucket = this.entries.get(target)
    if (bucket === undefined) return undefined
    for (const e of bucket) if (sameLines(e.lines, lines)) return e
    return undefined
  }

  /** The entry's workspace (marked used) while the entry still holds. */
  private holding(e: Entry): Workspace | undefined {
    const ws = this.store.resident(e.wsId)
    return ws !== undefined && ws.serial === e.serial && holds(ws, e) ? ws : undefined
  }

  /**
   * `verify` mode: the reply just made, or a 500 saying how the kept one differs
   * from it. Made after the kept one stopped holding (a deadline came meanwhile),
   * it is not compared: it may differ.
   */
  private async verified(kept: CachedReply, res: Response): Promise<Response> {
    const bytes = Buffer.from(await res.clone().arrayBuffer())
    if (this.holding(kept as Entry) === undefined) return res
    const problem = mismatch(kept, res.status, headerRecord(res), bytes)
    return problem === undefined ? res : mismatchReply(problem)
  }

  /**
   * After the app made a GET's reply: in `verify` mode compared with the kept
   * one (`kept`, when the lookup found one) or made a second time; then kept
   * when the pipeline found it keepable.
   */
  made(
    target: string,
    lines: readonly string[],
    slot: ReplySlot,
    res: Response,
    kept: CachedReply | undefined,
    again: (shadow: ReplySlot) => Response | Promise<Response>,
  ): Response | Promise<Response> {
    if (kept) return this.verified(kept, res)
    if (this.mode === 'verify' && slot.kept)
      return madeTwice(res, slot, again).then((checked) => {
        if (checked === res) this.keep(target, lines, slot, res)
        return checked
      })
    this.keep(target, lines, slot, res)
    return res
  }

  /** Keeps the reply the app just made, when the pipeline found it keepable. */
  private keep(target: string, lines: readonly string[], slot: ReplySlot, res: Response): void {
    const k = slot.kept
    const vendor = k && this.vendorById.get(k.vendorId)
    if (k === undefined || vendor === undefined) return
    const bytes = bodyBytes(k.body)
    if (bytes.byteLength > MAX_BODY) return
    const headers = replyHeaders(res)
    if (headers === undefined) return
    // Spelt as Node writes the length it works out itself for a made reply, so the replayed header lines are the same.
    const wireHeaders = headers['content-length'] === undefined ? { ...headers, 'Content-Length': String(bytes.byteLength) } : headers
    const size = target.length + lines.reduce((n, l) => n + l.length, 0) + bytes.byteLength + 256
    if (this.count >= MAX_ENTRIES || this.bytes + size > MAX_BYTES) this.clear()
    const bucket = this.entries.get(target) ?? []
    const previous = bucket.findIndex((e) => sameLines(e.lines, lines))
    // A target asked with ever-different headers (a request id) keeps its latest few: a lookup compares each.
    const dropped = previous >= 0 ? bucket.splice(previous, 1) : bucket.length >= MAX_PER_TARGET ? bucket.splice(0, 1) : []
    for (const e of dropped) {
      this.bytes -= e.size
      this.count--
    }
    const status = res.status
    const facts: RequestFacts = {
      method: 'GET',
      url: k.url,
      headers: k.requestHeaders,
      route: k.route,
      status,
      body: undefined,
      unread: false,
      aborted: false,
      reply: k.journalText,
      replyType: k.replyType,
    }
    bucket.push({
      serial: k.ws.serial,
      wsId: k.ws.id,
      vendor,
      version: k.version,
      clockMs: k.clockMs,
      validUntil: k.validUntil,
      clockEpoch: k.clockEpoch,
      status,
      headers,
      wireHeaders,
      bytes,
      facts,
      lines: [...lines],
      size,
    })
    this.entries.set(target, bucket)
    this.count++
    this.bytes += size
  }

  clear(): void {
    this.entries.clear()
    this.count = 0
    this.bytes = 0
  }

  get size(): number {
    return this.count
  }
}

const sameLines = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The reply's headers; undefined when they cannot be replayed as a plain record (cookies). */
function replyHeaders(res: Response): Record<string, string> | undefined {
  const out = headerRecord(res)
  return out['set-cookie'] === undefined ? out : undefined
}

/** A reply as `mismatch` compares it. */
type Made = Pick<CachedReply, 'status' | 'headers' | 'bytes'>

/** What `verify` mode found different between a kept reply and the one just made; undefined when they agree. */
function mismatch(kept: Made, status: number, headers: Record<string, string>, bytes: Buffer): string | undefined {
  if (kept.status !== status) return `status ${kept.status} kept, ${status} made`
  if (!kept.bytes.equals(bytes)) return `body ${JSON.stringify(kept.bytes.toString())} kept, ${JSON.stringify(bytes.toString())} made`
  for (const name of new Set([...Object.keys(kept.headers), ...Object.keys(headers)])) {
    if (name === 'date' || name === 'content-length') continue
    if (kept.headers[name] !== headers[name]) return `header ${name}: ${kept.headers[name]} kept, ${headers[name]} made`
  }
  return undefined
}

/**
 * `verify` mode, for a reply found keepable: the request is made a second time
 * (not journaled) and must get the same reply — a GET that changed state
 * without the workspace noticing (a record changed in place, no `set`) shows here.
 */
export async function madeTwice(
  first: Response,
  slot: ReplySlot,
  again: (shadow: ReplySlot) => Response | Promise<Response>,
): Promise<Response> {
  const kept = slot.kept
  if (kept === undefined) return first
  const made: Made = { status: first.status, headers: headerRecord(first), bytes: bodyBytes(kept.body) }
  const second = await again({ shadow: true })
  // The second making came after the first reply stopped holding (a deadline came, the data changed): nothing to compare.
  if (!holds(kept.ws, kept)) return first
  const problem = mismatch(made, second.status, headerRecord(second), Buffer.from(await second.arrayBuffer()))
  return problem === undefined ? first : mismatchReply(`made twice: ${problem}`)
}

function mismatchReply(problem: string): Response {
  console.error(`esign-sandbox: reply cache mismatch: ${problem}`)
  return new Response(JSON.stringify({ error: 'reply_cache_mismatch', message: problem }), {
    status: 500,
    headers: { 'content-type': 'application/json' },
  })
}

const bodyBytes = (body: string | Uint8Array): Buffer =>
  typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength)

/** The reply headers of a just-made response, as `mismatch` compares them. */
function headerRecord(res: Response): Record<string, string> {
  const out: Record<string, string> = {}
  res.headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}

/** What a kept reply was made from, as far as the workspace can tell whether it still holds. */
type MadeFrom = Pick<KeptReply, 'version' | 'clockEpoch' | 'clockMs' | 'validUntil'>

/**
 * Whether a reply made from `e` still holds in `ws`: the same data, no fault rule, the clock not set since, and
 * now the same millisecond if it read the clock, before its first deadline ahead.
 */
function holds(ws: Workspace, e: MadeFrom): boolean {
  if (ws.version !== e.version || ws.faults.length !== 0 || ws.clock.epoch !== e.clockEpoch) return false
  if (e.clockMs === undefined && e.validUntil === Infinity) return true
  const now = ws.clock.peek()
  return (e.clockMs === undefined || now === e.clockMs) && now < e.validUntil
}

/** What a GET's reply is checked against once made: taken before the vendor's handler runs. */
export interface Probe {
  version: number
  draws: number
  reads: number
  ms: number
  epoch: number
  /** `SandboxClock.watch()`'s ticket. */
  ticket: number
}

/** Taken when the door keeps replies and the request is a GET without a body; undefined otherwise. */
export function probeReply(c: SandboxContext, ws: Workspace, vendorId: string): Probe | undefined {
  if (c.env?.replies === undefined || c.req.method !== 'GET') return undefined
  if (header(c, 'content-length') !== undefined || header(c, 'transfer-encoding') !== undefined) return undefined
  const clock = ws.clock
  return { version: ws.version, draws: ws.draws(vendorId), reads: clock.reads, ms: clock.peek(), epoch: clock.epoch, ticket: clock.watch() }
}

/** Leaves the reply on the door's slot when making it changed nothing and it depends on nothing a replay would miss. */
export function noteKeepable(c: SandboxContext, ws: Workspace, vendorId: string, probe: Probe, res: Response): Response {
  const slot = c.env?.replies
  const sb = c.get('sb')
  const text = sb.responseText
  if (slot === undefined || text === undefined || sb.aborted) return res
  if (ws.version !== probe.version || ws.draws(vendorId) !== probe.draws || ws.faults.length !== 0) return res
  const clock = ws.clock
  const validUntil = clock.until(probe.ticket)
  if (validUntil === undefined || clock.epoch !== probe.epoch) return res
  const readClock = clock.reads !== probe.reads
  if (readClock && clock.peek() !== probe.ms) return res
  slot.kept = {
    ws,
    vendorId,
    version: probe.version,
    clockMs: readClock ? probe.ms : undefined,
    validUntil,
    clockEpoch: probe.epoch,
    route: sb.route ?? '/',
    body: sb.responseBody ?? text,
    journalText: journalText(ws, text),
    replyType: sb.responseType ?? '',
    url: c.req.raw.url,
    requestHeaders: headerSource(c),
  }
  return res
}
