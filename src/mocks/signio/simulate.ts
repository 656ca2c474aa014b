import { ControlError } from '../../lib/vendor-error.js'
import type { z } from 'zod'
import type { CallerScope } from '../../lib/vendor.js'
import { invalidState, simulateAction } from '../../lib/simulate.js'
import { simulateSignerSchema, simulateCallbackSchema, simulateTransactionSchema } from './schemas.js'
import { DONE, ESTADO, ROL_NOTIFICADO, type Contacto, type SignioState, type SignioWs, type Transaccion } from './model.js'
import { inOrder, reject, returnWithObservations, sign, suspend } from './service/flow.js'

/** What signers do outside the API (signio.md §9). Transactions are looked up in the whole workspace. */

const base = (caller: CallerScope) => caller.base

type Signer = z.output<typeof simulateSignerSchema>

function transaction(ws: SignioWs, id: string, allowed: readonly number[]): Transaccion {
  const tx = ws.state.transactions.get(id)
  if (!tx || tx.base) throw new ControlError(404, 'not_found', `no transaction ${id}`)
  if (!allowed.includes(tx.estado)) throw invalidState(`transaction ${id} is in estado ${tx.estado}`)
  return tx
}

/** By email (first not-done match in `orden` order, else the first match) or by id_firmante. */
function contact(tx: Transaccion, body: Signer): Contacto {
  const { email, id_firmante: id } = body
  const matches = inOrder(
    tx.contactos.filter(
      (c) => c.rol !== ROL_NOTIFICADO && (id !== undefined ? c.id === id : c.email.toLowerCase() === email?.toLowerCase()),
    ),
  )
  const found = matches.find((c) => !DONE.includes(c.estado)) ?? matches[0]
  if (!found) throw new ControlError(404, 'not_found', `no contact ${id ?? email ?? ''} in transaction ${tx.id}`)
  return found
}

const action = simulateAction<SignioState>()

function contactAction(
  description: string,
  allowedTx: readonly number[],
  run: (ws: SignioWs, tx: Transaccion, c: Contacto, caller: CallerScope) => void,
) {
  return action(simulateSignerSchema, description, (ws, body, caller) => {
    const tx = transaction(ws, body.id_transaccion, allowedTx)
    const c = contact(tx, body)
    run(ws, tx, c, caller)
    return { id_transaccion: tx.id, estado: tx.estado, firmante: { id_firmante: c.id, email: c.email, estado: c.estado } }
  })
}

function requireTurn(c: Contacto): void {
  if (c.estado !== 'notificado' && c.estado !== 'visto') throw invalidState(`contact ${c.email} is ${c.estado}`)
}

export const simulate = {
  view: contactAction('The signer opens the transaction (contact estado visto).', [ESTADO.pendiente, ESTADO.captura], (ws, tx, c) => {
    requireTurn(c)
    c.estado = 'visto'
    ws.state.transactions.set(tx.id, tx)
  }),
  sign: contactAction(
    "The signer signs; the last signature completes the transaction (estado 3) and calls the tenant's callback.",
    [ESTADO.pendiente],
    (ws, tx, c, caller) => {
      requireTurn(c)
      sign(ws, tx, c, base(caller))
    },
  ),
  reject: contactAction(
    'The signer rejects (needs op_btnRechazo = 1); the transaction is rejected.',
    [ESTADO.pendiente],
    (ws, tx, c, caller) => {
      if (tx.opciones.op_btnRechazo !== 1) throw invalidState('op_btnRechazo is 0 for this transaction')
      requireTurn(c)
      reject(ws, tx, c, base(caller))
    },
  ),
  return: contactAction(
    'The signer (or approver) returns the transaction with observations (needs permiteEdicionFirmantes, or permiteEdicion for an approver).',
    [ESTADO.pendiente],
    (ws, tx, c, caller) => {
      const allowed = c.aprobador === 1 ? tx.opciones.permiteEdicion === 1 : tx.opciones.permiteEdicionFirmantes === 1
      if (!allowed)
        throw invalidState(
          c.aprobador === 1 ? 'permiteEdicion is 0 for this transaction' : 'permiteEdicionFirmantes is 0 for this transaction',
        )
      requireTurn(c)
      returnWithObservations(ws, tx, base(caller))
    },
  ),
  suspend: action(simulateTransactionSchema, 'The sender suspends the transaction in the Signio web app.', (ws, body, caller) => {
    const tx = transaction(ws, body.id_transaccion, [ESTADO.pendiente, ESTADO.captura])
    suspend(ws, tx, base(caller))
    return { id_transaccion: tx.id, estado: tx.estado }
  }),
  set_callback: action(
    simulateCallbackSchema,
    "Sets (or clears, with null) the tenant's callback URL, which Signio calls on every transaction change.",
    (ws, body) => {
      const tenant = body.tenant ?? 'legops-demo'
      const client = ws.state.clients.get(tenant)
      if (!client) throw new ControlError(404, 'not_found', `no tenant ${tenant}`)
      ws.state.clients.set(tenant, { ...client, callback_url: body.url })
      return { tenant, callback_url: body.url }
    },
  ),
}
