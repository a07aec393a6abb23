import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CheckResult, ProfileId, Report, StepResult } from '@shared/scenario'
import { BUILT_IN_SCENARIOS } from '../../src-main/core/simulator'
import { createRun } from '../../src-main/server/simulator/run-factory'
import { urlTarget } from '../../src-main/server/simulator/target'
import { closedPort, startFaultyScim, type Defects, type FaultyScim } from '../helpers/faulty-scim'

/**
 * The profiles against small SCIM servers with one defect each (test/helpers/faulty-scim.ts): each defect is reported
 * by the profile that cares, with the reason in plain words and the item of idp-request-patterns.md it comes from.
 */

let srv: FaultyScim
beforeAll(async () => {
  srv = await startFaultyScim()
})
afterEach(() => {
  srv.defects = {}
  srv.requests.length = 0
  srv.users.clear()
  srv.groups.clear()
})
afterAll(() => srv.close())

const scenario = (name: string) => {
  const s = BUILT_IN_SCENARIOS.find((x) => x.name === name)
  if (!s) throw new Error(`no built-in scenario ${name}`)
  return s
}

async function run(name: string, o: { profile?: ProfileId; defects?: Defects; baseUrl?: string; timeoutMs?: number } = {}): Promise<Report> {
  srv.defects = o.defects ?? {}
  const s = scenario(name)
  const r = createRun({
    runId: 'run-faulty',
    scenario: s,
    profileId: o.profile ?? s.profile,
    target: urlTarget(o.baseUrl ?? srv.baseUrl, srv.token),
    request: { mode: 'run', concurrency: 4, ratePerSecond: 0, timeoutMs: o.timeoutMs },
    emit: () => undefined,
  })
  r.start()
  return r.done
}

const step = (r: Report, action: string): StepResult => r.steps.find((s) => s.action === action)!
const failedChecks = (s: StepResult): CheckResult[] => s.exchanges.flatMap((x) => x.checks).filter((c) => c.outcome === 'fail')
const warnedChecks = (s: StepResult): CheckResult[] => s.exchanges.flatMap((x) => x.checks).filter((c) => c.outcome === 'warn')
const failing = (r: Report) => r.steps.filter((s) => s.outcome === 'fail').map((s) => `${s.action}: ${s.reason}`)

describe('a well-behaved server (the same helper without defects)', () => {
  for (const s of BUILT_IN_SCENARIOS.filter((x) => !x.name.endsWith('initial-sync'))) {
    it(`${s.name} passes`, async () => {
      if (s.profile.startsWith('okta')) seedUser()
      const r = await run(s.name)
      expect(failing(r)).toEqual([])
    })
  }
})

const seedUser = () =>
  // Okta's SPEC test needs one user to exist before its Test Connection (b.2.12).
  srv.users.set('seed', { id: 'seed', data: { userName: 'seed@x.test', name: { givenName: 'S', familyName: 'Eed' }, emails: [{ value: 'seed@x.test', primary: true }], active: true }, created: new Date().toISOString(), version: 1 })

/** The one failing check of a step whose id is `id`, and that it cites `item`. */
function expectFinding(s: StepResult, id: string, item: string, reason: RegExp): void {
  expect(s.outcome).toBe('fail')
  const c = failedChecks(s).find((x) => x.id === id)
  expect(c, `${s.action}: no failing check ${id} among ${failedChecks(s).map((x) => x.id).join(', ')}`).toBeDefined()
  expect(c!.items).toContain(item)
  expect(c!.source).toContain(`idp-request-patterns.md ${item}`)
  expect(c!.reason).toMatch(reason)
  expect(s.reason).toMatch(reason)
}

