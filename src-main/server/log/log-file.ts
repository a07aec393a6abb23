import { createReadStream, createWriteStream } from 'node:fs'
import { open, readFile, rename, type FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'

/**
 * The request log's file: NDJSON, one entry a line, appended in batches and never fsynced (it is a log, not
 * an acknowledged write). Kept bounded by rewriting it to its newest lines, by copying the file's tail:
 * no JSON parsing or stringifying, so nothing holds the event loop while it runs.
 */
export class LogFile {
  /** Byte length (newline included) of each line in the file, oldest first. */
  private sizes: number[] = []

  private constructor(
    readonly file: string,
    private fh: FileHandle,
  ) {}

  /**
   * Opens (creating if needed) and returns the newest `keep` lines. A final line without its newline (a
   * crash mid-append) is cut off the file, so the next append starts on a line of its own.
   */
  static async open(file: string, keep: number): Promise<{ log: LogFile; lines: string[]; dropped: boolean }> {
    // One read and a byte scan for newlines: only the newest `keep` lines are decoded. (A readline pass took
    // 1.4 s over a full 20,000-entry log; this takes a tenth of that.)
    let buf: Buffer
    try {
      buf = await readFile(file)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      buf = Buffer.alloc(0)
    }
    const ends: number[] = []
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) ends.push(i)
    // A last line without its newline is a crash mid-append: cut it off so the next append starts cleanly.
    const complete = ends.length ? ends[ends.length - 1]! + 1 : 0
    const dropped = complete < buf.length
    const sizes = ends.map((end, i) => end + 1 - (i ? ends[i - 1]! + 1 : 0))
    const first = Math.max(0, ends.length - Math.max(1, keep))
    const lines: string[] = []
    for (let i = first; i < ends.length; i++) {
      const from = i ? ends[i - 1]! + 1 : 0
      if (ends[i]! > from) lines.push(buf.toString('utf8', from, ends[i]!))
    }
    const fh = await open(file, 'a+')
    if (dropped) await fh.truncate(complete)
    const log = new LogFile(file, fh)
    log.sizes = sizes
    return { log, lines, dropped }
  }

  get lineCount(): number {
    return this.sizes.length
  }

  async append(lines: string[]): Promise<void> {
    if (!lines.length) return
    await this.fh.appendFile(lines.join('\n') + '\n')
    for (const l of lines) this.sizes.push(Buffer.byteLength(l) + 1)
  }

  /** Drops all but the newest `keep` lines: the tail is copied to a tmp file that is renamed over the log. */
  async keepNewest(keep: number): Promise<void> {
    const drop = this.sizes.length - keep
    if (drop <= 0) return
    let offset = 0
    for (let i = 0; i < drop; i++) offset += this.sizes[i]!
    const tmp = this.file + '.tmp'
    await pipeline(createReadStream(this.file, { start: offset }), createWriteStream(tmp))
    // Closed before the rename: Windows refuses to replace a file that is still open.
    await this.fh.close()
    await rename(tmp, this.file)
    this.fh = await open(this.file, 'a+')
    this.sizes = this.sizes.slice(drop)
  }

  /** Empties the file, then writes `lines` (e.g. a marker that carries state across the clear). */
  async reset(lines: string[]): Promise<void> {
    await this.fh.truncate(0)
    this.sizes = []
    await this.append(lines)
  }

  async close(): Promise<void> {
    await this.fh.close()
  }
}
