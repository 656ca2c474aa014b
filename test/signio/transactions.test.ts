import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { DATETIME, ES_OK, FX, list, PDF, Signio, str, UUID } from './helpers.js'

eachDoor('signio transactions (§6.2–§6.15)', (door) => {
  const client = () => new Signio(door, door.workspace('sg-tx'))

  describe('§6.5 Registrar Transacción', () => {
    it('item 9: creates with a 36-char UUID, 00, errores []', async () => {
      const r = await client().post('/transacciones/crear', {
        nombre: 'Contrato X',
        external_id: 'e-1',
        op_token: 'SCREEN',
        tags: 'Contratos;Ventas',
      })
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['id_transaccion', 'codigo', 'mensaje', 'errores'])
      expect(str(r, 'id_transaccion')).toMatch(UUID)
      expect(r.body).toMatchObject({ ...ES_OK, errores: [] })
    })

    it('item 10: {} → required; 256 chars → max; always id_transaccion "0"', async () => {
      const c = client()
      const r = await c.post('/transacciones/crear', {})
      expect(r.status).toBe(422)
      expect(r.body).toEqual({
        id_transaccion: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El campo nombre es obligatorio.'],
      })
      const long = await c.post('/transacciones/crear', { nombre: 'x'.repeat(256) })
      expect(long.body.errores).toContain('El campo nombre no debe ser mayor que 255 caracteres.')
      expect((await c.post('/transacciones/crear', { nombre: 'x'.repeat(255) })).status).toBe(200)
    })

    it('collects every field problem in field-table order', async () => {
      const r = await client().post('/transacciones/crear', {
        nombre: '  ',
        ciclo_aprobacion: 'si',
        cc: 'a@b.co, malo',
        op_foto: 'XX',
        envelopeDeduplicationKey: 'k'.repeat(37),
        created_by: 'nadie@signio.test',
      })
      expect(r.body.errores).toEqual([
        'El campo nombre es obligatorio.',
        'El campo ciclo_aprobacion no es válido.',
        'El campo cc no es válido.',
        'El campo op_foto no es válido.',
        'El campo envelopeDeduplicationKey no debe ser mayor que 36 caracteres.',
        'El campo created_by no es válido.',
      ])
    })

    it('item 11: malformed JSON with a valid token → 05 with the JSON message, id "0", not HTML', async () => {
      const r = await client().post('/transacciones/crear', '{"nombre":')
      expect(r.status).toBe(422)
      expect(r.body).toEqual({
        id_transaccion: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El cuerpo de la solicitud no es un JSON válido.'],
      })
      expect(r.type).toMatch(/^application\/json/)
      for (const body of ['[1]', '3', '"x"', 'null'])
        expect((await client().post('/transacciones/crear', body)).body.errores).toEqual([
          'El cuerpo de la solicitud no es un JSON válido.',
        ])
    })

    it('accepts form bodies, numbers as strings, flags as booleans; ignores unknown fields', async () => {
      const c = client()
      const r = await c.raw('/api/v2/transacciones/crear', {
        method: 'POST',
        headers: c.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: 'nombre=Por+formulario&ciclo_aprobacion=true&campos_plantillas=%7B%22name%22%3A%22Ana%22%7D',
      })
      expect(r.status).toBe(200)
      expect((await c.post('/transacciones/crear', { nombre: 12345, ciclo_aprobacion: true, op_btnRechazo: '0', otro: 1 })).status).toBe(
        200,
      )
    })

    it('copies a base transaction; a foreign or unknown base is invalid', async () => {
      const c = client()
      const id = await c.crear({ id_transaccion_base: `${FX}00000000b001` })
      const g = await c.gestionar(id)
      expect(list(g, 'documentos').map((d) => d.nombre)).toEqual(['contrato_estandar.pdf'])
      expect(list(g, 'contactos').map((d) => d.email)).toEqual(['firmante.base@example.com'])
      expect(list(g, 'documentos')[0].id_documento).not.toBe('fxdoc0b01')
      expect((await c.distribuir(id)).status).toBe(200)
      const bad = await c.post('/transacciones/crear', { nombre: 'x', id_transaccion_base: `${FX}000000000001` })
      expect(bad.body.errores).toEqual(['El campo id_transaccion_base no es válido.'])
    })

    it('envelopeDeduplicationKey returns the existing transaction', async () => {
      const c = client()
      const a = await c.crear({ envelopeDeduplicationKey: 'pedido-77' })
      const b = await c.crear({ envelopeDeduplicationKey: 'pedido-77' })
      expect(b).toBe(a)
    })
  })

  describe('§6.6 Cargar Documentos', () => {
    it('item 12: a PDF upload → 200 id_documento; the path serves the bytes', async () => {
      const c = client()
      const id = await c.crear()
      const r = await c.form('/transacciones/cargar_documento', { id_transaccion: id, documento: { name: 'contrato.pdf', bytes: PDF } })
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['id_documento', 'codigo', 'mensaje'])
      expect(str(r, 'id_documento')).toMatch(/^[A-Za-z0-9]{1,200}$/)
      const g = await c.gestionar(id)
      const doc = list<{ path: string }>(g, 'documentos')[0]
      expect(doc.path).toBe(`${door.base('/signio', c.ws)}/storage/documentos/${str(r, 'id_documento')}/contrato.pdf`)
      const file = await door.fetch('/signio', new URL(doc.path).pathname.replace(/^\/ws\/[^/]+\/signio/, ''), c.ws)
      expect(file.headers.get('content-type')).toBe('application/pdf')
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF)
    })

    it('item 13: unknown id_transaccion → 404 with id_documento "0"', async () => {
      const r = await client().form('/transacciones/cargar_documento', {
        id_transaccion: '00000000-0000-4000-8000-000000000000',
        documento: { name: 'contrato.pdf', bytes: PDF },
      })
      expect(r.status).toBe(404)
      expect(r.body).toEqual({ id_documento: '0', codigo: '06', mensaje: 'recurso no encontrado' })
    })

    it('item 14: file type, content, size, missing file — each 05 with id_documento "0", nothing stored', async () => {
      const c = client()
      const id = await c.crear()
      const big = new Uint8Array(10 * 1024 * 1024 + 1)
      big.set(new TextEncoder().encode('%PDF-'))
      const cases: [Record<string, string | { name: string; bytes: Uint8Array }>, string][] = [
        [
          { documento: { name: 'notas.txt', bytes: new TextEncoder().encode('hola') } },
          'El campo documento debe ser un archivo de tipo: doc, docx, xls, xlsx, png, jpg, pdf.',
        ],
        [
          { documento: { name: 'falso.pdf', bytes: new TextEncoder().encode('hola') } },
          'El contenido del archivo documento no corresponde a su extensión.',
        ],
        [
          { documento: { name: 'vacio.pdf', bytes: new Uint8Array(0) } },
          'El contenido del archivo documento no corresponde a su extensión.',
        ],
        [{ documento: { name: 'grande.pdf', bytes: big } }, 'El campo documento no debe ser mayor que 10240 kilobytes.'],
        [{}, 'El campo documento es obligatorio.'],
        [{ documento: 'texto' }, 'El campo documento es obligatorio.'],
      ]
      for (const [fields, message] of cases) {
        const r = await c.form('/transacciones/cargar_documento', { id_transaccion: id, ...fields })
        expect(r.status).toBe(422)
        expect(r.body).toEqual({ id_documento: '0', codigo: '05', mensaje: 'contenido no procesable', errores: [message] })
      }
      expect(list(await c.gestionar(id), 'documentos')).toEqual([])
    })

    it('accepts png/jpg/docx by magic bytes, case-insensitive extension', async () => {
      const c = client()
      const id = await c.crear()
      await c.upload(id, 'FOTO.PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]))
      await c.upload(id, 'foto.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0]))
      await c.upload(id, 'carta.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))
      expect(list(await c.gestionar(id), 'documentos').map((d) => d.nombre)).toEqual(['FOTO.PNG', 'foto.jpg', 'carta.docx'])
      // §2.8: the file URL answers with the type of the file extension.
      const types = []
      for (const d of list<{ path: string }>(await c.gestionar(id), 'documentos'))
        types.push((await door.fetch('/signio', d.path.slice(door.base('/signio', c.ws).length), c.ws)).headers.get('content-type'))
      expect(types).toEqual(['image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'])
    })

    it('metatags link an existing contact by identification or create one from Sig* values; an unknown role → 05', async () => {
      const c = client()
      const id = await c.crear()
      await c.contacto(id, { tipo_identificacion: 'CC', identificacion: '777' })
      const metatags = JSON.stringify({
        deudor: { SigIDType: 'CC', SigID: '777' },
        codeudor: { SigIDType: 'CE', SigID: '888', SigName: 'Pedro Paz', SigEmail: 'pedro@example.com', SigOrder: 2 },
      })
      await c.upload(id, 'pagare.pdf', PDF, { metatags })
      const g = await c.gestionar(id)
      expect(list(g, 'contactos').map((x) => [x.email, x.orden])).toEqual([
        ['laura@example.com', 1],
        ['pedro@example.com', 2],
      ])
      expect((await c.distribuir(id)).status).toBe(200)
      const id2 = await c.crear()
      const r = await c.form('/transacciones/cargar_documento', {
        id_transaccion: id2,
        documento: { name: 'x.pdf', bytes: PDF },
        metatags: JSON.stringify({ fiador: { SigIDType: 'CC', SigID: '1' } }),
      })
      expect(r.body).toEqual({
        id_documento: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El firmante del rol fiador no está registrado en la transacción.'],
      })
      expect(list(await c.gestionar(id2), 'documentos')).toEqual([])
    })

    it('broken multipart → 05 body message', async () => {
      const c = client()
      const r = await c.raw('/api/v2/transacciones/cargar_documento', {
        method: 'POST',
        headers: c.headers({ 'content-type': 'multipart/form-data; boundary=x' }),
        body: '--x\r\nContent-Disposition: form-data; name="documento"\r\n\r\nabc',
      })
      expect(r.status).toBe(422)
      expect(r.body).toEqual({
        id_documento: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El cuerpo de la solicitud no es válido.'],
      })
    })

    it('wrong state → 05 state', async () => {
      const r = await client().form('/transacciones/cargar_documento', {
        id_transaccion: `${FX}000000000002`,
        documento: { name: 'x.pdf', bytes: PDF },
      })
      expect(r.body.errores).toEqual(['La transacción no se encuentra en un estado válido para esta operación.'])
    })
  })

  describe('§6.7–§6.9 signers', () => {
    it('item 15: register → id_firmante; bad enum, missing email, unknown transaction', async () => {
      const c = client()
      const id = await c.crear()
      const base = { id_transaccion: id, nombre: 'Laura', tipo_identificacion: 'CC', identificacion: '1', email: 'laura@example.com' }
      const ok = await c.post('/transacciones/registrar_contacto', base)
      expect(Object.keys(ok.body)).toEqual(['id_firmante', 'codigo', 'mensaje'])
      expect(str(ok, 'id_firmante')).toHaveLength(200)
      const bad = await c.post('/transacciones/registrar_contacto', { ...base, tipo_identificacion: 'XX' })
      expect(bad.body).toEqual({
        id_firmante: '0',
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El campo tipo_identificacion no es válido.'],
      })
      const { email: _email, ...noEmail } = base
      expect((await c.post('/transacciones/registrar_contacto', noEmail)).body.errores).toEqual(['El campo email es obligatorio.'])
      const unknown = await c.post('/transacciones/registrar_contacto', { ...base, id_transaccion: '00000000-0000-4000-8000-000000000000' })
      expect(unknown.status).toBe(404)
      expect(unknown.body).toEqual({ id_firmante: '0', codigo: '06', mensaje: 'recurso no encontrado' })
      const limits = await c.post('/transacciones/registrar_contacto', {
        ...base,
        nombre: 'n'.repeat(51),
        email: 'malo',
        orden: 0,
        rol: 'Otro',
        states: [5],
      })
      expect(limits.body.errores).toEqual([
        'El campo nombre no debe ser mayor que 50 caracteres.',
        'El campo email no es válido.',
        'El campo orden no es válido.',
        'El campo rol no es válido.',
        'El campo states no es válido.',
      ])
    })

    it('item 16: vincular → 00; unknown firmante or documento → 06; bad posicion → 05 with nested name', async () => {
      const c = client()
      const id = await c.crear()
      const doc = await c.upload(id)
      const f = await c.contacto(id)
      const r = await c.post('/transacciones/vincular', {
        id_transaccion: id,
        id_firmante: f,
        id_documento: doc,
        posicion: { pagina: 1, x: 1, y: 2, alto: 30, ancho: 90 },
      })
      expect(r.body).toEqual(ES_OK)
      expect((await c.post('/transacciones/vincular', { id_transaccion: id, id_firmante: 'nope', id_documento: doc })).body).toEqual({
        codigo: '06',
        mensaje: 'recurso no encontrado',
      })
      expect((await c.post('/transacciones/vincular', { id_transaccion: id, id_firmante: f, id_documento: 'nope' })).status).toBe(404)
      const bad = await c.post('/transacciones/vincular', { id_transaccion: id, id_firmante: f, id_documento: doc, posicion: { x: -1 } })
      expect(bad.body.errores).toEqual(['El campo posicion.pagina es obligatorio.', 'El campo posicion.x no es válido.'])
    })

    it('§11.12: Operation_rol and operation_rol are both accepted; a problem names the field as sent', async () => {
      const c = client()
      const id = await c.crear()
      const doc = await c.upload(id)
      const base = { id_transaccion: id, nombre: 'Rol', tipo_identificacion: 'CC', identificacion: '5', email: 'rol@example.com' }
      const f = str(await c.post('/transacciones/registrar_contacto', { ...base, Operation_rol: 'deudor' }), 'id_firmante')
      expect(f).toHaveLength(200)
      expect((await c.post('/transacciones/registrar_contacto', { ...base, operation_rol: 'deudor,codeudor' })).body.codigo).toBe('00')
      expect((await c.post('/transacciones/registrar_contacto', { ...base, Operation_rol: { rol: 1 } })).body.errores).toEqual([
        'El campo Operation_rol no es válido.',
      ])
      expect((await c.post('/transacciones/registrar_contacto', { ...base, operation_rol: true })).body.errores).toEqual([
        'El campo operation_rol no es válido.',
      ])
      const link = { id_transaccion: id, id_firmante: f, id_documento: doc }
      expect((await c.post('/transacciones/vincular', { ...link, Operation_rol: 'deudor' })).body).toEqual(ES_OK)
      expect((await c.post('/transacciones/vincular', { ...link, Operation_rol: [1] })).body.errores).toEqual([
        'El campo Operation_rol no es válido.',
      ])
      expect(list(await c.gestionar(id), 'contactos')).toHaveLength(2)
    })

    it('item 17: cambiar_orden → 00; "dos" → 05', async () => {
      const c = client()
      const { id, firmantes } = await c.ready()
      expect((await c.post('/transacciones/cambiar_orden', { id_transaccion: id, id_firmante: firmantes[0], orden: 2 })).body).toEqual(
        ES_OK,
      )
      expect(list(await c.gestionar(id), 'contactos')[0].orden).toBe(2)
      const bad = await c.post('/transacciones/cambiar_orden', { id_transaccion: id, id_firmante: firmantes[0], orden: 'dos' })
      expect(bad.status).toBe(422)
      expect(bad.body).toEqual({ codigo: '05', mensaje: 'contenido no procesable', errores: ['El campo orden no es válido.'] })
    })
  })

  describe('§6.10 distribute, §6.11 gestionar, §6.2 list', () => {
    it('item 18: distribute → 00, estado 2, e-mail with one link', async () => {
      const c = client()
      const { id } = await c.ready([{ email: 'firma18@example.com' }], { nombre: 'Contrato 18' })
      expect((await c.distribuir(id)).body).toEqual(ES_OK)
      expect((await c.gestionar(id)).body.estado).toBe(2)
      const mails = (await door.control(c.ws).outbox({ vendor: 'signio', type: 'email' })).items.filter(
        (m) => m.to === 'firma18@example.com',
      )
      expect(mails).toHaveLength(1)
      expect(mails[0]).toMatchObject({ subject: 'Documentos pendientes de firma: Contrato 18', id_transaccion: id })
      expect(mails[0].links).toHaveLength(1)
    })

    it('item 19: distribute twice → state; empty transaction → no docs + no signers; unlinked signer named', async () => {
      const c = client()
      const { id } = await c.ready()
      await c.distribuir(id)
      const again = await c.distribuir(id)
      expect(again.status).toBe(422)
      expect(again.body.errores).toEqual(['La transacción no se encuentra en un estado válido para esta operación.'])
      const empty = await c.distribuir(await c.crear())
      expect(empty.body.errores).toEqual(['La transacción no tiene documentos.', 'La transacción no tiene firmantes.'])
      const id2 = await c.crear()
      await c.upload(id2)
      await c.contacto(id2, { email: 'suelto@example.com' })
      expect((await c.distribuir(id2)).body.errores).toEqual(['El firmante suelto@example.com no está vinculado a ningún documento.'])
    })

    it('item 20: list by estado; 5 → 05; {} lists the fixtures but not other clients or bases', async () => {
      const c = client()
      const { id } = await c.ready()
      await c.distribuir(id)
      const ids = async (body: unknown) =>
        list<{ id_transaccion: string }>(await c.post('/transacciones/listar', body), 'transacciones').map((t) => t.id_transaccion)
      expect(await ids({ estado: 2 })).toContain(id)
      expect(await ids({ estado: 1 })).not.toContain(id)
      const bad = await c.post('/transacciones/listar', { estado: 5 })
      expect(bad.status).toBe(422)
      expect(bad.body).toEqual({ codigo: '05', mensaje: 'contenido no procesable', errores: ['El campo estado no es válido.'] })
      const all = await ids({})
      for (const s of ['0001', '0002', '0003', '0004', '0006', '0007', '0008']) expect(all).toContain(`${FX}00000000${s}`)
      for (const s of ['0101', 'b001', 'b002']) expect(all).not.toContain(`${FX}00000000${s}`)
      const r = await c.get('/transacciones/listar?estado=3')
      expect(list(r, 'transacciones')).toEqual([
        {
          id_transaccion: `${FX}000000000003`,
          nombre: 'Contrato laboral - firmado',
          estado: 3,
          external_id: 'fixture-003',
          fecha_creacion: '2025-01-05T08:00:00+00:00',
          fecha_actualizacion: '2025-01-06T10:15:00+00:00',
        },
      ])
    })

    it('§6.2 order: newest fecha_creacion first, ties by id_transaccion', async () => {
      const c = client()
      await door.control(c.ws).setClock({ frozen_at: '2026-01-01T00:00:00Z' })
      const made = [await c.crear(), await c.crear(), await c.crear()]
      const ids = list<{ id_transaccion: string }>(await c.post('/transacciones/listar', {}), 'transacciones').map((t) => t.id_transaccion)
      const fixtures = ['0008', '0007', '0002', '0001', '0004', '0003', '0006'].map((s) => `${FX}00000000${s}`)
      expect(ids).toEqual([...[...made].sort(), ...fixtures])
    })

    it('item 21: gestionar keys; unknown → 06; another client’s fixture → 06', async () => {
      const c = client()
      const { id } = await c.ready()
      const g = await c.gestionar(id)
      expect(Object.keys(g.body)).toEqual([
        'id_transaccion',
        'nombre',
        'mensaje',
        'mensaje_transaccion',
        'ciclo_aprobacion',
        'estado',
        'external_id',
        'fecha_creacion',
        'fecha_actualizacion',
        'documentos',
        'contactos',
        'firmas',
        'codigo',
      ])
      expect(g.body).toMatchObject({ mensaje: 'Operación correcta', codigo: '00', firmas: [], estado: 1 })
      expect(Object.keys(list(g, 'documentos')[0])).toEqual(['id_documento', 'nombre', 'path'])
      expect(Object.keys(list(g, 'contactos')[0])).toEqual([
        'id_contacto',
        'tipo_identificacion',
        'identificacion',
        'nombre',
        'email',
        'orden',
        'tipo_firma',
        'aprobador',
        'enable_comments',
      ])
      expect(g.body.fecha_creacion).toMatch(DATETIME)
      const post = await c.post('/transacciones/gestionar', { id_transaccion: id })
      expect(post.body).toEqual(g.body)
      expect((await c.gestionar('00000000-0000-4000-8000-000000000000')).body).toEqual({ codigo: '06', mensaje: 'recurso no encontrado' })
      expect((await c.gestionar(`${FX}000000000101`)).status).toBe(404)
      expect((await c.gestionar(`${FX}00000000b001`)).status).toBe(404)
      expect((await c.get('/transacciones/gestionar')).body.errores).toEqual(['El campo id_transaccion es obligatorio.'])
    })

    it('fixture 0003: the §6.11 example, protected document with path null', async () => {
      const c = client()
      const g = await c.gestionar(`${FX}000000000003`)
      expect(g.body).toMatchObject({
        nombre: 'Contrato laboral - firmado',
        mensaje_transaccion: 'Por favor firme su contrato laboral.',
        estado: 3,
        documentos: [
          {
            id_documento: 'fxdoc0003',
            nombre: 'contrato_laboral.pdf',
            path: `${door.base('/signio', c.ws)}/storage/documentos/fxdoc0003/contrato_laboral.pdf`,
          },
          { id_documento: 'fxdoc0004', nombre: 'pagare.pdf', path: null },
        ],
        firmas: [
          { id_firmante: 'fxfir0004', id_documento: 'fxdoc0003', aprobador: 0, fecha_firma: '2025-01-06T10:15:00+00:00' },
          { id_firmante: 'fxfir0004', id_documento: 'fxdoc0004', aprobador: 0, fecha_firma: '2025-01-06T10:15:00+00:00' },
        ],
      })
      expect((await door.fetch('/signio', '/storage/documentos/fxdoc0004/pagare.pdf', c.ws)).status).toBe(404)
      const served = await door.fetch('/signio', '/storage/documentos/fxdoc0003/contrato_laboral.pdf', c.ws)
      expect(new TextDecoder().decode((await served.arrayBuffer()).slice(0, 5))).toBe('%PDF-')
    })
  })

  describe('§6.3, §6.4, §6.12–§6.15', () => {
    it('item 28: tags and base transactions', async () => {
      const c = client()
      const t = await c.get('/tags/listar')
      expect(t.body).toEqual({ tags: ['Contratos', 'Pagarés', 'Recursos Humanos', 'Ventas'], ...ES_OK })
      const b = await c.get('/transacciones/listar_base')
      expect(list(b, 'transacciones')).toEqual([
        { id_transaccion: `${FX}00000000b001`, nombre: 'Base - contrato estándar', fecha_creacion: '2024-12-01T12:00:00+00:00' },
        { id_transaccion: `${FX}00000000b002`, nombre: 'Base - pagaré', fecha_creacion: '2024-12-02T12:00:00+00:00' },
      ])
      expect((await c.post('/tags/listar', {})).status).toBe(200)
    })

    it('item 26: devolver a distributed transaction → 1; again → 05; Firmada fixture → 05', async () => {
      const c = client()
      const { id } = await c.ready()
      await c.distribuir(id)
      expect((await c.post('/transacciones/devolver', { id_transaccion: id })).body).toEqual(ES_OK)
      expect((await c.gestionar(id)).body.estado).toBe(1)
      expect((await c.post('/transacciones/devolver', { id_transaccion: id })).status).toBe(422)
      const f = await c.post('/transacciones/devolver', { id_transaccion: `${FX}000000000003` })
      expect(f.body).toEqual({
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['La transacción no se encuentra en un estado válido para esta operación.'],
      })
    })

    it('item 27: eliminar a state-1 transaction → gone with its files; fixture 0002 → 05; DELETE with query', async () => {
      const c = client()
      const { id, doc } = await c.ready()
      expect((await c.post('/transacciones/eliminar', { id_transaccion: id })).body).toEqual(ES_OK)
      expect((await c.gestionar(id)).status).toBe(404)
      expect((await door.fetch('/signio', `/storage/documentos/${doc}/contrato.pdf`, c.ws)).status).toBe(404)
      // §6.13: every service answers 06 for the deleted id and its documents, in its own family.
      expect((await c.post('/documentos/proteger', { id_documento: doc, protect: true })).text).toBe(
        '{"codigo":"06","mensaje":"recurso no encontrado"}',
      )
      expect((await c.form('/transacciones/cargar_documento', { id_transaccion: id, documento: { name: 'x.pdf', bytes: PDF } })).text).toBe(
        '{"id_documento":"0","codigo":"06","mensaje":"recurso no encontrado"}',
      )
      expect((await c.get(`/envelopes/${id}/magic-link`)).text).toBe('{"code":"06","message":"recurso no encontrado"}')
      expect((await c.post('/transacciones/eliminar', { id_transaccion: id })).status).toBe(404)
      expect((await c.post('/transacciones/eliminar', { id_transaccion: `${FX}000000000002` })).status).toBe(422)
      const id2 = await c.crear()
      const del = await c.raw(`/api/v2/transacciones/eliminar?id_transaccion=${id2}`, { method: 'DELETE', headers: c.headers() })
      expect(del.body).toEqual(ES_OK)
    })

    it('item 29: proteger (also with a trailing slash); unknown → 06; "quizás" → 05', async () => {
      const c = client()
      const { doc } = await c.ready()
      expect((await c.post('/documentos/proteger', { id_documento: doc, protect: true })).body).toEqual(ES_OK)
      expect((await c.post('/documentos/proteger/', { id_documento: doc, protect: 'false' })).body).toEqual(ES_OK)
      expect((await c.post('/documentos/proteger', { id_documento: 'nope', protect: true })).status).toBe(404)
      const bad = await c.post('/documentos/proteger', { id_documento: doc, protect: 'quizás' })
      expect(bad.body).toEqual({ codigo: '05', mensaje: 'contenido no procesable', errores: ['El campo protect no es válido.'] })
      expect((await c.post('/documentos/proteger', { id_documento: 'fxdoc0101', protect: true })).status).toBe(404)
    })

    it('§6.15 campos_plantillas of fixture 0007; none → []', async () => {
      const c = client()
      const r = await c.get(`/transacciones/campos_plantillas?id_transaccion=${FX}000000000007`)
      expect(r.body).toEqual({
        codigo: '00',
        campos: [
          { id_documento: 'fxdoc0007', nombre: 'name', valor: 'Hugo Castro' },
          { id_documento: 'fxdoc0007', nombre: 'identification', valor: '' },
          { id_documento: 'fxdoc0007', nombre: 'city', valor: '' },
        ],
        mensaje: 'Operación correcta',
      })
      expect((await c.post('/transacciones/campos_plantillas', { id_transaccion: `${FX}000000000001` })).body.campos).toEqual([])
    })
  })
})
