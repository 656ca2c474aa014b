#!/usr/bin/env node
// The benchmark: esign-sandbox against its peers, in one run, on loopback.
//   npm run bench                 full run (~8–10 min; run `npm run build` first)
//   npm run bench -- --smoke      a few seconds: exercises every step, peers that need installing are not run
//   options: --only a,b (startup,record,peers,create,memory,workspaces,inproc)  --seconds <per measurement, default 8>
//            --peers-dir <dir> (where peers are installed; default a folder under the temp dir)  --out <dir>
// Scenarios, peers and how to read the table: bench/README.md.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import http from 'node:http'
import { cannon } from './lib/load.mjs'
import { cpuMs, median, rssMb, startServer } from './lib/proc.mjs'
import { installPeers, PEER_PACKAGES, startJsonServer, startPrism, startWiremock } from './lib/peers.mjs'
import { COPIED_HEADERS, CREATE, readTransaction, RECORD_GETS } from './lib/targets.mjs'
import { markdownReport, terminalTable, updateReadme } from './lib/report.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const argv = process.argv.slice(2)
const flag = (name) => argv.includes(name)
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const smoke = flag('--smoke')
const only = option('--only')?.split(',')
const wants = (section) => !only || only.includes(section)
// A smoke run only proves the harness works: its numbers go to a temp folder, never over the latest results.
const outDir = option('--out') ?? (smoke ? mkdtempSync(join(tmpdir(), 'esign-bench-smoke-')) : join(root, 'bench', 'results'))

/** Durations: full runs measure for seconds; smoke runs a few hundred requests per step. */
const M = smoke
  ? { warm: undefined, measure: { amount: 100 }, startups: 1, peerStartups: 1, memoryRequests: 1000, wsSeconds: 0.5 }
  : {
      warm: { seconds: 2 },
      measure: { seconds: Number(option('--seconds') ?? 8) },
      startups: 10,
      peerStartups: 3,
      memoryRequests: 1_000_000,
      wsSeconds: 8,
    }

const work = mkdtempSync(join(tmpdir(), 'esign-bench-'))
const log = (line) => process.stderr.write(`[bench] ${line}\n`)
const results = {
  started_at: new Date().toISOString(),
  mode: smoke ? 'smoke' : 'full',
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: +(totalmem() / 2 ** 30).toFixed(1) },
  load: 'autocannon, 50 connections, pipelining 1, same machine (loopback)',
  peers: {},
  scenarios: {},
}

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench: dist/cli.js is missing: run `npm run build` first')
  process.exit(2)
}

/** The sandbox as users run it: the built CLI, default options (journal on). */
function startSandbox(extra = []) {
  return startServer({
    command: process.execPath,
    args: ['dist/cli.js', '--port', '0', '--log-level', 'silent', ...extra],
    cwd: root,
    readyLine: /listening on (\S+)/,
  })
}

/** Records what the sandbox answers, so every peer serves the very same bytes. */
async function recordReply(base, target) {
  const res = await fetch(`${base}${target.path}`, { method: target.method, headers: target.headers, body: target.body })
  const body = Buffer.from(await res.arrayBuffer())
  if (res.status >= 300)
    throw new Error(`${target.vendor} ${target.what}: the sandbox answered ${res.status}: ${body.toString().slice(0, 200)}`)
  const headers = {}
  for (const name of COPIED_HEADERS) if (res.headers.has(name)) headers[name] = res.headers.get(name)
  return {
    method: target.method,
    path: target.path.split('?')[0],
    status: res.status,
    headers,
    body_base64: body.toString('base64'),
    bytes: body.length,
  }
}

/**
 * Warm-up, then the measured run. With the server's `pid`, also the CPU time the
 * server spent per request: steadier than req/s when other work shares the machine.
 */
async function measure(url, target, pid, { warm = true } = {}) {
  const req = { url, method: target.method, headers: target.headers, body: target.body }
  if (warm && M.warm) await cannon({ ...req, ...M.warm })
  const cpu0 = pid ? cpuMs(pid) : 0
  const result = await cannon({ ...req, ...M.measure })
  if (pid && result.requests) result.cpu_us_per_req = +(((cpuMs(pid) - cpu0) * 1000) / result.requests).toFixed(1)
  return result
}

