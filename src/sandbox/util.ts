import type { SandboxContext } from '../lib/context.js'
import { ControlError } from '../lib/vendor-error.js'
import { WorkspaceLimitError } from '../state/store.js'
import type { Workspace } from '../state/workspace.js'
import type { Runtime } from '../runtime.js'
import type { AnyVendor, CallerScope } from '../lib/vendor.js'
import { linkBase } from '../lib/links.js'

/** The workspace a control-plane call is scoped to (created on first use, like a vendor call). */
export async function workspaceOf(c: SandboxContext, rt: Runtime, id?: string): Promise<Workspace> {
  try {
    return await rt.store.open(id ?? c.get('sb').workspaceId)
  } catch (err) {
    if (err instanceof WorkspaceLimitError) throw new ControlError(429, 'workspace_limit', err.message)
    throw err
  }
}

/**
 * The workspace a control-plane read looks at, or undefined when it does not exist yet:
 * reads never create a workspace (only writes and vendor calls do).
 */
export async function existingWorkspace(c: SandboxContext, rt: Runtime): Promise<Workspace | undefined> {
  return rt.store.peek(c.get('sb').workspaceId)
}

/**
 * One page of a newest-first listing (`?limit=&offset=`, as the journal and the outbox take them): the
 * matching items are counted, and only the page is formatted. Without `limit` and `offset` every match is
 * returned and no `total` is added, as before paging existed.
 */
export function pagedList<T, U>(c: SandboxContext, items: Iterable<T>, keep: (item: T) => boolean, format: (item: T) => U): Response {
  const { limit, offset } = c.req.query()
  const max = limit === undefined ? Infinity : Number(limit)
  if (limit !== undefined && (!Number.isInteger(max) || max < 0))
    return c.json({ error: 'invalid_query', message: 'limit must be a non-negative integer' }, 400)
  const skip = offset === undefined ? 0 : Number(offset)
  if (!Number.isInteger(skip) || skip < 0) return c.json({ error: 'invalid_query', message: 'offset must be a non-negative integer' }, 400)
  const page: U[] = []
  let total = 0
  for (const item of items) {
    if (!keep(item)) continue
    if (total >= skip && total - skip < max) page.push(format(item))
    total++
  }
  return limit === undefined && offset === undefined ? list(c, page) : list(c, page, total)
}

/** Every list route answers `{items, count}` (+ `total` where a limit applies). */
export function list(c: SandboxContext, items: unknown[], total?: number): Response {
  return c.json(total === undefined ? { items, count: items.length } : { items, count: items.length, total })
}

/** The JSON object body of a control-plane write, or the problem with it. Empty body = `{}`. */
export async function readObject(c: SandboxContext): Promise<Record<string, unknown> | string> {
  const text = await c.req.text().catch(() => null)
  if (text === null) return 'the request body could not be read'
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'the body must be a JSON object'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be a JSON object'
  return value as Record<string, unknown>
}

export function requireVendor(rt: Runtime, id: string | undefined): void {
  if (id !== undefined && !rt.vendorById.has(id))
    throw new ControlError(
      404,
      'unknown_vendor',
      `no vendor ${JSON.stringify(id)} is mounted; mounted: ${[...rt.vendorById.keys()].join(', ')}`,
    )
}

/**
 * The caller scope of a control-plane call: the link base of the vendor's first mount as this call
 * reached the sandbox (an in-process call is rooted at that mount's first real host).
 */
export function callerOf(c: SandboxContext, rt: Runtime, vendor: AnyVendor, workspaceId: string): CallerScope {
  const sb = c.get('sb')
  const mount = rt.mounts.find((m) => m.vendor === vendor)
  if (!mount) return { workspaceId, base: sb.origin }
  const origin = sb.rooted ? (mount.hosts[0]?.replace(/\/+$/, '') ?? sb.origin) : sb.origin
  return { workspaceId, base: linkBase({ ...sb, origin, workspaceId }, mount) }
}
