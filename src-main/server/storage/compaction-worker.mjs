// @ts-check
/**
 * Compaction worker: folds closed journal segments into a new workspace snapshot, off the main event loop.
 *
 * Plain ESM JavaScript that imports only node: modules (a .ts worker does not load under vitest). It is started
 * from an embedded copy, compaction-worker-source.ts, as a data: URL, because a bundle does not ship this file
 * beside its chunks; after editing it, run `node src-main/server/storage/gen-worker-source.mjs` (a test checks).
 * One worker runs one job and exits, under a heap limit sized to the job.
 *
 * Memory stays small whatever the workspace size: the old snapshot is streamed line by line (it is written
 * one record per line, see snapshot-writer.ts) and only the records the journal changed are held, as JSON
 * strings. The main thread already holds the full object graph; a second one here would double the peak.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { parentPort } from 'node:worker_threads'

/**
 * @typedef {{ snapshot: string, tmp: string, segments: string[], seq: number, collections: string[] }} Job
 * @typedef {{ v: string | null, moved: boolean, used: boolean }} Change
 * @typedef {Map<string, Map<string, Change>>} Changes
 */

const HEADER_RE = /^\{"format":"scim-sandbox-workspace","version":1,"seq":(\d+),$/
const CHUNK = 1 << 20

/** Reads a file as lines without loading it whole; UTF-8 sequences split across chunks are kept intact. */
class LineReader {
  /** @param {string} file */
  constructor(file) {
    this.fd = openSync(file, 'r')
    this.buf = Buffer.alloc(CHUNK)
    this.decoder = new StringDecoder('utf8')
    this.rest = ''
    /** @type {string[]} */
    this.lines = []
    this.i = 0
    this.eof = false
  }

  /** @returns {string | null} */
  next() {
    while (this.i >= this.lines.length) {
      if (this.eof) {
        if (!this.rest) return null
        const last = this.rest
        this.rest = ''
        return last
      }
      const n = readSync(this.fd, this.buf, 0, CHUNK, null)
      const text = this.rest + (n === 0 ? this.decoder.end() : this.decoder.write(this.buf.subarray(0, n)))
      if (n === 0) this.eof = true
      const parts = text.split('\n')
      this.rest = parts.pop() ?? ''
      this.lines = parts
      this.i = 0
    }
    return this.lines[this.i++] ?? null
  }

  close() {
    closeSync(this.fd)
  }
}

/** Buffered writer; the snapshot is fsynced before the rename that publishes it. */
class Out {
  /** @param {string} file */
  constructor(file) {
    this.fd = openSync(file, 'w')
    /** @type {string[]} */
    this.parts = []
    this.size = 0
    this.bytes = 0
  }

  /** @param {string} s */
  write(s) {
    this.parts.push(s)
    this.size += s.length
    if (this.size >= CHUNK) this.flush()
  }

  flush() {
    const buf = Buffer.from(this.parts.join(''))
    this.parts = []
    this.size = 0
    let off = 0
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off)
    this.bytes += buf.length
  }

  finish() {
    this.flush()
    fsyncSync(this.fd)
    closeSync(this.fd)
  }

  abandon() {
    try {
      closeSync(this.fd)
    } catch {
      // already closed
    }
  }
}

/**
 * Latest state of every record the journal touched, per collection, in the order MemoryStore would hold them:
 * an update keeps the record's place; a delete followed by a re-insert moves it to the end.
 * @param {string[]} files
 * @param {number} base the snapshot's seq: records at or below it are already folded in
 */
