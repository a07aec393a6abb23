import { Worker } from 'node:worker_threads'
import { COMPACTION_WORKER_SOURCE } from './compaction-worker-source'

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

let url: URL | null = null
/** compaction-worker.mjs as a data: URL: no file to locate, whichever runner or bundle this module ends up in. */
function workerUrl(): URL {
  url ??= new URL('data:text/javascript;base64,' + Buffer.from(COMPACTION_WORKER_SOURCE).toString('base64'))
  return url
}

type Reply = ({ ok: true } & CompactionResult) | { ok: false; message: string }

/**
 * Runs each compaction on a worker thread of its own. A fresh worker per job costs a few tens of milliseconds
 * every few thousand writes, and buys two things: between compactions there is no worker memory at all, and
 * each job gets a heap limit sized to its journal, so a streaming fold cannot quietly grow a large heap next to
 * the main thread's (the whole server has to stay under 512 MB at 100,000 users).
 */
export class Compactor {
  private running: { worker: Worker; reject: (e: Error) => void } | null = null

  run(job: CompactionJob, journalBytes: number): Promise<CompactionResult> {
    if (this.running) return Promise.reject(new Error('a compaction is already running'))
    // The fold holds every changed record as a string (at most about the journal's size) plus stream buffers.
    const heapMb = 48 + Math.ceil((2 * journalBytes) / (1024 * 1024))
    const worker = new Worker(workerUrl(), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 },
    })
    return new Promise<CompactionResult>((resolve, reject) => {
      let settled = false
      const done = (err: Error | null, result?: CompactionResult) => {
        if (settled) return
        settled = true
        this.running = null
        void worker.terminate()
        if (err) reject(err)
        else resolve(result!)
      }
      this.running = { worker, reject: (e) => done(e) }
      worker.on('message', (msg: Reply) => (msg.ok ? done(null, { seq: msg.seq, bytes: msg.bytes, records: msg.records }) : done(new Error(msg.message))))
      // A crashed worker leaves the journal it was folding untouched on disk; the caller retries later.
      worker.on('error', (e) => done(e))
      worker.on('exit', (code) => done(new Error(`compaction worker exited with code ${code}`)))
      worker.postMessage({ ...job, collections: [...job.collections] })
    })
  }

  async close(): Promise<void> {
    const r = this.running
    if (!r) return
    r.reject(new Error('compactor closed'))
    await r.worker.terminate()
  }
}
