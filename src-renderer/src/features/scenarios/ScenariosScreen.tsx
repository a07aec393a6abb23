import { useState } from 'react'
import { useStore } from 'zustand'
import { useLive } from '../../app/client-context'
import { useLiveListener } from '../../app/live'
import { useLiveScreen } from '../../app/use-live-screen'
import { Button, ErrorBanner, Loading } from '../../ui/primitives'
import { Tabs } from '../../ui/Tabs'
import { CompareResults, CompareSetup } from './ComparePanel'
import { RecentRuns, RunResults } from './RunResults'
import { SetupPanel } from './SetupPanel'
import { useScenariosStore } from './store'
import './scenarios.css'

type View = 'run' | 'compare'
const TABS = [
  { id: 'run', label: 'Run' },
  { id: 'compare', label: 'Compare' },
] as const

/**
 * Scenarios (PRODUCT.md §6, §7): an IdP profile and a scenario against this sandbox or any SCIM server, run at once or
 * step by step, with every request, the checks on each answer and the directory changes it caused; or one scenario in
 * two dialects, side by side.
 */
export function ScenariosScreen() {
  const store = useScenariosStore()
  const live = useLive()
  const status = useStore(store, (s) => s.status)
  const loadError = useStore(store, (s) => s.loadError)
  const refreshError = useStore(store, (s) => s.refreshError)
  const actionError = useStore(store, (s) => s.actionError)
  const notice = useStore(store, (s) => s.notice)
  const setupOpen = useStore(store, (s) => s.setupOpen)
  const [view, setView] = useState<View>('run')

  useLiveScreen(store)
  useLiveListener(live, { run: (events) => store.getState().onRun(events) })

  return (
    <div className="sc-screen">
      <header className="screen-header">
        <h1>Scenarios</h1>
        <Tabs
          tabs={TABS}
          value={view}
          onChange={(v) => {
            setView(v)
            store.getState().setSetupOpen(true)
          }}
          label="Scenarios view"
        />
        <span className="spacer" />
        {notice ? (
          <span className="sc-notice" role="status">
            {notice}
          </span>
        ) : null}
      </header>
      {status === 'loading' ? <Loading what="profiles and scenarios" /> : null}
      {status === 'error' ? <ErrorBanner error={loadError} onRetry={() => void store.getState().load()} /> : null}
      {refreshError ? <ErrorBanner error={refreshError} onRetry={() => void store.getState().load()} onDismiss={() => store.setState({ refreshError: null })} /> : null}
      {actionError ? <ErrorBanner error={actionError} onDismiss={() => store.setState({ actionError: null })} /> : null}
      {status === 'ready' ? (
        <div className={`sc-layout ${setupOpen ? '' : 'setup-closed'}`}>
          {setupOpen ? (
            <aside className="sc-setup" aria-label={view === 'run' ? 'Run setup' : 'Compare setup'}>
              <Button size="sm" variant="ghost" className="sc-fold" aria-label="Hide setup" title="Hide setup" onClick={() => store.getState().setSetupOpen(false)}>
                «
              </Button>
              {view === 'run' ? (
                <>
                  <SetupPanel />
                  <RecentRuns />
                </>
              ) : (
                <CompareSetup />
              )}
            </aside>
          ) : (
            <aside className="sc-setup sc-setup-rail" aria-label="Setup (hidden)">
              <Button size="sm" variant="ghost" className="sc-unfold" aria-label="Show setup" title="Show setup" onClick={() => store.getState().setSetupOpen(true)}>
                <span aria-hidden="true">»</span>
                <span className="sc-rail-label">Setup</span>
              </Button>
            </aside>
          )}
          <section className="sc-results" aria-label={view === 'run' ? 'Run results' : 'Comparison'}>
            {view === 'run' ? <RunResults /> : <CompareResults />}
          </section>
        </div>
      ) : null}
    </div>
  )
}
