import { useEffect, useRef, useState } from 'react'
import type { Report, Scenario, StepResult } from '@shared/scenario'
import { Button, Empty, Loading } from '../../ui/primitives'
import { localDateTime } from '../../ui/time'
import { Checks, DirectoryChanges, displayPath, ExchangeRow, Method, OutcomeBadge, RequestDetail, ResponseDetail } from './ExchangeView'
import { allExchanges, formatMs, isTerminal, runStatusTone, statusTone, stepInProgress, type RunView } from './run-model'
import { useScenarios, useScenariosStore } from './store'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The chosen run: its header (status, counts, stop, exports), step mode's next request, and the steps. */
export function RunResults() {
  const id = useScenarios((s) => s.currentRunId)
  const v = useScenarios((s) => (s.currentRunId ? s.runs[s.currentRunId] : undefined))
  const busy = useScenarios((s) => s.busy)
  const doc = useScenarios((s) => {
    const r = s.currentRunId ? s.runs[s.currentRunId] : undefined
    const d = r ? s.docs[r.report.scenario] : undefined
    return d?.state === 'ok' ? d.scenario : null
  })
  if (!id) {
    return (
      <Empty title="No run yet">
        Pick a profile, a scenario and a target, then <strong>Run</strong> to send the whole sequence, or <strong>Step</strong> to see each request before
        it goes. Results appear here as they arrive.
      </Empty>
    )
  }
  if (!v) return busy === 'open' ? <Loading what="the run" /> : <Empty title="This run is not known any more">The sandbox keeps the last 50 runs, until it restarts.</Empty>
  return (
    <div className="sc-run">
      <RunHeader v={v} total={total(v, doc)} />
      {v.report.mode === 'step' && !isTerminal(v.report.status) ? <StepPanel v={v} doc={doc} /> : null}
      {v.report.mode === 'step' && isTerminal(v.report.status) ? <LastExchange v={v} /> : null}
      <StepList v={v} doc={doc} />
    </div>
  )
}

/** How many steps the run has: the scenario's, when its document is known. */
const total = (v: RunView, doc: Scenario | null) => Math.max(doc && doc.name === v.report.scenario ? doc.steps.length : 0, v.report.summary.steps, v.report.steps.length)

function RunHeader({ v, total }: { v: RunView; total: number }) {
  const store = useScenariosStore()
  const busy = useScenarios((s) => s.busy)
  const profiles = useScenarios((s) => s.profiles)
  const r = v.report
  const done = isTerminal(r.status)
  // Counts of the steps that have ended (the server's also count the one being sent, by its outcome so far).
  const ended = done ? r.steps : r.steps.filter((x) => v.ended.includes(x.index))
  const n = (o: string) => ended.filter((x) => x.outcome === o).length
  const s = { ...r.summary, passed: n('pass'), failed: n('fail'), warned: n('warn'), skipped: n('skipped') }
  const profile = profiles.find((p) => p.id === r.profile)?.name ?? r.profile
  return (
    <section className="sc-run-head" aria-label="Run summary">
      <div className="sc-run-title">
        <h2>{r.title}</h2>
        <span className={`badge sc-run-status ${runStatusTone[r.status]}`} role="status" aria-label={`Run ${r.status}`}>
          {r.status === 'running' ? <span className="spinner" aria-hidden="true" /> : null}
          {r.status}
        </span>
        <span className="spacer" />
        {!done ? (
          <Button size="sm" variant="danger" onClick={() => void store.getState().stop(r.runId)} disabled={busy === 'stop'}>
            Stop
          </Button>
        ) : null}
        <Button size="sm" onClick={() => void store.getState().exportReport(r.runId)} disabled={busy === 'export'} title="The whole report as JSON">
          Report (JSON)
        </Button>
        <Button size="sm" onClick={() => void store.getState().exportJunit(r.runId)} disabled={busy === 'export'} title="One test case per step, for CI">
          JUnit XML
        </Button>
      </div>
      <div className="sc-run-meta">
        <span>{profile}</span>
        <span className="mono" title={r.target.baseUrl}>
          {r.target.kind === 'embedded' ? `sandbox · ${r.target.configId}` : r.target.baseUrl}
        </span>
        <span>{r.mode === 'step' ? 'step by step' : 'run'}</span>
        <span>{localDateTime(r.startedAt)}</span>
        <span className="mono faint">{r.runId}</span>
      </div>
      <div className="sc-counts" aria-label="Summary">
        <span>
          <strong>{ended.length}</strong>/{total} steps
        </span>
        <span className="sc-count-pass">{s.passed} passed</span>
        <span className={s.failed ? 'sc-count-fail' : 'faint'}>{s.failed} failed</span>
        <span className={s.warned ? 'sc-count-warn' : 'faint'}>{s.warned} warned</span>
        <span className={s.skipped ? '' : 'faint'}>{s.skipped} skipped</span>
        <span className="sc-sep" aria-hidden="true" />
        <span>{plural(s.requests, 'request')}</span>
        <span>
          checks: {s.checks.pass} pass · {s.checks.fail} fail · {s.checks.warn} warn
        </span>
      </div>
    </section>
  )
}

