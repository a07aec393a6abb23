import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, watch } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { workspaceDocSchema, type WorkspaceDoc } from '@shared/workspace'
import { MemoryStore } from '../../src-main/core/store/memory-store'
import { openWorkspace } from '../../src-main/server/storage'
import { bigDoc, killOps } from '../helpers/storage-fixtures'

const root = fileURLToPath(new URL('../..', import.meta.url))
const child = fileURLToPath(new URL('../helpers/storage-kill-child.ts', import.meta.url))

interface Run {
  acked: number[]
  /** The compaction's tmp file was still there after the kill: the kill landed mid-compaction. */
  midCompaction: boolean
}

/**
 * Starts the writer child and SIGKILLs it either after `killAfterAcks` acknowledgements, or as soon as a
 * compaction starts writing its snapshot (once at least `killAfterAcks` writes were acknowledged).
 */
function runAndKill(file: string, seedUsers: number, every: number, start: number, killAfterAcks: number, onCompaction: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, file, String(seedUsers), String(every), String(start)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const acked: number[] = []
    let stderr = ''
    let buf = ''
    let killed = false
    let midCompaction = false
    let watcher: ReturnType<typeof watch> | null = null
    const tmpName = path.basename(file) + '.snapshot.tmp'
    const kill = () => {
      if (killed) return
      killed = true
      p.kill('SIGKILL')
      midCompaction = existsSync(path.join(path.dirname(file), tmpName))
    }
    p.stdout.setEncoding('utf8')
    p.stdout.on('data', (chunk: string) => {
      buf += chunk
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const line of lines) {
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)))
        if (killed || acked.length < killAfterAcks) continue
        if (!onCompaction) kill()
        else if (!watcher) watcher = watch(path.dirname(file), (_ev, name) => name === tmpName && kill())
      }
    })
    p.stderr.on('data', (c) => (stderr += c))
    p.on('exit', (code, signal) => {
      watcher?.close()
      if (signal === 'SIGKILL') resolve({ acked, midCompaction })
      else reject(new Error(`writer exited by itself (code ${code}) after ${acked.length} acks: ${stderr}`))
    })
  })
}

/** The state the first `n` writes must produce. */
function expectedAfter(seedUsers: number, n: number): WorkspaceDoc {
  const m = new MemoryStore(bigDoc(seedUsers))
  for (let i = 0; i < n; i++) m.apply(killOps(i))
  return m.toDoc(n)
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'storage-kill-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('workspace storage under kill -9', () => {
  it('loses no acknowledged write and leaves readable files, whenever the writer is killed (compaction included)', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'ws.json')
    const seedUsers = 20_000 // ~10 MB snapshot, so a compaction takes long enough to be killed in the middle of
    const every = 60
    // Random kill points, plus kills timed to a compaction in progress; the same file carries across runs,
    // so each run also recovers from the previous kill.
    const plan = [
      { acks: 1 + Math.floor(Math.random() * 300), onCompaction: false },
      { acks: 30, onCompaction: true },
      { acks: 1 + Math.floor(Math.random() * 300), onCompaction: false },
      { acks: 30, onCompaction: true },
      { acks: 1 + Math.floor(Math.random() * 50), onCompaction: false },
    ]
    let applied = 0
    const report: string[] = []
    for (const step of plan) {
      const run = await runAndKill(file, seedUsers, every, applied, step.acks, step.onCompaction)
      const storage = await openWorkspace(file, () => {
        throw new Error('the workspace file must exist after a kill')
      })
      const doc = storage.doc
      await storage.close()
      for (const w of storage.warnings) expect(w).toMatch(/torn final journal record/)
      const maxAcked = Math.max(...run.acked)
      // Writes are durable in order, so the reopened state is exactly the first doc.seq writes.
      expect(doc.seq).toBeGreaterThanOrEqual(maxAcked + 1)
      expect(doc).toEqual(expectedAfter(seedUsers, doc.seq))
      // And the workspace file on its own is a complete, valid document.
      workspaceDocSchema.parse(JSON.parse(await readFile(file, 'utf8')))
      report.push(`acks ${run.acked.length} (max ${maxAcked}), recovered seq ${doc.seq}, mid-compaction ${run.midCompaction}, warnings ${storage.warnings.length}`)
      applied = doc.seq
    }
    console.log('kill runs:\n  ' + report.join('\n  '))
  })
})
