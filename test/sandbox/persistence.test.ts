import { afterAll, describe, expect, it, vi } from 'vitest'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCli, runCli } from '../helpers/cli.js'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'
import { K, PDF } from '../okdokument/helpers.js'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const dir = mkdtempSync(join(tmpdir(), 'esign-persist-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Child processes and the write timer run late on a loaded machine: tests wait on what they need, never on a fixed time. */
const CLI_TEST_MS = 120_000
async function waitFor(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}
/** The data file's writer has nothing scheduled or in flight: the file is what it last wrote and recorded. */
function writerIdle(sb: ReturnType<typeof ledgerSandbox>): boolean {
  const writer = (sb.runtime.store as unknown as { backend: { timer?: unknown; flushing?: unknown } }).backend
  return writer.timer === undefined && writer.flushing === undefined
}
/** The workspaces the data file has a line for (a torn last line is skipped, as a start-up does). */
function workspacesInFile(file: string): string[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        const ws = (JSON.parse(l) as { ws?: unknown }).ws
        return typeof ws === 'string' ? [ws] : []
      } catch {
        return []
      }
    })
}

// Each test has its own data file and child processes: they run side by side.
describe.concurrent('persistence (--data-file)', { timeout: CLI_TEST_MS }, () => {
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
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(JSON.parse(lines[0])).toEqual({ version: 2, format: 'esign-sandbox data file' })
    expect(new Set(lines.slice(1).map((l) => JSON.parse(l).ws as string)).size).toBe(25)
    expect(existsSync(`${file}.lock`)).toBe(false)

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
    for (const text of [
      `${JSON.stringify({ version: 3, format: 'esign-sandbox data file' })}\n`,
      JSON.stringify({ version: 3, workspaces: {} }),
    ]) {
      const file = join(dir, 'newer.json')
      writeFileSync(file, text)
      const r = await runCli(['--port', '0', '--data-file', file])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/version 3, newer/)
      expect(readFileSync(file, 'utf8')).toBe(text)
    }
  })

  it('a process killed with SIGKILL in the middle of a burst of writes leaves a file that loads', async () => {
    const file = join(dir, 'killed.json')
    const cli = await startCli(['--data-file', file])
    const burst = Array.from({ length: 300 }, (_, i) =>
      fetch(`${cli.url}/ws/k-${i}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance_ms: i }) }).catch(() => undefined),
    )
    // Killed once the burst is reaching the file, whenever that is on this machine: in the middle of it.
    await waitFor('the first writes of the burst', () => workspacesInFile(file).some((ws) => ws.startsWith('k-')))
    cli.child.kill('SIGKILL')
    await cli.exited
    await Promise.all(burst)
    const written = new Set(workspacesInFile(file))
    const again = await startCli(['--data-file', file])
    expect((await fetch(`${again.url}/__sandbox/health`)).status).toBe(200)
    // Whatever reached the file before the kill loads.
    expect(written.size).toBeGreaterThan(0)
    for (const ws of [...written].filter((w) => w.startsWith('k-'))) {
      const clock = (await (await fetch(`${again.url}/ws/${ws}/__sandbox/clock`)).json()) as { offset_ms: number }
      expect(clock.offset_ms).toBe(Number(ws.slice(2)))
    }
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })

  it('a callback still being sent when the process was killed is sent again by the next start on the same file', async () => {
    const file = join(dir, 'sending.json')
    // The first call is held open: the sandbox is killed while it waits for the answer.
    const hits: { body: string; res: ServerResponse }[] = []
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        hits.push({ body, res })
        if (hits.length > 1) res.end('ok')
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const sendInfoURL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sendinfo`
    const headers = { 'x-api-key': K, 'content-type': 'application/json' }
    const first = await startCli(['--data-file', file, '--delivery-backoff', '5,10'])
    let second: Awaited<ReturnType<typeof startCli>> | undefined
    try {
      const made = (await (
        await fetch(`${first.url}/ws/resume/okdokument/JSON/signatureRequest`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ filedata: { content: PDF, filename: 'resume.pdf' }, sendInfoURL }),
        })
      ).json()) as { result: string }
      await fetch(`${first.url}/ws/resume/__sandbox/simulate/okdokument/sign`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ signatureRequestId: made.result }),
      })
      await waitFor('the first call', () => hits.length === 1)
      await waitFor('the note', () =>
        /"ws":"resume","at":\[\d+,\d+\],"sending":true,/.test(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1) ?? ''),
      )
      first.child.kill('SIGKILL')
      await first.exited
      second = await startCli(['--data-file', file, '--delivery-backoff', '5,10'])
      // No request needed: the start loads the workspace and sends the callback again.
      await waitFor('the callback sent again', () => hits.length === 2)
      expect(JSON.parse(hits[1].body)).toEqual(JSON.parse(hits[0].body))
      const items = async () =>
        ((await (await fetch(`${second?.url}/ws/resume/__sandbox/outbox?type=callback`)).json()) as { items: { state: string }[] }).items
      let states: string[] = []
      for (const until = Date.now() + 20_000; Date.now() < until && states[0] !== 'delivered'; await sleep(100))
        states = (await items()).map((e) => e.state)
      expect(states).toEqual(['delivered'])
    } finally {
      first.child.kill('SIGKILL')
      second?.child.kill('SIGTERM')
      await second?.exited
      receiver.closeAllConnections()
      await new Promise<void>((r) => receiver.close(() => r()))
    }
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

