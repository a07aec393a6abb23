import { useMemo, useState } from 'react'
import type { ProfileId } from '@shared/scenario'
import { compareRuns, type ComparedExchange, type ComparedStep, type Difference, type DifferenceKind } from '@shared/scenario-compare'
import { Button, Empty, ErrorBanner, Field } from '../../ui/primitives'
import { displayPath, Method, OutcomeBadge } from './ExchangeView'
import { isTerminal, runStatusTone, statusTone, type RunView } from './run-model'
import { ProfileFacts, ProfileSelect, TargetPicker } from './SetupPanel'
import { untag, useScenarios, useScenariosStore } from './store'

const PRESETS: { label: string; left: ProfileId; right: ProfileId }[] = [
  { label: 'Entra legacy vs flag', left: 'entra-legacy', right: 'entra-flag' },
  { label: 'Okta OIN vs AIW', left: 'okta-oin', right: 'okta-aiw' },
  { label: 'Okta OIN vs Entra', left: 'okta-oin', right: 'entra-flag' },
]

/** Compare's setup: one scenario, two profiles, one target. */
export function CompareSetup() {
  const store = useScenariosStore()
  const scenarios = useScenarios((s) => s.scenarios)
  const profiles = useScenarios((s) => s.profiles)
  const c = useScenarios((s) => s.compare)
  const running = c.phase === 'left' || c.phase === 'right'
  const left = profiles.find((p) => p.id === c.left)
  const right = profiles.find((p) => p.id === c.right)
  return (
    <div className="sc-setup-inner">
      <section className="sc-section" aria-label="Scenario to compare">
        <Field label="Scenario">
          {(id) => (
            <select id={id} value={c.scenario ?? ''} onChange={(e) => store.getState().setCompare({ scenario: e.target.value })}>
              {scenarios.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="sc-row sc-presets">
          {PRESETS.map((p) => (
            <Button key={p.label} size="sm" variant="ghost" onClick={() => store.getState().setCompare({ left: p.left, right: p.right })}>
              {p.label}
            </Button>
          ))}
        </div>
      </section>
      <section className="sc-section" aria-label="Profiles to compare">
        <ProfileSelect label="Left profile" value={c.left} onChange={(id) => store.getState().setCompare({ left: id })} profiles={profiles} />
        {left ? <ProfileFacts p={left} /> : null}
        <ProfileSelect label="Right profile" value={c.right} onChange={(id) => store.getState().setCompare({ right: id })} profiles={profiles} />
        {right ? <ProfileFacts p={right} /> : null}
      </section>
      <TargetPicker />
      <div className="sc-actions">
        <Button variant="primary" onClick={() => void store.getState().startCompare()} disabled={running || !c.scenario}>
          {running ? 'Comparing…' : 'Compare'}
        </Button>
        <span className="faint sc-small">Runs the scenario once per profile, one after the other, each with its users on its own email domain.</span>
      </div>
    </div>
  )
}

const KIND_LABEL: Record<DifferenceKind, string> = {
  method: 'method',
  path: 'path',
  query: 'query',
  op: 'op',
  'op-case': 'op casing',
  'value-type': 'value type',
  'body-keys': 'body keys',
  status: 'status',
  outcome: 'outcome',
  'only-one': 'only one side',
}

/** A difference in words, named by its kind unless the message already says it ("method PATCH vs PUT"). */
const diffText = (d: Difference) => (d.message.startsWith(KIND_LABEL[d.kind]) ? d.message : `${KIND_LABEL[d.kind]}: ${d.message}`)

/** Differences as lines; the body keys one side alone sends become one line per side. */
function diffLines(ds: Difference[]): string[] {
  const out: string[] = []
  const only: Record<'left' | 'right', string[]> = { left: [], right: [] }
  for (const d of ds) {
    const side = d.kind === 'body-keys' && d.at !== undefined ? (/ only on the (left|right)$/.exec(d.message)?.[1] as 'left' | 'right' | undefined) : undefined
    if (side) only[side].push(d.at!)
    else out.push(diffText(d))
  }
  for (const side of ['left', 'right'] as const) if (only[side].length) out.push(`body keys only on the ${side}: ${only[side].join(', ')}`)
  return out
}

/** The two runs side by side, aligned by step, differences marked. */
export function CompareResults() {
  const c = useScenarios((s) => s.compare)
  const profiles = useScenarios((s) => s.profiles)
  const a = useScenarios((s) => (s.compare.runIds[0] ? s.runs[s.compare.runIds[0]] : undefined))
  const b = useScenarios((s) => (s.compare.runIds[1] ? s.runs[s.compare.runIds[1]] : undefined))
  const store = useScenariosStore()
  const [onlyDiffs, setOnlyDiffs] = useState(false)
  const comparison = useMemo(() => compareRuns(a?.report ?? { steps: [] }, b?.report ?? { steps: [] }, { normalize: untag(c.tags) }), [a, b, c.tags])
  const name = (id: ProfileId) => profiles.find((p) => p.id === id)?.name ?? id

  if (c.error) return <ErrorBanner error={c.error} onRetry={() => void store.getState().startCompare()} />
  if (!a) {
    return (
      <Empty title="Compare two dialects">
        Choose a scenario and two profiles (Entra legacy vs the aadOptscim062020 flag, Okta OIN vs AIW), then <strong>Compare</strong>: the scenario runs once
        per profile and the two request sequences are shown side by side, step by step, with what differs marked.
      </Empty>
    )
  }
  const steps = onlyDiffs ? comparison.steps.filter((s) => s.differs) : comparison.steps
  const kinds = Object.entries(comparison.byKind) as [DifferenceKind, number][]
  return (
    <div className="sc-compare">
      <section className="sc-run-head" aria-label="Comparison summary">
        <div className="sc-run-title">
          <h2>{a.report.title}</h2>
          <span className="spacer" />
          <label className="sc-check-toggle">
            <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Only steps that differ
          </label>
        </div>
        <div className="sc-counts" role="status">
          {c.phase === 'left' || c.phase === 'right' ? (
            <span>
              <span className="spinner" aria-hidden="true" /> Running the {c.phase} profile…
            </span>
          ) : null}
          <span>
            <strong>{comparison.differences}</strong> {comparison.differences === 1 ? 'difference' : 'differences'} in {comparison.differingSteps} of {comparison.steps.length} steps
          </span>
          {kinds.map(([k, n]) => (
            <span key={k} className="badge sc-diff-kind">
              {KIND_LABEL[k]} {n}
            </span>
          ))}
        </div>
      </section>
      <div className="sc-cmp-grid" role="table" aria-label="Request sequences side by side">
        <div className="sc-cmp-row sc-cmp-colhead" role="row">
          <SideHead v={a} label={name(c.left)} />
          <SideHead v={b} label={name(c.right)} />
        </div>
        {steps.map((s) => (
          <CompareStep key={s.index} s={s} />
        ))}
      </div>
    </div>
  )
}

function SideHead({ v, label }: { v: RunView | undefined; label: string }) {
  return (
    <div className="sc-cmp-cell" role="columnheader">
      <strong>{label}</strong>{' '}
      {v ? (
        <span className={`badge ${runStatusTone[v.report.status]}`}>{v.report.status}</span>
      ) : (
        <span className="badge">waiting</span>
      )}
      {v && !isTerminal(v.report.status) ? <span className="spinner" aria-hidden="true" /> : null}
    </div>
  )
}

function CompareStep({ s }: { s: ComparedStep }) {
  return (
    <div className={`sc-cmp-step ${s.differs ? 'differs' : ''}`} role="rowgroup" aria-label={`Step ${s.index + 1}: ${s.title}`}>
      <div className="sc-cmp-row sc-cmp-stephead" role="row">
        <div className="sc-cmp-cell" role="cell">
          <span className="sc-step-n">{s.index + 1}</span> {s.left ? <OutcomeBadge outcome={s.left.outcome} /> : <span className="badge">not run</span>} <strong>{s.title}</strong>
        </div>
        <div className="sc-cmp-cell" role="cell">
          {s.right ? <OutcomeBadge outcome={s.right.outcome} /> : <span className="badge">not run</span>}{' '}
          {s.differs ? <span className="badge badge-warn sc-differs">differs</span> : <span className="faint sc-small">same</span>}
        </div>
      </div>
      {s.differences.length ? <DiffList items={diffLines(s.differences)} /> : null}
      {s.left?.outcome !== s.right?.outcome && (s.left?.outcome === 'skipped' || s.right?.outcome === 'skipped') ? (
        <div className="sc-cmp-row" role="row">
          <div className="sc-cmp-cell faint sc-small" role="cell">
            {s.left?.outcome === 'skipped' ? s.left.reason : ''}
          </div>
          <div className="sc-cmp-cell faint sc-small" role="cell">
            {s.right?.outcome === 'skipped' ? s.right.reason : ''}
          </div>
        </div>
      ) : null}
      {s.exchanges.map((x, i) => (
        <ComparePair key={i} x={x} />
      ))}
    </div>
  )
}

function ComparePair({ x }: { x: ComparedExchange }) {
  const kinds = new Set(x.differences.map((d) => d.kind))
  const body = kinds.has('op') || kinds.has('op-case') || kinds.has('value-type') || kinds.has('body-keys')
  const side = (e: ComparedExchange['left']) =>
    e ? (
      <div className={`sc-cmp-cell sc-cmp-ex ${kinds.has('only-one') ? 'sc-diff' : ''}`} role="cell">
        <Method method={e.request.method} className={kinds.has('method') ? 'sc-diff' : ''} />
        <span className={`mono sc-cmp-path ${kinds.has('path') || kinds.has('query') ? 'sc-diff' : ''}`} title={e.request.url}>
          {displayPath(e.request.url)}
        </span>
        {body ? <span className="badge sc-diff sc-body-diff">body</span> : null}
        <span className={`badge ${statusTone(e.response?.status)} ${kinds.has('status') ? 'sc-diff' : ''}`}>{e.response?.status ?? 'error'}</span>
      </div>
    ) : (
      <div className="sc-cmp-cell sc-cmp-none faint" role="cell">
        —
      </div>
    )
  return (
    <>
      <div className={`sc-cmp-row ${x.differences.length ? 'differs' : ''}`} role="row">
        {side(x.left)}
        {side(x.right)}
      </div>
      {x.differences.length && !kinds.has('only-one') ? <DiffList items={diffLines(x.differences)} /> : null}
    </>
  )
}

function DiffList({ items }: { items: string[] }) {
  return (
    <div className="sc-cmp-row" role="row">
      <ul className="sc-diffs" role="cell" aria-label="Differences">
        {items.map((t, i) => (
          <li key={i}>{t}</li>
        ))}
      </ul>
    </div>
  )
}