function foldSegments(files, base) {
  /** @type {Changes} */
  const changes = new Map()
  let last = base
  for (const file of files) {
    const lines = new LineReader(file)
    try {
      for (let line = lines.next(); line !== null; line = lines.next()) {
        if (!line) continue
        const rec = JSON.parse(line)
        if (rec.seq <= base) continue
        if (rec.seq !== last + 1) throw new Error(`journal ${file}: record seq ${rec.seq} follows seq ${last}`)
        last = rec.seq
        for (const op of rec.ops) {
          let col = changes.get(op.c)
          if (!col) changes.set(op.c, (col = new Map()))
          const prev = col.get(op.id)
          if (op.v === null) {
            col.delete(op.id)
            col.set(op.id, { v: null, moved: true, used: false })
          } else if (prev && prev.v !== null) {
            prev.v = JSON.stringify(op.v)
          } else {
            // First touch: either an update in place of a snapshot record, or a new record at the end.
            // After a delete: a re-insert, which goes to the end.
            col.delete(op.id)
            col.set(op.id, { v: JSON.stringify(op.v), moved: prev !== undefined, used: false })
          }
        }
      }
    } finally {
      lines.close()
    }
  }
  return { changes, last }
}

/**
 * Writes the folded snapshot. `records(c)` yields the old snapshot's record lines of collection c.
 * @param {Job} job
 * @param {Changes} changes
 * @param {number} seq
 * @param {(c: string) => Iterable<string>} records
 */
function writeFolded(job, changes, seq, records) {
  const out = new Out(job.tmp)
  let count = 0
  try {
    out.write(`{"format":"scim-sandbox-workspace","version":1,"seq":${seq},\n`)
    job.collections.forEach((c, ci) => {
      out.write(`${JSON.stringify(c)}:[\n`)
      const mine = changes.get(c)
      let n = 0
      /** @param {string} line */
      const emit = (line) => {
        out.write(n++ ? ',\n' + line : line)
      }
      for (const line of records(c)) {
        if (!mine) {
          emit(line)
          continue
        }
        const ch = mine.get(JSON.parse(line).id)
        if (!ch) emit(line)
        else if (ch.v !== null && !ch.moved) {
          emit(ch.v)
          ch.used = true
        }
      }
      if (mine) for (const ch of mine.values()) if (ch.v !== null && !ch.used) emit(ch.v)
      out.write((n ? '\n' : '') + (ci === job.collections.length - 1 ? ']}\n' : '],\n'))
      count += n
    })
    out.finish()
  } catch (e) {
    out.abandon()
    throw e
  }
  return { bytes: out.bytes, records: count }
}

/**
 * The snapshot must be in the one-record-per-line layout: the main thread rewrites any other layout when it
 * opens the workspace, so a mismatch here is a defect, reported rather than worked around with a full parse.
 * @param {Job} job
 */
function compact(job) {
  const src = new LineReader(job.snapshot)
  let result
  try {
    const m = HEADER_RE.exec(src.next() ?? '')
    if (!m) throw new Error(`${job.snapshot} is not in the one-record-per-line layout`)
    const { changes, last } = foldSegments(job.segments, Number(m[1]))
    const folded = writeFolded(job, changes, last, function* (c) {
      const open = src.next()
      if (open !== `${JSON.stringify(c)}:[`) throw new Error(`${job.snapshot}: expected collection "${c}", found ${String(open).slice(0, 40)}`)
      for (;;) {
        const line = src.next()
        if (line === null) throw new Error(`${job.snapshot} ends inside collection "${c}"`)
        if (line === '],' || line === ']}') return
        yield line.endsWith(',') ? line.slice(0, -1) : line
      }
    })
    result = { seq: last, ...folded }
  } finally {
    src.close()
  }
  if (result.seq !== job.seq) throw new Error(`journal segments end at seq ${result.seq}, expected ${job.seq}`)
  renameSync(job.tmp, job.snapshot)
  fsyncDir(dirname(job.snapshot))
  return result
}

/**
 * Makes the rename durable (see fsync.ts for the same on the main thread).
 * @param {string} path
 */
function fsyncDir(path) {
  if (process.platform === 'win32') return
  const dir = openSync(path, 'r')
  try {
    fsyncSync(dir)
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EINVAL') throw e
  } finally {
    closeSync(dir)
  }
}

const port = parentPort
if (port) {
  port.once('message', (/** @type {Job} */ job) => {
    try {
      port.postMessage({ ok: true, ...compact(job) })
    } catch (e) {
      port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) })
    }
  })
}
