import { collectionNames, type ChangeOp, type CollectionName, type RecordOf, type WorkspaceDoc } from '@shared/workspace'
import type { DomainEvent } from '@shared/events'
import { indexDefs, type IndexDef, type IndexName } from './indexes'

type AnyRecord = { id: string }
/**
 * Ids under one index key. Most keys (userName, email, externalId, team+user) name exactly one record, and a Set
 * per key would cost ~100 bytes and an allocation each — hundreds of MB at 100,000 users — so a lone id is kept bare.
 */
type Ids = string | Set<string>
const EMPTY: ReadonlySet<string> = new Set()
const asSet = (ids: Ids | undefined): ReadonlySet<string> => (ids === undefined ? EMPTY : typeof ids === 'string' ? new Set([ids]) : ids)

/** One collection: records by id in insertion order, plus its secondary indexes. */
class Collection<R extends AnyRecord> {
  readonly byId = new Map<string, R>()
  readonly indexes = new Map<string, { def: IndexDef<never>; map: Map<string, Ids> }>()
  // Plain arrays for the hot loops: loading 100,000 users runs these a million times.
  private readonly keyFns: ((rec: never) => string | undefined)[] = []
  private readonly multiFns: ((rec: never) => string[])[] = []
  private readonly maps: Map<string, Ids>[] = []
  private readonly multiMaps: Map<string, Ids>[] = []

  constructor(defs: Record<string, IndexDef<never>>) {
    for (const [name, def] of Object.entries(defs)) {
      const map = new Map<string, Ids>()
      this.indexes.set(name, { def, map })
      if ('key' in def) {
        this.keyFns.push(def.key)
        this.maps.push(map)
      } else {
        this.multiFns.push(def.keys)
        this.multiMaps.push(map)
      }
    }
  }

  set(rec: R): void {
    const prev = this.byId.get(rec.id)
    if (prev) this.unindex(prev)
    this.byId.set(rec.id, rec)
    this.index(rec)
  }

  remove(id: string): void {
    const prev = this.byId.get(id)
    if (!prev) return
    this.unindex(prev)
    this.byId.delete(id)
  }

  private index(rec: R) {
    const id = rec.id
    for (let i = 0; i < this.maps.length; i++) {
      const k = this.keyFns[i]!(rec as never)
      if (k !== undefined) addId(this.maps[i]!, k, id)
    }
    for (let i = 0; i < this.multiMaps.length; i++) {
      for (const k of this.multiFns[i]!(rec as never)) addId(this.multiMaps[i]!, k, id)
    }
  }

  private unindex(rec: R) {
    const id = rec.id
    for (let i = 0; i < this.maps.length; i++) {
      const k = this.keyFns[i]!(rec as never)
      if (k !== undefined) removeId(this.maps[i]!, k, id)
    }
    for (let i = 0; i < this.multiMaps.length; i++) {
      for (const k of this.multiFns[i]!(rec as never)) removeId(this.multiMaps[i]!, k, id)
    }
  }
}

function addId(map: Map<string, Ids>, k: string, id: string) {
  const ids = map.get(k)
  if (ids === undefined) map.set(k, id)
  else if (typeof ids === 'string') {
    if (ids !== id) map.set(k, new Set([ids, id]))
  } else ids.add(id)
}

function removeId(map: Map<string, Ids>, k: string, id: string) {
  const ids = map.get(k)
  if (ids === undefined) return
  if (typeof ids === 'string') {
    if (ids === id) map.delete(k)
    return
  }
  ids.delete(id)
  if (ids.size === 1) map.set(k, ids.values().next().value as string)
  else if (ids.size === 0) map.delete(k)
}

/** Read access to the workspace: by id, by index key, or in insertion order. Records are immutable values. */
export interface StoreReader {
  get<C extends CollectionName>(c: C, id: string): RecordOf<C> | undefined
  /** Records whose index `index` has the key, in insertion order. */
  find<C extends CollectionName>(c: C, index: IndexName<C>, key: string): RecordOf<C>[]
  findOne<C extends CollectionName>(c: C, index: IndexName<C>, key: string): RecordOf<C> | undefined
  countBy<C extends CollectionName>(c: C, index: IndexName<C>, key: string): number
  all<C extends CollectionName>(c: C): IterableIterator<RecordOf<C>>
  size(c: CollectionName): number
}

/** What a transaction may do: read, write whole records, and record the events its changes cause. */
export interface Tx extends StoreReader {
  put<C extends CollectionName>(c: C, rec: RecordOf<C>): void
  delete(c: CollectionName, id: string): void
  event(e: DomainEvent): void
}

export interface Committed<T> {
  value: T
  ops: ChangeOp[]
  events: DomainEvent[]
}

/**
 * The in-memory workspace with indexes, and all-or-nothing transactions over it.
 * Transactions are synchronous, so on one event loop they never interleave: a PATCH of 50 ops,
 * a bulk request or a group of 1,000 members is applied whole or (on a throw) not at all.
 */
export class MemoryStore implements StoreReader {
  private readonly cols = new Map<CollectionName, Collection<AnyRecord>>()

  constructor(doc?: WorkspaceDoc) {
    this.load(doc)
  }

