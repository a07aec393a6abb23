// API keys of a project (the resource API's `ApiKey` header): create with permissions, revoke.
import { useState, type FormEvent } from 'react'
import { useStore } from 'zustand'
import { apiKeyInputSchema, type ApiKeyView } from '@shared/control'
import { useClient } from '../../app/client-context'
import { validateWith, type FieldErrors } from '../../ui/form-errors'
import { Button, Empty, ErrorBanner, Field } from '../../ui/primitives'
import { useConfigsStore } from './store'
import { AskFirst, Checks, day, fieldErrorsOf, Listed, PERMISSIONS, SecretOnce, useConfirm, useLoaded } from './credentials-shared'

export function ApiKeysTab() {
  const client = useClient()
  const store = useConfigsStore()
  const projects = useStore(store, (s) => s.projects)
  const [projectId, setProjectId] = useState(projects[0]?.id ?? '')
  const [list, reload] = useLoaded(() => (projectId ? client.listApiKeys(projectId) : Promise.resolve([] as ApiKeyView[])), projectId)
  const [name, setName] = useState('')
  const [perms, setPerms] = useState<string[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [secret, setSecret] = useState<string | null>(null)
  const [dialog, confirm, confirmError, setConfirmError] = useConfirm()

  async function create(e: FormEvent) {
    e.preventDefault()
    const input = { name, permissions: perms }
    const v = validateWith(apiKeyInputSchema, input)
    setErrors(v)
    if (Object.keys(v).length) return
    setBusy(true)
    try {
      const k = await client.createApiKey(projectId, apiKeyInputSchema.parse(input))
      setSecret(k.key)
      setName('')
      setPerms([])
      setError(null)
      await reload()
    } catch (err) {
      const f = fieldErrorsOf(err)
      if (f) setErrors(f)
      else setError(err)
    } finally {
      setBusy(false)
    }
  }

  if (projects.length === 0) return <Empty title="No project yet">An API key belongs to a project: add one under "Projects, teams &amp; status pages".</Empty>
  return (
    <div className="cred-section">
      <p className="cred-intro">API keys authenticate the resource API (header <code>ApiKey</code>), each with its permissions within one project.</p>
      <Field label="Project">
        {(id) => (
          <select id={id} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {secret ? <SecretOnce label="API key" value={secret} onDone={() => setSecret(null)} /> : null}
      {confirmError ? <ErrorBanner error={confirmError} onDismiss={() => setConfirmError(null)} /> : null}
      <Listed state={list} what="API keys" reload={() => void reload()} empty={<div className="faint cred-none">No API key in this project.</div>}>
        {(keys) => (
          <table className="cred-table" aria-label="API keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Permissions</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.keyPrefix}…</td>
                  <td>
                    {k.permissions.map((p) => (
                      <span key={p} className="badge">
                        {p}
                      </span>
                    ))}
                  </td>
                  <td className="faint">{day(k.createdAt)}</td>
                  <td className="cred-act">
                    <AskFirst
                      ask={confirm}
                      name={`Revoke API key ${k.name}`}
                      label="Revoke"
                      title={`Revoke API key ${k.name}?`}
                      body="Requests with this key are refused from now on. This cannot be undone."
                      run={async () => {
                        await client.revokeApiKey(k.id)
                        await reload()
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Listed>
      <form className="card cred-form" onSubmit={(e) => void create(e)} aria-label="New API key" noValidate>
        <h3>New API key</h3>
        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
        <Field label="Name" error={errors.name}>
          {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Checks legend="Permissions" options={PERMISSIONS} value={perms} onChange={setPerms} error={errors.permissions} />
        <div className="cred-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            Create API key
          </Button>
        </div>
      </form>
      {dialog}
    </div>
  )
}

// ——— OAuth clients ———

