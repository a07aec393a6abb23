import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { IamTenantView, ScimConfigView, WorkspaceInfo } from '@shared/control'
import type { DomainEvent } from '@shared/events'
import type { LogEntry, LogSummary } from '@shared/log'
import type { ControlClient, StreamState } from '../../api/client'
import { filterPredicate, lowerBound, NO_FILTERS, toRow, type LocalFilters, type Row } from './log-model'

/** The newest page comes first and small, so the screen shows something at once. */
export const FIRST_PAGE = 1000
/** Then older pages in the background, large enough that 100,000 entries take 20 round trips, not 100. */
export const OLDER_PAGE = 5000
/** The most the server's ring can hold (PRODUCT.md §8); the real capacity comes from /info. */
export const MAX_CAPACITY = 200_000

export interface LogState {
  /** Every entry in memory, oldest first (at most `capacity`). */
  rows: Row[]
  /** The rows that pass `filters`, oldest first; the same array as `rows` when nothing is filtered. */
  view: Row[]
  filters: LocalFilters
  /** The first page: idle → loading → ready, or error (then `error` says why and retry() starts over). */
  phase: 'idle' | 'loading' | 'ready' | 'error'
  error: unknown
  /** Loading older pages or catching up after a reconnect failed; what is in memory stays. */
  syncError: unknown
  /** Every entry the server's ring held is in memory (older pages are done). */
  complete: boolean
  /** How many entries the server holds, as far as we know (for "loading 40,000 of 100,000"). */
  serverTotal: number
  capacity: number
  /** Config ids seen in the log, sorted. */
  configIds: string[]
  info: WorkspaceInfo | null
  infoError: unknown
  configs: ScimConfigView[]
  /** IAM tenants: their requests carry the tenant id where SCIM requests carry their config's. */
  iamTenants: IamTenantView[]
  /** How long the last local filter pass took (ms), for the bench and for curiosity. */
  lastFilterMs: number
}

export interface LogActions {
  /** On mount: the first load, or (when already loaded) a catch-up of what arrived while away. */
  start(): void
  /** On unmount: the stream is gone, so the next start() catches up. */
  detach(): void
  retry(): void
  retrySync(): void
  setFilters(patch: Partial<LocalFilters>): void
  clearFilters(): void
  /** Drops entries up to `seq` (after DELETE /log succeeded; the stream's log-cleared drops the rest). */
  clearUpTo(seq: number): void
  entry(seq: number): Promise<LogEntry>
  // stream listener
  onEntries(batch: LogSummary[]): void
  onStreamState(state: StreamState): void
  onCleared(): void
  onWorkspaceReplaced(): void
  onChanged(events: DomainEvent[]): void
}

export type LogStore = StoreApi<LogState & LogActions>

/**
 * The live log's memory: the server ring's entries as summaries, filtered locally (so filters and scrolling never
 * wait for the network), fed by the shared live stream. Loading is one small newest page, then older pages in the
 * background; live entries that arrive meanwhile are held back until the page they might overlap has landed, and
 * a reconnect catches up with `after=<newest seq>` before the held-back entries go in, so there are no gaps and no
 * duplicates.
 */
