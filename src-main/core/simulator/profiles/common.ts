import type { ProfileInfo, Step, StepAction } from '@shared/scenario'
import { planned, seg } from '../request'
import { extra } from '../state'
import type { Answer, PlannedRequest, Profile, RunState, StepEnd, StepFeed, StepProgram } from '../types'

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
