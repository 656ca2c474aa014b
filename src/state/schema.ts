import { z } from 'zod'
import { Collection } from './collection.js'

/**
 * A vendor's stored state as a zod schema: what `PUT /__sandbox/state` and a
 * snapshot restore check a document against before anything changes, and
 * where the vendor's record types come from (`z.infer`), so the types the
 * code uses and the shape an import must have cannot drift apart.
 */

declare const collectionMark: unique symbol

/** The schema of one `Collection`'s records, as `GET /state` shows them: an object keyed by id. */
export type CollectionSchema<R extends z.ZodType> = z.ZodRecord<z.ZodString, R> & { readonly [collectionMark]: true }

const collections = new WeakSet<z.ZodType>()

/**
 * A `Collection` of `record`s. `key` gives the id a record is stored under
 * (what the vendor's seed passes to `Collection.keyed`): a record filed under
 * another id would never be found by its own id.
 */
export function records<R extends z.ZodType>(record: R, key?: (r: z.output<R>) => string): CollectionSchema<R> {
  const base = z.record(z.string(), record)
  const schema = !key
    ? base
    : base.check((ctx) => {
        for (const [id, rec] of Object.entries(ctx.value)) {
          // The record itself may be broken (its own issue is reported): then its id cannot be told.
          let own: string
          try {
            own = key(rec)
          } catch {
            continue
          }
          if (own !== id)
            ctx.issues.push({
              code: 'custom',
              input: rec,
              path: [id],
              message: `stored under ${JSON.stringify(id)} but its id makes it ${JSON.stringify(own)}`,
            })
        }
      })
  collections.add(schema)
  return schema as CollectionSchema<R>
}

/** The live state a shape describes: `Collection`s where the shape has `records(...)`, plain data elsewhere. */
export type StateOf<Shape extends z.ZodRawShape> = {
  [K in keyof Shape]: Shape[K] extends CollectionSchema<infer R> ? Collection<z.output<R>> : z.output<Shape[K]>
}

export interface StateSchema {
  /** The exported document of the vendor (`GET /state`'s `vendors.<id>`): no key missing, none unknown. */
  readonly document: z.ZodType
  /** Top-level keys that are `Collection`s. */
  readonly collections: readonly string[]
}

/** Declares a vendor's state from its shape (top-level keys → records or plain data). */
export function stateSchema(shape: z.ZodRawShape): StateSchema {
  return {
    document: z.strictObject(shape),
    collections: Object.keys(shape).filter((k) => collections.has(shape[k] as z.ZodType)),
  }
}

/** Keys that would reach an object's prototype (`JSON.parse` makes `__proto__` an own key). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** The dotted path of the first forbidden key anywhere in `value`, or undefined. */
export function forbiddenKeyPath(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenKeyPath(value[i], `${path}.${i}`)
      if (found) return found
    }
    return undefined
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `${path}.${key}`
    const found = forbiddenKeyPath((value as Record<string, unknown>)[key], `${path}.${key}`)
    if (found) return found
  }
  return undefined
}

export interface StateProblem {
  /** Dotted path from the document root (`vendors.signio.transactions.123.estado`). */
  path: string
  message: string
}

/**
 * Checks `json` against the vendor's schema; on success the live state built
 * from it: the document's own bytes (key order kept, so the vendor answers
 * exactly what it would have), with `Collection`s where the schema has them.
 */
export function parseState(
  schema: StateSchema,
  json: unknown,
  path: string,
): { state: Record<string, unknown> } | { problems: StateProblem[] } {
  const result = schema.document.safeParse(json)
  if (!result.success)
    return {
      problems: result.error.issues.map((issue) => {
        const at = [path, ...issue.path.map(String)]
        // An unknown key is named by its own path, like any other bad value.
        if (issue.code === 'unrecognized_keys') return { path: [...at, issue.keys[0]].join('.'), message: 'unknown key' }
        return { path: at.join('.'), message: issue.message }
      }),
    }
  const copy = JSON.parse(JSON.stringify(json)) as Record<string, unknown>
  for (const key of schema.collections) copy[key] = Collection.fromJSON(copy[key] as Record<string, unknown>)
  return { state: copy }
}