/** Runs `fn(server)` on a peer started by `start()`; a peer that cannot start is reported with the reason. */
async function withPeer(name, start, fn) {
  let server
  try {
    server = await start()
  } catch (err) {
    log(`${name}: could not start: ${err.message}`)
    return { error: `could not start: ${err.message}` }
  }
  try {
    return await fn(server)
  } catch (err) {
    log(`${name}: failed: ${err.message}`)
    return { error: err.message }
  } finally {
    await server.stop()
  }
}

/** bare-hono.mjs or raw-http.mjs, answering every recorded reply. */
const staticPeer = (script) => () =>
  startServer({
    command: process.execPath,
    args: [join(root, 'bench', 'servers', script), repliesFile],
    cwd: root,
    readyLine: /listening on (\S+)/,
  })

async function startupOf(label, start, n) {
  const times = []
  for (let i = 0; i < n; i++) {
    const s = await start()
    times.push(s.startup_ms)
    await s.stop()
  }
  log(`startup ${label}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`)
  return { median_ms: +median(times).toFixed(1), min_ms: +Math.min(...times).toFixed(1), max_ms: +Math.max(...times).toFixed(1), runs: n }
}

/** Startup to the first 200 on /__sandbox/health, from spawning the process. */
async function sandboxStartup(n) {
  const times = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const s = await startSandbox()
    for (;;) {
      const res = await fetch(`${s.url}/__sandbox/health`).catch(() => undefined)
      if (res?.status === 200) break
    }
    times.push(performance.now() - t0)
    await s.stop()
  }
  log(`startup esign-sandbox: ${times.map((t) => t.toFixed(0)).join(', ')} ms`)
  return { median_ms: +median(times).toFixed(1), min_ms: +Math.min(...times).toFixed(1), max_ms: +Math.max(...times).toFixed(1), runs: n }
}

/** 100 users, one workspace each, creating and reading back at once; checks isolation and lost writes. */
async function hundredWorkspaces(base, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 })
  const call = (target, ws) =>
    new Promise((resolve, reject) => {
      const url = new URL(`${base}/ws/${ws}${target.path}`)
      const t0 = performance.now()
      const req = http.request(url, { method: target.method, headers: target.headers, agent }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }))
      })
      req.on('error', reject)
      req.end(target.body)
    })
  const users = 100
  const created = Array.from({ length: users }, () => [])
  const latencies = []
  let crossReads = 0
  let failures = 0
  const deadline = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const ws = `bench-ws-${u}`
      while (performance.now() < deadline) {
        const c = await call(CREATE, ws)
        latencies.push(c.ms)
        const id = c.status === 200 ? JSON.parse(c.body).id_transaccion : undefined
        if (!id) {
          failures++
          continue
        }
        created[u].push(id)
        const own = await call(readTransaction(id), ws)
        latencies.push(own.ms)
        if (own.status !== 200 || !own.body.includes(id)) failures++
        const neighbour = created[(u + 1) % users].at(-1)
        if (neighbour) {
          const other = await call(readTransaction(neighbour), ws)
          latencies.push(other.ms)
          if (other.body.includes(neighbour) && other.status === 200) crossReads++
        }
      }
    }),
  )
  let lost = 0
  for (let u = 0; u < users; u++) {
    const res = await fetch(`${base}/ws/bench-ws-${u}/__sandbox/state?vendor=signio`)
    const stored = (await res.json()).vendors.signio.transactions
    lost += created[u].filter((id) => !(id in stored)).length
  }
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    workspaces: users,
    seconds,
    requests: latencies.length,
    rps: Math.round(latencies.length / seconds),
    p99_ms: +latencies[Math.floor(latencies.length * 0.99)].toFixed(2),
    creates: created.reduce((n, c) => n + c.length, 0),
    cross_workspace_reads: crossReads,
    lost_writes: lost,
    failed_requests: failures,
  }
}

function runInproc(record) {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', join(root, 'bench', 'inproc.mjs'), '--record', JSON.stringify(record), ...(smoke ? ['--smoke'] : [])]
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`inproc exited ${code}`))))
  })
}

// ---------------------------------------------------------------------------------------------

