import { REPORT_FORMAT, type CheckResult, type Exchange, type Outcome, type Report, type StepResult } from '@shared/scenario'

/** Reports: the summary the screen, the JSON export, the JUnit file and the CLI's exit code all read. */

/** A step's exchanges kept in the report: the first ones, then only failing ones (a 100,000-user initialSync). */
export const KEEP_FIRST_EXCHANGES = 50
/** Never more than this many per step, failing or not, so a server failing every request cannot exhaust memory. */
export const KEEP_MAX_EXCHANGES = 2_000
/** Directory changes kept per step (an initialSync of 100,000 users causes about 300,000). */
export const KEEP_MAX_STEP_CHANGES = 1_000

export function emptySummary(): Report['summary'] {
  return { steps: 0, passed: 0, failed: 0, warned: 0, skipped: 0, requests: 0, checks: { pass: 0, fail: 0, warn: 0 } }
}

/** Check tallies are kept by the runner as it goes (exchanges beyond the kept ones still count). */
export function summarize(steps: StepResult[], checks: Report['summary']['checks']): Report['summary'] {
  const s = emptySummary()
  s.checks = { ...checks }
  for (const st of steps) {
    s.steps++
    s.requests += st.exchangeCount
    if (st.outcome === 'pass') s.passed++
    else if (st.outcome === 'fail') s.failed++
    else if (st.outcome === 'warn') s.warned++
    else s.skipped++
  }
  return s
}

export function tally(into: Report['summary']['checks'], results: CheckResult[]): void {
  for (const c of results) if (c.outcome !== 'skipped') into[c.outcome]++
}

export function exchangeFailed(x: Exchange): boolean {
  return x.error !== null || x.checks.some((c) => c.outcome === 'fail')
}

/** The worst of some outcomes: fail > warn > pass (skipped results don't count). */
export function worst(results: { outcome: Outcome }[]): 'pass' | 'warn' | 'fail' {
  let w: 'pass' | 'warn' | 'fail' = 'pass'
  for (const r of results) {
    if (r.outcome === 'fail') return 'fail'
    if (r.outcome === 'warn') w = 'warn'
  }
  return w
}

/** A report without the steps' exchanges (the run list: 50 runs of large reports would be a heavy page). */
export function withoutExchanges(r: Report): Report {
  return { ...r, steps: r.steps.map((s) => ({ ...s, exchanges: [] })) }
}

export function newReport(init: Pick<Report, 'runId' | 'scenario' | 'title' | 'profile' | 'target' | 'mode'>): Report {
  return {
    format: REPORT_FORMAT,
    version: 1,
    ...init,
    status: 'pending',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    summary: emptySummary(),
    steps: [],
    pending: null,
  }
}

/** What the CLI and CI read: true when nothing failed (warnings and skipped steps are not failures). */
export function reportPassed(r: Report): boolean {
  return r.status === 'passed'
}
