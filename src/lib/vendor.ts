import type { Context, MiddlewareHandler } from 'hono'
import type { CatalogueEntry, VendorError } from './vendor-error.js'
import type { SandboxEnv, RequestScope } from './context.js'
import type { SeedContext, VendorState, Ws } from '../state/workspace.js'
import type { CallerScope, SimulateActions } from './simulate.js'
import type { LinkPolicy } from './links.js'
import type { VendorApiDoc } from './api-doc.js'
import type { DeliveryEntry } from './outbox-types.js'
import type { Hooks } from './deliver.js'

/**
 * The vendor contract: the only thing `app.ts` and `sandbox/` know about a
 * vendor. Adding a vendor is one folder plus one line in `mocks/index.ts`.
 */

export type VendorContext = Context<SandboxEnv>

export type VendorHandler<S> = (c: VendorContext, ws: Ws<S>) => Response | Promise<Response>

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS'

export interface VendorRouter<S> {
  get(path: string, handler: VendorHandler<S>): void
  post(path: string, handler: VendorHandler<S>): void
  put(path: string, handler: VendorHandler<S>): void
  patch(path: string, handler: VendorHandler<S>): void
  delete(path: string, handler: VendorHandler<S>): void
  /** Several verbs on one path with one handler. */
  on(methods: Method[], path: string, handler: VendorHandler<S>): void
}

export interface MountDefinition<S> {
  /** Sandbox prefix, e.g. `/okdokument`; the path after it is the vendor's real path. */
  prefix: string
  /** Real origins intercepted by MSW, e.g. `https://apidev.okdokument.com`. */
  hosts: string[]
  /** How the URLs this mount hands out name the workspace and host (default: the caller's origin, `/ws/<id>` when chosen). */
  links?: LinkPolicy
  /** Bodies over this many bytes are refused with `errors.tooLarge` before being buffered whole (default 25 MB). */
  bodyLimit?: number
  /**
   * Vendors that authenticate before routing (Zoho answers 9031 on every path):
   * forced errors and fault rules then apply before anything else, and `before`
   * runs ahead of the routes.
   */
  hooksFirst?: boolean
  before?: MiddlewareHandler<SandboxEnv>
  /**
   * Forced errors and fault rules also apply to a known path called with a
   * wrong verb, ahead of the 405 (tranadmin §5 puts them first; OKdokument
   * answers 405 first, the default).
   */
  forcingBeforeMethodCheck?: boolean
  routes(r: VendorRouter<S>): void
  /**
   * Catalogue ids of the answers to a path no route knows and to a known path
   * called with a verb it lacks. The engine renders them through
   * `errors.render` with `UnroutedDetails`, so they are listed, forceable and
   * written like every other error.
   */
  notFound: string
  methodNotAllowed: string
}

/** The details of the `notFound`/`methodNotAllowed` errors. */
export interface UnroutedDetails {
  /** The vendor's real path (after the mount prefix). */
  path: string
  method: string
  /** `GET, POST`: the verbs the path has (405 only). */
  allow?: string
  /** Set only here, for vendors whose unknown-path answer differs from an in-route error with the same id. */
  unrouted: true
}

export interface ErrorCatalogue<S = unknown> {
  entries: CatalogueEntry[]
  /** The vendor's exact envelope and status for a catalogue error, in the workspace that answers it. */
  render(c: VendorContext, err: VendorError, ws: Ws<S>): Response | Promise<Response>
  /** Catalogue id used for unexpected exceptions. */
  internal: string
  /** The error for a body over the mount's limit. */
  tooLarge(c: VendorContext): VendorError
  /** Details a forced error (`X-Sandbox-Error`, fault rule) fills its template with, taken from the request. */
  forcedDetails?(c: VendorContext): Record<string, unknown> | Promise<Record<string, unknown>>
}

/** One signer of a record, as the QA console shows it. */
export interface RecordSigner {
  name?: string
  email?: string
  role?: string
  /** The vendor's own status word. */
  status: string
  /** The signer's page, as this caller reaches the sandbox (absent when the signer has no live link). */
  link?: string
}

