import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * `npm run bench -- --smoke` keeps the benchmark harness working: every step
 * runs with a few requests. Timings are never asserted here (the benchmark
 * measures them); correctness it checks on the way is.
 */
const root = fileURLToPath(new URL('../..', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'esign-bench-test-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--smoke', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('benchmark harness (--smoke)', () => {
  it('runs every scenario, reports the peers it did not run, and writes the JSON and Markdown results', async () => {
    const r = await runBench()
    expect(r.code, r.stderr).toBe(0)
    const results = JSON.parse(readFileSync(join(out, 'smoke.json'), 'utf8'))
    const S = results.scenarios
    // Every vendor's target answered; a smoke run puts load on the first only.
    expect(results.targets).toHaveLength(6)
    for (const t of results.targets) expect(t.status).toBeLessThan(300)
    expect(Object.keys(S.record_get)).toEqual(['okdokument'])
    for (const row of Object.values<Record<string, { requests: number; errors: number; non2xx: number }>>(S.record_get)) {
      for (const server of ['sandbox', 'bare_hono', 'raw_node_http']) {
        expect(row[server].requests).toBeGreaterThan(0)
        expect(row[server].errors + row[server].non2xx).toBe(0)
      }
    }
    for (const peer of ['wiremock_cold', 'wiremock_warm', 'json_server', 'prism']) expect(S.peers[peer].error).toMatch(/not run in --smoke/)
    expect(S.create.sandbox.non2xx).toBe(0)
    expect(S.workspaces_100).toMatchObject({ workspaces: 100, cross_workspace_reads: 0, lost_writes: 0, failed_requests: 0 })
    expect(S.memory.requests).toBeGreaterThan(0)
    expect(S.startup.sandbox.runs).toBe(1)
    expect(S.msw.msw_one_line_ms).toBeGreaterThan(0)
    expect(S.fresh_workspace.requests_each).toBeGreaterThan(0)
    expect(S.workspace_memory.untouched_workspaces).toBeGreaterThan(0)
    expect(r.stdout).toContain('record GET okdokument')
    expect(readFileSync(join(out, 'smoke.md'), 'utf8')).toContain('| scenario | esign-sandbox |')
  }, 180_000)
})
