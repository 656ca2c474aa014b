import { issueLink } from './links.js'
import { ERR, stateError, unprocessable } from '../errors.js'
import { validate } from '../fields.js'
import { DONE, EDITABLE, ESTADO, ROL_NOTIFICADO, type Caller, type Contacto, type SignioWs, type Transaccion } from '../model.js'
import { idTransaccionSchema } from '../schemas.js'
import { docsOf, fileUrl, findTx, hidden, requireState, save } from './lookup.js'
import { resetSigning } from './transactions.js'

/**
 * The signing flow (signio.md §5): distribution in order groups, signing,
 * the terminal states, and what they emit — e-mails (§6) and the completion
 * callback (§7).
 */

const USER_AGENT = 'Signio-Callback/1.0 (esign-sandbox)'

export const signers = (tx: Transaccion): Contacto[] => tx.contactos.filter((c) => c.rol !== ROL_NOTIFICADO)

/** Contacts by `orden`, then registration order. */
export function inOrder(contacts: Contacto[]): Contacto[] {
  return contacts
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.orden - b.c.orden || a.i - b.i)
    .map((x) => x.c)
}

export function templateFieldEmpty(ws: SignioWs, tx: Transaccion): boolean {
  return docsOf(ws, tx).some((d) => d.plantilla !== null && Object.values(d.plantilla.fields).some((v) => v.trim() === ''))
}

/** §6.10: every failure listed; the state alone first. */
export function distribuir(ws: SignioWs, who: Caller, input: Record<string, unknown>, base: string): void {
  const { id_transaccion } = validate(idTransaccionSchema, input)
  const tx = findTx(ws, who, id_transaccion)
  requireState(tx, EDITABLE)
  const errores: string[] = []
  if (tx.documentos.length === 0) errores.push(ERR.no_docs)
  const people = signers(tx)
  if (people.length === 0) errores.push(ERR.no_signers)
  for (const c of inOrder(people)) {
    if (!tx.vinculos.some((v) => v.id_firmante === c.id)) errores.push(ERR.unlinked.replace('{email}', c.email))
  }
  if (errores.length > 0) throw unprocessable(errores)
  if (templateFieldEmpty(ws, tx)) {
    tx.estado = ESTADO.captura
    save(ws, tx)
    return
  }
  startSigning(ws, tx, base)
}

/** Into state 2 with the first order group notified. */
export function startSigning(ws: SignioWs, tx: Transaccion, base: string): void {
  tx.estado = ESTADO.pendiente
  notifyNextGroup(ws, tx, base)
  save(ws, tx)
}

function sender(ws: SignioWs, tx: Transaccion): string {
  return tx.opciones.remitente ?? ws.state.clients.get(tx.tenant)?.nombre ?? 'Signio'
}

/** The lowest `orden` group with someone not yet done becomes current; its registered members are e-mailed. */
export function notifyNextGroup(ws: SignioWs, tx: Transaccion, base: string): void {
  const pending = signers(tx).filter((c) => !DONE.includes(c.estado))
  if (pending.length === 0) return
  const orden = Math.min(...pending.map((c) => c.orden))
  for (const c of inOrder(pending)) {
    if (c.orden !== orden || c.estado !== 'registrado') continue
    c.estado = 'notificado'
    const link = issueLink(ws, base, 'firmar', tx, c)
    const subject = c.aprobador === 1 ? `Documentos pendientes de aprobación: ${tx.nombre}` : `Documentos pendientes de firma: ${tx.nombre}`
    const text = [`${sender(ws, tx)} le ha enviado documentos.`, tx.mensaje ?? '', `Ingrese aquí: ${link}`]
      .filter((l) => l !== '')
      .join('\n\n')
    ws.outbox.email({ to: c.email, subject, text, links: [link], id_transaccion: tx.id })
  }
}

const SUBJECT: Record<number, string> = {
  3: 'Transacción firmada: {nombre}',
  4: 'Transacción rechazada: {nombre}',
  6: 'Transacción suspendida: {nombre}',
  8: 'Transacción devuelta con observaciones: {nombre}',
}

