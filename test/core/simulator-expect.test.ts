import { describe, expect, it } from 'vitest'
import { scenarioSchema, type Expectation, type Step } from '@shared/scenario'
import { checkExpectation, createRunState, type Answer, type DirectoryProbe } from '../../src-main/core/simulator'

/** The ExpectationChecker: status of the main answer, attributes of the read-back by SCIM path, directory assertions. */
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const scenario = scenarioSchema.parse({
  format: 'scim-sandbox-scenario',
  version: 1,
  name: 't',
  title: 't',
  profile: 'okta-oin',
  users: { alice: { userName: 'alice@acme.test' }, bob: { userName: 'Bob@acme.test' } },
  steps: [{ action: 'provisionUser', user: 'alice' }],
})
const userStep = scenario.steps[0]!
const groupStep: Step = { action: 'renameGroup', group: 'eng', displayName: 'X' }
const ok = (status: number): Answer => ({ response: { status, headers: {}, bodyText: null, json: undefined, durationMs: 1 }, error: null })
const alice = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: 'u1',
  userName: 'alice@acme.test',
  active: false,
  name: { givenName: 'Alice', familyName: 'Rivera' },
  emails: [
    { type: 'home', value: 'a@home.test' },
    { type: 'work', value: 'alice@acme.test', primary: true },
  ],
  [ENT]: { department: 'Platform', manager: { value: 'm1' } },
}

function check(expect_: Expectation, opts: { main?: Answer | null; readBack?: unknown; step?: Step; directory?: DirectoryProbe | null } = {}) {
  const state = createRunState(scenario, 'okta-oin')
  state.groupIds.set('eng', 'g1')
  return checkExpectation(expect_, { main: opts.main === undefined ? ok(201) : opts.main, readBack: opts.readBack, state, step: opts.step ?? userStep, directory: opts.directory ?? null })
}
const outcomes = (rs: { id: string; outcome: string }[]) => Object.fromEntries(rs.map((r) => [r.id, r.outcome]))

describe('status', () => {
  it('passes on a listed status and fails naming the one seen', () => {
    expect(check({ status: 201 })).toEqual([expect.objectContaining({ id: 'expect-status', outcome: 'pass', reason: 'answered 201' })])
    expect(check({ status: [200, 204] })[0]).toMatchObject({ outcome: 'fail', reason: 'answered 201, expected 200 or 204' })
    expect(check({ status: 201 }, { main: { response: null, error: 'ECONNREFUSED' } })[0]).toMatchObject({ outcome: 'fail', reason: 'no answer (ECONNREFUSED)' })
    expect(check({ status: 201 }, { main: null })[0]!.outcome).toBe('skipped')
  })
})

describe('attributes (read from the read-back)', () => {
  it('top-level, dotted, value-filtered and extension paths', () => {
    const rs = check(
      { attributes: { active: false, 'name.familyName': 'Rivera', 'emails[type eq "work"].value': 'alice@acme.test', [`${ENT}:department`]: 'Platform', [`${ENT}:manager.value`]: 'm1', 'NAME.givenname': 'Alice' } },
      { readBack: alice },
    )
    expect(rs.map((r) => r.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass'])
  })

  it('a mismatch says what was seen; booleans are not strings', () => {
    const rs = check({ attributes: { active: true, 'name.familyName': 'Martin', 'emails[type eq "other"].value': 'x', 'emails.value': ['a@home.test', 'alice@acme.test'] } }, { readBack: { ...alice, active: 'False' } })
    expect(rs.map((r) => [r.outcome, r.reason])).toEqual([
      ['fail', 'active is "False", expected true'],
      ['fail', 'name.familyName is "Rivera", expected "Martin"'],
      ['fail', 'emails[type eq "other"].value has no value, expected "x"'],
      ['pass', expect.stringContaining('has 2 values')],
    ])
  })

  it('null expects no value; a missing read-back or an error body fails with the reason', () => {
    expect(check({ attributes: { title: null } }, { readBack: alice })[0]!.outcome).toBe('pass')
    expect(check({ attributes: { active: false } })[0]).toMatchObject({ outcome: 'fail', reason: expect.stringContaining('no read-back') })
    expect(check({ attributes: { active: false } }, { readBack: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'gone' } })[0]).toMatchObject({ outcome: 'fail', reason: expect.stringContaining('gone') })
    expect(check({ attributes: { 'emails[type eq': 1 } }, { readBack: alice })[0]).toMatchObject({ outcome: 'fail', reason: expect.stringContaining('not a SCIM attribute path') })
  })

  it('group steps read Group paths', () => {
    expect(check({ attributes: { displayName: 'X', 'members.value': ['u1'] } }, { readBack: { id: 'g1', displayName: 'X', members: [{ value: 'u1' }] }, step: groupStep }).map((r) => r.outcome)).toEqual(['pass', 'pass'])
  })
})

describe('directory', () => {
  const probe: DirectoryProbe = {
    accountTeams: (email) => ({ 'alice@acme.test': ['Engineering', 'Platform'], 'bob@acme.test': [] } as Record<string, string[]>)[email.toLowerCase()] ?? null,
    groupTeamMembers: (id) => (id === 'g1' ? ['ALICE@acme.test', 'bob@acme.test'] : null),
  }

  it('account, teams in and out, the group’s team and its members', () => {
    const rs = check({ directory: { user: 'alice', accountExists: true, inTeams: ['Engineering'], notInTeams: ['Sales'], group: 'eng', teamExists: true, teamMembers: ['bob', 'alice'] } }, { directory: probe })
    expect(outcomes(rs)).toEqual({
      'expect-directory:accountExists': 'pass',
      'expect-directory:inTeams': 'pass',
      'expect-directory:notInTeams': 'pass',
      'expect-directory:teamExists': 'pass',
      'expect-directory:teamMembers': 'pass',
    })
  })

  it('failures name the teams and members seen', () => {
    const rs = check({ directory: { user: 'alice', inTeams: ['Sales'], notInTeams: ['Engineering'], group: 'eng', teamMembers: ['alice'] } }, { directory: probe })
    expect(rs.map((r) => r.reason)).toEqual([
      'alice@acme.test is not in Sales (its teams: Engineering, Platform)',
      'alice@acme.test is still in Engineering',
      'its members are alice@acme.test, bob@acme.test',
    ])
    expect(rs.every((r) => r.outcome === 'fail')).toBe(true)
  })

  it('a group never pushed has no team', () => {
    const rs = check({ directory: { group: 'other', teamExists: false } }, { directory: probe })
    expect(rs[0]).toMatchObject({ outcome: 'pass', reason: expect.stringContaining('never pushed') })
  })

  it('without a probe (external target) each directory assertion is skipped with the reason', () => {
    const rs = check({ directory: { user: 'alice', inTeams: ['Engineering'], notInTeams: ['X'] } })
    expect(rs.map((r) => r.outcome)).toEqual(['skipped', 'skipped'])
    expect(rs[0]!.reason).toContain('external SCIM server')
  })
})
