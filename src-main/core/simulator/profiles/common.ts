import type { ProfileInfo, Step, StepAction } from '@shared/scenario'
import { listResponse, pagingIntegers, statusIn, startIndexIs } from '../checks'
import { describe, idOf, jsonOf, planned, query, seg, statusOf } from '../request'
import { extra, userOf, type KnownUser } from '../state'
import type { Answer, PlannedRequest, Profile, ResponseCheck, RunState, StepEnd, StepFeed, StepProgram } from '../types'

/** The step of one action, narrowed. */
export type StepOf<A extends StepAction> = Extract<Step, { action: A }>
/** One program per action: what the IdP sends for that step. */
export type Programs = { [A in StepAction]: (step: StepOf<A>, state: RunState) => StepProgram }
export type Headers = (hasBody: boolean) => Record<string, string>

/** A profile as the core keeps it: the contract's Profile plus what coverage and the runner's helpers need. */
export interface ProfileDef extends Profile {
  headers: Headers
  /** Items of idp-request-patterns.md realised by the profile's data rather than by one request (timeouts, retries). */
  dataItems: Record<string, string>
  /** Items of its IdP this profile does not reproduce, each with the reason. */
  notSimulated: Record<string, string>
}

/**
 * Assembles a profile: dispatches a step to its program and, when the step asserts attributes, appends the read-back
 * GET (marked `readBack: true`: the simulator's, not the IdP's, and never judged by the profile's checks) — also
 * after a failed step, so the report shows what the failure left; not after a skipped one. The
 * ExpectationChecker reads `expect.attributes` from that read-back only, never from the main answer: a PATCH answer
 * need not be the resource (b.1.5) and a 204 has none, so one rule for every step is simpler to explain.
 */
export function defineProfile(info: ProfileInfo, headers: Headers, programs: Programs, dataItems: Record<string, string>, notSimulated: Record<string, string>): ProfileDef {
  return {
    info,
    headers,
    dataItems,
    notSimulated,
    program(step, state) {
      const inner = (programs[step.action] as (s: Step, st: RunState) => StepProgram)(step, state)
      return withReadBack(inner, step, state, headers)
    },
  }
}

function* withReadBack(inner: StepProgram, step: Step, state: RunState, headers: Headers): StepProgram {
  const end = yield* inner
  // Also after a failed step: reading the resource back shows what the failure left (e.g. active still true).
  if (end?.skipped || !step.expect?.attributes) return end
  const rb = readBackRequest(step, state, headers)
  if (rb) yield rb
  return end
}

/** The GET that reads the step's resource back for `expect.attributes`, or null when the step has no single resource. */
export function readBackRequest(step: Step, state: RunState, headers: Headers): PlannedRequest | null {
  const parts = { note: 'Read-back added by the simulator to check the step’s expected attributes; the IdP does not send it.', items: [], checks: [], readBack: true }
  if ('user' in step) {
    const id = state.userIds.get(step.user)
    return id ? planned(headers, 'GET', `/Users/${seg(id)}`, parts) : null
  }
  if ('group' in step) {
    const id = state.groupIds.get(step.group)
    return id ? planned(headers, 'GET', `/Groups/${seg(id)}`, parts) : null
  }
  return null
}

// ——— state a step needs ———

/** The target's id of a user, or the reason the step cannot go on (it was never provisioned). */
export function needUser(state: RunState, alias: string): { id: string } | { end: StepEnd } {
  const id = state.userIds.get(alias)
  return id ? { id } : { end: { failed: `user "${alias}" has no id on the target (it was never provisioned, or its create failed), so nothing was sent` } }
}
export function needGroup(state: RunState, alias: string): { id: string } | { end: StepEnd } {
  const id = state.groupIds.get(alias)
  return id ? { id } : { end: { failed: `group "${alias}" has no id on the target (it was never pushed, or its create failed), so nothing was sent` } }
}
/** Ids of all these users, or the reason the step cannot go on (naming every user without one). */
export function needUsers(state: RunState, aliases: string[]): { ids: string[] } | { end: StepEnd } {
  const missing = aliases.filter((a) => !state.userIds.has(a))
  if (missing.length) return { end: { failed: `${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'have' : 'has'} no id on the target (never provisioned), so nothing was sent` } }
  return { ids: aliases.map((a) => state.userIds.get(a)!) }
}

/** Remembers the group's members as the IdP knows them (Okta AIW PUTs the whole list). */
export function setMembers(state: RunState, group: string, users: string[]): void {
  extra(state).members.set(group, [...new Set(users)])
}
export function membersOf(state: RunState, group: string): string[] {
  return extra(state).members.get(group) ?? []
}

/** Sends one request and returns its answer (a program's building block). */
export function* send(req: PlannedRequest): Generator<PlannedRequest, Answer, StepFeed> {
  const feed = yield req
  return Array.isArray(feed) ? feed[0]! : feed
}
/** Sends a batch (the runner may send it concurrently) and returns the answers in the same order. */
export function* sendAll(reqs: PlannedRequest[]): Generator<PlannedRequest[], Answer[], StepFeed> {
  if (!reqs.length) return []
  const feed = yield reqs
  return Array.isArray(feed) ? feed : [feed]
}

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

/** Common checks of a query answer (a filter or a page). */
export function queryChecks(what: string, source: string, items: string[], extra: ResponseCheck[] = []): ResponseCheck[] {
  return [statusIn([200], what, { source, items }), listResponse({ source, items }), ...extra]
}
