import { describe, expect, it } from 'vitest'
import { scenarioSchema, type ProfileId, type StepInput } from '@shared/scenario'
import { createRunState, drive, PROFILES, syntheticServer, type Answer, type PlannedRequest, type ResponseCheck } from '../../src-main/core/simulator'
import { errorBody, locationHeader, pagingIntegers, scimContentType, statusIn } from '../../src-main/core/simulator/checks'

/**
 * The checks of each answer: they pass on good answers and fail with a reason that names what was seen
 * (PRODUCT.md §6: a 404 to a filter puts Entra into quarantine; application/json aborts the Entra validator;
 * an empty POST body fails Okta).
 */
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

function answer(status: number, json: unknown, headers: Record<string, string> = { 'content-type': 'application/scim+json' }): Answer {
  return { response: { status, headers, bodyText: json === undefined ? null : JSON.stringify(json), json, durationMs: 5 }, error: null }
}

/** The requests of one step under a profile (after provisioning `alice`, so user steps have an id). */
function requestsOf(profile: ProfileId, step: StepInput): PlannedRequest[] {
  const s = scenarioSchema.parse({ format: 'scim-sandbox-scenario', version: 1, name: 't', title: 't', profile, steps: [{ action: 'provisionUser', user: 'alice' }, step] })
  const state = createRunState(s, profile)
  const srv = syntheticServer()
  drive(PROFILES[profile].program(s.steps[0]!, state), srv)
  return drive(PROFILES[profile].program(s.steps[1]!, state), srv).requests
}

/** Runs every check of a request on an answer: the failures as `id: reason`. */
function failures(req: PlannedRequest, a: Answer, severity?: 'fail' | 'warn'): string[] {
  const state = createRunState(scenarioSchema.parse({ format: 'scim-sandbox-scenario', version: 1, name: 't', title: 't', profile: 'rfc7644', steps: [{ action: 'testConnection' }] }), 'rfc7644')
  return req.checks.filter((c) => !severity || c.severity === severity).flatMap((c) => {
    const r = c.check(a, state)
    return r === null ? [] : [`${c.id}: ${r}`]
  })
}
const find = (reqs: PlannedRequest[], pred: (r: PlannedRequest) => boolean) => {
  const r = reqs.find(pred)
  if (!r) throw new Error('no such request')
  return r
}

