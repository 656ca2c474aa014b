import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startServer } from './proc.mjs'

/**
 * Peer mock servers, installed with npm into a folder under the system's temp
 * directory — never into this project's dependencies — and reused by later runs.
 */
export const PEER_PACKAGES = { wiremock: '3.13.2', 'json-server': '0.17.4', '@stoplight/prism-cli': '5.16.0' }

export function installPeers(dir = join(tmpdir(), 'esign-sandbox-bench-peers')) {
  mkdirSync(dir, { recursive: true })
  const wanted = Object.entries(PEER_PACKAGES)
  const installed = (name, version) => {
    const file = join(dir, 'node_modules', name, 'package.json')
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).version === version
  }
  if (!wanted.every(([n, v]) => installed(n, v))) {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, description: 'esign-sandbox benchmark peers' }))
    const specs = wanted.map(([n, v]) => `${n}@${v}`)
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel', 'error', ...specs], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 600_000,
    })
    if (r.status !== 0)
      return { dir, error: `npm install ${specs.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim().slice(-400)}` }
  }
  return { dir }
}

function wiremockJar(dir) {
  const build = join(dir, 'node_modules', 'wiremock', 'build')
  const jar = existsSync(build) && readdirSync(build).find((f) => /^wiremock-standalone-.*\.jar$/.test(f))
  if (!jar) throw new Error(`no wiremock-standalone jar under ${build}`)
  return join(build, jar)
}

/** WireMock standalone (Java) with one static stub of the reply. */
export async function startWiremock(dir, reply) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server = await startServer({
    command: 'java',
    args: ['-jar', wiremockJar(dir), '--port', String(port), '--bind-address', '127.0.0.1', '--disable-banner'],
    probe: { url: `${base}/__admin/health`, status: 200, base },
  })
  const res = await fetch(`${base}/__admin/mappings`, {
    method: 'POST',
    body: JSON.stringify({
      request: { method: reply.method, urlPath: reply.path },
      response: { status: reply.status, base64Body: reply.body_base64, headers: reply.headers },
    }),
  })
  if (res.status !== 201) throw new Error(`WireMock refused the stub: ${res.status} ${await res.text()}`)
  return server
}

/** json-server 0.17 over a db with the record in one collection: `GET /<collection>/<id>` and `POST /<collection>`. */
export async function startJsonServer(dir, work, collection, record) {
  const port = await freePort()
  const db = join(work, `json-server-${port}.json`)
  writeFileSync(db, JSON.stringify({ [collection]: [record] }))
  const base = `http://127.0.0.1:${port}`
  return startServer({
    command: process.execPath,
    args: [join(dir, 'node_modules', 'json-server', 'lib', 'cli', 'bin.js'), db, '--port', String(port), '--host', '127.0.0.1', '--quiet'],
    probe: { url: `${base}/${collection}`, status: 200, base },
  })
}

/** Prism mocking a one-endpoint OpenAPI 3.1 document whose example is the reply. */
export async function startPrism(dir, work, reply) {
  const port = await freePort()
  const doc = join(work, `prism-${port}.json`)
  const contentType = reply.headers['content-type'].split(';')[0]
  writeFileSync(
    doc,
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'one stored record', version: '1' },
      paths: {
        [reply.path]: {
          [reply.method.toLowerCase()]: {
            responses: {
              [reply.status]: {
                description: 'the record',
                content: { [contentType]: { example: JSON.parse(Buffer.from(reply.body_base64, 'base64').toString('utf8')) } },
              },
            },
          },
        },
      },
    }),
  )
  const base = `http://127.0.0.1:${port}`
  return startServer({
    command: process.execPath,
    args: [join(dir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js'), 'mock', doc, '-p', String(port), '-h', '127.0.0.1'],
    probe: { url: `${base}${reply.path}`, status: reply.status, base },
    timeoutMs: 120_000,
  })
}
