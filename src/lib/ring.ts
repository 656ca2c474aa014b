/**
 * Fixed-size ring buffer: memory stays flat however long the sandbox runs. The
 * array grows up to the capacity as items arrive (a journal of 10,000 slots
 * allocated up front would cost every untouched workspace 80 KB).
 */
export class Ring<T> {
  private items: T[] = []
  private start = 0
  private length = 0
  private readonly cap: number

  constructor(readonly capacity: number) {
    this.cap = Math.max(1, capacity)
  }

  push(item: T): void {
    if (this.items.length < this.cap) {
      this.items.push(item)
      this.length++
    } else {
      this.items[this.start] = item
      this.start = (this.start + 1) % this.cap
    }
  }

  /** Newest first. */
  *newestFirst(): IterableIterator<T> {
    const n = this.items.length
    for (let i = this.length - 1; i >= 0; i--) yield this.items[(this.start + i) % n]
  }

  clear(): void {
    this.items = []
    this.start = 0
    this.length = 0
  }

  get size(): number {
    return this.length
  }
}
