import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCli, runCli } from '../helpers/cli.js'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'

const dir = mkdtempSync(join(tmpdir(), 'esign-persist-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Each test has its own data file and child processes: they run side by side.
describe.concurrent('persistence (--data-file)', () => {
  it('creates a missing file, writes through the API, and finds the data after a restart', async () => {
    const file = join(dir, 'restart.json')
    const first = await startCli(['--data-file', file])
    expect(existsSync(file)).toBe(true)
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${first.url}/ws/p-${i}/__sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ frozen_at: `2026-04-0${(i % 9) + 1}T00:00:00Z` }),
      })
      expect(res.status).toBe(200)
    }
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    expect(saved.version).toBe(1)
    expect(Object.keys(saved.workspaces)).toHaveLength(25)

    const second = await startCli(['--data-file', file])
    const clock = await (await fetch(`${second.url}/ws/p-7/__sandbox/clock`)).json()
    expect(clock).toMatchObject({ now: '2026-04-08T00:00:00.000Z', mode: 'frozen' })
    second.child.kill('SIGTERM')
    await second.exited
  })

  it('keeps vendor records (an OKdokument upload) across a restart of the real CLI', async () => {
    const file = join(dir, 'vendor.json')
    const key = {
      'x-api-key':
        '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2',
    }
    const first = await startCli(['--data-file', file])
    const pdf = Buffer.from('%PDF-1.4 persisted').toString('base64')
    const up = await (
      await fetch(`${first.url}/ws/keep/okdokument/JSON/document`, {
        method: 'POST',
        headers: key,
        body: JSON.stringify({ filename: 'kept.pdf', file: pdf }),
      })
    ).json()
    await fetch(`${first.url}/ws/keep/okdokument/JSON/document/7fJ4MGBLeV0_9bzHVwAxh6k2_TYlbHHoHG9UHKX`, { method: 'DELETE', headers: key })
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const second = await startCli(['--data-file', file])
    const meta = await fetch(`${second.url}/ws/keep/okdokument/JSON/document/metadata/${up.result as string}`, { headers: key })
    expect(await meta.json()).toMatchObject({ filename: 'kept.pdf', state: 'tosign' })
    const gone = await fetch(`${second.url}/ws/keep/okdokument/JSON/document/metadata/7fJ4MGBLeV0_9bzHVwAxh6k2_TYlbHHoHG9UHKX`, {
      headers: key,
    })
    expect(gone.status).toBe(404)
    const pdfBack = await fetch(`${second.url}/ws/keep/okdokument/JSON/document/${up.result as string}`, { headers: key })
    expect(await pdfBack.text()).toBe('%PDF-1.4 persisted')
    second.child.kill('SIGTERM')
    await second.exited
  })

  it('refuses a corrupt file with exit 1 naming it, and leaves it untouched', async () => {
    const file = join(dir, 'corrupt.json')
    writeFileSync(file, '{"version":1,"workspaces":{')
    const r = await runCli(['--port', '0', '--data-file', file])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(file)
    expect(r.stderr).toMatch(/corrupt/)
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"workspaces":{')
  })

  it('refuses a file of a newer version', async () => {
    const file = join(dir, 'newer.json')
    const text = JSON.stringify({ version: 2, workspaces: {} })
    writeFileSync(file, text)
    const r = await runCli(['--port', '0', '--data-file', file])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/version 2/)
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('a process killed with SIGKILL in the middle of a burst of writes leaves a file that loads', async () => {
    const file = join(dir, 'killed.json')
    const cli = await startCli(['--data-file', file])
    const burst = Array.from({ length: 300 }, (_, i) =>
      fetch(`${cli.url}/ws/k-${i}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance_ms: i }) }).catch(() => undefined),
    )
    await sleep(120)
    cli.child.kill('SIGKILL')
    await cli.exited
    await Promise.all(burst)
    const data = JSON.parse(readFileSync(file, 'utf8'))
    expect(data.version).toBe(1)
    const again = await startCli(['--data-file', file])
    expect((await fetch(`${again.url}/__sandbox/health`)).status).toBe(200)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })

  it('in-process: vendor records survive close() and a new sandbox on the same file', async () => {
    const file = join(dir, 'inproc.json')
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    const item = await (await a.fetch(new Request('http://localhost/ws/keep/ledger/items', json({ name: 'persisted' })))).json()
    await a.close()
    const b = ledgerSandbox({ dataFile: file })
    await b.ready
    const res = await b.fetch(new Request(`http://localhost/ws/keep/ledger/items/${item.id}`, { headers: K1 }))
    expect(res.status).toBe(200)
    expect((await res.json()).name).toBe('persisted')
    await b.close()
  })
})
