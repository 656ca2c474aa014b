import {
  noticeOf,
  pageCaller,
  runAction,
  sendInlineFile,
  signingFlow,
  type PageLook,
  type PageOutcome,
  type PagePost,
  type PageWords,
  type SigningPage,
} from '../../lib/signing-page.js'
import type { CallerScope, RecordView, VendorContext, VendorRouter } from '../../lib/vendor.js'
import { recordsNewestFirst } from '../../lib/records.js'
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
import { inOrder, motivoLine } from './service/flow.js'
import { simulate } from './simulate.js'

/**
 * The pages behind the links Signio hands out: `firmar/<token>` (signing
 * e-mails), `onpremise/<token>` (§6.24) and `magic-link/<token>` (§6.20, the
 * envelope seen by its sender). In Spanish, as Signio's own pages. Buttons
 * run this vendor's simulate actions (view, sign, reject, return), so the
 * page drives the same estado changes, e-mails and callbacks.
 */

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
  chooseAction: 'Elija una acción.',
}

const LOOK: PageLook = { lang: 'es', brand: 'Signio · Legops', accent: '#0f766e', words: WORDS }

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

/** The signer's reason, under the state it explains. */
function withMotivo(tx: Transaccion, text: string | undefined): string | undefined {
  if (!text || !tx.motivo || (tx.estado !== ESTADO.rechazada && tx.estado !== ESTADO.devuelta)) return text
  return `${text} ${motivoLine(tx)}`
}

function closedReason(ws: SignioWs, { link, tx, contact }: Target): string | undefined {
  if (link.expires_at !== null && link.expires_at <= ws.now()) return 'Este enlace ha expirado.'
  if (!contact) return undefined
  if (tx.estado !== ESTADO.pendiente) return withMotivo(tx, TX_CLOSED[tx.estado])
  return CONTACT_CLOSED[contact.estado]
}

const tokenOf = (c: VendorContext) => c.req.param('token') ?? ''

function page(_c: VendorContext, ws: SignioWs, { link, tx, contact }: Target, notice?: SigningPage['notice']): SigningPage {
  // Relative to `<base>/<tipo>/<token>`: right through the prefix, /ws/<id>, a real host or a mount port alike.
  const here = encodeURIComponent(link.token)
  const open = contact && (!notice || notice.kind === 'error')
  const approver = contact?.aprobador === 1
  const canReturn = approver ? tx.opciones.permiteEdicion === 1 : tx.opciones.permiteEdicionFirmantes === 1
  const signers = inOrder(tx.contactos.filter((x) => x.rol !== ROL_NOTIFICADO))
  return {
    ...LOOK,
    title: tx.nombre,
    signer: contact
      ? { name: contact.nombre, email: contact.email, role: approver ? 'aprobador' : 'firmante' }
      : { name: signers.map((s) => `${s.nombre} (${s.estado})`).join(', ') },
    status: `${tx.estado} · ${STATUS_TEXT[tx.estado] ?? ''}`,
    documents: tx.documentos
      .map((id) => ws.state.documents.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({ name: d.nombre, url: `${here}/documentos/${encodeURIComponent(d.id)}` })),
    notice: notice ?? (contact ? undefined : { kind: 'closed', text: withMotivo(tx, 'Vista del sobre: solo lectura.') ?? '' }),
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

const DONE: Record<string, string> = {
  sign: 'Documentos firmados. ¡Gracias!',
  reject: 'Usted rechazó la transacción. El remitente fue notificado.',
  return: 'Usted devolvió la transacción con observaciones.',
}

/** Each button is the simulate action of the same name; the reason travels as its `motivo` / `observaciones`. */
async function act(c: VendorContext, ws: SignioWs, { tx, contact }: Target, { action, reason }: PagePost): Promise<PageOutcome> {
  const who = { id_transaccion: tx.id, id_firmante: contact?.id }
  const caller = pageCaller(c)
  const outcome =
    action === 'reject'
      ? await runAction(simulate.reject, ws, { ...who, motivo: reason }, caller)
      : action === 'return'
        ? await runAction(simulate.return, ws, { ...who, observaciones: reason }, caller)
        : await runAction(simulate.sign, ws, who, caller)
  return noticeOf(outcome, DONE[action])
}

const { show, submit } = signingFlow<SignioState, Target>({
  look: () => LOOK,
  invalid: () => ({ title: 'Enlace no válido', text: 'Este enlace no es válido. Revise el enlace de su correo.' }),
  find: (c, ws) => find(ws, tokenOf(c)),
  closed: (_c, ws, target) => closedReason(ws, target),
  render: page,
  // Opening the signing link is what marks the contact `visto`.
  opened: (c, ws, { tx, contact }) =>
    contact ? runAction(simulate.view, ws, { id_transaccion: tx.id, id_firmante: contact.id }, pageCaller(c)) : Promise.resolve(),
  act,
})

function document(c: VendorContext, ws: SignioWs): Response | Promise<Response> {
  const target = find(ws, tokenOf(c))
  const id = c.req.param('id_documento') ?? ''
  if (!target || !target.tx.documentos.includes(id)) return show(c, ws)
  const file = archivo(ws, id)
  return sendInlineFile(c, file.bytes, file.type)
}

export function pageRoutes(r: VendorRouter<SignioState>): void {
  for (const tipo of ['firmar', 'onpremise', 'magic-link']) {
    r.get(`/${tipo}/:token`, show)
    r.post(`/${tipo}/:token`, submit)
    r.get(`/${tipo}/:token/documentos/:id_documento`, document)
  }
}

/** Transactions with their signers and each waiting signer's e-mail link (QA console). */
export function records(ws: SignioWs, caller: CallerScope): RecordView[] {
  const root = caller.base
  const linkOf = new Map<string, string>()
  for (const l of ws.state.links.values()) if (l.tipo === 'firmar' && l.id_firmante) linkOf.set(l.id_firmante, `${root}/firmar/${l.token}`)
  const real = [...ws.state.transactions.values()].filter((tx) => !tx.base)
  return recordsNewestFirst(
    real,
    (tx) => tx.fecha_creacion,
    (tx) => ({
      kind: 'transacción',
      id: tx.id,
      title: tx.nombre,
      state: `${tx.estado} ${STATUS_TEXT[tx.estado] ?? ''}`,
      note: motivoLine(tx) || undefined,
      signers: inOrder(tx.contactos.filter((x) => x.rol !== ROL_NOTIFICADO)).map((x) => ({
        name: x.nombre,
        email: x.email,
        role: x.aprobador === 1 ? 'aprobador' : 'firmante',
        status: x.estado,
        link: tx.estado === ESTADO.pendiente && (x.estado === 'notificado' || x.estado === 'visto') ? linkOf.get(x.id) : undefined,
      })),
    }),
  )
}
