import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import { collectionSchemas, journalRecordSchema, type JournalRecord } from '@shared/workspace'
import { WorkspaceFileError } from './errors'
import { describeIssues } from './issues'
import type { SegmentFile } from './paths'

export interface SegmentScan {
  /** Size of the trustworthy part of the file: everything before a torn tail. */
  bytes: number
  /** Set when the final record was torn: the file should be cut back to `bytes` before anything is appended. */
  torn: boolean
}

const CHUNK = 1 << 20

/**
 * Streams one journal segment, handing each valid record to `onRecord` with its line number; the file is never
 * held whole, so a restart after a long journal does not add its text and its lines to the load's peak memory.
 *
 * Only the last segment may end in a torn record: batches are written with one append and acknowledged after
 * fdatasync, so a record without its newline, or a final line that is not JSON (zeros after a power loss), was
 * never acknowledged. Anything else that fails to parse or validate is corruption and is refused.
 */
export async function scanSegment(seg: SegmentFile, isLast: boolean, onRecord: (rec: JournalRecord, line: number) => void): Promise<SegmentScan> {
  const bad = (line: number, problem: string) => new WorkspaceFileError(seg.file, `journal file ${seg.file} is corrupt at line ${line}: ${problem}`)
  const fh = await open(seg.file, 'r')
  const decoder = new StringDecoder('utf8')
  const buf = Buffer.alloc(CHUNK)
  let rest = ''
  let lineNo = 0
  let offset = 0
  /** A line that was not JSON: fatal unless nothing but a torn tail follows it in the last segment. */
  let unparsed: { line: number; offset: number; message: string } | null = null
  const take = (text: string) => {
    lineNo++
    const start = offset
    offset += Buffer.byteLength(text) + 1
    if (unparsed) throw bad(unparsed.line, `not valid JSON (${unparsed.message})`)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      unparsed = { line: lineNo, offset: start, message: (e as Error).message }
      return
    }
    onRecord(validRecord(json, lineNo, bad), lineNo)
  }
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null)
      if (bytesRead === 0) break
      const parts = (rest + decoder.write(buf.subarray(0, bytesRead))).split('\n')
      rest = parts.pop()!
      for (const part of parts) take(part)
    }
  } finally {
    await fh.close()
  }
  rest += decoder.end()
  const tail = unparsed as { line: number; offset: number; message: string } | null
  if (!tail && !rest) return { bytes: offset, torn: false }
  if (!isLast) {
    throw tail ? bad(tail.line, `not valid JSON (${tail.message})`) : bad(lineNo + 1, 'the record is cut short, and it is not the last record of the journal')
  }
  return { bytes: tail ? tail.offset : offset, torn: true }
}

function validRecord(json: unknown, line: number, bad: (line: number, problem: string) => Error): JournalRecord {
  const r = journalRecordSchema.safeParse(json)
  if (!r.success) throw bad(line, describeIssues('', r.error))
  // The parsed objects are kept rather than zod's copies of them (see snapshot-reader.ts).
  const rec = json as JournalRecord
  for (let k = 0; k < rec.ops.length; k++) {
    const op = rec.ops[k]!
    if (op.v === null) continue
    const v = collectionSchemas[op.c].safeParse(op.v)
    if (!v.success) throw bad(line, describeIssues(`ops[${k}].v`, v.error))
    const id = (v.data as { id: string }).id
    if (id !== op.id) throw bad(line, `ops[${k}]: record id ${JSON.stringify(id)} does not match op id ${JSON.stringify(op.id)}`)
  }
  return rec
}
