/**
 * Parsed reply bodies for assertions, without `any`: a JSON value type (fast-xml-parser's
 * output with string values is a subset of it) and small accessors that check the shape at
 * run time and fail with the path that did not match, instead of a bare TypeError.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject
/** A key may be absent, so reading one gives `Json | undefined`. */
export interface JsonObject {
  [key: string]: Json | undefined
}

/** `JSON.parse` yields exactly the values `Json` describes. */
export const parseJson = (text: string): Json => JSON.parse(text) as Json

const kind = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : v === undefined
        ? 'undefined'
        : typeof v === 'object'
          ? 'an object'
          : `a ${typeof v} (${JSON.stringify(v)})`

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

export function obj(v: Json | undefined, what = 'value'): JsonObject {
  if (!isObject(v)) throw new TypeError(`expected ${what} to be an object, got ${kind(v)}`)
  return v
}

export function arr(v: Json | undefined, what = 'value'): Json[] {
  if (!Array.isArray(v)) throw new TypeError(`expected ${what} to be an array, got ${kind(v)}`)
  return v
}

export function str(v: Json | undefined, what = 'value'): string {
  if (typeof v !== 'string') throw new TypeError(`expected ${what} to be a string, got ${kind(v)}`)
  return v
}

export function num(v: Json | undefined, what = 'value'): number {
  if (typeof v !== 'number') throw new TypeError(`expected ${what} to be a number, got ${kind(v)}`)
  return v
}

/** An array of objects (lists of parties, actions, documents…). */
export const objs = (v: Json | undefined, what = 'value'): JsonObject[] => arr(v, what).map((e, i) => obj(e, `${what}[${i}]`))

/** An array of strings. */
export const strs = (v: Json | undefined, what = 'value'): string[] => arr(v, what).map((e, i) => str(e, `${what}[${i}]`))

/**
 * `at(v, 'a', 'b', 0)` reads `v.a.b[0]`: every step before the last must be an object (string
 * key) or an array (number index), otherwise it throws naming the path; a missing last key
 * gives `undefined`, as plain property access would. Only own keys are read.
 */
export function at(v: unknown, ...path: (string | number)[]): Json | undefined {
  // `unknown` in: typed results (simulate replies) are JSON too, read the same way.
  let cur = v as Json | undefined
  let where = 'value'
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(cur)) cur = cur[key]
    else if (typeof key === 'string' && isObject(cur)) cur = Object.hasOwn(cur, key) ? cur[key] : undefined
    else throw new TypeError(`cannot read ${JSON.stringify(key)} of ${where}: it is ${kind(cur)}`)
    where += typeof key === 'number' ? `[${key}]` : `.${key}`
  }
  return cur
}
