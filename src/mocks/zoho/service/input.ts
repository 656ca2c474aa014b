import { fail } from '../errors.js'

/** Lenient value reading of Zoho's `data` JSON (spec §2.3, §2.7): null = absent, "true"/"0" coerced. */

export type Obj = Record<string, unknown>

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `data` → the object under its wrapper key (`requests`, `templates`…). */
export function parseData(raw: string | undefined, wrappers: string[]): Obj {
  if (raw === undefined || raw.trim() === '') fail('missing_key', wrappers[0])
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    fail('unable_to_process')
  }
  if (!isObj(json)) fail('missing_key', wrappers[0])
  const key = wrappers.find((w) => json[w] !== undefined && json[w] !== null)
  if (!key) fail('missing_key', wrappers[0])
  const value = json[key]
  if (!isObj(value)) fail('unable_to_process')
  return value
}

export function toBool(v: unknown): boolean | undefined | null {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'boolean') return v
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true'
  return null
}

export function toInt(v: unknown): number | undefined | null {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number') return Number.isInteger(v) ? v : null
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim())
  return null
}

export function toNum(v: unknown): number | undefined | null {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && /^-?(\d+\.?\d*|\.\d+)$/.test(v.trim())) return Number(v.trim())
  return null
}

/** Typed getters over one JSON object; a wrong type calls `bad(key)` (which throws the section's code). */
export class Reader {
  constructor(
    readonly obj: Obj,
    private readonly bad: (key: string) => never,
  ) {}

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null
  }

  str(key: string, max = 2000): string | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    if (typeof v !== 'string' || v.length > max) this.bad(key)
    return v
  }

  id(key: string): string | undefined {
    const v = this.str(key, 40)
    return v === undefined ? undefined : v.trim()
  }

  bool(key: string): boolean | undefined {
    const v = toBool(this.obj[key])
    if (v === null) this.bad(key)
    return v
  }

  int(key: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = toInt(this.obj[key])
    if (v === null || (v !== undefined && (v < min || v > max))) this.bad(key)
    return v
  }

  num(key: string): number | undefined {
    const v = toNum(this.obj[key])
    if (v === null) this.bad(key)
    return v
  }

  arr(key: string): unknown[] | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) this.bad(key)
    return v
  }

  object(key: string): Obj | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (!isObj(v)) this.bad(key)
    return v
  }

  enumOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.str(key)
    if (v === undefined) return undefined
    const hit = values.find((x) => x.toLowerCase() === v.trim().toLowerCase())
    if (!hit) this.bad(key)
    return hit
  }
}

export function unableToProcess(): never {
  return fail('unable_to_process')
}

/** A flat boolean parameter (`is_quicksend=true`): anything but true/false → 9039. */
export function flagParam(value: string | undefined): boolean | undefined {
  const v = toBool(value)
  if (v === null) fail('unable_to_process')
  return v
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const isEmail = (v: string) => EMAIL.test(v) && v.length <= 254
