import type { LogEntry, LogPage, LogQuery } from '@shared/log'
import { LogFile } from './log-file'
import { logFilter, toSummary, type LogFilters } from './log-query'
import { Ring } from './ring'

export const DEFAULT_LOG_CAPACITY = 20_000
export const MAX_LOG_CAPACITY = 200_000

/** Written on clear so seq stays monotonic across a clear and a restart (clients page and resume by seq). */
interface SeqFloor {
  seqFloor: number
}

function isEntry(o: unknown): o is LogEntry {
  const e = o as Partial<LogEntry> | null
  return (
    !!e &&
    typeof e === 'object' &&
    Number.isInteger(e.seq) &&
    (e.seq as number) > 0 &&
    typeof e.method === 'string' &&
    typeof e.path === 'string' &&
    typeof e.status === 'number' &&
    typeof e.surface === 'string' &&
    typeof e.source === 'string' &&
    Array.isArray(e.events) &&
    !!e.requestHeaders &&
    !!e.responseHeaders
  )
}

/**
 * The request log: the newest `capacity` entries in memory (a ring), mirrored to an NDJSON file beside the
 * workspace so a restart shows the same log. Appends never wait for the disk: a request is answered, then
 * logged, then written in the background in batches.
 */
/**
 * Bodies kept in memory across the whole ring. 20,000 entries of 60 kB list pages would be over a gigabyte, so past
 * this the oldest entries keep their metadata, headers and events but lose their body text (marked truncated).
 */
export const LOG_BODY_BUDGET = 64 * 1024 * 1024

const bodyLength = (e: LogEntry) => (e.requestBody?.text.length ?? 0) + (e.responseBody?.text.length ?? 0)
const withoutBodies = (e: LogEntry): LogEntry => ({
  ...e,
  requestBody: e.requestBody && { ...e.requestBody, text: '', truncated: true },
  responseBody: e.responseBody && { ...e.responseBody, text: '', truncated: true },
})

export class RequestLogStore {
  private ring: Ring<LogEntry>
  /** Body characters held by the ring, and the ring position below which bodies were already dropped. */
  private bodyChars = 0
  private strippedBelow = 0
  private lastSeq = 0
  private readonly listeners = new Set<(e: LogEntry) => void>()
  private pending: LogEntry[] = []
  private chain: Promise<void> = Promise.resolve()
  private flushQueued = false
  /** Clears queued but not yet done: flushes wait for them, so entries logged after a clear survive it. */
  private resetsQueued = 0
  private closing: Promise<void> | null = null
  /** Problems found on open or while writing (a torn last line, unreadable lines, a failed write). */
  readonly warnings: string[] = []

  private constructor(
    private readonly file: LogFile,
    private cap: number,
    private readonly bodyBudget: number = LOG_BODY_BUDGET,
  ) {
    this.ring = new Ring(cap)
  }

  /** How many entries are kept (in memory, and about as many in the file). */
  get capacity(): number {
    return this.cap
  }

  /**
   * Changes the capacity at run time (the UI's settings): growing keeps every entry, shrinking keeps the newest
   * `capacity`. The file is trimmed in the background once it holds more than twice that.
   */
  resize(capacity: number): void {
    const cap = Math.max(1, Math.min(MAX_LOG_CAPACITY, Math.floor(capacity)))
    if (cap === this.cap) return
    const n = this.ring.size
    const kept: LogEntry[] = []
    for (let i = Math.max(0, n - cap); i < n; i++) kept.push(this.ring.at(i)!)
    this.ring = new Ring(cap)
    this.cap = cap
    this.bodyChars = 0
    this.strippedBelow = 0
    for (const e of kept) this.keep(e)
    if (this.file.lineCount > 2 * cap) this.enqueue(() => this.file.keepNewest(cap))
  }

  static async open(file: string, opts: { capacity?: number; bodyBudget?: number } = {}): Promise<RequestLogStore> {
    const capacity = Math.max(1, Math.min(MAX_LOG_CAPACITY, Math.floor(opts.capacity ?? DEFAULT_LOG_CAPACITY)))
    const { log, lines, dropped } = await LogFile.open(file, capacity)
    const store = new RequestLogStore(log, capacity, opts.bodyBudget)
    if (dropped) store.warnings.push(`request log ${file}: dropped a torn last line`)
    let unreadable = 0
    for (const line of lines) {
      let o: unknown
      try {
        o = JSON.parse(line)
      } catch {
        unreadable++
        continue
      }
      const floor = (o as SeqFloor | null)?.seqFloor
      if (typeof floor === 'number') store.lastSeq = Math.max(store.lastSeq, floor)
      else if (isEntry(o) && o.seq > store.lastSeq) {
        store.keep(o)
        store.lastSeq = o.seq
      } else unreadable++
    }
    // It is a log: a bad line is skipped with a warning rather than stopping the server.
    if (unreadable) store.warnings.push(`request log ${file}: skipped ${unreadable} unreadable line${unreadable > 1 ? 's' : ''}`)
    if (log.lineCount > 2 * capacity) store.enqueue(() => log.keepNewest(capacity))
    return store
  }

