import { notFound, stateError } from '../errors.js'
import type { Caller, Contacto, Documento, SignioWs, Transaccion } from '../model.js'

/** Record look-ups scoped to the caller's client: anything else is unknown (06, signio.md §2.1). */

export function findTx(ws: SignioWs, who: Caller, id: string): Transaccion {
  const tx = ws.state.transactions.get(id)
  if (!tx || tx.base || tx.tenant !== who.tenant) throw notFound()
  return tx
}

export function findDoc(ws: SignioWs, who: Caller, id: string): { doc: Documento; tx: Transaccion } {
  const doc = ws.state.documents.get(id)
  if (!doc) throw notFound()
  return { doc, tx: findTx(ws, who, doc.id_transaccion) }
}

/** A document of this transaction (06 otherwise). */
export function docOf(ws: SignioWs, tx: Transaccion, id: string): Documento {
  const doc = tx.documentos.includes(id) ? ws.state.documents.get(id) : undefined
  if (!doc) throw notFound()
  return doc
}

export function contactOf(tx: Transaccion, id: string): Contacto {
  const c = tx.contactos.find((x) => x.id === id)
  if (!c) throw notFound()
  return c
}

export function requireState(tx: Transaccion, allowed: readonly number[]): void {
  if (!allowed.includes(tx.estado)) throw stateError()
}

/** Stores a change and stamps `fecha_actualizacion` (§5.1: every change). */
export function save(ws: SignioWs, tx: Transaccion): void {
  tx.fecha_actualizacion = ws.now()
  ws.state.transactions.set(tx.id, tx)
}

export function docsOf(ws: SignioWs, tx: Transaccion): Documento[] {
  const out: Documento[] = []
  for (const id of tx.documentos) {
    const d = ws.state.documents.get(id)
    if (d) out.push(d)
  }
  return out
}

/** Document file URL (§2.8). */
export function fileUrl(base: string, doc: Documento): string {
  return `${base}/storage/documentos/${doc.id}/${encodeURIComponent(doc.nombre)}`
}

/** Protected documents of a signed transaction are not served (§6.14). */
export function hidden(tx: Transaccion, doc: Documento): boolean {
  return tx.estado === 3 && doc.protegido
}

export function newDocId(ws: SignioWs): string {
  return ws.random.string(200)
}
