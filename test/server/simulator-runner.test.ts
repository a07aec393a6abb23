import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { scenarioSchema, type RunEvent, type Scenario } from '@shared/scenario'
import { statusIn } from '../../src-main/core/simulator/checks'
import type { Answer, PlannedRequest, Profile, RunState, StepProgram } from '../../src-main/core/simulator/types'
import { retryAfterMs } from '../../src-main/server/simulator/http'
import { toJUnit } from '../../src-main/server/simulator/junit'
import { Run } from '../../src-main/server/simulator/runner'
import { urlTarget } from '../../src-main/server/simulator/target'
import { closedPort, startFaultyScim, startSelfSignedTls, type FaultyScim } from '../helpers/faulty-scim'

/**
 * The runner's mechanics with a stub profile (one GET per step, or a batch): timeouts, 429 retries, concurrency and
 * rate bounds, what the report keeps, redaction, step mode and stop. The real profiles are in simulator-*.test.ts.
 */

const scenario = (steps: number, extra: Partial<Scenario> = {}): Scenario =>
  scenarioSchema.parse({ format: 'scim-sandbox-scenario', version: 1, name: 'stub', title: 'Stub', profile: 'rfc7644', steps: Array.from({ length: steps }, () => ({ action: 'testConnection' })), ...extra })

const get = (path = '/Users?filter=userName%20eq%20%22nobody%40x.test%22'): PlannedRequest => ({
  method: 'GET',
  path,
  headers: { Accept: 'application/scim+json' },
  note: 'stub lookup',
  items: ['b.2.2'],
  checks: [statusIn([200], 'a lookup', { items: ['b.2.2'] })],
  main: true,
})

function stubProfile(opts: { honours?: boolean; batch?: number; mangle?: (p: PlannedRequest, i: number) => PlannedRequest } = {}): Profile {
  return {
    info: { id: 'okta-oin', name: 'Stub', description: '', referenceSection: null, timeoutMs: 2_000, honoursRetryAfter: opts.honours ?? true, sendsDelete: true, usesPatch: true },
    *program(): StepProgram {
      if (opts.batch) {
        const answers = (yield Array.from({ length: opts.batch }, (_, i) => (opts.mangle ? opts.mangle(get(), i) : get()))) as Answer[]
        return answers.every((a) => a.response?.status === 200) ? {} : { failed: 'a batch request failed' }
      }
      yield get()
      return {}
    },
  }
}

const state = (s: Scenario): RunState => ({ scenario: s, profile: 'okta-oin', userIds: new Map(), groupIds: new Map(), users: new Map(), groups: new Map(), random: Math.random })

function newRun(o: { baseUrl: string; token?: string; profile?: Profile; steps?: number; mode?: 'run' | 'step'; concurrency?: number; rate?: number; timeoutMs?: number; events?: RunEvent[] }) {
  const s = scenario(o.steps ?? 1)
  return new Run({
    runId: 'run-test',
    scenario: s,
    profile: o.profile ?? stubProfile(),
    state: state(s),
    target: urlTarget(o.baseUrl, o.token ?? 'tok-faulty'),
    mode: o.mode ?? 'run',
    concurrency: o.concurrency ?? 4,
    ratePerSecond: o.rate ?? 0,
    timeoutMs: o.timeoutMs ?? 2_000,
    checkExpectation: () => [],
    emit: (e) => o.events?.push(e),
  })
}

