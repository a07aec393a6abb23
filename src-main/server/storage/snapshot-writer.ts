import { open, rename } from 'node:fs/promises'
import { collectionNames, type WorkspaceDoc } from '@shared/workspace'
import { fsyncDir, writeAll } from './fsync'
import type { WorkspacePaths } from './paths'

/**
 * Snapshot layout: valid JSON (lowdb's JSONFile reads it as is), one record per line, so the compaction
 * worker can fold journal changes into it line by line without holding the whole workspace in memory:
 *
 *   {"format":"scim-sandbox-workspace","version":1,"seq":42,
 *   "projects":[
 *   {...},
 *   {...}
 *   ],
 *   ...
 *   "oauthClients":[
 *   ]}
 *
 * compaction-worker.mjs writes the same layout; keep the two in step.
 */
export function snapshotHeader(seq: number): string {
  return `{"format":"scim-sandbox-workspace","version":1,"seq":${seq},\n`
}

const HEADER_RE = /^\{"format":"scim-sandbox-workspace","version":1,"seq":\d+,\n/

/** Whether the file starts the way this layout does; a file written some other way is rewritten once at open. */
export async function isLineLayout(file: string): Promise<boolean> {
  const fh = await open(file, 'r')
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(128), 0, 128, 0)
    return HEADER_RE.test(buffer.toString('utf8', 0, bytesRead))
  } finally {
    await fh.close()
  }
}

// Records are stringified a slice at a time, with an await between slices, so writing a 100,000-user
// workspace never holds the event loop for more than a few milliseconds at once.
const SLICE = 2000

/**
 * Writes `doc` as the workspace file with `seq`, atomically and durably: tmp file, fsync, rename, fsync dir.
 * A crash at any point leaves either the old file or the new one, never a mix.
 */
export async function writeSnapshot(p: WorkspacePaths, doc: WorkspaceDoc, seq: number): Promise<number> {
  const fh = await open(p.tmp, 'w')
  let bytes = 0
  const put = async (s: string) => {
    const buf = Buffer.from(s)
    bytes += buf.length
    await writeAll(fh, buf)
  }
  try {
    await put(snapshotHeader(seq))
    for (let ci = 0; ci < collectionNames.length; ci++) {
      const c = collectionNames[ci]!
      const recs = doc[c] as unknown[]
      let chunk = `${JSON.stringify(c)}:[\n`
      for (let i = 0; i < recs.length; i += SLICE) {
        const end = Math.min(recs.length, i + SLICE)
        for (let j = i; j < end; j++) chunk += (j > 0 ? ',\n' : '') + JSON.stringify(recs[j])
        await put(chunk)
        chunk = ''
      }
      chunk += (recs.length ? '\n' : '') + (ci === collectionNames.length - 1 ? ']}\n' : '],\n')
      await put(chunk)
    }
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(p.tmp, p.file)
  await fsyncDir(p.dir)
  return bytes
}
