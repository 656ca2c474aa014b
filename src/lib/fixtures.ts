import { readFileSync } from 'node:fs'

/**
 * Fixture files live in `fixtures/<vendor>.json` at the package root (beside
 * `src/` and `dist/`, so the same relative URL works from both). Read once, on
 * the first workspace seed, never at startup.
 */
const cache = new Map<string, unknown>()

export function loadFixture<T>(vendor: string): T {
  let data = cache.get(vendor)
  if (data === undefined) {
    data = JSON.parse(readFileSync(new URL(`../../fixtures/${vendor}.json`, import.meta.url), 'utf8')) as unknown
    cache.set(vendor, data)
  }
  // A fresh copy per workspace: seeded records are mutated by the API.
  return structuredClone(data) as T
}
