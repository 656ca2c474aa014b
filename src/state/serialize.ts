import { Collection, type RecordWrite } from './collection.js'

/**
 * Vendor state <-> JSON. A vendor's state is an object whose values are
 * `Collection`s or JSON data; its freshly seeded form is the template that an
 * imported document is checked against and rebuilt from.
 */
export function exportState(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state)) as unknown
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function jsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

/** Rebuilds state from JSON shaped like `template`; returns the problems found instead when it does not fit. */
export function importState(template: unknown, json: unknown, path: string): { state: unknown } | { errors: string[] } {
  if (!isPlainObject(template)) return { state: exportState(json) }
  if (!isPlainObject(json)) return { errors: [`${path}: expected an object, got ${jsonType(json)}`] }
  const errors: string[] = []
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(json)) {
    if (!(key in template)) errors.push(`${path}.${key}: unknown key`)
  }
  for (const [key, tpl] of Object.entries(template)) {
    const value = json[key]
    const at = `${path}.${key}`
    if (value === undefined) {
      errors.push(`${at}: missing`)
      continue
    }
    if (tpl instanceof Collection) {
      if (!isPlainObject(value)) {
        errors.push(`${at}: expected an object of records keyed by id, got ${jsonType(value)}`)
        continue
      }
      const sample = tpl.values().next().value as unknown
      for (const [id, rec] of Object.entries(value)) {
        if (sample !== undefined && jsonType(rec) !== jsonType(sample))
          errors.push(`${at}.${id}: expected ${jsonType(sample)}, got ${jsonType(rec)}`)
      }
      out[key] = Collection.fromJSON(value)
      continue
    }
    if (tpl !== null && value !== null && jsonType(tpl) !== jsonType(value)) {
      errors.push(`${at}: expected ${jsonType(tpl)}, got ${jsonType(value)}`)
      continue
    }
    out[key] = exportState(value)
  }
  return errors.length ? { errors } : { state: out }
}

/** Lets persistence hear about writes to any top-level collection (which collection, which record). */
export function watchCollections(state: unknown, onWrite: (key: string, id: string, op: RecordWrite) => void): void {
  if (!isPlainObject(state)) return
  for (const [key, value] of Object.entries(state)) if (value instanceof Collection) value.onWrite = (id, op) => onWrite(key, id, op)
}
