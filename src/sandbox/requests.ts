import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { JournalRecord } from '../state/workspace.js'
import type { Runtime } from '../runtime.js'
import { existingWorkspace, pagedList, requireVendor } from './util.js'

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
    const { vendor, method, path, status } = c.req.query()
    requireVendor(rt, vendor)
    const statusTest = statusFilter(status)
    if (!statusTest) return c.json({ error: 'invalid_query', message: 'status must be a status code (404) or a class (4xx)' }, 400)
    // Records are filtered on their cheap fields; only the page returned is formatted.
    const keep = (r: JournalRecord) =>
      (!vendor || r.vendor === vendor) &&
      (!method || r.method === method.toUpperCase()) &&
      (!path || r.route.includes(path)) &&
      statusTest(r.status)
    return pagedList(c, ws?.journal.newestFirst() ?? [], keep, (r) => r.get())
  })
  app.delete('/requests', async (c) => {
    const ws = await existingWorkspace(c, rt)
    const count = ws?.journal.size ?? 0
    ws?.journal.clear()
    return c.json({ deleted: count })
  })
  return app
}