describe('persistence: the incremental data file', { timeout: CLI_TEST_MS }, () => {
  const item = async (sb: ReturnType<typeof ledgerSandbox>, ws: string, name: string) =>
    (await (await sb.fetch(new Request(`http://localhost/ws/${ws}/ledger/items`, json({ name })))).json()) as { id: string }
  const ctl = (sb: ReturnType<typeof ledgerSandbox>, ws: string) => sb.control.workspace(ws)

  it('keeps PRNG state, fault rules, snapshots and the outbox across a restart; ids never repeat', async () => {
    const file = join(dir, 'everything.json')
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    const first = await item(a, 'all', 'one')
    await ctl(a, 'all').addFault({ vendor: 'ledger', path: '/items/:id', status: 503, times: 2 })
    await ctl(a, 'all').createSnapshot('after-one')
    await a.fetch(new Request('http://localhost/ws/all/ledger/items', json({ name: 'hooked', hook: 'http://127.0.0.1:9/none' })))
    await ctl(a, 'all').setClock({ frozen_at: '2026-03-01T00:00:00Z' })
    const fresh = ledgerSandbox()
    const wouldRepeat = await item(fresh, 'all', 'x')
    await item(fresh, 'all', 'y')
    const thirdFresh = await item(fresh, 'all', 'z')
    await a.close()

    const b = ledgerSandbox({ dataFile: file })
    await b.ready
    // Without the PRNG state a restarted workspace would hand out `first.id` again; it continues the stream instead.
    expect(wouldRepeat.id).toBe(first.id)
    const next = await item(b, 'all', 'three')
    expect(next.id).not.toBe(first.id)
    expect(next.id).toBe(thirdFresh.id)
    expect((await ctl(b, 'all').faults()).items).toMatchObject([{ status: 503, times: 2, fired: 0 }])
    const faulted = await b.fetch(new Request(`http://localhost/ws/all/ledger/items/${first.id}`, { headers: K1 }))
    expect(faulted.status).toBe(503)
    expect((await ctl(b, 'all').faults()).items[0].fired).toBe(1)
    expect((await ctl(b, 'all').snapshots()).items.map((s) => s.name)).toEqual(['after-one'])
    expect((await ctl(b, 'all').outbox({ type: 'email' })).count).toBe(1)
    expect((await ctl(b, 'all').clock()).now).toBe('2026-03-01T00:00:00.000Z')
    await ctl(b, 'all').restoreSnapshot('after-one')
    await b.close()
  })

  it('writes only the workspaces a change touched, and reads a workspace only when it is used', async () => {
    const file = join(dir, 'incremental.json')
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    for (let i = 0; i < 5; i++) await item(a, `inc-${i}`, 'x')
    await a.close()
    const before = readFileSync(file, 'utf8').trimEnd().split('\n')
    const b = ledgerSandbox({ dataFile: file })
    await b.ready
    expect(b.runtime.store.get('inc-3')).toBeUndefined()
    expect(b.runtime.store.ids().sort()).toEqual(['inc-0', 'inc-1', 'inc-2', 'inc-3', 'inc-4'])
    await item(b, 'inc-3', 'y')
    await waitFor('the change to reach the file', () => workspacesInFile(file).length > before.length - 1)
    const after = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(after.slice(0, before.length)).toEqual(before)
    expect(after.slice(before.length).map((l) => JSON.parse(l).ws)).toEqual(['inc-3'])
    expect(b.runtime.store.get('inc-1')).toBeUndefined()
    await b.control.workspace('inc-4').dropWorkspace()
    await b.close()
    const c = ledgerSandbox({ dataFile: file })
    await c.ready
    expect(c.runtime.store.ids().sort()).toEqual(['inc-0', 'inc-1', 'inc-2', 'inc-3'])
    const listed = await c.fetch(new Request('http://localhost/ws/inc-3/ledger/items', { headers: K1 }))
    expect(((await listed.json()) as { items: { name: string }[] }).items.map((i) => i.name).slice(1)).toEqual(['x', 'y'])
    await c.close()
  })

  it('drops a torn last line and removes temp files a crash left behind', async () => {
    const file = join(dir, 'torn.json')
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    const kept = await item(a, 'torn', 'kept')
    await a.close()
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"ws":"torn","record":{"clock":`)
    writeFileSync(`${file}.4242.tmp`, 'half a rewrite')
    writeFileSync(join(dir, '.torn.json.tmp'), 'half a version 1 write')
    const b = ledgerSandbox({ dataFile: file })
    await b.ready
    expect(existsSync(`${file}.4242.tmp`)).toBe(false)
    expect(existsSync(join(dir, '.torn.json.tmp'))).toBe(false)
    const res = await b.fetch(new Request(`http://localhost/ws/torn/ledger/items/${kept.id}`, { headers: K1 }))
    expect(res.status).toBe(200)
    await item(b, 'torn', 'after')
    await b.close()
    for (const line of readFileSync(file, 'utf8').trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
  })

  it('reads a version 1 file and rewrites it in the current format on the first change', async () => {
    const file = join(dir, 'legacy.json')
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        workspaces: { old: { clock: { mode: 'frozen', frozen_at: Date.parse('2026-02-02T00:00:00Z'), offset_ms: 0 }, vendors: {} } },
      }),
    )
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    expect((await ctl(a, 'old').clock()).now).toBe('2026-02-02T00:00:00.000Z')
    await item(a, 'new', 'x')
    await a.close()
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(JSON.parse(lines[0]).version).toBe(2)
    expect(
      lines
        .slice(1)
        .map((l) => JSON.parse(l).ws)
        .sort(),
    ).toEqual(['new', 'old'])
  })

  it('never writes over a file changed behind its back', async () => {
    const file = join(dir, 'behind.json')
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    await item(a, 'b', 'first')
    // In the file, and the writer done with it.
    await waitFor('the first change to reach the file', () => workspacesInFile(file).includes('b') && writerIdle(a))
    const theirs = `${JSON.stringify({ version: 2, format: 'esign-sandbox data file' })}\n`
    writeFileSync(file, theirs)
    const errors: string[] = []
    const original = console.error
    console.error = (msg: string) => errors.push(msg)
    try {
      await item(a, 'b', 'second')
      await sleep(150)
      await a.close()
    } finally {
      console.error = original
    }
    expect(readFileSync(file, 'utf8')).toBe(theirs)
    expect(errors.join('\n')).toMatch(/changed by something else/)
    expect(a.runtime.store.status()).toMatchObject({ ok: false })
  })

  it('notices a change made while its own append was under way', async () => {
    const file = join(dir, 'during.json')
    const a = ledgerSandbox({ dataFile: file })
    await a.ready
    await item(a, 'd', 'first')
    await waitFor('the first change to reach the file', () => workspacesInFile(file).includes('d') && writerIdle(a))
    // Someone else appends right after the sandbox's own write, before it looks at the file again.
    const probe = await open(file, 'r')
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> }
    await probe.close()
    const write = proto.write
    const spy = vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      const done = await write.apply(this, args)
      appendFileSync(file, 'theirs\n')
      return done
    })
    const errors: string[] = []
    const original = console.error
    console.error = (msg: string) => errors.push(msg)
    try {
      await item(a, 'd', 'second')
      await waitFor('the writer to refuse the file', () => a.runtime.store.status().ok === false)
      await a.close()
    } finally {
      console.error = original
      spy.mockRestore()
    }
    expect(errors.join('\n')).toMatch(/changed by something else while this sandbox wrote to it/)
    expect(readFileSync(file, 'utf8').endsWith('theirs\n')).toBe(true)
  })

  it('a second sandbox on a held file is refused: exit 2 from the CLI, a rejected ready in-process', async () => {
    const file = join(dir, 'held.json')
    const holder = await startCli(['--data-file', file])
    const r = await runCli(['--port', '0', '--data-file', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/held by another running sandbox \(pid \d+/)
    holder.child.kill('SIGKILL')
    await holder.exited
    // The killed holder's lock is stale: the next sandbox takes the file over.
    const next = await startCli(['--data-file', file])
    const sb = ledgerSandbox({ dataFile: file })
    await expect(sb.ready).rejects.toThrow(/held by another running sandbox/)
    next.child.kill('SIGTERM')
    expect(await next.exited).toBe(0)
    const missingDir = await runCli(['--port', '0', '--data-file', join(dir, 'no', 'such', 'dir.json')])
    expect(missingDir.code).toBe(2)
    expect(missingDir.stderr).toMatch(/not writable/)
  })

  it('after SIGKILL, every change acknowledged more than the write window before the kill is in the file', async () => {
    const file = join(dir, 'acked.json')
    const cli = await startCli(['--data-file', file])
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${cli.url}/ws/ack-${i}/__sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ frozen_at: 1_000_000 + i }),
      })
      expect(res.status).toBe(200)
    }
    // The write timer (≤ 100 ms) runs late on a loaded machine: wait until it has written them, however long that takes.
    await waitFor('the acknowledged changes in the file', () => {
      const written = new Set(workspacesInFile(file))
      return Array.from({ length: 20 }, (_, i) => `ack-${i}`).every((ws) => written.has(ws))
    })
    const burst = Array.from({ length: 100 }, (_, i) =>
      fetch(`${cli.url}/ws/late-${i}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance_ms: i }) }).catch(() => undefined),
    )
    await sleep(30)
    cli.child.kill('SIGKILL')
    await cli.exited
    await Promise.all(burst)
    const again = await startCli(['--data-file', file])
    for (let i = 0; i < 20; i++) {
      const clock = (await (await fetch(`${again.url}/ws/ack-${i}/__sandbox/clock`)).json()) as { now: string }
      expect(clock.now).toBe(new Date(1_000_000 + i).toISOString())
    }
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })
})
