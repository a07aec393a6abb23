import type { ControlIssue } from '@shared/control'
import type { Exchange, Outcome, Report, RunEvent, RunStatus, Scenario, StepResult } from '@shared/scenario'
import { scenarioSchema, startedStep } from '@shared/scenario'

/**
 * A run as the screen knows it: the server's report (a step is listed from the moment it starts, with the requests
 * sent so far and a provisional outcome), which steps have ended, and how far the live stream has told us.
 */
export interface RunView {
  report: Report
  /** Indexes of steps known to have ended (a `step` event, or any step before the last of a report). */
  ended: number[]
  /** The highest exchange seq the stream has delivered for this run. */
  streamSeq: number
}

export const isTerminal = (s: RunStatus) => s === 'passed' || s === 'failed' || s === 'cancelled'

/** The newest exchange seq a report holds. */
export function maxSeq(r: Pick<Report, 'steps'>): number {
  let m = 0
  for (const s of r.steps) for (const e of s.exchanges) m = Math.max(m, e.seq)
  return m
}

/** The step being sent, if any: the pending request's step, or else the last listed step while the run runs. */
export function stepInProgress(v: RunView): number | null {
  const r = v.report
  if (isTerminal(r.status)) return null
  if (r.pending) return r.pending.stepIndex
  const last = r.steps[r.steps.length - 1]
  return last && !v.ended.includes(last.index) ? last.index : null
}

const worst = (outcomes: Outcome[]): Outcome => (outcomes.includes('fail') ? 'fail' : outcomes.includes('warn') ? 'warn' : 'pass')

/** Outcome counts over the listed steps; the check counts of the server are kept unless ours are higher. */
function recount(r: Report): Report['summary'] {
  const n = (o: Outcome) => r.steps.filter((s) => s.outcome === o).length
  const checks = r.steps.flatMap((s) => [...s.assertions, ...s.exchanges.flatMap((e) => e.checks)])
  const c = (o: Outcome) => Math.max(r.summary.checks[o as 'pass' | 'fail' | 'warn'], checks.filter((x) => x.outcome === o).length)
  return {
    steps: Math.max(r.summary.steps, r.steps.length),
    passed: n('pass'),
    failed: n('fail'),
    warned: n('warn'),
    skipped: n('skipped'),
    requests: Math.max(r.summary.requests, r.steps.reduce((k, s) => k + s.exchangeCount, 0)),
    checks: { pass: c('pass'), fail: c('fail'), warn: c('warn') },
  }
}

/** Steps before the last one listed have ended (the runner goes one step at a time). */
const endedOf = (r: Report, known: number[] = []) => {
  const last = r.steps[r.steps.length - 1]
  const before = r.steps.filter((s) => s !== last).map((s) => s.index)
  const all = new Set([...known, ...before, ...(isTerminal(r.status) && last ? [last.index] : [])])
  return [...all].sort((a, b) => a - b)
}

/**
 * A report from an answer (start, step, stop, or a fetch). Answers and stream events race: an answer older than what
 * the stream already brought is kept out.
 */
export function applyReport(v: RunView | undefined, r: Report): RunView {
  if (!v) return { report: r, ended: endedOf(r), streamSeq: 0 }
  if (isTerminal(v.report.status) && !isTerminal(r.status)) return v
  if (!isTerminal(r.status) && (maxSeq(r) < maxSeq(v.report) || r.steps.length < v.report.steps.length)) return v
  return { report: r, ended: endedOf(r, v.ended), streamSeq: v.streamSeq }
}