export function createLogStore(client: ControlClient): LogStore {
  /** Bumped by every reset (clear, workspace replaced, retry); async work of an older generation is dropped. */
  let gen = 0
  let newest = 0
  /** While a page that may overlap live entries is in flight, live entries wait here. */
  let syncing = false
  let pending: LogSummary[] = []
  let syncRequested = false
  /** The generation whose older-page loop is running (-1: none), so a reset never leaves two loops. */
  let olderFor = -1
  let streamState: StreamState = 'closed'
  const seenConfigs = new Set<string>()
  const cache = new Map<number, LogEntry>()

  const store = createStore<LogState & LogActions>()((set, get) => {
    function noteConfigs(rows: readonly Row[]): string[] | undefined {
      let added = false
      for (const r of rows) {
        if (r.configId && !seenConfigs.has(r.configId)) {
          seenConfigs.add(r.configId)
          added = true
        }
      }
      return added ? [...seenConfigs].sort() : undefined
    }

    /** Appends newer entries (ascending), filtering only the new ones, and trims to capacity. */
    function append(batch: LogSummary[]) {
      const fresh: Row[] = []
      for (const s of batch) if (s.seq > newest) fresh.push(toRow(s))
      if (!fresh.length) return
      fresh.sort((a, b) => a.seq - b.seq)
      newest = fresh[fresh.length - 1]!.seq
      const st = get()
      const pred = filterPredicate(st.filters)
      let rows = st.rows.concat(fresh)
      let view = pred ? st.view.concat(fresh.filter(pred)) : rows
      if (rows.length > st.capacity) {
        rows = rows.slice(rows.length - st.capacity)
        view = pred ? view.slice(lowerBound(view, rows[0]!.seq)) : rows
      }
      const configIds = noteConfigs(fresh)
      set({ rows, view, serverTotal: Math.min(st.capacity, st.serverTotal + fresh.length), ...(configIds ? { configIds } : {}) })
    }

    /** Prepends older entries (given newest first, as pages come). Returns false when the ring is full. */
    function prepend(pageNewestFirst: LogSummary[]): boolean {
      const st = get()
      const oldest = st.rows.length ? st.rows[0]!.seq : Infinity
      const room = st.capacity - st.rows.length
      const older: Row[] = []
      for (let i = pageNewestFirst.length - 1; i >= 0; i--) {
        const s = pageNewestFirst[i]!
        if (s.seq < oldest) older.push(toRow(s))
      }
      const take = older.length > room ? older.slice(older.length - room) : older
      const pred = filterPredicate(st.filters)
      const rows = take.concat(st.rows)
      const view = pred ? take.filter(pred).concat(st.view) : rows
      const configIds = noteConfigs(take)
      set({ rows, view, ...(configIds ? { configIds } : {}) })
      return rows.length < st.capacity
    }

    async function loadInfo(g: number) {
      const [info, configs, tenants] = await Promise.allSettled([client.info(), client.listConfigs(), client.listIamTenants()])
      if (g !== gen) return
      if (info.status === 'fulfilled') {
        const capacity = Math.min(MAX_CAPACITY, info.value.logCapacity || MAX_CAPACITY)
        set({ info: info.value, infoError: null, capacity })
      } else set({ infoError: info.reason })
      if (configs.status === 'fulfilled') set({ configs: configs.value })
      if (tenants.status === 'fulfilled') set({ iamTenants: tenants.value })
    }

    /** Pages forward from `newest` while a catch-up is asked for, then lets the held-back live entries in. */
    async function catchUp(g: number): Promise<boolean> {
      while (syncRequested) {
        syncRequested = false
        for (;;) {
          const page = await client.logPage({ after: newest, limit: OLDER_PAGE })
          if (g !== gen) return false
          // `after` pages come newest first: the `limit` entries right after the cursor.
          append(page.entries.slice().reverse())
          if (page.entries.length < OLDER_PAGE) break
        }
      }
      return true
    }

    function flushPending() {
      const p = pending
      pending = []
      syncing = false
      if (p.length) append(p)
    }

    async function runCatchUp() {
      if (syncing) {
        syncRequested = true
        return
      }
      const g = gen
      syncing = true
      syncRequested = true
      try {
        if (await catchUp(g)) {
          set({ syncError: null })
          flushPending()
        }
      } catch (e) {
        if (g !== gen) return
        // What was held back still goes in; the gap before it is what "Retry" fills.
        flushPending()
        set({ syncError: e })
      }
    }

    async function loadOlder(g: number) {
      if (olderFor === g) return
      olderFor = g
      try {
        const first = get().rows
        if (!first.length) {
          set({ complete: true })
          return
        }
        // One page ahead: the server builds the next page while this one is parsed and merged.
        let request = client.logPage({ before: first[0]!.seq, limit: OLDER_PAGE })
        while (g === gen && !get().complete) {
          const page = await request
          if (g !== gen) break
          const more = page.entries.length === OLDER_PAGE
          if (more) request = client.logPage({ before: page.entries[page.entries.length - 1]!.seq, limit: OLDER_PAGE })
          const room = prepend(page.entries)
          if (!room || !more) set({ complete: true })
        }
        // A page asked for ahead and not needed (the ring was full) must not surface as an unhandled rejection.
        request.catch(() => {})
      } catch (e) {
        if (g === gen) set({ syncError: e })
      } finally {
        if (olderFor === g) olderFor = -1
      }
    }

    async function load() {
      const g = ++gen
      syncing = true
      pending = []
      syncRequested = false
      newest = 0
      seenConfigs.clear()
      cache.clear()
      set({ phase: 'loading', error: null, syncError: null, complete: false, rows: [], view: [], configIds: [], serverTotal: 0 })
      void loadInfo(g)
      try {
        const page = await client.logPage({ limit: FIRST_PAGE })
        if (g !== gen) return
        const rows = page.entries.slice().reverse().map(toRow)
        newest = Math.max(page.newestSeq, rows.length ? rows[rows.length - 1]!.seq : 0)
        const pred = filterPredicate(get().filters)
        set({
          rows,
          view: pred ? rows.filter(pred) : rows,
          configIds: noteConfigs(rows) ?? [],
          serverTotal: page.total,
          complete: rows.length >= page.total || page.entries.length < FIRST_PAGE,
          phase: 'ready',
        })
      } catch (e) {
        if (g !== gen) return
        syncing = false
        pending = []
        set({ phase: 'error', error: e })
        return
      }
      // The stream (re)opened while this page was on its way: what was logged in between comes by `after=`.
      try {
        if (syncRequested && !(await catchUp(g))) return
        flushPending()
      } catch (e) {
        if (g !== gen) return
        flushPending()
        set({ syncError: e })
      }
      void loadOlder(g)
    }

    function reset() {
      gen++
      syncing = false
      pending = []
      syncRequested = false
      cache.clear()
    }

    return {
      rows: [],
      view: [],
      filters: NO_FILTERS,
      phase: 'idle',
      error: null,
      syncError: null,
      complete: false,
      serverTotal: 0,
      capacity: MAX_CAPACITY,
      configIds: [],
      info: null,
      infoError: null,
      configs: [],
      iamTenants: [],
      lastFilterMs: 0,

      start() {
        const { phase } = get()
        if (phase === 'loading') return
        if (phase === 'ready') {
          void runCatchUp()
          if (!get().complete) void loadOlder(gen)
          void loadInfo(gen)
        } else void load()
      },
      detach() {
        streamState = 'closed'
      },
      retry() {
        void load()
      },
      retrySync() {
        set({ syncError: null })
        void runCatchUp()
        if (!get().complete) void loadOlder(gen)
      },
      setFilters(patch) {
        const cur = get().filters
        const filters = { ...cur, ...patch }
        if ((Object.keys(filters) as (keyof LocalFilters)[]).every((k) => filters[k] === cur[k])) return
        const t0 = performance.now()
        const pred = filterPredicate(filters)
        const rows = get().rows
        const view = pred ? rows.filter(pred) : rows
        set({ filters, view, lastFilterMs: performance.now() - t0 })
      },
      clearFilters() {
        get().setFilters(NO_FILTERS)
      },
      clearUpTo(seq) {
        const st = get()
        const from = lowerBound(st.rows, seq + 1)
        if (!from) return
        const rows = st.rows.slice(from)
        const pred = filterPredicate(st.filters)
        set({ rows, view: pred ? st.view.slice(lowerBound(st.view, seq + 1)) : rows, serverTotal: rows.length })
        cache.clear()
      },
      async entry(seq) {
        const hit = cache.get(seq)
        if (hit) return hit
        const e = await client.logEntry(seq)
        if (cache.size >= 100) cache.delete(cache.keys().next().value!)
        cache.set(seq, e)
        return e
      },

      onEntries(batch) {
        if (syncing) pending.push(...batch)
        else append(batch)
      },
      onStreamState(state) {
        const was = streamState
        streamState = state
        if (state !== 'open' || was === 'open') return
        const { phase } = get()
        if (phase === 'loading') syncRequested = true
        else if (phase === 'ready') void runCatchUp()
      },
      onCleared() {
        reset()
        seenConfigs.clear()
        set({ rows: [], view: [], configIds: [], serverTotal: 0, complete: true, phase: 'ready', error: null, syncError: null })
      },
      onWorkspaceReplaced() {
        void load()
      },
      onChanged(events) {
        if (events.some((e) => e.type.startsWith('config.') || e.type === 'workspace.replaced')) {
          const g = gen
          client.listConfigs().then(
            (configs) => g === gen && set({ configs }),
            () => {},
          )
        }
        if (events.some((e) => e.type.startsWith('iamTenant.') || e.type === 'workspace.replaced')) {
          const g = gen
          client.listIamTenants().then(
            (iamTenants) => g === gen && set({ iamTenants }),
            () => {},
          )
        }
      },
    }
  })
  return store
}

/** One store per client: the app has one; each test's fake client gets a fresh one. */
const stores = new WeakMap<ControlClient, LogStore>()
export function logStoreFor(client: ControlClient): LogStore {
  let s = stores.get(client)
  if (!s) {
    s = createLogStore(client)
    stores.set(client, s)
  }
  return s
}

export const LogStoreContext = createContext<LogStore | null>(null)
export function useLog<T>(selector: (s: LogState & LogActions) => T): T {
  const store = useContext(LogStoreContext)
  if (!store) throw new Error('useLog() outside the log screen')
  return useStore(store, selector)
}
