import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSandbox, type Sandbox } from '../../src/index.js'
import type { AnyVendor } from '../../src/lib/vendor.js'
import { ROOT, parseBlocks } from './blocks.js'

/**
 * docs/adding-a-vendor.md builds a whole vendor, Acme Sign, one file per
 * `example-vendor` block (its first line names the file). This test writes those
 * files beside links to the real src/lib and src/state, loads the vendor, mounts
 * it alone and uses it as the page says it works, so the page cannot drift from
 * the engine's contract.
 */
const DOC = 'docs/adding-a-vendor.md'
const KEY = { 'x-acme-key': 'acme-test-key-1' }
const blocks = parseBlocks(DOC, readFileSync(join(ROOT, DOC), 'utf8')).filter((b) => b.info.split(/\s+/).includes('example-vendor'))
const named = (b: { body: string }) => /^\/\/ (\S+)$/.exec(b.body.split('\n')[0])?.[1]
const sources = blocks.filter((b) => named(b)?.startsWith('src/mocks/acme/'))
const fixture = blocks.find((b) => b.info.startsWith('json'))
const registry = blocks.find((b) => named(b) === 'src/mocks/index.ts')

const FIXTURE_FILE = join(ROOT, 'fixtures/acme.json')
let work: string
let sandbox: Sandbox
const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}) =>
  await sandbox.app.request(`http://127.0.0.1:4010${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'acme-vendor-'))
  mkdirSync(join(work, 'src/mocks/acme'), { recursive: true })
  for (const dir of ['lib', 'state']) symlinkSync(join(ROOT, 'src', dir), join(work, 'src', dir), 'dir')
  for (const b of sources) writeFileSync(join(work, named(b)!), b.body)
  // The seed reads fixtures/<vendor>.json from the package, as every vendor's does.
  if (existsSync(FIXTURE_FILE)) throw new Error(`${FIXTURE_FILE} exists: the docs example would overwrite it`)
  writeFileSync(FIXTURE_FILE, fixture!.body)
  const { acme } = (await import(join(work, 'src/mocks/acme/index.ts'))) as { acme: AnyVendor }
  sandbox = buildSandbox([acme], { seed: 1, clock: '2026-03-02T09:30:00.000Z' })
})

afterAll(() => {
  rmSync(FIXTURE_FILE, { force: true })
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('docs/adding-a-vendor.md builds a working vendor', () => {
  it('has every file of the folder it lists, the fixture and the registry line', () => {
    const files = sources.map((b) => named(b)!.replace('src/mocks/acme/', ''))
    expect(files.sort()).toEqual(
      [
        'constants.ts',
        'errors.ts',
        'index.ts',
        'model.ts',
        'routes.ts',
        'schemas.ts',
        'seed.ts',
        'service.ts',
        'simulate.ts',
        'wire.ts',
      ].sort(),
    )
    expect(fixture).toBeDefined()
    // The registry line is today's registry plus acme.
    const line = registry!.body.split('\n')[1]
    expect(readFileSync(join(ROOT, 'src/mocks/index.ts'), 'utf8')).toContain(line.replace(', acme }', ' }'))
  })

  it('serves the fixtures and creates envelopes (201), with the ids and times of the sandbox', async () => {
    const seeded = await call('GET', '/acme/v1/envelopes/env_fixture_1', { headers: KEY })
    expect(seeded.status).toBe(200)
    expect(await seeded.json()).toMatchObject({ id: 'env_fixture_1', title: 'Welcome', status: 'sent' })
    const created = await call('POST', '/acme/v1/envelopes', { headers: KEY, body: { title: 'Lease', signers: ['ana@example.test'] } })
    expect(created.status).toBe(201)
    const envelope = (await created.json()) as { id: string; created_at: number }
    expect(envelope).toMatchObject({ title: 'Lease', status: 'sent', signers: ['ana@example.test'] })
    expect(envelope.id).toMatch(/^env_[0-9a-f]{12}$/)
    expect(envelope.created_at).toBe(Date.parse('2026-03-02T09:30:00.000Z'))
  })

  it('answers every catalogue error in its envelope: unknown key, bad body, unknown id, no route, wrong verb, forced', async () => {
    const error = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown })
    expect(await error(await call('GET', '/acme/v1/envelopes/env_fixture_1'))).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'Invalid API key' } },
    })
    expect(await error(await call('POST', '/acme/v1/envelopes', { headers: KEY, body: { signers: [] } }))).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: 'Invalid body' } },
    })
    expect((await error(await call('GET', '/acme/v1/envelopes/env_nope', { headers: KEY }))).status).toBe(404)
    expect(await error(await call('GET', '/acme/v1/nope', { headers: KEY }))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No such endpoint' } },
    })
    const wrongVerb = await call('DELETE', '/acme/v1/envelopes', { headers: KEY })
    expect(wrongVerb.status).toBe(405)
    expect(wrongVerb.headers.get('allow')).toContain('POST')
    const forced = await call('GET', '/acme/v1/envelopes/env_fixture_1', { headers: { ...KEY, 'x-sandbox-error': 'acme.internal' } })
    expect(await error(forced)).toEqual({ status: 500, body: { error: { code: 'internal', message: 'Internal error' } } })
    const { items } = await sandbox.control.errors('acme')
    expect(items.map((e) => e.id)).toContain('acme.too_large')
  })

  it('runs the simulate action: a signer signs, a second signature is a 409', async () => {
    const sign = async (body: unknown) =>
      await sandbox.app.request('http://127.0.0.1:4010/__sandbox/simulate/acme/sign', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const first = await sign({ id: 'env_fixture_1', signer: 'ana@example.test' })
    expect(first.status).toBe(200)
    const after = await call('GET', '/acme/v1/envelopes/env_fixture_1', { headers: KEY })
    expect(await after.json()).toMatchObject({ status: 'signed' })
    const again = await sign({ id: 'env_fixture_1', signer: 'ana@example.test' })
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([409, 'invalid_state'])
    expect((await sign({ id: 'env_nope', signer: 'ana@example.test' })).status).toBe(404)
    expect((await sign({ id: 'env_fixture_1' })).status).toBe(400)
  })

  it('is picked up by the control plane: vendors, the simulate catalogue and an OpenAPI document', async () => {
    const { items } = await sandbox.control.vendors()
    expect(items.map((v) => v.id)).toEqual(['acme'])
    expect(items[0].hosts).toEqual(['https://api.acme.test'])
    const catalogue = await sandbox.control.simulateCatalogue()
    expect(catalogue.items.map((s) => `${s.vendor}/${s.action}`)).toEqual(['acme/sign'])
    const doc = await sandbox.app.request('http://127.0.0.1:4010/__sandbox/openapi/acme.json')
    expect(doc.status).toBe(200)
  })
})
