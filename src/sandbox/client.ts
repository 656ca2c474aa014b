import type { OutboxEntry } from '../lib/outbox-types.js'
import type { CatalogueEntry } from '../lib/vendor-error.js'
import type { ClockChange, ClockState } from '../state/clock.js'
import type { FaultRule, JournalEntry } from '../state/workspace.js'
import type { StateDocument } from './state.js'
import type { BuiltinSimulate } from '../mocks/index.js'
import type { SimulateCatalogueEntry } from './simulate.js'
import type { RecordView } from '../lib/vendor.js'

/**
 * Typed methods for every control-plane route. The same client drives the
 * sandbox in-process (`createSandbox().control`) and a running server over
 * HTTP (`connect(url)`): only the fetch function differs.
 */
export interface ListResult<T> {
  items: T[]
  count: number
  total?: number
}

export interface VendorInfo {
  id: string
  name: string
  prefixes: string[]
  base_urls: string[]
  hosts: string[]
  endpoints: { method: string; path: string }[]
  /** Per mount: prefix, the sandbox base URL and the real hosts MSW intercepts. */
  mounts: { prefix: string; base_url: string; hosts: string[] }[]
  /** This package's guide to the vendor, relative to the package root. */
  docs: string
  /** The vendor's own public API documentation, or null when it has none. */
  vendor_docs: string | null
}

export interface WorkspaceInfo {
  id: string
  created_at: string
  last_used_at: string
}

export type FaultInput = Omit<FaultRule, 'id' | 'fired'>

export class ControlClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; message?: string; [k: string]: unknown },
  ) {
    super(`${status} ${body.error ?? ''}: ${body.message ?? ''}`)
    this.name = 'ControlClientError'
  }
}

export interface ControlClientOptions {
  workspace?: string
  adminToken?: string
}

export type FetchLike = (request: Request) => Promise<Response>

/** Simulate body and result types by vendor id and action (`BuiltinSimulate` for the five vendors). */
export type SimulateTypes = Record<string, Record<string, { body: unknown; result: unknown }>>

/** What a sandbox over vendors of your own accepts: any vendor, any action, a JSON object body. */
export type UntypedSimulate = Record<string, Record<string, { body: Record<string, unknown>; result: unknown }>>

/** The body argument: optional when every field of the body is. */
type BodyArg<B> = object extends B ? [body?: B] : [body: B]

export type { BuiltinSimulate }

export class ControlClient<M extends SimulateTypes = BuiltinSimulate> {
  constructor(
    private readonly fetchFn: FetchLike,
    private readonly baseUrl: string,
    private readonly options: ControlClientOptions = {},
  ) {}

  /** The same client scoped to another workspace. */
  workspace(id: string): ControlClient<M> {
    return new ControlClient<M>(this.fetchFn, this.baseUrl, { ...this.options, workspace: id })
  }

  get workspaceId(): string {
    return this.options.workspace ?? 'default'
  }

