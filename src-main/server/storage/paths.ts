import { readdir } from 'node:fs/promises'
import path from 'node:path'

/** File names that live beside a workspace file; one place so the loader and the writers agree. */
export interface WorkspacePaths {
  readonly file: string
  readonly dir: string
  /** Where a snapshot is written before the rename that makes it the workspace file. */
  readonly tmp: string
  segment(n: number): string
}

const SEGMENT_RE = /^\.journal\.(\d{6,})\.ndjson$/

export function workspacePaths(file: string): WorkspacePaths {
  const abs = path.resolve(file)
  return {
    file: abs,
    dir: path.dirname(abs),
    tmp: abs + '.snapshot.tmp',
    segment: (n) => `${abs}.journal.${String(n).padStart(6, '0')}.ndjson`,
  }
}

export interface SegmentFile {
  n: number
  file: string
}

/** Journal segments on disk, oldest first: the number in the name is the order they were written in. */
export async function listSegments(p: WorkspacePaths): Promise<SegmentFile[]> {
  const base = path.basename(p.file)
  const out: SegmentFile[] = []
  for (const name of await readdir(p.dir)) {
    if (!name.startsWith(base)) continue
    const m = SEGMENT_RE.exec(name.slice(base.length))
    if (m) out.push({ n: Number(m[1]), file: path.join(p.dir, name) })
  }
  return out.sort((a, b) => a.n - b.n)
}
