import type { CheckResult, Expectation, Step } from '@shared/scenario'
import { deepEqual } from '../schema/json'
import { isObject } from './checks'
import { valuesAt } from './paths'
import { userOf } from './state'
import type { Answer, DirectoryProbe, ExpectationChecker, RunState } from './types'

/**
 * Checks a step's `expect` (src-shared/scenario.ts expectationSchema):
 * - `status` against the step's main request (the one marked `main`);
 * - `attributes` against the read-back (the GET marked `readBack` that the profile appends when a step asserts
 *   attributes). Only the read-back is used, never the main answer: a PATCH answer need not be the resource (b.1.5)
 *   and a 204 has none. The runner passes the read-back's parsed JSON body;
 * - `directory` through the DirectoryProbe of the embedded sandbox; with none (an external URL) each directory
 *   assertion is 'skipped' with that reason.
 * One CheckResult per assertion, so a report lists exactly which one failed.
 */
export const checkExpectation: ExpectationChecker = (expect, ctx) => {
  const source = `the scenario's expect of step ${ctx.step.id ?? ctx.step.action}`
  const out: CheckResult[] = []
  const result = (id: string, title: string, outcome: CheckResult['outcome'], reason: string): CheckResult => ({ id, title, outcome, reason, source, items: [] })

  if (expect.status !== undefined) out.push(statusResult(expect.status, ctx.main, result))
  for (const [path, want] of Object.entries(expect.attributes ?? {})) out.push(attributeResult(path, want, ctx.readBack, ctx.step, result))
  if (expect.directory) out.push(...directoryResults(expect.directory, ctx.state, ctx.directory, result))
  return out
}

type Result = (id: string, title: string, outcome: CheckResult['outcome'], reason: string) => CheckResult

function statusResult(want: number | number[], main: Answer | null, result: Result): CheckResult {
  const list = Array.isArray(want) ? want : [want]
  const title = `status ${list.join(' or ')}`
  if (!main) return result('expect-status', title, 'skipped', 'the step sent no main request, so there is no status to compare')
  if (!main.response) return result('expect-status', title, 'fail', `no answer (${main.error})`)
  const got = main.response.status
  return list.includes(got) ? result('expect-status', title, 'pass', `answered ${got}`) : result('expect-status', title, 'fail', `answered ${got}, expected ${list.join(' or ')}`)
}

const show = (v: unknown) => JSON.stringify(v) ?? 'nothing'

function attributeResult(path: string, want: unknown, readBack: unknown, step: Step, result: Result): CheckResult {
  const id = `expect-attribute:${path}`
  const title = `${path} is ${show(want)}`
  if (!isObject(readBack)) return result(id, title, 'fail', readBack === undefined ? 'there is no read-back of the resource (the step sent nothing, or its resource has no id)' : `the read-back is not a resource: ${show(readBack).slice(0, 120)}`)
  if (readBack.schemas && Array.isArray(readBack.schemas) && readBack.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error'))
    return result(id, title, 'fail', `the read-back answered an error: ${show(readBack.detail ?? readBack.status)}`)
  const kind = 'group' in step ? 'Group' : 'User'
  const r = valuesAt(readBack, path, kind)
  if ('error' in r) return result(id, title, 'fail', r.error)
  const { values } = r
  const pass = want === null ? values.length === 0 : Array.isArray(want) ? deepEqual(values, want) : values.length === 1 && deepEqual(values[0], want)
  const seen = values.length === 0 ? 'has no value' : values.length === 1 ? `is ${show(values[0])}` : `has ${values.length} values ${show(values)}`
  return result(id, title, pass ? 'pass' : 'fail', pass ? `${path} ${seen}` : `${path} ${seen}, expected ${show(want)}`)
}

function directoryResults(d: NonNullable<Expectation['directory']>, state: RunState, probe: DirectoryProbe | null, result: Result): CheckResult[] {
  const asserted = Object.keys(d).filter((k) => k !== 'user' && k !== 'group')
  if (!probe) return asserted.map((k) => result(`expect-directory:${k}`, `directory: ${k}`, 'skipped', 'directory assertions need the embedded sandbox; this target is an external SCIM server'))
  const out: CheckResult[] = []
  if (d.accountExists !== undefined || d.inTeams || d.notInTeams) {
    if (!d.user) return [result('expect-directory:user', 'directory: user', 'fail', 'accountExists, inTeams and notInTeams need "user" (an alias)')]
    // The sandbox links a SCIM user to the account whose email is its userName (PRODUCT.md §4).
    const email = userOf(state, d.user).userName
    const teams = probe.accountTeams(email)
    if (d.accountExists !== undefined) {
      const ok = (teams !== null) === d.accountExists
      out.push(result('expect-directory:accountExists', `account ${email} ${d.accountExists ? 'exists' : 'does not exist'}`, ok ? 'pass' : 'fail', teams === null ? `there is no account ${email}` : `account ${email} exists`))
    }
    if (d.inTeams) {
      const missing = d.inTeams.filter((t) => !(teams ?? []).includes(t))
      out.push(result('expect-directory:inTeams', `${email} in ${d.inTeams.join(', ')}`, missing.length ? 'fail' : 'pass', teams === null ? `there is no account ${email}` : missing.length ? `${email} is not in ${missing.join(', ')} (its teams: ${teams.join(', ') || 'none'})` : `${email} is in ${d.inTeams.join(', ')}`))
    }
    if (d.notInTeams) {
      const present = d.notInTeams.filter((t) => (teams ?? []).includes(t))
      out.push(result('expect-directory:notInTeams', `${email} not in ${d.notInTeams.join(', ')}`, present.length ? 'fail' : 'pass', present.length ? `${email} is still in ${present.join(', ')}` : `${email} is in none of ${d.notInTeams.join(', ')}`))
    }
  }
  if (d.teamExists !== undefined || d.teamMembers) {
    if (!d.group) return [...out, result('expect-directory:group', 'directory: group', 'fail', 'teamExists and teamMembers need "group" (an alias)')]
    const id = state.groupIds.get(d.group)
    const members = id ? probe.groupTeamMembers(id) : null
    const why = id ? `group "${d.group}" (id ${id})` : `group "${d.group}" (never pushed)`
    if (d.teamExists !== undefined) {
      const ok = (members !== null) === d.teamExists
      out.push(result('expect-directory:teamExists', `the team of ${why} ${d.teamExists ? 'exists' : 'does not exist'}`, ok ? 'pass' : 'fail', members === null ? `${why} has no team` : `${why} has a team`))
    }
    if (d.teamMembers) {
      const want = d.teamMembers.map((a) => userOf(state, a).userName.toLowerCase()).sort()
      const got = (members ?? []).map((m) => m.toLowerCase()).sort()
      const ok = members !== null && deepEqual(got, want)
      out.push(result('expect-directory:teamMembers', `the team of ${why} has ${want.join(', ') || 'no members'}`, ok ? 'pass' : 'fail', members === null ? `${why} has no team` : `its members are ${got.join(', ') || 'none'}`))
    }
  }
  return out
}
