import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSandbox } from '../../src/index.js'

/**
 * No input crashes Signio or leaks: every route, with a valid token (so the
 * services themselves run), random verbs, bodies and content types.
 */
const sb = createSandbox({ seed: 4242 })
const ROUTES = [
  '/token/crear',
  '/transacciones/listar',
  '/tags/listar',
  '/transacciones/listar_base',
  '/transacciones/crear',
  '/transacciones/cargar_documento',
  '/transacciones/registrar_contacto',
  '/transacciones/vincular',
  '/transacciones/cambiar_orden',
  '/transacciones/distribuir',
  '/transacciones/gestionar',
  '/transacciones/devolver',
  '/transacciones/eliminar',
  '/documentos/proteger',
  '/transacciones/campos_plantillas',
  '/envelopes',
  '/templates',
  '/envelopes/5f1c0c9e-8a4b-4c1d-9e2f-000000000001/templates',
  '/envelopes/5f1c0c9e-8a4b-4c1d-9e2f-000000000007/templates/fxdoc0007',
  '/envelopes/5f1c0c9e-8a4b-4c1d-9e2f-000000000001/magic-link',
  '/auth/login',
  '/envelopes/5f1c0c9e-8a4b-4c1d-9e2f-000000000001/tve',
  '/envelopes/5f1c0c9e-8a4b-4c1d-9e2f-000000000001/tve/fxdoc0001',
  '/envelope/onpremise/get-signed-url',
]
const FIELDS = [
  'id_transaccion',
  'nombre',
  'email',
  'password',
  'estado',
  'id_documento',
  'id_firmante',
  'orden',
  'posicion',
  'protect',
  'template_id',
  'fields',
  'type',
  'ttl',
  'metatags',
  'tags',
  'filter[status]',
  'offset',
  'sort',
]
const value = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('5f1c0c9e-8a4b-4c1d-9e2f-000000000001'),
  fc.constant('fxdoc0001'),
  fc.json({ maxDepth: 2 }),
  fc.array(fc.integer(), { maxLength: 3 }),
)
const payload = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 })

describe('signio fuzz (§10)', () => {
  it('every reply is the Signio JSON envelope, never HTML, a stack trace or a 5xx other than 04', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        payload,
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', undefined),
        fc.boolean(),
        async (route, method, body, type, raw) => {
          const headers: Record<string, string> = { authorization: 'Bearer signio-fixture-token-demo' }
          if (type) headers['content-type'] = type
          let text: string | undefined
          if (method !== 'GET')
            text =
              type === 'application/x-www-form-urlencoded'
                ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
                : raw
                  ? JSON.stringify(body).slice(0, -1)
                  : JSON.stringify(body)
          const query = method === 'GET' ? `?${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString()}` : ''
          const res = await sb.app.request(`http://localhost/ws/fuzz-signio/signio/api/v2${route}${query}`, { method, headers, body: text })
          const out = await res.text()
          expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
          const json = JSON.parse(out) as { codigo?: string; code?: string }
          expect(json.codigo ?? json.code).toMatch(/^0[0-6]$/)
          expect(res.status).not.toBe(500)
          expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/)
        },
      ),
      { numRuns: 500, seed: 4242 },
    )
  })
})
