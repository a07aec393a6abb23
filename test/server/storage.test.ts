import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { emptyWorkspace, workspaceDocSchema, type ChangeOp, type WorkspaceDoc } from '@shared/workspace'
import { MemoryStore } from '../../src-main/core/store/memory-store'
import { openWorkspace, workspaceExists, WorkspaceFileError, type WorkspaceStorage } from '../../src-main/server/storage'
import { COMPACTION_WORKER_SOURCE } from '../../src-main/server/storage/compaction-worker-source'
import { account, bigDoc, del, put, scimUser } from '../helpers/storage-fixtures'

let dir: string
let file: string
const open: WorkspaceStorage[] = []

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'storage-test-'))
  file = path.join(dir, 'ws.json')
})
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()))
  await rm(dir, { recursive: true, force: true })
})

async function openWs(initial: () => WorkspaceDoc = () => bigDoc(3), opts = {}) {
  const s = await openWorkspace(file, initial, opts)
  open.push(s)
  return s
}
const noInitial = () => {
  throw new Error('the workspace should already exist')
}

/** What MemoryStore holds after `ops`, as a document: the state the storage must reproduce exactly (order included). */
function model(start: WorkspaceDoc, batches: ChangeOp[][], seq: number): WorkspaceDoc {
  const m = new MemoryStore(structuredClone(start))
  for (const b of batches) m.apply(b)
  return m.toDoc(seq)
}

async function segments(): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.includes('.journal.')).sort().map((n) => path.join(dir, n))
}

async function filesOnDisk(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const n of (await readdir(dir)).sort()) out[n] = (await readFile(path.join(dir, n))).toString('base64')
  return out
}

/** Writes journal batches and closes, leaving a workspace whose journal holds them. */
async function workspaceWithJournal(batches: ChangeOp[][]) {
  const s = await openWs()
  for (const b of batches) await s.persist(b)
  await s.close()
}

describe('workspace storage: round trip', () => {
  it('creates the workspace file from `initial`, as a lowdb-readable document that passes the schema', async () => {
    expect(await workspaceExists(file)).toBe(false)
    const s = await openWs()
    expect(await workspaceExists(file)).toBe(true)
    expect(s.doc.accounts).toHaveLength(3)
    expect(s.warnings).toEqual([])
    const parsed = workspaceDocSchema.parse(JSON.parse(await readFile(file, 'utf8')))
    expect(parsed).toEqual(bigDoc(3))
  })

  it('does not call `initial` for an existing workspace', async () => {
    await (await openWs()).close()
    const s = await openWs(noInitial)
    expect(s.doc).toEqual(bigDoc(3))
  })

  it('reopens with every persisted change: inserts, updates, deletes, re-inserts, in MemoryStore order', async () => {
    const batches: ChangeOp[][] = [
      [put(10), put(11), put(12)],
      [put(1, 'Renamed One')],
      [del(0), { c: 'scimUsers', id: 'su-2', v: scimUser(2, 7) as never }],
      [put(0, 'Back again')],
      [del(11)],
      [{ c: 'teams', id: 't1', v: { id: 't1', projectId: 'acme', name: 'Eng', scimConfigId: null, createdAt: 'x', updatedAt: 'x' } }],
    ]
    await workspaceWithJournal(batches)
    const s = await openWs(noInitial)
    expect(s.doc).toEqual(model(bigDoc(3), batches, batches.length))
    expect(s.doc.accounts.map((a) => a.id)).toEqual(['acc-1', 'acc-2', 'acc-10', 'acc-12', 'acc-0'])
  })

  it('keeps numbering after a reopen and replays across restarts', async () => {
    await workspaceWithJournal([[put(10)], [put(11)]])
    const s = await openWs(noInitial)
    await s.persist([put(12)])
    await s.close()
    const again = await openWs(noInitial)
    expect(again.doc.seq).toBe(3)
    expect(again.doc.accounts.map((a) => a.id)).toEqual(['acc-0', 'acc-1', 'acc-2', 'acc-10', 'acc-11', 'acc-12'])
  })

  it('releases the loaded document once writes begin, and refuses writes after close', async () => {
    const s = await openWs()
    expect(s.doc.seq).toBe(0)
    await s.persist([put(5)])
    expect(() => s.doc).toThrow(/released/)
    await s.close()
    await expect(s.persist([put(6)])).rejects.toThrow(/closed/)
  })

  it('refuses a journal whose workspace file is missing, and leaves the journal alone', async () => {
    await workspaceWithJournal([[put(10)]])
    await rm(file)
    const before = await filesOnDisk()
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect((err as WorkspaceFileError).message).toMatch(/missing but its journal is present/)
    expect(await filesOnDisk()).toEqual(before)
  })
})

