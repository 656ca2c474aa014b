import { fail } from '../errors.js'
import type { TextProperty, ZDocument, ZField } from '../model.js'
import { completeField, fieldType, hasTextProperty } from './fields.js'
import { Reader, isObj, type Obj } from './input.js'

/** Field input (spec §7.4): array or grouped object, absolute or percentage geometry; any violation → 4021. */

const GROUPS = ['text_fields', 'image_fields', 'date_fields', 'check_boxes', 'radio_groups', 'dropdown_fields', 'file_fields']
function fieldError(): never {
  return fail('field_errors')
}
const PAGE_W = 612
const PAGE_H = 792

/** The raw field objects of an action's `fields` (array or grouped object). */
export function fieldList(value: unknown): Obj[] {
  if (value === undefined || value === null) return []
  const items: unknown[] = Array.isArray(value)
    ? value
    : isObj(value)
      ? GROUPS.flatMap((g) =>
          value[g] === undefined || value[g] === null ? [] : Array.isArray(value[g]) ? (value[g] as unknown[]) : [null],
        )
      : [null]
  return items.map((f) => (isObj(f) ? f : fieldError()))
}

export interface FieldContext {
  documents: ZDocument[]
  newId(): string
  /** Every field name already used in the request/template (for `<type> - <n>` names). */
  usedNames: Set<string>
}

function geometry(r: Reader, existing: ZField | undefined): Pick<ZField, 'x_coord' | 'y_coord' | 'abs_width' | 'abs_height' | 'pct'> {
  const abs = ['x_coord', 'y_coord', 'abs_width', 'abs_height'].map((k) => r.num(k))
  const pct = ['x_value', 'y_value', 'width', 'height'].map((k) => r.num(k))
  if ([...abs, ...pct].some((v) => v !== undefined && v < 0)) fieldError()
  if (abs.every((v) => v !== undefined)) {
    const [x_coord, y_coord, abs_width, abs_height] = abs as number[]
    return { x_coord, y_coord, abs_width, abs_height }
  }
  if (pct.every((v) => v !== undefined)) {
    const [x_value, y_value, width, height] = pct as number[]
    if ([x_value, y_value, width, height].some((v) => v > 100)) fieldError()
    const round = (v: number) => Math.round(v * 100) / 100
    return {
      x_coord: round((x_value * PAGE_W) / 100),
      y_coord: round((y_value * PAGE_H) / 100),
      abs_width: round((width * PAGE_W) / 100),
      abs_height: round((height * PAGE_H) / 100),
      pct: { x_value, y_value, width, height },
    }
  }
  if (existing && [...abs, ...pct].every((v) => v === undefined))
    return {
      x_coord: existing.x_coord,
      y_coord: existing.y_coord,
      abs_width: existing.abs_width,
      abs_height: existing.abs_height,
      pct: existing.pct,
    }
  return fieldError()
}

function textProperty(value: unknown, base: TextProperty | undefined): Partial<TextProperty> | undefined {
  if (value === undefined || value === null) return base
  if (!isObj(value)) fieldError()
  const r = new Reader(value, fieldError)
  const out: Partial<TextProperty> = { ...(base ?? {}) }
  for (const k of ['is_italic', 'is_underline', 'is_read_only', 'is_bold'] as const) {
    const b = r.bool(k)
    if (b !== undefined) out[k] = b
  }
  const size = r.int('font_size', 1, 200)
  if (size !== undefined) out.font_size = size
  const font = r.str('font', 100)
  if (font !== undefined) out.font = font
  const color = r.str('font_color', 20)
  if (color !== undefined) out.font_color = color
  return out
}

/** A new or updated field from its input; names may be left for `nameFields`. */
export function readField(raw: Obj, existing: ZField | undefined, ctx: FieldContext): ZField & { unnamed?: boolean } {
  const r = new Reader(raw, fieldError)
  const type =
    r.has('field_type_name') || r.has('field_type_id')
      ? fieldType(r.str('field_type_name'), r.id('field_type_id'))
      : existing
        ? fieldType(existing.field_type_name, undefined)
        : undefined
  if (!type) return fieldError()
  const documentId = r.id('document_id') ?? existing?.document_id
  const doc = ctx.documents.find((d) => d.document_id === documentId)
  if (!doc) return fieldError()
  const page = r.int('page_no') ?? existing?.page_no
  if (page === undefined || page < 0 || page >= doc.total_pages) return fieldError()
  const geo = geometry(r, existing)
  const name = r.str('field_name', 255) ?? existing?.field_name
  const label = r.str('field_label', 255) ?? existing?.field_label
  const dv = raw.default_value
  const field = completeField({
    field_id: existing?.field_id ?? ctx.newId(),
    field_type_name: type.field_type_name,
    document_id: doc.document_id,
    page_no: page,
    ...geo,
    field_name: name ?? label,
    field_label: label ?? name,
    is_mandatory: r.bool('is_mandatory') ?? existing?.is_mandatory,
    description_tooltip: r.str('description_tooltip') ?? existing?.description_tooltip,
    default_value: typeof dv === 'boolean' || typeof dv === 'string' ? dv : typeof dv === 'number' ? String(dv) : existing?.default_value,
    date_format: r.str('date_format', 50) ?? existing?.date_format,
    name_format: r.str('name_format', 50) ?? existing?.name_format,
    is_read_only: r.bool('is_read_only') ?? existing?.is_read_only,
    text_property: hasTextProperty(type.field_category)
      ? (textProperty(raw.text_property, existing?.text_property) as TextProperty | undefined)
      : undefined,
  })
  if (name === undefined && label === undefined) return { ...field, unnamed: true }
  return field
}

/** Gives unnamed fields `<type> - <n>`, the smallest n not yet used, in input order. */
export function nameFields(fields: (ZField & { unnamed?: boolean })[], used: Set<string>): ZField[] {
  return fields.map((f) => {
    const { unnamed, ...field } = f
    if (!unnamed) {
      used.add(field.field_name)
      return field
    }
    let n = 1
    while (used.has(`${field.field_type_name} - ${n}`)) n++
    const name = `${field.field_type_name} - ${n}`
    used.add(name)
    return { ...field, field_name: name, field_label: name }
  })
}

/** Applies `fields` (add or update by `field_id`) and `deleted_fields` to a field list. */
export function mergeFields(current: ZField[], fieldsInput: unknown, deleted: unknown, ctx: FieldContext): ZField[] {
  let list = [...current]
  if (deleted !== undefined && deleted !== null) {
    if (!Array.isArray(deleted)) fieldError()
    const ids = new Set(deleted.map((d) => String(d)))
    list = list.filter((f) => !ids.has(f.field_id))
  }
  const staged: (ZField & { unnamed?: boolean })[] = []
  for (const raw of fieldList(fieldsInput)) {
    const fid = raw.field_id === undefined || raw.field_id === null ? undefined : String(raw.field_id)
    const existing = fid ? list.find((f) => f.field_id === fid) : undefined
    // A field id the action does not have is an output key echoed back: the field is new.
    const field = readField(raw, existing, ctx)
    if (existing) list[list.indexOf(existing)] = field
    else staged.push(field)
  }
  return [...list.map((f) => ({ ...f })), ...nameFields(staged, ctx.usedNames)]
}
