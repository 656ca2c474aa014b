/** Fixed-size ring buffer: memory stays flat however long the sandbox runs. */
export class Ring<T> {
  private readonly items: (T | undefined)[]
  private start = 0
  private length = 0

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.max(1, capacity))
  }

  push(item: T): void {
    const cap = this.items.length
    if (this.length < cap) {
      this.items[(this.start + this.length) % cap] = item
      this.length++
    } else {
      this.items[this.start] = item
      this.start = (this.start + 1) % cap
    }
  }

  /** Newest first. */
  *newestFirst(): IterableIterator<T> {
    const cap = this.items.length
    for (let i = this.length - 1; i >= 0; i--) yield this.items[(this.start + i) % cap] as T
  }

  clear(): void {
    this.items.fill(undefined)
    this.start = 0
    this.length = 0
  }

  get size(): number {
    return this.length
  }
}
