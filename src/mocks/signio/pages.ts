import { sendBytes } from '../../lib/reply.js'
import { pageCaller, postedForm, runAction, sendSigningPage, type PageWords, type SigningPage } from '../../lib/signing-page.js'
import type { CallerScope, RecordView, VendorContext, VendorRouter } from '../../lib/vendor.js'
import {
  ESTADO,
  ROL_NOTIFICADO,
  STATUS_TEXT,
  type Contacto,
  type Enlace,
  type SignioState,
  type SignioWs,
  type Transaccion,
} from './model.js'
import { archivo } from './service/documents.js'
import { inOrder } from './service/flow.js'
import { simulate } from './simulate.js'

/**
 * The pages behind the links Signio hands out: `firmar/<token>` (signing
 * e-mails), `onpremise/<token>` (§6.24) and `magic-link/<token>` (§6.20, the
 * envelope seen by its sender). In Spanish, as Signio's own pages. Buttons
 * run this vendor's simulate actions (view, sign, reject, return), so the
 * page drives the same estado changes, e-mails and callbacks.
 */

const BRAND = 'Signio · Legops'
const ACCENT = '#0f766e'

const WORDS: PageWords = {
  signer: 'Firmante',
  status: 'Estado',
  document: 'Documento',
  documents: 'Documentos',
  download: 'Abrir el PDF',
  fields: 'Campos',
  reason: 'Motivo u observaciones',
  reasonMissing: 'Indique el motivo.',
  noPdf: 'Su navegador no muestra archivos PDF.',
}

const TX_CLOSED: Record<number, string> = {
  [ESTADO.elaboracion]: 'La transacción está en elaboración; todavía no se puede firmar.',
  [ESTADO.firmada]: 'Esta transacción ya fue firmada por todos los firmantes.',
  [ESTADO.rechazada]: 'Esta transacción fue rechazada.',
  [ESTADO.suspendida]: 'Esta transacción fue suspendida por el remitente.',
  [ESTADO.captura]: 'La transacción está en captura de datos; todavía no se puede firmar.',
  [ESTADO.devuelta]: 'Esta transacción fue devuelta con observaciones.',
}

const CONTACT_CLOSED: Partial<Record<Contacto['estado'], string>> = {
  registrado: 'Aún no es su turno. Recibirá un correo cuando pueda firmar.',
  firmado: 'Usted ya firmó estos documentos. ¡Gracias!',
  rechazado: 'Usted rechazó esta transacción.',
  devuelto: 'Usted devolvió esta transacción con observaciones.',
}

interface Target {
  link: Enlace
  tx: Transaccion
  contact: Contacto | undefined
}

function find(ws: SignioWs, token: string): Target | undefined {
  const link = ws.state.links.get(token)
  const tx = link ? ws.state.transactions.get(link.id_transaccion) : undefined
  if (!link || !tx || tx.base) return undefined
  return { link, tx, contact: tx.contactos.find((c) => c.id === link.id_firmante) }
}

function closedReason(ws: SignioWs, { link, tx, contact }: Target): string | undefined {
  if (link.expires_at !== null && link.expires_at <= ws.now()) return 'Este enlace ha expirado.'
  if (!contact) return undefined
  if (tx.estado !== ESTADO.pendiente) return TX_CLOSED[tx.estado]
  return CONTACT_CLOSED[contact.estado]
}

const tokenOf = (c: VendorContext) => c.req.param('token') ?? ''

function page(ws: SignioWs, { link, tx, contact }: Target, notice?: SigningPage['notice']): SigningPage {
  // Relative to `<base>/<tipo>/<token>`: right through the prefix, /ws/<id>, a real host or a mount port alike.
  const here = encodeURIComponent(link.token)
  const open = contact && (!notice || notice.kind === 'error')
  const approver = contact?.aprobador === 1
  const canReturn = approver ? tx.opciones.permiteEdicion === 1 : tx.opciones.permiteEdicionFirmantes === 1
  const signers = inOrder(tx.contactos.filter((x) => x.rol !== ROL_NOTIFICADO))
  return {
    lang: 'es',
    brand: BRAND,
    accent: ACCENT,
    title: tx.nombre,
    words: WORDS,
    signer: contact
      ? { name: contact.nombre, email: contact.email, role: approver ? 'aprobador' : 'firmante' }
      : { name: signers.map((s) => `${s.nombre} (${s.estado})`).join(', ') },
    status: `${tx.estado} · ${STATUS_TEXT[tx.estado] ?? ''}`,
    documents: tx.documentos
      .map((id) => ws.state.documents.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({ name: d.nombre, url: `${here}/documentos/${encodeURIComponent(d.id)}` })),
    notice: notice ?? (contact ? undefined : { kind: 'closed', text: 'Vista del sobre: solo lectura.' }),
    form: open
      ? {
          action: here,
          fields: [],
          buttons: [
            { value: 'sign', label: approver ? 'Aprobar' : 'Firmar', kind: 'primary' },
            ...(tx.opciones.op_btnRechazo === 1
              ? [{ value: 'reject', label: 'Rechazar', kind: 'danger' as const, needsReason: true }]
              : []),
            ...(canReturn ? [{ value: 'return', label: 'Devolver con observaciones', kind: 'secondary' as const, needsReason: true }] : []),
          ],
        }
      : undefined,
  }
}

