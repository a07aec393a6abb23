import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { useLiveScreen } from '../../app/use-live-screen'
import { Button, Empty, ErrorBanner, Loading } from '../../ui/primitives'
import { ConfigDetail, KindBadge } from './ConfigDetail'
import { CredentialsPanel } from './CredentialsPanel'
import { NewConfigForm } from './NewConfigForm'
import { ProjectsPanel } from './ProjectsPanel'
import { patchOf, useConfigsStore } from './store'
import './configs.css'

/** Configs & tokens: SCIM configs by project on the left, the selected one (or a form) on the right. */
export function ConfigsScreen() {
  const store = useConfigsStore()
  const status = useStore(store, (s) => s.status)
  const loadError = useStore(store, (s) => s.loadError)
  const refreshError = useStore(store, (s) => s.refreshError)
  const selection = useStore(store, (s) => s.selection)
  const hasProjects = useStore(store, (s) => s.projects.length > 0)

  useLiveScreen(store)
  // The credentials panel replaces the right pane until something else is chosen.
  const [credentials, setCredentials] = useState(false)
  useEffect(() => setCredentials(false), [selection])

  return (
    <>
      <header className="screen-header">
        <h1>Configs &amp; tokens</h1>
        <span className="spacer" />
        <Button
          size="sm"
          onClick={() => {
            setCredentials(false)
            store.getState().select({ kind: 'projects' })
          }}
          aria-pressed={!credentials && selection?.kind === 'projects'}
        >
          Projects, teams &amp; status pages
        </Button>
        <Button size="sm" onClick={() => setCredentials(true)} aria-pressed={credentials} disabled={status !== 'ready'}>
          Credentials
        </Button>
        <Button
          size="sm"
          variant="primary"
          onClick={() => {
            setCredentials(false)
            store.getState().select({ kind: 'new' })
          }}
          disabled={status !== 'ready'}
        >
          New SCIM config
        </Button>
      </header>
      {status === 'loading' ? <Loading what="SCIM configs" /> : null}
      {status === 'error' ? <ErrorBanner error={loadError} onRetry={() => void store.getState().load()} /> : null}
      {status === 'ready' ? (
        <>
          {refreshError ? <ErrorBanner error={refreshError} onRetry={() => void store.getState().load()} onDismiss={() => store.setState({ refreshError: null })} /> : null}
          <div className="cfg-layout">
            <ConfigList />
            <div className="cfg-pane">
              {credentials ? <CredentialsPanel /> : <Pane hasProjects={hasProjects} />}
            </div>
          </div>
        </>
      ) : null}
    </>
  )
}

function Pane({ hasProjects }: { hasProjects: boolean }) {
  const store = useConfigsStore()
  const selection = useStore(store, (s) => s.selection)
  const config = useStore(store, (s) => (s.selection?.kind === 'config' ? s.configs.find((c) => c.id === (s.selection as { id: string }).id) : undefined))
  if (selection?.kind === 'new') return <NewConfigForm />
  if (selection?.kind === 'projects') return <ProjectsPanel />
  if (config) return <ConfigDetail key={config.id} config={config} />
  return (
    <Empty title="No SCIM config yet">
      {hasProjects ? (
        <>
          A SCIM config gives an IdP a base URL and a bearer token for one project (Project SCIM) or one status page (Status Page SCIM).
          <div className="cfg-empty-actions">
            <Button variant="primary" onClick={() => store.getState().select({ kind: 'new' })}>
              New SCIM config
            </Button>
          </div>
        </>
      ) : (
        <>
          A SCIM config belongs to a project; there is none yet.
          <div className="cfg-empty-actions">
            <Button variant="primary" onClick={() => store.getState().select({ kind: 'projects' })}>
              Add a project
            </Button>
          </div>
        </>
      )}
    </Empty>
  )
}

function ConfigList() {
  const store = useConfigsStore()
  const projects = useStore(store, (s) => s.projects)
  const configs = useStore(store, (s) => s.configs)
  const drafts = useStore(store, (s) => s.drafts)
  const selection = useStore(store, (s) => s.selection)
  // Configs of a project the list has not caught up with yet still show, under their own project name.
  const groups = [
    ...projects.map((p) => ({ id: p.id, name: p.name })),
    ...[...new Map(configs.filter((c) => !projects.some((p) => p.id === c.projectId)).map((c) => [c.projectId, { id: c.projectId, name: c.projectName }])).values()],
  ]
  return (
    <nav className="cfg-list" aria-label="SCIM configs">
      {groups.length === 0 ? <div className="faint cfg-list-empty">No projects yet.</div> : null}
      {groups.map((p) => {
        const mine = configs.filter((c) => c.projectId === p.id).sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'project' ? -1 : 1))
        return (
          <div key={p.id} className="cfg-group">
            <div className="cfg-group-title" title={p.id}>
              {p.name}
            </div>
            {mine.length === 0 ? <div className="faint cfg-list-empty">No SCIM config</div> : null}
            <ul>
              {mine.map((c) => {
                const selected = selection?.kind === 'config' && selection.id === c.id
                const draft = drafts[c.id]
                const dirty = draft ? Object.keys(patchOf(c, draft)).length > 0 : false
                return (
                  <li key={c.id}>
                    <button
                      type="button"
                      className={`cfg-item ${selected ? 'selected' : ''}`}
                      aria-current={selected ? 'true' : undefined}
                      onClick={() => store.getState().select({ kind: 'config', id: c.id })}
                    >
                      <span className="cfg-item-top">
                        <span className="cfg-item-name">{c.name}</span>
                        {dirty ? (
                          <span className="cfg-dirty-dot" title="Unsaved changes" aria-label="unsaved changes">
                            ●
                          </span>
                        ) : null}
                        <KindBadge kind={c.kind} />
                      </span>
                      <span className="cfg-item-sub">
                        {c.kind === 'statusPage' ? <span className="cfg-item-page">{c.statusPageName ?? c.statusPageId} · </span> : null}
                        <span data-testid={`counts-${c.id}`}>
                          {c.userCount} {c.userCount === 1 ? 'user' : 'users'}
                          {c.kind === 'project' ? ` · ${c.groupCount} ${c.groupCount === 1 ? 'group' : 'groups'}` : ''}
                        </span>
                        {!c.autoProvisionUsers ? <span className="badge badge-warn">provision off</span> : null}
                        {c.compatibility === 'strict' ? <span className="badge">strict</span> : null}
                      </span>
                    </button>
                  </li>
                )
              })}
            </ul>
          </div>
        )
      })}
    </nav>
  )
}
