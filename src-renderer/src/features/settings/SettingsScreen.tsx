import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { settingsPatchSchema, type ControlIssue } from '@shared/control'
import { ControlApiError } from '../../api/client'
import { saveTextFile } from '../../api/connection'
import { useLiveScreen } from '../../app/use-live-screen'
import { CopyField } from '../../ui/CopyField'
import { validateWith } from '../../ui/form-errors'
import { Button, ConfirmDialog, ErrorBanner, Field, Loading } from '../../ui/primitives'
import { formatBytes, localDateTime } from '../../ui/time'
import { useSettingsStore, type NewSecrets } from './store'
import './settings.css'

export const EXPORT_FILE_NAME = 'scim-sandbox-workspace.json'

const n = (x: number) => x.toLocaleString('en-US')

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

function Restart({ flag }: { flag: string }) {
  return (
    <span className="set-flag" title={`Needs a restart with ${flag}`}>
      restart with <code>{flag}</code>
    </span>
  )
}

function Row({ label, children, how }: { label: string; children: ReactNode; how?: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
      <td className="set-how">{how}</td>
    </tr>
  )
}

function ServerCard() {
  const info = useStore(useSettingsStore(), (s) => s.info)!
  const settings = useStore(useSettingsStore(), (s) => s.settings) ?? info.settings
  return (
    <section className="card set-card" aria-label="Server">
      <h2>Server</h2>
      <table className="set-table">
        <tbody>
          <Row label="Version">{info.version}</Row>
          <Row label="Started at">{localDateTime(info.startedAt)}</Row>
          <Row label="Port" how={<Restart flag="--port" />}>
            <code>{settings.port}</code>
          </Row>
          <Row label="Host" how={<Restart flag="--host" />}>
            <code>{settings.host}</code>
          </Row>
          <Row label="Public URL" how={<Restart flag="--public-url" />}>
            {settings.publicUrl ? <code>{settings.publicUrl}</code> : <span className="muted">none — set with --public-url</span>}
          </Row>
          <Row label="Local origin">
            <code>{info.localOrigin}</code>
          </Row>
          <Row label="Data file" how={<Restart flag="--data" />}>
            <code className="set-path">{settings.dataFile}</code>
          </Row>
          <Row label="Log file" how={<span className="faint">beside the data file</span>}>
            <code className="set-path">{settings.logFile}</code>
          </Row>
          <Row label="Body limit" how={<Restart flag="--body-limit" />}>
            {formatBytes(settings.bodyLimit)} <span className="faint">({n(settings.bodyLimit)} bytes)</span>
          </Row>
        </tbody>
      </table>
      <p className="hint set-p">
        Flags go after <code>npm run serve --</code>, e.g. <code>npm run serve -- --port 7643 --public-url https://example.trycloudflare.com</code>.
      </p>
    </section>
  )
}

function StorageCard() {
  const info = useStore(useSettingsStore(), (s) => s.info)!
  const counts = Object.entries(info.counts)
  return (
    <section className="card set-card" aria-label="Storage">
      <h2>Storage</h2>
      <div className="set-storage">
        <div>
        <h3 className="set-sub">Journal</h3>
        <dl className="kv set-figures">
          <dt>Flushes</dt>
          <dd>{n(info.storage.flushes)}</dd>
          <dt>Journal records</dt>
          <dd>{n(info.storage.records)}</dd>
          <dt>Most records in one flush</dt>
          <dd>{n(info.storage.maxRecordsPerFlush)}</dd>
          <dt>Compactions</dt>
          <dd>{n(info.storage.compactions)}</dd>
          <dt>Journal size</dt>
          <dd>{formatBytes(info.storage.journalBytes)}</dd>
        </dl>
        </div>
        {counts.length ? (
          <div>
            <h3 className="set-sub">Workspace contents</h3>
            <dl className="kv set-figures">
              {counts.map(([k, v]) => (
                <FragmentKV key={k} k={humanize(k)} v={n(v)} />
              ))}
            </dl>
          </div>
        ) : null}
      </div>
    </section>
  )
}

function FragmentKV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  )
}

function humanize(key: string): string {
  const s = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase()
  return s.replace(/\bscim\b/g, 'SCIM').replace(/\biam\b/g, 'IAM').replace(/^./, (c) => c.toUpperCase())
}