/** Step mode: the request that goes next, in full, before it is sent; and what the last one did. */
function StepPanel({ v, doc }: { v: RunView; doc: Scenario | null }) {
  const store = useScenariosStore()
  const busy = useScenarios((s) => s.busy)
  const sendRef = useRef<HTMLButtonElement>(null)
  const p = v.report.pending
  const pendingKey = p ? `${p.stepIndex}:${p.method}:${p.url}:${v.streamSeq}` : ''

  // With each new request the view goes back to the top, where Send stays in one place, and Send takes the focus, so
  // Enter (or Ctrl+Enter anywhere) sends the next one.
  useEffect(() => {
    if (!pendingKey) return
    const scroller = sendRef.current?.closest('.sc-results')
    if (scroller) scroller.scrollTop = 0
    sendRef.current?.focus({ preventScroll: true })
  }, [pendingKey])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault()
        void store.getState().step()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  const stepTitle = p ? (doc?.steps[p.stepIndex]?.title ?? v.report.steps.find((s) => s.index === p.stepIndex)?.title ?? '') : ''
  return (
    <div className="sc-stepper">
      <section className="sc-pending card" aria-label="Next request">
        <div className="sc-pending-head">
          <h3>
            Next request{' '}
            {p ? (
              <span className="muted">
                · step {p.stepIndex + 1} of {total(v, doc)}
                {stepTitle ? `: ${stepTitle}` : ''}
              </span>
            ) : null}
          </h3>
          <Button ref={sendRef} variant="primary" onClick={() => void store.getState().step()} disabled={!p || busy === 'step'} title="Send it (Ctrl+Enter)">
            {busy === 'step' ? 'Sending…' : 'Send'}
          </Button>
          <kbd className="sc-kbd" aria-hidden="true">
            Ctrl+Enter
          </kbd>
        </div>
        {p ? (
          <RequestDetail request={p} />
        ) : (
          <div className="sc-small muted">
            <span className="spinner" aria-hidden="true" /> Working out the next request…
          </div>
        )}
      </section>
      <LastExchange v={v} />
    </div>
  )
}

/** The newest exchange with its answer and the directory changes it caused. */
function LastExchange({ v }: { v: RunView }) {
  const all = allExchanges(v.report)
  const last = all[all.length - 1]
  if (!last) return null
  const e = last.exchange
  return (
    <section className="sc-last card" aria-label="Last exchange">
      <div className="sc-pending-head">
        <h3>
          Last sent <span className="muted">· step {last.stepIndex + 1}</span>
        </h3>
        <Method method={e.request.method} />
        <span className="mono sc-last-url" title={e.request.url}>
          {displayPath(e.request.url)}
        </span>
        <span className={`badge ${statusTone(e.response?.status)}`}>{e.response?.status ?? 'no answer'}</span>
      </div>
      <h4>Directory changes</h4>
      <DirectoryChanges
        changes={e.directoryChanges}
        empty={v.report.target.kind === 'embedded' ? 'No change in the directory.' : 'An external server: its changes are not visible here.'}
      />
      <Checks checks={e.checks} />
      <ResponseDetail exchange={e} />
    </section>
  )
}

function StepList({ v, doc }: { v: RunView; doc: Scenario | null }) {
  const r = v.report
  const listed = new Set(r.steps.map((s) => s.index))
  const current = stepInProgress(v)
  const upcoming = doc && doc.name === r.scenario && !isTerminal(r.status) ? doc.steps.map((s, index) => ({ s, index })).filter(({ index }) => !listed.has(index)) : []
  const count = total(v, doc)
  return (
    <section className="sc-steps-wrap" aria-label="Steps">
      <ol className="sc-steps">
        {r.steps.map((s) => (
          <StepRow key={s.index} step={s} state={s.index !== current ? 'ended' : r.pending ? 'waiting' : 'running'} />
        ))}
        {upcoming.map(({ s, index }) => (
          <li key={`up-${index}`} className="sc-step sc-step-upcoming">
            <div className="sc-step-head sc-step-static">
              <span className="sc-step-n">{index + 1}</span>
              <span className="badge sc-outcome">to do</span>
              <span className="sc-step-title">{s.title ?? s.action}</span>
              <span className="sc-step-action mono faint">{s.action}</span>
            </div>
          </li>
        ))}
      </ol>
      {isTerminal(r.status) && r.steps.length < count ? (
        <div className="faint sc-small sc-not-run">
          {plural(count - r.steps.length, 'step')} not run ({r.status}).
        </div>
      ) : null}
    </section>
  )
}

