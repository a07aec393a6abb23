import { describe, expect, it } from 'vitest'
import { scenarioSchema, type ProfileId, type ScenarioInput, type StepInput } from '@shared/scenario'
import { createRunState, drive, PROFILES, syntheticServer, type Answer, type PlannedRequest, type RunState } from '../../src-main/core/simulator'

/**
 * Each profile's exact request shapes per step (idp-request-patterns.md items in the test names), driven with
 * synthetic answers — no HTTP. Asserts methods, paths, headers, op casing and value types, not snapshots.
 */
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const AD_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function scenario(profile: ProfileId, steps: StepInput[], extra: Partial<ScenarioInput> = {}) {
  return scenarioSchema.parse({
    format: 'scim-sandbox-scenario',
    version: 1,
    name: 't',
    title: 't',
    profile,
    domain: 'acme.test',
    users: {
      alice: { userName: 'alice@acme.test', givenName: 'Alice', familyName: 'Martin', title: 'Engineer' },
      bob: { userName: 'bob@acme.test', givenName: 'Bob', familyName: 'Stone' },
      mgr: { userName: 'mgr@acme.test', givenName: 'Morgan', familyName: 'Lee' },
    },
    groups: { eng: { displayName: 'Eng' } },
    steps,
    ...extra,
  })
}

/** Runs all steps against one synthetic server; returns the requests and ends of each step. */
function run(profile: ProfileId, steps: StepInput[], respond: (r: PlannedRequest) => Answer = syntheticServer(), extra: Partial<ScenarioInput> = {}) {
  const s = scenario(profile, steps, extra)
  const state = createRunState(s, profile)
  const results = s.steps.map((step) => drive(PROFILES[profile].program(step, state), respond))
  return { state, results, last: results[results.length - 1]! }
}

const ops = (r: PlannedRequest) => (r.body as { Operations: Record<string, unknown>[] }).Operations
const q = (r: PlannedRequest) => decodeURIComponent(r.path)
const provision = (...users: string[]): StepInput[] => users.map((user) => ({ action: 'provisionUser', user }))

