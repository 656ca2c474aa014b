import type { Method, VendorContext, VendorRouter } from '../../../lib/vendor.js'
import type { Caller, SignioState, SignioWs } from '../model.js'
import { generarToken } from '../service/auth.js'
import { cambiarOrden, registrarContacto, vincular } from '../service/contacts.js'
import { cargarDocumento, proteger } from '../service/documents.js'
import { distribuir } from '../service/flow.js'
import { camposPlantillas } from '../service/templates.js'
import { crear, devolver, eliminar, gestionar, listar, listarBase, tags } from '../service/transactions.js'
import { CODE, MESSAGE } from '../errors.js'
import { answering, loadBody, okEs, parseInput, request, urlBase, type Input } from '../wire.js'
import { on } from './register.js'

/** The ES family (§6.1–§6.15). */
export function transactionRoutes(r: VendorRouter<SignioState>): void {
  /** A service with nothing to return: the reply is Signio's bare OK envelope. */
  const acknowledged = (
    methods: Method[],
    path: string,
    run: (ws: SignioWs, who: Caller, fields: Input['fields'], c: VendorContext) => void,
  ) =>
    on(r, methods, path, async (c, ws) => {
      const { who, input } = await request(c, ws)
      run(ws, who, input.fields, c)
      return okEs(c)
    })

  on(r, ['POST'], '/token/crear', async (c, ws) => {
    const input = await parseInput(c, await loadBody(c))
    return okEs(c, { token: generarToken(ws, input.fields) })
  })

  on(r, ['POST', 'GET'], '/transacciones/listar', (c, ws) =>
    answering(c, ws, ({ who, input }) => okEs(c, { transacciones: listar(ws, who, input.fields) })),
  )

  on(r, ['GET', 'POST'], '/tags/listar', (c, ws) => answering(c, ws, ({ who }) => okEs(c, { tags: tags(ws, who) })))

  on(r, ['GET', 'POST'], '/transacciones/listar_base', (c, ws) =>
    answering(c, ws, ({ who }) => okEs(c, { transacciones: listarBase(ws, who) })),
  )

  on(r, ['POST'], '/transacciones/crear', async (c, ws) => {
    const { who, input } = await request(c, ws)
    return okEs(c, { id_transaccion: crear(ws, who, input.fields), codigo: CODE.ok, mensaje: MESSAGE[CODE.ok], errores: [] })
  })

  on(r, ['POST'], '/transacciones/cargar_documento', async (c, ws) => {
    const { who, input } = await request(c, ws, true)
    return okEs(c, { id_documento: cargarDocumento(ws, who, { fields: input.fields, file: input.files.documento }) })
  })

  on(r, ['POST'], '/transacciones/registrar_contacto', async (c, ws) => {
    const { who, input } = await request(c, ws)
    return okEs(c, { id_firmante: registrarContacto(ws, who, input.fields) })
  })

  acknowledged(['POST'], '/transacciones/vincular', vincular)

  acknowledged(['POST'], '/transacciones/cambiar_orden', cambiarOrden)

  acknowledged(['POST'], '/transacciones/distribuir', (ws, who, fields, c) => distribuir(ws, who, fields, urlBase(c)))

  on(r, ['GET', 'POST'], '/transacciones/gestionar', (c, ws) =>
    answering(c, ws, ({ who, input }) => okEs(c, gestionar(ws, who, input.fields, urlBase(c)))),
  )

  acknowledged(['POST'], '/transacciones/devolver', devolver)

  acknowledged(['POST', 'DELETE'], '/transacciones/eliminar', eliminar)

  acknowledged(['POST'], '/documentos/proteger', proteger)

  on(r, ['GET', 'POST'], '/transacciones/campos_plantillas', (c, ws) =>
    answering(c, ws, ({ who, input }) =>
      okEs(c, { codigo: CODE.ok, campos: camposPlantillas(ws, who, input.fields), mensaje: MESSAGE[CODE.ok] }),
    ),
  )
}
