import type { Workspace, WorkspaceRecord } from './workspace.js'
import type { ClockSnapshot } from './clock.js'
import type { RandomState } from './random.js'

/** A workspace as version-1 data files stored it (read, then rewritten in the current format). */
export interface PersistedWorkspace {
  clock: ClockSnapshot
  vendors: Record<string, unknown>
  /** PRNG streams (absent in files written before they were kept). */
  random?: Record<string, RandomState>
}

/**
 * The storage seam. Services stay synchronous over the workspaces the store
 * keeps in memory; a backend decides where a workspace comes from when it is
 * not in memory yet, and what happens when one changes.
 *
 * - memory (default): nothing is stored, every hook is a no-op.
 * - data file (`--data-file`): an append-only log, read lazily, written off
 *   the request path (datafile.ts).
 * - Redis (`--redis`): shared by several processes; requests run inside
 *   `SharedStorage` transactions (redis.ts).
 */
export type StoredWorkspace = { record: WorkspaceRecord } | { legacy: PersistedWorkspace }

export interface StorageStatus {
  backend: 'memory' | 'data-file' | 'redis'
  /** False when the backend can no longer store changes (e.g. the data file was changed by something else). */
  ok: boolean
  problem?: string
}

export interface StorageBackend {
  readonly kind: StorageStatus['backend']
  /** Whether workspaces must report their changes (`Workspace.touch`); memory mode skips even the call. */
  readonly tracksChanges: boolean
  /** Start-up: whatever must happen before the first request (lock, index). Throws `StorageError`. */
  open(): Promise<void>
  /** Ids of stored workspaces (loaded or not). */
  storedIds(): Iterable<string>
  /** Whether a workspace is stored (loaded or not). */
  has(id: string): boolean
  /** When a stored workspace was created and last used (wall-clock ms), as far as storage knows without loading it. */
  times(id: string): { createdAt: number; lastUsedAt: number } | undefined
  /** Stored workspaces whose last record has a webhook or callback still being sent (resumed at start-up). */
  sending?(): Iterable<string>
  /** A stored workspace not in memory yet, or undefined. */
  read(id: string): StoredWorkspace | undefined | Promise<StoredWorkspace | undefined>
  changed(id: string): void
  dropped(id: string): void
  status(): StorageStatus
  /** Writes what is pending and lets go of the storage. */
  close(): Promise<void>
}

/** Why storage cannot start; `exitCode` is what the CLI exits with (2: usage/ownership, 1: the data is unusable). */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
    this.name = 'StorageError'
  }
}

export class MemoryStorage implements StorageBackend {
  readonly kind = 'memory' as const
  readonly tracksChanges = false
  open(): Promise<void> {
    return Promise.resolve()
  }
  storedIds(): Iterable<string> {
    return []
  }
  has(): boolean {
    return false
  }
  times(): undefined {
    return undefined
  }
  read(): undefined {
    return undefined
  }
  changed(): void {}
  dropped(): void {}
  status(): StorageStatus {
    return { backend: 'memory', ok: true }
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** What a backend needs from the store: the live workspace for an id (undefined once dropped). */
export type WorkspaceLookup = (id: string) => Workspace | undefined
