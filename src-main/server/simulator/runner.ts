import type { DomainEvent } from '@shared/events'
import type { CheckResult, Exchange, ExchangeRequest, Report, RunEvent, RunStatus, Scenario, Step, StepResult } from '@shared/scenario'
import { startedStep } from '@shared/scenario'
import type { Answer, ExpectationChecker, PlannedRequest, Profile, RunState, StepEnd, StepFeed, StepProgram } from '../../core/simulator/types'
import { CANCELLED, retryAfterMs, sendOnce, sleep, type WireRequest, type WireResult } from './http'
import { mapPool, RateLimiter } from './limits'
import { exchangeFailed, KEEP_FIRST_EXCHANGES, KEEP_MAX_EXCHANGES, KEEP_MAX_STEP_CHANGES, newReport, summarize, tally, worst } from './report'
import type { ResolvedTarget } from './target'

/**
 * Drives one run: each step's program (from the profile) yields the requests an IdP would send; the runner sends them
 * (timeout, concurrency, rate limit, Retry-After), records every exchange, judges each answer by the profile's checks,
 * then the step's assertions. Step mode holds every request until `step()`. Nothing a server or the network does makes
 * it throw: each failure becomes a step's reason.
 */

/** Retries of one request after 429 (profiles that honour Retry-After); then the last 429 is judged as it is. */
export const MAX_RETRIES = 5
/** A Retry-After longer than this is cut to it (and the exchange's note says so): a run should end within minutes. */
export const RETRY_AFTER_CAP_MS = 60_000
/** The wait after a 429 without a readable Retry-After. */
export const DEFAULT_RETRY_MS = 1_000
/** Response bodies kept in the report (the step programs and checks see the whole body). */
export const REPORT_BODY_CAP = 64 * 1024
/** How long an exchange waits for its request-log entry (embedded target) to learn what it changed. */
export const CHANGES_WAIT_MS = 2_000
/** A step program yielding more than this is looping, whatever it says. */
const MAX_YIELDS_PER_STEP = 1_000_000

export interface RunConfig {
  runId: string
  scenario: Scenario
  profile: Profile
  state: RunState
  target: ResolvedTarget
  mode: 'run' | 'step'
  concurrency: number
  ratePerSecond: number
  timeoutMs: number
  checkExpectation: ExpectationChecker
  emit(e: RunEvent): void
}

/** `Bearer tok-…`: enough to tell two tokens apart in a report, never the secret. */
export function redactBearer(token: string): string {
  return `Bearer ${token.slice(0, Math.min(4, Math.floor(token.length / 3)))}…`
}

function capText(text: string | null): string | null {
  if (text === null || text.length <= REPORT_BODY_CAP) return text
  return `${text.slice(0, REPORT_BODY_CAP)}\n…[cut: ${text.length} characters in all]`
}

/**
 * `400 scimType invalidPath "Unsupported path …"`: what a reader needs from an answer to see why a check failed. The
 * detail is left out when `already` (the check's own reason) quotes it.
 */
export function describeAnswer(a: Answer, already = ''): string {
  if (a.error !== null) return a.error
  const j = a.response.json as { scimType?: unknown; detail?: unknown } | undefined
  const parts = [String(a.response.status)]
  if (j && typeof j === 'object') {
    if (typeof j.scimType === 'string') parts.push(`scimType ${j.scimType}`)
    if (typeof j.detail === 'string' && j.detail && !already.includes(j.detail.slice(0, 60))) parts.push(`"${j.detail.length > 120 ? `${j.detail.slice(0, 120)}…` : j.detail}"`)
  }
  return parts.join(' ')
}

export function defaultStepTitle(step: Step): string {
  switch (step.action) {
    case 'testConnection':
      return 'Test connection'
    case 'provisionUser':
      return `Provision ${step.user}`
    case 'updateProfile':
      return `Update ${step.user}'s profile`
    case 'deactivate':
      return `Deactivate ${step.user}`
    case 'reactivate':
      return `Reactivate ${step.user}`
    case 'deleteUser':
      return `Delete ${step.user}`
    case 'pushGroup':
      return `Push group ${step.group}`
    case 'renameGroup':
      return `Rename group ${step.group} to ${step.displayName}`
    case 'addMembers':
      return `Add ${step.users.join(', ')} to ${step.group}`
    case 'removeMembers':
      return `Remove ${step.users.join(', ')} from ${step.group}`
    case 'deleteGroup':
      return `Delete group ${step.group}`
    case 'importUsers':
      return `Import users (pages of ${step.pageSize})`
    case 'initialSync':
      return `Initial sync of ${step.count} users`
  }
}

