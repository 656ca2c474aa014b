/**
 * Fixed-size ring buffer: memory stays flat however long the sandbox runs. The
 * array grows up to the capacity as items arrive (a journal of 10,000 slots
 * allocated up front would cost every untouched workspace 80 KB). With a
 * `maxWeight`, the oldest items also go once the weights pushed (bytes, for the
 * journal) add up to more than it.
 */
export class Ring<T> {
  private items: (T | undefined)[] = []
  private weights: number[] = []
  private start = 0
  private length = 0
  private weight = 0
  private readonly cap: number

  constructor(
    readonly capacity: number,
    readonly maxWeight = Infinity,
  ) {
    this.cap = Math.max(1, capacity)
  }

  push(item: T, weight = 0): void {
    if (this.length === this.cap) this.dropOldest()
    while (this.length > 0 && this.weight + weight > this.maxWeight) this.dropOldest()
    const n = this.items.length
    if (this.length < n) {
      const at = (this.start + this.length) % n
      this.items[at] = item
      this.weights[at] = weight
    } else {
      // Growing: the window must start at 0 for the new slot to land at its end.
      if (this.start !== 0) this.linearise()
      this.items.push(item)
      this.weights.push(weight)
    }
    this.length++
    this.weight += weight
  }

  /**
   * When full, takes the oldest item out and returns it, so the caller can fill
   * it again and push it as the newest instead of allocating a new one.
   */
  reclaim(): T | undefined {
    if (this.length < this.cap) return undefined
    const item = this.items[this.start]
    this.dropOldest()
    return item
  }

  /** The item pushed last. */
  newest(): T | undefined {
    return this.length === 0 ? undefined : this.items[(this.start + this.length - 1) % this.items.length]
  }

  private dropOldest(): void {
    this.weight -= this.weights[this.start]
    this.items[this.start] = undefined
    this.start = (this.start + 1) % this.items.length
    this.length--
  }

  private linearise(): void {
    const n = this.items.length
    const order = Array.from({ length: this.length }, (_, i) => (this.start + i) % n)
    this.items = order.map((i) => this.items[i])
    this.weights = order.map((i) => this.weights[i])
    this.start = 0
  }

  /** Newest first. */
  *newestFirst(): IterableIterator<T> {
    const n = this.items.length
    for (let i = this.length - 1; i >= 0; i--) yield this.items[(this.start + i) % n] as T
  }

  clear(): void {
    this.items = []
    this.weights = []
    this.start = 0
    this.length = 0
    this.weight = 0
  }

  get size(): number {
    return this.length
  }

  /** Sum of the weights of the items held. */
  get totalWeight(): number {
    return this.weight
  }
}