describe('Entra ID (b.1)', () => {
  it('Test Connection: /Schemas, a random-GUID userName filter, the group probe without members; no User-Agent (b.1.1, b.1.13, b.1.22)', () => {
    const { last } = run('entra-legacy', [{ action: 'testConnection' }])
    expect(last.requests.map((r) => r.method + ' ' + r.path.split('?')[0])).toEqual(['GET /Schemas', 'GET /Users', 'GET /Groups'])
    const [, users, groups] = last.requests as [PlannedRequest, PlannedRequest, PlannedRequest]
    const guid = /^\/Users\?filter=userName eq "(.*)"$/.exec(q(users))![1]!
    expect(guid).toMatch(GUID)
    expect(users.main).toBe(true)
    expect(q(groups)).toBe(`/Groups?excludedAttributes=members&filter=displayName eq "${guid}"`)
    for (const r of last.requests) {
      expect(Object.keys(r.headers).map((h) => h.toLowerCase())).not.toContain('user-agent')
      expect(r.headers.Accept).toBe('application/scim+json')
    }
    expect(last.end).toBeUndefined()
  })

  it('provision: match by userName, then POST with both schemas, meta, roles: [] and name.formatted; the id is remembered (b.1.2, b.1.3)', () => {
    const { state, last } = run('entra-legacy', provision('alice'))
    const [match, post] = last.requests as [PlannedRequest, PlannedRequest]
    expect(match.method).toBe('GET')
    expect(match.path).toBe('/Users?filter=userName%20eq%20%22alice%40acme.test%22')
    expect(post.method).toBe('POST')
    expect(post.main).toBe(true)
    expect(post.headers['Content-Type']).toBe('application/scim+json')
    const body = post.body as Record<string, any>
    expect(body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENT])
    expect(body).toMatchObject({ userName: 'alice@acme.test', active: true, meta: { resourceType: 'User' }, roles: [], name: { formatted: 'Alice Martin', givenName: 'Alice', familyName: 'Martin' } })
    expect(body.emails).toEqual([{ primary: true, type: 'work', value: 'alice@acme.test' }])
    expect(body.externalId).toMatch(GUID)
    expect(state.userIds.get('alice')).toBe('id-1')
  })

  it('provision: a matched user is linked and PATCHed, not created again (b.1.2, b.1.18)', () => {
    const srv = syntheticServer()
    run('entra-legacy', provision('alice'), srv)
    const { state, last } = run('entra-legacy', provision('alice'), srv)
    expect(last.requests.map((r) => r.method)).toEqual(['GET', 'PATCH'])
    expect(state.userIds.get('alice')).toBe('id-1')
    expect(ops(last.requests[1]!)).toContainEqual({ op: 'Replace', path: 'active', value: 'True' })
  })

  it('provision: a 404 to the match query stops before any create (b.1.1)', () => {
    const { last } = run('entra-legacy', provision('alice'), () => ({ response: { status: 404, headers: {}, bodyText: null, json: undefined, durationMs: 1 }, error: null }))
    expect(last.requests).toHaveLength(1)
    expect(last.end).toEqual({ failed: expect.stringContaining('404') })
  })

  it('legacy update: capitalised ops with paths, the work email by a value filter, manager as a plain string after the id+manager filter, cleared title not sent (b.1.5, b.1.8, b.1.10, b.1.12)', () => {
    const { last } = run('entra-legacy', [
      ...provision('mgr', 'alice'),
      { action: 'updateProfile', user: 'alice', changes: { familyName: 'Rivera', email: 'ar@acme.test', department: 'Platform', title: '', manager: 'mgr' } },
    ])
    const [check, patch] = last.requests as [PlannedRequest, PlannedRequest]
    expect(q(check)).toBe('/Users?filter=id eq "id-2" and manager eq "id-1"')
    expect(patch.method).toBe('PATCH')
    expect(ops(patch)).toEqual([
      { op: 'Replace', path: 'name.familyName', value: 'Rivera' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ar@acme.test' },
      { op: 'Add', path: `${ENT}:department`, value: 'Platform' },
      { op: 'Replace', path: 'name.formatted', value: 'Alice Rivera' },
      { op: 'Add', path: `${ENT}:manager`, value: 'id-1' },
    ])
    expect(patch.items).toEqual(expect.arrayContaining(['b.1.5', 'b.1.8', 'b.1.10', 'b.1.12']))
    expect(JSON.stringify(patch.body)).not.toContain('title')
  })

  it('flag update: one path-less replace with dotted keys; the email keeps its filtered path (b.1.6)', () => {
    const { last } = run('entra-flag', [...provision('alice'), { action: 'updateProfile', user: 'alice', changes: { givenName: 'Ally', employeeNumber: '42', email: 'ally@acme.test' } }])
    const patch = last.requests.find((r) => r.method === 'PATCH')!
    expect(ops(patch)).toEqual([
      { op: 'replace', value: { 'name.givenName': 'Ally', [`${ENT}:employeeNumber`]: '42', 'name.formatted': 'Ally Martin' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ally@acme.test' },
    ])
  })

  it('an update that only clears values sends nothing (b.1.12)', () => {
    const { last } = run('entra-legacy', [...provision('alice'), { action: 'updateProfile', user: 'alice', changes: { title: '' } }])
    expect(last.requests).toEqual([])
    expect(last.end).toEqual({ skipped: expect.stringContaining('b.1.12') })
  })

  it('disable: legacy "False" string with "Replace", flag boolean with "replace"; reactivation likewise (b.1.7)', () => {
    const legacy = run('entra-legacy', [...provision('alice'), { action: 'deactivate', user: 'alice' }, { action: 'reactivate', user: 'alice' }])
    expect(ops(legacy.results[1]!.requests[0]!)).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(ops(legacy.results[2]!.requests[0]!)).toEqual([{ op: 'Replace', path: 'active', value: 'True' }])
    const flag = run('entra-flag', [...provision('alice'), { action: 'deactivate', user: 'alice' }])
    expect(ops(flag.last.requests[0]!)).toEqual([{ op: 'replace', path: 'active', value: false }])
  })

  it('hard delete is DELETE /Users/{id} (b.1.9)', () => {
    const { last } = run('entra-legacy', [...provision('alice'), { action: 'deleteUser', user: 'alice' }])
    expect(last.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /Users/id-1'])
    expect(last.requests[0]!.body).toBeUndefined()
    expect(last.requests[0]!.headers['Content-Type']).toBeUndefined()
  })

  it('groups: matched by displayName without members, created with the ADSCIM schema and no members, then one Add with $ref null; rename Replace (b.1.11)', () => {
    const { results } = run('entra-legacy', [...provision('alice', 'bob'), { action: 'pushGroup', group: 'eng', members: ['alice', 'bob'] }, { action: 'renameGroup', group: 'eng', displayName: 'Eng 2' }])
    const [match, post, add] = results[2]!.requests as [PlannedRequest, PlannedRequest, PlannedRequest]
    expect(q(match)).toBe('/Groups?excludedAttributes=members&filter=displayName eq "Eng"')
    expect(post.body).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', AD_GROUP], externalId: expect.stringMatching(GUID), displayName: 'Eng' })
    expect(ops(add)).toEqual([{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'id-1' }, { $ref: null, value: 'id-2' }] }])
    expect(ops(results[3]!.requests[0]!)).toEqual([{ op: 'Replace', path: 'displayName', value: 'Eng 2' }])
  })

  it('member remove: legacy value list vs flag members[value eq] per member (b.1.11)', () => {
    const steps: StepInput[] = [...provision('alice', 'bob'), { action: 'pushGroup', group: 'eng', members: ['alice', 'bob'] }, { action: 'removeMembers', group: 'eng', users: ['alice', 'bob'] }]
    expect(ops(run('entra-legacy', steps).last.requests[0]!)).toEqual([{ op: 'Remove', path: 'members', value: [{ value: 'id-1' }, { value: 'id-2' }] }])
    expect(ops(run('entra-flag', steps).last.requests[0]!)).toEqual([
      { op: 'remove', path: 'members[value eq "id-1"]' },
      { op: 'remove', path: 'members[value eq "id-2"]' },
    ])
  })

  it('pagination walks startIndex 1, 6, 11… with count=5 (b.1.15)', () => {
    const srv = syntheticServer()
    run('entra-legacy', [{ action: 'initialSync', count: 12 }], srv)
    const { last } = run('entra-legacy', [{ action: 'importUsers', pageSize: 5 }], srv)
    expect(last.requests.map((r) => r.path)).toEqual(['/Users?startIndex=1&count=5', '/Users?startIndex=6&count=5', '/Users?startIndex=11&count=5'])
    expect(last.end).toBeUndefined()
  })
})

describe('Okta (b.2)', () => {
  const OKTA_HEADERS = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Accept-Encoding': 'gzip,deflate' }

  it('every request carries Okta’s captured headers; Content-Type only with a body (b.2.1)', () => {
    const { results } = run('okta-oin', [{ action: 'testConnection' }, ...provision('alice'), { action: 'deactivate', user: 'alice' }])
    const all = results.flatMap((r) => r.requests)
    expect(all.length).toBeGreaterThan(5)
    for (const r of all) {
      expect(r.headers).toMatchObject(OKTA_HEADERS)
      expect(r.headers['Content-Type']).toBe(r.body === undefined ? undefined : 'application/scim+json; charset=utf-8')
    }
  })

  it('provision: existence check with startIndex=1&count=100 (404 accepted), then the OIN create body (b.2.2, b.2.3, b.2.14)', () => {
    const notFoundThenCreate = (r: PlannedRequest): Answer =>
      r.method === 'GET'
        ? { response: { status: 404, headers: { 'content-type': 'application/scim+json' }, bodyText: '{}', json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'no' }, durationMs: 1 }, error: null }
        : { response: { status: 201, headers: { 'content-type': 'application/scim+json' }, bodyText: '{}', json: { id: 'u1', active: true }, durationMs: 1 }, error: null }
    const { state, last } = run('okta-oin', provision('alice'), notFoundThenCreate)
    const [match, post] = last.requests as [PlannedRequest, PlannedRequest]
    expect(match.path).toBe('/Users?filter=userName%20eq%20%22alice%40acme.test%22&startIndex=1&count=100')
    expect(post.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'alice@acme.test',
      name: { givenName: 'Alice', familyName: 'Martin' },
      emails: [{ primary: true, value: 'alice@acme.test', type: 'work' }],
      displayName: 'Alice Martin',
      locale: 'en-US',
      externalId: expect.stringMatching(/^00u[0-9A-Za-z]{17}$/),
      groups: [],
      active: true,
    })
    expect(state.userIds.get('alice')).toBe('u1')
    expect(last.end).toBeUndefined()
  })

  it('profile update is GET then PUT of the full object, without meta (b.2.4)', () => {
    const { last } = run('okta-oin', [...provision('alice'), { action: 'updateProfile', user: 'alice', changes: { givenName: 'Ally' } }])
    const [get, put] = last.requests as [PlannedRequest, PlannedRequest]
    expect(`${get.method} ${get.path}`).toBe('GET /Users/id-1')
    expect(`${put.method} ${put.path}`).toBe('PUT /Users/id-1')
    expect(put.body).toMatchObject({ id: 'id-1', userName: 'alice@acme.test', name: { givenName: 'Ally', familyName: 'Martin' }, active: true, locale: 'en-US' })
    expect((put.body as object as Record<string, unknown>).meta).toBeUndefined()
  })

  it('OIN deactivation is a path-less replace {"active": false}; AIW GETs and PUTs active false (b.2.4, b.2.5)', () => {
    const oin = run('okta-oin', [...provision('alice'), { action: 'deactivate', user: 'alice' }])
    expect(oin.last.requests).toHaveLength(1)
    expect(ops(oin.last.requests[0]!)).toEqual([{ op: 'replace', value: { active: false } }])
    expect(ops(oin.last.requests[0]!)[0]).not.toHaveProperty('path')
    const aiw = run('okta-aiw', [...provision('alice'), { action: 'deactivate', user: 'alice' }])
    expect(aiw.last.requests.map((r) => r.method)).toEqual(['GET', 'PUT'])
    expect((aiw.last.requests[1]!.body as Record<string, unknown>).active).toBe(false)
  })

  it('never deletes users: the step is skipped and nothing is sent (b.2.6)', () => {
    for (const p of ['okta-oin', 'okta-aiw'] as const) {
      const { last } = run(p, [...provision('alice'), { action: 'deleteUser', user: 'alice' }])
      expect(last.requests).toEqual([])
      expect(last.end).toEqual({ skipped: expect.stringContaining('never deletes') })
    }
  })

  it('OIN group push: POST with members: [], then the path-less replace {id, displayName}, then add with value and display (b.2.8)', () => {
    const { last } = run('okta-oin', [...provision('alice'), { action: 'pushGroup', group: 'eng', members: ['alice'] }])
    const [post, rename, add] = last.requests as [PlannedRequest, PlannedRequest, PlannedRequest]
    expect(post.body).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Eng', members: [] })
    expect(ops(rename)).toEqual([{ op: 'replace', value: { id: 'id-2', displayName: 'Eng' } }])
    expect(ops(add)).toEqual([{ op: 'add', path: 'members', value: [{ value: 'id-1', display: 'alice@acme.test' }] }])
  })

  it('OIN membership removal: replace {id, displayName} then remove by members[value eq] (b.2.8)', () => {
    const { last } = run('okta-oin', [...provision('alice'), { action: 'pushGroup', group: 'eng', members: ['alice'] }, { action: 'removeMembers', group: 'eng', users: ['alice'] }])
    expect(ops(last.requests[1]!)).toEqual([{ op: 'remove', path: 'members[value eq "id-1"]' }])
  })

  it('AIW sends no PATCH at all: groups by PUT with the whole member list (b.2.4, b.2.8)', () => {
    const { results, last } = run('okta-aiw', [
      ...provision('alice', 'bob'),
      { action: 'pushGroup', group: 'eng', members: ['alice'] },
      { action: 'addMembers', group: 'eng', users: ['bob'] },
      { action: 'renameGroup', group: 'eng', displayName: 'Eng 2' },
      { action: 'updateProfile', user: 'alice', changes: { familyName: 'X' } },
      { action: 'deactivate', user: 'alice' },
      { action: 'reactivate', user: 'alice' },
    ])
    expect(results.flatMap((r) => r.requests).filter((r) => r.method === 'PATCH')).toEqual([])
    const rename = results[4]!.requests[0]!
    expect(`${rename.method} ${rename.path}`).toBe('PUT /Groups/id-3')
    expect(rename.body).toMatchObject({ displayName: 'Eng 2', members: [{ value: 'id-1' }, { value: 'id-2' }] })
    expect((last.requests[1]!.body as Record<string, unknown>).active).toBe(true)
  })

  it('import pages /Users by startIndex += count until totalResults, then /Groups (b.2.7)', () => {
    const srv = syntheticServer()
    run('okta-oin', [{ action: 'initialSync', count: 250 }], srv)
    const { last } = run('okta-oin', [{ action: 'importUsers', pageSize: 100 }], srv)
    expect(last.requests.map((r) => r.path)).toEqual(['/Users?startIndex=1&count=100', '/Users?startIndex=101&count=100', '/Users?startIndex=201&count=100', '/Groups?startIndex=1&count=100'])
    expect(last.end).toBeUndefined()
  })

  it('import fails naming the repeated id when ordering is not stable across pages (b.2.7)', () => {
    const page = (ids: string[]): Answer => ({
      response: { status: 200, headers: {}, bodyText: 'x', json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 4, itemsPerPage: 2, startIndex: 1, Resources: ids.map((id) => ({ id })) }, durationMs: 1 },
      error: null,
    })
    const { last } = run('okta-oin', [{ action: 'importUsers', pageSize: 2 }], () => page(['a', 'b']))
    expect(last.end).toEqual({ failed: expect.stringContaining('repeats id "a"') })
  })

  it('SPEC-style Test Connection: first user, by id, upper-cased userName, a random userName, a missing id, /Groups (b.2.12)', () => {
    const srv = syntheticServer()
    run('okta-oin', provision('alice'), srv)
    const { last } = run('okta-oin', [{ action: 'testConnection' }], srv)
    expect(last.requests.map((r) => q(r).replace(/[0-9a-f-]{36}/, '<guid>'))).toEqual([
      '/Users?count=1&startIndex=1',
      '/Users/id-1',
      '/Users?filter=userName eq "ALICE@ACME.TEST"&startIndex=1&count=100',
      '/Users?filter=userName eq "<guid>@acme.test"&startIndex=1&count=100',
      '/Users/<guid>',
      '/Groups?startIndex=1&count=100',
    ])
  })
})

