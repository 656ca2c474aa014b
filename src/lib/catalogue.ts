import type { CatalogueEntry } from './vendor-error.js'

/**
 * Catalogue look-up and message templates shared by every vendor's `errors.ts`:
 * entries are indexed once, and `{name}` placeholders are filled from the
 * error's details (missing details leave the placeholder's fallback).
 */
export class Catalogue<E extends CatalogueEntry = CatalogueEntry> {
  private readonly byId: Map<string, E>

  constructor(
    readonly entries: E[],
    private readonly fallbackId: string,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]))
    if (!this.byId.has(fallbackId)) throw new Error(`catalogue has no fallback entry ${fallbackId}`)
  }

  /** The entry for an id; unknown ids (a programming error) fall back to the internal error. */
  get(id: string): E {
    return this.byId.get(id) ?? (this.byId.get(this.fallbackId) as E)
  }

  has(id: string): boolean {
    return this.byId.has(id)
  }
}

/** Fills `{key}` placeholders from `details`; absent keys become `fallback(key)` (default: left as-is). */
export function fillTemplate(
  template: string,
  details: Record<string, unknown>,
  fallback: (key: string) => string = (k) => `{${k}}`,
): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = details[key]
    return v === undefined || v === null ? fallback(key) : String(v)
  })
}

/** Whether a `routes` pattern of a catalogue entry covers a route (`path` as registered, `:param`s, relative to the mount). */
export function routeMatches(pattern: string, method: string, path: string): boolean {
  if (pattern === '*') return true
  const [methods, glob] = pattern.split(' ')
  if (methods !== '*' && !methods.split('|').includes(method)) return false
  return glob.endsWith('*') ? path.startsWith(glob.slice(0, -1)) : path === glob
}

/**
 * Attaches where each error can be answered (`CatalogueEntry.routes`) to a vendor's entries.
 * Every entry must be placed: an error nobody located would be missing from every operation.
 */
export function placeEntries<E extends CatalogueEntry>(entries: E[], where: Record<string, readonly string[]>): E[] {
  for (const id of Object.keys(where)) if (!entries.some((e) => e.id === id)) throw new Error(`routes for unknown error ${id}`)
  return entries.map((e) => {
    const routes = where[e.id]
    if (!routes) throw new Error(`${e.id}: no routes; say where it can be answered ([] for none, ['*'] for every route)`)
    return { ...e, routes }
  })
}
