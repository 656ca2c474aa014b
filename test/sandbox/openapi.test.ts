import { afterAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { Validator } from '@seriousme/openapi-schema-validator'
import { createSandbox } from '../../src/index.js'
import { createControlApp } from '../../src/sandbox/index.js'
import { routeMatches } from '../../src/lib/catalogue.js'
import { createApp } from '../../src/app.js'

/** GET /__sandbox/openapi/<id>.json (sandbox.md §4) and the committed docs/openapi/ files. */

const BASE = 'http://127.0.0.1:4010'
const sandbox = createSandbox()
type Media = { example?: unknown; examples?: Record<string, { value?: unknown }> }
type Response_ = { content?: Record<string, Media>; headers?: { Location?: { example?: string } } }
type Operation = { operationId: string; responses: Record<string, Response_>; security?: unknown[] }
interface FlowStep {
  operationId?: string
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}
type Doc = {
  paths: Record<string, Record<string, Operation>>
  servers: { url: string }[]
  components: { examples?: Record<string, { summary: string; value: unknown }>; securitySchemes: Record<string, unknown> }
  'x-example-flow': { seed: number; clock: string; workspace: string; origin: string; steps: FlowStep[] }
}
const fetchDoc = async (id: string): Promise<Doc> => {
  const res = await sandbox.app.request(`${BASE}/__sandbox/openapi/${id}.json`)
  expect(res.status, id).toBe(200)
  return (await res.json()) as Doc
}
const { items: vendors } = await sandbox.control.vendors()
const servers: { close(): Promise<void> }[] = []
afterAll(async () => {
  for (const s of servers) await s.close()
})

/** The success example of an operation: its media example (or the `success` one beside errors), or the Location it redirects to. */
function successExample(op: Operation): unknown {
  for (const [status, r] of Object.entries(op.responses)) {
    if (!/^[23]/.test(status)) continue
    if (r.headers?.Location?.example !== undefined) return r.headers.Location.example
    for (const m of Object.values(r.content ?? {})) {
      if (m.example !== undefined) return m.example
      if (m.examples?.success) return m.examples.success.value
    }
  }
  return undefined
}

/** A live reply as the documents write it: links name the documented origin; JSON parsed; binary as size and SHA-256. */
async function asDocumented(res: Response, origin: string, documented: string): Promise<unknown> {
  const swap = (text: string) => text.replaceAll(origin, documented).replaceAll(encodeURIComponent(origin), encodeURIComponent(documented))
  const location = res.headers.get('location')
  if (location !== null) return swap(location)
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim()
  if (!/json|^text\/|xml|javascript|csv|html/.test(type)) {
    const bytes = Buffer.from(await res.arrayBuffer())
    return `(${type}, ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')})`
  }
  const text = swap(await res.text())
  return /json/.test(type) ? JSON.parse(text) : text
}
const ids = [...vendors.map((v) => v.id), 'sandbox']
const oaPath = (p: string) => p.replace(/:(\w+)/g, '{$1}')

describe('OpenAPI documents', () => {
  it.each(ids)('%s.json is a valid OpenAPI 3.1 document', async (id) => {
    const doc = await fetchDoc(id)
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0])
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it.each(vendors.map((v) => [v.id, v] as const))('%s: every mounted route, servers, security and every catalogue error', async (id, v) => {
    const doc = await fetchDoc(id)
    for (const e of v.endpoints) expect(doc.paths[oaPath(e.path)]?.[e.method.toLowerCase()], `${e.method} ${e.path}`).toBeDefined()
    const servers = doc.servers.map((s) => s.url)
    expect(servers[0]).toBe(BASE)
    for (const host of v.hosts) expect(servers).toContain(host)
    expect(Object.keys(doc.components.securitySchemes).length).toBeGreaterThan(0)
    const { items: errors } = await sandbox.control.errors(id)
    const examples = doc.components.examples ?? {}
    for (const e of errors) {
      const ex = Object.values(examples).find((x) => x.summary.startsWith(`${e.http_status}`) && x.summary.endsWith(e.message))
      expect(ex, e.id).toBeDefined()
      expect(ex?.value, e.id).not.toBeNull()
    }
  })

  it.each(vendors.map((v) => [v.id, v] as const))(
    '%s: each operation lists exactly the catalogue errors whose routes cover it, under their status',
    async (id, v) => {
      const doc = await fetchDoc(id)
      const { items: errors } = await sandbox.control.errors(id)
      const mounted = v.endpoints.map((e) => ({ ...e, mount: v.prefixes.find((p) => e.path.startsWith(`${p}/`)) ?? '' }))
      for (const e of errors) {
        // Every pattern names at least one route: a renamed route cannot leave an error behind.
        for (const pattern of e.routes ?? [])
          expect(
            mounted.some((r) => routeMatches(pattern, r.method, r.path.slice(r.mount.length))),
            `${e.id}: ${pattern}`,
          ).toBe(true)
        if (e.routes?.length === 0) expect(JSON.stringify(doc), e.id).toContain(e.id)
      }
      for (const r of mounted) {
        const op = doc.paths[oaPath(r.path)][r.method.toLowerCase()]
        const listed = Object.entries(op.responses).flatMap(([status, res]) =>
          Object.values(res.content ?? {}).flatMap((m) =>
            Object.keys(m.examples ?? {})
              .filter((k) => k !== 'success')
              .map((k) => `${status} ${k}`),
          ),
        )
        const expected = errors
          .filter((e) => (e.routes ?? ['*']).some((p) => routeMatches(p, r.method, r.path.slice(r.mount.length))))
          .map((e) => `${e.http_status} ${e.id}`)
        expect(listed.sort(), `${r.method} ${r.path}`).toEqual(expected.sort())
      }
    },
  )

  it('errors are where the vendor answers them, not on every route of the mount', async () => {
    const statuses = async (id: string, path: string, method: string) =>
      Object.values((await fetchDoc(id)).paths[path][method].responses).flatMap((r) =>
        Object.values(r.content ?? {}).flatMap((m) => Object.keys(m.examples ?? {})),
      )
    const create = await statuses('okdokument', '/okdokument/JSON/signatureRequest', 'post')
    expect(create).toContain('okdokument.signature_request_exists')
    expect(create).toContain('okdokument.unauthorized')
    const counter = await statuses('okdokument', '/okdokument/JSON/counter', 'get')
    expect(counter).toContain('okdokument.unauthorized')
    expect(counter).not.toContain('okdokument.signature_request_exists')
    expect(counter).not.toContain('okdokument.method_not_allowed')
    expect(await statuses('okdokument', '/okdokument/viewDocument', 'get')).not.toContain('okdokument.unauthorized')
    const report = await statuses('ipro', '/ipro/v2/docusign/ipro/source_settings/{source_setting_id}/accounts/look_back_report', 'get')
    expect(report).toContain('ipro.report_credentials_invalid')
    expect(report).not.toContain('ipro.authorization_code_used')
    const token = await statuses('zoho', '/zoho-accounts/oauth/v2/token', 'post')
    expect(token).toContain('zoho.oauth_invalid_client')
    expect(token).not.toContain('zoho.ticket_invalid')
  })

  it.each(vendors.map((v) => v.id))('%s: every operation has its success reply as an example, from the example flow', async (id) => {
    const doc = await fetchDoc(id)
    const inFlow = new Set(doc['x-example-flow'].steps.map((s) => s.operationId).filter(Boolean))
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        expect(successExample(op), `${method} ${path}`).toBeDefined()
        expect(inFlow.has(op.operationId), `${method} ${path} in x-example-flow`).toBe(true)
      }
  })

  it.each(vendors.map((v) => v.id))('%s: each example equals what a running sandbox answers to the flow over HTTP', async (id) => {
    const doc = await fetchDoc(id)
    const flow = doc['x-example-flow']
    const live = createSandbox({ seed: flow.seed, clock: flow.clock })
    const server = await live.listen(0, '127.0.0.1')
    servers.push(server)
    const origin = `http://127.0.0.1:${server.port}`
    const ops = new Map(Object.values(doc.paths).flatMap((p) => Object.values(p).map((op) => [op.operationId, op] as const)))
    for (const step of flow.steps) {
      const res = await fetch(`${origin}${step.url}`, {
        method: step.method,
        headers: { ...step.headers, 'x-sandbox-workspace': flow.workspace },
        body: step.body,
        redirect: 'manual',
      })
      const reply = await asDocumented(res, origin, flow.origin)
      expect(res.status, `${step.method} ${step.url}`).toBeLessThan(400)
      if (!step.operationId) continue
      const op = ops.get(step.operationId)
      expect(op, step.operationId).toBeDefined()
      expect(successExample(op!), `${step.method} ${step.url}`).toEqual(reply)
    }
  })

  it('success examples are real replies from the fixtures', async () => {
    const signio = await fetchDoc('signio')
    const token = signio.paths['/signio/api/v2/token/crear'].post.responses['200'] as { content: Record<string, { example: unknown }> }
    expect(token.content['application/json'].example).toMatchObject({ codigo: '00', mensaje: 'Operación correcta' })
    const tranadmin = await fetchDoc('tranadmin')
    // tranadmin answers its XML errors with 200 too: the success reply is the example named `success`.
    const status = tranadmin.paths['/openesignforms/{webapp}/tranadmin/GetStatus'].get.responses['200'] as {
      content: Record<string, { examples: { success: { value: string } } }>
    }
    expect(status.content['text/xml'].examples.success.value).toContain('11111111-1111-4111-8111-111111111111')
  })

  it('sandbox.json has every control-plane route and every simulate action', async () => {
    const doc = await fetchDoc('sandbox')
    const routes = createControlApp(sandbox.runtime, createApp).routes.filter((r) => r.method !== 'ALL')
    expect(routes.length).toBeGreaterThan(20)
    for (const r of routes) {
      const path = oaPath(r.path.replace(/\{[^}]*\}/g, '').replace(/(.)\/$/, '$1'))
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined()
    }
    const { items } = await sandbox.control.simulateCatalogue()
    for (const s of items) expect(doc.paths[`/simulate/${s.vendor}/${s.action}`]?.post, `${s.vendor}/${s.action}`).toBeDefined()
  })

  it.each(ids)('%s.json speaks to users: no spec sections, working notes or shortened values', async (id) => {
    const text = JSON.stringify(await fetchDoc(id))
    expect(text).not.toMatch(/§|\.\.\/shared|seed body/)
    if (id !== 'sandbox') for (const e of (await sandbox.control.errors(id)).items) expect(e.trigger, e.id).not.toMatch(/…|§|seed body/)
  })

  it('an unknown document is a 404 naming the others', async () => {
    const res = await sandbox.app.request(`${BASE}/__sandbox/openapi/acme.json`)
    expect(res.status).toBe(404)
    expect((await res.json()).message).toContain('signio.json')
  })

  it.each(ids)('docs/openapi/%s.json is current (npm run build writes it)', async (id) => {
    const committed: unknown = JSON.parse(readFileSync(new URL(`../../docs/openapi/${id}.json`, import.meta.url), 'utf8'))
    expect(committed).toEqual(await fetchDoc(id))
  })
})
