import type { CollectionName, JournalRecord, WorkspaceDoc } from '@shared/workspace'

/**
 * Applies journal records to a loaded snapshot, in place. Each touched collection goes through a Map so the
 * resulting order is the one MemoryStore would have (an update keeps its place, a re-insert after a delete
 * goes last), which is also the order the compaction worker writes; untouched collections are left alone.
 */
export function replay(doc: WorkspaceDoc, records: Iterable<JournalRecord>): void {
  const maps = new Map<CollectionName, Map<string, unknown>>()
  for (const rec of records) {
    for (const op of rec.ops) {
      let m = maps.get(op.c)
      if (!m) {
        m = new Map((doc[op.c] as { id: string }[]).map((r) => [r.id, r]))
        maps.set(op.c, m)
      }
      if (op.v === null) m.delete(op.id)
      else m.set(op.id, op.v)
    }
  }
  for (const [c, m] of maps) (doc as Record<string, unknown>)[c] = [...m.values()]
}
