import { readFile } from 'node:fs/promises'
import { collectionSchemas, journalRecordSchema, type JournalRecord } from '@shared/workspace'
import { WorkspaceFileError } from './errors'
import { describeIssues } from './issues'
import type { SegmentFile } from './paths'

export interface SegmentRead extends SegmentFile {
  records: JournalRecord[]
  /** Size of the trustworthy part of the file: everything before a torn tail. */
  bytes: number
  /** Set when the final record was torn: the file should be cut back to `bytes` before anything is appended. */
  torn: boolean
}

const NL = 0x0a

/**
 * Reads one journal segment. Only the last segment may end in a torn record: batches are written with a single
 * append and acknowledged after fdatasync, so a record without its newline (or whose final line is not JSON)
 * was never acknowledged. Anything else that fails to parse or validate is corruption and is refused.
 */
export async function readSegment(seg: SegmentFile, isLast: boolean): Promise<SegmentRead> {
  const buf = await readFile(seg.file)
  let end = buf.length
  let torn = false
  if (end > 0 && buf[end - 1] !== NL) {
    end = buf.lastIndexOf(NL, end - 1) + 1
    torn = true
  }
  const lines = buf.toString('utf8', 0, end).split('\n')
  lines.pop() // the empty string after the final newline
  const bad = (line: number, problem: string): never => {
    throw new WorkspaceFileError(seg.file, `journal file ${seg.file} is corrupt at line ${line}: ${problem}`)
  }
  if (torn && !isLast) bad(lines.length + 1, 'the record is cut short, and it is not the last record of the journal')
  const records: JournalRecord[] = []
  for (let i = 0; i < lines.length; i++) {
    let json: unknown
    try {
      json = JSON.parse(lines[i]!)
    } catch (e) {
      if (isLast && i === lines.length - 1) {
        // A write cut short by power loss can leave garbage (or zeros) after the last newline-terminated record.
        end -= Buffer.byteLength(lines[i]!) + 1
        torn = true
        break
      }
      bad(i + 1, `not valid JSON (${(e as Error).message})`)
    }
    const r = journalRecordSchema.safeParse(json)
    if (!r.success) bad(i + 1, describeIssues('', r.error))
    const rec = r.data!
    for (let k = 0; k < rec.ops.length; k++) {
      const op = rec.ops[k]!
      if (op.v === null) continue
      const v = collectionSchemas[op.c].safeParse(op.v)
      if (!v.success) bad(i + 1, describeIssues(`ops[${k}].v`, v.error))
      if ((v.data as { id: string }).id !== op.id) bad(i + 1, `ops[${k}]: record id ${JSON.stringify((v.data as { id: string }).id)} does not match op id ${JSON.stringify(op.id)}`)
      op.v = v.data as Record<string, unknown>
    }
    records.push(rec)
  }
  return { ...seg, records, bytes: end, torn }
}
