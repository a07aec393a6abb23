import { describe, expect, it } from 'vitest'
import { applyEvent, applyReport, maxSeq, parseScenarioFile, stepInProgress, type RunView } from '../../src-renderer/src/features/scenarios/run-model'
import { ownDomain, untag } from '../../src-renderer/src/features/scenarios/store'
import { REPORT_FORMAT, scenarioSchema, type Exchange, type Report, type StepResult } from '../../src-shared/scenario'

/** The run model's merging of answers and stream events, which race (the stream is batched every 200 ms). */

const ex = (seq: number, method = 'GET'): Exchange => ({
  seq,
  request: { method, url: `http://h/scim/v2/c/Users?n=${seq}`, headers: {}, body: null, note: '', items: [] },
  response: { status: 200, headers: {}, body: null, durationMs: 1 },
  error: null,
  retries: 0,
  checks: [{ id: 'c', title: 'c', outcome: 'pass', reason: 'ok', source: 'RFC 7644', items: [] }],
  directoryChanges: [],
})
const step = (index: number, exchanges: Exchange[], over: Partial<StepResult> = {}): StepResult => ({
  index,
  id: String(index + 1),
  action: 'provisionUser',
  title: `Step ${index + 1}`,
  outcome: 'pass',
  reason: 'running',
  exchanges,
  exchangeCount: exchanges.length,
  assertions: [],
  directoryChanges: [],
  startedAt: '2026-12-01T10:00:00.000Z',
  durationMs: 0,
  ...over,
})
const report = (over: Partial<Report> = {}): Report => ({
  format: REPORT_FORMAT,
  version: 1,
  runId: 'r1',
  scenario: 's',
  title: 'S',
  profile: 'okta-oin',
  target: { kind: 'embedded', baseUrl: 'http://h/scim/v2/c', configId: 'c' },
  mode: 'step',
  status: 'waiting',
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: null,
  summary: { steps: 0, passed: 0, failed: 0, warned: 0, skipped: 0, requests: 0, checks: { pass: 0, fail: 0, warn: 0 } },
  steps: [],
  pending: null,
  ...over,
})
const pending = (stepIndex: number, seq: number) => ({ ...ex(seq).request, stepIndex })

describe('run model', () => {
  it('keeps an answer out when the stream already brought more, and takes a newer one', () => {
    let v: RunView | undefined = applyReport(undefined, report({ steps: [step(0, [])], pending: pending(0, 1) }))
    v = applyEvent(v, { type: 'exchange', runId: 'r1', stepIndex: 0, exchange: ex(1) })!
    v = applyEvent(v, { type: 'exchange', runId: 'r1', stepIndex: 0, exchange: ex(2) })!
    expect(maxSeq(v.report)).toBe(2)
    // The answer to the first Send arrives late: one exchange, older than what is shown.
    const late = applyReport(v, report({ steps: [step(0, [ex(1)])], pending: pending(0, 2) }))
    expect(late).toBe(v)
    const newer = applyReport(v, report({ steps: [step(0, [ex(1), ex(2)])], pending: pending(0, 3) }))
    expect(newer.report.pending!.url).toContain('n=3')
    // A duplicate exchange from the stream changes nothing but how far the stream has got.
    const dup = applyEvent(newer, { type: 'exchange', runId: 'r1', stepIndex: 0, exchange: ex(2) })!
    expect(dup.report.steps[0]!.exchanges).toHaveLength(2)
    expect(dup.streamSeq).toBe(2)
  })

  it('ignores a pending event older than the answer, applies it once the stream has caught up', () => {
    let v = applyReport(undefined, report({ steps: [step(0, [ex(1)])], pending: pending(0, 2) }))
    // The stream still has to deliver exchange 1: its pending for request 1 is stale.
    v = applyEvent(v, { type: 'pending', runId: 'r1', stepIndex: 0, request: ex(1).request })!
    expect(v.report.pending!.url).toContain('n=2')
    v = applyEvent(v, { type: 'exchange', runId: 'r1', stepIndex: 0, exchange: ex(1) })!
    v = applyEvent(v, { type: 'pending', runId: 'r1', stepIndex: 0, request: ex(2).request })!
    expect(v.report.pending!.url).toContain('n=2')
    expect(v.report.status).toBe('waiting')
  })

  it('tracks the step in progress, ended steps, and finishes with the final report whatever came before', () => {
    let v: RunView | undefined = applyEvent(undefined, { type: 'started', runId: 'r1', report: report({ mode: 'run', status: 'running' }) })
    v = applyEvent(v, { type: 'exchange', runId: 'r1', stepIndex: 0, exchange: { ...ex(1), checks: [{ ...ex(1).checks[0]!, outcome: 'fail' }] } })!
    expect(stepInProgress(v)).toBe(0)
    expect(v.report.steps[0]!.outcome).toBe('fail')
    v = applyEvent(v, { type: 'step', runId: 'r1', step: step(0, [ex(1)], { outcome: 'fail', reason: 'the answer was 500' }) })!
    expect(v.ended).toEqual([0])
    expect(stepInProgress(v)).toBeNull()
    expect(v.report.summary.failed).toBe(1)
    const final = report({ mode: 'run', status: 'failed', finishedAt: '2026-12-01T10:01:00.000Z', steps: [step(0, [ex(1)], { outcome: 'fail' }), step(1, [ex(2)])] })
    v = applyEvent(v, { type: 'finished', runId: 'r1', report: final })!
    expect(v.report).toBe(final)
    expect(v.ended).toEqual([0, 1])
    // Nothing moves a finished run back.
    expect(applyEvent(v, { type: 'exchange', runId: 'r1', stepIndex: 1, exchange: ex(3) })).toBe(v)
    expect(applyReport(v, report({ status: 'running' }))).toBe(v)
    expect(applyEvent(undefined, { type: 'exchange', runId: 'r2', stepIndex: 0, exchange: ex(1) })).toBeUndefined()
  })

  it('checks scenario files as the sandbox does: the schema, every problem, unique step ids', () => {
    expect(parseScenarioFile('{').ok).toBe(false)
    const dup = parseScenarioFile(
      JSON.stringify({ format: 'scim-sandbox-scenario', version: 1, name: 'x', title: 'X', profile: 'rfc7644', steps: [{ id: 'a', action: 'testConnection' }, { id: 'a', action: 'testConnection' }] }),
    )
    expect(dup).toEqual({ ok: false, issues: [{ path: ['steps', 1, 'id'], message: 'step id "a" is already used by step 0' }] })
  })

  it("gives a compare run's users their own domain and takes it out again", () => {
    const doc = scenarioSchema.parse({
      format: 'scim-sandbox-scenario',
      version: 1,
      name: 'x',
      title: 'X',
      profile: 'okta-oin',
      domain: 'okta.example.test',
      users: { a: { userName: 'a@okta.example.test', email: 'a@okta.example.test', title: 'not@okta.example.test.org' } },
      steps: [{ action: 'provisionUser', user: 'a' }],
    })
    const moved = ownDomain(doc, 'cmp-1-a')
    expect(moved.domain).toBe('cmp-1-a.okta.example.test')
    expect(moved.users.a).toMatchObject({ userName: 'a@cmp-1-a.okta.example.test', email: 'a@cmp-1-a.okta.example.test', title: 'not@okta.example.test.org' })
    expect(untag(['cmp-1-a', 'cmp-1-b'])!('GET /Users?filter=userName%20eq%20%22a%40cmp-1-b.okta.example.test%22')).toBe('GET /Users?filter=userName%20eq%20%22a%40okta.example.test%22')
  })
})
