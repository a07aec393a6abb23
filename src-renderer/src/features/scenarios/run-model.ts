import type { ControlIssue } from '@shared/control'
import type { Exchange, Outcome, Report, RunEvent, RunStatus, Scenario } from '@shared/scenario'
import { scenarioSchema } from '@shared/scenario'

/**
 * A run as the screen knows it: the server's report, plus the requests of the step being sent (the report lists
 * finished steps only; `exchange` events bring the rest), plus how far the live stream has told us.
 */
export interface RunView {
  report: Report
  /** Exchanges of the step in progress, from `exchange` events. */
  live: { stepIndex: number; exchanges: Exchange[] } | null
  /** The highest exchange seq the stream has delivered for this run. */
  streamSeq: number
}

export const isTerminal = (s: RunStatus) => s === 'passed' || s === 'failed' || s === 'cancelled'

/** The newest exchange seq a view holds (finished steps and the step in progress). */
export function maxSeq(v: Pick<RunView, 'report' | 'live'>): number {
  let m = 0
  for (const s of v.report.steps) for (const e of s.exchanges) m = Math.max(m, e.seq)
  for (const e of v.live?.exchanges ?? []) m = Math.max(m, e.seq)
  return m
}

/** Outcome counts of the finished steps; the totals the server sent (steps, requests) are kept. */
function recount(r: Report): Report['summary'] {
  const n = (o: Outcome) => r.steps.filter((s) => s.outcome === o).length
  const checks = r.steps.flatMap((s) => [...s.assertions, ...s.exchanges.flatMap((e) => e.checks)])
  const c = (o: Outcome) => checks.filter((x) => x.outcome === o).length
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

/**
 * A report from an answer (start, step, stop, or a fetch). Answers and stream events race: an answer older than what
 * the stream already brought is kept out, and the step in progress survives an answer that does not list it yet.
 */
export function applyReport(v: RunView | undefined, r: Report): RunView {
  if (!v) return { report: r, live: null, streamSeq: 0 }
  if (isTerminal(v.report.status) && !isTerminal(r.status)) return v
  const incoming = { report: r, live: null }
  if (!isTerminal(r.status) && maxSeq(incoming) < maxSeq(v) && r.steps.length <= v.report.steps.length) {
    // Older than what we hold: the stream got here first.
    return v
  }
  const done = new Set(r.steps.map((s) => s.index))
  const top = maxSeq(incoming)
  const live = !isTerminal(r.status) && v.live && !done.has(v.live.stepIndex) ? { ...v.live, exchanges: v.live.exchanges.filter((e) => e.seq > top) } : null
  return { report: r, live: live?.exchanges.length ? live : null, streamSeq: v.streamSeq }
}

/** One `run` stream event applied to a view; undefined stays undefined unless the event carries a whole report. */
export function applyEvent(v: RunView | undefined, e: RunEvent): RunView | undefined {
  if (e.type === 'started') return v ?? { report: e.report, live: null, streamSeq: 0 }
  if (e.type === 'finished') return { report: e.report, live: null, streamSeq: v?.streamSeq ?? 0 }
  if (!v || isTerminal(v.report.status)) return v
  const r = v.report
  switch (e.type) {
    case 'exchange': {
      const streamSeq = Math.max(v.streamSeq, e.exchange.seq)
      if (e.exchange.seq <= maxSeq(v) || r.steps.some((s) => s.index === e.stepIndex)) return { ...v, streamSeq }
      const live = v.live && v.live.stepIndex === e.stepIndex ? { ...v.live, exchanges: [...v.live.exchanges, e.exchange] } : { stepIndex: e.stepIndex, exchanges: [e.exchange] }
      return { report: { ...r, status: 'running', pending: null }, live, streamSeq }
    }
    case 'step': {
      const steps = [...r.steps.filter((s) => s.index !== e.step.index), e.step].sort((a, b) => a.index - b.index)
      const report = { ...r, steps }
      report.summary = recount(report)
      return { ...v, report, live: v.live?.stepIndex === e.step.index ? null : v.live }
    }
    case 'pending': {
      // Announced after the exchange before it: if an answer told us of a later exchange than the stream has brought
      // so far, this pending request has been sent already.
      if (maxSeq(v) > v.streamSeq) return v
      return { ...v, report: { ...r, status: 'waiting', pending: { ...e.request, stepIndex: e.stepIndex } } }
    }
  }
}

/** Every exchange of a view in order (finished steps, then the step in progress). */
export function allExchanges(v: Pick<RunView, 'report' | 'live'>): { stepIndex: number; exchange: Exchange }[] {
  const out = v.report.steps.flatMap((s) => s.exchanges.map((exchange) => ({ stepIndex: s.index, exchange })))
  for (const exchange of v.live?.exchanges ?? []) out.push({ stepIndex: v.live!.stepIndex, exchange })
  return out.sort((a, b) => a.exchange.seq - b.exchange.seq)
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
  if (r.success) return { ok: true, scenario: r.data }
  const issues: ControlIssue[] = []
  for (const i of r.error.issues) {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    if (i.code === 'unrecognized_keys') for (const k of i.keys) issues.push({ path: [...path, k], message: `unknown field "${k}"` })
    else issues.push({ path, message: i.message })
  }
  return { ok: false, issues }
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
