import { textPdf } from '../../../lib/pdf.js'
import { ERR, notFound, unprocessable } from '../errors.js'
import { validate } from '../fields.js'
import { EDITABLE, ESTADO, fecha, type Caller, type Documento, type SignioWs, type Template } from '../model.js'
import { actualizarPlantillaSchema, idTransaccionSchema, usarPlantillaSchema } from '../schemas.js'
import { toBase64 } from '../../../lib/bytes.js'
import { startSigning, templateFieldEmpty } from './flow.js'
import { docOf, docsOf, findTx, newDocId, requireState, save } from './lookup.js'

/** Templates: §6.15 fields, §6.17 list, §6.18 use, §6.19 update values. */

export function templateView(t: Template) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    type: t.type,
    status: t.status,
    protected: t.protected,
    roles: t.roles,
    created_at: fecha(t.created_at),
  }
}

export function listarPlantillas(ws: SignioWs, who: Caller) {
  return ws.state.templates
    .filter((t) => t.tenant === who.tenant)
    .sort((a, b) => a.id - b.id)
    .map(templateView)
}

export function findTemplate(ws: SignioWs, who: Caller, id: number): Template {
  const t = ws.state.templates.get(String(id))
  if (!t || t.tenant !== who.tenant) throw notFound()
  return t
}

/** A one-page PDF standing for a generated document. */
export async function generatedPdf(ws: SignioWs, title: string, lines: string[]): Promise<string> {
  return toBase64(await textPdf({ title, sections: [{ lines }], date: new Date(ws.now()) }))
}

function documentView(d: Documento) {
  return {
    id: d.id,
    name: d.nombre,
    template_id: d.plantilla?.template_id ?? null,
    fields: d.plantilla?.fields ?? {},
    created_at: fecha(d.created_at),
  }
}

/** §6.15: template documents' inputs, in template order. */
export function camposPlantillas(ws: SignioWs, who: Caller, input: Record<string, unknown>) {
  const { id_transaccion } = validate(idTransaccionSchema, input)
  const tx = findTx(ws, who, id_transaccion)
  return docsOf(ws, tx).flatMap((d) =>
    d.plantilla ? Object.entries(d.plantilla.fields).map(([nombre, valor]) => ({ id_documento: d.id, nombre, valor })) : [],
  )
}

/** Known inputs only, in template order: `campos_plantillas` of the transaction, then the call's values. */
function fieldValues(t: Template, ...sources: Record<string, string>[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of t.inputs) {
    out[name] = ''
    for (const s of sources) if (Object.hasOwn(s, name)) out[name] = s[name]
  }
  return out
}

/** §6.18: a generated document, linked as Adjunto to every contact present. */
export async function usarPlantilla(ws: SignioWs, who: Caller, envelopeId: string, input: Record<string, unknown>) {
  const d = validate(usarPlantillaSchema, input)
  const tx = findTx(ws, who, envelopeId)
  const t = findTemplate(ws, who, d.template_id)
  if (t.status !== 1) throw unprocessable([ERR.template_inactive.replace('{id}', String(t.id))])
  requireState(tx, EDITABLE)
  const fields = fieldValues(t, tx.campos_plantillas, d.fields ?? {})
  const doc: Documento = {
    id: newDocId(ws),
    id_transaccion: tx.id,
    nombre: `${t.name}.pdf`,
    base64: await generatedPdf(
      ws,
      t.name,
      Object.entries(fields).map(([k, v]) => `${k}: ${v}`),
    ),
    protegido: false,
    estado: 'cargado',
    created_at: ws.now(),
    plantilla: { template_id: t.id, fields },
    tve: null,
  }
  // Re-read after the await: another request may have changed the transaction meanwhile.
  const fresh = findTx(ws, who, envelopeId)
  requireState(fresh, EDITABLE)
  ws.state.documents.set(doc.id, doc)
  fresh.documentos.push(doc.id)
  for (const c of fresh.contactos)
    fresh.vinculos.push({ id_firmante: c.id, id_documento: doc.id, tipo: 'adjunto', posicion: null, stamps: [], operation_rol: null })
  save(ws, fresh)
  return documentView(doc)
}

/** §6.19: merges values; in state 7 the last filled value starts the signing. */
export function actualizarPlantilla(
  ws: SignioWs,
  who: Caller,
  envelopeId: string,
  documentId: string,
  input: Record<string, unknown>,
  base: string,
) {
  const d = validate(actualizarPlantillaSchema, input)
  const tx = findTx(ws, who, envelopeId)
  const doc = docOf(ws, tx, documentId)
  if (!doc.plantilla) throw notFound()
  requireState(tx, [...EDITABLE, ESTADO.captura])
  const fields = { ...doc.plantilla.fields }
  for (const [k, v] of Object.entries(d.fields ?? {})) if (Object.hasOwn(fields, k)) fields[k] = v
  const updated: Documento = { ...doc, plantilla: { template_id: doc.plantilla.template_id, fields } }
  ws.state.documents.set(doc.id, updated)
  if (tx.estado === ESTADO.captura && !templateFieldEmpty(ws, tx)) startSigning(ws, tx, base)
  else save(ws, tx)
  return documentView(updated)
}
