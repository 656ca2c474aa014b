import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { FX, Signio } from './helpers.js'

/**
 * The spec's example replies, compared as text: clients of the real API parse these bodies, and `toEqual`
 * elsewhere does not see key order (signio.md §2.3 "Key order in the examples is the order to emit").
 */
eachDoor('signio example replies byte for byte (§4)', (door) => {
  const client = () => new Signio(door, door.workspace('sg-ex'))
  const text = (value: unknown) => JSON.stringify(value)

  describe('ES family', () => {
    it('§6.2 listar, §6.3 tags, §6.4 listar_base', async () => {
      const c = client()
      expect((await c.get('/transacciones/listar?estado=2')).text).toBe(
        text({
          transacciones: [
            {
              id_transaccion: `${FX}000000000002`,
              nombre: 'Acuerdo de confidencialidad - pendiente',
              estado: 2,
              external_id: 'fixture-002',
              fecha_creacion: '2025-01-11T09:30:00+00:00',
              fecha_actualizacion: '2025-01-11T09:45:00+00:00',
            },
          ],
          codigo: '00',
          mensaje: 'Operación correcta',
        }),
      )
      expect((await c.get('/tags/listar')).text).toBe(
        '{"tags":["Contratos","Pagarés","Recursos Humanos","Ventas"],"codigo":"00","mensaje":"Operación correcta"}',
      )
      expect((await c.get('/transacciones/listar_base')).text).toBe(
        text({
          transacciones: [
            { id_transaccion: `${FX}00000000b001`, nombre: 'Base - contrato estándar', fecha_creacion: '2024-12-01T12:00:00+00:00' },
            { id_transaccion: `${FX}00000000b002`, nombre: 'Base - pagaré', fecha_creacion: '2024-12-02T12:00:00+00:00' },
          ],
          codigo: '00',
          mensaje: 'Operación correcta',
        }),
      )
    })

    it('§6.11 gestionar fixture 0003 is the spec example', async () => {
      const c = client()
      const base = door.base('/signio', c.ws)
      expect((await c.gestionar(`${FX}000000000003`)).text).toBe(
        text({
          id_transaccion: `${FX}000000000003`,
          nombre: 'Contrato laboral - firmado',
          mensaje: 'Operación correcta',
          mensaje_transaccion: 'Por favor firme su contrato laboral.',
          ciclo_aprobacion: 0,
          estado: 3,
          external_id: 'fixture-003',
          fecha_creacion: '2025-01-05T08:00:00+00:00',
          fecha_actualizacion: '2025-01-06T10:15:00+00:00',
          documentos: [
            {
              id_documento: 'fxdoc0003',
              nombre: 'contrato_laboral.pdf',
              path: `${base}/storage/documentos/fxdoc0003/contrato_laboral.pdf`,
            },
            { id_documento: 'fxdoc0004', nombre: 'pagare.pdf', path: null },
          ],
          contactos: [
            {
              id_contacto: 'fxfir0004',
              tipo_identificacion: 'CC',
              identificacion: '4040404040',
              nombre: 'Elena Torres',
              email: 'elena.torres@example.com',
              orden: 1,
              tipo_firma: 0,
              aprobador: 0,
              enable_comments: false,
            },
          ],
          firmas: [
            { id_firmante: 'fxfir0004', id_documento: 'fxdoc0003', aprobador: 0, fecha_firma: '2025-01-06T10:15:00+00:00' },
            { id_firmante: 'fxfir0004', id_documento: 'fxdoc0004', aprobador: 0, fecha_firma: '2025-01-06T10:15:00+00:00' },
          ],
          codigo: '00',
        }),
      )
    })

    it('§6.15 campos_plantillas of fixture 0007; bare 00 replies of §6.8–§6.10, §6.12–§6.14', async () => {
      const c = client()
      expect((await c.get(`/transacciones/campos_plantillas?id_transaccion=${FX}000000000007`)).text).toBe(
        '{"codigo":"00","campos":[{"id_documento":"fxdoc0007","nombre":"name","valor":"Hugo Castro"},{"id_documento":"fxdoc0007","nombre":"identification","valor":""},{"id_documento":"fxdoc0007","nombre":"city","valor":""}],"mensaje":"Operación correcta"}',
      )
      const { id, doc, firmantes } = await c.ready()
      const ok = '{"codigo":"00","mensaje":"Operación correcta"}'
      expect((await c.post('/transacciones/vincular', { id_transaccion: id, id_firmante: firmantes[0], id_documento: doc })).text).toBe(ok)
      expect((await c.post('/transacciones/cambiar_orden', { id_transaccion: id, id_firmante: firmantes[0], orden: 2 })).text).toBe(ok)
      expect((await c.post('/documentos/proteger', { id_documento: doc, protect: false })).text).toBe(ok)
      expect((await c.distribuir(id)).text).toBe(ok)
      expect((await c.post('/transacciones/devolver', { id_transaccion: id })).text).toBe(ok)
      expect((await c.post('/transacciones/eliminar', { id_transaccion: id })).text).toBe(ok)
    })
  })

  describe('EN family', () => {
    it('§6.16 the 0003 envelope and §6.17 the templates', async () => {
      const c = client()
      expect((await c.get('/envelopes?filter[name]=Contrato%20laboral')).text).toBe(
        '{"envelopes":[{"id":"5f1c0c9e-8a4b-4c1d-9e2f-000000000003","name":"Contrato laboral - firmado","status":"Firmada","created_at":"2025-01-05T08:00:00+00:00","updated_at":"2025-01-06T10:15:00+00:00","documents_count":2}],"code":"00","message":"Operación correcta"}',
      )
      const template = (
        id: number,
        name: string,
        description: string,
        type: string,
        status: number,
        isProtected: boolean,
        roles: string,
        day: string,
      ) => ({ id, name, description, type, status, protected: isProtected, roles, created_at: `2024-11-${day}T10:00:00+00:00` })
      expect((await c.get('/templates')).text).toBe(
        text({
          templates: [
            template(
              101,
              'Contrato de prestación de servicios',
              'Contrato estándar con datos del contratista',
              'PLL',
              1,
              false,
              'contratante,contratista',
              '01',
            ),
            template(102, 'Pagaré TVE', 'Pagaré con título valor electrónico', 'XFORM', 1, true, 'deudor', '02'),
            template(103, 'Plantilla inactiva', 'Plantilla fuera de uso', 'PLL', 2, false, 'firmante1', '03'),
          ],
          code: '00',
          message: 'Operación correcta',
        }),
      )
    })

    it('§6.18/§6.19 document shape and §6.23 reply keep the example key order', async () => {
      const c = client()
      const id = await c.crear()
      const use = await c.post(`/envelopes/${id}/templates`, { template_id: 101, fields: { name: 'Juan Pérez' } })
      const document = use.body.document as Record<string, unknown>
      expect(Object.keys(document)).toEqual(['id', 'name', 'template_id', 'fields', 'created_at'])
      expect(use.text).toBe(
        text({
          code: '00',
          document: {
            id: document.id,
            name: 'Contrato de prestación de servicios.pdf',
            template_id: 101,
            fields: { name: 'Juan Pérez', identification: '', city: '' },
            created_at: document.created_at,
          },
          message: 'Operación correcta',
        }),
      )
      const upd = await c.put(`/envelopes/${id}/templates/${document.id as string}`, { fields: { city: 'Bogotá' } })
      expect(upd.text).toBe(
        text({
          code: '00',
          document: { ...document, fields: { name: 'Juan Pérez', identification: '', city: 'Bogotá' } },
          message: 'Operación correcta',
        }),
      )
      const tve = await c.post(`/envelopes/${id}/tve`, { type: 'BLANK', template_id: '102' })
      const docId = tve.body.document_id as string
      expect((await c.put(`/envelopes/${id}/tve/${docId}`, { type: 'BLANK' })).text).toBe(
        text({ code: '00', document_id: docId, message: 'Operación correcta' }),
      )
    })
  })
})