describe('defects, each reported by the profile that cares', () => {
  it('404 to a filter with no match: Entra would quarantine the app (b.1.1); Okta accepts it for its existence check (b.2.2)', async () => {
    const entra = await run('entra-legacy-test-connection', { defects: { notFoundOnEmptyFilter: true } })
    expectFinding(step(entra, 'testConnection'), 'status-200', 'b.1.1', /answered 404 to a filter query .*quarantine/)

    seedUser()
    const okta = await run('okta-oin-lifecycle', { defects: { notFoundOnEmptyFilter: true } })
    expect(step(okta, 'provisionUser').outcome).toBe('pass')
    expect(step(okta, 'provisionUser').exchanges[0]!.response!.status).toBe(404)
  })

  it('application/json instead of application/scim+json: a failure for Entra (b.1.14), a warning for Okta', async () => {
    const entra = await run('entra-legacy-lifecycle', { defects: { plainJson: true } })
    expectFinding(step(entra, 'provisionUser'), 'content-type', 'b.1.14', /Content-Type "application\/json" instead of application\/scim\+json; the Entra validator aborts/)

    seedUser()
    const okta = await run('okta-oin-lifecycle', { defects: { plainJson: true } })
    expect(okta.status).toBe('passed')
    expect(okta.steps.every((s) => s.outcome === 'warn')).toBe(true)
    expect(warnedChecks(step(okta, 'deactivate')).map((c) => c.id)).toEqual(['content-type'])
  })

  it('200 instead of 201 to a create (RFC 7644 §3.3, b.2.3)', async () => {
    seedUser()
    const r = await run('okta-oin-lifecycle', { defects: { createReturns200: true } })
    const s = step(r, 'provisionUser')
    expectFinding(s, 'status-201', 'b.2.3', /answered 200 to create user; a create answers 201 Created/)
    expect(failedChecks(s).find((c) => c.id === 'status-201')!.source).toContain('RFC 7644 §3.3')
  })

  it('itemsPerPage and startIndex as strings (b.2.7)', async () => {
    const r = await run('okta-oin-initial-sync', { defects: { pagingAsStrings: true } })
    expectFinding(step(r, 'initialSync'), 'paging-integers', 'b.2.7', /itemsPerPage is the string "0", not an integer/)
    expectFinding(step(r, 'importUsers'), 'paging-integers', 'b.2.7', /itemsPerPage is the string "\d+".*not an integer/)
  })

  it('no id in the created user: Entra cannot go on (b.1.3); later steps say why nothing was sent', async () => {
    const r = await run('entra-legacy-lifecycle', { defects: { noIdOnCreate: true } })
    expectFinding(step(r, 'provisionUser'), 'has-id', 'b.1.3', /the answer has no id; Entra caches the id/)
    expect(step(r, 'deactivate').reason).toMatch(/user "alice" has no id on the target .* so nothing was sent/)
    expect(step(r, 'deactivate').exchangeCount).toBe(0)
  })

  it('a server that cannot take a path-less replace: Okta deactivation fails with the server\'s 400 (b.2.5)', async () => {
    seedUser()
    const r = await run('okta-oin-lifecycle', { defects: { rejectPathlessReplace: true } })
    const s = step(r, 'deactivate')
    expectFinding(s, 'status-200-204', 'b.2.5', /answered 400 .*path is required/)
    expect(s.reason).toMatch(/→ 400 scimType invalidPath/)
    expect(s.exchanges[0]!.request.body).toContain('"op":"replace","value":{"active":false}')
    // The same server is fine with what RFC 7644 clients send.
    expect((await run('rfc7644-lifecycle', { defects: { rejectPathlessReplace: true } })).status).toBe('passed')
  })

  it('429 with Retry-After: 1 on the first 2 requests: Okta waits, retries twice and passes (b.2.10); Entra does not retry (b.1.19)', async () => {
    seedUser()
    const okta = await run('okta-oin-test-connection', { defects: { tooManyRequests: { count: 2, retryAfter: '1' } } })
    expect(okta.status).toBe('passed')
    const first = okta.steps[0]!.exchanges[0]!
    expect(first.retries).toBe(2)
    expect(first.response!.status).toBe(200)
    expect(first.request.note).toMatch(/429 answered 2 times/)
    expect(okta.steps[0]!.exchanges.slice(1).every((x) => x.retries === 0)).toBe(true)

    // Entra reads /Schemas first (a warning when it fails, b.1.13), then the random-GUID filter that must answer 200.
    const entra = await run('entra-legacy-test-connection', { defects: { tooManyRequests: { count: 2, retryAfter: '1' } } })
    expect(entra.status).toBe('failed')
    const xs = entra.steps[0]!.exchanges
    expect(xs.slice(0, 2).map((x) => [x.response!.status, x.retries])).toEqual([[429, 0], [429, 0]])
    expect(entra.steps[0]!.reason).toMatch(/answered 429 .*GET \/Users\?filter=/)
  })

  it('an empty body to a create: Okta\'s "Create new user returned empty user" (b.2.3)', async () => {
    seedUser()
    const r = await run('okta-oin-lifecycle', { defects: { emptyCreateBody: true } })
    expectFinding(step(r, 'provisionUser'), 'non-empty-body', 'b.2.3', /answered 201 with an empty body; Okta reports "Create new user returned empty user"/)
  })

  it('a server that never answers: each step fails with the timeout, and the run finishes', async () => {
    const t0 = Date.now()
    const r = await run('okta-oin-test-connection', { defects: { hang: true }, timeoutMs: 300 })
    expect(r.status).toBe('failed')
    expect(r.finishedAt).not.toBeNull()
    const s = r.steps[0]!
    expectFinding(s, 'transport.timeout', 'b.2.10', /timed out: no complete answer within 300 ms/)
    expect(Date.now() - t0).toBeLessThan(10_000)
  })

  it('a closed port: ECONNREFUSED, the run finishes', async () => {
    const r = await run('entra-legacy-test-connection', { baseUrl: await closedPort() })
    expect(r.status).toBe('failed')
    const s = r.steps[0]!
    expect(s.outcome).toBe('fail')
    expect(s.reason).toMatch(/connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/)
    expect(s.exchanges[0]).toMatchObject({ response: null, error: expect.stringContaining('ECONNREFUSED') })
  })

  it('a body that is not JSON', async () => {
    seedUser()
    const r = await run('okta-oin-lifecycle', { defects: { nonJson: true } })
    expectFinding(step(r, 'testConnection'), 'list-response', 'b.2.12', /the body is not a JSON object: <html>/)
    expectFinding(step(r, 'provisionUser'), 'list-response', 'b.2.2', /the body is not a JSON object: <html>/)
    // Whatever a profile looks at, every answer that is not JSON is a finding of its own.
    const exchanges = r.steps.flatMap((s) => s.exchanges).filter((x) => !x.request.note.startsWith('Read-back'))
    expect(exchanges.length).toBeGreaterThan(0)
    for (const x of exchanges) expect(x.checks).toContainEqual(expect.objectContaining({ id: 'transport.json', outcome: 'fail', reason: 'the 200 answer\'s body is not JSON (Content-Type "text/html"): <html><body>Welcome to nginx!</body></html>' }))
  })
})
