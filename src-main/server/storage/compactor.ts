import { Worker } from 'node:worker_threads'

export interface CompactionJob {
  snapshot: string
  tmp: string
  /** Closed journal segments, oldest first. */
  segments: string[]
  /** The last seq in those segments; the new snapshot carries it. */
  seq: number
  collections: readonly string[]
}

export interface CompactionResult {
  seq: number
  bytes: number
  records: number
}

type Reply = ({ ok: true } & CompactionResult) | { ok: false; message: string }

/**
 * Runs compactions on one worker thread, one at a time. The worker is started on first use (most sessions
 * never compact) and holds the process open only while a job is running.
 */
export class Compactor {
  private worker: Worker | null = null
  private nextId = 1
  private waiting: { id: number; resolve: (r: CompactionResult) => void; reject: (e: Error) => void } | null = null

  run(job: CompactionJob): Promise<CompactionResult> {
    if (this.waiting) return Promise.reject(new Error('a compaction is already running'))
    const w = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise<CompactionResult>((resolve, reject) => {
      this.waiting = { id, resolve, reject }
      w.ref()
      w.postMessage({ id, ...job, collections: [...job.collections] })
    })
  }

  private start(): Worker {
    const w = new Worker(new URL('./compaction-worker.mjs', import.meta.url))
    w.on('message', (msg: Reply & { id: number }) => {
      const waiting = this.waiting
      if (!waiting || waiting.id !== msg.id) return
      this.settle()
      if (msg.ok) waiting.resolve({ seq: msg.seq, bytes: msg.bytes, records: msg.records })
      else waiting.reject(new Error(msg.message))
    })
    // A crashed worker is replaced on the next run; the journal it was folding is still on disk, untouched.
    w.on('error', (e) => this.fail(w, e))
    w.on('exit', (code) => this.fail(w, new Error(`compaction worker exited with code ${code}`)))
    w.unref()
    this.worker = w
    return w
  }

  private settle() {
    this.waiting = null
    this.worker?.unref()
  }

  private fail(w: Worker, e: Error) {
    if (this.worker !== w) return
    this.worker = null
    const waiting = this.waiting
    this.waiting = null
    waiting?.reject(e)
  }

  async close(): Promise<void> {
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
    this.waiting?.reject(new Error('compactor closed'))
    this.waiting = null
  }
}