async function waitFor(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

let srv: FaultyScim
beforeAll(async () => {
  srv = await startFaultyScim()
})
afterEach(() => {
  srv.defects = {}
  srv.requests.length = 0
})
afterAll(() => srv.close())

describe('runner: sending and recording', () => {
  it('records the request as sent, with Authorization cut to a short prefix, and the answer', async () => {
    const run = newRun({ baseUrl: `${srv.baseUrl}/`, token: 'tok-faulty' })
    run.start()
    const r = await run.done
    expect(r.status).toBe('passed')
    const x = r.steps[0]!.exchanges[0]!
    expect(x.request.url).toBe(`${srv.baseUrl}/Users?filter=userName%20eq%20%22nobody%40x.test%22`)
    expect(x.request.headers.Authorization).toBe('Bearer tok…')
    expect(JSON.stringify(r)).not.toContain('tok-faulty')
    expect(srv.requests[0]!.headers.authorization).toBe('Bearer tok-faulty')
    expect(x.response?.status).toBe(200)
    expect(x.checks).toEqual([expect.objectContaining({ outcome: 'pass', items: ['b.2.2'] })])
    expect(r.summary).toMatchObject({ steps: 1, passed: 1, failed: 0, requests: 1, checks: { pass: 1, fail: 0, warn: 0 } })
  })

  it('a server that never answers: the step fails with the timeout, the run still ends', async () => {
    srv.defects = { hang: true }
    const run = newRun({ baseUrl: srv.baseUrl, timeoutMs: 300, steps: 2 })
    run.start()
    const r = await run.done
    expect(r.status).toBe('failed')
    expect(r.steps).toHaveLength(2)
    expect(r.steps[0]!.outcome).toBe('fail')
    expect(r.steps[0]!.reason).toMatch(/timed out: no complete answer within 300 ms/)
    expect(r.steps[0]!.exchanges[0]!.error).toMatch(/timed out/)
    expect(r.steps[0]!.exchanges[0]!.checks[0]!.id).toBe('transport.timeout')
  })

  it('a closed port: ECONNREFUSED in plain words', async () => {
    const run = newRun({ baseUrl: await closedPort() })
    run.start()
    const r = await run.done
    expect(r.steps[0]!.outcome).toBe('fail')
    expect(r.steps[0]!.reason).toMatch(/connection refused .*ECONNREFUSED/)
  })

  it('a host that does not resolve: a DNS failure, not a crash', async () => {
    const run = newRun({ baseUrl: 'http://no-such-host.invalid/scim/v2', timeoutMs: 5_000 })
    run.start()
    const r = await run.done
    expect(r.steps[0]!.outcome).toBe('fail')
    // Offline machines answer ENOTFOUND or EAI_AGAIN; either is a DNS failure.
    expect(r.steps[0]!.reason).toMatch(/DNS lookup of no-such-host\.invalid failed \((ENOTFOUND|EAI_AGAIN)\)/)
  })

  it('a self-signed certificate: a TLS failure with the TLS error text', async () => {
    const tls = await startSelfSignedTls()
    try {
      const run = newRun({ baseUrl: tls.baseUrl })
      run.start()
      const r = await run.done
      expect(r.steps[0]!.outcome).toBe('fail')
      expect(r.steps[0]!.reason).toMatch(/^GET \/Users\?filter=.*: TLS failure with 127\.0\.0\.1:\d+: self[- ]signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
    } finally {
      await tls.close()
    }
  })
})

describe('runner: 429 and Retry-After', () => {
  it('a profile that honours Retry-After waits and retries, counting the retries', async () => {
    srv.defects = { tooManyRequests: { count: 2, retryAfter: '1' } }
    const t0 = Date.now()
    const run = newRun({ baseUrl: srv.baseUrl })
    run.start()
    const r = await run.done
    expect(r.status).toBe('passed')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_900)
    const x = r.steps[0]!.exchanges[0]!
    expect(x.retries).toBe(2)
    expect(x.request.note).toMatch(/429 answered 2 times: waited 1 s as Retry-After asked/)
    expect(srv.requests).toHaveLength(3)
  })

  it('one that does not honour it fails on the 429', async () => {
    srv.defects = { tooManyRequests: { count: 1, retryAfter: '1' } }
    const run = newRun({ baseUrl: srv.baseUrl, profile: stubProfile({ honours: false }) })
    run.start()
    const r = await run.done
    expect(r.steps[0]!.outcome).toBe('fail')
    expect(r.steps[0]!.reason).toMatch(/answered 429/)
    expect(r.steps[0]!.exchanges[0]!.retries).toBe(0)
  })

  it('Retry-After as seconds or an HTTP-date; unreadable is null', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryAfterMs('3', now)).toBe(3_000)
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000)
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs('soon', now)).toBeNull()
    expect(retryAfterMs(undefined, now)).toBeNull()
  })
})

