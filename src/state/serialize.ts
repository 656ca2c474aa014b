import { Collection, type RecordWrite } from './collection.js'

/**
 * Vendor state → JSON. A vendor's state is an object whose values are
 * `Collection`s or JSON data; importing goes through its schema (`schema.ts`).
 */
export function exportState(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state)) as unknown
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Lets persistence hear about writes to any top-level collection (which collection, which record). */
export function watchCollections(state: unknown, onWrite: (key: string, id: string, op: RecordWrite) => void): void {
  if (!isPlainObject(state)) return
  for (const [key, value] of Object.entries(state)) if (value instanceof Collection) value.onWrite = (id, op) => onWrite(key, id, op)
}
