import { expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { at, obj, objs, str } from '../helpers/json.js'
import { CLOCK, client, data, failure, form, q, emails } from './helpers.js'

/** Metadata, users, webhook CRUD (checklist 22–32, 63). */

function suite(door: Door) {
  const ws = door.workspace('zoho-account')
  const c = client(door, ws)

  it('22. field types: the seed’s ten', async () => {
    const r = await c.api('/fieldtypes')
    expect(r.body.message).toBe('Field types retrieved successfully')
    expect(r.body.field_types).toHaveLength(10)
    expect(r.body.field_types).toContainEqual({
      field_type_id: '2000000000141',
      field_category: 'image',
      is_mandatory: true,
      field_type_name: 'Signature',
    })
    expect(Object.keys(r.body)).toEqual(['field_types', 'code', 'message', 'status'])
  })

  it('23. request types: list, add (array of one), update', async () => {
    const list = await c.api('/requesttypes')
    expect(list.body.message).toBe('Document types retrieved successfully')
    expect(at(list.body, 'request_types', 0)).toEqual({
      request_type_description: 'Others',
      request_type_name: 'Others',
      request_type_id: '2000000000135',
    })
    const add = await c.api(
      '/requesttypes',
      form({ data: data({ request_types: { request_type_name: 'Acceptance Quote', request_type_description: 'acc' } }) }),
    )
    expect(add.body.message).toBe('Document type added successfully')
    expect(add.body.request_types).toHaveLength(1)
    const id = str(at(add.body, 'request_types', 0, 'request_type_id'))
    expect(id).toMatch(/^\d+$/)
    const upd = await c.api(
      `/requesttypes/${id}`,
      form({ data: data({ request_types: { request_type_name: 'Acceptance Quote 2' } }) }, 'PUT'),
    )
    expect(upd.body.message).toBe('Document type updated successfully')
    expect(at(upd.body, 'request_types', 0)).toEqual({
      request_type_description: 'acc',
      request_type_name: 'Acceptance Quote 2',
      request_type_id: id,
    })
    expect(
      (await c.api('/requesttypes/1234567890123', form({ data: data({ request_types: { request_type_name: 'x' } }) }, 'PUT'))).body,
    ).toEqual(failure(9004, 'No match found'))
    expect((await c.api('/requesttypes', form({ data: data({ request_types: {} }) }))).body).toEqual(
      failure(9008, 'request_type_name occurs less than minimum occurance of 1', 'request_type_name'),
    )
  })

  it('24. folders: add, list newest first, missing name → 9008', async () => {
    const add = await c.api('/folders', form({ data: data({ folders: { folder_name: 'Acceptance Folder' } }) }))
    expect(add.body).toMatchObject({ code: 0, message: 'Folder added successfully', status: 'success' })
    expect(at(add.body, 'folders', 'folder_id')).toMatch(/^\d+$/)
    const list = await c.api('/folders')
    expect(list.body.message).toBe('Folder(s) retrieved successfully')
    const ids = objs(list.body.folders).map((f) => f.folder_id)
    expect(ids).toEqual([at(add.body, 'folders', 'folder_id'), '2000000495005', '2000000489161'])
    const bad = await c.api('/folders', form({ data: data({ folders: {} }) }))
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual(failure(9008, 'folder_name occurs less than minimum occurance of 1', 'folder_name'))
  })

  it('25. users and accounts list the account’s users', async () => {
    const users = await c.api('/users')
    expect(users.body.message).toBe('User list retrieved successfully')
    expect(at(users.body, 'users', 0)).toEqual({
      user_email: 'sam.owner@zylker.test',
      is_payment_owner: true,
      role: 'Admin',
      user_id: '2000000002002',
      user_name: 'Sam Owner',
      is_allowed: true,
    })
    expect(users.body.page_context).toEqual({ sort_column: 'role', has_more_rows: false, start_index: 1, sort_order: 'ASC', row_count: 0 })
    expect(objs(users.body.users).map((u) => u.user_id)).toEqual(['2000000002002', '2000000006077', '2000000006091'])
    const accounts = await c.api('/accounts')
    expect(accounts.body.code).toBe(0)
    expect(accounts.body.users).toEqual(users.body.users)
    const paged = await c.api(`/users${q({ data: data({ page_context: { row_count: 2, start_index: 1 } }) })}`)
    expect(paged.body.users).toHaveLength(2)
    expect(paged.body.page_context).toMatchObject({ row_count: 2, has_more_rows: true })
  })

  let invitee = ''
  it('26. invite a user', async () => {
    const r = await c.api('/users/invite', form({ email_id: '["acc.invitee@example.test"]' }))
    expect(r.body).toEqual({
      code: 0,
      invitations: [{ user_email: 'acc.invitee@example.test', is_invited: true }],
      message: 'Invitation has been sent',
      status: 'success',
    })
    const again = await c.api('/users/invite', form({ email_id: 'acc.invitee@example.test' }))
    expect(again.body.invitations).toEqual([{ user_email: 'acc.invitee@example.test', is_invited: false }])
    const u = objs((await c.api('/users')).body.users).find((x) => x.user_email === 'acc.invitee@example.test')
    expect(u?.role).toBe('User')
    invitee = str(u?.user_id)
    const mail = (await emails(c.control)).find((e) => e.to === 'acc.invitee@example.test')
    expect(mail?.subject).toBe('Sam Owner has invited you to Zoho Sign')
    expect((await c.api('/users/invite', form({ email_id: '["nope"]' }))).body).toEqual(failure(9039, 'Unable to process your request'))
    expect((await c.api('/users/invite', form({}))).body.code).toBe(9008)
  })

  it('27. role and access changes', async () => {
    expect((await c.api('/users/2000000006077', form({ role: 'Admin' }, 'PUT'))).body.message).toBe(
      'Role has been changed for the selected user',
    )
    expect((await c.api('/users/2000000006077', form({ allowed_access: 'false' }, 'PUT'))).body.message).toBe(
      'Access has been changed for the selected user',
    )
    const vera = objs((await c.api('/users')).body.users).find((u) => u.user_id === '2000000006077')
    expect(vera).toMatchObject({ role: 'Admin', is_allowed: false })
    expect((await c.api('/users/2000000006077', form({ role: 'Boss' }, 'PUT'))).body.code).toBe(9039)
  })

  it('28. delete users; the payment owner cannot go; unknown ids → 9004', async () => {
    expect((await c.api(`/users/${invitee}/delete`, { method: 'PUT' })).body).toEqual({
      code: 0,
      message: 'User has been deleted',
      status: 'success',
    })
    expect(objs((await c.api('/users')).body.users).some((u) => u.user_id === invitee)).toBe(false)
    expect((await c.api('/users/2000000002002/delete', { method: 'PUT' })).body).toEqual(failure(9039, 'Unable to process your request'))
    const unknown = await c.api('/users/1234567890123', form({ role: 'User' }, 'PUT'))
    expect(unknown.status).toBe(400)
    expect(unknown.body).toEqual(failure(9004, 'No match found'))
  })

  let hookId = ''
  it('29–30. create a webhook (echoed); a third one → 8026', async () => {
    const settings = data({ webhook_security_type: 'HMAC', hmac_security_info: { secret_key: 'acc-secret' } })
    const r = await c.api(
      '/accounts/webhooks',
      form({
        webhook_url: 'http://127.0.0.1:9/zoho-hook',
        webhook_actions: 'Sent,Viewed,Sign,Completed,Decline,Recalled,Expired',
        purpose: 'acceptance',
        webhook_security_settings: settings,
      }),
    )
    expect(r.body.message).toBe('Webhook created successfully')
    expect(r.body.webhook).toEqual({
      webhook_url: 'http://127.0.0.1:9/zoho-hook',
      webhook_id: at(r.body, 'webhook', 'webhook_id'),
      webhook_actions: 'Sent,Viewed,Sign,Completed,Decline,Recalled,Expired',
    })
    expect(at(r.body, 'webhook', 'webhook_id')).toMatch(/^20000083\d{4}$/)
    hookId = str(at(r.body, 'webhook', 'webhook_id'))
    const third = await c.api('/accounts/webhooks', form({ webhook_url: 'https://x.example.test/h', webhook_actions: 'Sign' }))
    expect(third.status).toBe(400)
    expect(third.body).toEqual(failure(8026, 'Upgrade your Zoho Sign license.'))
    expect((await c.api('/accounts/webhooks', form({ webhook_url: 'https://x.example.test/h', webhook_actions: 'Bogus' }))).body.code).toBe(
      9039,
    )
    expect((await c.api('/accounts/webhooks', form({ webhook_actions: 'Sign' }))).body).toEqual(
      failure(9008, 'webhook_url occurs less than minimum occurance of 1', 'webhook_url'),
    )
  })

  it('31–32. get, list, update (seed message quirk)', async () => {
    const one = await c.api(`/accounts/webhooks/${hookId}`)
    expect(one.body.message).toBe('Webhook retrieved successfully')
    expect(one.body.webhook).toMatchObject({ webhook_status: 'Active', purpose: 'acceptance' })
    expect('secret' in obj(one.body.webhook)).toBe(false)
    const list = await c.api('/accounts/webhooks')
    expect(list.body.message).toBe('Webhooks list retrieved successfully')
    expect(list.body.webhooks).toHaveLength(2)
    expect(at(list.body, 'webhooks', 0)).toMatchObject({ webhook_id: '200000836353', webhook_status: 'Inactive' })
    const upd = await c.api(`/accounts/webhooks/${hookId}`, form({ purpose: 'acceptance-2' }, 'PUT'))
    expect(upd.body.message).toBe('Webhook created successfully')
    const after = await c.api(`/accounts/webhooks/${hookId}`)
    expect(after.body.webhook).toMatchObject({ purpose: 'acceptance-2', webhook_url: 'http://127.0.0.1:9/zoho-hook' })
  })

  it('63. unsubscribe, activate, delete', async () => {
    expect((await c.api(`/accounts/webhooks/${hookId}/unsubscribe`, { method: 'POST' })).body).toEqual({
      code: 0,
      message: 'Webhook deactivated',
      status: 'success',
    })
    expect(at((await c.api(`/accounts/webhooks/${hookId}`)).body, 'webhook', 'webhook_status')).toBe('Inactive')
    const r = await c.sent('Unsubscribed recall', [{ name: 'Una', email: 'una@example.test' }])
    await c.api(`/requests/${r.request_id}/recall`, { method: 'POST' })
    expect((await c.control.outbox({ type: 'webhook' })).items.filter((d) => d.webhook_id === hookId)).toEqual([])
    expect((await c.api(`/accounts/webhooks/${hookId}/activate`, { method: 'POST' })).body).toEqual({
      code: 0,
      message: 'Webhook activated',
      status: 'success',
    })
    expect(at((await c.api(`/accounts/webhooks/${hookId}`)).body, 'webhook', 'webhook_status')).toBe('Active')
    expect((await c.api(`/accounts/webhooks/${hookId}`, { method: 'DELETE' })).body).toEqual({
      code: 0,
      message: 'Webhook deleted successfully',
      status: 'success',
    })
    const gone = await c.api(`/accounts/webhooks/${hookId}`)
    expect(gone.status).toBe(400)
    expect(gone.body).toEqual(failure(9004, 'No match found'))
  })
}

eachDoor('zoho account, users, metadata, webhooks', suite, { clock: CLOCK })
