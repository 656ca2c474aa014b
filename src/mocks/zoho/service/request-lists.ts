import { ORG_NAME } from '../constants.js'
import { fail } from '../errors.js'
import type { ZAction, ZRequest, ZUser, ZWs } from '../model.js'
import { page, pageQuery } from './listing.js'
import { documentOut, LIST, requestOut } from './render.js'

/** R5 (`GET /requests`) and R15 (`GET /myrequests`). */

const COLUMNS = [
  'request_name',
  'folder_name',
  'owner_full_name',
  'owner_first_name',
  'recipient_email',
  'created_time',
  'modified_time',
  'action_time',
]
const STATUSES = [
  'draft',
  'inprogress',
  'correction',
  'completed',
  'declined',
  'recalled',
  'expired',
  'expiring',
  'deleted',
  'onhold',
  'archived',
  'shredded',
]
const EXPIRING_MS = 7 * 86_400_000

function statusFilter(ws: ZWs, status: string | undefined, extra: string[] = []): (r: ZRequest) => boolean {
  if (status === undefined || status === '') return (r) => !r.is_deleted
  const s = status.toLowerCase()
  if (![...STATUSES, ...extra].includes(s)) fail('unable_to_process')
  const now = ws.now()
  switch (s) {
    case 'deleted':
      return (r) => r.is_deleted
    case 'expiring':
      return (r) => !r.is_deleted && r.request_status === 'inprogress' && r.expire_by !== undefined && r.expire_by - now <= EXPIRING_MS
    case 'onhold':
    case 'archived':
    case 'shredded':
      return () => false
    default:
      return (r) => !r.is_deleted && r.request_status === s
  }
}

function sortValue(ws: ZWs, r: ZRequest, column: string): string | number {
  const owner = ws.state.users.get(r.owner_id)
  switch (column) {
    case 'request_name':
      return r.request_name
    case 'folder_name':
      return (r.folder_id && ws.state.folders.get(r.folder_id)?.folder_name) || ''
    case 'owner_full_name':
      return owner?.user_name ?? ''
    case 'owner_first_name':
      return owner?.first_name ?? ''
    case 'recipient_email':
      return r.actions[0]?.recipient_email ?? ''
    case 'modified_time':
      return r.modified_time
    case 'action_time':
      return r.action_time ?? r.modified_time
    default:
      return r.created_time
  }
}

const searchValues = (ws: ZWs) => (r: ZRequest, col: string) =>
  col === 'recipient_email' ? r.actions.map((a) => a.recipient_email) : [String(sortValue(ws, r, col))]

export function listRequests(ws: ZWs, data: string | undefined, status: string | undefined) {
  const q = pageQuery(data, COLUMNS, { sort_column: 'created_time', sort_order: 'DESC' })
  const keep = statusFilter(ws, status)
  const { rows, page_context } = page(
    ws.state.requests.filter(keep),
    q,
    (r, c) => sortValue(ws, r, c),
    (r) => r.request_id,
    searchValues(ws),
  )
  return { requests: rows.map((r) => requestOut(ws.state, r, ws, LIST)), page_context }
}

/** One item per action of a sent request addressed to the token's user (spec §7.8). */
export function listMyRequests(ws: ZWs, user: ZUser, data: string | undefined, status: string | undefined) {
  const q = pageQuery(data, COLUMNS, { sort_column: 'created_time', sort_order: 'DESC' })
  const mine = status?.toLowerCase() === 'my_pending'
  const keep = mine ? (r: ZRequest) => !r.is_deleted && r.request_status === 'inprogress' : statusFilter(ws, status, ['my_pending'])
  const me = user.user_email.toLowerCase()
  const items: { r: ZRequest; a: ZAction }[] = []
  for (const r of ws.state.requests.values()) {
    if (r.request_status === 'draft' || !keep(r)) continue
    for (const a of r.actions) {
      // INPERSONSIGN: recipient_* is the host, who acts for the signer.
      if (a.recipient_email.toLowerCase() !== me) continue
      if (mine && a.action_status !== 'UNOPENED' && a.action_status !== 'VIEWED') continue
      items.push({ r, a })
    }
  }
  const { rows, page_context } = page(
    items,
    q,
    (i, c) => sortValue(ws, i.r, c),
    (i) => `${i.r.request_id}:${i.a.action_id}`,
    (i, c) => searchValues(ws)(i.r, c),
  )
  const owner = (r: ZRequest) => ws.state.users.get(r.owner_id)
  const type = (r: ZRequest) => ws.state.requestTypes.get(r.request_type_id)?.request_type_name ?? 'Others'
  const my_requests = rows.map(({ r, a }) => ({
    my_request_id: r.request_id,
    request_name: r.request_name,
    request_status: r.request_status,
    my_status: a.action_status,
    action_type: a.action_type,
    requester_name: owner(r)?.user_name ?? '',
    requester_email: owner(r)?.user_email ?? '',
    requested_time: r.sign_submitted_time ?? r.created_time,
    action_time: r.action_time ?? r.modified_time,
    expire_by: r.expire_by ?? 0,
    sign_id: (a.action_status === 'UNOPENED' || a.action_status === 'VIEWED') && !a.is_embedded ? (a.sign_id ?? '') : '',
    ishost: a.action_type === 'INPERSONSIGN',
    org_name: ORG_NAME,
    notes: r.notes,
    private_notes: a.private_notes,
    request_type_name: type(r),
    document_ids: r.documents.map((d, i) => documentOut(d, i, false)),
  }))
  return { my_requests, page_context }
}
