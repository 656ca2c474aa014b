import { readFile } from 'node:fs/promises'
import { Low, Memory } from 'lowdb'
import { TextFile } from 'lowdb/node'
import type { ClockState } from './clock.js'
import { isRandomState, type RandomState } from './random.js'

/**
 * The optional data file (`--data-file`): `{ "version": 1, "workspaces": {…} }`,
 * written whole through lowdb's atomic writer (temp file + rename), so a
 * crash mid-write leaves the previous file intact.
 */
export const DATA_VERSION = 1

export interface PersistedWorkspace {
  clock: { mode: ClockState['mode']; frozen_at: number; offset_ms: number }
  vendors: Record<string, unknown>
  /** PRNG streams (absent in files written before they were kept). */
  random?: Record<string, RandomState>
}

export interface PersistedFile {
  version: number
  workspaces: Record<string, PersistedWorkspace>
}

export class DataFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataFileError'
  }
}

class JsonText {
  constructor(private readonly file: TextFile) {}
  async read(): Promise<PersistedFile | null> {
    return null
  }
  async write(data: PersistedFile): Promise<void> {
    await this.file.write(JSON.stringify(data))
  }
  // The read side is done by `loadDataFile`, which must refuse bad files before anything is written.
  static of(path: string) {
    return new JsonText(new TextFile(path))
  }
}

export type Database = Low<PersistedFile>

export function memoryDatabase(): Database {
  return new Low<PersistedFile>(new Memory<PersistedFile>(), { version: DATA_VERSION, workspaces: {} })
}

export function fileDatabase(path: string): Database {
  return new Low<PersistedFile>(JsonText.of(path), { version: DATA_VERSION, workspaces: {} })
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads and checks the data file; null when it does not exist yet. Never writes. */
export async function loadDataFile(path: string): Promise<PersistedFile | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new DataFileError(`cannot read data file ${path}: ${(err as Error).message}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new DataFileError(
      `data file ${path} is corrupt (not JSON: ${(err as Error).message}); refusing to start and leaving it untouched`,
    )
  }
  if (!isObject(data) || typeof data.version !== 'number' || !isObject(data.workspaces)) {
    throw new DataFileError(
      `data file ${path} is corrupt (expected {"version": 1, "workspaces": {...}}); refusing to start and leaving it untouched`,
    )
  }
  if (data.version > DATA_VERSION) {
    throw new DataFileError(
      `data file ${path} has version ${data.version}, newer than this sandbox supports (${DATA_VERSION}); refusing to start and leaving it untouched`,
    )
  }
  for (const [id, ws] of Object.entries(data.workspaces)) {
    const random = isObject(ws) ? ws.random : undefined
    if (
      !isObject(ws) ||
      !isObject(ws.vendors) ||
      !isObject(ws.clock) ||
      (random !== undefined && (!isObject(random) || !Object.values(random).every(isRandomState)))
    ) {
      throw new DataFileError(
        `data file ${path} is corrupt (workspace ${JSON.stringify(id)} is malformed); refusing to start and leaving it untouched`,
      )
    }
  }
  return data as unknown as PersistedFile
}
