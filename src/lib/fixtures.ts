import { existsSync, readFileSync } from 'node:fs'

/**
 * Fixture files live in `fixtures/<vendor>.json` at the package root, beside
 * `src/` and `dist/`. This module runs from `src/lib`, `dist/lib` or the CLI
 * bundle in `dist/`, so the folder is looked for upwards. Read once, on the
 * first workspace seed, never at startup.
 */
const cache = new Map<string, unknown>()
let folder: URL | undefined

function fixturesFolder(): URL {
  if (!folder) {
    const candidates = ['../../fixtures/', '../fixtures/'].map((rel) => new URL(rel, import.meta.url))
    folder = candidates.find((url) => existsSync(url)) ?? candidates[0]
  }
  return folder
}

export function loadFixture<T>(vendor: string): T {
  let data = cache.get(vendor)
  if (data === undefined) {
    data = JSON.parse(readFileSync(new URL(`${vendor}.json`, fixturesFolder()), 'utf8')) as unknown
    cache.set(vendor, data)
  }
  // A fresh copy per workspace (seeded records are mutated by the API) that
  // shares the strings: they are immutable, and the big ones (base64 PDFs) are
  // then held once per process, not once per workspace.
  return copyJson(data) as T
}

function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyJson)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = copyJson((value as Record<string, unknown>)[key])
  return out
}