const S = results.scenarios
const peersDir = option('--peers-dir')
let peers
if (!smoke && (wants('peers') || wants('create') || wants('startup'))) {
  log(
    `installing peers (${Object.entries(PEER_PACKAGES)
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')}) into a temp folder…`,
  )
  peers = installPeers(peersDir)
  if (peers.error) log(peers.error)
}
const peerState = () =>
  smoke
    ? { error: 'not run in --smoke mode (needs npm install and seconds of warm-up)' }
    : peers?.error
      ? { error: peers.error }
      : undefined
results.peers = { ...PEER_PACKAGES, java: javaVersion(), install_dir: peers?.dir ?? null }

function javaVersion() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' })
  return (/version "([^"]+)"/.exec(r.stderr ?? '') ?? [])[1] ?? null
}

const sandbox = await startSandbox()
log(`esign-sandbox at ${sandbox.url}`)
const replies = {}
for (const target of [...RECORD_GETS, CREATE]) replies[`${target.vendor}:${target.method}`] = await recordReply(sandbox.url, target)
const repliesFile = join(work, 'replies.json')
writeFileSync(repliesFile, JSON.stringify(Object.values(replies)))
const theRecord = replies['okdokument:GET']

results.targets = Object.values(replies).map(({ method, path, status, bytes }) => ({ method, path, status, bytes }))

// Each autocannon run lasts at least a second: a smoke run loads the first vendor only (every target
// above was still requested once and had to answer 2xx).
const recordGets = smoke ? RECORD_GETS.slice(0, 1) : RECORD_GETS

if (wants('record')) {
  S.record_get = {}
  const rows = recordGets.map((t) => ({ what: `${t.what}, ${replies[`${t.vendor}:GET`].bytes} bytes` }))
  log('record GET per vendor: esign-sandbox…')
  for (const [i, target] of recordGets.entries()) rows[i].sandbox = await measure(`${sandbox.url}${target.path}`, target, sandbox.pid)
  // The same GETs with every reply made (no reply cache): what a first read, or a read after each change, costs.
  log('record GET per vendor: esign-sandbox, --reply-cache off…')
  const making = await startSandbox(['--reply-cache', 'off'])
  try {
    for (const [i, target] of recordGets.entries()) rows[i].sandbox_made = await measure(`${making.url}${target.path}`, target, making.pid)
  } finally {
    await making.stop()
  }
  for (const [key, script, label] of [
    ['bare_hono', 'bare-hono.mjs', 'bare @hono/node-server'],
    ['raw_node_http', 'raw-http.mjs', 'raw node:http'],
  ]) {
    log(`record GET per vendor: ${label}…`)
    const failed = await withPeer(label, staticPeer(script), async (s) => {
      for (const [i, target] of recordGets.entries()) rows[i][key] = await measure(`${s.url}${target.path}`, target, s.pid)
    })
    if (failed?.error) for (const row of rows) row[key] = failed
  }
  for (const [i, target] of recordGets.entries()) S.record_get[target.vendor] = rows[i]
}

if (wants('peers')) {
  const target = RECORD_GETS[0]
  const url = (s) => `${s.url}${target.path}`
  S.peers = {}
  const skip = peerState()
  if (skip) {
    for (const name of ['wiremock_cold', 'wiremock_warm', 'json_server', 'prism']) S.peers[name] = skip
  } else {
    log('WireMock, cold (the first seconds after start)…')
    S.peers.wiremock_cold = await withPeer(
      'WireMock',
      () => startWiremock(peers.dir, theRecord),
      (s) => measure(url(s), target, s.pid, { warm: false }),
    )
    log('WireMock, warmed up (15 s of load first)…')
    S.peers.wiremock_warm = await withPeer(
      'WireMock',
      () => startWiremock(peers.dir, theRecord),
      async (s) => {
        await cannon({ url: url(s), headers: target.headers, seconds: 15 })
        return measure(url(s), target, s.pid, { warm: false })
      },
    )
    const record = JSON.parse(Buffer.from(theRecord.body_base64, 'base64').toString())
    log('json-server…')
    S.peers.json_server = await withPeer(
      'json-server',
      () => startJsonServer(peers.dir, work, 'documents', record),
      (s) => measure(`${s.url}/documents/${record.id}`, { ...target, path: `/documents/${record.id}` }, s.pid),
    )
    log('Prism…')
    S.peers.prism = await withPeer(
      'Prism',
      () => startPrism(peers.dir, work, theRecord),
      (s) => measure(url(s), target, s.pid),
    )
  }
}