function LogCapacityCard() {
  const store = useSettingsStore()
  const settings = useStore(store, (s) => s.settings)!
  const [text, setText] = useState(String(settings.logCapacity))
  // Follow a change made elsewhere (another window, a reload) unless the user is editing the field.
  const synced = useRef(settings.logCapacity)
  useEffect(() => {
    if (synced.current === settings.logCapacity) return
    setText((t) => (t.trim() === String(synced.current) ? String(settings.logCapacity) : t))
    synced.current = settings.logCapacity
  }, [settings.logCapacity])
  const [serverError, setServerError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)
  const dirty = text.trim() !== String(settings.logCapacity)
  const value = Number(text.trim())
  const localError = text.trim() === '' || Number.isNaN(value) ? 'enter a number of entries' : (validateWith(settingsPatchSchema, { logCapacity: value }).logCapacity ?? null)
  const fieldError = localError ?? serverError

  async function save() {
    if (localError || !dirty) return
    setBusy(true)
    setError(null)
    try {
      await store.getState().updateLogCapacity(value)
      setSaved(true)
    } catch (e) {
      if (e instanceof ControlApiError && e.status === 400 && e.issues.length) setServerError(e.issues.map((i) => i.message).join('; '))
      else setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card set-card" aria-label="Request log">
      <h2>Request log</h2>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <form
        className="set-capacity"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field label="Entries kept in memory" error={fieldError ?? undefined} hint={`100 to ${n(Math.min(200_000, settings.maxLogCapacity))}; applies at once, no restart (at start: --log-capacity).`}>
          {(id, d) => (
            <input
              id={id}
              type="number"
              min={100}
              max={200000}
              step={1000}
              aria-describedby={d}
              aria-invalid={fieldError ? true : undefined}
              value={text}
              disabled={busy}
              onChange={(e) => {
                setText(e.target.value)
                setServerError(null)
                setSaved(false)
              }}
            />
          )}
        </Field>
        <div className="set-actions">
          <Button type="submit" variant="primary" disabled={busy || !dirty || !!localError}>
            {busy ? 'Saving…' : 'Save'}
          </Button>
          <Button
            disabled={busy || !dirty}
            onClick={() => {
              setText(String(settings.logCapacity))
              setServerError(null)
            }}
          >
            Revert
          </Button>
          {saved && !dirty ? (
            <span className="muted" role="status">
              Saved: the log keeps {n(settings.logCapacity)} entries.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  )
}

type Confirm = { kind: 'import'; fileName: string; seed: unknown } | { kind: 'reset'; to: 'demo' | 'empty' }

/** Reads a picked file as text (Blob.text where there is one, FileReader otherwise). */
function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text()
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result))
    r.onerror = () => reject(r.error)
    r.readAsText(file)
  })
}

