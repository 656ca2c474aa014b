import { ORG_ID, ORG_NAME } from '../constants.js'
import { fail } from '../errors.js'
import { type ZFolder, type ZRequestType, type ZUser, type ZWs } from '../model.js'
import { isEmail, isObj, parseData, Reader, unableToProcess } from './input.js'
import { page, pageQuery } from './listing.js'
import { invitationEmail } from './notify.js'
import { atomic, newId } from './workspace.js'

/** Users (U1–U5), folders (M1–M2), request types (M4–M6), organizations — spec §6.1, §6.3, §6.6. */

/**
 * `GET /organizations`: the caller's one organization, the default (integrations pass its `org_id`
 * on when they create a webhook). Keys as the official integrations read them (spec §6.6).
 */
export function listOrganizations(user: ZUser) {
  return [{ org_id: ORG_ID, org_name: ORG_NAME, is_default: true, is_admin: user.role === 'Admin' }]
}

const ROLE_ORDER: Record<string, number> = { Admin: 0, User: 1 }

export function listUsers(ws: ZWs, account: string, data: string | undefined) {
  const q = pageQuery(data, ['role', 'user_email', 'user_name'], { sort_column: 'role', sort_order: 'ASC' })
  const value = (u: ZUser, c: string): string | number =>
    c === 'user_email' ? u.user_email : c === 'user_name' ? u.user_name : ROLE_ORDER[u.role]
  // Ties by user_id ascending, as the seed lists them.
  const { rows, page_context } = page(
    ws.state.users.filter((u) => u.account === account),
    q,
    value,
    (u) => u.user_id,
    undefined,
    true,
  )
  return {
    page_context: {
      sort_column: page_context.sort_column,
      has_more_rows: page_context.has_more_rows,
      start_index: page_context.start_index,
      sort_order: page_context.sort_order,
      row_count: q.rowCountSent ? q.row_count : 0,
    },
    users: rows.map((u) => ({
      user_email: u.user_email,
      ...(u.is_payment_owner ? { is_payment_owner: true } : {}),
      role: u.role,
      user_id: u.user_id,
      user_name: u.user_name,
      is_allowed: u.is_allowed,
    })),
  }
}

function addresses(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') fail('missing_key', 'email_id')
  let list: unknown
  if (raw.trim().startsWith('[')) {
    try {
      list = JSON.parse(raw)
    } catch {
      return unableToProcess()
    }
  } else list = [raw.trim()]
  if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== 'string' || !isEmail(e))) unableToProcess()
  return list as string[]
}

export function inviteUsers(ws: ZWs, account: string, raw: string | undefined) {
  return atomic(ws, () => {
    const emails = addresses(raw)
    return emails.map((email) => {
      const exists = ws.state.users.find((u) => u.account === account && u.user_email.toLowerCase() === email.toLowerCase())
      if (exists) return { user_email: email, is_invited: false }
      const local = email.split('@')[0]
      const user: ZUser = {
        user_id: newId(ws)(),
        user_email: email,
        user_name: local,
        first_name: local,
        last_name: '',
        role: 'User',
        is_allowed: true,
        account,
      }
      ws.state.users.set(user.user_id, user)
      invitationEmail(ws, email)
      return { user_email: email, is_invited: true }
    })
  })
}

export function findUser(ws: ZWs, account: string, id: string): ZUser {
  const u = ws.state.users.get(id)
  if (!u || u.account !== account) fail('id_not_found')
  return u
}

/** U4: `role` wins the message when both are given. */
export function updateUser(ws: ZWs, account: string, id: string, access: string | undefined, role: string | undefined): 'role' | 'access' {
  const u = findUser(ws, account, id)
  const allowed = access === undefined ? undefined : /^(true|false)$/i.test(access) ? access.toLowerCase() === 'true' : unableToProcess()
  const newRole = role === undefined ? undefined : /^admin$/i.test(role) ? 'Admin' : /^user$/i.test(role) ? 'User' : unableToProcess()
  if (allowed === undefined && newRole === undefined) unableToProcess()
  if (u.is_payment_owner) unableToProcess()
  if (allowed !== undefined) u.is_allowed = allowed
  if (newRole !== undefined) u.role = newRole
  ws.state.users.set(u.user_id, u)
  return newRole !== undefined ? 'role' : 'access'
}

export function deleteUser(ws: ZWs, account: string, id: string): void {
  const u = findUser(ws, account, id)
  if (u.is_payment_owner) unableToProcess()
  ws.state.users.delete(u.user_id)
}

export function createFolder(ws: ZWs, data: string | undefined): Promise<ZFolder> {
  return atomic(ws, () => {
    const input = parseData(data, ['folders'])
    const name = new Reader(input, unableToProcess).str('folder_name', 255)
    if (!name) fail('missing_key', 'folder_name')
    const folder: ZFolder = { folder_id: newId(ws)(), folder_name: name, created: ws.now() }
    return ws.state.folders.set(folder.folder_id, folder)
  })
}

export const listFolders = (ws: ZWs) =>
  [...ws.state.folders.values()].reverse().map((f) => ({ folder_name: f.folder_name, folder_id: f.folder_id }))

const typeOut = (t: ZRequestType) => ({
  request_type_description: t.request_type_description,
  request_type_name: t.request_type_name,
  request_type_id: t.request_type_id,
})

export const listRequestTypes = (ws: ZWs) => [...ws.state.requestTypes.values()].map(typeOut)

function readRequestType(data: string | undefined, create: boolean): Partial<ZRequestType> {
  const input = parseData(data, ['request_types', 'request_type'])
  if (!isObj(input)) unableToProcess()
  const r = new Reader(input, unableToProcess)
  const name = r.str('request_type_name', 255)
  const description = r.str('request_type_description')
  if (create && !name) fail('missing_key', 'request_type_name')
  if (name !== undefined && name.trim() === '') unableToProcess()
  return {
    ...(name !== undefined ? { request_type_name: name } : {}),
    ...(description !== undefined ? { request_type_description: description } : {}),
  }
}

export function createRequestType(ws: ZWs, data: string | undefined) {
  return atomic(ws, () => {
    const input = readRequestType(data, true)
    const t: ZRequestType = {
      request_type_id: newId(ws)(),
      request_type_name: input.request_type_name ?? '',
      request_type_description: input.request_type_description ?? '',
    }
    ws.state.requestTypes.set(t.request_type_id, t)
    return typeOut(t)
  })
}

export function findRequestType(ws: ZWs, id: string): ZRequestType {
  const t = ws.state.requestTypes.get(id)
  if (!t) fail('id_not_found')
  return t
}

export function updateRequestType(ws: ZWs, id: string, data: string | undefined) {
  const t = findRequestType(ws, id)
  const input = readRequestType(data, false)
  Object.assign(t, input)
  ws.state.requestTypes.set(t.request_type_id, t)
  return typeOut(t)
}