describe('strict RFC 7644', () => {
  it('lowercase ops with paths, booleans, the manager as a complex value, a clear as remove, members on create', () => {
    const { results } = run('rfc7644', [
      ...provision('mgr', 'alice'),
      { action: 'updateProfile', user: 'alice', changes: { title: '', manager: 'mgr' } },
      { action: 'deactivate', user: 'alice' },
      { action: 'pushGroup', group: 'eng', members: ['alice'] },
    ])
    expect(ops(results[2]!.requests[0]!)).toEqual([
      { op: 'remove', path: 'title' },
      { op: 'replace', path: `${ENT}:manager`, value: { value: 'id-1' } },
    ])
    expect(ops(results[3]!.requests[0]!)).toEqual([{ op: 'replace', path: 'active', value: false }])
    expect(results[4]!.requests[0]!.body).toMatchObject({ displayName: 'Eng', members: [{ value: 'id-2', type: 'User' }] })
  })

  it('delete is followed by a GET that must be 404', () => {
    const { last } = run('rfc7644', [...provision('alice'), { action: 'deleteUser', user: 'alice' }])
    expect(last.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /Users/id-1', 'GET /Users/id-1'])
  })
})

describe('every profile', () => {
  const all = Object.keys(PROFILES) as ProfileId[]

  it.each(all)('%s: a step needing a user that was never provisioned fails without sending', (p) => {
    for (const step of [
      { action: 'updateProfile', user: 'alice', changes: { familyName: 'X' } },
      { action: 'deactivate', user: 'alice' },
      { action: 'addMembers', group: 'eng', users: ['alice'] },
    ] as StepInput[]) {
      const { last } = run(p, [step])
      expect(last.requests).toEqual([])
      expect(last.end).toEqual({ failed: expect.stringMatching(/never (provisioned|pushed)/) })
    }
    const { last } = run(p, [{ action: 'pushGroup', group: 'eng', members: ['ghost'] }])
    expect(last.requests).toEqual([])
    expect(last.end).toEqual({ failed: expect.stringContaining('"ghost"') })
  })

  it.each(all)('%s: expect.attributes appends one read-back GET marked readBack, with no checks', (p) => {
    const { last } = run(p, [{ action: 'provisionUser', user: 'alice', expect: { attributes: { active: true } } }])
    const rb = last.requests.at(-1)!
    expect(rb).toMatchObject({ method: 'GET', path: '/Users/id-1', readBack: true, checks: [] })
    expect(last.requests.filter((r) => r.readBack)).toHaveLength(1)
    const plain = run(p, provision('alice')).last
    expect(plain.requests.some((r) => r.readBack)).toBe(false)
  })

  it.each(all)('%s: a step the server refused is still read back, so the report shows what it left', (p) => {
    const srv = syntheticServer()
    const refuse = (r: PlannedRequest): Answer =>
      r.method === 'PATCH' || r.method === 'PUT' ? { response: { status: 400, headers: {}, bodyText: null, json: undefined, durationMs: 1 }, error: null } : srv(r)
    const { last } = run(p, [...provision('alice'), { action: 'deactivate', user: 'alice', expect: { attributes: { active: false } } }], refuse)
    expect(last.end).toEqual({ failed: expect.stringContaining('400') })
    expect(last.requests.at(-1)).toMatchObject({ method: 'GET', readBack: true })
  })

  it.each(all)('%s: initialSync yields batches (arrays) of lookups then creates, and remembers every id', (p) => {
    const s = scenario(p, [{ action: 'initialSync', count: 150, prefix: 'sync' }])
    const state: RunState = createRunState(s, p)
    const program = PROFILES[p].program(s.steps[0]!, state)
    const srv = syntheticServer()
    const shapes: string[] = []
    let r = program.next(undefined as never)
    while (!r.done) {
      expect(Array.isArray(r.value)).toBe(true)
      const batch = r.value as PlannedRequest[]
      shapes.push(`${batch[0]!.method}×${batch.length}`)
      r = program.next(batch.map(srv))
    }
    expect(shapes).toEqual(['GET×100', 'POST×100', 'GET×50', 'POST×50'])
    expect(state.userIds.size).toBe(150)
    expect(state.userIds.get('sync150')).toBeDefined()
  })

  it.each(all)('%s: every request and check names where it comes from', (p) => {
    const { results } = run(p, [{ action: 'testConnection' }, ...provision('alice', 'bob'), { action: 'pushGroup', group: 'eng', members: ['alice'] }, { action: 'deactivate', user: 'alice' }])
    for (const r of results.flatMap((x) => x.requests)) {
      expect(r.note.length).toBeGreaterThan(10)
      for (const c of r.checks) {
        expect(c.source).toMatch(/RFC 764[34]|idp-request-patterns\.md/)
        expect(c.passReason).toBeTruthy()
      }
      if (p !== 'rfc7644') expect(r.items.length).toBeGreaterThan(0)
    }
  })
})
