// The workspace as a whole: export to a seed file, import one, reset; and the one-time secrets a demo reset makes.
import { useRef, useState } from 'react'
import { useStore } from 'zustand'
import type { ControlIssue } from '@shared/control'
import { ControlApiError } from '../../api/client'
import { saveTextFile } from '../../api/connection'
import { CopyField } from '../../ui/CopyField'
import { Button, ConfirmDialog, ErrorBanner } from '../../ui/primitives'
import { useSettingsStore, type NewSecrets } from './store'

export const EXPORT_FILE_NAME = 'scim-sandbox-workspace.json'

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

export function WorkspaceCard() {
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

export function SecretsPanel({ secrets, onDone }: { secrets: NewSecrets; onDone: () => void }) {
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
