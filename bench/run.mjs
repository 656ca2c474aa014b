#!/usr/bin/env node
// Benchmark harness for the bars of shared/specs/sandbox.md §9. Not part of `npm test`:
// run `npm run build && npm run bench` (or `node bench/run.mjs --quick`).
//
// 1. startup: spawn the CLI, poll /__sandbox/health until the first 200 (median of 7)
// 2. throughput + p99: token-authenticated GET of one stored record (OKdokument metadata,
//    x-api-key) at 50 connections, against a bare @hono/node-server route returning the
//    same bytes — each server in its own process, measured one after the other
// 3. memory: RSS of the sandbox process before and after N requests (1,000,000 by default)
// 4. MSW: per-request overhead of the MSW front door over calling app.fetch directly
// 5. with `--wiremock <wiremock-standalone.jar>` (and java on PATH): WireMock serving a static
//    stub of the same record, warmed up, measured the same way — the jar is not part of the
//    project (e.g. `npm i wiremock` in a scratch folder ships it)
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const root = fileURLToPath(new URL('..', import.meta.url))
const argv = process.argv.slice(2)
const args = new Set(argv)
const wiremockJar = argv.includes('--wiremock') ? argv[argv.indexOf('--wiremock') + 1] : undefined
const quick = args.has('--quick')
const duration = quick ? 5 : 10
const memoryRequests = quick ? 200_000 : 1_000_000
const KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const RECORD = '/okdokument/JSON/document/metadata/y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F'

function startProcess(argv, readyPattern) {
  const t0 = process.hrtime.bigint()
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = readyPattern.exec(out)
      if (m) resolve({ child, url: m[1], t0 })
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

async function startup() {
  const times = []
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint()
    const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--log-level', 'silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const url = await new Promise((resolve) => {
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
        const m = /listening on (\S+)/.exec(out)
        if (m) resolve(m[1])
      })
    })
    for (;;) {
      const res = await fetch(`${url}/__sandbox/health`).catch(() => undefined)
      if (res?.status === 200) break
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
    child.kill('SIGTERM')
    await new Promise((r) => child.on('exit', r))
  }
  times.sort((a, b) => a - b)
  return { median_ms: +times[3].toFixed(1), min_ms: +times[0].toFixed(1), max_ms: +times[6].toFixed(1) }
}

function cannon(url, headers, seconds = duration, amount) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, pipelining: 1, duration: seconds, amount, headers }, (err, res) =>
      err ? reject(err) : resolve(res),
    )
  })
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
}

async function throughput() {
  const sandbox = await startProcess(['dist/cli.js', '--port', '0', '--log-level', 'silent'], /listening on (\S+)/)
  const headers = { 'x-api-key': KEY }
  const sample = await fetch(`${sandbox.url}${RECORD}`, { headers })
  if (sample.status !== 200) throw new Error(`record GET answered ${sample.status}`)
  const bytes = await sample.text()
  await cannon(`${sandbox.url}${RECORD}`, headers, 2) // warm-up
  const sb = await cannon(`${sandbox.url}${RECORD}`, headers)
  const rssBefore = rssOf(sandbox.child.pid)
  await cannon(`${sandbox.url}${RECORD}`, headers, undefined, memoryRequests)
  const rssAfter = rssOf(sandbox.child.pid)
  sandbox.child.kill('SIGTERM')

  const bare = await startProcess(['bench/bare-hono.mjs', bytes], /listening on (\S+)/)
  await cannon(`${bare.url}/record`, headers, 2)
  const hono = await cannon(`${bare.url}/record`, headers)
  bare.child.kill('SIGTERM')

  return {
    record: bytes,
    record_bytes: bytes.length,
    sandbox: { rps: Math.round(sb.requests.average), p99_ms: sb.latency.p99, errors: sb.errors, non2xx: sb.non2xx },
    bare_hono: { rps: Math.round(hono.requests.average), p99_ms: hono.latency.p99 },
    ratio: +(sb.requests.average / hono.requests.average).toFixed(3),
    memory: {
      requests: memoryRequests,
      rss_before_mb: +rssBefore.toFixed(1),
      rss_after_mb: +rssAfter.toFixed(1),
      growth_mb: +(rssAfter - rssBefore).toFixed(1),
    },
  }
}

async function freePort() {
  const { createServer } = await import('node:net')
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function wiremock(bytes, sandboxRps) {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn('java', ['-jar', wiremockJar, '--port', String(port), '--bind-address', '127.0.0.1', '--disable-banner'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    const res = await fetch(`${base}/__admin/health`).catch(() => undefined)
    if (res?.ok) break
    await new Promise((r) => setTimeout(r, 50))
  }
  const startupMs = performance.now() - t0
  await fetch(`${base}/__admin/mappings`, {
    method: 'POST',
    body: JSON.stringify({
      request: { method: 'GET', url: RECORD },
      response: { status: 200, body: bytes, headers: { 'content-type': 'application/json' } },
    }),
  })
  const headers = { 'x-api-key': KEY }
  await cannon(`${base}${RECORD}`, headers, quick ? 5 : 15) // JIT warm-up
  const wm = await cannon(`${base}${RECORD}`, headers)
  child.kill('SIGTERM')
  return {
    startup_ms: Math.round(startupMs),
    rps: Math.round(wm.requests.average),
    p99_ms: wm.latency.p99,
    non2xx: wm.non2xx,
    sandbox_vs_wiremock: +(sandboxRps / wm.requests.average).toFixed(2),
  }
}

async function mswOverhead() {
  const { createSandbox } = await import('../dist/index.js')
  const { setupServer } = await import('msw/node')
  const sandbox = createSandbox({ seed: 1 })
  const server = setupServer(...sandbox.handlers())
  server.listen({ onUnhandledRequest: 'bypass' })
  const headers = { 'x-api-key': KEY }
  const path = RECORD.replace('/okdokument', '')
  const n = quick ? 2000 : 10000
  const direct = async () => {
    const res = await sandbox.fetch(new Request(`http://localhost${RECORD}`, { headers }))
    await res.text()
  }
  const viaMsw = async () => {
    const res = await fetch(`https://apidev.okdokument.com${path}`, { headers })
    await res.text()
  }
  const time = async (fn) => {
    for (let i = 0; i < 500; i++) await fn()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await fn()
    return (performance.now() - t0) / n
  }
  const a = await time(direct)
  const b = await time(viaMsw)
  server.close()
  return { app_fetch_ms: +a.toFixed(4), msw_fetch_ms: +b.toFixed(4), overhead_ms: +(b - a).toFixed(4) }
}

const report = { node: process.version, cores: (await import('node:os')).cpus().length }
report.startup = await startup()
report.throughput = await throughput()
report.msw = await mswOverhead()
if (wiremockJar) report.wiremock = await wiremock(report.throughput.record, report.throughput.sandbox.rps)
delete report.throughput.record
console.log(JSON.stringify(report, null, 2))
