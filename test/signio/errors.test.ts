import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { FX, PASSWORD, PDF, Signio } from './helpers.js'

const CATALOGUE = [
  ['signio.token_invalid', 401, '01'],
  ['signio.token_expired', 401, '01'],
  ['signio.credentials_invalid', 401, '01'],
  ['signio.user_inactive', 403, '02'],
  ['signio.client_inactive', 403, '03'],
  ['signio.internal_error', 500, '04'],
  ['signio.unprocessable', 422, '05'],
  ['signio.malformed_body', 422, '05'],
  ['signio.payload_too_large', 422, '05'],
  ['signio.file_type_not_allowed', 422, '05'],
  ['signio.invalid_state', 422, '05'],
  ['signio.not_found', 404, '06'],
] as const

eachDoor('signio errors and bad input (§3, §10)', (door) => {
  const client = (token?: string) => new Signio(door, door.workspace('sg-err'), token)

  it('item 39: the catalogue lists the 12 ids with status, code and message', async () => {
    const { items } = await door.control(door.workspace('sg-err')).errors('signio')
    expect(items.map((e) => [e.id, e.http_status, e.code])).toEqual(CATALOGUE.map((e) => [...e]))
    for (const e of items) {
      expect(e.vendor).toBe('signio')
      expect(typeof e.trigger).toBe('string')
    }
    expect(items.find((e) => e.id === 'signio.token_invalid')?.message).toBe('token invalido')
  })

  describe('every catalogue error, triggered as a user would', () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(new TextEncoder().encode('%PDF-'))
    // The exact reply text of each natural trigger: several ids share a code (four 05s), so only the
    // `errores` text and the key order (§2.3) tell them apart on the wire.
    const cases: [string, (c: Signio) => Promise<{ status: number; body: Record<string, unknown>; text: string }>, string][] = [
      ['signio.token_invalid', (c) => new Signio(c.door, c.ws, 'nope').get('/tags/listar'), '{"codigo":"01","mensaje":"token invalido"}'],
      [
        'signio.token_expired',
        (c) => new Signio(c.door, c.ws, 'signio-fixture-token-expired').get('/tags/listar'),
        '{"codigo":"01","mensaje":"token invalido"}',
      ],
      [
        'signio.credentials_invalid',
        (c) => c.post('/token/crear', { email: 'api@signio.test', password: 'wrong-password' }),
        '{"codigo":"01","mensaje":"token invalido"}',
      ],
      [
        'signio.user_inactive',
        (c) => c.post('/token/crear', { email: 'inactivo@signio.test', password: PASSWORD }),
        '{"codigo":"02","mensaje":"usuario inactivo"}',
      ],
      [
        'signio.client_inactive',
        (c) => c.post('/token/crear', { email: 'usuario@cliente-inactivo.test', password: PASSWORD }),
        '{"codigo":"03","mensaje":"cliente inactivo"}',
      ],
      [
        'signio.internal_error',
        (c) => c.post('/token/crear', { email: 'falla@signio.test', password: PASSWORD }),
        '{"codigo":"04","mensaje":"error interno"}',
      ],
      [
        'signio.unprocessable',
        (c) => c.post('/transacciones/crear', {}),
        '{"id_transaccion":"0","codigo":"05","mensaje":"contenido no procesable","errores":["El campo nombre es obligatorio."]}',
      ],
      [
        'signio.malformed_body',
        (c) => c.post('/transacciones/crear', '{"nombre":'),
        '{"id_transaccion":"0","codigo":"05","mensaje":"contenido no procesable","errores":["El cuerpo de la solicitud no es un JSON válido."]}',
      ],
      [
        'signio.payload_too_large',
        async (c) =>
          c.form('/transacciones/cargar_documento', { id_transaccion: await c.crear(), documento: { name: 'grande.pdf', bytes: big } }),
        '{"id_documento":"0","codigo":"05","mensaje":"contenido no procesable","errores":["El campo documento no debe ser mayor que 10240 kilobytes."]}',
      ],
      [
        'signio.file_type_not_allowed',
        async (c) =>
          c.form('/transacciones/cargar_documento', { id_transaccion: await c.crear(), documento: { name: 'notas.txt', bytes: PDF } }),
        '{"id_documento":"0","codigo":"05","mensaje":"contenido no procesable","errores":["El campo documento debe ser un archivo de tipo: doc, docx, xls, xlsx, png, jpg, pdf."]}',
      ],
      [
        'signio.invalid_state',
        (c) => c.post('/transacciones/devolver', { id_transaccion: `${FX}000000000003` }),
        '{"codigo":"05","mensaje":"contenido no procesable","errores":["La transacción no se encuentra en un estado válido para esta operación."]}',
      ],
      [
        'signio.not_found',
        (c) => c.get('/transacciones/gestionar?id_transaccion=00000000-0000-4000-8000-000000000000'),
        '{"codigo":"06","mensaje":"recurso no encontrado"}',
      ],
    ]
    for (const [id, trigger, text] of cases) {
      it(id, async () => {
        const [, status, code] = CATALOGUE.find((e) => e[0] === id) ?? []
        const r = await trigger(client())
        expect(r.status).toBe(status)
        expect(r.body.codigo).toBe(code)
        expect(r.text).toBe(text)
      })
    }
  })

  it('§2.3: error envelopes keep their key order byte for byte in both families', async () => {
    const c = client()
    const noToken = client('')
    const id = await c.crear()
    const cases: [Promise<{ status: number; text: string }>, number, string][] = [
      [
        noToken.post('/transacciones/crear', { nombre: 'x' }),
        401,
        '{"id_transaccion":"0","codigo":"01","mensaje":"token invalido","errores":[]}',
      ],
      [
        noToken.form('/transacciones/cargar_documento', { id_transaccion: id }),
        401,
        '{"id_documento":"0","codigo":"01","mensaje":"token invalido"}',
      ],
      [
        c.post('/transacciones/registrar_contacto', {
          id_transaccion: 'nope',
          nombre: 'a',
          tipo_identificacion: 'CC',
          identificacion: '1',
          email: 'a@b.co',
        }),
        404,
        '{"id_firmante":"0","codigo":"06","mensaje":"recurso no encontrado"}',
      ],
      [
        c.post('/transacciones/registrar_contacto', {
          id_transaccion: id,
          nombre: 'a',
          tipo_identificacion: 'XX',
          identificacion: '1',
          email: 'a@b.co',
        }),
        422,
        '{"id_firmante":"0","codigo":"05","mensaje":"contenido no procesable","errores":["El campo tipo_identificacion no es válido."]}',
      ],
      [
        c.post('/transacciones/vincular', '[]'),
        422,
        '{"codigo":"05","mensaje":"contenido no procesable","errores":["El cuerpo de la solicitud no es un JSON válido."]}',
      ],
      [c.get('/templates', { 'x-sandbox-error': 'signio.internal_error' }), 500, '{"code":"04","message":"error interno"}'],
      [c.get('/envelopes?offset=-1'), 422, '{"code":"05","message":"contenido no procesable","errors":["El campo offset no es válido."]}'],
      [c.get('/envelopes/nope/magic-link'), 404, '{"code":"06","message":"recurso no encontrado"}'],
      [c.post('/auth/login', { email: 'api@signio.test', password: 'wrong-password' }), 401, '{"code":"01","message":"token invalido"}'],
      [c.get('/no/existe'), 404, '{"codigo":"06","mensaje":"recurso no encontrado"}'],
    ]
    for (const [reply, status, text] of cases) {
      const r = await reply
      expect([r.status, r.text]).toEqual([status, text])
    }
  })

  describe('X-Sandbox-Error', () => {
    it('item 38: forced internal error on crear → the ES envelope with id "0", errores [], nothing created', async () => {
      const c = client()
      const before = (await c.post('/transacciones/listar', {})).body.transacciones as unknown[]
      const r = await c.post('/transacciones/crear', { nombre: 'Forzada' }, { 'x-sandbox-error': 'signio.internal_error' })
      expect(r.status).toBe(500)
      expect(r.body).toEqual({ id_transaccion: '0', codigo: '04', mensaje: 'error interno', errores: [] })
      expect((await c.post('/transacciones/listar', {})).body.transacciones).toEqual(before)
    })

    it('answers in the family of the route, with the id field and empty errores where required', async () => {
      const c = client()
      expect((await c.get('/templates', { 'x-sandbox-error': 'signio.not_found' })).body).toEqual({
        code: '06',
        message: 'recurso no encontrado',
      })
      expect((await c.get('/templates', { 'x-sandbox-error': 'signio.unprocessable' })).body).toEqual({
        code: '05',
        message: 'contenido no procesable',
        errors: [],
      })
      expect((await c.get('/tags/listar', { 'x-sandbox-error': 'signio.unprocessable' })).body).toEqual({
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: [],
      })
      const up = await c.form('/transacciones/cargar_documento', { id_transaccion: 'x' }, 'POST')
      expect(up.body.id_documento).toBe('0')
      const reg = await c.post('/transacciones/registrar_contacto', {}, { 'x-sandbox-error': 'signio.user_inactive' })
      expect(reg.status).toBe(403)
      expect(reg.body).toEqual({ id_firmante: '0', codigo: '02', mensaje: 'usuario inactivo' })
      const unknown = await c.get('/tags/listar', { 'x-sandbox-error': 'zoho.nope' })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error).toBe('unknown_error_id')
    })

    it('fault rules use the real path without the mount', async () => {
      const c = client()
      const ctl = door.control(c.ws)
      await ctl.addFault({ vendor: 'signio', path: '/api/v2/transacciones/distribuir', error: 'signio.internal_error', times: 1 })
      const { id } = await c.ready()
      expect((await c.distribuir(id)).body).toEqual({ codigo: '04', mensaje: 'error interno' })
      expect((await c.gestionar(id)).body.estado).toBe(1)
      expect((await c.distribuir(id)).body.codigo).toBe('00')
    })
  })

  describe('§10 bad input', () => {
    it('item 40: unknown paths and wrong verbs → ES 06, also on EN paths', async () => {
      const c = client()
      for (const [path, method] of [
        ['/api/v2/no/existe', 'GET'],
        ['/no/existe', 'POST'],
        ['/api/v2/templates', 'DELETE'],
        ['/api/v2/token/crear', 'GET'],
        ['/api/v2/envelopes/x/magic-link', 'POST'],
      ] as const) {
        const r = await c.raw(path, { method, headers: c.headers() })
        expect(r.status).toBe(404)
        expect(r.body).toEqual({ codigo: '06', mensaje: 'recurso no encontrado' })
        expect(r.type).toBe('application/json; charset=utf-8')
      }
    })

    it('JSON over 1 MiB → body_size; a body over 25 MB → body_size; checked before auth', async () => {
      const c = client('')
      const huge = JSON.stringify({ nombre: 'x'.repeat(1024 * 1024) })
      const r = await c.post('/transacciones/crear', huge)
      expect(r.status).toBe(422)
      expect(r.body).toEqual({
        id_transaccion: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El cuerpo de la solicitud excede el tamaño máximo permitido.'],
      })
      const upload = await client().raw('/api/v2/transacciones/cargar_documento', {
        method: 'POST',
        headers: { authorization: 'Bearer signio-fixture-token-demo', 'content-type': 'multipart/form-data; boundary=x' },
        body: new Uint8Array(25 * 1024 * 1024 + 10),
      })
      expect(upload.body).toEqual({
        id_documento: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El cuerpo de la solicitud excede el tamaño máximo permitido.'],
      })
      const tve = await client().post(`/envelopes/${FX}000000000001/tve`, huge)
      expect(tve.body).toEqual({
        code: '05',
        message: 'contenido no procesable',
        errors: ['El cuerpo de la solicitud excede el tamaño máximo permitido.'],
      })
    })

    it('§2.7: form and multipart bodies over 1 MiB to a service without a file field → body_size, before auth', async () => {
      const c = client('')
      const big = 'x'.repeat(1024 * 1024)
      const sizeError = {
        id_transaccion: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El cuerpo de la solicitud excede el tamaño máximo permitido.'],
      }
      const form = await c.raw('/api/v2/transacciones/crear', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `nombre=${big}`,
      })
      expect([form.status, form.body]).toEqual([422, sizeError])
      const fd = new FormData()
      fd.append('nombre', big)
      const multipart = await c.raw('/api/v2/transacciones/crear', { method: 'POST', body: fd })
      expect([multipart.status, multipart.body]).toEqual([422, sizeError])
    })

    it('§1: a trailing slash reaches the same service, and its errors keep the family and the id field', async () => {
      const c = client()
      expect((await c.get('/tags/listar/')).body.tags).toContain('Contratos')
      expect((await c.post('/transacciones/crear/', {})).text).toBe(
        '{"id_transaccion":"0","codigo":"05","mensaje":"contenido no procesable","errores":["El campo nombre es obligatorio."]}',
      )
      expect((await c.get('/envelopes/nope/magic-link/')).text).toBe('{"code":"06","message":"recurso no encontrado"}')
      expect((await c.put('/envelope/onpremise/get-signed-url/', {})).body.code).toBe('05')
      expect((await c.get('/tags/listar//')).text).toBe('{"codigo":"06","mensaje":"recurso no encontrado"}')
    })

    it('wrong types in every family never crash: always the Signio envelope', async () => {
      const c = client()
      const bodies = [
        '',
        'null',
        '[]',
        '{"id_transaccion":{"$gt":""}}',
        '{"id_transaccion":[1,2]}',
        '\u0000\u0001',
        '<xml/>',
        '{"template_id":1e999}',
      ]
      const routes: [string, string][] = [
        ['POST', '/api/v2/transacciones/gestionar'],
        ['POST', '/api/v2/transacciones/vincular'],
        ['POST', `/api/v2/envelopes/${FX}000000000001/templates`],
        ['PUT', '/api/v2/envelope/onpremise/get-signed-url'],
        ['POST', '/api/v2/auth/login'],
        ['POST', '/api/v2/transacciones/cargar_documento'],
      ]
      for (const [method, path] of routes) {
        for (const body of bodies) {
          const r = await c.raw(path, { method, headers: c.headers({ 'content-type': 'application/json' }), body })
          expect(r.type).toBe('application/json; charset=utf-8')
          expect([200, 404, 422]).toContain(r.status)
          expect(r.body.codigo ?? r.body.code).toMatch(/^0[056]$/)
        }
      }
    })

    it('a rejected request changes nothing stored', async () => {
      const c = client()
      const ctl = door.control(c.ws)
      const { id, doc, firmantes } = await c.ready()
      const before = JSON.stringify((await ctl.state('signio')).vendors)
      await c.post('/transacciones/crear', { nombre: '' })
      await c.form('/transacciones/cargar_documento', {
        id_transaccion: id,
        documento: { name: 'x.pdf', bytes: PDF },
        metatags: JSON.stringify({ r: { SigIDType: 'CC', SigID: '404' } }),
      })
      await c.post('/transacciones/registrar_contacto', {
        id_transaccion: id,
        nombre: 'x',
        tipo_identificacion: 'XX',
        identificacion: '1',
        email: 'a@b.co',
      })
      await c.post('/transacciones/vincular', { id_transaccion: id, id_firmante: firmantes[0], id_documento: doc, posicion: { pagina: 0 } })
      await c.post('/transacciones/cambiar_orden', { id_transaccion: id, id_firmante: firmantes[0], orden: 0 })
      await c.post(`/envelopes/${id}/templates`, { template_id: 103 })
      await c.post(`/envelopes/${id}/tve`, { type: 'SIMPLE', template_id: 102 })
      await c.post('/transacciones/devolver', { id_transaccion: id })
      await c.post('/transacciones/crear', { nombre: 'x' }, { 'x-sandbox-error': 'signio.internal_error' })
      expect(JSON.stringify((await ctl.state('signio')).vendors)).toBe(before)
    })
  })
})