function WorkspaceCard() {
  const store = useSettingsStore()
  const info = useStore(store, (s) => s.info)!
  const fileRef = useRef<HTMLInputElement>(null)
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [issues, setIssues] = useState<ControlIssue[]>([])
  const [done, setDone] = useState<string | null>(null)

  async function exportSeed() {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const seed = await store.getState().exportSeed()
      const where = await saveTextFile(EXPORT_FILE_NAME, `${JSON.stringify(seed, null, 2)}\n`)
      setDone(where ? `Exported the workspace to ${where}.` : 'Export cancelled.')
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  async function pick(file: File | undefined) {
    setFileError(null)
    setIssues([])
    setDone(null)
    if (!file) return
    let seed: unknown
    try {
      seed = JSON.parse(await readText(file))
    } catch (e) {
      setFileError(`${file.name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
      return
    } finally {
      if (fileRef.current) fileRef.current.value = ''
    }
    setConfirm({ kind: 'import', fileName: file.name, seed })
  }

  async function confirmed() {
    if (!confirm) return
    setBusy(true)
    setError(null)
    setIssues([])
    try {
      if (confirm.kind === 'import') {
        await store.getState().importSeed(confirm.seed)
        setDone(`Imported ${confirm.fileName}: the workspace was replaced.`)
      } else {
        await store.getState().reset(confirm.to)
        setDone(confirm.to === 'demo' ? 'The workspace is the demo workspace again, with new secrets.' : 'The workspace is empty.')
      }
    } catch (e) {
      if (confirm.kind === 'import' && e instanceof ControlApiError && e.status === 400 && e.issues.length) setIssues(e.issues)
      else if (confirm.kind === 'import' && e instanceof ControlApiError && e.status === 400) setFileError(e.message)
      else setError(e)
    } finally {
      setBusy(false)
      setConfirm(null)
    }
  }

  return (
    <section className="card set-card" aria-label="Workspace">
      <h2>Workspace</h2>
      <p className="muted set-p">
        <code className="set-path">{info.workspaceFile}</code>
      </p>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <div className="set-ws-row">
        <div>
          <strong>Export seed</strong>
          <div className="hint">The whole workspace as a seed file (secrets as digests), to import here or start with <code>--seed</code>.</div>
        </div>
        <Button onClick={() => void exportSeed()} disabled={busy}>
          Export seed
        </Button>
      </div>
      <div className="set-ws-row">
        <div>
          <strong>Import seed</strong>
          <div className="hint">Replaces the whole workspace with a seed file (.json), after a confirmation.</div>
        </div>
        <label className={`btn btn-default btn-md set-file ${busy ? 'is-disabled' : ''}`}>
          Import seed…
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            aria-label="Import seed file"
            disabled={busy}
            onChange={(e) => void pick(e.target.files?.[0])}
          />
        </label>
      </div>
      {fileError ? (
        <div className="field-error set-inline" role="alert">
          {fileError}
        </div>
      ) : null}
      {issues.length ? (
        <div className="set-issues" role="alert">
          <strong>The seed was refused:</strong>
          <ul>
            {issues.map((i, k) => (
              <li key={k}>
                <code>{i.path.length ? i.path.join('.') : '(document)'}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="set-ws-row">
        <div>
          <strong>Reset</strong>
          <div className="hint">Start over with the demo workspace (new random secrets, shown once) or with nothing at all.</div>
        </div>
        <div className="set-ws-btns">
          <Button variant="danger" onClick={() => setConfirm({ kind: 'reset', to: 'demo' })} disabled={busy}>
            Reset to demo…
          </Button>
          <Button variant="danger" onClick={() => setConfirm({ kind: 'reset', to: 'empty' })} disabled={busy}>
            Reset to empty…
          </Button>
        </div>
      </div>
      {done ? (
        <div className="set-done" role="status">
          {done}
        </div>
      ) : null}
      {confirm ? (
        <ConfirmDialog
          title={confirm.kind === 'import' ? `Import ${confirm.fileName}?` : confirm.to === 'demo' ? 'Reset to the demo workspace?' : 'Reset to an empty workspace?'}
          confirmLabel={confirm.kind === 'import' ? 'Replace workspace' : confirm.to === 'demo' ? 'Reset to demo' : 'Reset to empty'}
          danger
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void confirmed()}
        >
          <p>
            {confirm.kind === 'import'
              ? 'This replaces the whole workspace with the seed: every project, team, account, status page, SCIM config and SCIM resource now in it is gone.'
              : confirm.to === 'demo'
                ? 'This replaces the whole workspace with the demo workspace. Every SCIM token, API key and secret changes; the new secrets are shown once.'
                : 'This replaces the whole workspace with an empty one: no projects, no configs, no users.'}{' '}
            IdPs pointed at the current configs stop working. Export a seed first to keep a copy.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

function SecretsPanel({ secrets, onDone }: { secrets: NewSecrets; onDone: () => void }) {
  return (
    <section className="card set-secrets" aria-label="New secrets">
      <div className="set-secrets-head">
        <h2>New secrets — shown once</h2>
        <Button size="sm" onClick={onDone}>
          I have copied them
        </Button>
      </div>
      <p className="set-warn">These are stored as SHA-256 digests and are not shown again: copy them now. (SCIM config bearer tokens stay visible under Configs &amp; tokens.)</p>
      <table className="set-table set-secret-table">
        <tbody>
          {secrets.apiKeys.map((k) => (
            <tr key={`k-${k.projectId}-${k.name}`}>
              <th scope="row">
                API key <span className="muted">{k.projectId} / {k.name}</span>
              </th>
              <td>
                <CopyField value={k.key} copyLabel={`Copy API key ${k.name}`} />
              </td>
            </tr>
          ))}
          {secrets.iamTokens.map((t) => (
            <tr key={`t-${t.tenantId}-${t.name}`}>
              <th scope="row">
                IAM SCIM token <span className="muted">{t.tenantId} / {t.name}</span>
              </th>
              <td>
                <CopyField value={t.token} copyLabel={`Copy IAM token ${t.name}`} />
              </td>
            </tr>
          ))}
          {secrets.oauthClients.map((c) => (
            <tr key={`c-${c.clientId}`}>
              <th scope="row">
                OAuth client secret <span className="muted">{c.clientId}</span>
              </th>
              <td>
                <CopyField value={c.clientSecret} copyLabel={`Copy client secret ${c.clientId}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
