#!/usr/bin/env node
// Storage benchmarks for the bars of shared/specs/sandbox.md §9 (data file, --redis). Not part of `npm test`:
// run `npm run build && node bench/storage.mjs` (`--quick` for shorter runs; needs `redis-server` on PATH
// for the Redis part, skipped with a note when it is missing).
//
// 1. data file: a 200-workspace file of ~26 MB (one ~96 KB OKdokument upload per workspace, made through the
//    CLI); start-up to the first 200 on /__sandbox/health (median of 5); then record-GET p99 on one workspace
//    while another workspace is written every 20 ms (an upload, so its ~130 KB record is written each time)
// 2. redis: record GET throughput through one --redis instance against the memory mode, same run, same load
//    (50 connections); and the latency of a create (OKdokument upload) through a --redis instance, one at a time
//    and 8 at a time on one workspace
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const root = fileURLToPath(new URL('..', import.meta.url))
const quick = process.argv.includes('--quick')
const seconds = quick ? 5 : 10
const KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const RECORD = '/okdokument/JSON/document/metadata/y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F'
const headers = { 'x-api-key': KEY }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function startCli(args) {
  const t0 = performance.now()
  const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--log-level', 'silent', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening on (\S+)/.exec(out)
      if (m) resolve({ child, url: m[1], t0 })
    })
    child.on('exit', (code) => reject(new Error(`CLI exited ${code}: ${out}`)))
  })
}

async function stop(cli) {
  const exited = new Promise((r) => cli.child.on('exit', r))
  cli.child.kill('SIGTERM')
  await exited
}

function cannon(opts) {
  return new Promise((resolve, reject) =>
    autocannon({ connections: 50, pipelining: 1, duration: seconds, ...opts }, (err, res) => (err ? reject(err) : resolve(res))),
  )
}

/** A PDF-looking upload of `size` bytes (base64 in the JSON body). */
const pdf = (size, tag) => Buffer.concat([Buffer.from(`%PDF-1.4 ${tag}\n`), Buffer.alloc(size, 0x41)]).toString('base64')
const uploadBody = (size, tag) => JSON.stringify({ filename: `${tag}.pdf`, file: pdf(size, tag) })

async function upload(base, ws, size, tag) {
  const res = await fetch(`${base}/ws/${ws}/okdokument/JSON/document`, { method: 'POST', headers, body: uploadBody(size, tag) })
  if (!res.ok) throw new Error(`upload answered ${res.status}`)
  await res.arrayBuffer()
}

async function dataFile() {
  const dir = mkdtempSync(join(tmpdir(), 'esign-bench-'))
  const file = join(dir, 'qa.json')
  try {
    const maker = await startCli(['--data-file', file])
    for (let i = 0; i < 200; i++) await upload(maker.url, `team-${i}`, 96 * 1024, `doc-${i}`)
    await stop(maker)
    const bytes = statSync(file).size

    // Interleaved with memory-mode starts, so a loaded machine slows both alike.
    const starts = []
    const empty = []
    for (let i = 0; i < 5; i++) {
      for (const [args, into] of [
        [['--data-file', file], starts],
        [[], empty],
      ]) {
        const cli = await startCli(args)
        for (;;) {
          const res = await fetch(`${cli.url}/__sandbox/health`).catch(() => undefined)
          if (res?.status === 200) break
        }
        into.push(performance.now() - cli.t0)
        await stop(cli)
      }
    }
    starts.sort((a, b) => a - b)
    empty.sort((a, b) => a - b)

    const cli = await startCli(['--data-file', file])
    const url = `${cli.url}/ws/team-1${RECORD}`
    const probe = await fetch(url, { headers })
    if (probe.status !== 200) throw new Error(`record GET answered ${probe.status}`)
    let writes = 0
    let writing = true
    const writer = (async () => {
      while (writing) {
        const t = performance.now()
        await upload(cli.url, 'team-2', 512, `w-${writes++}`)
        await sleep(Math.max(0, 20 - (performance.now() - t)))
      }
    })()
    const idle = await cannon({ url, headers, connections: 10, duration: 2 })
    const loaded = await cannon({ url, headers, connections: 10, duration: seconds + 5 })
    writing = false
    await writer
    await stop(cli)
    return {
      file_mb: +(bytes / 1024 / 1024).toFixed(1),
      workspaces: 200,
      start_to_first_200_ms: { median: +starts[2].toFixed(1), min: +starts[0].toFixed(1), max: +starts[4].toFixed(1) },
      memory_mode_start_ms: { median: +empty[2].toFixed(1), min: +empty[0].toFixed(1) },
      get_while_writing: {
        writes,
        write_interval_ms: 20,
        rps: Math.round(loaded.requests.average),
        p50_ms: loaded.latency.p50,
        p99_ms: loaded.latency.p99,
        max_ms: loaded.latency.max,
        non2xx: loaded.non2xx,
      },
      get_idle_p99_ms: idle.latency.p99,
      file_after_mb: +(statSync(file).size / 1024 / 1024).toFixed(1),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined
  const { createServer } = await import('node:net')
  const port = await new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = srv.address().port
      srv.close(() => resolve(p))
    })
  })
  const dir = mkdtempSync(join(tmpdir(), 'esign-bench-redis-'))
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise((resolve) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('Ready to accept connections')) resolve()
    })
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.on('exit', r))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function getThroughput(args) {
  const cli = await startCli(args)
  const url = `${cli.url}${RECORD}`
  await cannon({ url, headers, duration: 2 })
  const res = await cannon({ url, headers })
  await stop(cli)
  return { rps: Math.round(res.requests.average), p99_ms: res.latency.p99, non2xx: res.non2xx, errors: res.errors }
}

async function createLatency(args, connections) {
  const cli = await startCli(args)
  const url = `${cli.url}/ws/creates-${connections}/okdokument/JSON/document`
  const body = uploadBody(256, 'create')
  await cannon({ url, method: 'POST', headers, body, connections, duration: 1 })
  const res = await cannon({ url, method: 'POST', headers, body, connections, duration: quick ? 3 : 5 })
  await stop(cli)
  return { creates_per_s: Math.round(res.requests.average), p50_ms: res.latency.p50, p99_ms: res.latency.p99, non2xx: res.non2xx }
}

async function redisScenario() {
  const redis = await startRedis()
  if (!redis) return { skipped: 'redis-server is not installed (apt-get install redis-server)' }
  try {
    const memory = await getThroughput([])
    const shared = await getThroughput(['--redis', `${redis.url}/1`])
    return {
      record_get: { memory, redis: shared, ratio: +(shared.rps / memory.rps).toFixed(3) },
      create: {
        memory_1: await createLatency([], 1),
        redis_1: await createLatency(['--redis', `${redis.url}/2`], 1),
        redis_8: await createLatency(['--redis', `${redis.url}/3`], 8),
      },
    }
  } finally {
    await redis.stop()
  }
}

const only = process.argv.find((a) => a === '--data-file-only' || a === '--redis-only')
const report = { node: process.version, cores: (await import('node:os')).cpus().length }
if (only !== '--redis-only') report.data_file = await dataFile()
if (only !== '--data-file-only') report.redis = await redisScenario()
console.log(JSON.stringify(report, null, 2))
