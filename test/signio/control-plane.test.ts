import { afterAll, beforeAll, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { ControlClientError } from '../../src/sandbox/client.js'
import { FX, list, Signio } from './helpers.js'

/** The signing flow (§5, §6, §7, §9): simulate actions, e-mails and the callback to a real receiver. */
eachDoor('signio life cycle', (door) => {
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await startReceiver('/signio-callback')
  })
  afterAll(() => receiver.close())

  const client = () => new Signio(door, door.workspace('sg-life'))

  /** The control-plane error of a simulate call. */
  async function refused(p: Promise<unknown>): Promise<{ status: number; error: string | undefined }> {
    try {
      await p
    } catch (e) {
      if (e instanceof ControlClientError) return { status: e.status, error: e.body.error }
      throw e
    }
    throw new Error('expected the simulate call to fail')
  }

  async function callbacks(ws: string, id: string) {
    const ctl = door.control(ws)
    await ctl.flushOutbox()
    return (await ctl.outbox({ vendor: 'signio', type: 'callback' })).items.filter((e) => e.id_transaccion === id)
  }

  it('item 22: set_callback, sign to Firmada, callback recorded and received', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const set = await ctl.simulate('signio', 'set_callback', { url: receiver.url })
    expect(set).toEqual({ tenant: 'legops-demo', callback_url: receiver.url })
    expect((await refused(ctl.simulate('signio', 'set_callback', { url: 'not a url' }))).status).toBe(400)
    expect((await refused(ctl.simulate('signio', 'set_callback', { url: receiver.url, tenant: 'no-existe' }))).status).toBe(404)

    const { id, doc } = await c.ready([{ email: 'firma22@example.com' }], { external_id: 'pedido-22', nombre: 'Contrato 22' })
    await c.distribuir(id)
    const signed = await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'FIRMA22@example.com' })
    expect(signed).toMatchObject({ id_transaccion: id, estado: 3, firmante: { email: 'firma22@example.com', estado: 'firmado' } })
    const g = await c.gestionar(id)
    expect(g.body.estado).toBe(3)
    const firmas = list(g, 'firmas')
    expect(firmas).toHaveLength(1)
    expect(firmas[0]).toMatchObject({ id_documento: doc, aprobador: 0 })
    expect(firmas[0].fecha_firma).toMatch(/\+00:00$/)

    const [cb] = await callbacks(c.ws, id)
    expect(cb).toMatchObject({ url: receiver.url, state: 'delivered', method: 'POST' })
    const body = JSON.parse(cb.body as string)
    // The in-process control call is rooted at the real origin (§2.8): no /signio, and /ws/<id> to lead back to the workspace.
    const ruta = `https://signio.stage.legops.com/ws/${c.ws}/storage/documentos/${doc}/contrato.pdf`
    expect(body).toEqual({
      id,
      id_transaccion: id,
      external_id: 'pedido-22',
      nombre: 'Contrato 22',
      estado: 3,
      Documentos: [{ id_documento: doc, nombre: 'contrato.pdf', ruta }],
      documentos: [{ id_documento: doc, nombre: 'contrato.pdf', ruta }],
    })
    // §7: "Key order as in the example" — toEqual alone does not see it.
    expect(Object.keys(body)).toEqual(['id', 'id_transaccion', 'external_id', 'nombre', 'estado', 'Documentos', 'documentos'])
    expect(Object.keys(body.Documentos[0])).toEqual(['id_documento', 'nombre', 'ruta'])
    const got = receiver.received.filter((r) => JSON.parse(r.body).id === id)
    expect(got).toHaveLength(1)
    expect(got[0].method).toBe('POST')
    expect(got[0].headers['content-type']).toBe('application/json')
    expect(got[0].headers['user-agent']).toBe('Signio-Callback/1.0 (esign-sandbox)')
    expect(JSON.parse(got[0].body)).toEqual(body)
  })

  it('item 23: serial order — only group 1 e-mailed, group 2 waits its turn', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const { id } = await c.ready([
      { email: 'uno@example.com', orden: 1 },
      { email: 'dos@example.com', orden: 2, identificacion: '2' },
    ])
    await c.distribuir(id)
    const mailsTo = async (to: string) => (await ctl.outbox({ vendor: 'signio', type: 'email' })).items.filter((m) => m.to === to)
    expect(await mailsTo('uno@example.com')).toHaveLength(1)
    expect(await mailsTo('dos@example.com')).toHaveLength(0)
    expect(await refused(ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'dos@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    expect(await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'uno@example.com' })).toMatchObject({ estado: 2 })
    expect(await mailsTo('dos@example.com')).toHaveLength(1)
    expect(await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'dos@example.com' })).toMatchObject({ estado: 3 })
    expect(await refused(ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'dos@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
  })

  it('parallel group and approvers: same orden signs in any order; approver rows have aprobador 1', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const { id } = await c.ready([
      { email: 'a@example.com', aprobador: 1 },
      { email: 'b@example.com', identificacion: '2' },
    ])
    await c.distribuir(id)
    const subjects = (await ctl.outbox({ vendor: 'signio', type: 'email' })).items.map((m) => m.subject)
    expect(subjects.some((s) => String(s).startsWith('Documentos pendientes de aprobación: '))).toBe(true)
    await ctl.simulate('signio', 'view', { id_transaccion: id, email: 'b@example.com' })
    await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'b@example.com' })
    await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'a@example.com' })
    const g = await c.gestionar(id)
    expect(g.body.estado).toBe(3)
    expect(
      list(g, 'firmas')
        .map((f) => f.aprobador)
        .sort(),
    ).toEqual([0, 1])
  })

  it('item 24: reject → 4 with callback; op_btnRechazo 0 → 409 invalid_state; sign on Firmada → 409', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    await ctl.simulate('signio', 'set_callback', { url: receiver.url })
    const { id } = await c.ready([{ email: 'rechaza@example.com' }])
    await c.distribuir(id)
    expect(
      await ctl.simulate('signio', 'reject', { id_transaccion: id, email: 'rechaza@example.com', motivo: 'No estoy de acuerdo' } as never),
    ).toMatchObject({ estado: 4, firmante: { estado: 'rechazado' } })
    const [cb] = await callbacks(c.ws, id)
    expect(JSON.parse(cb.body as string).estado).toBe(4)
    const locked = await c.ready([{ email: 'x@example.com' }], { op_btnRechazo: 0 })
    await c.distribuir(locked.id)
    expect(await refused(ctl.simulate('signio', 'reject', { id_transaccion: locked.id, email: 'x@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    expect(
      await refused(ctl.simulate('signio', 'sign', { id_transaccion: `${FX}000000000003`, email: 'elena.torres@example.com' })),
    ).toEqual({ status: 409, error: 'invalid_state' })
  })

  it('item 25: return → 8 with callback, distribute again → 2; suspend → 6 with callback', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    await ctl.simulate('signio', 'set_callback', { url: receiver.url })
    const { id } = await c.ready([{ email: 'devuelve@example.com' }], { permiteEdicionFirmantes: 1 })
    await c.distribuir(id)
    expect(
      await ctl.simulate('signio', 'return', {
        id_transaccion: id,
        email: 'devuelve@example.com',
        observaciones: 'Corregir cláusula 3',
      } as never),
    ).toMatchObject({ estado: 8 })
    expect(JSON.parse((await callbacks(c.ws, id))[0].body as string).estado).toBe(8)
    expect((await c.distribuir(id)).body.codigo).toBe('00')
    expect((await c.gestionar(id)).body.estado).toBe(2)
    expect(await ctl.simulate('signio', 'suspend', { id_transaccion: id })).toEqual({ id_transaccion: id, estado: 6 })
    const cbs = await callbacks(c.ws, id)
    expect(cbs.map((e) => JSON.parse(e.body as string).estado).sort()).toEqual([6, 8])
    const plain = await c.ready([{ email: 'y@example.com' }])
    await c.distribuir(plain.id)
    expect(await refused(ctl.simulate('signio', 'return', { id_transaccion: plain.id, email: 'y@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    expect(await refused(ctl.simulate('signio', 'suspend', { id_transaccion: `${FX}000000000001` }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
  })

  it('item 29: a protected document is left out of the callback and its path becomes null after signing', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    await ctl.simulate('signio', 'set_callback', { url: receiver.url })
    const { id, doc, firmantes } = await c.ready([{ email: 'prot@example.com' }])
    const second = await c.upload(id, 'anexo.pdf')
    await c.vincular(id, firmantes[0], second)
    await c.post('/documentos/proteger', { id_documento: doc, protect: true })
    await c.distribuir(id)
    await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'prot@example.com' })
    const docs = list(await c.gestionar(id), 'documentos')
    expect(docs.find((d) => d.id_documento === doc)?.path).toBeNull()
    const body = JSON.parse((await callbacks(c.ws, id))[0].body as string)
    expect(body.Documentos.map((d: { id_documento: string }) => d.id_documento)).toEqual([second])
    expect(body.documentos).toEqual(body.Documentos)
  })

  it('completion e-mails to cc and Notificado contacts', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const { id } = await c.ready([{ email: 'firma@example.com' }], { cc: 'jefe@example.com', nombre: 'Contrato CC' })
    await c.contacto(id, { email: 'aviso@example.com', identificacion: '9', rol: 'Notificado', states: [3, 4] })
    await c.distribuir(id)
    await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'firma@example.com' })
    const done = (await ctl.outbox({ vendor: 'signio', type: 'email' })).items.filter(
      (m) => m.subject === 'Transacción firmada: Contrato CC',
    )
    expect(done.map((m) => m.to).sort()).toEqual(['aviso@example.com', 'jefe@example.com'])
    expect(done[0].links).toHaveLength(1)
  })

  it('callback retries: a failing receiver gets 3 attempts, the entry ends failed', async () => {
    const failing = await startReceiver('/down')
    failing.respond(500)
    try {
      const c = client()
      const ctl = door.control(c.ws)
      await ctl.simulate('signio', 'set_callback', { url: failing.url })
      const { id } = await c.ready([{ email: 'r@example.com' }])
      await c.distribuir(id)
      await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'r@example.com' })
      const [cb] = await callbacks(c.ws, id)
      expect(cb.state).toBe('failed')
      expect(cb.attempts).toHaveLength(3)
      expect(failing.received).toHaveLength(3)
    } finally {
      await failing.close()
    }
  }, 15_000)

  it('item 31: an empty template field → estado 7; filling it with §6.19 → estado 2', async () => {
    const c = client()
    const { id } = await c.ready([{ email: 'plantilla@example.com' }])
    const use = await c.post(`/envelopes/${id}/templates`, { template_id: 101, fields: { name: 'Juan' } })
    const docId = (use.body.document as { id: string }).id
    await c.distribuir(id)
    expect((await c.gestionar(id)).body.estado).toBe(7)
    const mails = async () =>
      (await door.control(c.ws).outbox({ vendor: 'signio', type: 'email' })).items.filter((m) => m.to === 'plantilla@example.com')
    expect(await mails()).toHaveLength(0)
    await c.put(`/envelopes/${id}/templates/${docId}`, { fields: { identification: '123' } })
    expect((await c.gestionar(id)).body.estado).toBe(7)
    await c.put(`/envelopes/${id}/templates/${docId}`, { fields: { city: 'Bogotá' } })
    expect((await c.gestionar(id)).body.estado).toBe(2)
    expect(await mails()).toHaveLength(1)
  })

  it('§5.1 from estado 7: devolver → 1 with firmas cleared; suspend → 6; sign and view refused', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const captured = async () => {
      const { id } = await c.ready([{ email: 'captura@example.com' }])
      await c.post(`/envelopes/${id}/templates`, { template_id: 101 })
      await c.distribuir(id)
      expect((await c.gestionar(id)).body.estado).toBe(7)
      return id
    }
    const id = await captured()
    expect(await refused(ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'captura@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    expect((await c.post('/transacciones/devolver', { id_transaccion: id })).body).toEqual({ codigo: '00', mensaje: 'Operación correcta' })
    const back = await c.gestionar(id)
    expect(back.body).toMatchObject({ estado: 1, firmas: [] })
    const fixture7 = `${FX}000000000007`
    // view passes the estado check in 7, but nobody has been notified there yet (§6.10) → the contact state refuses it.
    expect(await refused(ctl.simulate('signio', 'view', { id_transaccion: fixture7, email: 'hugo.castro@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    const other = await captured()
    expect(await ctl.simulate('signio', 'suspend', { id_transaccion: other })).toEqual({ id_transaccion: other, estado: 6 })
    expect((await c.gestionar(other)).body.estado).toBe(6)
    expect((await c.post('/transacciones/devolver', { id_transaccion: other })).status).toBe(422)
  })

  it('§6 e-mails: Notificado contacts hear of 4, 6 and 8 only when listed in their states', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const run = async (nombre: string, action: 'reject' | 'return' | 'suspend', extra: Record<string, unknown>) => {
      const { id } = await c.ready([{ email: `firma-${action}@example.com` }], { nombre, permiteEdicionFirmantes: 1 })
      await c.contacto(id, { email: `todo-${action}@example.com`, identificacion: '8', rol: 'Notificado', states: [4, 6, 8] })
      await c.contacto(id, { email: `solo3-${action}@example.com`, identificacion: '9', rol: 'Notificado' })
      await c.distribuir(id)
      await ctl.simulate('signio', action, {
        id_transaccion: id,
        ...extra,
        ...(action === 'suspend' ? {} : { email: `firma-${action}@example.com` }),
      } as never)
      return (await ctl.outbox({ vendor: 'signio', type: 'email' })).items.filter(
        (m) => m.id_transaccion === id && String(m.to).includes(`-${action}@`),
      )
    }
    for (const [action, subject] of [
      ['reject', 'Transacción rechazada: Contrato R'],
      ['suspend', 'Transacción suspendida: Contrato R'],
      ['return', 'Transacción devuelta con observaciones: Contrato R'],
    ] as const) {
      const mails = await run('Contrato R', action, {})
      const final = mails.filter((m) => m.subject === subject)
      expect(final.map((m) => m.to)).toEqual([`todo-${action}@example.com`])
      expect(final[0].links).toEqual([])
      expect(mails.some((m) => m.to === `solo3-${action}@example.com`)).toBe(false)
    }
  })

  it('§7: a client without a callback URL (every fixture client) gets no callback entry', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    const { id } = await c.ready([{ email: 'sin-callback@example.com' }])
    await c.distribuir(id)
    expect(await ctl.simulate('signio', 'sign', { id_transaccion: id, email: 'sin-callback@example.com' })).toMatchObject({ estado: 3 })
    expect(await callbacks(c.ws, id)).toEqual([])
  })

  it('§9 check order: transaction estado before the contact, option before the contact state', async () => {
    const c = client()
    const ctl = door.control(c.ws)
    // Firmada and an unknown e-mail: the estado is checked first → 409, not 404.
    expect(await refused(ctl.simulate('signio', 'sign', { id_transaccion: `${FX}000000000003`, email: 'nadie@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
    // Contact 2 is not yet notified, but op_btnRechazo 0 is checked before its state: both are 409 invalid_state, the message says which.
    const { id } = await c.ready(
      [
        { email: 'uno-ord@example.com', orden: 1 },
        { email: 'dos-ord@example.com', orden: 2, identificacion: '2' },
      ],
      { op_btnRechazo: 0 },
    )
    await c.distribuir(id)
    await expect(ctl.simulate('signio', 'reject', { id_transaccion: id, email: 'dos-ord@example.com' })).rejects.toMatchObject({
      status: 409,
      body: { error: 'invalid_state', message: expect.stringContaining('op_btnRechazo') },
    })
    expect(await refused(ctl.simulate('signio', 'view', { id_transaccion: id, email: 'dos-ord@example.com' }))).toEqual({
      status: 409,
      error: 'invalid_state',
    })
  })

  it('simulate input errors: 400 bad body, 404 unknown transaction or contact', async () => {
    const ctl = door.control(door.workspace('sg-life'))
    expect((await refused(ctl.simulate('signio', 'sign', {} as never))).status).toBe(400)
    expect((await refused(ctl.simulate('signio', 'sign', { id_transaccion: 'x' }))).status).toBe(400)
    expect((await refused(ctl.simulate('signio', 'sign', { id_transaccion: 'nope', email: 'a@b.co' }))).status).toBe(404)
    expect(
      (await refused(ctl.simulate('signio', 'sign', { id_transaccion: `${FX}000000000002`, email: 'nadie@example.com' }))).status,
    ).toBe(404)
    expect(await ctl.simulate('signio', 'sign', { id_transaccion: `${FX}000000000002`, id_firmante: 'fxfir0002' })).toMatchObject({
      estado: 2,
    })
  })
})