/** A terminal (or returned) state: e-mails to `cc` / Notificado contacts, then the client's callback. */
export function finish(ws: SignioWs, tx: Transaccion, estado: 3 | 4 | 6 | 8, base: string): void {
  tx.estado = estado
  // A reason belongs to the rejection or return it was given with; any other change leaves none behind.
  if (estado !== ESTADO.rechazada && estado !== ESTADO.devuelta) tx.motivo = null
  save(ws, tx)
  const visible = docsOf(ws, tx).filter((d) => !hidden(tx, d))
  const links = estado === 3 ? visible.map((d) => fileUrl(base, d)) : []
  const to = [
    ...(estado === 3 ? tx.cc : []),
    ...tx.contactos.filter((c) => c.rol === ROL_NOTIFICADO && c.states.includes(estado)).map((c) => c.email),
  ]
  const subject = SUBJECT[estado].replace('{nombre}', tx.nombre)
  for (const addr of to) {
    const text = [`${sender(ws, tx)}: ${subject}`, motivoLine(tx), tx.mensaje ?? '', ...links].filter((l) => l !== '').join('\n\n')
    ws.outbox.email({ to: addr, subject, text, links, id_transaccion: tx.id })
  }
  const url = ws.state.clients.get(tx.tenant)?.callback_url
  if (!url) return
  const documentos = visible.map((d) => ({ id_documento: d.id, nombre: d.nombre, ruta: fileUrl(base, d) }))
  const body = {
    id: tx.id,
    id_transaccion: tx.id,
    external_id: tx.external_id,
    nombre: tx.nombre,
    estado,
    Documentos: documentos,
    documentos,
  }
  ws.outbox.deliver({
    type: 'callback',
    url,
    headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT },
    body: JSON.stringify(body),
    context: { id_transaccion: tx.id },
  })
}

/** A contact signs (or approves) every document it has a Firma link to. */
export function sign(ws: SignioWs, tx: Transaccion, contact: Contacto, base: string): void {
  const now = ws.now()
  for (const v of tx.vinculos) {
    if (v.id_firmante !== contact.id || v.tipo !== 'firma') continue
    tx.firmas.push({ id_firmante: contact.id, id_documento: v.id_documento, aprobador: contact.aprobador, fecha_firma: now })
  }
  contact.estado = 'firmado'
  markSignedDocuments(ws, tx)
  const left = signers(tx).filter((c) => c.estado !== 'firmado')
  if (left.length === 0) {
    for (const d of docsOf(ws, tx)) ws.state.documents.set(d.id, { ...d, estado: 'firmado' })
    finish(ws, tx, ESTADO.firmada, base)
    return
  }
  notifyNextGroup(ws, tx, base)
  save(ws, tx)
}

function markSignedDocuments(ws: SignioWs, tx: Transaccion): void {
  const byId = new Map(tx.contactos.map((c) => [c.id, c]))
  for (const d of docsOf(ws, tx)) {
    const links = tx.vinculos.filter((v) => v.id_documento === d.id && v.tipo === 'firma')
    if (d.estado === 'cargado' && links.length > 0 && links.every((v) => byId.get(v.id_firmante)?.estado === 'firmado'))
      ws.state.documents.set(d.id, { ...d, estado: 'firmado' })
  }
}

/** `Motivo: …` / `Observaciones: …` in the e-mails of a rejection or return, when the signer gave one. */
export function motivoLine(tx: Transaccion): string {
  if (!tx.motivo) return ''
  return `${tx.motivo.tipo === 'motivo' ? 'Motivo' : 'Observaciones'}: ${tx.motivo.texto}`
}

function keepMotivo(ws: SignioWs, tx: Transaccion, tipo: 'motivo' | 'observaciones', contact: Contacto, texto: string | undefined): void {
  tx.motivo = texto ? { tipo, texto, id_firmante: contact.id, fecha: ws.now() } : null
}

export function reject(ws: SignioWs, tx: Transaccion, contact: Contacto, base: string, motivo?: string): void {
  contact.estado = 'rechazado'
  keepMotivo(ws, tx, 'motivo', contact, motivo)
  finish(ws, tx, ESTADO.rechazada, base)
}

export function returnWithObservations(ws: SignioWs, tx: Transaccion, contact: Contacto, base: string, observaciones?: string): void {
  resetSigning(ws, tx)
  keepMotivo(ws, tx, 'observaciones', contact, observaciones)
  finish(ws, tx, ESTADO.devuelta, base)
}

export function suspend(ws: SignioWs, tx: Transaccion, base: string): void {
  if (tx.estado !== ESTADO.pendiente && tx.estado !== ESTADO.captura) throw stateError()
  finish(ws, tx, ESTADO.suspendida, base)
}
