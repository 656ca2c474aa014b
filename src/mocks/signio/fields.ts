import { z } from 'zod'
import { fillTemplate } from '../../lib/catalogue.js'
import { ERR, unprocessable } from './errors.js'
import type { Flag } from './model.js'

/**
 * Field builders for Signio's request schemas (signio.md §2.5, §2.6): each
 * field coerces the way the real service does and reports at most one
 * problem, whose text is filled with the field name (the zod path) at the end.
 */

type Ctx = z.RefinementCtx
type Result<T> = { ok: true; value: T } | { ok: false; message: string }

const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const bad = <T>(message: string = ERR.invalid): Result<T> => ({ ok: false, message })

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

/** A field: blank values are "absent" (required → `required`), anything else goes through `check`. */
function field<T>(check: (v: unknown) => Result<T>, required: boolean) {
  return z.unknown().transform((v, ctx: Ctx): T | undefined => {
    if (blank(v)) {
      if (!required) return undefined
      ctx.addIssue({ code: 'custom', message: ERR.required })
      return z.NEVER
    }
    const r = check(v)
    if (r.ok) return r.value
    ctx.addIssue({ code: 'custom', message: r.message })
    return z.NEVER
  })
}

/** Required fields are typed as present: the schema fails whenever one is missing. */
function req<T>(check: (v: unknown) => Result<T>) {
  return field(check, true) as unknown as z.ZodType<T, unknown>
}

/** `.optional()` so that an absent key is simply undefined (zod 4 would call it "nonoptional"). */
function opt<T>(check: (v: unknown) => Result<T>) {
  return field(check, false).optional()
}

export interface StrRules {
  max?: number
  oneOf?: readonly string[]
  email?: boolean
  /** Case-insensitive enum; the canonical spelling is stored. */
  caseInsensitive?: boolean
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function checkStr(rules: StrRules = {}) {
  return (v: unknown): Result<string> => {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) return bad()
    const s = String(v)
    if (rules.max !== undefined && [...s].length > rules.max) return bad(ERR.max.replace('{n}', String(rules.max)))
    if (rules.email && !EMAIL.test(s)) return bad()
    if (rules.oneOf) {
      const hit = rules.caseInsensitive ? rules.oneOf.find((o) => o.toLowerCase() === s.toLowerCase()) : rules.oneOf.find((o) => o === s)
      return hit === undefined ? bad() : ok(hit)
    }
    return ok(s)
  }
}

export function checkInt(min = -Infinity, max = Infinity) {
  return (v: unknown): Result<number> => {
    let n: number
    if (typeof v === 'number' && Number.isInteger(v)) n = v
    else if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) n = Number(v.trim())
    else return bad()
    return n < min || n > max ? bad() : ok(n)
  }
}

const TRUE = new Set<unknown>([1, true, '1', 'true'])
const FALSE = new Set<unknown>([0, false, '0', 'false'])

export function checkFlag(v: unknown): Result<Flag> {
  if (TRUE.has(v)) return ok(1)
  if (FALSE.has(v)) return ok(0)
  return bad()
}

export function checkBool(v: unknown): Result<boolean> {
  const f = checkFlag(v)
  return f.ok ? ok(f.value === 1) : bad()
}

/** Json fields: an object, or a string holding one. */
export function asObject(v: unknown): Record<string, unknown> | undefined {
  let o = v
  if (typeof v === 'string') {
    try {
      o = JSON.parse(v) as unknown
    } catch {
      return undefined
    }
  }
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined
}

/** An object of string (or number → string) values; other values are ignored (§11.20). */
export function checkStringMap(v: unknown): Result<Record<string, string>> {
  const o = asObject(v)
  if (!o) return bad()
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(o)) {
    if (typeof val === 'string') out[k] = val
    else if (typeof val === 'number' && Number.isFinite(val)) out[k] = String(val)
    else if (val !== null && val !== undefined) return bad()
  }
  return ok(out)
}

export const F = {
  str: (rules?: StrRules) => req(checkStr(rules)),
  /** A required value of a fixed list, typed as that list. */
  oneOf: <T extends string>(list: readonly T[]) => req(checkStr({ oneOf: list }) as (v: unknown) => Result<T>),
  strOpt: (rules?: StrRules) => opt(checkStr(rules)),
  int: (min?: number, max?: number) => req(checkInt(min, max)),
  intOpt: (min?: number, max?: number) => opt(checkInt(min, max)),
  flagOpt: () => opt(checkFlag),
  bool: () => req(checkBool),
  boolOpt: () => opt(checkBool),
  mapOpt: () => opt(checkStringMap),
  custom: <T>(check: (v: unknown) => Result<T>) => opt(check),
  customReq: <T>(check: (v: unknown) => Result<T>) => req(check),
  ok,
  bad,
}

/**
 * A nested Json object validated by its own schema; its problems are named
 * `parent.child`. A check reports one message, so the nested issues travel
 * JSON-encoded behind a NUL marker and `messages` expands them with the
 * parent's path.
 */
export function nested<T>(schema: z.ZodType<T>) {
  return (v: unknown): Result<T> => {
    const o = asObject(v)
    if (!o) return bad()
    const r = schema.safeParse(o)
    if (r.success) return ok(r.data)
    return { ok: false, message: `\u0000${JSON.stringify(r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })))}` }
  }
}

/** Runs a schema; every problem becomes one `errores` entry, in field order. */
export function collect<T>(schema: z.ZodType<T>, input: Record<string, unknown>): { data: T | undefined; errores: string[] } {
  const r = schema.safeParse(input)
  return r.success ? { data: r.data, errores: [] } : { data: undefined, errores: messages(r.error.issues) }
}

/** `collect`, failing with 05 on any problem. */
export function validate<T>(schema: z.ZodType<T>, input: Record<string, unknown>): T {
  const { data, errores } = collect(schema, input)
  if (errores.length > 0 || data === undefined) throw unprocessable(errores)
  return data
}

function messages(issues: readonly { path: PropertyKey[]; message: string }[], prefix: string[] = []): string[] {
  const out: string[] = []
  for (const i of issues) {
    const path = [...prefix, ...i.path.map(String)]
    if (i.message.startsWith('\u0000')) out.push(...messages(JSON.parse(i.message.slice(1)) as { path: string[]; message: string }[], path))
    else out.push(fillTemplate(i.message, { campo: path.join('.') }))
  }
  return out
}
