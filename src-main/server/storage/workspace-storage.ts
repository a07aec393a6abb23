import { mkdir, open, rm, stat, unlink, type FileHandle } from 'node:fs/promises'
import { collectionNames, workspaceDocSchema, type ChangeOp, type WorkspaceDoc } from '@shared/workspace'
import type { Durability } from '../../core/ports'
import { Compactor } from './compactor'
import { WorkspaceFileError } from './errors'
import { fsyncDir, writeAll } from './fsync'
import { describeIssues } from './issues'
import { loadWorkspace, type LiveSegment, type LoadedWorkspace } from './load'
import { listSegments, workspacePaths, type WorkspacePaths } from './paths'
import { isLineLayout, writeSnapshot } from './snapshot-writer'
import { docsMissingCollections } from './snapshot-reader'

export interface OpenOptions {
  /** Rotate the journal and compact once the open segment holds this many records (default 10,000). */
  compactEveryRecords?: number
  /** … or this many bytes (default 8 MiB). Both bound how much journal a restart replays. */
  compactEveryBytes?: number
}

export interface StorageStats {
  flushes: number
  records: number
  maxRecordsPerFlush: number
  compactions: number
  journalBytes: number
}

export interface WorkspaceStorage extends Durability {
  readonly file: string
  /**
   * The loaded state (snapshot + replayed journal); build the MemoryStore from it right after opening.
   * After replaceAll() it is that document. It is released at the first persist(), since keeping it would pin
   * every old record version in memory.
   */
  readonly doc: WorkspaceDoc
  /** Things the load repaired or the storage could not do, e.g. "dropped a torn final journal record (never acknowledged)". */
  readonly warnings: string[]
  /** Resolves once the ops are written and fdatasynced to the journal; concurrent calls share one flush. */
  persist(ops: ChangeOp[]): Promise<void>
  stats(): StorageStats
  /** Writes a fresh snapshot of `doc` and clears the journal (used by "reset"/"import" in the UI). */
  replaceAll(doc: WorkspaceDoc): Promise<void>
  close(): Promise<void>
}

export const DEFAULT_COMPACT_EVERY_RECORDS = 10_000
export const DEFAULT_COMPACT_EVERY_BYTES = 8 * 1024 * 1024
const MAX_WARNINGS = 100

export async function workspaceExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/** Opens an existing workspace, or creates it from `initial` when the file does not exist yet. */
export async function openWorkspace(file: string, initial: () => WorkspaceDoc, opts: OpenOptions = {}): Promise<WorkspaceStorage> {
  const p = workspacePaths(file)
  await mkdir(p.dir, { recursive: true })
  // A snapshot tmp file is a compaction or reset that never reached its rename: the journal still has it all.
  await rm(p.tmp, { force: true })
  let loaded: LoadedWorkspace
  if (await workspaceExists(p.file)) {
    loaded = await loadWorkspace(p)
    if (!(await isLineLayout(p.file)) || docsMissingCollections.has(loaded.doc)) loaded = await rewriteInLineLayout(p, loaded)
  } else {
    const orphans = await listSegments(p)
    if (orphans.length) {
      throw new WorkspaceFileError(p.file, `workspace file ${p.file} is missing but its journal is present (${orphans[0]!.file}); restore the workspace file or move the journal files away`)
    }
    const doc = initial()
    const check = workspaceDocSchema.safeParse(doc)
    if (!check.success) throw new Error(`the initial workspace for ${p.file} is invalid: ${describeIssues('', check.error)}`)
    await writeSnapshot(p, doc, doc.seq)
    loaded = { doc, warnings: [], lastSeq: doc.seq, segments: [], nextSegment: 1 }
  }
  return Storage.start(p, loaded, opts)
}

/**
 * A valid workspace file in another layout (pretty-printed by lowdb, written by hand or by a script) is
 * rewritten once, so the compaction worker can always stream it. The journal is folded in on the way, so the
 * new file's seq covers every segment and they can go.
 */
async function rewriteInLineLayout(p: WorkspacePaths, loaded: LoadedWorkspace): Promise<LoadedWorkspace> {
  await writeSnapshot(p, loaded.doc, loaded.lastSeq)
  for (const s of loaded.segments) await unlink(s.file)
  return { ...loaded, segments: [] }
}

