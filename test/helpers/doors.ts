import { afterAll, beforeAll, describe, expect } from 'vitest'
import type { RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { createSandbox, type RunningServer, type Sandbox, type SandboxOptions } from '../../src/index.js'
import type { HandlerOptions } from '../../src/msw.js'
import type { ControlClient } from '../../src/sandbox/client.js'

/**
 * Runs a contract suite twice, like moto's two modes: through `app.request()`
 * (no port) and through MSW with a real `fetch` to the vendor's real host.
 */
export type DoorMode = 'app' | 'msw'

export interface Door {
  mode: DoorMode
  sandbox: Sandbox
  /** A fresh workspace id, unique in this run. */
  workspace(label?: string): string
  /** The URL a client would call: sandbox prefix + `/ws/<ws>` in app mode, the real host in MSW mode. */
  url(prefix: string, path: string, ws: string): string
  /**
   * The base URL the vendor puts into URLs it returns (`<base>`), for this door and workspace: in MSW
   * mode the real host + `/ws/<ws>`, since the workspace was chosen by header and links lead back to it.
   */
  base(prefix: string, ws: string): string
  /** A request to a vendor path; in MSW mode the workspace travels in `X-Sandbox-Workspace`. */
  fetch(prefix: string, path: string, ws: string, init?: RequestInit): Promise<Response>
  /** Follows a URL the sandbox handed out, through this door, as a client would: as given, with no workspace header. */
  follow(url: string, init?: RequestInit): Promise<Response>
  control(ws: string): ControlClient
}

/** Delivery retries wait milliseconds in tests, not the vendors' 1 s and 2 s. */
export const TEST_BACKOFF_MS = [5, 10]

let counter = 0
const runId = `${process.pid}-${Date.now().toString(36)}`

export function eachDoor(title: string, body: (door: Door) => void, options: SandboxOptions & { hostIndex?: number } = {}): void {
  for (const mode of ['app', 'msw'] as const) {
    describe(`${title} [${mode}]`, () => {
      const sandbox = createSandbox({ seed: 1, deliveryBackoffMs: TEST_BACKOFF_MS, ...options })
      // Registered first, so it runs last: after MSW has stopped intercepting, whatever it finds.
      afterAll(() => expectStatesRoundTrip(sandbox, options.adminToken))
      if (mode === 'msw') interceptHosts(sandbox)
      const hostOf = (prefix: string) => {
        const mount = sandbox.runtime.mounts.find((m) => m.prefix === prefix)
        if (!mount) throw new Error(`no mount ${prefix}`)
        return mount.hosts[options.hostIndex ?? 0]
      }
      const door: Door = {
        mode,
        sandbox,
        workspace: (label = 't') => `${label}-${runId}-${++counter}`.slice(0, 64),
        url: (prefix, path, ws) => (mode === 'app' ? `http://localhost/ws/${ws}${prefix}${path}` : `${hostOf(prefix)}${path}`),
        base: (prefix, ws) => (mode === 'app' ? `http://localhost/ws/${ws}${prefix}` : `${hostOf(prefix)}/ws/${ws}`),
        fetch: async (prefix, path, ws, init = {}) => {
          if (mode === 'app') return sandbox.app.request(door.url(prefix, path, ws), init)
          const headers = new Headers(init.headers)
          headers.set('x-sandbox-workspace', ws)
          return fetch(door.url(prefix, path, ws), { redirect: 'manual', ...init, headers })
        },
        follow: (url, init = {}) =>
          mode === 'app' ? Promise.resolve(sandbox.app.request(url, init)) : fetch(url, { redirect: 'manual', ...init }),
        control: (ws) => sandbox.control.workspace(ws),
      }
      body(door)
    })
  }
}

export interface InterceptOptions extends HandlerOptions {
  /** Handlers beside the sandbox's, e.g. a webhook receiver mocked in-process. */
  extra?: RequestHandler[]
  /** What MSW does with a request no handler takes (default `bypass`: it goes out for real). */
  onUnhandledRequest?: 'bypass' | 'error'
}

/** MSW intercepting the sandbox's real hosts around the tests of the enclosing file or `describe`. */
export function interceptHosts(sandbox: Sandbox, { extra = [], onUnhandledRequest = 'bypass', ...handlers }: InterceptOptions = {}): void {
  const server = setupServer(...sandbox.handlers(handlers), ...extra)
  beforeAll(() => server.listen({ onUnhandledRequest }))
  afterAll(() => server.close())
}

/**
 * The sandbox's HTTP server on a free port, started at once (its URL is known
 * while tests are collected) and closed after the tests of the enclosing file
 * or `describe`; with `msw`, MSW intercepts the real hosts too.
 */
export async function listening(
  sandbox: Sandbox,
  { host, msw }: { host?: string; msw?: true | InterceptOptions } = {},
): Promise<RunningServer> {
  const server = await sandbox.listen(0, host)
  afterAll(() => server.close())
  if (msw) interceptHosts(sandbox, msw === true ? {} : msw)
  return server
}

/**
 * Every workspace the suite left behind, after whatever flows it ran, goes through
 * `GET /state` → `PUT /state` unchanged: what the sandbox stores always fits the
 * schemas it checks imports against.
 */
export async function expectStatesRoundTrip(sandbox: Sandbox, adminToken?: string): Promise<void> {
  const headers: Record<string, string> = adminToken ? { authorization: `Bearer ${adminToken}` } : {}
  for (const { id } of sandbox.runtime.store.list()) {
    const url = `http://localhost/ws/${id}/__sandbox/state`
    const before = await (await sandbox.app.request(url, { headers })).text()
    const put = await sandbox.app.request(url, { method: 'PUT', body: before, headers })
    expect({ workspace: id, status: put.status, reply: put.status === 200 ? '' : await put.text() }).toEqual({
      workspace: id,
      status: 200,
      reply: '',
    })
    expect(await (await sandbox.app.request(url, { headers })).text()).toBe(before)
  }
}
