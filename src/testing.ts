import { test as base } from 'vitest'
import type { ControlClient } from './sandbox/client.js'

/**
 * `esign-sandbox/vitest`: a `test` whose `workspace` fixture gives every test
 * its own fresh sandbox workspace (reset before, dropped after), so
 * `test.concurrent` tests never share state — in-process (MSW) or against a
 * running server (`connect(url)`).
 */
export interface SandboxWorkspace {
  /** The workspace id (1-64 of [A-Za-z0-9_-]). */
  id: string
  /** The control client scoped to this workspace. */
  control: ControlClient
  /** Send these with every vendor request (works through MSW and over HTTP). */
  headers: { 'X-Sandbox-Workspace': string }
  /** `<baseUrl>/ws/<id><path>` for clients that take a base URL (needs `baseUrl`). */
  url(path: string): string
}

export interface SandboxTestOptions {
  /** Base URL of a running sandbox, for `workspace.url()`. */
  baseUrl?: string
  /** Workspace id prefix (default `t`). */
  prefix?: string
}

let counter = 0
const run = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`

function workspaceId(prefix: string, name: string): string {
  counter += 1
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 24)
  return `${prefix}-${run}-${counter}-${slug}`.slice(0, 64).replace(/-+$/, '')
}

/** `const test = sandboxTest(sandbox.control)` or `sandboxTest(connect('http://127.0.0.1:4010'), { baseUrl })`. */
export function sandboxTest(control: ControlClient, options: SandboxTestOptions = {}) {
  return base.extend<{ workspace: SandboxWorkspace }>({
    workspace: async ({ task }, use) => {
      const id = workspaceId(options.prefix ?? 't', task.name)
      const scoped = control.workspace(id)
      await scoped.reset()
      await use({
        id,
        control: scoped,
        headers: { 'X-Sandbox-Workspace': id },
        url: (path) => {
          if (!options.baseUrl) throw new Error('sandboxTest: pass { baseUrl } to build URLs')
          return `${options.baseUrl.replace(/\/$/, '')}/ws/${id}${path.startsWith('/') ? path : `/${path}`}`
        },
      })
      await scoped.dropWorkspace().catch(() => undefined)
    },
  })
}
