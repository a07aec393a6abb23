import { useStore } from 'zustand'
import { useLiveScreen } from '../../app/use-live-screen'
import { ErrorBanner, Loading } from '../../ui/primitives'
import { LogCapacityCard } from './LogCapacityCard'
import { ServerCard, StorageCard } from './ServerCards'
import { useSettingsStore } from './store'
import { SecretsPanel, WorkspaceCard } from './WorkspaceCard'
import './settings.css'

export { EXPORT_FILE_NAME } from './WorkspaceCard'


/** Settings: how the sandbox runs, the request log's capacity, and the workspace (export, import, reset). */
export function SettingsScreen() {
  const store = useSettingsStore()
  const status = useStore(store, (s) => s.status)
  const loadError = useStore(store, (s) => s.loadError)
  const refreshError = useStore(store, (s) => s.refreshError)
  const secrets = useStore(store, (s) => s.secrets)

  useLiveScreen(store)

  return (
    <>
      <header className="screen-header">
        <h1>Settings</h1>
      </header>
      {status === 'loading' ? <Loading what="settings" /> : null}
      {status === 'error' ? <ErrorBanner error={loadError} onRetry={() => void store.getState().load()} /> : null}
      {refreshError ? <ErrorBanner error={refreshError} onRetry={() => void store.getState().load()} onDismiss={() => store.setState({ refreshError: null })} /> : null}
      {status === 'ready' ? (
        <div className="screen-body set-body">
          {secrets ? <SecretsPanel secrets={secrets} onDone={() => store.getState().dismissSecrets()} /> : null}
          <div className="set-grid">
            <div className="set-col">
              <ServerCard />
              <StorageCard />
            </div>
            <div className="set-col">
              <LogCapacityCard />
              <WorkspaceCard />
              <section className="card set-card" aria-label="Appearance">
                <h2>Appearance</h2>
                <p className="muted set-p">The theme follows the operating system (light or dark); change it in your system settings and the app follows at once.</p>
              </section>
            </div>
          </div>
        </div>
      ) : null}
    </>
  )
}

