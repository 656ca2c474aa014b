import { OTHERS_REQUEST_TYPE } from '../constants.js'
import { fail } from '../errors.js'
import { type ZAction, type ZRequest, type ZUser, SIGNING_DEFAULTS, type ZWs } from '../model.js'
import { guardActionIds, guardActionTypes, guardReadOnly, guardRequiredRecipients, mergeActions, newAction, usedNames } from './compose.js'
import { toDocuments, type NewDocument, type UploadedFile } from './documents-in.js'
import { Reader, parseData, unableToProcess, type Obj } from './input.js'
import { save, selfSign, submit } from './lifecycle.js'
import { applySettings, readName } from './settings.js'
import { atomic, findRequest, newId, storeDocuments, type Env } from './workspace.js'

/** Requests: create (R1), update (R2), submit (R3), self-sign (R16) — spec §6.2, §7.1. */

export interface BodyInput {
  data: string | undefined
  files: UploadedFile[]
}

/** The owner's own SIGN action, for a self-sign request. */
const ownerAction = (ws: ZWs, owner: ZUser): ZAction => newAction(newId(ws)(), { name: owner.user_name, email: owner.user_email })

const selfSignAsked = (input: Obj) =>
  input.self_sign === true || (typeof input.self_sign === 'string' && input.self_sign.toLowerCase() === 'true')

/** Applies one `requests` object to a copy of `r` (settings, files, actions, fields). */
async function applyInput(
  ws: ZWs,
  r: ZRequest,
  input: Obj | undefined,
  files: UploadedFile[],
  create: boolean,
): Promise<{ request: ZRequest; docs: NewDocument[] }> {
  const next: ZRequest = { ...r, documents: [...r.documents], actions: r.actions.map((a) => ({ ...a, fields: [...a.fields] })) }
  if (input) {
    guardReadOnly(input)
    const name = readName(input, 'request_name', create)
    if (name !== undefined) next.request_name = name
    // A self-sign request's actions follow their own rules (§7.1): on create they are ignored, later a new one is 9039.
    const actionsApply = !(create ? selfSignAsked(input) : r.self_sign)
    if (actionsApply) {
      guardRequiredRecipients(input, r.actions)
      guardActionTypes(input)
    }
    applySettings(ws, input, next)
    if (actionsApply) guardActionIds(input, r.actions)
    if (create) next.self_sign = new Reader(input, unableToProcess).bool('self_sign') ?? false
  }
  if (create && files.length === 0) fail('missing_key', 'file')
  const docs = await toDocuments(files, newId(ws))
  next.documents.push(...docs.map((d) => d.doc))
  if (input && !(create && next.self_sign)) {
    const owner = ws.state.users.get(r.owner_id)
    next.actions = mergeActions(
      next.actions,
      input,
      { requireRecipients: true, selfSign: next.self_sign && owner ? { email: owner.user_email, name: owner.user_name } : undefined },
      {
        documents: next.documents,
        newId: newId(ws),
        usedNames: usedNames(next.actions),
        existsAction: (id) => r.actions.some((a) => a.action_id === id),
      },
    )
  }
  return { request: next, docs }
}

function commit(ws: ZWs, r: ZRequest, docs: NewDocument[]): ZRequest {
  storeDocuments(ws, docs, { kind: 'request', id: r.request_id })
  save(ws, r)
  return r
}

export function createRequest(ws: ZWs, owner: ZUser, body: BodyInput): Promise<ZRequest> {
  return atomic(ws, async () => {
    const input = parseData(body.data, ['requests'])
    const now = ws.now()
    const blank: ZRequest = {
      request_id: '',
      request_name: '',
      request_status: 'draft',
      request_type_id: OTHERS_REQUEST_TYPE,
      description: '',
      notes: '',
      owner_id: owner.user_id,
      created_time: now,
      modified_time: now,
      ...SIGNING_DEFAULTS,
      self_sign: false,
      documents: [],
      actions: [],
      zsdocumentid: '',
    }
    const { request, docs } = await applyInput(ws, blank, input, body.files, true)
    request.request_id = newId(ws)()
    request.zsdocumentid = ws.random.string(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')
    if (request.self_sign) request.actions = [ownerAction(ws, owner)]
    return commit(ws, request, docs)
  })
}

/** R2 and the body part of R3/R16: `data` and/or `file` parts (files alone just add documents). */
async function merged(ws: ZWs, r: ZRequest, body: BodyInput, needBody: boolean) {
  const hasData = body.data !== undefined && body.data !== ''
  if (!hasData && body.files.length === 0) {
    if (needBody) fail('missing_key', 'requests')
    return { request: r, docs: [] }
  }
  const input = hasData ? parseData(body.data, ['requests']) : undefined
  return applyInput(ws, r, input, body.files, false)
}

export function updateRequest(ws: ZWs, id: string, body: BodyInput): Promise<ZRequest> {
  return atomic(ws, async () => {
    const r = findRequest(ws, id)
    const { request, docs } = await merged(ws, r, body, true)
    if (!isEditable(r)) fail('document_already_submitted')
    return commit(ws, request, docs)
  })
}

/** A draft, or a request marked for correction (spec §6.6): it can be edited and submitted. */
export const isEditable = (r: Pick<ZRequest, 'request_status'>): boolean =>
  r.request_status === 'draft' || r.request_status === 'correction'

export function checkSubmittable(r: Pick<ZRequest, 'actions'>): void {
  if (r.actions.length === 0) fail('missing_key', 'actions')
  for (const a of r.actions) if (a.action_type === 'INPERSONSIGN' && !a.in_person_name) fail('missing_key', 'in_person_name')
  const signers = r.actions.filter((a) => a.action_type !== 'VIEW')
  if (signers.length === 0) fail('add_atleast_one_field')
  for (const a of signers)
    if ((a.action_type === 'SIGN' || a.action_type === 'INPERSONSIGN') && a.fields.length === 0) fail('add_atleast_one_field')
}

export function submitRequest(env: Env, id: string, body: BodyInput): Promise<ZRequest> {
  const { ws } = env
  return atomic(ws, async () => {
    const r = findRequest(ws, id)
    const { request, docs } = await merged(ws, r, body, false)
    if (!isEditable(r)) fail('document_already_submitted')
    if (r.self_sign) unableToProcess()
    checkSubmittable(request)
    storeDocuments(ws, docs, { kind: 'request', id: request.request_id })
    submit(env, request)
    return request
  })
}

export function selfSignRequest(env: Env, id: string, body: BodyInput): Promise<ZRequest> {
  const { ws } = env
  return atomic(ws, async () => {
    const r = findRequest(ws, id)
    const { request, docs } = await merged(ws, r, body, false)
    if (r.request_status !== 'draft') fail('document_already_submitted')
    if (!r.self_sign) unableToProcess()
    if (request.actions[0]?.fields.length === 0) fail('add_atleast_one_field')
    storeDocuments(ws, docs, { kind: 'request', id: request.request_id })
    selfSign(env, request)
    return request
  })
}
