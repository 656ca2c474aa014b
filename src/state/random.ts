import type { Faker } from '@faker-js/faker'

/**
 * Seeded PRNG (sfc32 over a cyrb128 hash of the seed string). Every id, secret
 * and fake value comes from here so that the same seed and the same requests
 * give the same bytes.
 */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const HEX = '0123456789abcdef'
export const DIGITS = '0123456789'

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/**
 * Where a stream stands: which stream (`key`, its seed text), how many values it has
 * given, and the generator's words. Travels with a workspace's state (snapshots,
 * `GET/PUT /__sandbox/state`, the data file) so a stream never gives a value twice.
 */
export interface RandomState {
  key: string
  draws: number
  state: [number, number, number, number]
}

const WORD = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff

export function isRandomState(v: unknown): v is RandomState {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return (
    typeof r.key === 'string' &&
    Number.isSafeInteger(r.draws) &&
    (r.draws as number) >= 0 &&
    Array.isArray(r.state) &&
    r.state.length === 4 &&
    r.state.every(WORD)
  )
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  /** Values given since the seed (the 12 warm-up rounds not counted). */
  private draws = 0
  private fakerInstance: Faker | undefined

  constructor(readonly key: string) {
    ;[this.a, this.b, this.c, this.d] = cyrb128(key)
    for (let i = 0; i < 12; i++) this.next()
    this.draws = 0
  }

  /** Values given since the seed. */
  get drawn(): number {
    return this.draws
  }

  save(): RandomState {
    return { key: this.key, draws: this.draws, state: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0] }
  }

  /**
   * Moves to `saved` when it is this same stream further along; otherwise stays. A stream
   * so never goes back to values it has already given (ids, tokens), whatever is restored.
   */
  advanceTo(saved: RandomState): void {
    if (saved.key !== this.key || saved.draws <= this.draws) return
    ;[this.a, this.b, this.c, this.d] = saved.state
    this.draws = saved.draws
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.draws++
    let { a, b, c, d } = this
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    this.a = a
    this.b = b
    this.c = c
    this.d = d
    return (t >>> 0) / 4294967296
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive)
  }

  string(length: number, alphabet: string = ALNUM): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)]
    return out
  }

  hex(length: number): string {
    return this.string(length, HEX)
  }

  digits(length: number): string {
    return this.string(length, DIGITS)
  }

  /** RFC 4122 version 4 layout, lower-case. */
  uuid(): string {
    const h = this.hex(32).split('')
    h[12] = '4'
    h[16] = '89ab'[this.int(4)]
    const s = h.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** A faker seeded from this stream; loaded on first use to keep startup fast. */
  async faker(): Promise<Faker> {
    if (!this.fakerInstance) {
      const { Faker, en } = await import('@faker-js/faker')
      const f = new Faker({ locale: [en] })
      f.seed(this.int(2 ** 31))
      this.fakerInstance = f
    }
    return this.fakerInstance
  }
}