  get size(): number {
    return this.ring.size
  }

  /** Pushes into the ring and keeps the bodies it holds within LOG_BODY_BUDGET, oldest bodies going first. */
  private keep(e: LogEntry): void {
    const out = this.ring.push(e)
    this.bodyChars += bodyLength(e)
    if (out) {
      this.bodyChars -= bodyLength(out)
      this.strippedBelow = Math.max(0, this.strippedBelow - 1)
    }
    while (this.bodyChars > this.bodyBudget && this.strippedBelow < this.ring.size - 1) {
      const old = this.ring.at(this.strippedBelow)!
      this.bodyChars -= bodyLength(old)
      this.ring.set(this.strippedBelow++, withoutBodies(old))
    }
  }

  append(entry: Omit<LogEntry, 'seq'>): LogEntry {
    const e = { seq: ++this.lastSeq, ...entry } as LogEntry
    this.keep(e)
    for (const fn of this.listeners) {
      try {
        fn(e)
      } catch {
        // One broken listener (a closed stream) must not stop logging or the other listeners.
      }
    }
    if (!this.closing) {
      this.pending.push(e)
      this.queueFlush()
    }
    return e
  }

  /**
   * Newest first. Without `after`: the newest `limit` matches below `before`. With `after` (catching up after a
   * reconnect): the `limit` matches right after it, so repeating with the highest seq seen walks forward without
   * gaps. `total` counts every entry the filters match, whatever the paging.
   */
  page(q: LogQuery): LogPage {
    const match = logFilter(q)
    const limit = q.limit ?? 100
    const inRange = (e: LogEntry) => (q.before === undefined || e.seq < q.before) && (q.after === undefined || e.seq > q.after)
    const picked: LogEntry[] = []
    let total = 0
    const n = this.ring.size
    if (q.after !== undefined) {
      for (let i = 0; i < n; i++) {
        const e = this.ring.at(i)!
        if (!match(e)) continue
        total++
        if (picked.length < limit && inRange(e)) picked.push(e)
      }
      picked.reverse()
    } else {
      for (let i = n - 1; i >= 0; i--) {
        const e = this.ring.at(i)!
        if (!match(e)) continue
        total++
        if (picked.length < limit && inRange(e)) picked.push(e)
      }
    }
    return { entries: picked.map(toSummary), total, newestSeq: this.lastSeq }
  }

  /** Every entry the filters of `q` match (its paging fields are ignored), oldest first: for HAR exports. */
  matching(q: LogFilters): LogEntry[] {
    const match = logFilter(q)
    const out: LogEntry[] = []
    for (let i = 0; i < this.ring.size; i++) {
      const e = this.ring.at(i)!
      if (match(e)) out.push(e)
    }
    return out
  }

  get(seq: number): LogEntry | undefined {
    // Seqs rise along the ring, so a binary search finds one without scanning 200,000 entries.
    let lo = 0
    let hi = this.ring.size - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const e = this.ring.at(mid)!
      if (e.seq === seq) return e
      if (e.seq < seq) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }

  subscribe(fn: (e: LogEntry) => void): () => void {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  async clear(): Promise<void> {
    this.ring.clear()
    this.bodyChars = 0
    this.strippedBelow = 0
    this.pending = []
    const floor: SeqFloor = { seqFloor: this.lastSeq }
    this.resetsQueued++
    await this.enqueue(async () => {
      try {
        await this.file.reset([JSON.stringify(floor)])
      } finally {
        this.resetsQueued--
      }
      await this.flush()
    })
  }

  /** Writes what is queued and closes the file. Entries appended afterwards stay in memory only. */
  close(): Promise<void> {
    if (!this.closing) {
      this.queueFlush()
      this.closing = this.chain.then(() => this.file.close())
    }
    return this.closing
  }

  /** Resolves once everything appended so far is written (tests, and exports that read the file). */
  flushed(): Promise<void> {
    this.queueFlush()
    return this.chain
  }

  private queueFlush() {
    if (this.flushQueued) return
    this.flushQueued = true
    void this.enqueue(async () => {
      this.flushQueued = false
      await this.flush()
    })
  }

  private async flush() {
    if (this.resetsQueued > 0 || !this.pending.length) return
    const batch = this.pending
    this.pending = []
    await this.file.append(batch.map((e) => JSON.stringify(e)))
    if (this.file.lineCount > 2 * this.cap) await this.file.keepNewest(this.cap)
  }

  /** File work runs one step at a time; a failed step is reported and does not stop the ones after it. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((e: Error) => {
      if (this.warnings.length < 100) this.warnings.push(`request log ${this.file.file}: ${e.message}`)
    })
    return this.chain
  }
}