describe('Entra ID', () => {
  const probe = find(requestsOf('entra-legacy', { action: 'testConnection' }), (r) => r.main === true)
  const emptyList = { schemas: [LIST], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }

  it('Test Connection passes on 200 with an empty ListResponse', () => {
    expect(failures(probe, answer(200, emptyList))).toEqual([])
  })

  it('a 404 to a filter is the quarantine reason (b.1.1)', () => {
    const f = failures(probe, answer(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' }), 'fail')
    expect(f).toEqual([expect.stringMatching(/^status-200: answered 404 to a filter query \(Test Connection\); Entra treats this as a SCIM compliance issue and may quarantine the app \(b\.1\.1\)$/)])
  })

  it('application/json fails: the Entra validator aborts on it (b.1.14)', () => {
    const f = failures(probe, answer(200, emptyList, { 'content-type': 'application/json; charset=utf-8' }))
    expect(f).toEqual(['content-type: answered with Content-Type "application/json; charset=utf-8" instead of application/scim+json; the Entra validator aborts on application/json (b.1.14)'])
    expect(probe.checks.find((c) => c.id === 'content-type')!.severity).toBe('fail')
  })

  it('a user found by the Test Connection GUID fails, naming the count', () => {
    expect(failures(probe, answer(200, { ...emptyList, totalResults: 1, Resources: [{ id: 'x' }] }))).toEqual([expect.stringContaining('totalResults is 1')])
  })

  it('paging numbers: strings are a warning for Entra, absent itemsPerPage/startIndex are fine on an unpaged filter', () => {
    expect(failures(probe, answer(200, { schemas: [LIST], totalResults: 0, Resources: [] }))).toEqual([])
    expect(failures(probe, answer(200, { ...emptyList, startIndex: '1' }), 'warn')).toEqual(['paging-integers: startIndex is the string "1", not an integer'])
  })

  it('a ListResponse without its schema is named', () => {
    expect(failures(probe, answer(200, { totalResults: 0 }))).toEqual([expect.stringContaining('without urn:ietf:params:scim:api:messages:2.0:ListResponse')])
  })

  const post = find(requestsOf('entra-legacy', { action: 'provisionUser', user: 'bob' }), (r) => r.method === 'POST')
  const created = { id: 'u1', userName: 'bob@example.test' }

  it('create passes on 201 with the resource and a Location', () => {
    expect(failures(post, answer(201, created, { 'content-type': 'application/scim+json', location: 'https://x/scim/v2/Users/u1' }))).toEqual([])
  })

  it('200 instead of 201 on create fails with that reason', () => {
    expect(failures(post, answer(200, created), 'fail')).toEqual(['status-201: answered 200 to create user; a create answers 201 Created, not 200 (RFC 7644 §3.3)'])
  })

  it('a created user without an id fails: Entra caches the id (b.1.3)', () => {
    expect(failures(post, answer(201, { userName: 'bob@example.test' }, { 'content-type': 'application/scim+json', location: 'https://x/Users/u1' }))).toEqual([
      'has-id: the answer has no id; Entra caches the id and uses it for every later call (b.1.3)',
    ])
  })

  it('a 201 without Location is a warning for Entra (it does not read it)', () => {
    const loc = post.checks.find((c) => c.id === 'location')!
    expect(loc.severity).toBe('warn')
    expect(failures(post, answer(201, created))).toEqual(['location: answered 201 without a Location header'])
  })

  it('legacy deactivation answered with active still true names the "False" string (b.1.7)', () => {
    const patch = requestsOf('entra-legacy', { action: 'deactivate', user: 'alice' })[0]!
    expect(failures(patch, answer(200, { id: 'u1', active: true }))).toEqual([expect.stringContaining('did not read Entra\'s string "False" as the boolean false')])
    expect(failures(patch, answer(204, undefined, {}))).toEqual([])
  })

  it('a group PATCH answered 200 with a body is a warning: Entra expects 204 (b.1.11)', () => {
    const reqs = requestsOf('entra-legacy', { action: 'renameGroup', group: 'g', displayName: 'x' })
    expect(reqs).toEqual([]) // the group was never pushed
    const s = scenarioSchema.parse({ format: 'scim-sandbox-scenario', version: 1, name: 't', title: 't', profile: 'entra-legacy', steps: [{ action: 'pushGroup', group: 'g' }, { action: 'renameGroup', group: 'g', displayName: 'x' }] })
    const state = createRunState(s, 'entra-legacy')
    const srv = syntheticServer()
    drive(PROFILES['entra-legacy'].program(s.steps[0]!, state), srv)
    const rename = drive(PROFILES['entra-legacy'].program(s.steps[1]!, state), srv).requests[0]!
    expect(failures(rename, answer(200, { id: 'g1', displayName: 'x' }), 'warn')).toEqual([expect.stringContaining('Entra expects 204')])
    expect(failures(rename, answer(204, undefined, {}))).toEqual([])
  })
})

describe('Okta', () => {
  const reqs = requestsOf('okta-oin', { action: 'provisionUser', user: 'bob' })
  const match = reqs[0]!
  const post = find(reqs, (r) => r.method === 'POST')

  it('the existence check accepts 200 empty and 404 with an Error (b.2.2)', () => {
    expect(failures(match, answer(200, { schemas: [LIST], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }))).toEqual([])
    expect(failures(match, answer(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'none' }))).toEqual([])
  })

  it('Okta needs all three paging numbers (b.2.12)', () => {
    expect(failures(match, answer(200, { schemas: [LIST], totalResults: 0, Resources: [] }))).toEqual(['paging-integers: itemsPerPage is missing; startIndex is missing'])
  })

  it('itemsPerPage as a string fails, naming it (b.2.7)', () => {
    expect(failures(match, answer(200, { schemas: [LIST], totalResults: 0, itemsPerPage: '0', startIndex: 1, Resources: [] }))).toEqual([
      'paging-integers: itemsPerPage is the string "0", not an integer',
    ])
  })

  it('an empty create body is Okta’s "Create new user returned empty user" (b.2.3)', () => {
    const f = failures(post, { response: { status: 201, headers: {}, bodyText: '', json: undefined, durationMs: 3 }, error: null }, 'fail')
    expect(f).toContain('non-empty-body: answered 201 with an empty body; Okta reports "Create new user returned empty user" (b.2.3)')
    expect(f).toContain('has-id: the answer has no id')
  })

  it('a create passes on 201 with the echoed user; application/json is only a warning for Okta', () => {
    const good = answer(201, { id: 'u1', active: true, name: { givenName: 'B', familyName: 'C' } }, { 'content-type': 'application/json', location: '/Users/u1' })
    expect(failures(post, good, 'fail')).toEqual([])
    expect(failures(post, good, 'warn')).toEqual([expect.stringContaining('content-type: answered with Content-Type "application/json"')])
  })

  it('a 409 on create explains the disagreement with the existence check', () => {
    expect(failures(post, answer(409, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' }), 'fail')).toEqual([
      expect.stringContaining('answered 409 to create user; the resource already exists although the existence check found none'),
    ])
  })

  it('the path-less deactivation: a server that leaves active true fails with the reason (b.2.5)', () => {
    const patch = requestsOf('okta-oin', { action: 'deactivate', user: 'alice' })[0]!
    expect(failures(patch, answer(200, { id: 'u1', active: true }))).toEqual([expect.stringContaining('path-less form (b.2.5)')])
  })

  it('SPEC: a missing user must be 404 with the Error schema and a detail (b.2.12)', () => {
    const missing = find(requestsOf('okta-oin', { action: 'testConnection' }), (r) => /^\/Users\/[0-9a-f-]{36}$/.test(r.path))
    expect(failures(missing, answer(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'not found' }))).toEqual([])
    expect(failures(missing, answer(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' }))).toEqual(['error-body: the 404 error has no detail'])
    expect(failures(missing, answer(404, { message: 'nope' }))).toEqual([expect.stringContaining('without urn:ietf:params:scim:api:messages:2.0:Error')])
  })
})

describe('strict RFC 7644 and the reusable checks', () => {
  it('a missing Location fails under the strict profile', () => {
    const post = find(requestsOf('rfc7644', { action: 'provisionUser', user: 'bob' }), (r) => r.method === 'POST')
    expect(post.checks.find((c) => c.id === 'location')!.severity).toBe('fail')
    expect(failures(post, answer(201, { id: 'u9' }), 'fail')).toEqual(['location: answered 201 without a Location header'])
    expect(failures(post, answer(201, { id: 'u9' }, { 'content-type': 'application/scim+json', location: 'http://h/Users/other' }), 'fail')).toEqual([
      'location: Location "http://h/Users/other" does not end with the new id "u9"',
    ])
  })

  it('no answer at all fails every check with the transport error', () => {
    const c: ResponseCheck = statusIn([200], 'x')
    const state = createRunState(scenarioSchema.parse({ format: 'scim-sandbox-scenario', version: 1, name: 't', title: 't', profile: 'rfc7644', steps: [{ action: 'testConnection' }] }), 'rfc7644')
    expect(c.check({ response: null, error: 'timeout after 60000 ms' }, state)).toBe('no answer (timeout after 60000 ms)')
  })

  it('options set source, items and severity', () => {
    const c = pagingIntegers({ source: 'S', items: ['b.2.7'], severity: 'warn' })
    expect({ source: c.source, items: c.items, severity: c.severity }).toEqual({ source: 'S', items: ['b.2.7'], severity: 'warn' })
    expect(scimContentType().source).toBe('RFC 7644 §8.1')
    expect(errorBody().severity).toBe('fail')
    expect(locationHeader({ severity: 'warn' }).severity).toBe('warn')
  })
})