/** One `run` stream event applied to a view; undefined stays undefined unless the event carries a whole report. */
export function applyEvent(v: RunView | undefined, e: RunEvent): RunView | undefined {
  if (e.type === 'started') return v ?? { report: e.report, ended: endedOf(e.report), streamSeq: 0 }
  if (e.type === 'finished') return { report: e.report, ended: endedOf(e.report, v?.ended), streamSeq: v?.streamSeq ?? 0 }
  if (!v || isTerminal(v.report.status)) return v
  const r = v.report
  switch (e.type) {
    case 'exchange': {
      const streamSeq = Math.max(v.streamSeq, e.exchange.seq)
      const at = r.steps.findIndex((s) => s.index === e.stepIndex)
      const known = at >= 0 ? r.steps[at]! : null
      if (known?.exchanges.some((x) => x.seq === e.exchange.seq) || v.ended.includes(e.stepIndex)) return { ...v, streamSeq }
      const base: StepResult = known ?? startedStep(e.stepIndex, { id: String(e.stepIndex + 1), action: '', title: `Step ${e.stepIndex + 1}` })
      const exchanges = [...base.exchanges, e.exchange].sort((a, b) => a.seq - b.seq)
      const step: StepResult = {
        ...base,
        exchanges,
        exchangeCount: Math.max(base.exchangeCount + 1, exchanges.length),
        directoryChanges: [...base.directoryChanges, ...e.exchange.directoryChanges],
        outcome: worst([base.outcome === 'skipped' ? 'pass' : base.outcome, ...e.exchange.checks.map((c) => c.outcome)]),
      }
      const steps = known ? r.steps.map((s) => (s === known ? step : s)) : [...r.steps, step].sort((a, b) => a.index - b.index)
      // The pending request has gone (if the stream is behind an answer, the answer's pending is newer: keep it).
      const sent = r.pending && r.pending.stepIndex <= e.stepIndex && streamSeq >= maxSeq(r)
      const report: Report = { ...r, steps, status: sent || !r.pending ? 'running' : r.status, pending: sent ? null : r.pending }
      report.summary = recount(report)
      return { ...v, report, streamSeq }
    }
    case 'step': {
      const steps = [...r.steps.filter((s) => s.index !== e.step.index), e.step].sort((a, b) => a.index - b.index)
      const report = { ...r, steps }
      report.summary = recount(report)
      return { ...v, report, ended: [...new Set([...v.ended, e.step.index])].sort((a, b) => a - b) }
    }
    case 'pending': {
      // Announced after the exchange before it: if an answer told us of a later exchange than the stream has brought
      // so far, this pending request has been sent already.
      if (maxSeq(r) > v.streamSeq) return v
      return { ...v, report: { ...r, status: 'waiting', pending: { ...e.request, stepIndex: e.stepIndex } } }
    }
  }
}

/** Every exchange of a run in order. */
export function allExchanges(r: Pick<Report, 'steps'>): { stepIndex: number; exchange: Exchange }[] {
  return r.steps.flatMap((s) => s.exchanges.map((exchange) => ({ stepIndex: s.index, exchange }))).sort((a, b) => a.exchange.seq - b.exchange.seq)
}

// ——— scenario files ———

export type ScenarioFileResult = { ok: true; scenario: Scenario } | { ok: false; issues: ControlIssue[] }

/**
 * Checks a scenario file with the contract's schema, as the sandbox will: every problem with its path (an unknown
 * field is one issue at that field), so the list can say all that is wrong at once.
 */
export function parseScenarioFile(text: string): ScenarioFileResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { ok: false, issues: [{ path: [], message: `not JSON: ${(e as Error).message}` }] }
  }
  const r = scenarioSchema.safeParse(json)
  const issues: ControlIssue[] = []
  if (!r.success) {
    for (const i of r.error.issues) {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
      if (i.code === 'unrecognized_keys') for (const k of i.keys) issues.push({ path: [...path, k], message: `unknown field "${k}"` })
      else issues.push({ path, message: i.message })
    }
    return { ok: false, issues }
  }
  // What the schema cannot say, as the sandbox checks it: step ids are unique.
  const seen = new Map<string, number>()
  r.data.steps.forEach((s, i) => {
    if (s.id === undefined) return
    if (seen.has(s.id)) issues.push({ path: ['steps', i, 'id'], message: `step id "${s.id}" is already used by step ${seen.get(s.id)}` })
    else seen.set(s.id, i)
  })
  return issues.length ? { ok: false, issues } : { ok: true, scenario: r.data }
}

export const issuePath = (i: ControlIssue) => (i.path.length ? i.path.join('.') : '(file)')

// ——— display ———

/** A body as sent or received, pretty-printed when it is JSON. */
export function prettyJson(text: string | null): string {
  if (text === null || text === '') return ''
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

export const outcomeTone: Record<Outcome, string> = { pass: 'badge-ok', fail: 'badge-err', warn: 'badge-warn', skipped: '' }
export const outcomeLabel: Record<Outcome, string> = { pass: 'pass', fail: 'fail', warn: 'warn', skipped: 'skipped' }

export function statusTone(status: number | null | undefined): string {
  if (!status) return 'badge-err'
  if (status < 300) return 'badge-ok'
  if (status < 400) return ''
  if (status === 429 || status < 500) return 'badge-warn'
  return 'badge-err'
}

export const runStatusTone: Record<RunStatus, string> = {
  pending: '',
  running: 'sc-running',
  waiting: 'sc-waiting',
  passed: 'badge-ok',
  failed: 'badge-err',
  cancelled: 'badge-warn',
}

export function formatMs(ms: number): string {
  if (ms < 1) return '<1 ms'
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
}
