import { describe, expect, it } from 'vitest'
import {
  alignExchanges,
  compareBodies,
  compareRuns,
  pathTemplate,
  queryParams,
  resourcePath,
  type ComparableExchange,
  type ComparableStep,
} from '../../src-shared/scenario-compare'

const BASE = 'http://127.0.0.1:7643/scim/v2/acme-okta'
let seq = 0
function ex(method: string, path: string, body?: unknown, status: number | null = 200): ComparableExchange {
  return {
    seq: ++seq,
    request: { method, url: `${BASE}${path}`, headers: {}, body: body === undefined ? null : JSON.stringify(body), note: '', items: [] },
    response: status === null ? null : { status, headers: {}, body: null, durationMs: 1 },
    error: status === null ? 'timeout after 60000 ms' : null,
  }
}
function step(index: number, outcome: ComparableStep['outcome'], exchanges: ComparableExchange[], action = 'deactivate'): ComparableStep {
  return { index, id: `s${index}`, action, title: `Step ${index + 1}`, outcome, reason: '', exchanges }
}
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

describe('paths and queries', () => {
  it('takes the path from the SCIM resource on and masks ids', () => {
    expect(resourcePath(`${BASE}/Users/abc-123?attributes=userName`)).toBe('/Users/abc-123')
    expect(pathTemplate(`${BASE}/Users/abc-123`)).toBe('/Users/:id')
    expect(pathTemplate(`${BASE}/Groups/g1/members`)).toBe('/Groups/:id/members')
    expect(pathTemplate(`${BASE}/Users?filter=x`)).toBe('/Users')
    expect(pathTemplate('http://h/other/path')).toBe('/other/path')
    expect(pathTemplate('/Users/1')).toBe('/Users/:id')
  })
  it('decodes query parameters in order', () => {
    expect(queryParams(`${BASE}/Users?filter=userName%20eq%20%22a%40b.test%22&startIndex=1&count=100`)).toEqual([
      ['filter', 'userName eq "a@b.test"'],
      ['startIndex', '1'],
      ['count', '100'],
    ])
    expect(queryParams(`${BASE}/Users`)).toEqual([])
  })
})

describe('compareBodies', () => {
  it("finds Entra legacy's capitalised op and string active against the flag's", () => {
    const legacy = { schemas: [PATCH_URN], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }
    const flag = { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'active', value: false }] }
    const d = compareBodies(JSON.stringify(legacy), JSON.stringify(flag))
    expect(d).toEqual([
      { kind: 'op-case', at: 'Operations[0].op', message: 'Operations[0].op "Replace" vs "replace"' },
      { kind: 'value-type', at: 'Operations[0].value', message: 'Operations[0].value: string "False" vs boolean false' },
    ])
  })
  it('reports keys only one body has, only at their shallowest path', () => {
    const a = { Operations: [{ op: 'replace', value: { 'name.givenName': 'A', active: true } }] }
    const b = { Operations: [{ op: 'replace', value: { name: { givenName: 'A' }, active: true } }] }
    const d = compareBodies(JSON.stringify(a), JSON.stringify(b))
    expect(d.map((x) => [x.kind, x.at])).toEqual([
      ['body-keys', 'Operations[0].value["name.givenName"]'],
      ['body-keys', 'Operations[0].value.name'],
    ])
    expect(d[0]!.message).toContain('only on the left')
    expect(d[1]!.message).toContain('only on the right')
  })
  it('tells a different op from a different casing, and equal bodies apart from absent ones', () => {
    expect(compareBodies('{"Operations":[{"op":"add"}]}', '{"Operations":[{"op":"replace"}]}')[0]!.kind).toBe('op')
    expect(compareBodies('{"a":1}', '{"a":1}')).toEqual([])
    expect(compareBodies(null, null)).toEqual([])
    expect(compareBodies(null, '{"a":1}')).toEqual([{ kind: 'body-keys', message: 'only the right request has a body' }])
    expect(compareBodies('not json', 'also not')).toEqual([{ kind: 'body-keys', message: 'bodies differ (not both JSON)' }])
    expect(compareBodies('[1]', '{"a":1}').map((x) => x.kind)).toContain('value-type')
  })
})

