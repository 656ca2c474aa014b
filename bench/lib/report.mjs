import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/**
 * One row per comparison: what was measured, the sandbox's value, the peer's,
 * the ratio that matters (higher is better for req/s, lower for time and memory)
 * and the bar from the spec when there is one.
 */
const int = (n) => Math.round(n).toLocaleString('en')
const rps = (r) => (r?.error ? `— (${short(r.error)})` : r ? `${int(r.rps)} req/s` : '—')
const p99 = (r) => (r && !r.error ? `${r.p99_ms} ms` : '—')
const short = (text) => (text.length > 60 ? `${text.slice(0, 57)}…` : text)
/** req/s ratio, and the CPU-time ratio when both were measured (steadier on a busy machine). */
const ratio = (a, b) => {
  if (!a || !b || a.error || b.error || !b.rps) return '—'
  const cpu = a.cpu_us_per_req && b.cpu_us_per_req ? ` (CPU/req ${a.cpu_us_per_req} vs ${b.cpu_us_per_req} µs)` : ''
  return `${(a.rps / b.rps).toFixed(2)}×${cpu}`
}
const check = (ok) => (ok === undefined ? '' : ok ? 'met' : 'NOT met')

export function rows(results) {
  const S = results.scenarios
  const out = []
  // A smoke run's numbers mean nothing: no bar is judged on them.
  const judge = results.mode !== 'smoke'
  const add = (scenario, sandbox, peer, theirs, r, bar = '', met) =>
    out.push([scenario, sandbox, peer, theirs, r, bar, check(judge ? met : undefined)])
  for (const [vendor, row] of Object.entries(S.record_get ?? {})) {
    const sb = row.sandbox
    const vsHono = !sb.error && !row.bare_hono?.error ? sb.rps / row.bare_hono.rps : undefined
    add(
      `record GET ${vendor} (${row.what})`,
      rps(sb),
      'bare @hono/node-server',
      rps(row.bare_hono),
      ratio(sb, row.bare_hono),
      '≥ 0.9×',
      vsHono >= 0.9,
    )
    add('', '', 'raw node:http', rps(row.raw_node_http), ratio(sb, row.raw_node_http))
    if (row.sandbox_made)
      add(
        '  every reply made (--reply-cache off)',
        rps(row.sandbox_made),
        'bare @hono/node-server',
        rps(row.bare_hono),
        ratio(row.sandbox_made, row.bare_hono),
      )
    add(
      `  p99 at 50 connections`,
      p99(sb),
      'bare @hono/node-server',
      p99(row.bare_hono),
      '',
      '< 8 ms',
      sb.error ? undefined : sb.p99_ms < 8,
    )
  }
  if (S.peers) {
    const sb = S.record_get?.okdokument?.sandbox
    const wm = S.peers.wiremock_warm
    add(
      'record GET okdokument vs mock servers',
      rps(sb),
      'WireMock, warmed up',
      rps(wm),
      ratio(sb, wm),
      '≥ 1.8×',
      sb && wm && !wm.error ? sb.rps / wm.rps >= 1.8 : undefined,
    )
    add('', '', 'WireMock, cold', rps(S.peers.wiremock_cold), ratio(sb, S.peers.wiremock_cold))
    add('', '', 'json-server', rps(S.peers.json_server), ratio(sb, S.peers.json_server))
    add('', '', 'Prism (OpenAPI example)', rps(S.peers.prism), ratio(sb, S.peers.prism))
  }
  if (S.create) {
    const sb = S.create.sandbox
    add(
      `create (${S.create.what})`,
      rps(sb),
      'bare @hono/node-server (static reply)',
      rps(S.create.bare_hono),
      ratio(sb, S.create.bare_hono),
    )
    add('', '', 'raw node:http (static reply)', rps(S.create.raw_node_http), ratio(sb, S.create.raw_node_http))
    add('', '', 'json-server (real create)', rps(S.create.json_server), ratio(sb, S.create.json_server))
    add('  p99', p99(sb), '', '', '', '', undefined)
  }
  if (S.fresh_workspace) {
    const f = S.fresh_workspace
    add(
      'first request in a new workspace',
      `${f.fresh_ms} ms`,
      'same request, existing workspace',
      `${f.existing_ms} ms`,
      `+${f.extra_ms} ms`,
      '≤ +1 ms',
      f.extra_ms <= 1,
    )
  }
  if (S.workspace_memory) {
    const w = S.workspace_memory
    add('untouched workspace, heap', `${w.untouched_heap_kb} KB`, '', '', '', '≤ 20 KB', w.untouched_heap_kb <= 20)
    add(
      `${int(w.touched_workspaces)} workspaces touched on ${w.touched_vendor}, RSS growth`,
      `${w.touched_rss_mb} MB`,
      '',
      '',
      `heap ${w.touched_heap_mb} MB`,
      '≤ 60 MB',
      w.touched_workspaces >= 1000 ? w.touched_rss_mb <= 60 : undefined,
    )
  }
  if (S.memory) {
    const m = S.memory
    add(
      `RSS growth over ${int(m.requests)} record GETs`,
      `${m.growth_mb} MB`,
      '',
      '',
      `${m.rss_before_mb} → ${m.rss_after_mb} MB`,
      '< 50 MB',
      m.requests >= 1e6 ? m.growth_mb < 50 : undefined,
    )
  }
  if (S.msw) {
    const m = S.msw
    add(
      'MSW door, per request',
      `${m.msw_sandbox_ms} ms`,
      'one-line MSW handler, same bytes',
      `${m.msw_one_line_ms} ms`,
      `${m.ratio_to_one_line}×`,
      '≤ 1.25×',
      m.ratio_to_one_line <= 1.25,
    )
    add('', '', 'app.fetch (no MSW)', `${m.app_fetch_ms} ms`, '')
  }
  if (S.workspaces_100) {
    const w = S.workspaces_100
    const clean = w.cross_workspace_reads === 0 && w.lost_writes === 0 && w.failed_requests === 0
    add(
      '100 workspaces at once (create + read back)',
      `${int(w.rps)} req/s, p99 ${w.p99_ms} ms`,
      '',
      '',
      `${w.cross_workspace_reads} cross reads, ${w.lost_writes} lost writes, ${w.failed_requests} failed`,
      'none',
      clean,
    )
  }
  if (S.startup) {
    const s = S.startup
    const ms = (x) => (x?.error ? `— (${short(x.error)})` : `${x.median_ms} ms`)
    add(
      `startup to first 200 (median of ${s.sandbox.runs})`,
      ms(s.sandbox),
      'bare @hono/node-server',
      ms(s.bare_hono),
      '',
      '< 300 ms',
      s.sandbox.median_ms < 300,
    )
    add('', '', 'raw node:http', ms(s.raw_node_http), '')
    add('', '', 'json-server', ms(s.json_server), '')
    add('', '', 'Prism', ms(s.prism), '')
    add('', '', 'WireMock', ms(s.wiremock), '')
  }
  return out
}

