/** A fixed-capacity buffer that drops the oldest item when full; items are kept in arrival order. */
export class Ring<T> {
  private readonly buf: (T | undefined)[]
  private start = 0
  private count = 0

  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(capacity)
  }

  get size(): number {
    return this.count
  }

  /** Adds an item; returns the one it pushed out, if any. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count++) % this.capacity] = item
      return undefined
    }
    const out = this.buf[this.start]
    this.buf[this.start] = item
    this.start = (this.start + 1) % this.capacity
    return out
  }

  /** i = 0 is the oldest item. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined
    return this.buf[(this.start + i) % this.capacity]
  }

  /** Replaces the i-th item (i = 0 is the oldest). */
  set(i: number, item: T): void {
    if (i >= 0 && i < this.count) this.buf[(this.start + i) % this.capacity] = item
  }

  clear(): void {
    this.buf.fill(undefined)
    this.start = 0
    this.count = 0
  }
}