describe('workspace storage: group commit', () => {
  it('coalesces 200 concurrent writes into far fewer flushes, and resolves each only once its record is on disk', async () => {
    const s = await openWs()
    const seg = (await segments())[0]!
    const onDiskWhenResolved: boolean[] = []
    const writes = Array.from({ length: 200 }, (_, i) =>
      s.persist([put(1000 + i)]).then(() => {
        onDiskWhenResolved[i] = readFileSync(seg, 'utf8').includes(`"id":"acc-${1000 + i}"`)
      }),
    )
    await Promise.all(writes)
    expect(onDiskWhenResolved.filter(Boolean)).toHaveLength(200)
    const st = s.stats()
    expect(st.records).toBe(200)
    expect(st.flushes).toBeLessThanOrEqual(10)
    expect(st.maxRecordsPerFlush).toBeGreaterThanOrEqual(100)
    expect(st.journalBytes).toBe((await readFile(seg)).length)
    await s.close()
    const again = await openWs(noInitial)
    expect(again.doc.accounts).toHaveLength(203)
    expect(again.doc.seq).toBe(200)
  })

  it('a persist([]) resolves after the writes before it, without writing a record', async () => {
    const s = await openWs()
    const order: string[] = []
    const a = s.persist([put(10)]).then(() => order.push('a'))
    const b = s.persist([]).then(() => order.push('empty'))
    await Promise.all([a, b])
    expect(order).toEqual(['a', 'empty'])
    expect(s.stats().records).toBe(1)
  })
})

describe('workspace storage: compaction', () => {
  it('folds closed journal segments into the snapshot in a worker, and the reopened state is identical', async () => {
    const s = await openWs(() => bigDoc(50), { compactEveryRecords: 10 })
    const batches: ChangeOp[][] = []
    for (let i = 0; i < 95; i++) {
      const b: ChangeOp[] = [put(100 + i, `v${i}`)]
      if (i % 4 === 3) b.push(del(100 + i - 2))
      if (i % 6 === 0) b.push(del(i % 50))
      if (i % 6 === 3) b.push(put((i - 3) % 50, `back ${i}`)) // re-insert after delete: goes last
      if (i % 5 === 0) b.push(put(40, `edit ${i}`)) // in-place update
      batches.push(b)
    }
    // Half sequential, half concurrent, so rotations land between batches of different sizes.
    for (const b of batches.slice(0, 45)) await s.persist(b)
    await Promise.all(batches.slice(45).map((b) => s.persist(b)))
    await s.close() // waits for a compaction in flight
    expect(s.stats().compactions).toBeGreaterThanOrEqual(1)
    const snap = workspaceDocSchema.parse(JSON.parse(await readFile(file, 'utf8')))
    expect(snap.seq).toBeGreaterThanOrEqual(10)
    // Folded segments are gone; what is left holds only records newer than the snapshot.
    for (const seg of await segments()) {
      for (const line of (await readFile(seg, 'utf8')).split('\n').filter(Boolean)) expect(JSON.parse(line).seq).toBeGreaterThan(snap.seq)
    }

    const expected = model(bigDoc(50), batches, 95)
    expect(snap).toEqual(model(bigDoc(50), batches.slice(0, snap.seq), snap.seq))
    const again = await openWs(noInitial)
    expect(again.doc).toEqual(expected)
    expect(again.warnings).toEqual([])
  })

  it('rewrites a valid workspace file in another layout (pretty-printed by lowdb) one record per line, so it can be compacted', async () => {
    await workspaceWithJournal([[put(9)]])
    const pretty = JSON.stringify(bigDoc(3), null, 2)
    await writeFile(file, pretty.replace('"seq": 0', '"seq": 1').replace('"accounts": [', `"accounts": [${JSON.stringify(account(9))},`))
    const s = await openWs(noInitial, { compactEveryRecords: 3 })
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('{"format":"scim-sandbox-workspace","version":1,"seq":1,')
    expect(await segments()).toHaveLength(1)
    const batches = [[put(10)], [del(1)], [put(1, 'again')], [put(11)]]
    for (const b of batches) await s.persist(b)
    await s.close()
    expect(s.stats().compactions).toBe(1)
    const text = await readFile(file, 'utf8')
    expect(text.split('\n')[0]).toBe('{"format":"scim-sandbox-workspace","version":1,"seq":4,')
    const again = await openWs(noInitial)
    const start = bigDoc(3)
    start.accounts.unshift(account(9))
    expect(again.doc).toEqual(model(start, batches, 5))
  })

  it('opens a file written before the iamResources collection existed: reads it as empty, rewrites the file once, compacts and writes IAM records', async () => {
    await workspaceWithJournal([])
    const current = await readFile(file, 'utf8')
    expect(current).toContain('"iamResources":[\n],\n')
    await writeFile(file, current.replace('"iamResources":[\n],\n', ''))
    const s = await openWs(noInitial, { compactEveryRecords: 2 })
    expect(s.doc.iamResources).toEqual([])
    expect(await readFile(file, 'utf8')).toContain('"iamResources":[')
    const rec = { id: 'act-1', tenantId: 't', kind: 'action', externalId: null, data: { name: 'read', description: '', client_id: '' }, passwordSha256: null, version: 1, createdAt: 'x', updatedAt: 'x' }
    const batches: ChangeOp[][] = [[{ c: 'iamResources', id: 'act-1', v: rec }], [put(10)], [put(11)], [put(12)]]
    for (const b of batches) await s.persist(b)
    await s.close()
    expect(s.stats().compactions).toBeGreaterThanOrEqual(1)
    const again = await openWs(noInitial)
    expect(again.warnings).toEqual([])
    expect(again.doc.iamResources).toEqual([rec])
    expect(again.doc).toEqual(model(bigDoc(3), batches, 4))
  })

  it('keeps the journal when a compaction fails, and reports it as a warning', async () => {
    const s = await openWs(() => bigDoc(3), { compactEveryRecords: 3 })
    // Swapped under the running storage for a layout the worker refuses to stream.
    await writeFile(file, JSON.stringify(bigDoc(3), null, 2))
    const batches = [[put(10)], [put(11)], [del(0)], [put(12)]]
    for (const b of batches) await s.persist(b)
    await s.close()
    expect(s.stats().compactions).toBe(0)
    expect(s.warnings.join('\n')).toMatch(/compaction of .* failed: .* not in the one-record-per-line layout/)
    const again = await openWs(noInitial)
    expect(again.doc).toEqual(model(bigDoc(3), batches, 4))
  })

  it('folds segments left over from an interrupted run once it writes again', async () => {
    // A workspace whose journal spans several segments, as a crash between rotation and compaction leaves it.
    const s = await openWs(() => bigDoc(3), { compactEveryRecords: 1_000_000 })
    await s.persist([put(10)])
    await s.close()
    const seg1 = (await segments())[0]!
    await writeFile(seg1.replace('000001', '000002'), JSON.stringify({ seq: 2, ops: [put(11)] }) + '\n')
    await writeFile(seg1.replace('000001', '000003'), JSON.stringify({ seq: 3, ops: [del(0)] }) + '\n')
    const again = await openWs(noInitial)
    await again.persist([put(12)])
    await again.close()
    expect(again.stats().compactions).toBe(1)
    expect(workspaceDocSchema.parse(JSON.parse(await readFile(file, 'utf8'))).seq).toBe(2)
    const reopened = await openWs(noInitial)
    expect(reopened.doc.accounts.map((a) => a.id)).toEqual(['acc-1', 'acc-2', 'acc-10', 'acc-11', 'acc-12'])
  })
})