const HEAD = ['scenario', 'esign-sandbox', 'compared with', 'their result', 'ratio / detail', 'bar', '']

function header(results) {
  const m = results.machine
  return `${results.mode} run, ${results.started_at.slice(0, 16).replace('T', ' ')} UTC · Node ${m.node} · ${m.cpus} × ${m.cpu} · ${m.memory_gb} GB · ${results.load}`
}

export function terminalTable(results) {
  const all = [HEAD, ...rows(results)]
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)))
  const line = (r) =>
    r
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  return [header(results), '', line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(results).map(line)].join('\n')
}

export function markdownReport(results) {
  const esc = (c) => String(c).replace(/\|/g, '\\|')
  const lines = [`_${header(results)}_`, '', `| ${HEAD.map(esc).join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`]
  for (const r of rows(results)) lines.push(`| ${r.map(esc).join(' | ')} |`)
  const p = results.peers
  lines.push(
    '',
    `Peers: WireMock ${p.wiremock} (Java ${p.java ?? 'not found'}), json-server ${p['json-server']}, Prism ${p['@stoplight/prism-cli']}.`,
  )
  return `${lines.join('\n')}\n`
}

const START = '<!-- latest results: written by bench/run.mjs -->'
const END = '<!-- end of latest results -->'

/** Puts the latest table into bench/README.md between its markers. */
export function updateReadme(file, md) {
  if (!existsSync(file)) return
  const text = readFileSync(file, 'utf8')
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  if (a < 0 || b < a) return
  writeFileSync(file, `${text.slice(0, a + START.length)}\n\n${md}\n${text.slice(b)}`)
}