if (wants('create')) {
  log('create…')
  const target = { ...CREATE, path: `/ws/bench-create${CREATE.path}` }
  S.create = { what: `${CREATE.vendor} ${CREATE.what}` }
  S.create.sandbox = await measure(`${sandbox.url}${target.path}`, target, sandbox.pid)
  if (!smoke)
    S.create.bare_hono = await withPeer('bare hono', staticPeer('bare-hono.mjs'), (s) => measure(`${s.url}${CREATE.path}`, CREATE, s.pid))
  if (!smoke)
    S.create.raw_node_http = await withPeer('raw node:http', staticPeer('raw-http.mjs'), (s) =>
      measure(`${s.url}${CREATE.path}`, CREATE, s.pid),
    )
  const skip = peerState()
  S.create.json_server =
    skip ??
    (await withPeer(
      'json-server',
      () => startJsonServer(peers.dir, work, 'transactions', { id: 'seed', nombre: 'seed' }),
      (s) => measure(`${s.url}/transactions`, { ...CREATE, path: '/transactions', headers: { 'content-type': 'application/json' } }, s.pid),
    ))
}

if (wants('workspaces')) {
  log('100 workspaces at once…')
  S.workspaces_100 = await hundredWorkspaces(sandbox.url, M.wsSeconds)
}

if (wants('memory')) {
  log(`RSS over ${M.memoryRequests.toLocaleString('en')} record GETs…`)
  const target = RECORD_GETS[0]
  if (M.warm) await cannon({ url: `${sandbox.url}${target.path}`, headers: target.headers, ...M.warm })
  const before = rssMb(sandbox.pid)
  const t0 = performance.now()
  const run = await cannon({ url: `${sandbox.url}${target.path}`, headers: target.headers, amount: M.memoryRequests })
  const after = rssMb(sandbox.pid)
  S.memory = {
    requests: run.requests,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
    errors: run.errors,
    rss_before_mb: +before.toFixed(1),
    rss_after_mb: +after.toFixed(1),
    growth_mb: +(after - before).toFixed(1),
  }
}
await sandbox.stop()

if (wants('startup')) {
  S.startup = { sandbox: await sandboxStartup(M.startups) }
  S.startup.bare_hono = await startupOf('bare hono', staticPeer('bare-hono.mjs'), M.startups)
  S.startup.raw_node_http = await startupOf('raw node:http', staticPeer('raw-http.mjs'), M.startups)
  const skip = peerState()
  const peerStartup = async (label, start) => {
    try {
      return await startupOf(label, start, M.peerStartups)
    } catch (err) {
      return { error: `could not start: ${err.message}` }
    }
  }
  S.startup.json_server = skip ?? (await peerStartup('json-server', () => startJsonServer(peers.dir, work, 'documents', { id: 'x' })))
  S.startup.prism = skip ?? (await peerStartup('Prism', () => startPrism(peers.dir, work, theRecord)))
  S.startup.wiremock = skip ?? (await peerStartup('WireMock', () => startWiremock(peers.dir, theRecord)))
}

if (wants('inproc')) {
  log('in-process: MSW, fresh workspaces, workspace memory…')
  const t = RECORD_GETS[0]
  Object.assign(
    S,
    await runInproc({ vendor: t.vendor, path: t.path, realPath: t.path.slice(t.prefix.length), host: t.host, headers: t.headers }),
  )
}

results.finished_at = new Date().toISOString()
rmSync(work, { recursive: true, force: true })
console.log(terminalTable(results))
mkdirSync(outDir, { recursive: true })
const stem = smoke ? 'smoke' : 'latest'
writeFileSync(join(outDir, `${stem}.json`), `${JSON.stringify(results, null, 2)}\n`)
const md = markdownReport(results)
writeFileSync(join(outDir, `${stem}.md`), md)
if (!smoke && !only && !option('--out')) updateReadme(join(root, 'bench', 'README.md'), md)
log(`wrote ${join(outDir, `${stem}.json`)} and ${stem}.md`)
