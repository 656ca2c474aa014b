// In-process scenarios, run by bench/run.mjs in a child `node --expose-gc` so
// heap and RSS readings are this process's own. Prints one JSON object.
//   MSW: the sandbox's handlers vs app.fetch vs a one-line MSW handler answering the same bytes
//   fresh workspace: first request in a new workspace vs the same request in an existing one
//   workspace memory: heap of untouched workspaces, RSS of 1,000 workspaces touched on one vendor
import { createSandbox } from '../dist/index.js'

const smoke = process.argv.includes('--smoke')
const RECORD = JSON.parse(process.argv[process.argv.indexOf('--record') + 1])
const gc = globalThis.gc ?? (() => undefined)

async function timeLoop(n, fn) {
  const warm = Math.min(500, n)
  for (let i = 0; i < warm; i++) await fn(i)
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  return (performance.now() - t0) / n
}

async function msw() {
  const { setupServer } = await import('msw/node')
  const { http, HttpResponse } = await import('msw')
  const sandbox = createSandbox({ seed: 1 })
  const first = await sandbox.fetch(new Request(`http://localhost${RECORD.path}`, { headers: RECORD.headers }))
  const bytes = new Uint8Array(await first.arrayBuffer())
  const contentType = first.headers.get('content-type')
  const oneLine = 'https://one-line.bench.test/record'
  const server = setupServer(
    ...sandbox.handlers(),
    http.get(oneLine, () => new HttpResponse(bytes, { headers: { 'content-type': contentType } })),
  )
  server.listen({ onUnhandledRequest: 'error' })
  const n = smoke ? 100 : 10_000
  const drain = async (res) => {
    if (res.status !== 200) throw new Error(`answered ${res.status}`)
    await res.arrayBuffer()
  }
  const appFetch = () => sandbox.fetch(new Request(`http://localhost${RECORD.path}`, { headers: RECORD.headers })).then(drain)
  const viaMsw = () => fetch(`${RECORD.host}${RECORD.realPath}`, { headers: RECORD.headers }).then(drain)
  const oneLineMsw = () => fetch(oneLine).then(drain)
  // Interleaved rounds: drift in machine load hits all three alike.
  const t = { app: 0, msw: 0, one: 0 }
  const rounds = 5
  for (let r = 0; r < rounds; r++) {
    t.app += await timeLoop(n / rounds, appFetch)
    t.msw += await timeLoop(n / rounds, viaMsw)
    t.one += await timeLoop(n / rounds, oneLineMsw)
  }
  server.close()
  return {
    requests_each: n,
    app_fetch_ms: +(t.app / rounds).toFixed(4),
    msw_sandbox_ms: +(t.msw / rounds).toFixed(4),
    msw_one_line_ms: +(t.one / rounds).toFixed(4),
    ratio_to_one_line: +(t.msw / t.one).toFixed(3),
  }
}

async function freshWorkspace() {
  const sandbox = createSandbox({ seed: 1, maxWorkspaces: 1_000_000 })
  const get = async (ws) => {
    const res = await sandbox.fetch(new Request(`http://localhost/ws/${ws}${RECORD.path}`, { headers: RECORD.headers }))
    if (res.status !== 200) throw new Error(`answered ${res.status}`)
    await res.arrayBuffer()
  }
  for (let i = 0; i < (smoke ? 30 : 300); i++) await get(`warm-${i % 3}`)
  const n = smoke ? 50 : 3000
  let existing = 0
  let fresh = 0
  // Alternating, so both see the same machine.
  for (let i = 0; i < n; i++) {
    let t0 = performance.now()
    await get('warm-0')
    existing += performance.now() - t0
    t0 = performance.now()
    await get(`fresh-${i}`)
    fresh += performance.now() - t0
  }
  return {
    requests_each: n,
    existing_ms: +(existing / n).toFixed(4),
    fresh_ms: +(fresh / n).toFixed(4),
    extra_ms: +((fresh - existing) / n).toFixed(4),
  }
}

async function workspaceMemory() {
  const sandbox = createSandbox({ seed: 1, maxWorkspaces: 1_000_000 })
  const store = sandbox.runtime.store
  await store.open('warm')
  const get = async (ws) => {
    const res = await sandbox.fetch(new Request(`http://localhost/ws/${ws}${RECORD.path}`, { headers: RECORD.headers }))
    await res.arrayBuffer()
  }
  await get('warm')
  const untouched = smoke ? 100 : 5000
  gc()
  let heap0 = process.memoryUsage().heapUsed
  for (let i = 0; i < untouched; i++) await store.open(`u-${i}`)
  gc()
  const untouchedKb = (process.memoryUsage().heapUsed - heap0) / untouched / 1024
  for (let i = 0; i < untouched; i++) store.drop(`u-${i}`)
  const touched = smoke ? 50 : 1000
  gc()
  heap0 = process.memoryUsage().heapUsed
  const rss0 = process.memoryUsage().rss
  for (let i = 0; i < touched; i++) await get(`t-${i}`)
  gc()
  return {
    untouched_workspaces: untouched,
    untouched_heap_kb: +untouchedKb.toFixed(2),
    touched_workspaces: touched,
    touched_vendor: RECORD.vendor,
    touched_heap_mb: +((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(1),
    touched_rss_mb: +((process.memoryUsage().rss - rss0) / 1e6).toFixed(1),
  }
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
const out = {}
if (!only || only === 'msw') out.msw = await msw()
if (!only || only === 'fresh') out.fresh_workspace = await freshWorkspace()
if (!only || only === 'memory') out.workspace_memory = await workspaceMemory()
process.stdout.write(`${JSON.stringify(out)}\n`)