/** What the step learnt while it ran, beyond what the report keeps. */
interface StepWork {
  result: StepResult
  main: Answer | null
  readBack: unknown
  fails: string[]
  failCount: number
  warns: string[]
  changesSeen: number
  /** Seq of the step's first request: "the first 50" are by the order requests were made, not answered. */
  firstSeq: number | null
  /** Where the assertions' findings start in `fails`. */
  firstAssertion?: number
}

/**
 * Runner-side check for a request that got no answer at all. The profile's checks are not run on it: each would only
 * repeat "no answer", and one finding reads better than five.
 */
function transportCheck(error: string, timeoutMs: number, profile: Profile): CheckResult {
  if (error.startsWith('timed out')) {
    const okta = profile.info.id.startsWith('okta')
    return {
      id: 'transport.timeout',
      title: `The server answers within the timeout (${timeoutMs} ms)`,
      outcome: 'fail',
      reason: error,
      source: okta ? 'idp-request-patterns.md b.2.10 (Okta: socket timeout of 60 s per request)' : `the run's timeout (${profile.info.name}: ${profile.info.timeoutMs} ms unless the run sets one)`,
      items: okta ? ['b.2.10'] : [],
    }
  }
  return { id: 'transport.answer', title: 'The server can be reached and answers', outcome: 'fail', reason: error, source: 'RFC 7644 §3 (SCIM over HTTP: the IdP got no answer)', items: [] }
}

/**
 * Runner-side check: whatever the profile looks at, a SCIM answer with a body carries JSON (RFC 7644 §3.1, §8.1). An
 * HTML error page from a proxy is the usual culprit, and no IdP can read it.
 */
function notJson(answer: Answer): CheckResult | null {
  const r = answer.response
  if (!r || !r.bodyText || !r.bodyText.trim() || r.json !== undefined) return null
  const ct = r.headers['content-type']
  const head = r.bodyText.trim().slice(0, 80)
  return {
    id: 'transport.json',
    title: 'The body is JSON',
    outcome: 'fail',
    reason: `the ${r.status} answer's body is not JSON (Content-Type ${ct ? `"${ct}"` : 'none'}): ${head}${r.bodyText.trim().length > 80 ? '…' : ''}`,
    source: 'RFC 7644 §3.1 and §8.1 (SCIM bodies are JSON, application/scim+json)',
    items: [],
  }
}

export class Run {
  readonly report: Report
  private readonly abort = new AbortController()
  private readonly rate: RateLimiter
  private seq = 0
  private readonly checkCounts = { pass: 0, fail: 0, warn: 0 }
  private gate: { go(): void; cancel(): void } | null = null
  /** step() callers waiting for the run to pause again (or end). */
  private pauseWaiters: (() => void)[] = []
  private started = false
  readonly done: Promise<Report>
  private resolveDone!: (r: Report) => void

  constructor(private readonly cfg: RunConfig) {
    this.rate = new RateLimiter(cfg.ratePerSecond)
    this.report = newReport({
      runId: cfg.runId,
      scenario: cfg.scenario.name,
      title: cfg.scenario.title,
      profile: cfg.profile.info.id,
      target: { kind: cfg.target.kind, baseUrl: cfg.target.baseUrl, configId: cfg.target.configId },
      mode: cfg.mode,
    })
    this.done = new Promise((ok) => (this.resolveDone = ok))
  }

  get status(): RunStatus {
    return this.report.status
  }

  get finished(): boolean {
    return this.report.finishedAt !== null
  }

  /** Starts the run in the background; `done` resolves with the final report. */
  start(): void {
    if (this.started) return
    this.started = true
    this.report.status = 'running'
    this.cfg.emit({ type: 'started', runId: this.cfg.runId, report: this.snapshot() })
    void this.loop()
  }

  /** A copy of the report as it is now (the live one keeps changing). */
  snapshot(): Report {
    return structuredClone(this.report)
  }

  /** Step mode: sends the pending request and resolves once the run waits again or has ended. */
  async step(): Promise<Report> {
    const gate = this.gate
    if (!gate || this.report.status !== 'waiting') throw new Error('not waiting')
    const paused = new Promise<void>((ok) => this.pauseWaiters.push(ok))
    this.gate = null
    this.report.pending = null
    this.report.status = 'running'
    gate.go()
    await paused
    return this.snapshot()
  }