interface RecItem {
  kind: 'rec'
  seq: number
  line: string
  resolve(): void
  reject(e: Error): void
}
/** Work that must happen in journal order, between flushes (reset, a barrier for close). */
interface TaskItem {
  kind: 'task'
  run(): Promise<void>
  resolve(): void
  reject(e: Error): void
}
type Item = RecItem | TaskItem

interface ActiveSegment extends LiveSegment {
  fh: FileHandle
}

class Storage implements WorkspaceStorage {
  readonly file: string
  readonly warnings: string[]
  private loaded: WorkspaceDoc | null
  private seq: number
  private readonly queue: Item[] = []
  private pumping = false
  private closedSegs: LiveSegment[]
  private nextSegment: number
  private readonly compactor = new Compactor()
  private compacting: Promise<void> | null = null
  private compactionError: Error | null = null
  /** Set while a reset or close needs the snapshot to itself. */
  private paused = false
  private broken: Error | null = null
  private closing: Promise<void> | null = null
  private readonly counters = { flushes: 0, records: 0, maxRecordsPerFlush: 0, compactions: 0 }
  private readonly everyRecords: number
  private readonly everyBytes: number

  private constructor(
    private readonly p: WorkspacePaths,
    loaded: LoadedWorkspace,
    private active: ActiveSegment,
    opts: OpenOptions,
  ) {
    this.file = p.file
    this.loaded = loaded.doc
    this.warnings = loaded.warnings
    this.seq = loaded.lastSeq
    this.closedSegs = loaded.segments.filter((s) => s.n !== active.n)
    this.nextSegment = Math.max(loaded.nextSegment, active.n + 1)
    this.everyRecords = Math.max(1, opts.compactEveryRecords ?? DEFAULT_COMPACT_EVERY_RECORDS)
    this.everyBytes = Math.max(1, opts.compactEveryBytes ?? DEFAULT_COMPACT_EVERY_BYTES)
  }

  static async start(p: WorkspacePaths, loaded: LoadedWorkspace, opts: OpenOptions): Promise<Storage> {
    const last = loaded.segments.at(-1)
    const active = last
      ? { ...last, fh: await open(last.file, 'a') }
      : await createSegment(p, loaded.nextSegment, loaded.lastSeq)
    // Several live segments mean an earlier run stopped before folding them. They are folded after the first
    // flush rather than now, so the worker's memory does not add to the peak of a load still settling.
    return new Storage(p, loaded, active, opts)
  }

  get doc(): WorkspaceDoc {
    if (!this.loaded) {
      throw new Error('WorkspaceStorage.doc is released once writes begin (so old record versions are not kept alive); build the store from it right after openWorkspace()')
    }
    return this.loaded
  }

