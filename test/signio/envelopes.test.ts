import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { DATETIME, EN_OK, FX, list, PDF, Signio, str } from './helpers.js'

eachDoor('signio envelopes and templates (§6.16–§6.24)', (door) => {
  const client = () => new Signio(door, door.workspace('sg-env'))
  const UNKNOWN = '00000000-0000-4000-8000-000000000000'

  describe('§6.17–§6.19 templates', () => {
    it('item 30: list, use, fields, update, and their errors', async () => {
      const c = client()
      const t = await c.get('/templates')
      expect(Object.keys(t.body)).toEqual(['templates', 'code', 'message'])
      expect(t.body).toMatchObject(EN_OK)
      expect(list(t, 'templates')[0]).toEqual({
        id: 101,
        name: 'Contrato de prestación de servicios',
        description: 'Contrato estándar con datos del contratista',
        type: 'PLL',
        status: 1,
        protected: false,
        roles: 'contratante,contratista',
        created_at: '2024-11-01T10:00:00+00:00',
      })
      expect(list(t, 'templates').map((x) => [x.id, x.type, x.status, x.protected])).toEqual([
        [101, 'PLL', 1, false],
        [102, 'XFORM', 1, true],
        [103, 'PLL', 2, false],
      ])

      const id = await c.crear()
      const use = await c.post(`/envelopes/${id}/templates`, { template_id: 101, fields: { name: 'Juan', otro: 'x' } })
      expect(use.status).toBe(200)
      expect(Object.keys(use.body)).toEqual(['code', 'document', 'message'])
      const doc = use.body.document as { id: string; name: string; template_id: number; fields: Record<string, string>; created_at: string }
      expect(doc).toMatchObject({
        name: 'Contrato de prestación de servicios.pdf',
        template_id: 101,
        fields: { name: 'Juan', identification: '', city: '' },
      })
      expect(doc.created_at).toMatch(DATETIME)
      const campos = await c.get(`/transacciones/campos_plantillas?id_transaccion=${id}`)
      expect(list(campos, 'campos')).toEqual([
        { id_documento: doc.id, nombre: 'name', valor: 'Juan' },
        { id_documento: doc.id, nombre: 'identification', valor: '' },
        { id_documento: doc.id, nombre: 'city', valor: '' },
      ])
      const upd = await c.put(`/envelopes/${id}/templates/${doc.id}`, { fields: { identification: 987 } })
      expect(upd.status).toBe(200)
      expect((upd.body.document as typeof doc).fields).toEqual({ name: 'Juan', identification: '987', city: '' })

      const inactive = await c.post(`/envelopes/${id}/templates`, { template_id: 103 })
      expect(inactive.status).toBe(422)
      expect(inactive.body).toEqual({ code: '05', message: 'contenido no procesable', errors: ['La plantilla 103 se encuentra inactiva.'] })
      expect((await c.post(`/envelopes/${id}/templates`, { template_id: 999 })).body).toEqual({
        code: '06',
        message: 'recurso no encontrado',
      })
      expect((await c.post(`/envelopes/${UNKNOWN}/templates`, { template_id: 101 })).status).toBe(404)
      const malformed = await c.post(`/envelopes/${id}/templates`, '{"template_id":')
      expect(malformed.status).toBe(422)
      expect(malformed.body).toEqual({
        code: '05',
        message: 'contenido no procesable',
        errors: ['El cuerpo de la solicitud no es un JSON válido.'],
      })
      expect((await c.post(`/envelopes/${id}/templates`, {})).body.errors).toEqual(['El campo template_id es obligatorio.'])
      expect((await c.put(`/envelopes/${id}/templates/nope`, { fields: {} })).status).toBe(404)
      const g = await c.gestionar(id)
      expect(list(g, 'documentos')).toHaveLength(1)
    })

    it('campos_plantillas of the transaction fill the template at use', async () => {
      const c = client()
      const id = await c.crear({ campos_plantillas: { city: 'Medellín', ignorado: 'x' } })
      const use = await c.post(`/envelopes/${id}/templates`, { template_id: 101 })
      expect((use.body.document as { fields: object }).fields).toEqual({ name: '', identification: '', city: 'Medellín' })
    })

    it('§6.18 links the template document as Adjunto to every contact', async () => {
      const c = client()
      const id = await c.crear()
      await c.contacto(id)
      await c.post(`/envelopes/${id}/templates`, { template_id: 101, fields: { name: 'a', identification: 'b', city: 'c' } })
      expect((await c.distribuir(id)).body.codigo).toBe('00')
    })
  })

  describe('§6.16 Buscar sobres', () => {
    it('item 32: filter by name, status; invalid status and offset → 05', async () => {
      const c = client()
      const name = `Sobre único ${Date.now()}`
      const id = await c.crear({ nombre: name })
      const r = await c.get(`/envelopes?filter%5Bname%5D=${encodeURIComponent(name.toUpperCase())}`)
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['envelopes', 'code', 'message'])
      expect(r.body).toMatchObject(EN_OK)
      const envs = list(r, 'envelopes')
      expect(envs).toHaveLength(1)
      expect(Object.keys(envs[0])).toEqual(['id', 'name', 'status', 'created_at', 'updated_at', 'documents_count'])
      expect(envs[0]).toMatchObject({ id, name, status: 'En Proceso', documents_count: 0 })
      const signed = await c.get('/envelopes?filter[status]=firmada')
      expect(list(signed, 'envelopes').map((e) => e.id)).toContain(`${FX}000000000003`)
      for (const q of ['filter[status]=Borrador', 'offset=-1', 'sort=nombre', 'filter[from]=ayer']) {
        const bad = await c.get(`/envelopes?${q}`)
        expect(bad.status).toBe(422)
        expect(bad.body.code).toBe('05')
        expect(bad.body.errors).toEqual([`El campo ${q.split('=')[0]} no es válido.`])
      }
    })

    it('sorts, dates and offset', async () => {
      const c = client()
      const byName = list(await c.get('/envelopes?sort=+name'), 'envelopes').map((e) => e.name as string)
      expect(byName).toEqual([...byName].sort())
      const desc = list(await c.get('/envelopes?sort=-updated_at'), 'envelopes').map((e) => e.updated_at as string)
      expect(desc).toEqual([...desc].sort().reverse())
      const jan = list(await c.get('/envelopes?filter[from]=2025-01-10&filter[to]=2025-01-11'), 'envelopes').map((e) => e.id)
      expect(jan).toEqual([`${FX}000000000002`, `${FX}000000000001`])
      const all = list(await c.get('/envelopes'), 'envelopes')
      expect(list(await c.get('/envelopes?offset=2'), 'envelopes')).toEqual(all.slice(2))
    })
  })

  describe('§6.20, §6.22–§6.24', () => {
    it('item 33: magic link; unknown → 06', async () => {
      const c = client()
      const r = await c.get(`/envelopes/${FX}000000000001/magic-link`)
      expect(Object.keys(r.body)).toEqual(['magic_link', 'code', 'message'])
      expect(str(r, 'magic_link')).toMatch(new RegExp(`^${door.base('/signio', c.ws).replace(/[.]/g, '\\.')}/magic-link/[A-Za-z0-9]{64}$`))
      const link = await door.fetch('/signio', new URL(str(r, 'magic_link')).pathname.replace(/^\/ws\/[^/]+\/signio/, ''), c.ws)
      // The link opens the envelope's (read-only) page.
      expect(link.status).toBe(200)
      expect(link.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect((await c.get(`/envelopes/${UNKNOWN}/magic-link`)).body).toEqual({ code: '06', message: 'recurso no encontrado' })
    })

    it('item 35: TVE upload (JSON and multipart) and edit', async () => {
      const c = client()
      const id = await c.crear()
      const simple = {
        type: 'SIMPLE',
        template_id: '102',
        reference: 'R-1',
        expiration: '2026-12-31',
        amount: 1500000,
        payment_way: 'Transferencia',
        payment_place: 'Bogotá',
      }
      const r = await c.post(`/envelopes/${id}/tve`, simple)
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['code', 'document_id', 'message'])
      const docId = str(r, 'document_id')
      const { amount: _a, ...noAmount } = simple
      expect((await c.post(`/envelopes/${id}/tve`, noAmount)).body).toEqual({
        code: '05',
        message: 'contenido no procesable',
        errors: ['El campo amount es obligatorio.'],
      })
      expect((await c.post(`/envelopes/${id}/tve`, { ...simple, template_id: '101' })).body.errors).toEqual([
        'La plantilla 101 no es una plantilla TVE.',
      ])
      expect((await c.post(`/envelopes/${id}/tve`, { ...simple, template_id: '999' })).status).toBe(404)
      const ext = await c.form(`/envelopes/${id}/tve`, {
        type: 'BLANK',
        template_id: '0',
        consecutive: 'C-001',
        document: { name: 'pagare_externo.pdf', bytes: PDF },
      })
      expect(ext.status).toBe(200)
      const noFile = await c.form(`/envelopes/${id}/tve`, { type: 'BLANK', template_id: '0' })
      expect(noFile.body.errors).toEqual(['El campo document es obligatorio.', 'El campo consecutive es obligatorio.'])
      const txt = await c.form(`/envelopes/${id}/tve`, {
        type: 'BLANK',
        template_id: '0',
        consecutive: 'C',
        document: { name: 'a.png', bytes: PDF },
      })
      expect(txt.body.errors).toEqual(['El campo document debe ser un archivo de tipo: pdf.'])
      const edit = await c.put(`/envelopes/${id}/tve/${docId}`, { type: 'BLANK' })
      expect(edit.body).toEqual({ code: '00', document_id: docId, message: 'Operación correcta' })
      expect((await c.put(`/envelopes/${id}/tve/nope`, { type: 'BLANK' })).status).toBe(404)
      expect((await c.put(`/envelopes/${id}/tve/${docId}`, { type: 'OTRO' })).body.errors).toEqual(['El campo type no es válido.'])
      const docs = list(await c.gestionar(id), 'documentos')
      expect(docs.map((d) => d.nombre)).toEqual(['Pagaré TVE.pdf', 'pagare_externo.pdf'])
    })

    it('§2.5 TVE errors: every problem, conditional requirements included, in field-table order', async () => {
      const c = client()
      const id = await c.crear()
      const errors = async (reply: Promise<{ body: Record<string, unknown> }>) => (await reply).body.errors
      // amount is wrong, the other SIMPLE fields missing: table order is expiration, amount, payment_way, payment_place.
      expect(await errors(c.post(`/envelopes/${id}/tve`, { type: 'SIMPLE', template_id: '102', amount: 0 }))).toEqual([
        'El campo expiration es obligatorio.',
        'El campo amount no es válido.',
        'El campo payment_way es obligatorio.',
        'El campo payment_place es obligatorio.',
      ])
      // A wrong field elsewhere does not hide the SIMPLE requirements.
      expect(await errors(c.post(`/envelopes/${id}/tve`, { type: 'SIMPLE', template_id: 'x', reference: 'r'.repeat(256) }))).toEqual([
        'El campo template_id no es válido.',
        'El campo reference no debe ser mayor que 255 caracteres.',
        'El campo expiration es obligatorio.',
        'El campo amount es obligatorio.',
        'El campo payment_way es obligatorio.',
        'El campo payment_place es obligatorio.',
      ])
      // template_id 0: document comes before consecutive, and a wrong reference does not hide them.
      expect(
        await errors(
          c.form(`/envelopes/${id}/tve`, { type: 'BLANK', template_id: '0', reference: 'r'.repeat(256), consecutive: 'c'.repeat(256) }),
        ),
      ).toEqual([
        'El campo reference no debe ser mayor que 255 caracteres.',
        'El campo document es obligatorio.',
        'El campo consecutive no debe ser mayor que 255 caracteres.',
      ])
      const tve = await c.post(`/envelopes/${id}/tve`, { type: 'BLANK', template_id: '102' })
      expect(await errors(c.put(`/envelopes/${id}/tve/${str(tve, 'document_id')}`, { type: 'SIMPLE', amount: 'mucho' }))).toEqual([
        'El campo expiration es obligatorio.',
        'El campo amount no es válido.',
        'El campo payment_way es obligatorio.',
        'El campo payment_place es obligatorio.',
      ])
      expect(list(await c.gestionar(id), 'documentos')).toHaveLength(1)
    })

    it('item 36: on-premise signed URL', async () => {
      const c = client()
      const { id } = await c.ready([{ tipo_identificacion: 'CC', identificacion: '555' }], { on_premise_signature: 1 })
      await c.distribuir(id)
      const body = { document_type: 'CC', document: '555', transaction_id: id, direct_signature: 1 }
      const r = await c.put('/envelope/onpremise/get-signed-url', body)
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['url', 'code', 'message'])
      expect(str(r, 'url')).toMatch(/\/onpremise\/[A-Za-z0-9]{64}$/)
      const plain = await c.ready([{ identificacion: '555' }])
      expect((await c.put('/envelope/onpremise/get-signed-url', { ...body, transaction_id: plain.id })).body).toEqual({
        code: '05',
        message: 'contenido no procesable',
        errors: ['La firma en sitio no está habilitada para este sobre o contacto.'],
      })
      expect((await c.put('/envelope/onpremise/get-signed-url', { ...body, transaction_id: UNKNOWN })).status).toBe(404)
      expect((await c.put('/envelope/onpremise/get-signed-url', { ...body, document: '000' })).status).toBe(404)
      expect(
        (
          await c.put('/envelope/onpremise/get-signed-url', {
            ...body,
            transaction_id: `${FX}000000000002`,
            document_type: 'CE',
            document: '3030303',
          })
        ).body.errors,
      ).toEqual(['La transacción no se encuentra en un estado válido para esta operación.'])
      expect(
        (await c.put('/envelope/onpremise/get-signed-url', { ...body, document_type: 'ZZ', confirmation_url: 'ftp://x' })).body.errors,
      ).toEqual(['El campo document_type no es válido.', 'El campo confirmation_url no es válido.'])
    })
  })
})
