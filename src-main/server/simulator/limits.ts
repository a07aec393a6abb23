import { sleep } from './http'

/**
 * Rate limit of a run (RunRequest.ratePerSecond): a token bucket holding at most one token, so requests are spaced
 * evenly at 1/rate seconds and never burst (a burst is what a rate-limited server punishes). 0 = no limit.
 */
export class RateLimiter {
  private next = 0

  constructor(private readonly perSecond: number) {}

  /** Waits for the next slot; false when the run was stopped meanwhile. */
  async take(signal: AbortSignal): Promise<boolean> {
    if (this.perSecond <= 0) return !signal.aborted
    const now = performance.now()
    const at = Math.max(now, this.next)
    this.next = at + 1000 / this.perSecond
    return at > now ? sleep(at - now, signal) : !signal.aborted
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight, results in the items' order. Once `signal` is aborted no
 * new item starts; those not started are given `skipped(item)`.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, signal: AbortSignal, work: (item: T, index: number) => Promise<R>, skipped: (item: T, index: number) => R): Promise<R[]> {
  const out = new Array<R>(items.length)
  let nextIndex = 0
  const worker = async () => {
    for (;;) {
      const i = nextIndex++
      if (i >= items.length) return
      out[i] = signal.aborted ? skipped(items[i]!, i) : await work(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return out
}
