import type { HttpHandler } from 'msw'
import type { Hono } from 'hono'
import { createApp } from './app.js'
import { createRuntime, type Runtime, type SandboxOptions } from './runtime.js'
import { allVendors } from './mocks/index.js'
import { VERSION } from './version.js'
import { ControlClient, type BuiltinSimulate, type SimulateTypes, type UntypedSimulate } from './sandbox/client.js'
import { buildHandlers, type HandlerOptions } from './msw.js'
import { startServer, type RunningServer } from './server.js'
import type { SandboxEnv } from './lib/context.js'
import type { AnyVendor } from './lib/vendor.js'

export interface Sandbox<M extends SimulateTypes = BuiltinSimulate> {
  /** The Hono app: `app.request('/okdokument/JSON/counter', …)` in tests, no port. */
  app: Hono<SandboxEnv>
  /** `app.fetch` for standard `Request`s. */
  fetch(request: Request): Promise<Response>
  /** MSW handlers intercepting every real vendor host (msw is a peer dependency). */
  handlers(options?: HandlerOptions): HttpHandler[]
  /** Typed control-plane methods, in-process (workspace `default`; `.workspace(id)` for another). */
  control: ControlClient<M>
  /** Starts the HTTP server (port 0 = any free port). */
  listen(port?: number, host?: string): Promise<RunningServer>
  /** Resolves once the data file (if any) is loaded. */
  ready: Promise<void>
  /** Flushes persistence. */
  close(): Promise<void>
  readonly runtime: Runtime
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return buildSandbox<BuiltinSimulate>(allVendors, options)
}

/** A sandbox over an explicit vendor list (tests of the engine use a vendor of their own); `M` types its simulate calls. */
export function buildSandbox<M extends SimulateTypes = UntypedSimulate>(vendors: AnyVendor[], options: SandboxOptions = {}): Sandbox<M> {
  if (options.redis && options.dataFile) throw new TypeError('createSandbox: give either redis or dataFile, not both')
  const rt = createRuntime(vendors, options, VERSION)
  const app = createApp(rt)
  const ready = rt.store.load()
  const fetchApp =
    options.dataFile || options.redis
      ? async (req: Request, env: Record<string, unknown> = {}) => {
          await ready
          return app.fetch(req, env)
        }
      : (req: Request, env: Record<string, unknown> = {}) => app.fetch(req, env)
  const control = new ControlClient<M>(
    (req) => Promise.resolve(fetchApp(req, { sandboxOrigin: 'http://sandbox.local' })),
    'http://sandbox.local',
  )
  return {
    app,
    fetch: (req) => Promise.resolve(fetchApp(req)),
    handlers: (opts) => buildHandlers(rt, app, opts),
    control,
    listen: async (port, host) => {
      await ready
      return startServer(rt, app, { port: port ?? 0, host })
    },
    ready,
    close: () => rt.store.close(),
    runtime: rt,
  }
}

export { connect, ControlClient, ControlClientError } from './sandbox/client.js'
export type {
  ControlClientOptions,
  ListResult,
  VendorInfo,
  FaultInput,
  WorkspaceInfo,
  BuiltinSimulate,
  SimulateTypes,
  UntypedSimulate,
} from './sandbox/client.js'
export type { SimulateCatalogueEntry } from './sandbox/simulate.js'
export type { SimulateAction, SimulateSignatures } from './lib/simulate.js'
export { simulateAction } from './lib/simulate.js'
export type { SandboxOptions } from './runtime.js'
export type { HandlerOptions } from './msw.js'
export type { RunningServer } from './server.js'
export type { OutboxEntry, EmailEntry, DeliveryEntry } from './lib/outbox-types.js'
export type { JournalEntry, FaultRule } from './state/workspace.js'
export type { CatalogueEntry } from './lib/vendor-error.js'
export type { ClockState, ClockChange } from './state/clock.js'
export { VERSION }
export { defineVendor } from './lib/vendor.js'
export { records, stateSchema } from './state/schema.js'
export type { StateOf, StateSchema } from './state/schema.js'
export type { AnyVendor, VendorDefinition, RecordView, RecordSigner } from './lib/vendor.js'
