/**
 * Measures the storage at scale (not a test; run by hand):
 *   node --import tsx test/helpers/storage-bench.ts create <file> <users>
 *   node --import tsx test/helpers/storage-bench.ts run <file> <writes>
 *   node --import tsx test/helpers/storage-bench.ts compact <file>   (after a run left several segments)
 * `run` opens the workspace in a fresh process (load time, peak RSS with the MemoryStore built), then persists
 * `writes` records 64 at a time with the default compaction thresholds, watching the event loop's delay.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { MemoryStore } from '../../src-main/core/store/memory-store'
import { openWorkspace } from '../../src-main/server/storage'
import { bigDoc, put, scimUser } from './storage-fixtures'

const [mode, file, arg] = process.argv.slice(2)
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`
const peak = () => mb(process.resourceUsage().maxRSS)

if (mode === 'create') {
  const t0 = performance.now()
  const s = await openWorkspace(file!, () => bigDoc(Number(arg)))
  await s.close()
  console.log(`created ${arg} users in ${Math.round(performance.now() - t0)} ms; peak RSS ${peak()}`)
} else {
  const t0 = performance.now()
  const every = process.env.COMPACT_EVERY_RECORDS ? { compactEveryRecords: Number(process.env.COMPACT_EVERY_RECORDS) } : {}
  const s = await openWorkspace(
    file!,
    () => {
      throw new Error('create it first')
    },
    every,
  )
  const tLoad = performance.now() - t0
  const store = new MemoryStore(s.doc)
  const tStore = performance.now() - t0
  global.gc?.()
  console.log(`load ${Math.round(tLoad)} ms (+MemoryStore ${Math.round(tStore - tLoad)} ms); scimUsers ${store.size('scimUsers')}; RSS after load ${mb(process.memoryUsage().rss / 1024)}, peak ${peak()}`)

  if (mode === 'compact') {
    // Opened with several live segments, the storage compacts after its first write: measure the event loop meanwhile.
    const h0 = monitorEventLoopDelay({ resolution: 1 })
    h0.enable()
    const c0 = performance.now()
    await s.persist([put(0, "trigger")])
    for (let i = 0; i < 2000 && s.stats().compactions === 0; i++) await new Promise((r) => setTimeout(r, 5))
    h0.disable()
    console.log(s.warnings);
    console.log(`compaction at open: ${s.stats().compactions} done in ${Math.round(performance.now() - c0)} ms; event loop delay meanwhile p99 ${(h0.percentile(99) / 1e6).toFixed(1)} ms, max ${(h0.max / 1e6).toFixed(1)} ms; peak RSS ${peak()}`)
    await s.close()
    process.exit(0)
  }
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  const writes = Number(arg)
  const t1 = performance.now()
  let compactionsSeen = 0
  let compactionStart = 0
  const compactionMs: number[] = []
  for (let i = 0; i < writes; i += 64) {
    const batch: Promise<void>[] = []
    for (let j = i; j < Math.min(writes, i + 64); j++) {
      const r = store.transact((tx) => {
        tx.put('scimUsers', scimUser(j % 100_000, j + 2))
        tx.put('accounts', put(j % 100_000, `renamed ${j}`).v as never)
      })
      batch.push(s.persist(r.ops))
    }
    await Promise.all(batch)
    const st = s.stats()
    if (st.compactions > compactionsSeen) {
      compactionsSeen = st.compactions
      if (compactionStart) compactionMs.push(performance.now() - compactionStart)
    }
    if (!compactionStart && st.journalBytes < 1_000_000 && i > 20_000) compactionStart = performance.now()
  }
  const tWrites = performance.now() - t1
  const waitStart = performance.now()
  await s.close()
  h.disable()
  const st = s.stats()
  console.log(`${writes} writes in ${Math.round(tWrites)} ms (${Math.round(writes / (tWrites / 1000))}/s); close (waits for compaction) ${Math.round(performance.now() - waitStart)} ms`)
  console.log(`stats ${JSON.stringify(st)}`)
  console.log(`event loop delay while writing and compacting: p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`)
  console.log(`peak RSS (process, worker included) ${peak()}; warnings ${JSON.stringify(s.warnings)}`)
}
