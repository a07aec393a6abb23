/**
 * Child process for the SIGKILL test: opens a workspace and persists records as fast as it can, a few in
 * flight at once, printing "ack <i>" the moment persist number i resolves. The parent kills it with SIGKILL.
 * Usage: node --import tsx storage-kill-child.ts <file> <seedUsers> <compactEveryRecords> <start>
 */
import { openWorkspace } from '../../src-main/server/storage'
import { bigDoc, killOps } from './storage-fixtures'

const [file, seedUsers, every, start] = process.argv.slice(2)
const storage = await openWorkspace(file!, () => bigDoc(Number(seedUsers)), { compactEveryRecords: Number(every) })
process.stdout.write(`ready ${storage.doc.seq}\n`)

const IN_FLIGHT = 8
const pending = new Set<Promise<void>>()
// Bounded so a parent that never kills does not leave it running for ever.
for (let i = Number(start); i < Number(start) + 200_000; i++) {
  const n = i
  const p: Promise<void> = storage.persist(killOps(n)).then(() => {
    process.stdout.write(`ack ${n}\n`)
    pending.delete(p)
  })
  pending.add(p)
  if (pending.size >= IN_FLIGHT) await Promise.race(pending)
}
await storage.close()
