import { open, unlink } from 'node:fs/promises'
import type { JournalRecord, WorkspaceDoc } from '@shared/workspace'
import { WorkspaceFileError } from './errors'
import { readSegment, type SegmentRead } from './journal-reader'
import { listSegments, type WorkspacePaths } from './paths'
import { replay } from './replay'
import { readSnapshot } from './snapshot-reader'

/** A journal segment that still holds records the snapshot has not folded in. */
export interface LiveSegment {
  n: number
  file: string
  bytes: number
  records: number
  lastSeq: number
}

export interface LoadedWorkspace {
  doc: WorkspaceDoc
  warnings: string[]
  /** The newest record on disk (snapshot or journal); the next write gets lastSeq + 1. */
  lastSeq: number
  /** Oldest first. Appends continue in the last one. */
  segments: LiveSegment[]
  /** The number for the next segment file, above any seen, so names keep sorting in write order. */
  nextSegment: number
}

export const TORN_WARNING = 'dropped a torn final journal record (never acknowledged)'

/**
 * Snapshot + journal replay. Every file is read and checked before anything on disk is touched, so a defect
 * found in a later file never leaves an earlier one half-repaired.
 */
export async function loadWorkspace(p: WorkspacePaths): Promise<LoadedWorkspace> {
  const doc = await readSnapshot(p.file)
  const files = await listSegments(p)
  const reads: SegmentRead[] = []
  for (let i = 0; i < files.length; i++) reads.push(await readSegment(files[i]!, i === files.length - 1))

  const base = doc.seq
  let prev = 0
  let lastSeq = base
  const live: LiveSegment[] = []
  const fresh: JournalRecord[] = []
  for (const r of reads) {
    let unfolded = 0
    for (let i = 0; i < r.records.length; i++) {
      const seq = r.records[i]!.seq
      const where = `journal file ${r.file} is corrupt at line ${i + 1}`
      if (seq <= prev) throw new WorkspaceFileError(r.file, `${where}: record seq ${seq} does not follow seq ${prev}`)
      prev = seq
      if (seq <= base) continue
      // A gap means a record (or a whole segment) went missing: replaying past it would silently drop a write.
      if (seq !== lastSeq + 1) throw new WorkspaceFileError(r.file, `${where}: record seq ${seq} follows seq ${lastSeq}; the records between are missing`)
      lastSeq = seq
      fresh.push(r.records[i]!)
      unfolded++
    }
    if (unfolded) live.push({ n: r.n, file: r.file, bytes: r.bytes, records: unfolded, lastSeq })
  }

  const warnings: string[] = []
  for (const r of reads) {
    const isLive = live.some((s) => s.n === r.n)
    if (r.torn) {
      warnings.push(`${TORN_WARNING} at the end of ${r.file}`)
      // Cut it off now: the next append would otherwise turn the torn bytes into a corrupt middle record.
      if (isLive) await truncate(r.file, r.bytes)
    }
    // Segments wholly folded into the snapshot are leftovers of a compaction interrupted before its cleanup.
    if (!isLive) await unlink(r.file)
  }
  replay(doc, fresh)
  doc.seq = lastSeq
  return { doc, warnings, lastSeq, segments: live, nextSegment: (files.at(-1)?.n ?? 0) + 1 }
}

async function truncate(file: string, bytes: number): Promise<void> {
  const fh = await open(file, 'r+')
  try {
    await fh.truncate(bytes)
    await fh.sync()
  } finally {
    await fh.close()
  }
}
