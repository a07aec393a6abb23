import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { profileIdSchema, scenarioSchema, type ProfileId } from '@shared/scenario'
import { BUILT_IN_SCENARIOS, createRunState, drive, parseScenario, PROFILES, profileInfos, scenarioJsonSchema, SCENARIO_SCHEMA_REF, syntheticServer } from '../../src-main/core/simulator'

/** Built-in scenarios, scenario validation, deterministic generation and the published JSON Schema. */
const root = new URL('../../', import.meta.url)

describe('built-in scenarios', () => {
  it('are valid documents with unique names, each pointing $schema at the published schema', () => {
    for (const s of BUILT_IN_SCENARIOS) {
      expect(scenarioSchema.safeParse(s).success, s.name).toBe(true)
      expect(s.$schema).toBe(SCENARIO_SCHEMA_REF)
      expect(s.name.startsWith(s.profile + '-'), s.name).toBe(true)
    }
    expect(new Set(BUILT_IN_SCENARIOS.map((s) => s.name)).size).toBe(BUILT_IN_SCENARIOS.length)
  })

  it.each(profileIdSchema.options)('%s has a lifecycle, a group push, a Test Connection and an initial sync', (p) => {
    const names = BUILT_IN_SCENARIOS.filter((s) => s.profile === p).map((s) => s.name)
    expect(names.sort()).toEqual([`${p}-group-push`, `${p}-initial-sync`, `${p}-lifecycle`, `${p}-test-connection`])
  })

  it('lifecycles are joiner → mover → leaver → rejoin, with a delete only where the IdP deletes', () => {
    for (const s of BUILT_IN_SCENARIOS.filter((x) => x.name.endsWith('-lifecycle'))) {
      const actions = s.steps.map((x) => x.action)
      expect(actions.slice(0, 6)).toEqual(['testConnection', 'provisionUser', 'provisionUser', 'updateProfile', 'deactivate', 'reactivate'])
      expect(actions.includes('deleteUser')).toBe(PROFILES[s.profile].info.sendsDelete)
      expect(actions).not.toContain('initialSync')
      const leaver = s.steps.find((x) => x.action === 'deactivate')!
      expect(leaver.expect).toMatchObject({ attributes: { active: false }, directory: { notInTeams: ['Engineering'] } })
    }
  })

  it.each(profileIdSchema.options)('%s: every built-in runs to the end against a well-behaved server', (p) => {
    for (const s of BUILT_IN_SCENARIOS.filter((x) => x.profile === p)) {
      const state = createRunState(s, p)
      const srv = syntheticServer()
      for (const step of s.steps) {
        const { end } = drive(PROFILES[p].program(step, state), srv)
        if (end?.failed) throw new Error(`${s.name}/${step.id}: ${end.failed}`)
      }
    }
  })
})

describe('profiles', () => {
  it('profileInfos lists the five profiles with the reference’s timeouts and retry behaviour', () => {
    const infos = Object.fromEntries(profileInfos().map((i) => [i.id, i]))
    expect(Object.keys(infos)).toEqual(['entra-legacy', 'entra-flag', 'okta-oin', 'okta-aiw', 'rfc7644'])
    expect(infos['okta-oin']).toMatchObject({ timeoutMs: 60_000, honoursRetryAfter: true, sendsDelete: false, usesPatch: true, referenceSection: 'b.2' })
    expect(infos['okta-aiw']).toMatchObject({ usesPatch: false, sendsDelete: false })
    expect(infos['entra-legacy']).toMatchObject({ honoursRetryAfter: false, sendsDelete: true, referenceSection: 'b.1' })
    expect(infos.rfc7644!.referenceSection).toBeNull()
  })
})

