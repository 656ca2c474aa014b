import { ControlError } from '../../lib/vendor-error.js'
import type { CallerScope } from '../../lib/vendor.js'
import { invalidState, simulateAction } from '../../lib/simulate.js'
import type { z } from 'zod'
import { DEFAULT_IP } from './constants.js'
import { simulateSchemas } from './schemas.js'
import type { ZAction, ZRequest, ZohoState, ZWs } from './model.js'
import { decline, expire, reassign, sign, sweep, view } from './service/lifecycle.js'
import { DETAIL, requestOut } from './service/render.js'
import type { Env } from './service/workspace.js'

/** What signers do outside the API (spec §11): view, sign, decline, reassign, expire. */

type Verb = 'view' | 'sign' | 'decline' | 'reassign'

type Target = z.infer<typeof simulateSchemas.view>

function envOf(ws: ZWs, caller: CallerScope): Env {
  const env = { ws, signBase: caller.base }
  sweep(env)
  return env
}

/** The request and action a body names, by `{request_id, action_id}` or `{sign_id}`. */
function target(ws: ZWs, body: Target): { r: ZRequest; a: ZAction } {
  const signId = body.sign_id
  if (signId !== undefined) {
    const s = ws.state.signIds.get(signId)
    const r = s ? ws.state.requests.get(s.request_id) : undefined
    const a = r?.actions.find((x) => x.action_id === s?.action_id)
    if (!s || !r || !a) throw new ControlError(404, 'not_found', `no sign_id ${JSON.stringify(signId)} in this workspace`)
    if (s.reassigned) throw invalidState('this sign_id belonged to a recipient who reassigned the action')
    if (s.single_use && (s.used || (s.expires_at ?? 0) <= ws.now()))
      throw invalidState('this embed sign_id was already used or has expired')
    if (s.single_use) {
      s.used = true
      ws.state.signIds.set(s.sign_id, s)
    }
    return { r, a }
  }
  const { request_id: requestId, action_id: actionId } = body
  if (!requestId || !actionId) throw new ControlError(400, 'bad_request', 'name the action with {request_id, action_id} or {sign_id}')
  const r = ws.state.requests.get(requestId)
  if (!r || r.is_deleted) throw new ControlError(404, 'not_found', `no request ${requestId} in this workspace`)
  const a = r.actions.find((x) => x.action_id === actionId)
  if (!a) throw new ControlError(404, 'not_found', `request ${requestId} has no action ${actionId}`)
  return { r, a }
}

function actionable(r: ZRequest, a: ZAction, verb: Verb): void {
  if (r.request_status !== 'inprogress') throw invalidState(`the request is ${r.request_status}, not inprogress`)
  if (a.action_status === 'NOACTION') throw invalidState("it is not this action's turn yet (NOACTION)")
  if (['SIGNED', 'APPROVED', 'DECLINED'].includes(a.action_status)) throw invalidState(`the action is already ${a.action_status}`)
  if (verb !== 'view' && a.action_type === 'VIEW') throw invalidState(`a VIEW action cannot ${verb}`)
  // An in-person signature is hosted by the sender's own user: there is nobody to hand it on to.
  if (verb === 'reassign' && a.action_type === 'INPERSONSIGN') throw invalidState('an INPERSONSIGN action cannot be reassigned')
}

const ipOf = (body: Target) => body.ip_address ?? DEFAULT_IP
const reply = (ws: ZWs, r: ZRequest) => ({ requests: requestOut(ws.state, r, ws, DETAIL) })

const action = simulateAction<ZohoState>()

/**
 * A recipient's action on the action a body names: the action must be able to
 * take `verb` now; `act` does it on the swept request, the reply is the request.
 */
function recipientAction<Z extends z.ZodType<Target>>(
  verb: Verb,
  schema: Z,
  description: string,
  act: (env: Env, r: ZRequest, a: ZAction, body: z.output<Z>) => void,
) {
  return action(schema, description, (ws, body, caller) => {
    const env = envOf(ws, caller)
    const { r, a } = target(ws, body)
    actionable(r, a, verb)
    act(env, r, a, body)
    return reply(ws, r)
  })
}

export const simulate = {
  view: recipientAction(
    'view',
    simulateSchemas.view,
    'The recipient opens the request (action_status VIEWED, a "viewed" notification); name the action by {request_id, action_id} or {sign_id}.',
    (env, r, a, body) => view(env, r, a, ipOf(body)),
  ),
  sign: recipientAction(
    'sign',
    simulateSchemas.sign,
    'The recipient signs (or approves, for an APPROVER) with optional field_values by field label or id; the last signature completes the request.',
    (env, r, a, body) => sign(env, r, a, body.field_values ?? {}, ipOf(body)),
  ),
  decline: recipientAction(
    'decline',
    simulateSchemas.decline,
    'The recipient declines with an optional reason; the request becomes declined.',
    (env, r, a, body) => decline(env, r, a, body.reason ?? '', ipOf(body)),
  ),
  reassign: recipientAction(
    'reassign',
    simulateSchemas.reassign,
    'The recipient reassigns its action to someone else (recipient_name, recipient_email, optional reason): the new recipient gets the sign-request e-mail; webhook event Forward.',
    (env, r, a, body) => reassign(env, r, a, { name: body.recipient_name, email: body.recipient_email }, body.reason ?? '', ipOf(body)),
  ),
  expire: action(simulateSchemas.expire, 'The request passes its expiry date now (request_status expired).', (ws, body, caller) => {
    envOf(ws, caller)
    const id = body.request_id
    if (!id) throw new ControlError(400, 'bad_request', 'request_id is required')
    const r = ws.state.requests.get(id)
    if (!r || r.is_deleted) throw new ControlError(404, 'not_found', `no request ${id} in this workspace`)
    if (r.request_status !== 'inprogress') throw invalidState(`the request is ${r.request_status}, not inprogress`)
    expire(ws, r)
    return reply(ws, r)
  }),
}
