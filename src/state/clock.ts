/**
 * The sandbox clock. One per workspace so that moving time in one test never
 * disturbs another. Vendor code reads time only through this.
 */
export type ClockSetting = 'real' | string

export interface ClockState {
  now: string
  mode: 'real' | 'frozen'
  offset_ms: number
}

/** What storage keeps of a clock: enough to restore the same clock after a restart. */
export interface ClockSnapshot {
  mode: 'real' | 'frozen'
  frozen_at: number
  offset_ms: number
}

export interface ClockChange {
  frozen_at?: string | number
  advance_ms?: number
  real?: boolean
}

export class SandboxClock {
  private mode: 'real' | 'frozen'
  private frozenAt = 0
  private offsetMs = 0
  /** Times the time was read through `now()`: a reply made without reading it does not depend on it (pipeline/reply-cache.ts). */
  reads = 0
  /** Goes up whenever the clock is set or restored: time may have moved back, so what `reached` said may no longer hold. */
  epoch = 0
  /** The earliest instant a `reached` check found still ahead since the last `watch()`. */
  private ahead = Infinity
  private watches = 0

  constructor(setting: ClockSetting = 'real') {
    if (setting === 'real') {
      this.mode = 'real'
    } else {
      this.mode = 'frozen'
      this.frozenAt = parseInstant(setting)
    }
  }

  now(): number {
    this.reads++
    return this.peek()
  }

  /** The time, without counting as a read (what the engine itself looks at). */
  peek(): number {
    return this.mode === 'frozen' ? this.frozenAt : Date.now() + this.offsetMs
  }

  /**
   * Whether `instant` has come. Unlike reading `now()`, the answer holds until
   * `instant` (when it is ahead) or for good (when it has come, unless the clock
   * is set back), which is all a reply made from it depends on.
   */
  reached(instant: number): boolean {
    if (this.peek() >= instant) return true
    if (instant < this.ahead) this.ahead = instant
    return false
  }

  /** The time cut to whole `unitMs` (a timestamp shown to the second): it holds until the next unit begins. */
  nowTo(unitMs: number): number {
    const cut = Math.floor(this.peek() / unitMs) * unitMs
    this.reached(cut + unitMs)
    return cut
  }

  /** Starts noting `reached` checks; returns a ticket for `until`. */
  watch(): number {
    this.ahead = Infinity
    return ++this.watches
  }

  /** The earliest instant found ahead since `watch()` gave `ticket`; undefined if another watch began since. */
  until(ticket: number): number | undefined {
    return ticket === this.watches ? this.ahead : undefined
  }

  nowDate(): Date {
    return new Date(this.now())
  }

  /** Applies a control-plane change; `real` first, then `frozen_at`, then `advance_ms`. */
  change(change: ClockChange): void {
    this.epoch++
    if (change.real) {
      this.mode = 'real'
      this.offsetMs = 0
    }
    if (change.frozen_at !== undefined) {
      this.mode = 'frozen'
      this.frozenAt = parseInstant(change.frozen_at)
    }
    if (change.advance_ms !== undefined) {
      if (this.mode === 'frozen') this.frozenAt += change.advance_ms
      else this.offsetMs += change.advance_ms
    }
  }

  toJSON(): ClockState {
    return {
      now: new Date(this.now()).toISOString(),
      mode: this.mode,
      offset_ms: this.mode === 'frozen' ? this.frozenAt - Date.now() : this.offsetMs,
    }
  }

  /** What persistence keeps: enough to restore the same clock after a restart. */
  snapshot(): ClockSnapshot {
    return { mode: this.mode, frozen_at: this.frozenAt, offset_ms: this.offsetMs }
  }

  restore(s: ClockSnapshot): void {
    this.epoch++
    this.mode = s.mode
    this.frozenAt = s.frozen_at
    this.offsetMs = s.offset_ms
  }
}

export function parseInstant(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value)
  if (!Number.isFinite(ms)) throw new RangeError(`not an ISO-8601 instant: ${String(value)}`)
  return ms
}

export function isValidClockSetting(value: string): boolean {
  if (value === 'real') return true
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value))
}
