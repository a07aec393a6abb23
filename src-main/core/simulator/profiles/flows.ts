import { pagingIntegers, startIndexIs } from '../checks'
import { describe, idOf, jsonOf, planned, query, statusOf } from '../request'
import { userOf, type KnownUser } from '../state'
import type { Answer, PlannedRequest, ResponseCheck, RunState, StepFeed, StepProgram } from '../types'
import { send, sendAll, type Headers, type StepOf } from './common'

/** Multi-request sequences several profiles share: paging through a collection, and match-then-create in batches. */

// ——— import (paging) ———

export interface PagingOptions {
  resource: 'Users' | 'Groups'
  pageSize: number
  headers: Headers
  /** Extra query parameters before startIndex/count (Entra's excludedAttributes on Groups). */
  extraQuery?: Record<string, string>
  note: (page: number, startIndex: number) => string
  items: string[]
  /** Checks on every page (status, content type); the paging checks are added here. */
  checks: ResponseCheck[]
  pagingSource: string
  /** The first page is the step's main request. */
  main?: boolean
}

/**
 * Pages through a collection as an IdP's import does (RFC 7644 §3.4.2.4, b.2.7, b.1.15): startIndex 1, 1+count, …
 * until totalResults is reached. Verifies what only the sequence shows: ids never repeat across pages (stable
 * ordering) and the pages add up to totalResults. Returns the problem found, if any.
 */
export function* pageThrough(o: PagingOptions): Generator<PlannedRequest, string | null, StepFeed> {
  const seen = new Set<string>()
  let startIndex = 1
  let total: number | null = null
  // A runaway server (totalResults that never ends) must not page forever.
  for (let page = 1; page <= 10_000; page++) {
    const checks = [...o.checks, pagingIntegers({ source: o.pagingSource, items: o.items }), startIndexIs(startIndex, { source: o.pagingSource, items: o.items })]
    const a = yield* send(
      planned(o.headers, 'GET', `/${o.resource}${query({ ...o.extraQuery, startIndex, count: o.pageSize })}`, { note: o.note(page, startIndex), items: o.items, checks, main: o.main && page === 1 }),
    )
    if (statusOf(a) !== 200) return `page ${page} of /${o.resource} ${describe(a)}, so the import stopped`
    const body = jsonOf(a)!
    const resources = Array.isArray(body?.Resources) ? body.Resources : []
    if (typeof body?.totalResults === 'number') total = body.totalResults
    for (const r of resources) {
      const id = (r as { id?: unknown })?.id
      if (typeof id !== 'string') continue
      if (seen.has(id)) return `page ${page} of /${o.resource} repeats id "${id}" from an earlier page: the ordering is not stable across pages, so an import would miss or duplicate resources`
      seen.add(id)
    }
    if (total === null) return `page ${page} of /${o.resource} has no numeric totalResults, so the importer cannot tell when to stop`
    if (startIndex - 1 + resources.length >= total) break
    if (!resources.length) return `page ${page} of /${o.resource} (startIndex ${startIndex}) is empty although totalResults is ${total}`
    startIndex += o.pageSize
  }
  if (total !== null && seen.size !== total) return `the pages of /${o.resource} held ${seen.size} distinct resources, but totalResults said ${total}`
  return null
}

// ——— match, then create (provisionUser and initialSync) ———

export interface UserFlow {
  /** The IdP's lookup of one user before creating it. */
  match(alias: string, u: KnownUser, state: RunState, main?: boolean): PlannedRequest
  /** The id the lookup found; null when none was found; a string reason when the IdP stops there (e.g. Entra on a 404). */
  found(a: Answer): { id: string | null } | { stop: string }
  create(alias: string, u: KnownUser, state: RunState, main?: boolean): PlannedRequest
}

/** The aliases initialSync generates: `prefix` + 1…count. */
export const syncAliases = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`)

/** How many users initialSync matches (then creates) per batch; the runner bounds how many of them are in flight. */
export const SYNC_BATCH = 100

/**
 * initialSync: every generated user is looked up then created, in batches the runner may send concurrently (an
 * IdP's initial cycle provisions users in parallel). Users the lookup finds are linked, not re-created: an initial
 * cycle that finds a match updates it instead, which a sync of generated users does not need.
 */
export function* initialSync(step: StepOf<'initialSync'>, state: RunState, flow: UserFlow): StepProgram {
  const aliases = syncAliases(step.prefix, step.count)
  let failed = 0
  let firstProblem = ''
  for (let i = 0; i < aliases.length; i += SYNC_BATCH) {
    const chunk = aliases.slice(i, i + SYNC_BATCH)
    const users = chunk.map((a) => userOf(state, a))
    const found = yield* sendAll(users.map((u, k) => flow.match(chunk[k]!, u, state)))
    const toCreate: number[] = []
    found.forEach((a, k) => {
      const f = flow.found(a)
      if ('stop' in f) {
        failed++
        firstProblem ||= `${chunk[k]}: ${f.stop}`
      } else if (f.id) state.userIds.set(chunk[k]!, f.id)
      else toCreate.push(k)
    })
    const created = yield* sendAll(toCreate.map((k) => flow.create(chunk[k]!, users[k]!, state)))
    created.forEach((a, j) => {
      const k = toCreate[j]!
      const id = idOf(a)
      if (statusOf(a) === 201 && id) state.userIds.set(chunk[k]!, id)
      else {
        failed++
        firstProblem ||= `${chunk[k]}: the create ${describe(a)}${statusOf(a) === 201 ? ' without an id' : ''}`
      }
    })
  }
  if (failed) return { failed: `${failed} of ${aliases.length} users were not provisioned (first: ${firstProblem})` }
}