/** While a step runs, the worst thing found so far. */
const soFar = (s: StepResult) => s.exchanges.flatMap((e) => e.checks).find((c) => c.outcome === s.outcome)?.reason ?? s.reason

function StepRow({ step: s, state }: { step: StepResult; state: 'ended' | 'running' | 'waiting' }) {
  const [openState, setOpen] = useState<boolean | null>(null)
  // A failed step opens by itself, and so does the one being sent; a click decides from then on.
  const open = openState ?? (s.outcome === 'fail' || state !== 'ended')
  const hidden = s.exchangeCount - s.exchanges.length
  const live = state !== 'ended'
  return (
    <li className={`sc-step sc-step-${live ? 'live' : s.outcome} ${open ? 'open' : ''}`}>
      <button type="button" className="sc-step-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="sc-caret" aria-hidden="true" />
        <span className="sc-step-n">{s.index + 1}</span>
        {live ? (
          <span className={`badge sc-outcome ${state === 'running' ? 'sc-running' : 'sc-waiting'}`}>
            {state === 'running' ? <span className="spinner" aria-hidden="true" /> : null}
            {state === 'running' ? 'running' : 'next'}
          </span>
        ) : (
          <OutcomeBadge outcome={s.outcome} />
        )}
        <span className="sc-step-title">{s.title}</span>
        <span className="sc-step-action mono faint">{s.action}</span>
        <span className="spacer" />
        <span className="faint sc-small">
          {plural(s.exchangeCount, 'request')}
          {live ? '' : ` · ${formatMs(s.durationMs)}`}
        </span>
      </button>
      {!live ? <div className="sc-step-reason">{s.reason}</div> : s.outcome !== 'pass' ? <div className="sc-step-reason">so far: {soFar(s)}</div> : null}
      {open ? (
        <div className="sc-step-body">
          {s.exchanges.length ? (
            <ul className="sc-exs" aria-label={`Requests of step ${s.index + 1}`}>
              {s.exchanges.map((e) => (
                <ExchangeRow key={e.seq} exchange={e} />
              ))}
            </ul>
          ) : s.exchangeCount || live ? null : (
            <div className="faint sc-small">No request sent.</div>
          )}
          {hidden > 0 ? <div className="faint sc-small">{plural(hidden, 'more request')} not kept in the report (only the first 50 and every failing one are).</div> : null}
          {s.assertions.length ? (
            <>
              <h4>Assertions</h4>
              <Checks checks={s.assertions} label="Assertions" />
            </>
          ) : null}
          {s.directoryChanges.length ? (
            <>
              <h4>Directory changes</h4>
              <DirectoryChanges changes={s.directoryChanges} />
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

/** Recent runs (the server keeps 50), newest first; opening one shows its report. */
export function RecentRuns() {
  const store = useScenariosStore()
  const recent = useScenarios((s) => s.recent)
  const current = useScenarios((s) => s.currentRunId)
  return (
    <section className="sc-recent" aria-label="Recent runs">
      <h3>Recent runs</h3>
      {recent.length === 0 ? (
        <div className="faint sc-small">None yet.</div>
      ) : (
        <ul>
          {recent.map((r) => (
            <li key={r.runId}>
              <button
                type="button"
                className={`sc-recent-item ${current === r.runId ? 'selected' : ''}`}
                aria-label={`${r.title}, ${r.profile}: ${r.status}, ${summaryLine(r)}`}
                aria-current={current === r.runId ? 'true' : undefined}
                onClick={() => void store.getState().openRun(r.runId)}
              >
                <span className={`badge ${runStatusTone[r.status]}`}>{r.status}</span>
                <span className="sc-recent-title">{r.title}</span>
                <span className="faint sc-small">
                  {r.profile} · {summaryLine(r)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function summaryLine(r: Report) {
  const s = r.summary
  return `${s.passed}/${s.steps} passed${s.failed ? `, ${s.failed} failed` : ''}`
}
