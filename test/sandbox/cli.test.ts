import { describe, expect, it } from 'vitest'
import { createServer } from 'node:net'
import { runCli, startCli } from '../helpers/cli.js'

// Each test runs its own child process: they run side by side.
describe.concurrent('CLI (the real `npm start` entry, over TCP)', () => {
  it('starts on port 0, prints the ready line and one base URL per vendor, answers, and exits 0 on SIGTERM', async () => {
    const cli = await startCli([])
    const lines = cli.stdout().trim().split('\n')
    expect(lines[0]).toMatch(/^esign-sandbox \d+\.\d+\.\d+ listening on http:\/\/127\.0\.0\.1:\d+$/)
    const health = await (await fetch(`${cli.url}/__sandbox/health`)).json()
    expect(health.status).toBe('ok')
    for (const id of health.vendors as string[]) expect(cli.stdout()).toContain(`  ${id}`)
    expect(lines.length).toBeGreaterThanOrEqual(1 + (health.vendors as string[]).length)
    const nf = await fetch(`${cli.url}/nowhere`)
    expect(nf.status).toBe(404)
    expect(nf.headers.get('content-type')).toMatch(/json/)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('--help and --version', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--data-file')
    const version = await runCli(['--version'])
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--clock', 'yesterday']],
    [['--vendors', 'nope']],
    [['--log-level', 'loud']],
    [['--reply-cache', 'maybe']],
    [['--seed', 'x']],
    [['--bogus']],
    [['--max-workspaces', '0']],
    [['--workspace-ttl', 'soon']],
    [['--journal-body-limit', '8k']],
    [['--outbound-deny', 'public']],
    [['--vendor-option', 'nope.x=1']],
    [['--vendor-option', 'zoho.tokenThrottle']],
    [['--delivery-backoff', 'soon']],
    [['--delivery-backoff', '5,-1']],
  ])('bad flags %j → one line on stderr, exit 2', async (args) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^esign-sandbox: /)
  })

  it('--workspace-ttl drops idle workspaces of the running server (never default)', async () => {
    const cli = await startCli(['--workspace-ttl', '1'])
    const ids = async () =>
      ((await (await fetch(`${cli.url}/__sandbox/workspaces`)).json()) as { items: { id: string }[] }).items.map((w) => w.id)
    await fetch(`${cli.url}/okdokument/JSON/counter`)
    await fetch(`${cli.url}/ws/ttl-cli/okdokument/JSON/counter`)
    expect(await ids()).toEqual(['default', 'ttl-cli'])
    const deadline = Date.now() + 5000
    while ((await ids()).includes('ttl-cli') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(await ids()).toEqual(['default'])
    cli.child.kill('SIGTERM')
    await cli.exited
  })

  it('env vars configure it the same way (SANDBOX_CLOCK, SANDBOX_SEED)', async () => {
    const cli = await startCli([], { SANDBOX_CLOCK: '2026-03-03T03:03:03Z', SANDBOX_SEED: '5' })
    const clock = await (await fetch(`${cli.url}/__sandbox/clock`)).json()
    expect(clock).toMatchObject({ now: '2026-03-03T03:03:03.000Z', mode: 'frozen' })
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
  })

  it('a port that is taken → exit 1 naming the cause', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    const r = await runCli(['--port', String(port)])
    blocker.close()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('port already in use')
  })

  it('--admin-token locks /__sandbox with 401 JSON; vendor routes are unaffected', async () => {
    const cli = await startCli(['--admin-token', 's3cret'])
    const locked = await fetch(`${cli.url}/__sandbox/health`)
    expect(locked.status).toBe(401)
    expect(await locked.json()).toMatchObject({ error: 'unauthorized' })
    expect((await fetch(`${cli.url}/__sandbox/health`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
    expect((await fetch(`${cli.url}/__sandbox/health`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200)
    const vendorNf = await fetch(`${cli.url}/nowhere`)
    expect(vendorNf.status).toBe(404)
    cli.child.kill('SIGTERM')
    await cli.exited
  })

  it('warns when bound to a non-loopback host without an admin token', async () => {
    const cli = await startCli(['--host', '0.0.0.0'])
    expect(cli.stderr()).toContain('warning')
    cli.child.kill('SIGTERM')
    await cli.exited
  })
})