  persist(ops: ChangeOp[]): Promise<void> {
    const refused = this.refusal()
    if (refused) return Promise.reject(refused)
    this.loaded = null
    if (ops.length === 0) return this.enqueueTask(async () => undefined)
    let body: string
    try {
      body = JSON.stringify(ops)
    } catch (e) {
      return Promise.reject(e as Error)
    }
    const seq = ++this.seq
    const line = `{"seq":${seq},"ops":${body}}\n`
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'rec', seq, line, resolve, reject })
      this.kick()
    })
  }

  replaceAll(doc: WorkspaceDoc): Promise<void> {
    const refused = this.refusal()
    if (refused) return Promise.reject(refused)
    // Callers (a reset at start-up, the UI's import) build their store from `doc` right after this.
    this.loaded = doc
    return this.enqueueTask(() => this.replace(doc))
  }

  stats(): StorageStats {
    let journalBytes = this.active.bytes
    for (const s of this.closedSegs) journalBytes += s.bytes
    return { ...this.counters, journalBytes }
  }

  close(): Promise<void> {
    if (this.closing) return this.closing
    const flushed = this.enqueueTask(async () => undefined)
    this.closing = (async () => {
      await flushed.catch(() => undefined)
      this.paused = true
      while (this.compacting) await this.compacting
      await this.compactor.close()
      await this.active.fh.close()
    })()
    return this.closing
  }

  private refusal(): Error | null {
    if (this.closing) return new Error(`workspace storage for ${this.file} is closed`)
    return this.broken
  }

  private enqueueTask(run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'task', run, resolve, reject })
      this.kick()
    })
  }

  private kick() {
    if (this.pumping) return
    this.pumping = true
    void this.pump()
  }

  /**
   * The only writer of the journal. Whatever queued up while the previous flush was in flight becomes the
   * next batch: one write and one fdatasync for all of it (group commit).
   */
  private async pump() {
    try {
      while (this.queue.length) {
        const head = this.queue[0]!
        if (head.kind === 'task') {
          this.queue.shift()
          try {
            await head.run()
            head.resolve()
          } catch (e) {
            head.reject(e as Error)
          }
          continue
        }
        let k = 1
        while (k < this.queue.length && this.queue[k]!.kind === 'rec') k++
        await this.flush(this.queue.splice(0, k) as RecItem[])
        await this.maybeRotate()
      }
    } finally {
      this.pumping = false
    }
  }

  private async flush(batch: RecItem[]) {
    if (this.broken) {
      for (const item of batch) item.reject(this.broken)
      return
    }
    const buf = Buffer.from(batch.length === 1 ? batch[0]!.line : batch.map((i) => i.line).join(''))
    try {
      await writeAll(this.active.fh, buf)
      await this.active.fh.datasync()
    } catch (e) {
      // The file may now end in part of this batch; refusing further writes keeps the journal's tail the only
      // place a torn record can be, which is what the loader knows how to drop.
      this.broken = new Error(`writing the journal ${this.active.file} failed (${(e as Error).message}); no further changes are accepted until restart`)
      for (const item of batch) item.reject(this.broken)
      return
    }
    this.active.bytes += buf.length
    this.active.records += batch.length
    this.active.lastSeq = batch.at(-1)!.seq
    this.counters.flushes++
    this.counters.records += batch.length
    this.counters.maxRecordsPerFlush = Math.max(this.counters.maxRecordsPerFlush, batch.length)
    for (const item of batch) item.resolve()
  }

  private async maybeRotate() {
    const a = this.active
    if (this.broken) return
    if (a.records < this.everyRecords && a.bytes < this.everyBytes) {
      if (this.closedSegs.length && !this.compactionError) this.startCompaction()
      return
    }
    try {
      const next = await createSegment(this.p, this.nextSegment++, a.lastSeq)
      this.active = next
      await a.fh.close()
      const { fh: _fh, ...closed } = a
      this.closedSegs.push(closed)
    } catch (e) {
      this.broken = new Error(`starting a new journal segment beside ${this.file} failed (${(e as Error).message}); no further changes are accepted until restart`)
      return
    }
    this.startCompaction()
  }

  private startCompaction() {
    if (this.compacting || this.paused || this.closedSegs.length === 0) return
    const segs = [...this.closedSegs]
    this.compacting = this.compactor
      .run(
        { snapshot: this.p.file, tmp: this.p.tmp, segments: segs.map((s) => s.file), seq: segs.at(-1)!.lastSeq, collections: collectionNames },
        segs.reduce((n, s) => n + s.bytes, 0),
      )
      .then(
        async () => {
          this.closedSegs = this.closedSegs.filter((s) => !segs.includes(s))
          this.counters.compactions++
          this.compactionError = null
          // The new snapshot carries their seq, so a crash before these unlinks only leaves files the loader skips.
          for (const s of segs) await unlink(s.file).catch(() => undefined)
        },
        (e: Error) => {
          // Nothing is lost: the segments stay and the next rotation retries.
          this.compactionError = e
          if (this.warnings.length < MAX_WARNINGS) this.warnings.push(`compaction of ${this.file} failed: ${e.message}`)
        },
      )
      .finally(() => {
        this.compacting = null
        if (!this.compactionError) this.startCompaction()
      })
  }

  /** Runs at the head of the journal queue, so every write before it is flushed and none after it has started. */
  private async replace(doc: WorkspaceDoc) {
    if (this.broken) throw this.broken
    this.paused = true
    try {
      while (this.compacting) await this.compacting
      const seq = this.active.lastSeq
      // The snapshot's seq covers every journal record on disk, so a crash before the unlinks below is harmless.
      await writeSnapshot(this.p, doc, seq)
      const prev = this.active
      const old = [...this.closedSegs, prev]
      this.active = await createSegment(this.p, this.nextSegment++, seq)
      this.closedSegs = []
      await prev.fh.close()
      for (const s of old) await unlink(s.file).catch(() => undefined)
    } finally {
      this.paused = false
    }
  }
}

async function createSegment(p: WorkspacePaths, n: number, lastSeq: number): Promise<ActiveSegment> {
  const file = p.segment(n)
  const fh = await open(file, 'a')
  // The new name must be durable before any record in it is acknowledged.
  await fsyncDir(p.dir)
  return { n, file, fh, bytes: 0, records: 0, lastSeq }
}