describe('runner: bounds', () => {
  let slow: Server
  let slowUrl = ''
  let inFlight = 0
  let maxInFlight = 0
  const starts: number[] = []
  beforeAll(async () => {
    slow = createServer((_req, res) => {
      starts.push(performance.now())
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      setTimeout(() => {
        inFlight--
        res.writeHead(200, { 'Content-Type': 'application/scim+json' })
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }))
      }, 40)
    })
    await new Promise<void>((ok) => slow.listen(0, '127.0.0.1', ok))
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/scim/v2`
  })
  afterAll(() => new Promise<void>((ok) => slow.close(() => ok())))

  it('a batch runs at most `concurrency` requests at once, answers in order', async () => {
    maxInFlight = 0
    const run = newRun({ baseUrl: slowUrl, profile: stubProfile({ batch: 12 }), concurrency: 3, token: 'x' })
    run.start()
    const r = await run.done
    expect(r.status).toBe('passed')
    expect(r.steps[0]!.exchangeCount).toBe(12)
    expect(maxInFlight).toBe(3)
  })

  it('ratePerSecond spaces requests evenly', async () => {
    starts.length = 0
    const run = newRun({ baseUrl: slowUrl, profile: stubProfile({ batch: 5 }), concurrency: 5, rate: 20, token: 'x' })
    run.start()
    await run.done
    expect(starts).toHaveLength(5)
    // 20/s = one every 50 ms: five requests span at least 200 ms (less a little timer slack).
    expect(starts[4]! - starts[0]!).toBeGreaterThanOrEqual(180)
  })

  it('a large step keeps the first 50 exchanges and every failing one; exchangeCount has them all', async () => {
    // Every 7th request asks for something that is not there: 404, a failing check.
    const profile = stubProfile({ batch: 120, mangle: (p, i) => ((i + 1) % 7 === 0 ? { ...p, path: '/Nothing' } : p) })
    const run = newRun({ baseUrl: srv.baseUrl, profile, concurrency: 8 })
    run.start()
    const r = await run.done
    const st = r.steps[0]!
    expect(st.exchangeCount).toBe(120)
    const failing = st.exchanges.filter((x) => x.checks.some((c) => c.outcome === 'fail'))
    expect(failing).toHaveLength(17)
    // In the order they were sent, whatever order the answers came in.
    expect(st.exchanges.map((x) => x.seq)).toEqual([...st.exchanges.map((x) => x.seq)].sort((a, b) => a - b))
    // 50 first (7 of them failing) + the 10 failing ones after them.
    expect(st.exchanges).toHaveLength(60)
    expect(r.summary.requests).toBe(120)
    expect(r.summary.checks).toEqual({ pass: 103, fail: 17, warn: 0 })
  })
})

describe('runner: step mode and stop', () => {
  it('shows each request before it goes; step sends it; stop ends with a partial report', async () => {
    const events: RunEvent[] = []
    const run = newRun({ baseUrl: srv.baseUrl, steps: 3, mode: 'step', events })
    run.start()
    await waitFor(() => run.status === 'waiting')
    expect(srv.requests).toHaveLength(0)
    const first = run.snapshot()
    expect(first.pending).toMatchObject({ method: 'GET', stepIndex: 0, url: expect.stringContaining('/Users?filter=') })
    expect(first.pending!.headers.Authorization).toBe('Bearer tok…')
    expect(events.map((e) => e.type)).toEqual(['started', 'pending'])

    const after = await run.step()
    expect(srv.requests).toHaveLength(1)
    expect(after.status).toBe('waiting')
    expect(after.pending).toMatchObject({ stepIndex: 1 })
    expect(after.steps[0]).toMatchObject({ outcome: 'pass', exchangeCount: 1 })

    const stopped = await run.stop()
    expect(stopped.status).toBe('cancelled')
    expect(stopped.pending).toBeNull()
    expect(stopped.steps.map((s) => s.outcome)).toEqual(['pass', 'skipped'])
    expect(stopped.steps[1]!.reason).toMatch(/cancelled/)
    expect(srv.requests).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ type: 'finished', report: { status: 'cancelled' } })
  })

  it('stop aborts the request in flight and records it as cancelled', async () => {
    srv.defects = { hang: true }
    const run = newRun({ baseUrl: srv.baseUrl, steps: 2, timeoutMs: 10_000 })
    run.start()
    await waitFor(() => srv.requests.length === 1)
    const r = await run.stop()
    expect(r.status).toBe('cancelled')
    expect(r.steps).toHaveLength(1)
    expect(r.steps[0]!.exchanges[0]).toMatchObject({ error: 'cancelled', response: null, checks: [] })
    expect(r.steps[0]!.outcome).toBe('skipped')
    const xml = toJUnit(r)
    expect(xml).toContain('tests="1"')
    expect(xml).toContain('<skipped message="cancelled')
  })
})