  /** Cancels: the request in flight is aborted and recorded, the report keeps what happened so far. */
  async stop(): Promise<Report> {
    if (!this.started) this.start()
    if (!this.finished) {
      this.abort.abort()
      const gate = this.gate
      this.gate = null
      gate?.cancel()
    }
    await this.done
    return this.snapshot()
  }

  private get aborted(): boolean {
    return this.abort.signal.aborted
  }

  private paused(): void {
    const ws = this.pauseWaiters
    this.pauseWaiters = []
    for (const w of ws) w()
  }

  private async loop(): Promise<void> {
    const steps = this.cfg.scenario.steps
    try {
      for (let i = 0; i < steps.length && !this.aborted; i++) await this.runStep(i, steps[i]!)
    } catch (e) {
      // A bug of ours or of a step program: the run ends as failed with the reason, the process lives on.
      const last = this.report.steps[this.report.steps.length - 1]
      if (last) {
        last.outcome = 'fail'
        last.reason = `the simulator failed: ${e instanceof Error ? e.message : String(e)}`
      }
    }
    const failed = this.report.steps.some((s) => s.outcome === 'fail')
    this.report.status = this.aborted ? 'cancelled' : failed ? 'failed' : 'passed'
    this.report.finishedAt = new Date().toISOString()
    this.report.pending = null
    this.report.summary = summarize(this.report.steps, this.checkCounts)
    this.cfg.target.changes?.close()
    this.cfg.emit({ type: 'finished', runId: this.cfg.runId, report: this.snapshot() })
    this.resolveDone(this.snapshot())
    this.paused()
  }

  private async runStep(index: number, step: Step): Promise<void> {
    const t0 = performance.now()
    const result: StepResult = startedStep(index, { id: step.id ?? String(index + 1), action: step.action, title: step.title ?? defaultStepTitle(step) })
    this.report.steps.push(result)
    const w: StepWork = { result, main: null, readBack: undefined, fails: [], failCount: 0, warns: [], changesSeen: 0, firstSeq: null }

    let end: StepEnd | void = undefined
    let program: StepProgram | null = null
    try {
      program = this.cfg.profile.program(step, this.cfg.state)
      let feed: StepFeed | undefined
      for (let n = 0; ; n++) {
        if (n > MAX_YIELDS_PER_STEP) throw new Error(`the step program yielded more than ${MAX_YIELDS_PER_STEP} requests`)
        const r = program.next(feed as StepFeed)
        if (r.done) {
          end = r.value
          break
        }
        if (this.aborted) break
        const y = r.value
        const answers = await this.sendBatch(w, Array.isArray(y) ? y : [y])
        feed = Array.isArray(y) ? answers : answers[0]!
        if (this.aborted) break
      }
    } catch (e) {
      end = { failed: `the step program failed: ${e instanceof Error ? e.message : String(e)}` }
    } finally {
      if (this.aborted) program?.return(undefined)
    }
    this.conclude(w, step, end ?? {})
    result.durationMs = Math.round(performance.now() - t0)
    this.report.summary = summarize(this.report.steps, this.checkCounts)
    this.cfg.emit({ type: 'step', runId: this.cfg.runId, step: structuredClone(result) })
  }

