import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { DomainEvent } from '@shared/events'
import { logSearchText, type LogEntry } from '@shared/log'
import { ControlApiError } from '../../api/client'
import { Button, ErrorBanner, Loading, useCopy } from '../../ui/primitives'
import {
  buildCurl,
  formatBytes,
  formatCount,
  formatDuration,
  formatTime,
  isRedactedHeader,
  prettyBody,
  queryParams,
  reasonPhrase,
  statusTone,
} from './log-model'
import { useLog } from './log-store'

type Tab = 'request' | 'response' | 'changes'
/** The tab last chosen, kept while moving from row to row (as a network panel does). */
let lastTab: Tab = 'request'

type Load = { state: 'loading' } | { state: 'ok'; entry: LogEntry } | { state: 'error'; error: unknown }

/** The selected request in full: fetched by seq (summaries carry no headers or bodies). */
export function LogDetail({ seq, onClose }: { seq: number; onClose: () => void }) {
  const entry = useLog((s) => s.entry)
  const capacity = useLog((s) => s.info?.logCapacity ?? s.capacity)
  const origin = useLog((s) => s.info?.localOrigin)
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [tab, setTabState] = useState<Tab>(lastTab)
  const setTab = (t: Tab) => {
    lastTab = t
    setTabState(t)
  }

  useEffect(() => {
    let live = true
    setLoad({ state: 'loading' })
    entry(seq).then(
      (e) => live && setLoad({ state: 'ok', entry: e }),
      (error) => live && setLoad({ state: 'error', error }),
    )
    return () => {
      live = false
    }
  }, [entry, seq, attempt])

  return (
    <section
      className="log-detail"
      aria-label={`Request #${seq}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose()
      }}
    >
      {load.state === 'loading' ? (
        <>
          <DetailBar onClose={onClose} />
          <Loading what={`request #${seq}`} />
        </>
      ) : load.state === 'error' ? (
        <>
          <DetailBar onClose={onClose} />
          {load.error instanceof ControlApiError && load.error.status === 404 ? (
            <div className="state state-empty">
              <div className="state-title">This entry has left the log (capacity {formatCount(capacity)})</div>
              <div className="state-body">
                The log keeps the newest {formatCount(capacity)} requests: #{seq} was pushed out by newer ones, or the log was cleared.
              </div>
            </div>
          ) : (
            <ErrorBanner error={load.error} onRetry={() => setAttempt((a) => a + 1)} />
          )}
        </>
      ) : (
        <EntryView entry={load.entry} origin={origin || location.origin} tab={tab} setTab={setTab} onClose={onClose} />
      )}
    </section>
  )
}

function DetailBar({ children, onClose }: { children?: ReactNode; onClose: () => void }) {
  return (
    <div className="detail-bar">
      <div className="detail-actions">{children}</div>
      <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close detail" title="Close (Esc)">
        ×
      </Button>
    </div>
  )
}

