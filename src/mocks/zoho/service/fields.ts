import { DEFAULT_TEXT_PROPERTY, FIELD_TYPES, type FieldType } from '../constants.js'
import type { ZField } from '../model.js'

/** Field types, defaults and the reply shape of a field (spec §7.4). */

const byName = new Map(FIELD_TYPES.map((t) => [t.field_type_name.toLowerCase(), t]))
const byId = new Map(FIELD_TYPES.map((t) => [t.field_type_id, t]))

export function fieldType(name: unknown, id: unknown): FieldType | undefined {
  if (typeof name === 'string') return byName.get(name.toLowerCase())
  if (typeof id === 'string') return byId.get(id)
  return undefined
}

export const hasTextProperty = (category: string) => category === 'textfield' || category === 'datefield'

export type FieldSeed = Partial<ZField> &
  Pick<ZField, 'field_id' | 'field_type_name' | 'document_id' | 'page_no' | 'x_coord' | 'y_coord' | 'abs_width' | 'abs_height'>

/** A stored field with every default filled in (fixtures and templates use it too). */
export function completeField(seed: FieldSeed): ZField {
  const type = fieldType(seed.field_type_name, undefined) ?? FIELD_TYPES[4]
  const label = seed.field_label ?? seed.field_name ?? type.field_type_name
  const f: ZField = {
    field_id: seed.field_id,
    field_type_name: type.field_type_name,
    field_category: type.field_category,
    field_label: label,
    field_name: seed.field_name ?? label,
    document_id: seed.document_id,
    page_no: seed.page_no,
    x_coord: seed.x_coord,
    y_coord: seed.y_coord,
    abs_width: seed.abs_width,
    abs_height: seed.abs_height,
    is_mandatory: seed.is_mandatory ?? type.is_mandatory,
    description_tooltip: seed.description_tooltip ?? '',
  }
  if (seed.pct) f.pct = seed.pct
  if (type.field_category === 'textfield' || type.field_category === 'checkbox')
    f.default_value = seed.default_value ?? (type.field_category === 'checkbox' ? false : '')
  if (type.field_category === 'checkbox') f.is_read_only = seed.is_read_only ?? false
  if (type.field_category === 'datefield') f.date_format = seed.date_format ?? 'MMM dd yyyy'
  if (type.field_type_name === 'Name') f.name_format = seed.name_format ?? 'FULL_NAME'
  if (hasTextProperty(type.field_category)) f.text_property = { ...DEFAULT_TEXT_PROPERTY, ...(seed.text_property ?? {}) }
  if (seed.field_value !== undefined) f.field_value = seed.field_value
  return f
}

/** The field as replies show it, in the seed's key order. */
export function fieldOut(f: ZField, actionId?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    field_id: f.field_id,
    field_category: f.field_category,
    field_label: f.field_label,
    is_mandatory: f.is_mandatory,
    page_no: f.page_no,
    document_id: f.document_id,
    field_name: f.field_name,
    y_coord: f.y_coord,
  }
  if (actionId !== undefined) out.action_id = actionId
  Object.assign(out, {
    abs_width: f.abs_width,
    field_type_name: f.field_type_name,
    description_tooltip: f.description_tooltip,
    x_coord: f.x_coord,
    abs_height: f.abs_height,
  })
  if (f.text_property) out.text_property = { ...f.text_property }
  if (f.default_value !== undefined) out.default_value = f.default_value
  if (f.is_read_only !== undefined) out.is_read_only = f.is_read_only
  if (f.date_format !== undefined) out.date_format = f.date_format
  if (f.name_format !== undefined) out.name_format = f.name_format
  if (f.pct) Object.assign(out, f.pct)
  return out
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const pad = (n: number) => String(n).padStart(2, '0')

/** Formats an instant (UTC) with Zoho's Java-style patterns (`MMM dd yyyy`, `dd MMMM yyyy`, `MM/dd/yyyy`…). */
export function formatDate(ms: number, pattern: string): string {
  const d = new Date(ms)
  const tokens: Record<string, string> = {
    yyyy: String(d.getUTCFullYear()),
    yy: String(d.getUTCFullYear()).slice(2),
    MMMM: MONTHS[d.getUTCMonth()],
    MMM: MONTHS[d.getUTCMonth()].slice(0, 3),
    MM: pad(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
  }
  return pattern.replace(/yyyy|yy|MMMM|MMM|MM|dd|HH|mm|ss/g, (t) => tokens[t])
}

/** `30 November 2026` / `1 January 2019` (English month) → UTC midnight of that date, or undefined. */
export function parseLongDate(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*$/.exec(text)
  if (!m) return undefined
  const month = MONTHS.findIndex((x) => x.toLowerCase() === m[2].toLowerCase())
  const day = Number(m[1])
  if (month < 0 || day < 1) return undefined
  const ms = Date.UTC(Number(m[3]), month, day)
  return new Date(ms).getUTCDate() === day ? ms : undefined
}
