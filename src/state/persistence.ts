import { isRandomState } from './random.js'
import { StorageError, type PersistedWorkspace } from './storage.js'

/**
 * Version 1 data files (`{"version": 1, "workspaces": {…}}`, one JSON document
 * rewritten whole). Still read so that existing files keep working; the first
 * change rewrites them in the current format (datafile.ts).
 */
export const LEGACY_VERSION = 1

/** @deprecated kept for callers of the old name; every storage start-up failure is a `StorageError`. */
export const DataFileError = StorageError

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export const corrupt = (path: string, why: string) =>
  new StorageError(`data file ${path} is corrupt (${why}); refusing to start and leaving it untouched`)

export const newer = (path: string, version: unknown, supported: number) =>
  new StorageError(
    `data file ${path} has version ${String(version)}, newer than this sandbox supports (${supported}); refusing to start and leaving it untouched`,
  )

/** Checks a version 1 document; its workspaces by id. */
export function parseLegacy(path: string, text: string, supported: number): Record<string, PersistedWorkspace> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw corrupt(path, `not JSON: ${(err as Error).message}`)
  }
  if (!isObject(data) || typeof data.version !== 'number')
    throw corrupt(path, 'expected a data file header or {"version": 1, "workspaces": {...}}')
  if (data.version > supported) throw newer(path, data.version, supported)
  if (data.version !== LEGACY_VERSION || !isObject(data.workspaces)) throw corrupt(path, 'expected {"version": 1, "workspaces": {...}}')
  for (const [id, ws] of Object.entries(data.workspaces)) {
    const random = isObject(ws) ? ws.random : undefined
    if (
      !isObject(ws) ||
      !isObject(ws.vendors) ||
      !isObject(ws.clock) ||
      (random !== undefined && (!isObject(random) || !Object.values(random).every(isRandomState)))
    )
      throw corrupt(path, `workspace ${JSON.stringify(id)} is malformed`)
  }
  return data.workspaces as Record<string, PersistedWorkspace>
}