describe('compaction worker source', () => {
  it('is the embedded copy of compaction-worker.mjs (else run: node src-main/server/storage/gen-worker-source.mjs)', async () => {
    const file = new URL('../../src-main/server/storage/compaction-worker.mjs', import.meta.url)
    expect(COMPACTION_WORKER_SOURCE).toBe(await readFile(file, 'utf8'))
  })
})

describe('workspace storage: replaceAll', () => {
  it('writes the new document as the snapshot, clears the journal, and later writes apply on top of it', async () => {
    const s = await openWs()
    await s.persist([put(10)])
    const before = s.persist([put(11)]) // queued before the reset: superseded by it
    const fresh = emptyWorkspace()
    fresh.accounts.push(account(500))
    const reset = s.replaceAll(fresh)
    expect(s.doc).toBe(fresh)
    const after = s.persist([put(501)])
    await Promise.all([before, reset, after])
    await s.close()
    const again = await openWs(noInitial)
    expect(again.doc.accounts.map((a) => a.id)).toEqual(['acc-500', 'acc-501'])
    expect(again.doc.projects).toEqual([])
    expect(again.doc.seq).toBe(3)
    expect(await segments()).toHaveLength(1)
  })
})

describe('workspace storage: torn and corrupt files', () => {
  it('drops a torn final journal record (no newline) with a warning, and appends cleanly after it', async () => {
    await workspaceWithJournal([[put(10)], [put(11)]])
    const seg = (await segments()).at(-1)!
    await appendFile(seg, '{"seq":3,"ops":[{"c":"accounts","id":"acc-12","v":{"id":"ac')
    const s = await openWs(noInitial)
    expect(s.warnings).toHaveLength(1)
    expect(s.warnings[0]).toMatch(/dropped a torn final journal record \(never acknowledged\)/)
    expect(s.doc.accounts.map((a) => a.id)).toEqual(['acc-0', 'acc-1', 'acc-2', 'acc-10', 'acc-11'])
    await s.persist([put(13)])
    await s.close()
    const again = await openWs(noInitial)
    expect(again.warnings).toEqual([])
    expect(again.doc.accounts.map((a) => a.id)).toEqual(['acc-0', 'acc-1', 'acc-2', 'acc-10', 'acc-11', 'acc-13'])
    expect(again.doc.seq).toBe(3)
  })

  it('drops a final line that is not JSON (zeros left by a lost write) with a warning', async () => {
    await workspaceWithJournal([[put(10)]])
    await appendFile((await segments()).at(-1)!, Buffer.alloc(40, 0))
    await appendFile((await segments()).at(-1)!, '\n')
    const s = await openWs(noInitial)
    expect(s.warnings[0]).toMatch(/torn final journal record/)
    expect(s.doc.seq).toBe(1)
  })

  it('refuses a corrupt record in the middle of the journal and changes no file', async () => {
    await workspaceWithJournal([[put(10)], [put(11)], [put(12)]])
    const seg = (await segments()).at(-1)!
    const lines = (await readFile(seg, 'utf8')).split('\n')
    lines[1] = lines[1]!.slice(0, 30)
    await writeFile(seg, lines.join('\n'))
    const before = await filesOnDisk()
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect((err as WorkspaceFileError).file).toBe(seg)
    expect((err as Error).message).toContain(seg)
    expect((err as Error).message).toMatch(/line 2: not valid JSON/)
    expect(await filesOnDisk()).toEqual(before)
  })

  it('refuses a final record that is JSON but not a valid record (that is corruption, not a torn write)', async () => {
    await workspaceWithJournal([[put(10)]])
    const seg = (await segments()).at(-1)!
    await appendFile(seg, JSON.stringify({ seq: 2, ops: [{ c: 'accounts', id: 'acc-9', v: { id: 'acc-9', email: 5 } }] }) + '\n')
    const before = await filesOnDisk()
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect((err as Error).message).toMatch(/line 2: ops\[0\]\.v\.projectId/)
    expect(await filesOnDisk()).toEqual(before)
  })

  it('refuses a journal with a missing record (a gap in seq)', async () => {
    await workspaceWithJournal([[put(10)]])
    await appendFile((await segments()).at(-1)!, JSON.stringify({ seq: 3, ops: [put(12)] }) + '\n')
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect((err as Error).message).toMatch(/seq 3 follows seq 1/)
  })

  it('refuses a torn record that is not at the end of the journal', async () => {
    await workspaceWithJournal([[put(10)]])
    const seg = (await segments()).at(-1)!
    await appendFile(seg, '{"seq":2,"ops":[')
    await writeFile(seg.replace('000001', '000002'), JSON.stringify({ seq: 2, ops: [put(12)] }) + '\n')
    const before = await filesOnDisk()
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect((err as WorkspaceFileError).file).toBe(seg)
    expect((err as Error).message).toMatch(/cut short, and it is not the last record/)
    expect(await filesOnDisk()).toEqual(before)
  })

  it('refuses a workspace file that is not valid JSON, naming it, and changes no file', async () => {
    await workspaceWithJournal([[put(10)]])
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)))
    const before = await filesOnDisk()
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect((err as WorkspaceFileError).file).toBe(file)
    expect((err as Error).message).toMatch(new RegExp(`workspace file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`))
    expect(await filesOnDisk()).toEqual(before)
  })

  it('refuses a workspace file that fails the schema, naming the record and field', async () => {
    await workspaceWithJournal([[put(10)]])
    const doc = JSON.parse(await readFile(file, 'utf8'))
    doc.accounts[1].email = 5
    await writeFile(file, JSON.stringify(doc))
    const before = await filesOnDisk()
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect((err as WorkspaceFileError).file).toBe(file)
    expect((err as Error).message).toMatch(/accounts\[1\]\.email/)
    expect(await filesOnDisk()).toEqual(before)
  })

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a wrong format', JSON.stringify({ ...emptyWorkspace(), format: 'other' })],
    ['a missing collection', JSON.stringify({ format: 'scim-sandbox-workspace', version: 1, seq: 0 })],
  ])('refuses a workspace file holding %s', async (_name, text) => {
    await writeFile(file, text)
    const err = await openWs(noInitial).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkspaceFileError)
    expect(await readFile(file, 'utf8')).toBe(text)
  })
})
