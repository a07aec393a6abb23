import type { CollectionName, JournalRecord, WorkspaceDoc } from '@shared/workspace'

/**
 * Applies journal records to a loaded snapshot as they are read. Each touched collection goes through a Map so
 * the resulting order is the one MemoryStore would have (an update keeps its place, a re-insert after a delete
 * goes last), which is also the order the compaction worker writes; untouched collections are left alone.
 */
export class Replayer {
  private readonly maps = new Map<CollectionName, Map<string, unknown>>()

  constructor(private readonly doc: WorkspaceDoc) {}

  apply(rec: JournalRecord): void {
    for (const op of rec.ops) {
      let m = this.maps.get(op.c)
      if (!m) {
        m = new Map()
        for (const r of this.doc[op.c] as { id: string }[]) m.set(r.id, r)
        this.maps.set(op.c, m)
      }
      if (op.v === null) m.delete(op.id)
      else m.set(op.id, op.v)
    }
  }

  /** Writes the replayed collections back into the document. */
  finish(): WorkspaceDoc {
    for (const [c, m] of this.maps) (this.doc as Record<string, unknown>)[c] = [...m.values()]
    this.maps.clear()
    return this.doc
  }
}
