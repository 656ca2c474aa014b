import { open, readFile, readdir, rename, rm, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { WORKSPACE_ID } from './workspace.js'
import { corrupt, newer, parseLegacy } from './persistence.js'
import { StorageError, type StorageBackend, type StorageStatus, type StoredWorkspace, type WorkspaceLookup } from './storage.js'

/**
 * `--data-file`: an append-only log of workspace records, one JSON line each.
 *
 *     {"version":2,"format":"esign-sandbox data file"}
 *     {"ws":"ci-42","record":{...}}          the workspace as of this line
 *     {"ws":"old","dropped":true}            the workspace was dropped
 *     {"ws":"w","at":[…],"sending":true,"record":{...}}   a delivery was still being sent
 *
 * The last line of a workspace wins. Start-up only splits the file into lines
 * and notes which line belongs to which workspace; a workspace is parsed the
 * first time it is used. A change marks its workspace dirty; a timer (≤ 100 ms)
 * appends one line per dirty workspace, so untouched workspaces are never
 * serialised again. When stale lines outweigh the live ones the file is
 * rewritten (temp file + fsync + rename, in chunks, off the request path).
 *
 * A crash can only leave a torn last line (appends are single writes), which
 * the next start drops; a crash during a rewrite leaves a temp file, which
 * the next start deletes. A lock file next to the data file names the process
 * that holds it, and the file's identity, size and mtime are checked before
 * every write, so a file changed by anything else is never written over.
 */
export const DATA_VERSION = 2
const FORMAT = 'esign-sandbox data file'
const HEADER = `${JSON.stringify({ version: DATA_VERSION, format: FORMAT })}\n`
/** Rewrite once stale lines take more than this beyond the live ones. */
const REWRITE_SLACK = 8 * 1024 * 1024
const CHUNK = 1024 * 1024
const NEWLINE = 0x0a
const CLOSE_BRACE = 0x7d
/** The start of a line: its workspace id, created/last-used times, and what the line holds. */
const LINE_START = /^\{"ws":"([A-Za-z0-9_-]{1,64})",(?:"at":\[(\d+),(\d+)\],)?("sending":true,)?("record"|"legacy"|"dropped")/

interface FileStamp {
  ino: number
  size: number
  mtimeMs: number
}

/** Data files held by this process (a second sandbox in the same process is refused too). */
const heldHere = new Set<string>()

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class DataFileStorage implements StorageBackend {
  readonly kind = 'data-file' as const
  readonly tracksChanges = true
  /** Latest line (without the newline) of every stored workspace: bytes of the file as read at start-up, or text written since. */
  private readonly lines = new Map<string, string | Buffer>()
  private readonly stamps = new Map<string, { createdAt: number; lastUsedAt: number }>()
  /** Workspaces whose last line says a webhook or callback was still being sent. */
  private readonly sendingIds = new Set<string>()
  private readonly dirty = new Set<string>()
  private fh: FileHandle | undefined
  private stamp: FileStamp | undefined
  private fileBytes = 0
  private liveBytes = 0
  private rewriteNeeded = false
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> | undefined
  private problem: string | undefined
  private readonly lockPath: string
  private locked = false

  constructor(
    readonly path: string,
    private readonly lookup: WorkspaceLookup,
    private readonly writeDelayMs = 50,
  ) {
    this.lockPath = `${path}.lock`
  }

  async open(): Promise<void> {
    await this.lock()
    try {
      await this.removeTempFiles()
      await this.index()
    } catch (err) {
      await this.unlock()
      throw err
    }
  }

  private async lock(): Promise<void> {
    if (heldHere.has(this.path))
      throw new StorageError(`data file ${this.path} is held by another sandbox in this process; refusing to start`, 2)
    const body = JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() })
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeFile(this.lockPath, body, { flag: 'wx' })
        heldHere.add(this.path)
        this.locked = true
        return
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'EEXIST')
          throw new StorageError(`cannot use data file ${this.path}: its directory is not writable (${code ?? (err as Error).message})`, 2)
      }
      let holder: { pid?: unknown } = {}
      try {
        holder = JSON.parse(await readFile(this.lockPath, 'utf8')) as { pid?: unknown }
      } catch {
        // unreadable or half-written lock: treated as stale below
      }
      const pid = typeof holder.pid === 'number' ? holder.pid : undefined
      if (pid !== undefined && pid !== process.pid && pidAlive(pid))
        throw new StorageError(
          `data file ${this.path} is held by another running sandbox (pid ${pid}, lock ${this.lockPath}); refusing to start`,
          2,
        )
      // The holder is gone (killed): its lock is stale.
      await unlink(this.lockPath).catch(() => undefined)
    }
    throw new StorageError(`cannot lock data file ${this.path} (${this.lockPath} keeps coming back)`, 2)
  }

  private async unlock(): Promise<void> {
    if (!this.locked) return
    this.locked = false
    heldHere.delete(this.path)
    await unlink(this.lockPath).catch(() => undefined)
  }

  /** A rewrite interrupted by a crash leaves its temp file; only the lock holder may remove it. */
  private async removeTempFiles(): Promise<void> {
    const dir = dirname(this.path)
    const base = basename(this.path)
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const ours = (name.startsWith(`${base}.`) && name.endsWith('.tmp')) || name === `.${base}.tmp`
      if (ours) await rm(join(dir, name), { force: true })
    }
  }

  /**
   * Start-up reads the file as bytes and only finds the line ends (memchr) and
   * the few bytes naming each line's workspace: nothing is decoded or parsed
   * as a whole, so a large file starts nearly as fast as an empty one.
   */
  private async index(): Promise<void> {
    let buf: Buffer
    try {
      buf = await readFile(this.path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new StorageError(`cannot read data file ${this.path}: ${(err as Error).message}`)
      await writeFile(this.path, HEADER, { flag: 'wx' })
      await this.openAppend()
      return
    }
    const firstEnd = buf.indexOf(NEWLINE)
    let header: unknown
    try {
      header = JSON.parse(buf.toString('utf8', 0, firstEnd < 0 ? buf.length : firstEnd))
    } catch {
      header = undefined
    }
    const h = header as { version?: unknown; format?: unknown } | undefined
    if (h?.format !== FORMAT) {
      this.indexLegacy(buf.toString('utf8'))
      await this.openAppend()
      return
    }
    if (typeof h.version !== 'number' || h.version > DATA_VERSION) throw newer(this.path, h.version, DATA_VERSION)
    let pos = firstEnd + 1
    for (let end = buf.indexOf(NEWLINE, pos); end >= 0; end = buf.indexOf(NEWLINE, pos)) {
      this.indexLine(buf.subarray(pos, end), pos)
      pos = end + 1
    }
    // What follows the last newline is a write cut short by a crash: dropped.
    if (pos < buf.length) {
      const fh = await open(this.path, 'r+')
      await fh.truncate(pos)
      await fh.close()
    }
    await this.openAppend()
  }

  private indexLine(line: Buffer, at: number): void {
    const m = LINE_START.exec(line.toString('latin1', 0, Math.min(line.length, 160)))
    if (!m || line[line.length - 1] !== CLOSE_BRACE) throw corrupt(this.path, `unreadable line at byte ${at}`)
    const id = m[1]
    const previous = this.lines.get(id)
    if (previous !== undefined) this.liveBytes -= previous.length + 1
    if (m[5] === '"dropped"') {
      this.lines.delete(id)
      this.stamps.delete(id)
      this.sendingIds.delete(id)
      return
    }
    if (m[4] !== undefined) this.sendingIds.add(id)
    else this.sendingIds.delete(id)
    if (m[2] !== undefined) this.stamps.set(id, { createdAt: Number(m[2]), lastUsedAt: Number(m[3]) })
    this.lines.set(id, line)
    this.liveBytes += line.length + 1
  }

  /** A version 1 file: its workspaces become lines; the first write rewrites the file in this format. */
  private indexLegacy(text: string): void {
    const workspaces = parseLegacy(this.path, text, DATA_VERSION)
    for (const [id, legacy] of Object.entries(workspaces)) {
      if (!WORKSPACE_ID.test(id)) continue
      const line = JSON.stringify({ ws: id, legacy })
      this.lines.set(id, line)
      this.liveBytes += line.length + 1
    }
    this.fileBytes = Buffer.byteLength(text, 'utf8')
    this.rewriteNeeded = true
  }

  private async openAppend(): Promise<void> {
    this.fh = await open(this.path, 'a')
    const s = await this.fh.stat()
    this.stamp = { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs }
    this.fileBytes = s.size
  }

  storedIds(): Iterable<string> {
    return this.lines.keys()
  }

  sending(): Iterable<string> {
    return this.sendingIds
  }

  has(id: string): boolean {
    return this.lines.has(id)
  }

  times(id: string): { createdAt: number; lastUsedAt: number } | undefined {
    return this.stamps.get(id)
  }

  read(id: string): StoredWorkspace | undefined {
    const line = this.lines.get(id)
    if (line === undefined) return undefined
    try {
      const parsed = JSON.parse(typeof line === 'string' ? line : line.toString('utf8')) as StoredWorkspace
      return parsed
    } catch (err) {
      throw corrupt(this.path, `the line of workspace ${id} is not JSON: ${(err as Error).message}`)
    }
  }

  changed(id: string): void {
    if (this.problem !== undefined) return
    this.dirty.add(id)
    this.schedule()
  }

  dropped(id: string): void {
    const line = this.lines.get(id)
    if (line !== undefined) this.liveBytes -= line.length + 1
    this.lines.delete(id)
    this.stamps.delete(id)
    this.changed(id)
  }

  private schedule(): void {
    if (this.timer || this.flushing) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.flushing = this.flush()
        .catch((err: unknown) => this.refuse(`writing failed: ${(err as Error).message}`))
        .finally(() => {
          this.flushing = undefined
          if (this.dirty.size > 0) this.schedule()
        })
    }, this.writeDelayMs)
  }

  /** Appends one line per dirty workspace, serialising one workspace per event-loop turn. */
  private async flush(): Promise<void> {
    while (this.dirty.size > 0 && this.problem === undefined) {
      const ids = [...this.dirty]
      this.dirty.clear()
      let out = ''
      for (let i = 0; i < ids.length; i++) {
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
        const id = ids[i]
        const ws = this.lookup(id)
        const sending = ws?.outbox.sending() ?? false
        if (sending) this.sendingIds.add(id)
        else this.sendingIds.delete(id)
        const line = ws
          ? JSON.stringify({ ws: id, at: [ws.createdAt, ws.lastUsedAt], ...(sending ? { sending: true } : {}), record: ws.toRecord() })
          : `{"ws":"${id}","dropped":true}`
        const previous = this.lines.get(id)
        if (previous !== undefined) this.liveBytes -= previous.length + 1
        if (ws) {
          this.lines.set(id, line)
          this.liveBytes += line.length + 1
        } else this.lines.delete(id)
        out += `${line}\n`
        if (out.length >= CHUNK) {
          await this.append(out)
          out = ''
        }
      }
      if (out) await this.append(out)
    }
    if (this.problem === undefined && (this.rewriteNeeded || this.fileBytes > 2 * this.liveBytes + REWRITE_SLACK)) await this.rewrite()
  }

  /** Refuses (and stops writing) when the file is no longer what this process last wrote. */
  private async unchanged(): Promise<boolean> {
    const s = await stat(this.path).catch(() => undefined)
    const ok =
      s !== undefined &&
      this.stamp !== undefined &&
      s.ino === this.stamp.ino &&
      s.size === this.stamp.size &&
      s.mtimeMs === this.stamp.mtimeMs
    if (!ok)
      this.refuse(
        s
          ? 'it was changed by something else since this sandbox last wrote it'
          : 'it was deleted or moved by something else since this sandbox last wrote it',
      )
    return ok
  }

  private async append(text: string): Promise<void> {
    if (this.rewriteNeeded) return
    if (!(await this.unchanged())) return
    const fh = this.fh as FileHandle
    const before = (this.stamp as FileStamp).size
    const { bytesWritten } = await fh.write(text)
    await fh.datasync()
    const s = await fh.stat()
    // Between the check above and this stat, only this append may have grown the file: any other size is someone else's write.
    if (s.size !== before + bytesWritten) {
      this.refuse('it was changed by something else while this sandbox wrote to it')
      return
    }
    this.stamp = { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs }
    this.fileBytes = s.size
  }

  /** The live lines into a temp file, then renamed over the data file. */
  private async rewrite(): Promise<void> {
    const tmp = `${this.path}.${process.pid}.tmp`
    const out = await open(tmp, 'w')
    try {
      let chunk = HEADER
      for (const line of this.lines.values()) {
        chunk += `${line}\n`
        if (chunk.length >= CHUNK) {
          await out.write(chunk)
          chunk = ''
        }
      }
      if (chunk) await out.write(chunk)
      await out.datasync()
    } finally {
      await out.close()
    }
    if (!(await this.unchanged())) {
      await rm(tmp, { force: true })
      return
    }
    await rename(tmp, this.path)
    await this.fh?.close()
    this.rewriteNeeded = false
    await this.openAppend()
  }

  private refuse(why: string): void {
    if (this.problem !== undefined) return
    this.problem = `data file ${this.path}: ${why}; not writing to it any more (changes stay in memory until this sandbox stops)`
    this.dirty.clear()
    console.error(`esign-sandbox: ${this.problem}`)
  }

  status(): StorageStatus {
    return this.problem === undefined ? { backend: 'data-file', ok: true } : { backend: 'data-file', ok: false, problem: this.problem }
  }

  /** Writes what is pending (the last changes reach the file), closes it and releases the lock. */
  async close(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.flushing) await this.flushing
    if (this.dirty.size > 0 && this.problem === undefined)
      await this.flush().catch((err: unknown) => this.refuse(`writing failed: ${(err as Error).message}`))
    await this.fh?.close()
    this.fh = undefined
    await this.unlock()
  }
}
