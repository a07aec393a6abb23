import { open, type FileHandle } from 'node:fs/promises'

/**
 * Makes a rename or a new file's name durable. Without it a power loss can undo the rename even though the
 * file's bytes were fsynced, which is the gap lowdb's steno writer leaves open.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** `write` may write less than asked; a journal batch must reach the file whole or the ack would be a lie. */
export async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, null)
    off += bytesWritten
  }
}