  /** The step's outcome and reason, and its assertions (not after a skip or a stop). */
  private conclude(w: StepWork, step: Step, end: StepEnd): void {
    const r = w.result
    if (this.aborted) {
      r.outcome = 'skipped'
      r.reason = 'cancelled: the run was stopped during this step'
      return
    }
    if (end.skipped && w.failCount === 0) {
      r.outcome = 'skipped'
      r.reason = end.skipped
      return
    }
    if (step.expect) {
      try {
        r.assertions = this.cfg.checkExpectation(step.expect, { main: w.main, readBack: w.readBack, state: this.cfg.state, step, directory: this.cfg.target.directory })
      } catch (e) {
        r.assertions = [{ id: 'expect', title: 'Assertions', outcome: 'fail', reason: `the assertions could not be checked: ${e instanceof Error ? e.message : String(e)}`, source: 'scenario', items: [] }]
      }
      tally(this.checkCounts, r.assertions)
      w.firstAssertion = w.fails.length
      for (const a of r.assertions) {
        if (a.outcome === 'fail') {
          w.failCount++
          w.fails.push(`assertion "${a.title}": ${a.reason}`)
        } else if (a.outcome === 'warn') w.warns.push(a.reason)
      }
    }
    if (end.failed) {
      // After the checks' findings: those name the request and the server's answer (status, scimType, detail),
      // the program's verdict only what it could not do next.
      w.failCount++
      w.fails.splice(w.firstAssertion ?? w.fails.length, 0, end.failed)
    }
    if (w.failCount > 0) {
      r.outcome = 'fail'
      r.reason = w.fails[0]! + (w.failCount > 1 ? ` (and ${w.failCount - 1} more finding${w.failCount > 2 ? 's' : ''})` : '')
    } else if (w.warns.length) {
      r.outcome = 'warn'
      r.reason = w.warns[0]! + (w.warns.length > 1 ? ` (and ${w.warns.length - 1} more warning${w.warns.length > 2 ? 's' : ''})` : '')
    } else {
      r.outcome = 'pass'
      const held = r.assertions.filter((a) => a.outcome === 'pass').length
      r.reason = `${r.exchangeCount} request${r.exchangeCount === 1 ? '' : 's'}, every check held` + (held ? `, ${held} assertion${held === 1 ? '' : 's'} held` : '')
    }
    if (w.changesSeen > r.directoryChanges.length) r.reason += ` [${r.directoryChanges.length} of ${w.changesSeen} directory changes kept]`
  }

  private async sendBatch(w: StepWork, planned: PlannedRequest[]): Promise<Answer[]> {
    // Step mode shows one request at a time, so a batch goes one by one there.
    const limit = this.cfg.mode === 'step' ? 1 : this.cfg.concurrency
    return mapPool(planned, limit, this.abort.signal, (p) => this.exchange(w, p), (): Answer => ({ response: null, error: CANCELLED }))
  }