  private async call<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
    const ws = this.options.workspace ? `/ws/${encodeURIComponent(this.options.workspace)}` : ''
    const qs = query
      ? Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&')
      : ''
    const url = `${this.baseUrl.replace(/\/$/, '')}${ws}/__sandbox${path}${qs ? `?${qs}` : ''}`
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.options.adminToken) headers.authorization = `Bearer ${this.options.adminToken}`
    const res = await this.fetchFn(new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }))
    const text = await res.text()
    const data = (text ? JSON.parse(text) : {}) as T & { error?: string; message?: string }
    if (!res.ok) throw new ControlClientError(res.status, data as { error?: string; message?: string })
    return data
  }

  health() {
    return this.call<{ status: 'ok'; version: string; uptime_s: number; vendors: string[] }>('GET', '/health')
  }
  vendors() {
    return this.call<ListResult<VendorInfo>>('GET', '/vendors')
  }
  reset() {
    return this.call<{ workspace: string; reset: true }>('POST', '/reset')
  }
  /** Every live workspace of the instance (not scoped to this client's workspace). */
  workspaces() {
    return this.call<ListResult<WorkspaceInfo>>('GET', '/workspaces')
  }
  dropWorkspace() {
    return this.call<{ workspace: string; deleted: true }>('DELETE', '/workspace')
  }
  errors(vendor?: string) {
    return this.call<ListResult<CatalogueEntry & { vendor: string }>>('GET', '/errors', undefined, { vendor })
  }
  /** `status`: a code (`404`) or a class (`4xx`); `offset` skips that many of the newest matches. */
  requests(filter: { vendor?: string; method?: string; path?: string; status?: string | number; limit?: number; offset?: number } = {}) {
    return this.call<ListResult<JournalEntry>>('GET', '/requests', undefined, filter)
  }
  /** Each vendor's records (requests, transactions, documents) with their signers and signing-page links. */
  records(vendor?: string) {
    return this.call<ListResult<RecordView & { vendor: string }>>('GET', '/records', undefined, { vendor })
  }
  clearRequests() {
    return this.call<{ deleted: number }>('DELETE', '/requests')
  }
  outbox(filter: { vendor?: string; type?: 'email' | 'webhook' | 'callback'; limit?: number; offset?: number } = {}) {
    return this.call<ListResult<OutboxEntry>>('GET', '/outbox', undefined, filter)
  }
  flushOutbox() {
    return this.call<{ flushed: boolean; pending: number }>('POST', '/outbox/flush')
  }
  redeliver(id: string) {
    return this.call<OutboxEntry>('POST', `/outbox/${encodeURIComponent(id)}/redeliver`)
  }
  /** What a person does outside the API; the body is typed per vendor and action (`simulateCatalogue()` has their JSON Schemas). */
  simulate<V extends keyof M & string, A extends keyof M[V] & string>(
    vendor: V,
    action: A,
    ...[body]: BodyArg<M[V][A]['body']>
  ): Promise<M[V][A]['result']> {
    return this.call('POST', `/simulate/${encodeURIComponent(vendor)}/${encodeURIComponent(action)}`, body ?? {})
  }
  /** Every simulate action with a description and the JSON Schema of its body. */
  simulateCatalogue(vendor?: string) {
    return this.call<ListResult<SimulateCatalogueEntry>>('GET', '/simulate', undefined, { vendor })
  }
  clock() {
    return this.call<ClockState>('GET', '/clock')
  }
  setClock(change: ClockChange) {
    return this.call<ClockState>('POST', '/clock', change)
  }
  advanceClock(ms: number) {
    return this.setClock({ advance_ms: ms })
  }
  faults() {
    return this.call<ListResult<FaultRule>>('GET', '/faults')
  }
  addFault(rule: FaultInput) {
    return this.call<FaultRule>('POST', '/faults', rule)
  }
  deleteFault(id?: string) {
    return this.call<{ deleted: number }>('DELETE', id ? `/faults/${encodeURIComponent(id)}` : '/faults')
  }
  state(vendor?: string) {
    return this.call<StateDocument>('GET', '/state', undefined, { vendor })
  }
  putState(doc: StateDocument) {
    return this.call<{ workspace: string; replaced: string[] }>('PUT', '/state', doc)
  }
  snapshots() {
    return this.call<ListResult<{ name: string; created_at: string; vendors: string[] }>>('GET', '/snapshots')
  }
  createSnapshot(name: string) {
    return this.call<{ name: string; created_at: string; vendors: string[] }>('POST', '/snapshots', { name })
  }
  restoreSnapshot(name: string) {
    return this.call<{ name: string; restored: true }>('POST', `/snapshots/${encodeURIComponent(name)}/restore`)
  }
  deleteSnapshot(name: string) {
    return this.call<{ deleted: number }>('DELETE', `/snapshots/${encodeURIComponent(name)}`)
  }
}

/** A control client for a running sandbox server (another process). */
export function connect<M extends SimulateTypes = BuiltinSimulate>(baseUrl: string, options: ControlClientOptions = {}): ControlClient<M> {
  return new ControlClient<M>((req) => fetch(req), baseUrl, options)
}
