import type { z } from 'zod'
import { unprocessable } from '../errors.js'
import { collect, validate } from '../fields.js'
import { EDITABLE, ROL_NOTIFICADO, type Caller, type Contacto, type Posicion, type SignioWs } from '../model.js'
import { cambiarOrdenSchema, contactoSchema, vincularSchema, type PosicionInput } from '../schemas.js'
import { contactOf, docOf, findTx, newDocId, requireState, save } from './lookup.js'

/** Signers: §6.7 register, §6.8 link, §6.9 order. */

/**
 * `Operation_rol` (seed §6.7) is read as `operation_rol` (§11.12); a problem with it keeps the name
 * as sent, like every other `errores` entry (§2.5).
 */
function validateWithRol<T>(schema: z.ZodType<T>, input: Record<string, unknown>): T {
  const capitalised = input.operation_rol == null && input.Operation_rol != null
  const { data, errores } = collect(schema, { ...input, operation_rol: capitalised ? input.Operation_rol : input.operation_rol })
  if (errores.length > 0 || data === undefined)
    throw unprocessable(capitalised ? errores.map((e) => e.replace('El campo operation_rol ', 'El campo Operation_rol ')) : errores)
  return data
}

export function registrarContacto(ws: SignioWs, who: Caller, input: Record<string, unknown>): string {
  const d = validateWithRol(contactoSchema, input)
  const tx = findTx(ws, who, d.id_transaccion)
  requireState(tx, EDITABLE)
  const contact: Contacto = {
    id: newDocId(ws),
    tipo_identificacion: d.tipo_identificacion,
    identificacion: d.identificacion,
    nombre: d.nombre,
    email: d.email,
    orden: d.orden ?? 1,
    aprobador: d.aprobador ?? 0,
    tipo_firma: d.tipo_firma ?? 0,
    tipo_firmante: d.tipo_firmante ?? 1,
    celular: d.celular ?? null,
    razonsocial: d.razonsocial ?? null,
    company_identification_type: d.company_identification_type ?? null,
    company_identification: d.company_identification ?? null,
    servicio_identidad: d.servicio_identidad ?? null,
    rol: d.rol === ROL_NOTIFICADO ? ROL_NOTIFICADO : null,
    states: d.states ?? [3],
    enable_comments: d.enable_comments ?? false,
    on_premise_signature: d.on_premise_signature ?? null,
    operation_rol: d.operation_rol ?? null,
    estado: 'registrado',
  }
  tx.contactos.push(contact)
  save(ws, tx)
  return contact.id
}

/** §6.8: creates the link, or replaces the one of the same contact and document. */
export function vincular(ws: SignioWs, who: Caller, input: Record<string, unknown>): void {
  const d = validateWithRol(vincularSchema, input)
  const tx = findTx(ws, who, d.id_transaccion)
  contactOf(tx, d.id_firmante)
  docOf(ws, tx, d.id_documento)
  requireState(tx, EDITABLE)
  const adjunto = d.attachment === 1
  tx.vinculos = tx.vinculos.filter((v) => !(v.id_firmante === d.id_firmante && v.id_documento === d.id_documento))
  tx.vinculos.push({
    id_firmante: d.id_firmante,
    id_documento: d.id_documento,
    tipo: adjunto ? 'adjunto' : 'firma',
    posicion: adjunto || !d.posicion ? null : posicion(d.posicion),
    stamps: adjunto ? [] : (d.stamps ?? []).map(posicion),
    operation_rol: d.operation_rol ?? null,
  })
  save(ws, tx)
}

/** Missing sizes and coordinates default to 0 (§6.8). */
function posicion(p: PosicionInput): Posicion {
  return { pagina: p.pagina, alto: p.alto ?? 0, ancho: p.ancho ?? 0, x: p.x ?? 0, y: p.y ?? 0 }
}

/** §6.9. */
export function cambiarOrden(ws: SignioWs, who: Caller, input: Record<string, unknown>): void {
  const d = validate(cambiarOrdenSchema, input)
  const tx = findTx(ws, who, d.id_transaccion)
  const contact = contactOf(tx, d.id_firmante)
  requireState(tx, EDITABLE)
  contact.orden = d.orden
  save(ws, tx)
}
