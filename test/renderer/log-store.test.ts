import { describe, expect, it } from 'vitest'
import type { LogPageQuery } from '../../src-renderer/src/api/client'
import { fakeEntry, FakeControlClient, summarize } from '../../src-renderer/src/api/fake'
import { filterPredicate } from '../../src-renderer/src/features/log/log-model'
import { createLogStore, type LogStore } from '../../src-renderer/src/features/log/log-store'
import type { LogEntry } from '../../src-shared/log'

/** A fake whose log pages wait until released, so a test can put stream traffic "while a page is on its way". */
class GatedFake extends FakeControlClient {
  gates: (() => void)[] = []
  gated = true
  override async logPage(q: LogPageQuery) {
    if (this.gated) await new Promise<void>((r) => this.gates.push(r))
    return super.logPage(q)
  }
  release() {
    const g = this.gates
    this.gates = []
    g.forEach((r) => r())
  }
  /** Into the server's log without going through the stream. */
  add(n: number, p: Partial<LogEntry> = {}): LogEntry[] {
    let seq = Math.max(0, ...this.entries.map((e) => e.seq))
    const made = Array.from({ length: n }, () => fakeEntry(++seq, p))
    this.entries.push(...made)
    return made
  }
}
const tick = () => new Promise((r) => setTimeout(r, 0))
async function settle(store: LogStore, fake?: GatedFake) {
  for (let i = 0; i < 50; i++) {
    fake?.release()
    await tick()
    if (store.getState().phase !== 'loading' && (!fake || !fake.gates.length)) {
      await tick()
      if (!fake?.gates.length) return
    }
  }
}
const seqs = (store: LogStore) => store.getState().rows.map((r) => r.seq)

describe('log store', () => {
  it('holds back live entries that arrive while the first page is on its way, without duplicates or gaps', async () => {
    const fake = new GatedFake()
    fake.add(5)
    const store = createLogStore(fake)
    store.getState().start()
    // Entry 6 is logged and streamed before the page is taken; 7 after. The page (taken at release) holds 1-7.
    const six = fake.add(1)
    store.getState().onEntries(six.map(summarize))
    const seven = fake.add(1)
    fake.release()
    store.getState().onEntries(seven.map(summarize))
    await settle(store, fake)
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5, 6, 7])
    store.getState().onEntries(fake.add(1).map(summarize))
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('catches up with after= when the stream opens after the first page was taken', async () => {
    const fake = new GatedFake()
    fake.add(3)
    const store = createLogStore(fake)
    store.getState().onStreamState('connecting')
    store.getState().start()
    fake.release()
    await tick()
    // Logged between the page and the stream opening: only `after=` can bring it.
    fake.add(2)
    store.getState().onStreamState('open')
    await settle(store, fake)
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5])
    expect(fake.calls.filter((c) => c.method === 'logPage').map((c) => c.args[0])).toContainEqual({ after: 3, limit: 5000 })
  })

  it('keeps the view equal to the filtered rows as live batches and older pages come in', async () => {
    const fake = new GatedFake()
    fake.gated = false
    for (let i = 0; i < 2600; i++) fake.add(1, { method: i % 3 ? 'GET' : 'POST', status: i % 4 ? 200 : 404 })
    const store = createLogStore(fake)
    store.getState().setFilters({ method: 'POST', status: '4xx' })
    store.getState().start()
    await settle(store)
    store.getState().onEntries(fake.add(10, { method: 'POST', status: 409 }).map(summarize))
    store.getState().onEntries(fake.add(10, { method: 'GET', status: 409 }).map(summarize))
    await settle(store)
    const { rows, view, filters, complete } = store.getState()
    expect(complete).toBe(true)
    expect(rows).toHaveLength(2620)
    expect(view.map((r) => r.seq)).toEqual(rows.filter(filterPredicate(filters)!).map((r) => r.seq))
    expect(view.length).toBeGreaterThan(10)
  })

  it('keeps at most the server ring capacity, dropping the oldest', async () => {
    const fake = new GatedFake()
    fake.gated = false
    fake.settingsValue.logCapacity = 100
    fake.add(80)
    const store = createLogStore(fake)
    store.getState().setFilters({ status: '4xx' })
    store.getState().start()
    await settle(store)
    await tick()
    store.getState().onEntries(fake.add(50, { status: 404 }).map(summarize))
    const { rows, view, capacity } = store.getState()
    expect(capacity).toBe(100)
    expect(rows).toHaveLength(100)
    expect(rows[0]!.seq).toBe(31)
    expect(view.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 81 + i))
  })

  it('empties on log-cleared, and a page from before the clear is dropped', async () => {
    const fake = new GatedFake()
    fake.add(3)
    const store = createLogStore(fake)
    store.getState().start()
    store.getState().onCleared()
    fake.release()
    await settle(store, fake)
    expect(seqs(store)).toEqual([])
    store.getState().onEntries(fake.add(1).map(summarize))
    expect(seqs(store)).toEqual([4])
  })

  it('shows a failed older page as a sync error; retry resumes from what is loaded', async () => {
    const fake = new GatedFake()
    fake.add(1500)
    const store = createLogStore(fake)
    store.getState().start()
    fake.release()
    await tick()
    expect(fake.gates).toHaveLength(1) // the first older page is asked for
    fake.failNext('logPage')
    fake.gated = false
    fake.release()
    await settle(store)
    expect(store.getState().rows).toHaveLength(1000)
    expect(store.getState().syncError).toBeTruthy()
    store.getState().retrySync()
    await settle(store)
    expect(store.getState().rows).toHaveLength(1500)
    expect(store.getState().complete).toBe(true)
    expect(store.getState().syncError).toBeNull()
  })
})
