import { describe, expect, it } from 'vitest'
import { redisForFile } from '../helpers/redis.js'
import { startReceiver } from '../helpers/receiver.js'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'

/** Several sandboxes in one process sharing a real redis-server: what replicas behind a load balancer see. */
const redis = redisForFile()
let db = 0

type Sb = ReturnType<typeof ledgerSandbox>
/** N sandboxes on a fresh Redis database (one per test, so tests never see each other's workspaces). */
async function fleet(n: number, first: { workspaceTtl?: number } = {}): Promise<Sb[]> {
  const url = `${redis.url()}/${++db}`
  const all = Array.from({ length: n }, (_, i) => ledgerSandbox({ redis: url, ...(i === 0 ? first : {}) }))
  await Promise.all(all.map((s) => s.ready))
  return all
}
const closeAll = (all: Sb[]) => Promise.all(all.map((s) => s.close()))
const create = async (sb: Sb, ws: string, name: string, hook?: string) => {
  const res = await sb.fetch(new Request(`http://localhost/ws/${ws}/ledger/items`, json(hook ? { name, hook } : { name })))
  return { status: res.status, body: (await res.json()) as { id: string; name: string } }
}
const get = (sb: Sb, ws: string, id: string) => sb.fetch(new Request(`http://localhost/ws/${ws}/ledger/items/${id}`, { headers: K1 }))

describe('--redis: instances share workspaces', () => {
  it('a record created through one instance is read through another', async () => {
    const [a, b] = await fleet(2)
    const made = await create(a, 'share', 'from a')
    expect(made.status).toBe(201)
    const res = await get(b, 'share', made.body.id)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { name: string }).name).toBe('from a')
    await closeAll([a, b])
  })

  it('concurrent creates spread over three instances: no lost write, no repeated id', async () => {
    const all = await fleet(3)
    const made = await Promise.all(Array.from({ length: 60 }, (_, i) => create(all[i % 3], 'busy', `item-${i}`)))
    expect(made.every((m) => m.status === 201)).toBe(true)
    const ids = made.map((m) => m.body.id)
    expect(new Set(ids).size).toBe(60)
    for (const sb of all) {
      const list = (await (await sb.fetch(new Request('http://localhost/ws/busy/ledger/items', { headers: K1 }))).json()) as {
        items: { id: string }[]
      }
      expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining(ids))
    }
    await closeAll(all)
  })

  it('fault rules, clock, snapshots and reset act for every instance', async () => {
    const [a, b] = await fleet(2)
    const made = await create(a, 'ctl', 'x')
    await a.control.workspace('ctl').addFault({ vendor: 'ledger', path: '/items/:id', status: 503, times: 1 })
    const statuses = [(await get(b, 'ctl', made.body.id)).status, (await get(a, 'ctl', made.body.id)).status]
    expect(statuses).toEqual([503, 200])
    expect((await b.control.workspace('ctl').faults()).items[0].fired).toBe(1)
    await b.control.workspace('ctl').setClock({ frozen_at: '2026-05-05T00:00:00Z' })
    expect((await a.control.workspace('ctl').clock()).now).toBe('2026-05-05T00:00:00.000Z')
    await a.control.workspace('ctl').createSnapshot('one')
    expect((await b.control.workspace('ctl').snapshots()).items.map((s) => s.name)).toEqual(['one'])
    const forced = await b.fetch(
      new Request(`http://localhost/ws/ctl/ledger/items/${made.body.id}`, { headers: { ...K1, 'x-sandbox-error': 'ledger.not_found' } }),
    )
    expect(forced.status).toBe(404)
    await b.control.workspace('ctl').reset()
    expect((await get(a, 'ctl', made.body.id)).status).toBe(404)
    expect((await a.control.workspace('ctl').faults()).count).toBe(0)
    await a.control.workspace('ctl').dropWorkspace()
    expect((await b.control.workspace('ctl').clock()).mode).toBe('real')
    await closeAll([a, b])
  })

  it('each outbox delivery is sent once across instances, and its outcome is visible everywhere', async () => {
    const receiver = await startReceiver()
    const [a, b] = await fleet(2)
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? a : b, 'hooks', `h-${i}`, receiver.url)))
    expect(made.every((m) => m.status === 201)).toBe(true)
    const deadline = Date.now() + 10_000
    for (;;) {
      const hooks = (await b.control.workspace('hooks').outbox({ type: 'webhook' })).items as { state: string }[]
      if (hooks.length === 10 && hooks.every((h) => h.state === 'delivered')) break
      if (Date.now() > deadline) throw new Error(`deliveries not settled: ${JSON.stringify(hooks.map((h) => h.state))}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(receiver.received).toHaveLength(10)
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(10)
    expect((await a.control.workspace('hooks').outbox({ type: 'email' })).count).toBe(10)
    await closeAll([a, b])
    await receiver.close()
  })

  it('listing and --workspace-ttl go by use on any replica: a replica never expires a workspace another one uses', async () => {
    const [a, b] = await fleet(2, { workspaceTtl: 1 })
    const made = await create(a, 'ttl', 'kept while used')
    const until = Date.now() + 2500
    while (Date.now() < until) {
      expect((await get(b, 'ttl', made.body.id)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 250))
    }
    const listed = (await b.control.workspaces()).items.find((w) => w.id === 'ttl')
    expect(Date.parse(listed?.created_at ?? '')).toBeGreaterThan(Date.now() - 60_000)
    await new Promise((r) => setTimeout(r, 4000))
    expect((await get(b, 'ttl', made.body.id)).status).toBe(404)
    await closeAll([a, b])
  })

  it('refuses redis together with a data file', () => {
    expect(() => ledgerSandbox({ redis: redis.url(), dataFile: '/tmp/x.json' })).toThrow(/either redis or dataFile/)
  })
})
