import { CODE, ERR, MESSAGE, unprocessable } from '../errors.js'
import { collect, validate } from '../fields.js'
import { ESTADO, fecha, type Caller, type Documento, type SignioWs, type Transaccion } from '../model.js'
import { crearSchema, idTransaccionSchema, listarSchema } from '../schemas.js'
import { DEFAULT_OPCIONES } from '../seed.js'
import { docsOf, fileUrl, findTx, hidden, newDocId, requireState, save } from './lookup.js'

/** Transactions: §6.2, §6.4, §6.5, §6.11, §6.12, §6.13. */

export function listar(ws: SignioWs, who: Caller, input: Record<string, unknown>) {
  const { estado } = validate(listarSchema, input)
  const rows = ws.state.transactions.filter(
    (t) => t.tenant === who.tenant && !t.base && (estado === undefined || estado === 0 || t.estado === estado),
  )
  rows.sort((a, b) => b.fecha_creacion - a.fecha_creacion || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return rows.map((t) => ({
    id_transaccion: t.id,
    nombre: t.nombre,
    estado: t.estado,
    external_id: t.external_id,
    fecha_creacion: fecha(t.fecha_creacion),
    fecha_actualizacion: fecha(t.fecha_actualizacion),
  }))
}

export function listarBase(ws: SignioWs, who: Caller) {
  return ws.state.transactions
    .filter((t) => t.tenant === who.tenant && t.base)
    .map((t) => ({ id_transaccion: t.id, nombre: t.nombre, fecha_creacion: fecha(t.fecha_creacion) }))
}

export function tags(ws: SignioWs, who: Caller): string[] {
  return ws.state.clients.get(who.tenant)?.tags ?? []
}

const dedupKey = (tenant: string, key: string) => `${tenant} ${key}`

/**
 * Field checks that need the store (base transaction, `created_by`), on the
 * raw values so that they are reported with the others; the schema has
 * already flagged values that are not strings.
 */
function crossChecks(ws: SignioWs, who: Caller, raw: Record<string, unknown>, schemaErrors: string[]): string[] {
  const out: string[] = []
  const named = (campo: string) =>
    typeof raw[campo] === 'string' && raw[campo].trim() !== '' && !schemaErrors.some((e) => e.startsWith(`El campo ${campo} `))
  if (named('id_transaccion_base')) {
    const base = ws.state.transactions.get(raw.id_transaccion_base as string)
    if (!base?.base || base.tenant !== who.tenant) out.push(ERR.invalid.replace('{campo}', 'id_transaccion_base'))
  }
  if (named('created_by')) {
    const u = ws.state.users.get((raw.created_by as string).toLowerCase())
    if (!u?.activo || !u.clients.includes(who.tenant)) out.push(ERR.invalid.replace('{campo}', 'created_by'))
  }
  return out
}

/** Cross-check problems take their field's place in the field-table order. */
const FIELD_ORDER = Object.keys(crearSchema.shape)
const fieldRank = (message: string) => FIELD_ORDER.findIndex((f) => message.startsWith(`El campo ${f} `))

/** §6.5. Returns the new (or, with a known deduplication key, the existing) id. */
export function crear(ws: SignioWs, who: Caller, raw: Record<string, unknown>): string {
  const { data, errores } = collect(crearSchema, raw)
  const all = [...errores, ...crossChecks(ws, who, raw, errores)].sort((a, b) => fieldRank(a) - fieldRank(b))
  if (!data || all.length > 0) throw unprocessable(all)
  if (data.envelopeDeduplicationKey !== undefined) {
    const existing = ws.state.dedup.get(dedupKey(who.tenant, data.envelopeDeduplicationKey))
    if (existing && ws.state.transactions.has(existing)) return existing
  }
  const now = ws.now()
  const o = DEFAULT_OPCIONES
  const tx: Transaccion = {
    id: ws.random.uuid(),
    tenant: who.tenant,
    base: false,
    nombre: data.nombre,
    mensaje: data.mensaje ?? null,
    ciclo_aprobacion: data.ciclo_aprobacion ?? 0,
    tags: data.tags ?? [],
    external_id: data.external_id ?? null,
    cc: data.cc ?? [],
    opciones: {
      op_btnRechazo: data.op_btnRechazo ?? o.op_btnRechazo,
      op_foto: data.op_foto ?? o.op_foto,
      op_certLegops: data.op_certLegops ?? o.op_certLegops,
      op_firmasProcesadas: data.op_firmasProcesadas ?? o.op_firmasProcesadas,
      remitente: data.remitente ?? null,
      mensaje_firma: data.mensaje_firma ?? null,
      mensaje_final: data.mensaje_final ?? null,
      permiteEdicion: data.permiteEdicion ?? 0,
      permiteEdicionFirmantes: data.permiteEdicionFirmantes ?? 0,
      on_premise_signature: data.on_premise_signature ?? 0,
      notificar_contacto: data.notificar_contacto ?? 0,
    },
    dedup_key: data.envelopeDeduplicationKey ?? null,
    created_by: data.created_by ?? who.email,
    campos_plantillas: data.campos_plantillas ?? {},
    estado: ESTADO.elaboracion,
    fecha_creacion: now,
    fecha_actualizacion: now,
    documentos: [],
    contactos: [],
    vinculos: [],
    firmas: [],
  }
  if (data.id_transaccion_base !== undefined) copyBase(ws, tx, data.id_transaccion_base)
  ws.state.transactions.set(tx.id, tx)
  if (tx.dedup_key !== null) ws.state.dedup.set(dedupKey(who.tenant, tx.dedup_key), tx.id)
  return tx.id
}

/** Copies a base transaction's documents (same bytes, new ids), contacts (new ids) and links. */
function copyBase(ws: SignioWs, tx: Transaccion, baseId: string): void {
  const base = ws.state.transactions.get(baseId) as Transaccion
  const docIds = new Map<string, string>()
  for (const d of docsOf(ws, base)) {
    const id = newDocId(ws)
    docIds.set(d.id, id)
    ws.state.documents.set(id, { ...d, id, id_transaccion: tx.id, estado: 'cargado', created_at: tx.fecha_creacion })
    tx.documentos.push(id)
  }
  const contactIds = new Map<string, string>()
  for (const c of base.contactos) {
    const id = newDocId(ws)
    contactIds.set(c.id, id)
    tx.contactos.push({ ...c, id, estado: 'registrado' })
  }
  for (const v of base.vinculos) {
    const id_firmante = contactIds.get(v.id_firmante)
    const id_documento = docIds.get(v.id_documento)
    if (id_firmante && id_documento) tx.vinculos.push({ ...v, id_firmante, id_documento })
  }
}

function documentView(tx: Transaccion, d: Documento, base: string) {
  return { id_documento: d.id, nombre: d.nombre, path: hidden(tx, d) ? null : fileUrl(base, d) }
}

/** §6.11. */
export function gestionar(ws: SignioWs, who: Caller, input: Record<string, unknown>, base: string) {
  const { id_transaccion } = validate(idTransaccionSchema, input)
  const tx = findTx(ws, who, id_transaccion)
  return {
    id_transaccion: tx.id,
    nombre: tx.nombre,
    mensaje: MESSAGE[CODE.ok],
    mensaje_transaccion: tx.mensaje,
    ciclo_aprobacion: tx.ciclo_aprobacion,
    estado: tx.estado,
    external_id: tx.external_id,
    fecha_creacion: fecha(tx.fecha_creacion),
    fecha_actualizacion: fecha(tx.fecha_actualizacion),
    documentos: docsOf(ws, tx).map((d) => documentView(tx, d, base)),
    contactos: tx.contactos.map((c) => ({
      id_contacto: c.id,
      tipo_identificacion: c.tipo_identificacion,
      identificacion: c.identificacion,
      nombre: c.nombre,
      email: c.email,
      orden: c.orden,
      tipo_firma: c.tipo_firma,
      aprobador: c.aprobador,
      enable_comments: c.enable_comments,
    })),
    firmas: tx.firmas.map((f) => ({
      id_firmante: f.id_firmante,
      id_documento: f.id_documento,
      aprobador: f.aprobador,
      fecha_firma: fecha(f.fecha_firma),
    })),
    codigo: CODE.ok,
  }
}

/** Back to "registered": firmas cleared, contacts `registrado`, documents `cargado` (§6.12, entering 8). */
export function resetSigning(ws: SignioWs, tx: Transaccion): void {
  tx.firmas = []
  for (const c of tx.contactos) c.estado = 'registrado'
  for (const d of docsOf(ws, tx)) {
    if (d.estado !== 'cargado') ws.state.documents.set(d.id, { ...d, estado: 'cargado' })
  }
}

/** §6.12: only from 2 or 7. */
export function devolver(ws: SignioWs, who: Caller, input: Record<string, unknown>): void {
  const { id_transaccion } = validate(idTransaccionSchema, input)
  const tx = findTx(ws, who, id_transaccion)
  requireState(tx, [ESTADO.pendiente, ESTADO.captura])
  resetSigning(ws, tx)
  tx.estado = ESTADO.elaboracion
  save(ws, tx)
}

/** §6.13: only from 1; documents, contacts and links go with it. */
export function eliminar(ws: SignioWs, who: Caller, input: Record<string, unknown>): void {
  const { id_transaccion } = validate(idTransaccionSchema, input)
  const tx = findTx(ws, who, id_transaccion)
  requireState(tx, [ESTADO.elaboracion])
  for (const id of tx.documentos) ws.state.documents.delete(id)
  ws.state.transactions.delete(tx.id)
  if (tx.dedup_key !== null) ws.state.dedup.delete(`${tx.tenant} ${tx.dedup_key}`)
}
