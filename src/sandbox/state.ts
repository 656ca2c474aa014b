import { Hono } from 'hono'
import type { SandboxContext, SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { controlError } from '../lib/control-reply.js'
import { exportState } from '../state/serialize.js'
import { forbiddenKeyPath, parseState, type StateProblem } from '../state/schema.js'
import type { Workspace } from '../state/workspace.js'
import { isRandomState, type RandomState } from '../state/random.js'
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

function randomOf(doc: Record<string, unknown>): Record<string, RandomState> | StateProblem {
  const random = doc.random
  if (random === undefined) return {}
  if (typeof random !== 'object' || random === null || Array.isArray(random))
    return { path: 'random', message: 'must be an object of stream → PRNG state' }
  for (const [stream, s] of Object.entries(random))
    if (!isRandomState(s))
      return { path: `random.${stream}`, message: 'must be {key, draws, state: [4 unsigned 32-bit integers]} as GET /state gave it' }
  return random as Record<string, RandomState>
}

/** A checked state document, ready to replace the vendors it names in a workspace. */
export type StateImport = { problems: StateProblem[] } | { vendors: string[]; apply(ws: Workspace): void }

/**
 * Checks the whole document — the forbidden keys anywhere, then every vendor's part against its
 * state schema — before anything is touched (not even the workspace is opened), so that applying
 * it is all or nothing. The problems come in document order, each with its dotted path.
 */
export function checkStateDocument(rt: Runtime, doc: Record<string, unknown>): StateImport {
  const forbidden = forbiddenKeyPath(doc, '')
  if (forbidden) return refused({ path: forbidden.slice(1), message: 'this key is refused (it would reach an object prototype)' })
  if (doc.version !== 1) return refused({ path: 'version', message: 'must be 1' })
  const random = randomOf(doc)
  if (isProblem(random)) return refused(random)
  const vendors = doc.vendors
  if (typeof vendors !== 'object' || vendors === null || Array.isArray(vendors))
    return refused({ path: 'vendors', message: 'must be an object of vendor id → data' })
  const problems: StateProblem[] = []
  const ready: [string, unknown][] = []
  for (const [id, data] of Object.entries(vendors)) {
    const vendor = rt.vendorById.get(id)
    if (!vendor) {
      problems.push({ path: `vendors.${id}`, message: 'no such vendor is mounted' })
      continue
    }
    const result = parseState(vendor.state.schema, data, `vendors.${id}`)
    if ('problems' in result) problems.push(...result.problems)
    else ready.push([id, result.state])
  }
  if (problems.length) return { problems }
  return {
    vendors: ready.map(([id]) => id),
    apply(ws) {
      for (const [id, state] of ready) ws.setState(id, state)
      ws.advanceRandom(random)
    },
  }
}

const refused = (problem: StateProblem): StateImport => ({ problems: [problem] })

function isProblem(v: Record<string, RandomState> | StateProblem): v is StateProblem {
  return typeof v.path === 'string' && typeof v.message === 'string'
}

/** A reply lists at most this many problems (a broken document can have thousands). */
const MAX_PROBLEMS = 20

const describe = (p: StateProblem) => `${p.path}: ${p.message}`

/** `invalid_state`, naming the first problem in the message and in `path`. */
function refusal(c: SandboxContext, status: number, what: string, problems: StateProblem[]): Response {
  return controlError(c, status, 'invalid_state', `${what}: ${describe(problems[0])}`, {
    path: problems[0].path,
    problems: problems.slice(0, MAX_PROBLEMS).map(describe),
  })
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
    const checked = checkStateDocument(rt, doc)
    if ('problems' in checked) return refusal(c, 400, 'the state document does not fit', checked.problems)
    const ws = await workspaceOf(c, rt)
    checked.apply(ws)
    return c.json({ workspace: ws.id, replaced: checked.vendors })
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
    const checked = checkStateDocument(rt, snap as unknown as Record<string, unknown>)
    if ('problems' in checked) return refusal(c, 409, "the snapshot does not fit this sandbox's vendors", checked.problems)
    checked.apply(ws)
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
