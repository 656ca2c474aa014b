import type { VendorContext, VendorRouter } from '../../../lib/vendor.js'
import { mediaType } from '../../../lib/body.js'
import type { SignioState } from '../model.js'
import { login } from '../service/auth.js'
import { buscarSobres, cargarTve, editarTve, magicLink, onPremiseUrl } from '../service/envelopes.js'
import { actualizarPlantilla, listarPlantillas, usarPlantilla } from '../service/templates.js'
import { CODE, MESSAGE } from '../errors.js'
import { answering, loadBody, okEn, parseInput, request, urlBase } from '../wire.js'
import { on } from './register.js'

const param = (c: VendorContext, name: string) => c.req.param(name) ?? ''

/** The EN family (§6.16–§6.24). */
export function envelopeRoutes(r: VendorRouter<SignioState>): void {
  on(r, ['GET'], '/envelopes', (c, ws) => answering(c, ws, ({ who, input }) => okEn(c, { envelopes: buscarSobres(ws, who, input.fields) })))

  on(r, ['GET'], '/templates', (c, ws) => answering(c, ws, ({ who }) => okEn(c, { templates: listarPlantillas(ws, who) })))

  on(r, ['POST'], '/envelopes/:envelope_id/templates', async (c, ws) => {
    const { who, input } = await request(c, ws)
    return okEn(c, {
      code: CODE.ok,
      document: await usarPlantilla(ws, who, param(c, 'envelope_id'), input.fields),
      message: MESSAGE[CODE.ok],
    })
  })

  on(r, ['PUT'], '/envelopes/:envelope_id/templates/:document_id', async (c, ws) => {
    const { who, input } = await request(c, ws)
    const document = actualizarPlantilla(ws, who, param(c, 'envelope_id'), param(c, 'document_id'), input.fields, urlBase(c))
    return okEn(c, { code: CODE.ok, document, message: MESSAGE[CODE.ok] })
  })

  on(r, ['GET'], '/envelopes/:envelope_id/magic-link', (c, ws) =>
    answering(c, ws, ({ who }) => okEn(c, { magic_link: magicLink(ws, who, param(c, 'envelope_id'), urlBase(c)) })),
  )

  // A login needs no token: any Authorization header is ignored (§2.1).
  on(r, ['POST'], '/auth/login', async (c, ws) => {
    const input = await parseInput(c, await loadBody(c))
    return okEn(c, { tokens: login(ws, input.fields) })
  })

  on(r, ['POST'], '/envelopes/:envelope_id/tve', async (c, ws) => {
    const { who, input } = await request(c, ws, true)
    const file = mediaType(c) === 'multipart/form-data' ? input.files.document : undefined
    const id = await cargarTve(ws, who, param(c, 'envelope_id'), { fields: input.fields, file })
    return okEn(c, { code: CODE.ok, document_id: id, message: MESSAGE[CODE.ok] })
  })

  on(r, ['PUT'], '/envelopes/:envelope_id/tve/:documento_id', async (c, ws) => {
    const { who, input } = await request(c, ws)
    const id = editarTve(ws, who, param(c, 'envelope_id'), param(c, 'documento_id'), input.fields)
    return okEn(c, { code: CODE.ok, document_id: id, message: MESSAGE[CODE.ok] })
  })

  on(r, ['PUT'], '/envelope/onpremise/get-signed-url', async (c, ws) => {
    const { who, input } = await request(c, ws)
    return okEn(c, { url: onPremiseUrl(ws, who, input.fields, urlBase(c)) })
  })
}
