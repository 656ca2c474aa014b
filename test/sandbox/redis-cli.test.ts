import { describe, expect, it } from 'vitest'
import { startCli, runCli, type CliProcess } from '../helpers/cli.js'
import { freePort, redisForFile } from '../helpers/redis.js'

/** Replicas as deployed: several CLI processes (dist/cli.js) on one real redis-server. */
const redis = redisForFile()

const KEY = {
  'x-api-key':
    '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2',
}
const upload = async (cli: CliProcess, name: string): Promise<string | undefined> => {
  const res = await fetch(`${cli.url}/ws/team/okdokument/JSON/document`, {
    method: 'POST',
    headers: KEY,
    body: JSON.stringify({ filename: `${name}.pdf`, file: Buffer.from(`%PDF-1.4 ${name}`).toString('base64') }),
  })
  if (!res.ok) return undefined
  return ((await res.json()) as { result: string }).result
}
const metadata = (cli: CliProcess, id: string) => fetch(`${cli.url}/ws/team/okdokument/JSON/document/metadata/${id}`, { headers: KEY })

describe('--redis with several CLI processes', () => {
  it('share records; ids stay unique; a SIGKILLed instance loses nothing it acknowledged and the others keep serving', async () => {
    const url = `${redis.url()}/9`
    const fleet = await Promise.all([0, 1, 2].map(() => startCli(['--redis', url])))
    const first = await upload(fleet[0], 'first')
    expect(first).toBeDefined()
    for (const cli of fleet) expect((await metadata(cli, first as string)).status).toBe(200)

    const acknowledged: string[] = []
    const burst = Array.from({ length: 90 }, async (_, i) => {
      const id = await upload(fleet[i % 3], `doc-${i}`).catch(() => undefined)
      if (id) acknowledged.push(id)
    })
    await new Promise((r) => setTimeout(r, 40))
    fleet[2].child.kill('SIGKILL')
    await Promise.all(burst)
    await fleet[2].exited
    expect(acknowledged.length).toBeGreaterThan(40)
    expect(new Set(acknowledged).size).toBe(acknowledged.length)
    for (const id of acknowledged) {
      expect((await metadata(fleet[0], id)).status).toBe(200)
      expect((await metadata(fleet[1], id)).status).toBe(200)
    }
    const health = (await (await fetch(`${fleet[1].url}/__sandbox/health`)).json()) as { storage: unknown }
    expect(health.storage).toEqual({ backend: 'redis', ok: true })
    for (const cli of fleet.slice(0, 2)) {
      cli.child.kill('SIGTERM')
      expect(await cli.exited).toBe(0)
    }
  })

  it('refuses --redis with --data-file (exit 2) and an unreachable Redis (exit 1)', async () => {
    const both = await runCli(['--port', '0', '--redis', redis.url(), '--data-file', '/tmp/never.json'])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--redis and --data-file cannot be combined/)
    const env = await runCli(['--port', '0', '--data-file', '/tmp/never.json'], { SANDBOX_REDIS_URL: redis.url() })
    expect(env.code).toBe(2)
    const bad = await runCli(['--port', '0', '--redis', 'localhost:6379'])
    expect(bad.code).toBe(2)
    const down = await runCli(['--port', '0', '--redis', `redis://127.0.0.1:${await freePort()}`])
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/)
  })
})
