import { Hono } from 'hono'
import type { SandboxEnv } from '../lib/context.js'
import type { Runtime } from '../runtime.js'
import { linkBase } from '../lib/links.js'
import { list } from './util.js'
import { mountRoutes } from '../lib/vendor.js'

/**
 * Liveness and readiness, and what is mounted where. `storage` says whether
 * changes are being stored; when they cannot be (Redis unreachable, data file
 * changed by something else) health answers 503 so a load balancer stops
 * sending requests here.
 */
export function healthRoutes(rt: Runtime): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/health', (c) => {
    const storage = rt.store.status()
    return c.json(
      {
        status: storage.ok ? 'ok' : 'degraded',
        version: rt.version,
        uptime_s: Math.floor((Date.now() - rt.startedAt) / 1000),
        vendors: rt.vendors.map((v) => v.id),
        storage,
      },
      storage.ok ? 200 : 503,
    )
  })
  app.get('/vendors', (c) => {
    // The sandbox's own URLs, whichever door asked.
    const door = { ...c.get('sb'), rooted: false }
    return list(
      c,
      rt.vendors.map((v) => {
        const mounts = rt.mounts.filter((m) => m.vendor === v)
        return {
          id: v.id,
          name: v.name,
          prefixes: mounts.map((m) => m.prefix),
          base_urls: mounts.map((m) => linkBase(door, { prefix: m.prefix })),
          hosts: mounts.flatMap((m) => m.hosts),
          mounts: mounts.map((m) => ({ prefix: m.prefix, base_url: linkBase(door, { prefix: m.prefix }), hosts: m.hosts })),
          endpoints: endpointsOf(rt, v.id),
          docs: v.docs,
          vendor_docs: v.vendorDocs ?? null,
        }
      }),
    )
  })
  return app
}

/** The vendor's routes as registered (method + path after the prefix), collected once. */
const endpointCache = new WeakMap<Runtime, Map<string, { method: string; path: string }[]>>()
function endpointsOf(rt: Runtime, vendorId: string): { method: string; path: string }[] {
  let cache = endpointCache.get(rt)
  if (!cache) {
    cache = new Map()
    for (const m of rt.mounts) {
      const rows = cache.get(m.vendor.id) ?? []
      const seen = new Set(rows.map((r) => `${r.method} ${r.path}`))
      const collect = (methods: string[], path: string) => {
        // As a client reads them: `:param` without Hono's pattern, one row per path whatever the trailing slash.
        const clean = path.replace(/(:\w+)\{(?:[^{}]|\{[^{}]*\})*\}/g, '$1').replace(/(.)\/$/, '$1')
        const full = m.prefix === '' ? clean : `${m.prefix}${clean === '/' ? '' : clean}`
        for (const method of methods) {
          if (seen.has(`${method} ${full}`)) continue
          seen.add(`${method} ${full}`)
          rows.push({ method, path: full })
        }
      }
      for (const { methods, path } of mountRoutes(m.def)) collect(methods, path)
      cache.set(m.vendor.id, rows)
    }
    endpointCache.set(rt, cache)
  }
  return cache.get(vendorId) ?? []
}
