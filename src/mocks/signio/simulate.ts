import { ControlError } from '../../lib/vendor-error.js'
import type { CallerScope, SimulateAction } from '../../lib/vendor.js'
import { DONE, ESTADO, ROL_NOTIFICADO, type Contacto, type SignioState, type SignioWs, type Transaccion } from './model.js'
import { inOrder, reject, returnWithObservations, sign, suspend } from './service/flow.js'

/** What signers do outside the API (signio.md §9). Transactions are looked up in the whole workspace. */

const bad = (message: string) => new ControlError(400, 'bad_request', message)
const base = (caller: CallerScope) => caller.base

function text(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = body[key]
  if (v === undefined || v === null) {
    if (required) throw bad(`${key} is required`)
    return undefined
  }
  if (typeof v !== 'string' || v.trim() === '') throw bad(`${key} must be a non-empty string`)
  return v
}

function transaction(ws: SignioWs, id: string, allowed: readonly number[]): Transaccion {
  const tx = ws.state.transactions.get(id)
  if (!tx || tx.base) throw new ControlError(404, 'not_found', `no transaction ${id}`)
  if (!allowed.includes(tx.estado)) throw new ControlError(409, 'invalid_state', `transaction ${id} is in estado ${tx.estado}`)
  return tx
}

/** By email (first not-done match in `orden` order, else the first match) or by id_firmante. */
function contact(tx: Transaccion, body: Record<string, unknown>): Contacto {
  const email = text(body, 'email', false)
  const id = text(body, 'id_firmante', false)
  const matches = inOrder(
    tx.contactos.filter(
      (c) => c.rol !== ROL_NOTIFICADO && (id !== undefined ? c.id === id : c.email.toLowerCase() === email?.toLowerCase()),
    ),
  )
  const found = matches.find((c) => !DONE.includes(c.estado)) ?? matches[0]
  if (!found) throw new ControlError(404, 'not_found', `no contact ${id ?? email ?? ''} in transaction ${tx.id}`)
  return found
}

function contactAction(
  allowedTx: readonly number[],
  run: (ws: SignioWs, tx: Transaccion, c: Contacto, body: Record<string, unknown>, caller: CallerScope) => void,
): SimulateAction<SignioState> {
  return (ws, body, caller) => {
    const id = text(body, 'id_transaccion', true) as string
    if (body.email === undefined && body.id_firmante === undefined) throw bad('email or id_firmante is required')
    text(body, 'email', false)
    text(body, 'id_firmante', false)
    const tx = transaction(ws, id, allowedTx)
    const c = contact(tx, body)
    run(ws, tx, c, body, caller)
    return { id_transaccion: tx.id, estado: tx.estado, firmante: { id_firmante: c.id, email: c.email, estado: c.estado } }
  }
}

function requireTurn(c: Contacto): void {
  if (c.estado !== 'notificado' && c.estado !== 'visto') throw new ControlError(409, 'invalid_state', `contact ${c.email} is ${c.estado}`)
}

export const simulate: Record<string, SimulateAction<SignioState>> = {
  view: contactAction([ESTADO.pendiente, ESTADO.captura], (ws, tx, c) => {
    requireTurn(c)
    c.estado = 'visto'
    ws.state.transactions.set(tx.id, tx)
  }),
  sign: contactAction([ESTADO.pendiente], (ws, tx, c, _b, caller) => {
    requireTurn(c)
    sign(ws, tx, c, base(caller))
  }),
  reject: contactAction([ESTADO.pendiente], (ws, tx, c, _b, caller) => {
    if (tx.opciones.op_btnRechazo !== 1) throw new ControlError(409, 'not_allowed', 'op_btnRechazo is 0 for this transaction')
    requireTurn(c)
    reject(ws, tx, c, base(caller))
  }),
  return: contactAction([ESTADO.pendiente], (ws, tx, c, _b, caller) => {
    const allowed = c.aprobador === 1 ? tx.opciones.permiteEdicion === 1 : tx.opciones.permiteEdicionFirmantes === 1
    if (!allowed)
      throw new ControlError(
        409,
        'not_allowed',
        c.aprobador === 1 ? 'permiteEdicion is 0 for this transaction' : 'permiteEdicionFirmantes is 0 for this transaction',
      )
    requireTurn(c)
    returnWithObservations(ws, tx, base(caller))
  }),
  suspend: (ws, body, caller) => {
    const id = text(body, 'id_transaccion', true) as string
    const tx = transaction(ws, id, [ESTADO.pendiente, ESTADO.captura])
    suspend(ws, tx, base(caller))
    return { id_transaccion: tx.id, estado: tx.estado }
  },
  set_callback: (ws, body) => {
    if (!('url' in body)) throw bad('url is required (an absolute http(s) URL, or null)')
    const url = body.url
    if (url !== null && (typeof url !== 'string' || !isHttpUrl(url))) throw bad('url must be an absolute http(s) URL or null')
    const tenant = body.tenant === undefined ? 'legops-demo' : body.tenant
    if (typeof tenant !== 'string') throw bad('tenant must be a string')
    const client = ws.state.clients.get(tenant)
    if (!client) throw new ControlError(404, 'not_found', `no tenant ${tenant}`)
    ws.state.clients.set(tenant, { ...client, callback_url: url })
    return { tenant, callback_url: url }
  },
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}
