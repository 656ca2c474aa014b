import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { JournalRecord } from '../state/workspace.js'
import type { Runtime } from '../runtime.js'
import { existingWorkspace, list, requireVendor } from './util.js'

/** `GET/DELETE /__sandbox/requests`: reading and clearing the journal the request pipeline writes. */

/** `?status=404` or `?status=4xx`; undefined when the value is neither. */
function statusFilter(value: string | undefined): ((status: number) => boolean) | undefined {
  if (value === undefined || value === '') return () => true
  if (/^\d{3}$/.test(value)) return (s) => s === Number(value)
  if (/^\dxx$/i.test(value)) return (s) => Math.floor(s / 100) === Number(value[0])
  return undefined
}

export function journalRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/requests', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const { vendor, method, path, status, limit, offset } = c.req.query()
    requireVendor(rt, vendor)
    const max = limit === undefined ? Infinity : Number(limit)
    if (limit !== undefined && (!Number.isInteger(max) || max < 0))
      return c.json({ error: 'invalid_query', message: 'limit must be a non-negative integer' }, 400)
    const skip = offset === undefined ? 0 : Number(offset)
    if (!Number.isInteger(skip) || skip < 0)
      return c.json({ error: 'invalid_query', message: 'offset must be a non-negative integer' }, 400)
    const statusTest = statusFilter(status)
    if (!statusTest) return c.json({ error: 'invalid_query', message: 'status must be a status code (404) or a class (4xx)' }, 400)
    // Records are filtered on their cheap fields; only the page returned is formatted.
    const matching: JournalRecord[] = []
    for (const r of ws?.journal.newestFirst() ?? []) {
      if (vendor && r.vendor !== vendor) continue
      if (method && r.method !== method.toUpperCase()) continue
      if (path && !r.route.includes(path)) continue
      if (!statusTest(r.status)) continue
      matching.push(r)
    }
    const page = matching.slice(skip, skip + max).map((r) => r.get())
    return limit === undefined && offset === undefined ? list(c, page) : list(c, page, matching.length)
  })
  app.delete('/requests', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const count = ws?.journal.size ?? 0
    ws?.journal.clear()
    return c.json({ deleted: count })
  })
  return app
}
