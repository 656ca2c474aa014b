import { ERR, notFound, unprocessable } from '../errors.js'
import { asObject, collect, validate } from '../fields.js'
import { EDITABLE, type Caller, type Contacto, type Documento, type SignioWs, type Transaccion } from '../model.js'
import { metatagSchema, protegerSchema, type Metatag } from '../schemas.js'
import { newContacto } from '../seed.js'
import { basename, fileProblem, DOCUMENT_TYPES, mimeOf } from './files.js'
import { fromBase64, toBase64 } from '../../../lib/bytes.js'
import { findDoc, findTx, hidden, newDocId, requireState, save } from './lookup.js'

/** Documents: §6.6 upload, §6.14 protect, and the file URLs of §2.8. */

export interface UploadInput {
  fields: Record<string, unknown>
  file: { filename: string; bytes: Uint8Array } | undefined
}

interface RoleTag {
  rol: string
  tag: Metatag
}

function parseMetatags(raw: unknown, errores: string[]): RoleTag[] {
  if (raw === undefined || raw === null || raw === '') return []
  const obj = asObject(raw)
  if (!obj) {
    errores.push(ERR.invalid.replace('{campo}', 'metatags'))
    return []
  }
  const out: RoleTag[] = []
  for (const [rol, value] of Object.entries(obj)) {
    const tagObj = asObject(value)
    if (!tagObj) {
      errores.push(ERR.invalid.replace('{campo}', `metatags.${rol}`))
      continue
    }
    const r = collect(metatagSchema, tagObj)
    errores.push(...r.errores.map((e) => e.replace(/El campo (\S+)/, `El campo metatags.${rol}.$1`)))
    if (r.data) out.push({ rol, tag: r.data })
  }
  return out
}

/** Who each role stands for: an existing contact by identification, or one made from the Sig* values. */
function resolveRoles(ws: SignioWs, tx: Transaccion, roles: RoleTag[]): { rol: string; contact: Contacto; isNew: boolean }[] {
  const problems: string[] = []
  const out: { rol: string; contact: Contacto; isNew: boolean }[] = []
  for (const { rol, tag } of roles) {
    const existing = tx.contactos.find((c) => c.tipo_identificacion === tag.SigIDType && c.identificacion === tag.SigID)
    if (existing) out.push({ rol, contact: existing, isNew: false })
    else if (tag.SigName !== undefined && tag.SigEmail !== undefined) {
      const contact = newContacto({
        id: newDocId(ws),
        nombre: tag.SigName,
        tipo_identificacion: tag.SigIDType,
        identificacion: tag.SigID,
        email: tag.SigEmail,
        orden: tag.SigOrder ?? 1,
        celular: tag.SigPhone ?? null,
        razonsocial: tag.SigCmpy ?? null,
        company_identification: tag.SigCmpyID ?? null,
        company_identification_type: tag.SigCmpyIDType ?? null,
      })
      out.push({ rol, contact, isNew: true })
    } else problems.push(ERR.metatag_role.replace('{rol}', rol))
  }
  if (problems.length > 0) throw unprocessable(problems)
  return out
}

/** §6.6. Everything is checked before anything is stored. */
export function cargarDocumento(ws: SignioWs, who: Caller, input: UploadInput): string {
  const errores: string[] = []
  const idTx = input.fields.id_transaccion
  if (idTx === undefined || idTx === null || (typeof idTx === 'string' && idTx.trim() === ''))
    errores.push(ERR.required.replace('{campo}', 'id_transaccion'))
  else if (typeof idTx !== 'string') errores.push(ERR.invalid.replace('{campo}', 'id_transaccion'))
  if (!input.file) errores.push(ERR.required.replace('{campo}', 'documento'))
  else {
    const problem = fileProblem('documento', input.file, DOCUMENT_TYPES)
    if (problem) errores.push(problem)
  }
  const roles = parseMetatags(input.fields.metatags, errores)
  if (errores.length > 0 || !input.file) throw unprocessable(errores)
  const tx = findTx(ws, who, idTx as string)
  requireState(tx, EDITABLE)
  const resolved = resolveRoles(ws, tx, roles)
  const doc: Documento = {
    id: newDocId(ws),
    id_transaccion: tx.id,
    nombre: basename(input.file.filename),
    base64: toBase64(input.file.bytes),
    protegido: false,
    estado: 'cargado',
    created_at: ws.now(),
    plantilla: null,
    tve: null,
  }
  ws.state.documents.set(doc.id, doc)
  tx.documentos.push(doc.id)
  for (const { rol, contact, isNew } of resolved) {
    if (isNew) tx.contactos.push(contact)
    contact.operation_rol = rol
    tx.vinculos = tx.vinculos.filter((v) => !(v.id_firmante === contact.id && v.id_documento === doc.id))
    // The PDF is not parsed: {{SigStamp:rol:w,h}} stamps have no known position.
    tx.vinculos.push({ id_firmante: contact.id, id_documento: doc.id, tipo: 'firma', posicion: null, stamps: [], operation_rol: rol })
  }
  save(ws, tx)
  return doc.id
}

/** §6.14: allowed in every state. */
export function proteger(ws: SignioWs, who: Caller, input: Record<string, unknown>): void {
  const { id_documento, protect } = validate(protegerSchema, input)
  const { doc, tx } = findDoc(ws, who, id_documento)
  ws.state.documents.set(doc.id, { ...doc, protegido: protect })
  save(ws, tx)
}

/** The stored bytes behind a file URL (no auth); protected documents of a signed transaction are gone. */
export function archivo(ws: SignioWs, id: string): { bytes: Uint8Array; type: string } {
  const doc = ws.state.documents.get(id)
  const tx = doc ? ws.state.transactions.get(doc.id_transaccion) : undefined
  if (!doc || !tx || tx.base || hidden(tx, doc)) throw notFound()
  return { bytes: fromBase64(doc.base64), type: mimeOf(doc.nombre) }
}
