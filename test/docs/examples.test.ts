import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { transform } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { ROOT, allBlocks, label, type Block } from './blocks.js'

/**
 * Every runnable block of README.md and docs/ runs here, each against a
 * sandbox of its own (fresh fixtures, frozen clock), so a doc that drifts from
 * the product fails `npm test`. The docs' base URL http://127.0.0.1:4010 is
 * replaced by that sandbox's URL and the docs' webhook receiver
 * http://127.0.0.1:9000 by a receiver the test runs.
 *
 * `UPDATE_DOC_REPLIES=1 npx vitest run test/docs` also rewrites each `reply`
 * block with what its example printed — the replies in the docs are taken from
 * the running sandbox, never written by hand.
 */
const DOC_URL = 'http://127.0.0.1:4010'
const DOC_RECEIVER = 'http://127.0.0.1:9000'
/** The clock the replies in the docs were captured under (any fixed instant works). */
const CLOCK = '2026-03-02T09:30:00.000Z'
const UPDATE = process.env.UPDATE_DOC_REPLIES === '1'
/** How long one example may run, child processes included: generous, the machine may be busy with the rest of the suite. */
const BLOCK_MS = 180_000
/** A test inside an example that runs under vitest: it waits on a real sandbox, not on a timer. */
const CHILD_MS = 60_000
const WORK = join(ROOT, '.doc-examples')

const blocks = allBlocks().filter((b) => b.lang !== undefined)
let receiver: Receiver
const outputs = new Map<Block, string>()

beforeAll(async () => {
  receiver = await startReceiver('')
  mkdirSync(WORK, { recursive: true })
})

afterAll(async () => {
  await receiver.close()
  rmSync(WORK, { recursive: true, force: true })
  if (UPDATE) writeReplies()
})

describe('docs examples', () => {
  test('there are examples to run', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  test.concurrent.each(blocks.map((b) => [label(b), b] as const))(
    '%s',
    async (_name, block) => {
      const sandbox = createSandbox({ clock: CLOCK, seed: 1, deliveryBackoffMs: [5, 10] })
      const server = await sandbox.listen(0)
      try {
        const swap = (s: string) => s.replaceAll(DOC_URL, server.url).replaceAll(DOC_RECEIVER, receiver.url)
        const back = (s: string) =>
          s
            .replaceAll(server.url, DOC_URL)
            .replaceAll(encodeURIComponent(server.url), encodeURIComponent(DOC_URL))
            .replaceAll(receiver.url, DOC_RECEIVER)
            .replaceAll(new URL(server.url).host, new URL(DOC_URL).host)
        const run = await runBlock(block, swap(block.body))
        const out = back(run.stdout)
        expect(run.code, `exit ${run.code}\n--- stderr\n${back(run.stderr).slice(-2000)}\n--- stdout\n${out.slice(-1500)}`).toBe(0)
        for (const e of block.expect) expect(out).toContain(e)
        outputs.set(block, out)
        // The reply a doc shows is what the example prints today, up to what changes from run to run.
        if (block.reply && !UPDATE)
          expect(comparable(pretty(out, block.reply.info)), 'the reply shown under this example').toBe(comparable(recorded(block)))
      } finally {
        await server.close()
      }
    },
    BLOCK_MS,
  )
})

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

let seq = 0

async function runBlock(block: Block, body: string): Promise<Run> {
  const id = `b${++seq}`
  if (block.lang === 'sh') {
    const dir = mkdtempSync(join(tmpdir(), 'esign-docs-'))
    try {
      writeFileSync(join(dir, 'example.sh'), body)
      return await exec('bash', ['-e', '-o', 'pipefail', 'example.sh'], dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  // Inside the repository, so `esign-sandbox` resolves to this package (its built dist) and msw to its node_modules.
  const dir = join(WORK, id)
  mkdirSync(dir, { recursive: true })
  const code = block.lang === 'ts' ? (await transform(body, { loader: 'ts', format: 'esm', target: 'node20' })).code : body
  if (/from ['"](vitest|esign-sandbox\/vitest)['"]/.test(body)) {
    writeFileSync(join(dir, 'example.test.mjs'), code)
    // The docs' tests keep vitest's defaults for what they check; only the time allowed is the runner's, so a
    // loaded machine (a whole suite beside it) does not fail an example that is right.
    const config = { test: { include: ['example.test.mjs'], testTimeout: CHILD_MS, hookTimeout: CHILD_MS } }
    writeFileSync(join(dir, 'vitest.config.mjs'), `export default ${JSON.stringify(config)}\n`)
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')
    return exec(process.execPath, [vitest, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')], dir)
  }
  writeFileSync(join(dir, 'example.mjs'), code)
  return exec(process.execPath, [join(dir, 'example.mjs')], dir)
}

function exec(cmd: string, args: string[], cwd: string): Promise<Run> {
  // A child vitest must not think it is one of this run's workers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')))
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: BLOCK_MS - 5_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** `json reply` blocks show JSON pretty-printed (each line's document when a block printed several); others stay as printed. */
function pretty(out: string, info: string): string {
  // Headers that change with every run or say nothing about the API.
  const text = out
    .replaceAll('\r', '')
    .split('\n')
    .filter((l) => !/^(date|connection|keep-alive|transfer-encoding): /i.test(l))
    .join('\n')
    .trimEnd()
  if (!info.startsWith('json')) return text
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
      .split('\n')
      .map((l) => {
        try {
          const v: unknown = JSON.parse(l)
          return typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2) : l
        } catch {
          return l
        }
      })
      .join('\n')
  }
}

/**
 * What may differ between two runs of one example: the wall-clock parts (workspace times, the offset of
 * a clock set relative to now, durations), and header names' case and order, which HTTP leaves open.
 */
function comparable(text: string): string {
  const steady = text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (t) => (t.startsWith(CLOCK.slice(0, 10)) ? t : '<now>'))
    .replace(/"(duration_ms|offset_ms|uptime_s)": -?[\d.]+/g, '"$1": <n>')
  // Runs of header lines: names lowercased, the run sorted.
  const out: string[] = []
  let run: string[] = []
  const flush = () => {
    out.push(...run.sort())
    run = []
  }
  for (const line of steady.split('\n')) {
    if (/^[A-Za-z][\w-]*: /.test(line)) run.push(line.replace(/^[^:]+:/, (name) => name.toLowerCase()))
    else {
      flush()
      out.push(line)
    }
  }
  flush()
  return out.join('\n')
}

/** The reply a doc shows under its example. */
function recorded(b: Block): string {
  const r = b.reply as NonNullable<Block['reply']>
  return readFileSync(join(ROOT, b.file), 'utf8')
    .split('\n')
    .slice(r.start + 1, r.end)
    .join('\n')
}

function writeReplies(): void {
  const byFile = new Map<string, Block[]>()
  for (const b of outputs.keys()) if (b.reply) byFile.set(b.file, [...(byFile.get(b.file) ?? []), b])
  for (const [file, list] of byFile) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
    for (const b of list.sort((x, y) => y.line - x.line)) {
      const r = b.reply as NonNullable<Block['reply']>
      lines.splice(r.start + 1, r.end - r.start - 1, ...pretty(outputs.get(b) ?? '', r.info).split('\n'))
    }
    writeFileSync(join(ROOT, file), lines.join('\n'))
  }
}
