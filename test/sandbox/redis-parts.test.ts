import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { Store } from '../../src/state/store.js'
import type { AnyVendor } from '../../src/lib/vendor.js'
import type { Workspace } from '../../src/state/workspace.js'
import { ledger, type LedgerState } from '../helpers/ledger-vendor.js'
import { redisForFile } from '../helpers/redis.js'

/**
 * With --redis a write sends only the records and outbox entries that changed
 * (src/state/redis-record.ts). Two stores on one real redis-server: whatever
 * one does, the other — loading the workspace part by part — sees the same
 * workspace, records in the same order.
 */
const redis = redisForFile()
let db = 0

const WRITE = { write: true, create: true, rerun: false }
const READ = { write: false, create: false, rerun: true }

async function pair() {
  const url = `${redis.url()}/${++db}`
  const make = () =>
    new Store({
      vendors: [ledger as AnyVendor],
      maxWorkspaces: 10,
      seed: 'parts',
      clock: 'real',
      journalSize: 0,
      vendorOptions: {},
      redis: url,
    })
  const [a, b] = [make(), make()]
  await Promise.all([a.load(), b.load()])
  return { a, b, client: new Redis(url), close: () => Promise.all([a.close(), b.close()]) }
}

const state = (ws: Workspace) => ws.state('ledger') as LedgerState
const item = (id: string, name: string) => ({ id, account: 'a', name, created_at: 0 })
/** What a workspace is, as `GET /__sandbox/state` and a snapshot would show it. */
const view = (ws: Workspace) => JSON.stringify({ ...ws.toRecord(), created_at: 0 })

describe('--redis: a write stores only what changed', () => {
  it('records added, changed, deleted and re-inserted reach another instance in the same order', async () => {
    const { a, b, client, close } = await pair()
    await a.transact('w', WRITE, (ws) => {
      for (let i = 0; i < 20; i++) state(ws as Workspace).items.set(`i${i}`, item(`i${i}`, `n${i}`))
    })
    await a.transact('w', WRITE, (ws) => {
      const items = state(ws as Workspace).items
      items.set('i3', item('i3', 'renamed'))
      items.delete('i5')
      items.delete('i1')
      items.set('i1', item('i1', 'back, now last'))
      items.set('new', item('new', 'after it'))
      ws?.outbox.forVendor('ledger').email({ to: 'x@example.test', subject: 's', text: 't' })
    })
    const seen = await b.transact('w', READ, (ws) => ws && { view: view(ws), ids: [...state(ws).items.keys()] })
    const mine = await a.transact('w', READ, (ws) => ws && view(ws))
    expect(seen?.view).toBe(mine)
    expect(seen?.ids.slice(-3)).toEqual(['i19', 'i1', 'new'])
    expect(seen?.ids).not.toContain('i5')
    expect(await client.hexists('esign-sandbox:ws:w', 'r:ledger:items:i5')).toBe(0)
    await close()
    client.disconnect()
  })

  it('a change to one record writes that record and the head, not the others', async () => {
    const { a, b, client, close } = await pair()
    await a.transact('w', WRITE, (ws) => {
      for (let i = 0; i < 50; i++) state(ws as Workspace).items.set(`i${i}`, item(`i${i}`, 'x'.repeat(1000)))
    })
    // Another value written behind the sandbox's back in an untouched record survives the next write: it is not rewritten.
    await client.hset('esign-sandbox:ws:w', 'r:ledger:items:i7', JSON.stringify(item('i7', 'kept')))
    await a.transact('w', WRITE, (ws) => void state(ws as Workspace).items.set('i9', item('i9', 'changed')))
    expect(JSON.parse((await client.hget('esign-sandbox:ws:w', 'r:ledger:items:i7')) as string)).toMatchObject({ name: 'kept' })
    const names = await b.transact('w', READ, (ws) => ws && [state(ws).items.get('i7')?.name, state(ws).items.get('i9')?.name])
    expect(names).toEqual(['kept', 'changed'])
    await close()
    client.disconnect()
  })

  it('a reset and a replaced vendor rewrite the whole workspace: nothing stale is left', async () => {
    const { a, b, client, close } = await pair()
    await a.transact('w', WRITE, (ws) => void state(ws as Workspace).items.set('gone', item('gone', 'x')))
    await a.transact('w', WRITE, (ws) => (ws as Workspace).reset([ledger as AnyVendor]))
    expect(await client.hexists('esign-sandbox:ws:w', 'r:ledger:items:gone')).toBe(0)
    const ids = await b.transact('w', READ, (ws) => ws && [...state(ws).items.keys()])
    expect(ids).toEqual(['fixture-1'])
    await close()
    client.disconnect()
  })
})
