import { open, type FileHandle } from 'node:fs/promises'

/**
 * Makes a rename or a new file's name durable. Without it a power loss can undo the rename even though the
 * file's bytes were fsynced, which is the gap lowdb's steno writer leaves open.
 */
export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory as a file; NTFS journals the rename itself.
  if (process.platform === 'win32') return
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } catch (e) {
    // Some file systems (network mounts) refuse fsync on a directory; the rename is still atomic there.
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e
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