  private load(doc?: WorkspaceDoc) {
    // Built aside and swapped in at the end, so a throw while indexing leaves the current workspace as it was.
    const fresh = new Map<CollectionName, Collection<AnyRecord>>()
    for (const c of collectionNames) {
      const col = new Collection<AnyRecord>(indexDefs[c] as Record<string, IndexDef<never>>)
      if (doc) for (const rec of doc[c]) col.set(rec as AnyRecord)
      fresh.set(c, col)
    }
    for (const [c, col] of fresh) this.cols.set(c, col)
  }

  /**
   * Replaces the whole workspace in place (reset, import): every collection and index is rebuilt from `doc`. The
   * store object stays the same, so the engine, the SCIM API and the routers that hold it see the new workspace.
   * Must not be called inside a transaction.
   */
  replaceAll(doc: WorkspaceDoc): void {
    this.load(doc)
  }

  private col(c: CollectionName): Collection<AnyRecord> {
    return this.cols.get(c)!
  }

  get<C extends CollectionName>(c: C, id: string): RecordOf<C> | undefined {
    return this.col(c).byId.get(id) as RecordOf<C> | undefined
  }

  find<C extends CollectionName>(c: C, index: IndexName<C>, key: string): RecordOf<C>[] {
    const col = this.col(c)
    const ids = col.indexes.get(index)?.map.get(key)
    if (ids === undefined) return []
    if (typeof ids === 'string') return [col.byId.get(ids) as RecordOf<C>]
    const out: RecordOf<C>[] = []
    for (const id of ids) out.push(col.byId.get(id) as RecordOf<C>)
    return out
  }

  findOne<C extends CollectionName>(c: C, index: IndexName<C>, key: string): RecordOf<C> | undefined {
    const col = this.col(c)
    const ids = col.indexes.get(index)?.map.get(key)
    if (ids === undefined) return undefined
    if (typeof ids === 'string') return col.byId.get(ids) as RecordOf<C>
    for (const id of ids) return col.byId.get(id) as RecordOf<C>
    return undefined
  }

  countBy<C extends CollectionName>(c: C, index: IndexName<C>, key: string): number {
    const ids = this.col(c).indexes.get(index)?.map.get(key)
    return ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size
  }

  /** Ids under an index key, in insertion order, without materialising records (for paging). */
  idsBy<C extends CollectionName>(c: C, index: IndexName<C>, key: string): ReadonlySet<string> {
    return asSet(this.col(c).indexes.get(index)?.map.get(key))
  }

  all<C extends CollectionName>(c: C): IterableIterator<RecordOf<C>> {
    return this.col(c).byId.values() as IterableIterator<RecordOf<C>>
  }

  size(c: CollectionName): number {
    return this.col(c).byId.size
  }

  /** Applies already-committed changes (journal replay, and the compaction worker's copy). */
  apply(ops: ChangeOp[]): void {
    for (const op of ops) {
      if (op.v === null) this.col(op.c).remove(op.id)
      else this.col(op.c).set(op.v as AnyRecord)
    }
  }

  /** The whole workspace as a document (used for exports and for snapshots in tests). */
  toDoc(seq: number): WorkspaceDoc {
    const doc = { format: 'scim-sandbox-workspace', version: 1, seq } as WorkspaceDoc
    for (const c of collectionNames) (doc as Record<string, unknown>)[c] = [...this.col(c).byId.values()]
    return doc
  }

  /**
   * Runs `fn` as one transaction. On a throw every write is undone and no event is kept;
   * on success the changes and events are returned for the caller to persist and publish.
   */
  transact<T>(fn: (tx: Tx) => T): Committed<T> {
    const undo: { c: CollectionName; id: string; prev: AnyRecord | undefined }[] = []
    const touched = new Map<string, ChangeOp>()
    const events: DomainEvent[] = []
    const reader = this
    const tx: Tx = {
      get: (c, id) => reader.get(c, id),
      find: (c, i, k) => reader.find(c, i, k),
      findOne: (c, i, k) => reader.findOne(c, i, k),
      countBy: (c, i, k) => reader.countBy(c, i, k),
      all: (c) => reader.all(c),
      size: (c) => reader.size(c),
      put(c, rec) {
        const r = rec as AnyRecord
        undo.push({ c, id: r.id, prev: reader.col(c).byId.get(r.id) })
        reader.col(c).set(r)
        touched.set(c + '\u0000' + r.id, { c, id: r.id, v: r as unknown as Record<string, unknown> })
      },
      delete(c, id) {
        const prev = reader.col(c).byId.get(id)
        if (!prev) return
        undo.push({ c, id, prev })
        reader.col(c).remove(id)
        touched.set(c + '\u0000' + id, { c, id, v: null })
      },
      event(e) {
        events.push(e)
      },
    }
    try {
      const value = fn(tx)
      return { value, ops: [...touched.values()], events }
    } catch (err) {
      for (let i = undo.length - 1; i >= 0; i--) {
        const { c, id, prev } = undo[i]!
        if (prev) reader.col(c).set(prev)
        else reader.col(c).remove(id)
      }
      throw err
    }
  }
}