describe('parseScenario', () => {
  const good = { format: 'scim-sandbox-scenario', version: 1, name: 'mine', title: 'Mine', profile: 'okta-oin', steps: [{ action: 'testConnection' }] }

  it('accepts a document (object or JSON text) and applies defaults', () => {
    const r = parseScenario(JSON.stringify(good))
    expect(r).toMatchObject({ ok: true, scenario: { seed: 1, domain: 'example.test', users: {}, description: '' } })
  })

  it('reports every problem with its path and message, unknown fields by name', () => {
    const r = parseScenario({
      ...good,
      name: 'Bad Name',
      profile: 'ping',
      colour: 'red',
      users: { '9x': {}, alice: { userName: 'a', nickname: 'al' } },
      steps: [{ action: 'provisionUser' }, { action: 'fly' }, { action: 'initialSync', count: 0 }],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    const paths = r.issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['name', 'profile', 'colour', 'users.9x', 'users.alice.nickname', 'steps.0.user', 'steps.1.action', 'steps.2.count']))
    expect(r.issues.find((i) => i.path === 'colour')!.message).toBe('unknown field "colour"')
    expect(r.issues.find((i) => i.path === 'users.alice.nickname')!.message).toBe('unknown field "nickname"')
    expect(r.issues.find((i) => i.path === 'name')!.message).toContain('lowercase letters, digits and -')
    for (const i of r.issues) expect(i.message.length).toBeGreaterThan(3)
  })

  it('reports JSON syntax errors and duplicate step ids', () => {
    expect(parseScenario('{"format":')).toEqual({ ok: false, issues: [{ path: '(document)', message: expect.stringContaining('not JSON') }] })
    const dup = parseScenario({ ...good, steps: [{ action: 'testConnection', id: 'a' }, { action: 'testConnection', id: 'a' }] })
    expect(dup).toEqual({ ok: false, issues: [{ path: 'steps.1.id', message: 'step id "a" is already used by step 0' }] })
    expect(parseScenario(null)).toMatchObject({ ok: false, issues: [{ path: '(document)' }] })
  })
})

describe('deterministic generation', () => {
  const doc = (seed: number, profile: ProfileId = 'entra-legacy') =>
    scenarioSchema.parse({ format: 'scim-sandbox-scenario', version: 1, name: 's', title: 's', profile, seed, users: { a: {}, b: { givenName: 'Bea' } }, steps: [{ action: 'initialSync', count: 30, prefix: 'p' }, { action: 'testConnection' }] })
  const requests = (seed: number) => {
    const s = doc(seed)
    const state = createRunState(s, 'entra-legacy')
    const srv = syntheticServer()
    return s.steps.flatMap((step) => drive(PROFILES['entra-legacy'].program(step, state), srv).requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`))
  }

  it('the same seed gives the same users, bodies and Test Connection GUIDs; another seed does not', () => {
    const a = createRunState(doc(42), 'entra-legacy')
    const b = createRunState(doc(42), 'entra-legacy')
    expect([...a.users]).toEqual([...b.users])
    expect(a.users.get('b')!.givenName).toBe('Bea')
    expect(a.users.get('a')!.userName).toMatch(/^[a-z]+\.[a-z]+\.a@example\.test$/)
    expect(requests(42)).toEqual(requests(42))
    expect(requests(43)).not.toEqual(requests(42))
  })

  it('a generated user depends only on seed and alias (sync7 is the same in a sync of 30 and of 300)', () => {
    const run = (count: number) => {
      const s = scenarioSchema.parse({ ...doc(5), steps: [{ action: 'initialSync', count, prefix: 'p' }] })
      const state = createRunState(s, 'okta-oin')
      drive(PROFILES['okta-oin'].program(s.steps[0]!, state), syntheticServer())
      return state.users.get('p7')
    }
    expect(run(30)).toEqual(run(300))
    expect(run(30)!.externalId).toMatch(/^00u/)
  })

  it('generated userNames are unique emails', () => {
    const s = scenarioSchema.parse({ ...doc(9), steps: [{ action: 'initialSync', count: 500, prefix: 'u' }] })
    const state = createRunState(s, 'rfc7644')
    drive(PROFILES.rfc7644.program(s.steps[0]!, state), syntheticServer())
    const names = [...state.users.values()].map((u) => u.userName)
    expect(new Set(names).size).toBe(names.length)
    for (const n of names) expect(n).toMatch(/^[^@\s]+@example\.test$/)
  })
})

describe('JSON Schema', () => {
  it('schemas/scenario.schema.json is what the contract generates (run: npx tsx scripts/gen-scenario-schema.ts)', () => {
    const committed = readFileSync(new URL('schemas/scenario.schema.json', root), 'utf8')
    expect(committed).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
  })

  it('describes the document: required fields, closed objects, the step actions', () => {
    const schema = scenarioJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, any> }
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'version', 'name', 'title', 'profile', 'steps']))
    expect(schema.required).not.toContain('seed') // defaults make fields optional for a writer
    expect(schema.additionalProperties).toBe(false)
    const actions = JSON.stringify(schema.properties.steps).match(/"const":"(\w+)"/g)!.map((m) => m.slice(9, -1))
    expect(new Set(actions)).toEqual(new Set(['testConnection', 'provisionUser', 'updateProfile', 'deactivate', 'reactivate', 'deleteUser', 'pushGroup', 'renameGroup', 'addMembers', 'removeMembers', 'deleteGroup', 'importUsers', 'initialSync']))
  })
})
