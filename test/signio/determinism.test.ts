import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'

/** Same seed + frozen clock + same requests → same bytes (sandbox.md §6). */
async function run(): Promise<string[]> {
  const sb = createSandbox({ seed: 7, clock: '2026-01-01T00:00:00Z' })
  const base = 'http://localhost/ws/det/signio/api/v2'
  const out: string[] = []
  const call = async (path: string, init: RequestInit) => {
    const text = await (await sb.app.request(`${base}${path}`, init)).text()
    out.push(text)
    return JSON.parse(text) as Record<string, string>
  }
  const json = (body: unknown, token?: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const { token } = await call('/token/crear', json({ email: 'api@signio.test', password: 'Signio#2024' }))
  const { id_transaccion } = await call('/transacciones/crear', json({ nombre: 'Determinista' }, token))
  const fd = new FormData()
  fd.append('id_transaccion', id_transaccion)
  fd.append('documento', new Blob(['%PDF-1.4 x']), 'a.pdf')
  await call('/transacciones/cargar_documento', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fd })
  await call(`/envelopes/${id_transaccion}/templates`, json({ template_id: 101, fields: { name: 'Ana' } }, token))
  await call(`/transacciones/gestionar?id_transaccion=${id_transaccion}`, { headers: { authorization: `Bearer ${token}` } })
  await call('/auth/login', json({ email: 'multi@signio.test', password: 'Signio#2024' }))
  return out
}

describe('signio determinism', () => {
  it('two sandboxes with the same seed and frozen clock answer byte for byte the same', async () => {
    const [a, b] = [await run(), await run()]
    expect(a).toEqual(b)
    expect(a[0]).toContain('"codigo":"00"')
  })
})

describe('signio state export/import', () => {
  it('PUT /state with what GET /state returned restores transactions, documents and tokens', async () => {
    const sb = createSandbox({ seed: 3 })
    const ctl = sb.control.workspace('sg-state')
    const req = (path: string, init?: RequestInit) => sb.app.request(`http://localhost/ws/sg-state/signio/api/v2${path}`, init)
    const login = await (
      await req('/token/crear', { method: 'POST', body: JSON.stringify({ email: 'api@signio.test', password: 'Signio#2024' }) })
    ).json()
    const auth = { authorization: `Bearer ${login.token}` }
    const { id_transaccion } = await (
      await req('/transacciones/crear', { method: 'POST', headers: auth, body: JSON.stringify({ nombre: 'Exportada' }) })
    ).json()
    const snapshot = await ctl.state('signio')
    await ctl.reset()
    expect((await req(`/transacciones/gestionar?id_transaccion=${id_transaccion}`, { headers: auth })).status).toBe(401)
    await ctl.putState(snapshot)
    const back = await req(`/transacciones/gestionar?id_transaccion=${id_transaccion}`, { headers: auth })
    expect(back.status).toBe(200)
    expect((await back.json()).nombre).toBe('Exportada')
  })
})
