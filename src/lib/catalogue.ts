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