describe('alignExchanges', () => {
  it('matches the same method and path in order, pairs what lies between by position, and leaves extras alone', () => {
    // Okta OIN: GET then PATCH; Okta AIW: GET then PUT; Entra-like extra GET at the end on the left.
    const left = [ex('GET', '/Users?filter=userName%20eq%20%22a%22'), ex('PATCH', '/Users/1', { Operations: [] }), ex('GET', '/Users/1')]
    const right = [ex('GET', '/Users?filter=userName%20eq%20%22a%22'), ex('PUT', '/Users/2', { userName: 'a' })]
    const rows = alignExchanges(left, right)
    expect(rows.map((r) => [r.left?.request.method ?? null, r.right?.request.method ?? null])).toEqual([
      ['GET', 'GET'],
      ['PATCH', 'PUT'],
      ['GET', null],
    ])
    expect(rows[0]!.differences).toEqual([])
    expect(rows[1]!.differences.map((d) => d.kind)).toEqual(['method', 'body-keys', 'body-keys'])
    expect(rows[1]!.differences[0]!.message).toBe('method PATCH vs PUT')
    expect(rows[2]!.differences).toEqual([{ kind: 'only-one', message: 'GET /Users/1 is sent only on the left' }])
  })
  it("matches Okta OIN's PATCH with AIW's PUT after its GET, not with the GET", () => {
    const rows = alignExchanges([ex('PATCH', '/Users/1', { Operations: [] })], [ex('GET', '/Users/1'), ex('PUT', '/Users/1', { active: false })])
    expect(rows.map((r) => [r.left?.request.method ?? null, r.right?.request.method ?? null])).toEqual([
      [null, 'GET'],
      ['PATCH', 'PUT'],
    ])
  })
  it('pairs OIN\'s deactivating PATCH with AIW\'s PUT when both end with the same read-back', () => {
    const rows = alignExchanges([ex('PATCH', '/Users/1', { Operations: [] }), ex('GET', '/Users/1')], [ex('GET', '/Users/2'), ex('PUT', '/Users/2', { active: false }), ex('GET', '/Users/2')])
    expect(rows.map((r) => [r.left?.request.method ?? null, r.right?.request.method ?? null])).toEqual([
      [null, 'GET'],
      ['PATCH', 'PUT'],
      ['GET', 'GET'],
    ])
  })
  it('reports query parameters only one side sends, ignoring random GUIDs', () => {
    const a = ex('GET', '/Users?filter=id%20eq%20%2211111111-2222-3333-4444-555555555555%22')
    const b = ex('GET', '/Users?filter=id%20eq%20%2299999999-2222-3333-4444-555555555555%22&startIndex=1&count=100')
    const [row] = alignExchanges([a], [b])
    expect(row!.differences).toEqual([{ kind: 'query', message: 'query: startIndex=1&count=100 only on the right' }])
  })
  it('compares statuses, and a failed request with no answer', () => {
    const [row] = alignExchanges([ex('POST', '/Users', { a: 1 }, 201)], [ex('POST', '/Users', { a: 1 }, null)])
    expect(row!.differences).toEqual([{ kind: 'status', message: 'status 201 vs no answer (timeout after 60000 ms)' }])
  })
})

describe('compareRuns', () => {
  it('aligns by step, counts differences by kind, and marks outcomes and steps only one run has', () => {
    const left = {
      steps: [
        step(0, 'pass', [ex('GET', '/Users?filter=x')], 'testConnection'),
        step(1, 'pass', [ex('PATCH', '/Users/1', { Operations: [{ op: 'Replace', value: { active: 'False' } }] })]),
        step(2, 'pass', [ex('DELETE', '/Users/1', undefined, 204)], 'deleteUser'),
      ],
    }
    const right = {
      steps: [
        step(0, 'pass', [ex('GET', '/Users?filter=x')], 'testConnection'),
        step(1, 'pass', [ex('PATCH', '/Users/9', { Operations: [{ op: 'replace', value: { active: false } }] })]),
        step(2, 'skipped', [], 'deleteUser'),
      ],
    }
    const c = compareRuns(left, right)
    expect(c.steps.map((s) => s.differs)).toEqual([false, true, true])
    expect(c.differingSteps).toBe(2)
    expect(c.byKind).toEqual({ 'op-case': 1, 'value-type': 1, outcome: 1, 'only-one': 1 })
    expect(c.differences).toBe(4)
    expect(c.steps[2]!.differences).toEqual([{ kind: 'outcome', message: 'passed vs skipped' }])
    expect(c.steps[2]!.exchanges[0]!.right).toBeNull()

    // A normalize step takes out what makes each run's users its own; results still show what was sent.
    const tagged = (tag: string) => ({ steps: [step(0, 'pass', [ex('GET', `/Users?filter=userName%20eq%20%22a%40${tag}.example.test%22`)], 'provisionUser')] })
    const raw = compareRuns(tagged('cmp-a'), tagged('cmp-b'))
    expect(raw.byKind).toEqual({ query: 1 })
    const clean = compareRuns(tagged('cmp-a'), tagged('cmp-b'), { normalize: (s) => s.replace(/cmp-[ab]\./g, '') })
    expect(clean.differences).toBe(0)
    expect(clean.steps[0]!.exchanges[0]!.left!.request.url).toContain('cmp-a.example.test')
    expect(clean.steps[0]!.left!.exchanges[0]!.request.url).toContain('cmp-a.example.test')

    // A run still going: the step it has not reached is one-sided, its requests carry no differences of their own.
    const partial = compareRuns(left, { steps: right.steps.slice(0, 1) })
    expect(partial.steps[1]!.right).toBeNull()
    expect(partial.steps[1]!.differences[0]!.kind).toBe('only-one')
    expect(partial.steps[1]!.exchanges.every((e) => e.differences.length === 0)).toBe(true)
  })
})
