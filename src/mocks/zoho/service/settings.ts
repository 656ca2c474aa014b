import { fail } from '../errors.js'
import type { ZRequest, ZWs } from '../model.js'
import { Reader, unableToProcess, type Obj } from './input.js'

/** Request- and template-level keys of `data` (spec §7.1): types → 9039, unknown ids → 9004. */

export type Settings = Pick<
  ZRequest,
  'request_type_id' | 'description' | 'notes' | 'expiration_days' | 'is_sequential' | 'email_reminders' | 'reminder_period' | 'folder_id'
>

export function applySettings(ws: ZWs, input: Obj, target: Settings): void {
  const r = new Reader(input, unableToProcess)
  target.description = r.str('description') ?? target.description
  target.notes = r.str('notes') ?? target.notes
  target.is_sequential = r.bool('is_sequential') ?? target.is_sequential
  target.expiration_days = r.int('expiration_days', 1, 365) ?? target.expiration_days
  target.email_reminders = r.bool('email_reminders') ?? target.email_reminders
  target.reminder_period = r.int('reminder_period', 1, 365) ?? target.reminder_period
  const type = r.id('request_type_id')
  const folder = r.id('folder_id')
  if (type !== undefined) {
    if (!ws.state.requestTypes.has(type)) fail('id_not_found')
    target.request_type_id = type
  }
  if (folder !== undefined) {
    if (!ws.state.folders.has(folder)) fail('id_not_found')
    target.folder_id = folder
  }
}

/** `request_name` / `template_name`: required on create (9008), 1–255 characters. */
export function readName(input: Obj, key: string, required: boolean): string | undefined {
  const r = new Reader(input, unableToProcess)
  const name = r.str(key, 255)
  if (name === undefined || name.trim() === '') {
    if (required) fail('missing_key', key)
    if (name !== undefined) unableToProcess()
  }
  return name
}