const invalid = (c: VendorContext) =>
  sendSigningPage(c, 404, {
    lang: 'es',
    brand: BRAND,
    accent: ACCENT,
    title: 'Enlace no válido',
    words: WORDS,
    documents: [],
    notice: { kind: 'closed', text: 'Este enlace no es válido. Revise el enlace de su correo.' },
  })

async function showPage(c: VendorContext, ws: SignioWs): Promise<Response> {
  const target = find(ws, tokenOf(c))
  if (!target) return invalid(c)
  const closed = closedReason(ws, target)
  if (closed) return sendSigningPage(c, 200, page(ws, target, { kind: 'closed', text: closed }))
  // Opening the signing link is what marks the contact `visto`.
  if (target.contact) await runAction(simulate.view, ws, { id_transaccion: target.tx.id, id_firmante: target.contact?.id }, pageCaller(c))
  return sendSigningPage(c, 200, page(ws, target))
}

const DONE: Record<string, string> = {
  sign: 'Documentos firmados. ¡Gracias!',
  reject: 'Usted rechazó la transacción. El remitente fue notificado.',
  return: 'Usted devolvió la transacción con observaciones.',
}

async function submit(c: VendorContext, ws: SignioWs): Promise<Response> {
  const target = find(ws, tokenOf(c))
  if (!target?.contact || closedReason(ws, target)) return showPage(c, ws)
  const form = await postedForm(c)
  const action = form.action ?? ''
  const reason = (form.reason ?? '').trim()
  if (!(action in DONE)) return sendSigningPage(c, 200, page(ws, target, { kind: 'error', text: 'Elija una acción.' }))
  if (action !== 'sign' && !reason) return sendSigningPage(c, 200, page(ws, target, { kind: 'error', text: WORDS.reasonMissing }))
  const who = { id_transaccion: target.tx.id, id_firmante: target.contact.id }
  const caller = pageCaller(c)
  // The reason is asked as Signio's page asks it; the simulate actions record no motivo, so it goes no further.
  const outcome =
    action === 'reject'
      ? await runAction(simulate.reject, ws, who, caller)
      : action === 'return'
        ? await runAction(simulate.return, ws, who, caller)
        : await runAction(simulate.sign, ws, who, caller)
  if (!outcome.ok) return sendSigningPage(c, 200, page(ws, target, { kind: 'error', text: outcome.message }))
  return sendSigningPage(c, 200, page(ws, find(ws, tokenOf(c)) ?? target, { kind: 'done', text: DONE[action] }))
}

function document(c: VendorContext, ws: SignioWs): Response | Promise<Response> {
  const target = find(ws, tokenOf(c))
  const id = c.req.param('id_documento') ?? ''
  if (!target || !target.tx.documentos.includes(id)) return invalid(c)
  const file = archivo(ws, id)
  return sendBytes(c, 200, file.bytes, file.type, { 'content-disposition': 'inline', 'cache-control': 'no-store' })
}

export function pageRoutes(r: VendorRouter<SignioState>): void {
  for (const tipo of ['firmar', 'onpremise', 'magic-link']) {
    r.get(`/${tipo}/:token`, showPage)
    r.post(`/${tipo}/:token`, submit)
    r.get(`/${tipo}/:token/documentos/:id_documento`, document)
  }
}

/** Transactions with their signers and each waiting signer's e-mail link (QA console). */
export function records(ws: SignioWs, caller: CallerScope): RecordView[] {
  const root = caller.base
  const linkOf = new Map<string, string>()
  for (const l of ws.state.links.values()) if (l.tipo === 'firmar' && l.id_firmante) linkOf.set(l.id_firmante, `${root}/firmar/${l.token}`)
  return [...ws.state.transactions.values()]
    .filter((tx) => !tx.base)
    .sort((a, b) => b.fecha_creacion - a.fecha_creacion)
    .map((tx) => ({
      kind: 'transacción',
      id: tx.id,
      title: tx.nombre,
      state: `${tx.estado} ${STATUS_TEXT[tx.estado] ?? ''}`,
      created_at: new Date(tx.fecha_creacion).toISOString(),
      signers: inOrder(tx.contactos.filter((x) => x.rol !== ROL_NOTIFICADO)).map((x) => ({
        name: x.nombre,
        email: x.email,
        role: x.aprobador === 1 ? 'aprobador' : 'firmante',
        status: x.estado,
        link: tx.estado === ESTADO.pendiente && (x.estado === 'notificado' || x.estado === 'visto') ? linkOf.get(x.id) : undefined,
      })),
    }))
}
