import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { collectionNames, collectionSchemas, collectionsAddedLater, workspaceDocSchema, type WorkspaceDoc } from '@shared/workspace'
import { WorkspaceFileError } from './errors'
import { describeIssues } from './issues'

const headerSchema = workspaceDocSchema.pick({ format: true, version: true, seq: true })

/**
 * Documents read from a file that lacked a collection added later: the compaction worker streams collections in
 * order, so such a file is rewritten once in the current layout when it is opened.
 */
export const docsMissingCollections = new WeakSet<WorkspaceDoc>()

/**
 * Reads and validates the workspace file. zod's output (a copy of each record) is checked and dropped at once,
 * and the parsed record is kept: the copies then die young instead of doubling the old generation while
 * 100,000 users load. The only difference is that fields the schema does not know are kept, not stripped.
 */
export async function readSnapshot(file: string): Promise<WorkspaceDoc> {
  // lowdb keeps its default when the file holds a falsy value; a sentinel tells "null" apart from a document.
  const none = Symbol('none')
  const db = new Low<unknown>(new JSONFile<unknown>(file), none)
  try {
    await db.read()
  } catch (e) {
    const msg = (e as Error).message
    if (e instanceof SyntaxError) throw new WorkspaceFileError(file, `workspace file ${file} is not valid JSON: ${msg}`)
    throw new WorkspaceFileError(file, `cannot read workspace file ${file}: ${msg}`)
  }
  const raw = db.data
  if (raw === none || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new WorkspaceFileError(file, `workspace file ${file} does not hold a workspace document (expected a JSON object)`)
  }
  const fail = (problem: string): never => {
    throw new WorkspaceFileError(file, `workspace file ${file} is invalid: ${problem}`)
  }
  const obj = raw as Record<string, unknown>
  const header = headerSchema.safeParse(obj)
  if (!header.success) fail(describeIssues('', header.error))
  const doc = { ...header.data } as WorkspaceDoc
  for (const c of collectionNames) {
    const added = obj[c] === undefined && collectionsAddedLater.has(c)
    if (added) docsMissingCollections.add(doc)
    const arr = added ? [] : obj[c]
    if (!Array.isArray(arr)) fail(`${c}: expected an array, got ${arr === undefined ? 'nothing' : typeof arr}`)
    const recs = arr as unknown[]
    const schema = collectionSchemas[c]
    const ids = new Set<string>()
    for (let i = 0; i < recs.length; i++) {
      const r = schema.safeParse(recs[i])
      if (!r.success) fail(describeIssues(`${c}[${i}]`, r.error))
      const id = (r.data as { id: string }).id
      // The store is keyed by id; a duplicate would silently shadow a record, so it is refused like any other defect.
      if (ids.has(id)) fail(`${c}[${i}]: duplicate id ${JSON.stringify(id)}`)
      ids.add(id)
    }
    ;(doc as Record<string, unknown>)[c] = recs
  }
  return doc
}
