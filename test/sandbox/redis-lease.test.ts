import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { startCli, type CliProcess } from '../helpers/cli.js'
import { redisForFile } from '../helpers/redis.js'
import { K, PDF } from '../okdokument/helpers.js'

/**
 * Outbox deliveries across replicas (built CLI processes on one real
 * redis-server): each is sent once when nobody dies, and one whose sender is
 * SIGKILLed mid-call is taken over by another replica once its lease lapses.
 */
const redis = redisForFile()

interface Hit {
  body: string
  res: ServerResponse
}

/** A receiver that answers the n-th request (1-based) with a status, or holds it open (never answers). */
async function receiver(answer: (n: number) => number | 'hold' = () => 200) {
  const hits: Hit[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      hits.push({ body, res })
      const status = answer(hits.length)
      if (status === 'hold') return
      res.statusCode = status
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sendinfo`
  const close = () => {
    server.closeAllConnections()
    return new Promise<void>((r) => server.close(() => r()))
  }
  return { hits, url, close }
}

const call = async (cli: CliProcess, ws: string, path: string, body: unknown) => {
  const res = await fetch(`${cli.url}/ws/${ws}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': K, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}

/** A signature request whose SendInfo goes to `url`, created through one replica and signed through another. */
async function signWithCallback(create: CliProcess, sign: CliProcess, ws: string, url: string): Promise<{ id: string; doc: string }> {
  const made = await call(create, ws, '/okdokument/JSON/signatureRequest', {
    filedata: { content: PDF, filename: 'lease.pdf' },
    sendInfoURL: url,
  })
  const id = made.result as string
  await call(sign, ws, '/__sandbox/simulate/okdokument/sign', { signatureRequestId: id })
  return { id, doc: made.documentId as string }
}

const callbacks = async (cli: CliProcess, ws: string) => {
  const res = await fetch(`${cli.url}/ws/${ws}/__sandbox/outbox?type=callback`)
  return ((await res.json()) as { items: { state: string; signatureRequestId: string; attempts: unknown[] }[] }).items
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const stopAll = async (fleet: CliProcess[]) => {
  for (const cli of fleet) {
    if (cli.child.exitCode !== null || cli.child.signalCode !== null) continue
    cli.child.kill('SIGTERM')
    await cli.exited
  }
}

describe('--redis: outbox deliveries across replicas', () => {
  it('without a crash each event reaches the receiver exactly once, and no lease is left behind', async () => {
    const url = `${redis.url()}/11`
    const rx = await receiver()
    const fleet = await Promise.all([0, 1, 2].map(() => startCli(['--redis', url, '--delivery-backoff', '5,10'])))
    try {
      const made = await Promise.all(
        Array.from({ length: 12 }, (_, i) => signWithCallback(fleet[i % 3], fleet[(i + 1) % 3], `once-${i % 2}`, rx.url)),
      )
      const ids = made.map((m) => m.id)
      await until('every callback delivered', async () => {
        const items = [...(await callbacks(fleet[2], 'once-0')), ...(await callbacks(fleet[0], 'once-1'))]
        return items.length === 12 && items.every((e) => e.state === 'delivered') ? items : undefined
      })
      const client = new Redis(url)
      expect(await until('leases released', async () => ((await client.zcard('esign-sandbox:leases')) === 0 ? true : undefined))).toBe(true)
      expect(await client.hlen('esign-sandbox:lease-owners')).toBe(0)
      client.disconnect()
      // Longer than a lease: nothing is taken over and sent again.
      await new Promise((r) => setTimeout(r, 6500))
      const per = ids.map((id) => rx.hits.filter((h) => (JSON.parse(h.body) as { signatureRequestId: string }).signatureRequestId === id))
      expect(per.map((hits) => hits.length)).toEqual(ids.map(() => 1))
    } finally {
      await stopAll(fleet)
      await rx.close()
    }
  }, 60_000)

  it('a delivery whose replica is SIGKILLed mid-call is taken over by another once its lease lapses', async () => {
    const url = `${redis.url()}/12`
    // The first call is held open: the sender is killed while it waits for the answer. The replica
    // that takes over meets a failing receiver (500, three times), then a redelivery gets through.
    const rx = await receiver((n) => (n === 1 ? 'hold' : n <= 4 ? 500 : 200))
    const fleet = await Promise.all([0, 1].map(() => startCli(['--redis', url, '--delivery-backoff', '5,10'])))
    try {
      const { id, doc } = await signWithCallback(fleet[1], fleet[0], 'crash', rx.url)
      await until('the first call', async () => (rx.hits.length === 1 ? true : undefined))
      fleet[0].child.kill('SIGKILL')
      await fleet[0].exited
      expect((await callbacks(fleet[1], 'crash'))[0].state).toBe('pending')
      const failed = await until('the callback taken over', async () => {
        const [entry] = await callbacks(fleet[1], 'crash')
        return entry?.state === 'failed' ? entry : undefined
      })
      expect(failed.signatureRequestId).toBe(id)
      expect(rx.hits).toHaveLength(4)
      expect(new Set(rx.hits.map((h) => h.body)).size).toBe(1)
      // The vendor's settle hook, rebuilt from the stored entry, ran on the replica that took over.
      const state = async () => {
        const res = await fetch(`${fleet[1].url}/ws/crash/okdokument/JSON/document/metadata/${doc}`, { headers: { 'x-api-key': K } })
        return ((await res.json()) as { state: string }).state
      }
      expect(await state()).toBe('errorsendinfo')
      const entryId = (
        (await (await fetch(`${fleet[1].url}/ws/crash/__sandbox/outbox?type=callback`)).json()) as { items: { id: string }[] }
      ).items[0].id
      expect((await fetch(`${fleet[1].url}/ws/crash/__sandbox/outbox/${entryId}/redeliver`, { method: 'POST' })).status).toBe(202)
      await until('the redelivery', async () => ((await callbacks(fleet[1], 'crash'))[0].state === 'delivered' ? true : undefined))
      expect(await state()).toBe('signed')
      expect(rx.hits).toHaveLength(5)
    } finally {
      await stopAll(fleet)
      await rx.close()
    }
  }, 60_000)
})