/** A request/transaction/document/envelope of a vendor, as the QA console lists it. */
export interface RecordView {
  kind: string
  id: string
  title: string
  /** The vendor's own state word. */
  state: string
  created_at?: string
  signers: RecordSigner[]
}

/** `Sim` keeps each simulate action's body and result types, for the typed control client. */
export interface VendorDefinition<S, Sim extends SimulateActions<S> = SimulateActions<S>> {
  id: string
  name: string
  /** This package's guide to the vendor, relative to the package root (`docs/vendors/<page>.md`). */
  docs: string
  /** The vendor's own public API documentation, where there is one. */
  vendorDocs?: string
  mounts: MountDefinition<S>[]
  errors: ErrorCatalogue<S>
  /** Fixtures → a workspace's state (`VendorState`, built in `state/workspace.ts`). */
  state: VendorState<S>
  /** What people do outside the API, each with its body schema (`lib/simulate.ts`). */
  simulate?: Sim
  /**
   * A delivery's policy and settle hook rebuilt from its stored entry, for one queued by another
   * instance (`--redis`) or before a restart (`--data-file`): without it such a delivery is sent
   * with the default policy and its outcome changes nothing in the vendor's state.
   */
  deliveryHooks?(ws: Ws<S>, entry: DeliveryEntry): Hooks | undefined
  /** Runs right after `POST /__sandbox/clock` moved this workspace's clock (expiries, reminders due). */
  onClockChange?(ws: Ws<S>, caller: CallerScope): void | Promise<void>
  /** The records the QA console lists, newest first, with their signers' page links. */
  records?(ws: Ws<S>, caller: CallerScope): RecordView[]
  /** Authentication, summaries, schemas and example requests for the OpenAPI document (`lib/api-doc.ts`). */
  api?: VendorApiDoc
  /** The sandbox options its spec defines (`--vendor-option <id>.<name>=<value>`): name → what it sets. Others are refused. */
  options?: Readonly<Record<string, string>>
  /** Extra field names (body, query) whose values the journal redacts. */
  secretFields?: string[]
  /** Replacement text for redacted values (default `[redacted]`). */
  redactedText?: string
}

export function defineVendor<S, Sim extends SimulateActions<S> = SimulateActions<S>>(
  def: VendorDefinition<S, Sim>,
): VendorDefinition<S, Sim> {
  return def
}

export type AnyVendor = VendorDefinition<unknown>

export type { RequestScope }
export type { CallerScope, SimulateAction, SimulateActions } from './simulate.js'
export type { SeedContext, VendorState, Ws }

/** What is wrong with these vendor options (an unknown vendor or a name its spec does not define), or undefined. */
export function vendorOptionProblem(vendors: readonly AnyVendor[], options: Record<string, Record<string, unknown>>): string | undefined {
  for (const [id, values] of Object.entries(options)) {
    const vendor = vendors.find((v) => v.id === id)
    if (!vendor) return `no vendor ${JSON.stringify(id)} takes options; vendors: ${vendors.map((v) => v.id).join(', ')}`
    const known = Object.keys(vendor.options ?? {})
    for (const name of Object.keys(values))
      if (!known.includes(name))
        return `${id} has no option ${JSON.stringify(name)}; ${known.length ? `its options: ${known.map((k) => `${id}.${k}`).join(', ')}` : 'it takes none'}`
  }
  return undefined
}

/** The paths a mount registers (after its prefix, in the vendor's route notation) with their verbs. */
export function mountRoutes<S>(def: MountDefinition<S>): { methods: string[]; path: string }[] {
  const out: { methods: string[]; path: string }[] = []
  def.routes({
    get: (path) => out.push({ methods: ['GET'], path }),
    post: (path) => out.push({ methods: ['POST'], path }),
    put: (path) => out.push({ methods: ['PUT'], path }),
    patch: (path) => out.push({ methods: ['PATCH'], path }),
    delete: (path) => out.push({ methods: ['DELETE'], path }),
    on: (methods, path) => out.push({ methods, path }),
  })
  return out
}