/** Over the sandbox's own URLs (not MSW): simulate through `/ws/<id>/__sandbox` builds `/ws/<id>/signio` URLs. */
eachDoor('signio URLs from an HTTP control call', (door) => {
  it('callback and e-mail links carry the workspace path', async () => {
    if (door.mode !== 'app') return
    const c = new Signio(door, door.workspace('sg-url'))
    const { id, doc } = await c.ready([{ email: 'url@example.com' }])
    await c.distribuir(id)
    const post = (action: string, body: unknown) =>
      door.sandbox.app.request(`http://localhost/ws/${c.ws}/__sandbox/simulate/signio/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await post('set_callback', { url: 'http://127.0.0.1:9/cb' })).status).toBe(200)
    expect((await post('sign', { id_transaccion: id, email: 'url@example.com' })).status).toBe(200)
    const [cb] = (await door.control(c.ws).outbox({ vendor: 'signio', type: 'callback' })).items
    expect(JSON.parse(cb.body as string).Documentos[0].ruta).toBe(
      `http://localhost/ws/${c.ws}/signio/storage/documentos/${doc}/contrato.pdf`,
    )
    const [mail] = (await door.control(c.ws).outbox({ vendor: 'signio', type: 'email' })).items.filter((m) => m.to === 'url@example.com')
    expect((mail.links as string[])[0]).toMatch(new RegExp(`^http://localhost/ws/${c.ws}/signio/firmar/[A-Za-z0-9]{64}$`))
  })
})
