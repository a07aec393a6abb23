import { useState, type ReactNode } from 'react'
import type { DomainEvent } from '@shared/events'
import type { CheckResult, Exchange, ExchangeRequest } from '@shared/scenario'
import { resourcePath } from '@shared/scenario-compare'
import { formatMs, outcomeLabel, outcomeTone, prettyJson, statusTone } from './run-model'

/** The URL from the SCIM resource on, query decoded so a filter reads as written: `/Users?filter=userName eq "a@b"`. */
export function displayPath(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return resourcePath(url)
  let query = url.slice(q)
  try {
    query = decodeURIComponent(query.replace(/\+/g, ' '))
  } catch {
    // shown as sent
  }
  return `${resourcePath(url)}${query}`
}

/** A method in its colour (the live log's). */
export function Method({ method, className = '' }: { method: string; className?: string }) {
  return <span className={`sc-method m-${method.toLowerCase()} ${className}`}>{method}</span>
}

/** Items of idp-request-patterns.md ("b.1.5") as small badges. */
export function Items({ items }: { items: string[] }) {
  const shown = items.filter(Boolean)
  if (!shown.length) return null
  return (
    <span className="sc-items">
      {shown.map((i) => (
        <span key={i} className="badge sc-item" title={`idp-request-patterns.md ${i}`}>
          {i}
        </span>
      ))}
    </span>
  )
}

export function OutcomeBadge({ outcome }: { outcome: CheckResult['outcome'] }) {
  return <span className={`badge sc-outcome ${outcomeTone[outcome]}`}>{outcomeLabel[outcome]}</span>
}

export function Headers({ headers, label }: { headers: Record<string, string>; label: string }) {
  const rows = Object.entries(headers)
  if (!rows.length) return <div className="faint sc-small">No headers</div>
  return (
    <table className="sc-headers" aria-label={label}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function Body({ text, label }: { text: string | null; label: string }) {
  if (text === null || text === '') return <div className="faint sc-small">No body</div>
  return (
    <pre className="sc-body" aria-label={label} tabIndex={0}>
      {prettyJson(text)}
    </pre>
  )
}

function CheckItem({ c }: { c: CheckResult }) {
  return (
    <li className={`sc-check sc-check-${c.outcome}`}>
      <OutcomeBadge outcome={c.outcome} />
      <div className="sc-check-text">
        <div>
          <strong>{c.title}</strong> <span className="sc-reason">{c.reason}</span>
        </div>
        <div className="sc-source">
          {c.source} <Items items={c.items} />
        </div>
      </div>
    </li>
  )
}

/**
 * Checks with their reasons and sources. What failed or warned is always listed; passed checks (often a dozen per
 * request) fold behind one line unless there are only a few.
 */
export function Checks({ checks, label = 'Checks' }: { checks: CheckResult[]; label?: string }) {
  const [showPassed, setShowPassed] = useState(false)
  if (!checks.length) return null
  const bad = checks.filter((c) => c.outcome !== 'pass')
  const passed = checks.filter((c) => c.outcome === 'pass')
  const fold = passed.length > 3
  const shown = fold && !showPassed ? bad : [...bad, ...passed]
  return (
    <div className="sc-checks-wrap">
      {shown.length ? (
        <ul className="sc-checks" aria-label={label}>
          {shown.map((c, i) => (
            <CheckItem key={`${c.id}-${i}`} c={c} />
          ))}
        </ul>
      ) : null}
      {fold ? (
        <button type="button" className="sc-link" aria-expanded={showPassed} onClick={() => setShowPassed(!showPassed)}>
          {showPassed ? 'Hide passed checks' : bad.length ? `and ${passed.length} passed checks: show` : `All ${passed.length} checks passed: show them`}
        </button>
      ) : null}
    </div>
  )
}

/** State changes a request caused on the embedded sandbox, in words ("added alice@x to team Engineering"). */
export function DirectoryChanges({ changes, empty }: { changes: DomainEvent[]; empty?: ReactNode }) {
  if (!changes.length) return empty ? <div className="faint sc-small">{empty}</div> : null
  return (
    <ul className="sc-changes" aria-label="Directory changes">
      {changes.map((c, i) => (
        <li key={i}>
          <span className="sc-change-dot" aria-hidden="true" />
          {c.message}
        </li>
      ))}
    </ul>
  )
}

/** The request part of an exchange (or of the pending request): why the IdP sends it, then headers and body. */
export function RequestDetail({ request }: { request: ExchangeRequest }) {
  return (
    <div className="sc-req">
      {request.note ? (
        <div className="sc-note">
          <span>{request.note}</span> <Items items={request.items} />
        </div>
      ) : null}
      <div className="sc-url mono">
        <Method method={request.method} /> {request.url}
      </div>
      {request.url.includes('%') ? (
        <div className="sc-url-decoded mono" title="The query decoded, as the server reads it">
          {displayPath(request.url)}
        </div>
      ) : null}
      <h4>Request headers</h4>
      <Headers headers={request.headers} label="Request headers" />
      <h4>Request body</h4>
      <Body text={request.body} label="Request body" />
    </div>
  )
}

export function ResponseDetail({ exchange: e }: { exchange: Exchange }) {
  if (!e.response) {
    return (
      <div className="sc-resp">
        <div className="sc-error">No answer: {e.error ?? 'the request was not completed'}</div>
      </div>
    )
  }
  return (
    <div className="sc-resp">
      <h4>
        Response <span className={`badge ${statusTone(e.response.status)}`}>{e.response.status}</span>{' '}
        <span className="faint">{formatMs(e.response.durationMs)}</span>
        {e.retries ? <span className="badge badge-warn">{e.retries === 1 ? '1 retry' : `${e.retries} retries`}</span> : null}
      </h4>
      <Headers headers={e.response.headers} label="Response headers" />
      <Body text={e.response.body} label="Response body" />
    </div>
  )
}

/** One exchange as a row; opens to its request, response, checks and directory changes. */
export function ExchangeRow({ exchange: e, defaultOpen = false }: { exchange: Exchange; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen)
  const failed = e.checks.filter((c) => c.outcome === 'fail').length
  const warned = e.checks.filter((c) => c.outcome === 'warn').length
  const status = e.response?.status ?? null
  return (
    <li className={`sc-ex ${open ? 'open' : ''}`}>
      <button type="button" className="sc-ex-head" aria-expanded={open} onClick={() => setOpen(!open)} title={e.request.url}>
        <span className="sc-caret" aria-hidden="true" />
        <Method method={e.request.method} />
        <span className="sc-ex-path mono">{displayPath(e.request.url)}</span>
        <span className={`badge sc-status ${statusTone(status)}`}>{status ?? 'error'}</span>
        <span className="sc-ex-dur faint">{e.response ? formatMs(e.response.durationMs) : ''}</span>
        {e.retries ? <span className="badge badge-warn">{e.retries === 1 ? '1 retry' : `${e.retries} retries`}</span> : null}
        {failed ? <span className="badge badge-err">{failed} failed</span> : null}
        {warned ? <span className="badge badge-warn">{warned} warn</span> : null}
        {e.directoryChanges.length ? <span className="badge sc-changes-count">{e.directoryChanges.length} changes</span> : null}
      </button>
      {open ? (
        <div className="sc-ex-body">
          <div className="sc-ex-cols">
            <RequestDetail request={e.request} />
            <ResponseDetail exchange={e} />
          </div>
          <Checks checks={e.checks} />
          <DirectoryChanges changes={e.directoryChanges} />
        </div>
      ) : null}
    </li>
  )
}