  private build(p: PlannedRequest, seq: number): WireRequest {
    const t = this.cfg.target
    const headers: Record<string, string> = { ...p.headers, ...t.headers, Authorization: `Bearer ${t.token}` }
    const body = p.body === undefined ? null : JSON.stringify(p.body)
    if (body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/scim+json'
    if (t.changes) headers[t.changes.header] = String(seq)
    const path = p.path.startsWith('/') ? p.path : `/${p.path}`
    return { method: p.method, url: t.baseUrl + path, headers, body }
  }

  private shown(wire: WireRequest, p: PlannedRequest): ExchangeRequest {
    const headers = { ...wire.headers, Authorization: redactBearer(this.cfg.target.token) }
    return { method: wire.method, url: wire.url, headers, body: wire.body, note: p.note, items: [...p.items] }
  }

  /** Step mode: publish the request and wait for step() (true) or stop() (false). */
  private waitForGo(request: ExchangeRequest, stepIndex: number): Promise<boolean> {
    if (this.cfg.mode !== 'step') return Promise.resolve(!this.aborted)
    if (this.aborted) return Promise.resolve(false)
    this.report.pending = { ...request, stepIndex }
    this.report.status = 'waiting'
    this.cfg.emit({ type: 'pending', runId: this.cfg.runId, stepIndex, request: structuredClone(request) })
    const go = new Promise<boolean>((ok) => (this.gate = { go: () => ok(true), cancel: () => ok(false) }))
    this.paused()
    return go
  }

  /** One request, with its 429 retries, recorded and judged. */
  private async exchange(w: StepWork, p: PlannedRequest): Promise<Answer> {
    const seq = ++this.seq
    w.firstSeq ??= seq
    const wire = this.build(p, seq)
    const request = this.shown(wire, p)
    if (!(await this.waitForGo(request, w.result.index))) return { response: null, error: CANCELLED }

    const keys: string[] = []
    let retries = 0
    let result: WireResult
    const waits: string[] = []
    for (;;) {
      const key = `${seq}.${retries}`
      keys.push(key)
      if (this.cfg.target.changes) wire.headers[this.cfg.target.changes.header] = key
      result = (await this.rate.take(this.abort.signal)) ? await sendOnce(wire, this.cfg.timeoutMs, this.abort.signal) : { response: null, error: CANCELLED }
      if (!result.response || result.response.status !== 429 || !this.cfg.profile.info.honoursRetryAfter || retries >= MAX_RETRIES) break
      const asked = retryAfterMs(result.response.headers['retry-after'])
      const wait = Math.min(asked ?? DEFAULT_RETRY_MS, RETRY_AFTER_CAP_MS)
      waits.push(asked === null ? `no readable Retry-After, waited ${DEFAULT_RETRY_MS / 1000} s` : asked > RETRY_AFTER_CAP_MS ? `Retry-After ${Math.round(asked / 1000)} s, waited ${RETRY_AFTER_CAP_MS / 1000} s (the simulator's cap)` : `waited ${wait / 1000} s as Retry-After asked`)
      if (!(await sleep(wait, this.abort.signal))) {
        result = { response: null, error: CANCELLED }
        break
      }
      retries++
    }
    if (waits.length) request.note += ` — 429 answered ${waits.length} time${waits.length > 1 ? 's' : ''}: ${waits.join('; ')}.`
    const answer: Answer = result.response ? { response: result.response, error: null } : { response: null, error: result.error }
    const changes = this.cfg.target.changes && result.error !== CANCELLED ? await this.cfg.target.changes.take(keys, CHANGES_WAIT_MS) : []

    const checks = p.readBack || answer.error === CANCELLED ? [] : this.judge(p, answer)
    const x: Exchange = {
      seq,
      request,
      response: result.response ? { status: result.response.status, headers: result.response.headers, body: capText(result.response.bodyText), durationMs: result.response.durationMs } : null,
      error: result.error,
      retries,
      checks,
      directoryChanges: changes,
    }
    this.record(w, p, x, answer)
    return answer
  }

  /** The profile's checks on one answer; a check that throws is a failed check, not a crashed run. */
  private judge(p: PlannedRequest, answer: Answer): CheckResult[] {
    if (answer.error !== null) return [transportCheck(answer.error, this.cfg.timeoutMs, this.cfg.profile)]
    const out: CheckResult[] = []
    for (const c of p.checks) {
      let why: string | null
      try {
        why = c.check(answer, this.cfg.state)
      } catch (e) {
        why = `the check could not run: ${e instanceof Error ? e.message : String(e)}`
      }
      out.push({ id: c.id, title: c.title, outcome: why === null ? 'pass' : c.severity, reason: why ?? c.passReason, source: c.source, items: [...c.items] })
    }
    const bad = notJson(answer)
    if (bad) out.push(bad)
    return out
  }

  private record(w: StepWork, p: PlannedRequest, x: Exchange, answer: Answer): void {
    const r = w.result
    r.exchangeCount++
    tally(this.checkCounts, x.checks)
    const path = x.request.url.slice(this.cfg.target.baseUrl.length) || '/'
    const where = (reason: string) => `${x.request.method} ${path} → ${describeAnswer(answer, reason)}`
    for (const c of x.checks) {
      if (c.outcome === 'fail') {
        w.failCount++
        if (w.fails.length < 20) w.fails.push(c.id.startsWith('transport.') ? `${x.request.method} ${path}: ${c.reason}` : `${c.reason} (${where(c.reason)})`)
      } else if (c.outcome === 'warn' && w.warns.length < 20) w.warns.push(`${c.reason} (${where(c.reason)})`)
    }
    if (p.main) w.main = answer
    if (p.readBack) w.readBack = answer.response?.json
    for (const e of x.directoryChanges) {
      w.changesSeen++
      if (r.directoryChanges.length < KEEP_MAX_STEP_CHANGES) r.directoryChanges.push(e as DomainEvent)
    }
    const keep = r.exchanges.length < KEEP_MAX_EXCHANGES && (x.seq - (w.firstSeq ?? x.seq) < KEEP_FIRST_EXCHANGES || exchangeFailed(x))
    if (keep) {
      // Concurrent answers arrive out of order; the report lists exchanges in the order they were sent.
      let at = r.exchanges.length
      while (at > 0 && r.exchanges[at - 1]!.seq > x.seq) at--
      r.exchanges.splice(at, 0, x)
      this.cfg.emit({ type: 'exchange', runId: this.cfg.runId, stepIndex: r.index, exchange: structuredClone(x) })
    }
    // Provisional while the step runs, so a live report shows where it stands.
    r.outcome = worst(x.checks) === 'fail' || r.outcome === 'fail' ? 'fail' : r.outcome === 'warn' || worst(x.checks) === 'warn' ? 'warn' : 'pass'
    this.report.summary = summarize(this.report.steps, this.checkCounts)
  }
}