function EntryView({ entry: e, origin, tab, setTab, onClose }: { entry: LogEntry; origin: string; tab: Tab; setTab: (t: Tab) => void; onClose: () => void }) {
  const url = `${origin}${logSearchText(e.path, e.query)}`
  const curl = useMemo(
    () => buildCurl({ method: e.method, origin, path: e.path, query: e.query, headers: e.requestHeaders, body: e.requestBody?.text ?? null }),
    [e, origin],
  )
  const tone = statusTone(e.status)
  const tabs: { id: Tab; label: string }[] = [
    { id: 'request', label: 'Request' },
    { id: 'response', label: 'Response' },
    { id: 'changes', label: e.events.length ? `Changes (${e.events.length})` : 'Changes' },
  ]
  const curlTitle = `Copy a curl command that repeats this request. The token is redacted: paste yours.${
    e.requestBody?.truncated ? ` The body was cut at ${formatBytes(e.requestBody.text.length)} in the log, so the command sends only that much.` : ''
  }`
  return (
    <>
      <DetailBar onClose={onClose}>
        <ActionButton label="Copy as curl" title={curlTitle} text={curl} />
        <ActionButton label="Copy response body" title="Copy the response body as logged" text={e.responseBody?.text ?? ''} disabled={!e.responseBody} />
      </DetailBar>
      <div className="detail-summary">
        <div className="detail-line">
          <span className={`method m-${e.method.toLowerCase()}`}>{e.method}</span>
          <span className="detail-url mono" title={url}>
            {url}
          </span>
        </div>
        <div className="detail-meta">
          <span className={`st st-${tone}`}>
            {e.status} {reasonPhrase(e.status)}
          </span>
          <span title="Duration on the server">{formatDuration(e.durationMs)} ms</span>
          <span title={e.time}>
            {new Date(e.time).toLocaleDateString()} {formatTime(e.time)}
          </span>
          {e.configId ? <span title={e.surface === 'iam-scim' ? 'IAM tenant' : 'SCIM config'}>{e.configId}</span> : null}
          <span title="Who sent it">{e.source}</span>
          <span title="API family" className="faint">
            {e.surface}
          </span>
          <span className="faint">#{e.seq}</span>
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Request detail">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`log-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`log-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={`tab ${tab === t.id ? 'active' : ''}`}
            onClick={() => setTab(t.id)}
            onKeyDown={(ev) => {
              const i = tabs.findIndex((x) => x.id === tab)
              if (ev.key === 'ArrowRight') setTab(tabs[(i + 1) % tabs.length]!.id)
              if (ev.key === 'ArrowLeft') setTab(tabs[(i + tabs.length - 1) % tabs.length]!.id)
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="detail-body" role="tabpanel" id={`log-panel-${tab}`} aria-labelledby={`log-tab-${tab}`}>
        {tab === 'request' ? (
          <>
            <Headers title="Request headers" headers={e.requestHeaders} />
            <QueryParams query={e.query} />
            <Body title="Request body" body={e.requestBody} />
          </>
        ) : tab === 'response' ? (
          <>
            <Headers title="Response headers" headers={e.responseHeaders} />
            <Body title="Response body" body={e.responseBody} />
          </>
        ) : (
          <Changes events={e.events} />
        )}
      </div>
    </>
  )
}

/** A button that copies and says so for a moment (the label stays what it does). */
function ActionButton({ label, title, text, disabled }: { label: string; title: string; text: string; disabled?: boolean }) {
  const [state, copy] = useCopy()
  return (
    <Button
      size="sm"
      title={title}
      disabled={disabled}
      onClick={() => copy(text)}
    >
      {label}
      {state !== 'idle' ? (
        <span className={`copy-note ${state}`} role="status">
          {state === 'copied' ? 'Copied' : 'Copy failed'}
        </span>
      ) : null}
    </Button>
  )
}

function Headers({ title, headers }: { title: string; headers: Record<string, string> }) {
  const list = Object.entries(headers)
  return (
    <section className="detail-section" aria-label={title}>
      <h3>{title}</h3>
      {list.length ? (
        <table className="kv-table">
          <tbody>
            {list.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td className="mono">
                  {v}
                  {isRedactedHeader(k, v) ? (
                    <span className="badge redacted" title="The sandbox keeps only a short prefix of secrets in its log">
                      redacted
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="faint">None</div>
      )}
    </section>
  )
}

function QueryParams({ query }: { query: string }) {
  const params = queryParams(query)
  if (!params.length) return null
  return (
    <section className="detail-section" aria-label="Query parameters">
      <h3>Query parameters</h3>
      <table className="kv-table">
        <tbody>
          {params.map(([k, v], i) => (
            <tr key={i}>
              <th scope="row">{k}</th>
              <td className="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Body({ title, body }: { title: string; body: LogEntry['requestBody'] }) {
  const pretty = useMemo(() => (body ? prettyBody(body.text) : null), [body])
  return (
    <section className="detail-section" aria-label={title}>
      <h3>
        {title}
        {body ? <span className="faint h-note">{formatBytes(body.size)}</span> : null}
      </h3>
      {!body || !pretty ? (
        <div className="faint">No body</div>
      ) : (
        <>
          {body.truncated ? (
            <div className="note-warn" role="note">
              Truncated at {formatCount(body.text.length)} bytes in the log (the request itself was {formatBytes(body.size)}).
            </div>
          ) : null}
          <pre className={`body-view ${pretty.kind}`} tabIndex={0}>
            {pretty.kind === 'json' ? <JsonText text={pretty.text} /> : pretty.text}
          </pre>
        </>
      )}
    </section>
  )
}

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g
/** Colours keys, strings, numbers and literals of already pretty-printed JSON (no parsing, just tokens). */
function JsonText({ text }: { text: string }) {
  const parts = useMemo(() => {
    if (text.length > 200_000) return [text]
    const out: ReactNode[] = []
    let last = 0
    let k = 0
    for (const m of text.matchAll(JSON_TOKEN)) {
      if (m.index > last) out.push(text.slice(last, m.index))
      const cls = m[1] ? (m[2] ? 'j-key' : 'j-str') : m[3] ? (m[3] === 'null' ? 'j-null' : 'j-bool') : 'j-num'
      out.push(
        <span key={k++} className={cls}>
          {m[1] ?? m[0]}
        </span>,
      )
      if (m[2]) out.push(m[2])
      last = m.index + m[0].length
    }
    if (last < text.length) out.push(text.slice(last))
    return out
  }, [text])
  return <>{parts}</>
}

const EVENT_TONE: Partial<Record<DomainEvent['type'], string>> = {
  'deprovision.skipped': 'warn',
  'scim.user.deactivated': 'err',
  'scim.user.deleted': 'err',
  'scim.group.deleted': 'err',
  'team.deleted': 'err',
  'team.member.removed': 'err',
  'privateUser.accessRevoked': 'err',
  'config.deleted': 'err',
  'project.deleted': 'err',
  'statusPage.deleted': 'err',
}

function Changes({ events }: { events: DomainEvent[] }) {
  if (!events.length) return <div className="state state-empty">No state changes</div>
  return (
    <ol className="changes" aria-label="State changes">
      {events.map((ev, i) => {
        const tone = EVENT_TONE[ev.type] ?? (ev.type.endsWith('created') || ev.type.endsWith('added') || ev.type.endsWith('reactivated') || ev.type.endsWith('Restored') ? 'ok' : '')
        return (
          <li key={i} className={ev.type === 'deprovision.skipped' ? 'change skipped' : 'change'}>
            <span className={`badge ${tone ? `badge-${tone}` : ''}`}>{ev.type}</span>
            <span className="change-msg">{ev.message}</span>
          </li>
        )
      })}
    </ol>
  )
}
