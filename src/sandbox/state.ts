import { Hono } from 'hono'
import type { SandboxContext, SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { exportState, importState } from '../state/serialize.js'
import type { Workspace } from '../state/workspace.js'
import { Random, isRandomState, type RandomState } from '../state/random.js'
import { existingWorkspace, list, readObject, requireVendor, workspaceOf } from './util.js'

export interface StateDocument {
  version: 1
  workspace: string
  vendors: Record<string, unknown>
  /** Where the workspace's PRNG streams stand, so that importing never re-issues an id or token. */
  random?: Record<string, RandomState>
}

export function exportWorkspace(rt: Runtime, ws: Workspace, vendor?: string): StateDocument {
  const vendors: Record<string, unknown> = {}
  for (const v of rt.vendors) if (!vendor || v.id === vendor) vendors[v.id] = exportState(ws.state(v.id))
  return { version: 1, workspace: ws.id, vendors, random: ws.randomState(vendor ? [vendor] : undefined) }
}

function randomOf(doc: Record<string, unknown>): Record<string, RandomState> | string {
  const random = doc.random
  if (random === undefined) return {}
  if (typeof random !== 'object' || random === null || Array.isArray(random)) return 'random: must be an object of stream → PRNG state'
  for (const [stream, s] of Object.entries(random))
    if (!isRandomState(s)) return `random.${stream}: must be {key, draws, state: [4 unsigned 32-bit integers]} as GET /state gave it`
  return random as Record<string, RandomState>
}

/** Validates the whole document first, then replaces the vendors it names: all or nothing. */
export async function importWorkspace(rt: Runtime, ws: Workspace, doc: Record<string, unknown>): Promise<string[]> {
  if (doc.version !== 1) return ['version: must be 1']
  const random = randomOf(doc)
  if (typeof random === 'string') return [random]
  const vendors = doc.vendors
  if (typeof vendors !== 'object' || vendors === null || Array.isArray(vendors)) return ['vendors: must be an object of vendor id → data']
  const errors: string[] = []
  const ready: [string, unknown][] = []
  for (const [id, data] of Object.entries(vendors)) {
    const vendor = rt.vendorById.get(id)
    if (!vendor) {
      errors.push(`vendors.${id}: no such vendor is mounted`)
      continue
    }
    // A freshly seeded state is the template the document is checked against.
    const template = await vendor.state.seed({ workspaceId: ws.id, now: ws.clock.now(), random: new Random(`template:${id}`) })
    const result = importState(template, data, `vendors.${id}`)
    if ('errors' in result) errors.push(...result.errors)
    else ready.push([id, result.state])
  }
  if (errors.length) return errors
  for (const [id, state] of ready) ws.setState(id, state)
  ws.advanceRandom(random)
  return []
}

const SNAPSHOT_NAME = /^[A-Za-z0-9_.-]{1,64}$/

/** Export/import of a workspace's data, and named snapshots of it. */
export function stateRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  const noSnapshot = (c: SandboxContext) =>
    controlError(c, 404, 'not_found', `no snapshot ${JSON.stringify(c.req.param('name'))} in workspace ${c.get('sb').workspaceId}`)

  app.get('/state', async (c) => {
    const vendor = c.req.query('vendor')
    requireVendor(rt, vendor)
    const id = c.get('sb').workspaceId
    return c.json(exportWorkspace(rt, (await existingWorkspace(c, rt)) ?? (await rt.store.detached(id)), vendor))
  })
  app.put('/state', async (c) => {
    const doc = await readObject(c)
    if (typeof doc === 'string') return controlError(c, 400, 'invalid_body', doc)
    const ws = await workspaceOf(c, rt)
    const errors = await importWorkspace(rt, ws, doc)
    if (errors.length)
      return controlError(c, 400, 'invalid_state', `the state document does not fit: ${errors.slice(0, 20).join('; ')}`, {
        problems: errors,
      })
    return c.json({ workspace: ws.id, replaced: Object.keys(doc.vendors as object) })
  })
  app.get('/snapshots', async (c) => {
    const ws = await existingWorkspace(c, rt)
    return list(
      c,
      [...(ws?.snapshots.values() ?? [])]
        .reverse()
        .map((s) => ({ name: s.name, created_at: s.created_at, vendors: Object.keys(s.vendors) })),
    )
  })
  app.post('/snapshots', async (c) => {
    const body = await readObject(c)
    if (typeof body === 'string') return controlError(c, 400, 'invalid_body', body)
    if (typeof body.name !== 'string' || !SNAPSHOT_NAME.test(body.name))
      return controlError(c, 400, 'invalid_body', 'name must be 1-64 characters of [A-Za-z0-9_.-]')
    const ws = await workspaceOf(c, rt)
    const snap = { ...exportWorkspace(rt, ws), name: body.name, created_at: new Date(ws.clock.now()).toISOString() }
    ws.snapshots.delete(body.name)
    ws.snapshots.set(body.name, snap)
    ws.touch()
    return c.json({ name: snap.name, created_at: snap.created_at, vendors: Object.keys(snap.vendors) }, 201)
  })
  app.post('/snapshots/:name/restore', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const snap = ws?.snapshots.get(c.req.param('name'))
    if (!ws || !snap) return noSnapshot(c)
    const errors = await importWorkspace(rt, ws, snap as unknown as Record<string, unknown>)
    if (errors.length) return controlError(c, 409, 'invalid_state', errors.join('; '))
    return c.json({ name: snap.name, restored: true })
  })
  app.delete('/snapshots/:name', async (c) => {
    const ws = await existingWorkspace(c, rt)
    if (!ws?.snapshots.delete(c.req.param('name'))) return noSnapshot(c)
    ws.touch()
    return c.json({ deleted: 1 })
  })
  return app
}
