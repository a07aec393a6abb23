import { createReadStream, createWriteStream } from 'node:fs'
import { open, rename, type FileHandle } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Ring } from './ring'

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
    const sizes: number[] = []
    const tail = new Ring<string>(Math.max(1, keep))
    let bytes = 0
    try {
      const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
      for await (const line of rl) {
        const n = Buffer.byteLength(line) + 1
        sizes.push(n)
        bytes += n
        // Bounded: only the newest `keep` lines are held while a file up to twice that is read.
        tail.push(line)
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
    const fh = await open(file, 'a+')
    const { size } = await fh.stat()
    // readline reports a last line without its newline like any other; only the byte count tells them apart.
    const lines: string[] = []
    for (let i = 0; i < tail.size; i++) lines.push(tail.at(i)!)
    const dropped = size < bytes
    if (dropped) {
      bytes -= sizes.pop()!
      lines.pop()
      await fh.truncate(bytes)
    }
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
