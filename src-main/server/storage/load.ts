import { open, unlink } from 'node:fs/promises'
import type { WorkspaceDoc } from '@shared/workspace'
import { WorkspaceFileError } from './errors'
import { scanSegment, type SegmentScan } from './journal-reader'
import { listSegments, type SegmentFile, type WorkspacePaths } from './paths'
import { Replayer } from './replay'
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
  const base = doc.seq
  const replayer = new Replayer(doc)
  let prev = 0
  let lastSeq = base
  const live: LiveSegment[] = []
  const scans: (SegmentScan & SegmentFile)[] = []
  for (let i = 0; i < files.length; i++) {
    const seg = files[i]!
    let unfolded = 0
    const scan = await scanSegment(seg, i === files.length - 1, (rec, line) => {
      const where = `journal file ${seg.file} is corrupt at line ${line}`
      if (rec.seq <= prev) throw new WorkspaceFileError(seg.file, `${where}: record seq ${rec.seq} does not follow seq ${prev}`)
      prev = rec.seq
      if (rec.seq <= base) return
      // A gap means a record (or a whole segment) went missing: replaying past it would silently drop a write.
      if (rec.seq !== lastSeq + 1) throw new WorkspaceFileError(seg.file, `${where}: record seq ${rec.seq} follows seq ${lastSeq}; the records between are missing`)
      lastSeq = rec.seq
      replayer.apply(rec)
      unfolded++
    })
    scans.push({ ...seg, ...scan })
    if (unfolded) live.push({ n: seg.n, file: seg.file, bytes: scan.bytes, records: unfolded, lastSeq })
  }

  // Replay only touched memory; from here on files change, and only once every one of them checked out.
  const warnings: string[] = []
  for (const r of scans) {
    const isLive = live.some((s) => s.n === r.n)
    if (r.torn) {
      warnings.push(`${TORN_WARNING} at the end of ${r.file}`)
      // Cut it off now: the next append would otherwise turn the torn bytes into a corrupt middle record.
      if (isLive) await truncate(r.file, r.bytes)
    }
    // Segments wholly folded into the snapshot are leftovers of a compaction interrupted before its cleanup.
    if (!isLive) await unlink(r.file)
  }
  replayer.finish()
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
