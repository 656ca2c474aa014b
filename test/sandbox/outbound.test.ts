import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import type { DeliveryEntry } from '../../src/index.js'
import { ledgerSandbox, json } from '../helpers/ledger-sandbox.js'

/** Outbound calls stay bounded and never turn on the sandbox itself (issue 12 item 10; sandbox.md §5). */
const servers: Server[] = []
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))

/** A receiver that answers 200 and then streams its body forever. */
async function endlessReceiver(): Promise<string> {
  const server = createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    const chunk = Buffer.alloc(64 * 1024, 1)
    const timer = setInterval(() => res.write(chunk), 1)
    res.on('close', () => clearInterval(timer))
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
}

const delivery = async (sb: ReturnType<typeof ledgerSandbox>, ws: string) => {
  await sb.control.workspace(ws).flushOutbox()
  return (await sb.control.workspace(ws).outbox({ type: 'webhook' })).items[0] as DeliveryEntry
}

describe('outbound deliveries', () => {
  it('read at most 64 KiB of a receiver’s reply: an endless body does not hold the attempt open', async () => {
    const sb = ledgerSandbox({ deliveryBackoffMs: [5] })
    await sb.app.request('http://localhost/ws/out-endless/ledger/items', json({ name: 'x', hook: await endlessReceiver() }))
    const entry = await delivery(sb, 'out-endless')
    expect(entry.state).toBe('delivered')
    expect(entry.attempts[0]).toMatchObject({ status: 200 })
    expect(entry.attempts[0].duration_ms).toBeLessThan(4000)
  })

  it('never reach the sandbox’s own control plane', async () => {
    const sb = ledgerSandbox({ deliveryBackoffMs: [5] })
    const server = await sb.listen(0)
    try {
      // A rule a reset would clear: it must still be there afterwards.
      await sb.control.workspace('out-self').addFault({ vendor: 'okdokument', path: '/JSON/counter', status: 503 })
      const hook = `${server.url}/ws/out-self/__sandbox/reset`
      await sb.app.request('http://localhost/ws/out-self/ledger/items', json({ name: 'x', hook }))
      const entry = await delivery(sb, 'out-self')
      expect(entry.state).toBe('failed')
      expect(entry.attempts[0].error).toMatch(/control plane/)
      expect((await sb.control.workspace('out-self').faults()).count).toBe(1)
    } finally {
      await server.close()
    }
  })

  it('--outbound-deny private refuses loopback and private targets; by default they are delivered', async () => {
    const receiver = await endlessReceiver()
    const open = ledgerSandbox({ deliveryBackoffMs: [5] })
    await open.app.request('http://localhost/ws/out-open/ledger/items', json({ name: 'x', hook: receiver }))
    expect((await delivery(open, 'out-open')).state).toBe('delivered')
    const shut = ledgerSandbox({ deliveryBackoffMs: [5], outboundDeny: 'private' })
    for (const hook of [receiver, 'http://10.1.2.3/hook', 'http://[::1]:9/hook', 'http://192.168.0.1/x']) {
      await shut.app.request('http://localhost/ws/out-deny/ledger/items', json({ name: 'x', hook }))
      const entry = await delivery(shut, 'out-deny')
      expect(entry.state, hook).toBe('failed')
      expect(entry.attempts[0].error, hook).toMatch(/private/)
    }
  })
})
