import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { saveTextFile } from '../../api/connection'
import { useClient, useLive } from '../../app/client-context'
import { useLiveListener, useLiveState } from '../../app/live'
import { Button, ConfirmDialog, CopyButton, Empty, ErrorBanner, Loading } from '../../ui/primitives'
import { LogDetail } from './LogDetail'
import { LogList, type Order } from './LogList'
import { formatCount, harFileName, hasFilters, METHODS, SOURCES, STATUS_CLASSES, toLogFilters } from './log-model'
import { logStoreFor, LogStoreContext, useLog } from './log-store'
import './log.css'

/** How long the path filter waits for typing to pause before filtering. */
const PATH_DEBOUNCE_MS = 100

/** The live log (PRODUCT.md §7): every request as it arrives, filtered locally, with the full exchange beside it. */
export function LogScreen() {
  const client = useClient()
  const store = useMemo(() => logStoreFor(client), [client])
  return (
    <LogStoreContext.Provider value={store}>
      <LogView />
    </LogStoreContext.Provider>
  )
}

function LogView() {
  const client = useClient()
  const hub = useLive()
  const liveState = useLiveState(hub)
  const s = useLog((x) => x)

  useLiveListener(hub, {
    entries: s.onEntries,
    state: s.onStreamState,
    logCleared: s.onCleared,
    workspaceReplaced: s.onWorkspaceReplaced,
    changed: s.onChanged,
  })
  const { start, detach } = s
  useEffect(() => {
    start()
    return () => detach()
  }, [start, detach])

  const [order, setOrder] = useState<Order>('desc')
  const [follow, setFollow] = useState(true)
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null)
  const [detailOpen, setDetailOpen] = useState(false)
  const [pathText, setPathText] = useState(s.filters.path)
  const [confirmClear, setConfirmClear] = useState(false)
  const [busy, setBusy] = useState<'clear' | 'har' | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [infoDismissed, setInfoDismissed] = useState(false)
  const pathRef = useRef<HTMLInputElement>(null)

  // Typing filters after a short pause; the last keystroke always wins.
  const { setFilters } = s
  useEffect(() => {
    const t = setTimeout(() => setFilters({ path: pathText }), PATH_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [pathText, setFilters])

  // "/" jumps to the path filter from anywhere on the screen but a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return
      const t = e.target as HTMLElement | null
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return
      if (document.querySelector('.modal-backdrop')) return
      e.preventDefault()
      pathRef.current?.focus()
      pathRef.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  useEffect(() => {
    if (!notice) return
    const t = setTimeout(() => setNotice(null), 4000)
    return () => clearTimeout(t)
  }, [notice])

  const onSelect = useCallback((seq: number) => {
    setSelectedSeq(seq)
    setDetailOpen(true)
  }, [])
  const onOpen = useCallback(() => setDetailOpen(true), [])
  const onClose = useCallback(() => setDetailOpen(false), [])
  /** Closing the detail from inside it (× or Escape) gives the keyboard back to the list. */
  const closeDetail = useCallback(() => {
    setDetailOpen(false)
    document.querySelector<HTMLElement>('.log-list[role="grid"]')?.focus({ preventScroll: true })
  }, [])
  const cancelClear = useCallback(() => setConfirmClear(false), [])

  const filtered = hasFilters(s.filters)
  const clearFilters = () => {
    setPathText('')
    s.clearFilters()
  }

  const exportHar = async () => {
    setBusy('har')
    setActionError(null)
    try {
      const har = await client.logHar(toLogFilters(s.filters))
      const where = await saveTextFile(harFileName(new Date()), JSON.stringify(har, null, 2))
      if (where) setNotice(`Saved ${formatCount(har.log.entries.length)} ${har.log.entries.length === 1 ? 'entry' : 'entries'} to ${where}`)
    } catch (e) {
      setActionError(e)
    } finally {
      setBusy(null)
    }
  }

  const clearLog = async () => {
    const upTo = s.rows.length ? s.rows[s.rows.length - 1]!.seq : 0
    setBusy('clear')
    setActionError(null)
    try {
      await client.clearLog()
      s.clearUpTo(upTo)
      setSelectedSeq(null)
      setDetailOpen(false)
      setConfirmClear(false)
    } catch (e) {
      setConfirmClear(false)
      setActionError(e)
    } finally {
      setBusy(null)
    }
  }

  const configOptions = useMemo(() => {
    const names = new Map([
      ...s.configs.map((c) => [c.id, c.statusPageName ? `${c.statusPageName} / ${c.name}` : `${c.projectName} / ${c.name}`] as const),
      ...s.iamTenants.map((t) => [t.id, `IAM tenant ${t.name}`] as const),
    ])
    const ids = new Set([...s.configIds, ...names.keys()])
    if (s.filters.configId) ids.add(s.filters.configId)
    return [...ids].sort().map((id) => ({ id, label: names.has(id) ? `${id} (${names.get(id)})` : id }))
  }, [s.configs, s.iamTenants, s.configIds, s.filters.configId])

  const total = s.rows.length
  const shown = s.view.length
  const loadingOlder = s.phase === 'ready' && !s.complete && !s.syncError
  const firstEndpoint = s.info?.endpoints[0]

  let body
  if (s.phase === 'error') {
    body = <ErrorBanner error={s.error} onRetry={s.retry} />
  } else if (s.phase !== 'ready') {
    body = <Loading what="the request log" />
  } else if (!total) {
    body = (
      <Empty title="No requests yet">
        <p>Point an IdP at one of the base URLs in Configs &amp; tokens, or run curl against it: every request shows up here as it arrives.</p>
        {firstEndpoint ? (
          <div className="copy-field log-empty-url" title={firstEndpoint.label}>
            <span>{firstEndpoint.baseUrl}</span>
            <CopyButton text={firstEndpoint.baseUrl} label={`Copy the base URL of ${firstEndpoint.label}`} />
          </div>
        ) : null}
      </Empty>
    )
  } else {
    body = (
      <div className={`log-split ${detailOpen && selectedSeq !== null ? 'with-detail' : ''}`}>
        {shown ? (
          <LogList
            view={s.view}
            loadedCount={total}
            complete={s.complete}
            order={order}
            follow={follow}
            onFollowChange={setFollow}
            selectedSeq={selectedSeq}
            onSelect={onSelect}
            onOpen={onOpen}
            onClose={onClose}
          />
        ) : (
          <div className="log-list" data-loaded-count={total} data-complete={s.complete ? 'true' : 'false'} data-view-count={0}>
            <Empty title="No matches for these filters">
              <Button size="sm" onClick={clearFilters}>
                Clear filters
              </Button>
            </Empty>
          </div>
        )}
        {detailOpen && selectedSeq !== null ? <LogDetail key="detail" seq={selectedSeq} onClose={closeDetail} /> : null}
      </div>
    )
  }

  return (
    <div className="log-screen">
      <header className="screen-header">
        <h1>Live log</h1>
        <span className="log-count" role="status" aria-live="off" data-count={shown} data-total={total} data-filters={JSON.stringify(s.filters)}>
          {filtered ? `${formatCount(shown)} of ${formatCount(total)} entries` : `${formatCount(total)} ${total === 1 ? 'entry' : 'entries'}`}
        </span>
        {loadingOlder ? (
          <span className="log-progress faint" title="Older entries load in the background; filters and scrolling cover what is loaded">
            <span className="spinner" aria-hidden="true" /> loading older… {formatCount(total)} of {formatCount(Math.max(total, s.serverTotal))}
          </span>
        ) : null}
        <span className="spacer" />
        {notice ? (
          <span className="log-notice" role="status">
            {notice}
          </span>
        ) : null}
        <Button size="sm" onClick={exportHar} disabled={busy !== null} title="Save the requests that match the filters as a HAR 1.2 file (secrets redacted)">
          {busy === 'har' ? 'Exporting…' : 'Export HAR'}
        </Button>
        <Button size="sm" variant="danger" onClick={() => setConfirmClear(true)} disabled={busy !== null || !total}>
          Clear log
        </Button>
        <span className={`log-live live-${liveState}`} title="The live stream from the sandbox">
          <span className="dot" aria-hidden="true" />
          {liveState === 'open' ? 'Live' : liveState === 'connecting' ? 'Reconnecting…' : 'Offline'}
        </span>
      </header>

      <div className="toolbar log-toolbar" role="toolbar" aria-label="Log filters and actions">
        <select aria-label="Method" value={s.filters.method} onChange={(e) => s.setFilters({ method: e.target.value })} className={s.filters.method ? 'active' : ''}>
          <option value="">Any method</option>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <select aria-label="Status" value={s.filters.status} onChange={(e) => s.setFilters({ status: e.target.value })} className={s.filters.status ? 'active' : ''}>
          <option value="">Any status</option>
          {STATUS_CLASSES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <input
          ref={pathRef}
          type="search"
          aria-label="Path"
          placeholder="Filter path and query   /"
          className={`log-path-filter ${pathText ? 'active' : ''}`}
          value={pathText}
          onChange={(e) => setPathText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && pathText) {
              e.stopPropagation()
              setPathText('')
            }
          }}
          spellCheck={false}
        />
        <select aria-label="Config" value={s.filters.configId} onChange={(e) => s.setFilters({ configId: e.target.value })} className={s.filters.configId ? 'active' : ''}>
          <option value="">Any config</option>
          {configOptions.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <select aria-label="Source" value={s.filters.source} onChange={(e) => s.setFilters({ source: e.target.value })} className={s.filters.source ? 'active' : ''}>
          <option value="">Any source</option>
          {SOURCES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <Button size="sm" variant="ghost" onClick={clearFilters} disabled={!filtered && !pathText}>
          Clear filters
        </Button>
        <span className="spacer" />
        <label className="log-follow" title="Keep the newest request in view as requests arrive">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setOrder((o) => (o === 'desc' ? 'asc' : 'desc'))}
          title="Change the order of the list"
          aria-label={order === 'desc' ? 'Newest first (switch to oldest first)' : 'Oldest first (switch to newest first)'}
        >
          {order === 'desc' ? '↓ Newest first' : '↑ Oldest first'}
        </Button>
      </div>

      {actionError ? <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} /> : null}
      {s.syncError ? <ErrorBanner error={s.syncError} onRetry={s.retrySync} /> : null}
      {s.infoError && !infoDismissed ? <ErrorBanner error={s.infoError} onDismiss={() => setInfoDismissed(true)} /> : null}

      {body}

      {confirmClear ? (
        <ConfirmDialog title="Clear the request log?" confirmLabel="Clear log" danger busy={busy === 'clear'} onConfirm={clearLog} onCancel={cancelClear}>
          This removes all {formatCount(Math.max(total, s.serverTotal))} requests from the sandbox's log, for every window and for HAR exports. It cannot be undone.
        </ConfirmDialog>
      ) : null}
    </div>
  )
}
