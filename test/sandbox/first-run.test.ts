import { afterAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCli, type CliProcess } from '../helpers/cli.js'

/** What a new user meets first: request logs, require(), handlers() without msw, npm pack from a clean checkout. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)
const KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const temps: string[] = []
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `esign-sandbox-${name}-`))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

/** The request lines printed so far (they start with the ISO time). */
async function logLines(cli: CliProcess, count: number): Promise<string[]> {
  const deadline = Date.now() + 5000
  for (;;) {
    const lines = cli.stdout().split('\n')
    const requests = lines.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l))
    if (requests.length >= count || Date.now() > deadline) return lines
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('--log-level', () => {
  it('info prints one line per request: time, workspace, method, path, status, ms', async () => {
    const cli = await startCli(['--log-level', 'info'])
    try {
      await fetch(`${cli.url}/ws/log-1/okdokument/JSON/counter`, { headers: { 'x-api-key': KEY } })
      await fetch(`${cli.url}/signio/api/v2/transacciones/listar?secret=1`, { headers: { 'x-sandbox-workspace': 'log-2' } })
      await fetch(`${cli.url}/__sandbox/health`)
      const lines = (await logLines(cli, 3)).filter((l) => /^\d{4}-/.test(l))
      expect(lines).toEqual([
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z log-1 GET \/ws\/log-1\/okdokument\/JSON\/counter 200 \d+\.\dms$/),
        expect.stringMatching(/ log-2 GET \/signio\/api\/v2\/transacciones\/listar 401 \d+\.\dms$/),
        expect.stringMatching(/ default GET \/__sandbox\/health 200 \d+\.\dms$/),
      ])
    } finally {
      cli.child.kill('SIGTERM')
      await cli.exited
    }
  })

  it('debug adds the query, body and reply as the journal keeps them, secrets redacted', async () => {
    const cli = await startCli(['--log-level', 'debug'])
    try {
      await fetch(`${cli.url}/signio/api/v2/token/crear`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'api@signio.test', password: 'Signio#2024' }),
      })
      const out = (await logLines(cli, 1)).join('\n')
      expect(out).toMatch(/ default POST \/signio\/api\/v2\/token\/crear 200 \d+\.\dms\n {2}body "/)
      expect(out).toContain('api@signio.test')
      expect(out).toContain('[redacted]')
      expect(out).not.toContain('Signio#2024')
      expect(out).toMatch(/\n {2}reply ".*codigo/)
    } finally {
      cli.child.kill('SIGTERM')
      await cli.exited
    }
  })

  it('silent prints no request lines', async () => {
    const cli = await startCli([])
    try {
      await fetch(`${cli.url}/__sandbox/health`)
      await new Promise((r) => setTimeout(r, 100))
      expect(
        cli
          .stdout()
          .split('\n')
          .filter((l) => /^\d{4}-/.test(l)),
      ).toEqual([])
    } finally {
      cli.child.kill('SIGTERM')
      await cli.exited
    }
  })
})

describe('package entry points', () => {
  it("require('esign-sandbox') works on Node ≥ 20.19 (the export conditions' default is the ESM build)", async () => {
    const script = [
      "const { createSandbox, connect } = require('esign-sandbox')",
      "const { handlers } = require('esign-sandbox/msw')",
      'const s = createSandbox()',
      's.control.health().then((h) => console.log(typeof connect, typeof handlers, h.status))',
    ].join(';')
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT })
    expect(stdout.trim()).toBe('function function ok')
  })

  it('handlers() without msw installed says to install msw', async () => {
    // The built package beside every dependency but msw.
    const dir = temp('no-msw')
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
    symlinkSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'))
    mkdirSync(join(dir, 'node_modules'))
    for (const name of readdirSync(join(ROOT, 'node_modules')))
      if (name !== 'msw' && name !== '.bin') symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name))
    const script = `import { createSandbox } from './dist/index.js'
try { createSandbox().handlers(); console.log('no error') } catch (err) { console.log(err.message) }`
    writeFileSync(join(dir, 'try.mjs'), script)
    const { stdout } = await run(process.execPath, ['try.mjs'], { cwd: dir })
    expect(stdout).toContain('npm install --save-dev msw')
  })

  it('npm pack works from a clean checkout (prepare builds it) and ships dist, fixtures, docs, README, LICENSE', async () => {
    // The files git tracks, as a fresh clone has them; node_modules as `npm ci` leaves it.
    const dir = temp('pack')
    const { stdout: tracked } = await run('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
    for (const file of tracked.split('\0').filter(Boolean)) {
      mkdirSync(join(dir, file, '..'), { recursive: true })
      cpSync(join(ROOT, file), join(dir, file))
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
    const { stdout } = await run('npm', ['pack', '--json', '--loglevel=error'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as { filename: string; files: { path: string }[] }[]
    const files = packed.files.map((f) => f.path)
    for (const f of [
      'package.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli.js',
      'dist/msw.js',
      'fixtures/signio.json',
      'docs/openapi/signio.json',
      'README.md',
      'LICENSE',
    ])
      expect(files, f).toContain(f)
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.tsbuildinfo'))).toEqual([])
    // Every image and every relative link of the packed README and docs resolves inside the package.
    const pages = files.filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')))
    const images: string[] = []
    for (const page of pages) {
      const text = readFileSync(join(dir, page), 'utf8')
      for (const [, bang, target] of text.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue
        const path = posix.normalize(posix.join(posix.dirname(page), target.split('#')[0])).replace(/\/$/, '')
        if (bang) images.push(path)
        expect(files.includes(path) || files.some((f) => f.startsWith(`${path}/`)), `${page} → ${target}`).toBe(true)
      }
    }
    expect(images).toEqual(expect.arrayContaining(['docs/images/console-outbox.png', 'docs/images/signing-page-zoho.png']))
    expect(packed.filename).toMatch(/^esign-sandbox-\d+\.\d+\.\d+\.tgz$/)
  }, 240_000)
})
