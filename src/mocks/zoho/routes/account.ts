import type { VendorContext, VendorRouter } from '../../../lib/vendor.js'
import { FIELD_TYPES } from '../constants.js'
import type { ZohoState, ZWs } from '../model.js'
import {
  createFolder,
  createRequestType,
  deleteUser,
  findRequestType,
  findUser,
  inviteUsers,
  listFolders,
  listRequestTypes,
  listOrganizations,
  listUsers,
  updateRequestType,
  updateUser,
} from '../service/account.js'
import {
  createWebhook,
  deleteWebhook,
  findWebhook,
  listWebhooks,
  setWebhookStatus,
  updateWebhook,
  webhookOut,
  type WebhookInput,
} from '../service/webhooks.js'
import { pageQuery } from '../service/listing.js'
import { done, ok, readInput } from '../wire.js'
import { guard } from './common.js'

/** Users, folders, field and request types, webhooks (spec §6.1, §6.3, §6.5). */

const API = '/api/v1'

const usersReply = (c: VendorContext, ws: ZWs) => {
  const p = guard(c, ['account', 'READ'])
  const { page_context, users } = listUsers(ws, p.user.account, c.req.query('data'))
  return ok(c, { code: 0, message: 'User list retrieved successfully', page_context, users, status: 'success' })
}

async function webhookInput(c: VendorContext, pathIds?: () => unknown): Promise<WebhookInput> {
  const input = await readInput(c, pathIds)
  const pick = (k: string) => input.param(k)
  return {
    webhook_url: pick('webhook_url'),
    webhook_actions: pick('webhook_actions'),
    purpose: pick('purpose'),
    webhook_security_settings: pick('webhook_security_settings'),
  }
}

export function accountRoutes(r: VendorRouter<ZohoState>): void {
  r.get(`${API}/accounts`, usersReply)
  r.get(`${API}/users`, usersReply)
  r.post(`${API}/users/invite`, async (c, ws) => {
    const p = guard(c, ['account', 'CREATE'])
    const input = await readInput(c)
    const invitations = await inviteUsers(ws, p.user.account, input.param('email_id'))
    return ok(c, { code: 0, invitations, message: 'Invitation has been sent', status: 'success' })
  })
  r.put(`${API}/users/:id`, async (c, ws) => {
    const p = guard(c, ['account', 'UPDATE'])
    const input = await readInput(c, () => findUser(ws, p.user.account, c.req.param('id') ?? ''))
    const changed = updateUser(ws, p.user.account, c.req.param('id') ?? '', input.param('allowed_access'), input.param('role'))
    return done(c, changed === 'role' ? 'Role has been changed for the selected user' : 'Access has been changed for the selected user')
  })
  r.put(`${API}/users/:id/delete`, (c, ws) => {
    const p = guard(c, ['account', 'UPDATE'])
    deleteUser(ws, p.user.account, c.req.param('id') ?? '')
    return done(c, 'User has been deleted')
  })

  r.post(`${API}/folders`, async (c, ws) => {
    guard(c, ['documents', 'CREATE'])
    const input = await readInput(c)
    const f = await createFolder(ws, input.param('data'))
    return ok(c, {
      code: 0,
      folders: { folder_name: f.folder_name, folder_id: f.folder_id },
      message: 'Folder added successfully',
      status: 'success',
    })
  })
  r.get(`${API}/folders`, (c, ws) => {
    guard(c, ['documents', 'READ'])
    return ok(c, { code: 0, folders: listFolders(ws), message: 'Folder(s) retrieved successfully', status: 'success' })
  })
  r.get(`${API}/fieldtypes`, (c) => {
    guard(c, ['documents', 'READ'])
    const field_types = FIELD_TYPES.filter((t) => t.listed).map((t) => ({
      field_type_id: t.field_type_id,
      field_category: t.field_category,
      is_mandatory: t.is_mandatory,
      field_type_name: t.field_type_name,
    }))
    return ok(c, { field_types, code: 0, message: 'Field types retrieved successfully', status: 'success' })
  })
  r.get(`${API}/requesttypes`, (c, ws) => {
    guard(c, ['documents', 'READ'])
    return ok(c, { code: 0, message: 'Document types retrieved successfully', request_types: listRequestTypes(ws), status: 'success' })
  })
  r.post(`${API}/requesttypes`, async (c, ws) => {
    guard(c, ['documents', 'CREATE'])
    const input = await readInput(c)
    const t = await createRequestType(ws, input.param('data'))
    return ok(c, { code: 0, message: 'Document type added successfully', request_types: [t], status: 'success' })
  })
  r.on(['PUT', 'POST'], `${API}/requesttypes/:id`, async (c, ws) => {
    guard(c, ['documents', 'UPDATE'])
    const input = await readInput(c, () => findRequestType(ws, c.req.param('id') ?? ''))
    const t = updateRequestType(ws, c.req.param('id') ?? '', input.param('data'))
    return ok(c, { code: 0, message: 'Document type updated successfully', request_types: [t], status: 'success' })
  })

  // Any Zoho Sign READ scope: integrations read the default org at setup, whatever they were granted (spec §6.6).
  r.get(`${API}/organizations`, (c) => {
    const p = guard(c, ['account', 'READ'], ['documents', 'READ'], ['templates', 'READ'])
    return ok(c, {
      code: 0,
      message: 'Organization list retrieved successfully',
      organizations: listOrganizations(p.user),
      status: 'success',
    })
  })

  r.post(`${API}/accounts/webhooks`, async (c, ws) => {
    guard(c, ['account', 'CREATE'])
    const webhook = createWebhook(ws, await webhookInput(c))
    return ok(c, { code: 0, webhook, message: 'Webhook created successfully', status: 'success' })
  })
  r.get(`${API}/accounts/webhooks`, (c, ws) => {
    guard(c, ['account', 'READ'])
    pageQuery(c.req.query('data'), ['created_time'], { sort_column: 'created_time', sort_order: 'DESC' })
    return ok(c, { code: 0, webhooks: listWebhooks(ws), message: 'Webhooks list retrieved successfully', status: 'success' })
  })
  r.put(`${API}/accounts/webhooks/:id`, async (c, ws) => {
    guard(c, ['account', 'UPDATE'])
    const input = await webhookInput(c, () => findWebhook(ws, c.req.param('id') ?? ''))
    const webhook = updateWebhook(ws, c.req.param('id') ?? '', input)
    return ok(c, { code: 0, webhook, message: 'Webhook created successfully', status: 'success' })
  })
  r.get(`${API}/accounts/webhooks/:id`, (c, ws) => {
    guard(c, ['account', 'READ'])
    return ok(c, {
      code: 0,
      webhook: webhookOut(findWebhook(ws, c.req.param('id') ?? '')),
      message: 'Webhook retrieved successfully',
      status: 'success',
    })
  })
  r.delete(`${API}/accounts/webhooks/:id`, (c, ws) => {
    guard(c, ['account', 'UPDATE'])
    deleteWebhook(ws, c.req.param('id') ?? '')
    return done(c, 'Webhook deleted successfully')
  })
  r.post(`${API}/accounts/webhooks/:id/unsubscribe`, (c, ws) => {
    guard(c, ['account', 'UPDATE'])
    setWebhookStatus(ws, c.req.param('id') ?? '', false)
    return done(c, 'Webhook deactivated')
  })
  r.post(`${API}/accounts/webhooks/:id/activate`, (c, ws) => {
    guard(c, ['account', 'UPDATE'])
    setWebhookStatus(ws, c.req.param('id') ?? '', true)
    return done(c, 'Webhook activated')
  })
}
