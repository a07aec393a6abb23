import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { useStore } from 'zustand'
import {
  apiKeyInputSchema,
  iamTenantInputSchema,
  iamTokenInputSchema,
  OAUTH_SCOPES,
  oauthClientInputSchema,
  type ApiKeyView,
  type IamTenantView,
  type IamTokenView,
  type OAuthClientView,
} from '@shared/control'
import type { EndpointInfoOut } from '@shared/tokens'
import { permissionSchema } from '@shared/workspace'
import { ControlApiError } from '../../api/client'
import { useClient } from '../../app/client-context'
import { CopyField } from '../../ui/CopyField'
import { issuesByField, validateWith, type FieldErrors } from '../../ui/form-errors'
import { Button, ConfirmDialog, Empty, ErrorBanner, Field, Loading } from '../../ui/primitives'
import { Tabs } from '../../ui/Tabs'
import { useConfigsStore } from './store'
import './credentials.css'

type CredTab = 'apiKeys' | 'oauth' | 'iam'
const TABS = [
  { id: 'apiKeys', label: 'API keys' },
  { id: 'oauth', label: 'OAuth clients' },
  { id: 'iam', label: 'IAM tenants & SCIM tokens' },
] as const

/** API keys (resource API), OAuth clients (tokens admin API), IAM tenants and their SCIM tokens. */
export function CredentialsPanel() {
  const [tab, setTab] = useState<CredTab>('apiKeys')
  return (
    <div className="cfg-detail cred-panel">
      <div className="cfg-detail-head">
        <h2 className="cfg-title">Credentials</h2>
      </div>
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Credentials" />
      <div className="cfg-tab-panel" role="tabpanel">
        {tab === 'apiKeys' ? <ApiKeysTab /> : tab === 'oauth' ? <OAuthTab /> : <IamTab />}
      </div>
    </div>
  )
}

// ——— shared pieces ———

type Loaded<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T }

/** Loads with `load` whenever `key` changes; `reload` fetches again keeping what is shown. */
function useLoaded<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => Promise<void>] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' })
  const run = useCallback(() => load().then((data) => setState({ status: 'ready', data }), (error: unknown) => setState({ status: 'error', error })), [key])
  useEffect(() => {
    setState({ status: 'loading' })
    void run()
  }, [run])
  return [state, run]
}

function Listed<T>({ state, what, reload, empty, children }: { state: Loaded<T[]>; what: string; reload: () => void; empty: ReactNode; children: (data: T[]) => ReactNode }) {
  if (state.status === 'loading') return <Loading what={what} />
  if (state.status === 'error') return <ErrorBanner error={state.error} onRetry={reload} />
  if (state.data.length === 0) return <>{empty}</>
  return <>{children(state.data)}</>
}

/** A new secret, shown this once with its copy button; Done hides it for good. */
function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  return (
    <div className="cred-once" role="region" aria-label={`New ${label}`}>
      <div className="cred-once-head">
        <strong>New {label}</strong>
        <span className="cred-once-warn">Copy it now: it is not shown again (only its digest is stored).</span>
      </div>
      <div className="cfg-token-row">
        <CopyField value={value} copyLabel={`Copy ${label}`} />
        <Button size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  )
}

const fieldErrorsOf = (e: unknown): FieldErrors | null => (e instanceof ControlApiError && e.status === 400 && e.issues.length ? issuesByField(e.issues) : null)

type Confirm = { title: string; body: ReactNode; label: string; run: () => Promise<void> }

/** A destructive action asked first; its failure shows the server's message. */
function useConfirm(): [ReactNode, (c: Confirm) => void, unknown, (e: unknown) => void] {
  const [pending, setPending] = useState<Confirm | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const dialog = pending ? (
    <ConfirmDialog
      title={pending.title}
      confirmLabel={pending.label}
      danger
      busy={busy}
      onCancel={() => setPending(null)}
      onConfirm={() => {
        setBusy(true)
        pending
          .run()
          .then(() => setError(null), setError)
          .finally(() => {
            setBusy(false)
            setPending(null)
          })
      }}
    >
      {pending.body}
    </ConfirmDialog>
  ) : null
  return [dialog, setPending, error, setError]
}

function Checks<T extends string>({ legend, options, value, onChange, error }: { legend: string; options: readonly T[]; value: T[]; onChange: (v: T[]) => void; error?: string }) {
  return (
    <fieldset className={`cred-checks ${error ? 'field-invalid' : ''}`}>
      <legend>{legend}</legend>
      <div className="cred-check-grid">
        {options.map((o) => (
          <label key={o} className="cred-check">
            <input type="checkbox" checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} />
            <span>{o}</span>
          </label>
        ))}
      </div>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </fieldset>
  )
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ')

// ——— API keys ———

const PERMISSIONS = permissionSchema.options

function ApiKeysTab() {
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
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Revoke API key ${k.name}`}
                      onClick={() =>
                        confirm({
                          title: `Revoke API key ${k.name}?`,
                          body: 'Requests with this key are refused from now on. This cannot be undone.',
                          label: 'Revoke',
                          run: async () => {
                            await client.revokeApiKey(k.id)
                            await reload()
                          },
                        })
                      }
                    >
                      Revoke
                    </Button>
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

function OAuthTab() {
  const client = useClient()
  const [list, reload] = useLoaded(() => client.listOAuthClients(), 'oauth')
  const [clientId, setClientId] = useState('')
  const [scopes, setScopes] = useState<string[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [secret, setSecret] = useState<{ clientId: string; value: string } | null>(null)
  const [dialog, confirm, confirmError, setConfirmError] = useConfirm()

  async function create(e: FormEvent) {
    e.preventDefault()
    const input = { ...(clientId.trim() ? { clientId: clientId.trim() } : {}), scopes }
    const v = validateWith(oauthClientInputSchema, input)
    setErrors(v)
    if (Object.keys(v).length) return
    setBusy(true)
    try {
      const c = await client.createOAuthClient(oauthClientInputSchema.parse(input))
      setSecret({ clientId: c.clientId, value: c.clientSecret })
      setClientId('')
      setScopes([])
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

  const row = (c: OAuthClientView) => (
    <tr key={c.clientId}>
      <td className="mono">{c.clientId}</td>
      <td>
        {c.scopes.map((s) => (
          <span key={s} className="badge">
            {s}
          </span>
        ))}
      </td>
      <td className="faint">{day(c.createdAt)}</td>
      <td className="cred-act">
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Rotate secret of ${c.clientId}`}
          onClick={() =>
            confirm({
              title: `Rotate the secret of ${c.clientId}?`,
              body: 'The current secret stops working at once; the new one is shown once.',
              label: 'Rotate',
              run: async () => {
                const r = await client.rotateOAuthClientSecret(c.clientId)
                setSecret({ clientId: r.clientId, value: r.clientSecret })
              },
            })
          }
        >
          Rotate secret
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Delete OAuth client ${c.clientId}`}
          onClick={() =>
            confirm({
              title: `Delete OAuth client ${c.clientId}?`,
              body: 'It can no longer get access tokens. This cannot be undone.',
              label: 'Delete',
              run: async () => {
                await client.deleteOAuthClient(c.clientId)
                await reload()
              },
            })
          }
        >
          Delete
        </Button>
      </td>
    </tr>
  )

  return (
    <div className="cred-section">
      <p className="cred-intro">
        OAuth clients get access tokens at <code>POST /api/v1/oauth/token</code> (client credentials) for the SCIM tokens admin API.
      </p>
      {secret ? <SecretOnce label={`client secret of ${secret.clientId}`} value={secret.value} onDone={() => setSecret(null)} /> : null}
      {confirmError ? <ErrorBanner error={confirmError} onDismiss={() => setConfirmError(null)} /> : null}
      <Listed state={list} what="OAuth clients" reload={() => void reload()} empty={<div className="faint cred-none">No OAuth client.</div>}>
        {(clients) => (
          <table className="cred-table" aria-label="OAuth clients">
            <thead>
              <tr>
                <th>Client id</th>
                <th>Scopes</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>{clients.map(row)}</tbody>
          </table>
        )}
      </Listed>
      <form className="card cred-form" onSubmit={(e) => void create(e)} aria-label="New OAuth client" noValidate>
        <h3>New OAuth client</h3>
        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
        <Field label="Client id (optional)" error={errors.clientId} hint="Made up when left empty.">
          {(id, d) => <input id={id} aria-describedby={d} value={clientId} onChange={(e) => setClientId(e.target.value)} />}
        </Field>
        <Checks legend="Scopes" options={OAUTH_SCOPES} value={scopes} onChange={setScopes} error={errors.scopes} />
        <div className="cred-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            Create OAuth client
          </Button>
        </div>
      </form>
      {dialog}
    </div>
  )
}

// ——— IAM tenants and SCIM tokens ———

function IamTab() {
  const client = useClient()
  const [list, reload] = useLoaded(() => client.listIamTenants(), 'tenants')
  const [selected, setSelected] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [dialog, confirm, confirmError, setConfirmError] = useConfirm()
  const tenants = list.status === 'ready' ? list.data : []
  const current = tenants.find((t) => t.id === selected) ?? tenants[0]

  async function create(e: FormEvent) {
    e.preventDefault()
    const v = validateWith(iamTenantInputSchema, { name })
    setErrors(v)
    if (Object.keys(v).length) return
    try {
      const t = await client.createIamTenant({ name: name.trim() })
      setName('')
      setError(null)
      setSelected(t.id)
      await reload()
    } catch (err) {
      const f = fieldErrorsOf(err)
      if (f) setErrors(f)
      else setError(err)
    }
  }

  return (
    <div className="cred-section cred-iam">
      {confirmError ? <ErrorBanner error={confirmError} onDismiss={() => setConfirmError(null)} /> : null}
      <div className="cred-iam-cols">
        <div className="cred-tenants">
          <h3>IAM tenants</h3>
          <Listed state={list} what="IAM tenants" reload={() => void reload()} empty={<div className="faint cred-none">No IAM tenant.</div>}>
            {(ts) => (
              <ul aria-label="IAM tenants">
                {ts.map((t) => (
                  <li key={t.id} className={t.id === current?.id ? 'selected' : ''}>
                    <button type="button" className="cred-tenant" aria-current={t.id === current?.id ? 'true' : undefined} onClick={() => setSelected(t.id)}>
                      <span>{t.name}</span>
                      <span className="faint">
                        {t.tokenCount} {t.tokenCount === 1 ? 'token' : 'tokens'}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Listed>
          <form className="cred-inline-form" onSubmit={(e) => void create(e)} aria-label="New IAM tenant" noValidate>
            {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
            <Field label="New tenant name" error={errors.name ?? errors.id}>
              {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Button type="submit" size="sm" variant="primary">
              Add tenant
            </Button>
          </form>
        </div>
        <div className="cred-tenant-detail">
          {current ? (
            <TenantDetail
              key={current.id}
              tenant={current}
              onChanged={() => void reload()}
              onDelete={() =>
                confirm({
                  title: `Delete IAM tenant ${current.name}?`,
                  body: `Its ${current.tokenCount} SCIM ${current.tokenCount === 1 ? 'token goes' : 'tokens go'} with it; IdPs using them are refused from now on.`,
                  label: 'Delete tenant',
                  run: async () => {
                    await client.deleteIamTenant(current.id)
                    setSelected(null)
                    await reload()
                  },
                })
              }
            />
          ) : list.status === 'ready' ? (
            <Empty title="No IAM tenant">Add a tenant to issue SCIM tokens for the IAM SCIM endpoint.</Empty>
          ) : null}
        </div>
      </div>
      {dialog}
    </div>
  )
}

function tokenState(t: IamTokenView): { label: string; cls: string } {
  if (t.revokedAt) return { label: 'revoked', cls: 'badge-err' }
  if (t.expiresAt && Date.parse(t.expiresAt) <= Date.now()) return { label: 'expired', cls: 'badge-warn' }
  if (!t.enabled) return { label: 'disabled', cls: '' }
  return { label: 'active', cls: 'badge-ok' }
}

function TenantDetail({ tenant, onChanged, onDelete }: { tenant: IamTenantView; onChanged: () => void; onDelete: () => void }) {
  const client = useClient()
  const [tokens, reload] = useLoaded(() => client.listIamTokens(tenant.id), tenant.id)
  const [info] = useLoaded(() => client.iamEndpointInfo(tenant.id), tenant.id)
  const [name, setName] = useState('')
  const [expires, setExpires] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [dialog, confirm, confirmError, setConfirmError] = useConfirm()

  async function issue(e: FormEvent) {
    e.preventDefault()
    const at = expires ? new Date(expires) : null
    const input = { name, ...(at ? { expiresAt: Number.isNaN(at.getTime()) ? expires : at.toISOString() } : {}) }
    const v = validateWith(iamTokenInputSchema, input)
    setErrors(v)
    if (Object.keys(v).length) return
    try {
      const t = await client.createIamToken(tenant.id, iamTokenInputSchema.parse(input))
      setSecret(t.token)
      setName('')
      setExpires('')
      setError(null)
      await reload()
      onChanged()
    } catch (err) {
      const f = fieldErrorsOf(err)
      if (f) setErrors(f)
      else setError(err)
    }
  }

  async function toggle(t: IamTokenView) {
    try {
      await client.updateIamToken(t.id, { enabled: !t.enabled })
      setConfirmError(null)
      await reload()
    } catch (err) {
      setConfirmError(err)
    }
  }

  return (
    <section aria-label={`IAM tenant ${tenant.name}`}>
      <div className="proj-head">
        <h3>{tenant.name}</h3>
        <span className="faint mono">{tenant.id}</span>
        <span className="spacer" />
        <Button size="sm" variant="danger" onClick={onDelete}>
          Delete tenant
        </Button>
      </div>
      {secret ? <SecretOnce label="SCIM token" value={secret} onDone={() => setSecret(null)} /> : null}
      {confirmError ? <ErrorBanner error={confirmError} onDismiss={() => setConfirmError(null)} /> : null}
      <Listed state={tokens} what="SCIM tokens" reload={() => void reload()} empty={<div className="faint cred-none">No SCIM token for this tenant.</div>}>
        {(ts) => (
          <table className="cred-table" aria-label="SCIM tokens">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>State</th>
                <th>Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {ts.map((t) => {
                const st = tokenState(t)
                return (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td className="mono">{t.tokenPrefix}…</td>
                    <td>
                      <span className={`badge ${st.cls}`}>{st.label}</span>
                    </td>
                    <td className="faint">{t.expiresAt ? day(t.expiresAt) : 'never'}</td>
                    <td className="cred-act">
                      {t.revokedAt ? null : (
                        <>
                          <Button size="sm" variant="ghost" aria-label={`${t.enabled ? 'Disable' : 'Enable'} token ${t.name}`} onClick={() => void toggle(t)}>
                            {t.enabled ? 'Disable' : 'Enable'}
                          </Button>
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`Revoke token ${t.name}`}
                            onClick={() =>
                              confirm({
                                title: `Revoke SCIM token ${t.name}?`,
                                body: 'The IdP using it is refused from now on. A revoked token stays listed and cannot be enabled again.',
                                label: 'Revoke',
                                run: async () => {
                                  await client.revokeIamToken(t.id)
                                  await reload()
                                },
                              })
                            }
                          >
                            Revoke
                          </Button>
                        </>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </Listed>
      <form className="card cred-form" onSubmit={(e) => void issue(e)} aria-label="New SCIM token" noValidate>
        <h3>Issue a SCIM token</h3>
        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
        <div className="cred-row">
          <Field label="Name" error={errors.name}>
            {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Expires (optional)" error={errors.expiresAt}>
            {(id, d) => <input id={id} type="datetime-local" aria-describedby={d} value={expires} onChange={(e) => setExpires(e.target.value)} />}
          </Field>
        </div>
        <div className="cred-actions">
          <Button type="submit" variant="primary">
            Issue token
          </Button>
        </div>
      </form>
      {info.status === 'ready' ? <EndpointCard info={info.data} /> : info.status === 'error' ? <ErrorBanner error={info.error} /> : <Loading what="endpoint info" />}
      {dialog}
    </section>
  )
}

function EndpointCard({ info }: { info: EndpointInfoOut }) {
  return (
    <section className="card idp-card cred-endpoint" aria-label="IdP setup">
      <h3>IdP setup</h3>
      <dl className="kv">
        <dt>SCIM base URL</dt>
        <dd>
          <CopyField value={info.scim_base_url} copyLabel="Copy SCIM base URL" />
        </dd>
        <dt>Auth scheme</dt>
        <dd>{info.auth_scheme} (the SCIM token, in the Authorization header)</dd>
      </dl>
      <div className="cred-idp-cols">
        {(['okta', 'entra'] as const).map((idp) => (
          <div key={idp}>
            <h4>{idp === 'okta' ? 'Okta' : 'Microsoft Entra'}</h4>
            <ol className="cred-steps">
              {info[idp].steps.map((s) => (
                <li key={s.field}>
                  <div className="cred-step-field">{s.field}</div>
                  <div className="cred-step-value mono">{s.value}</div>
                </li>
              ))}
            </ol>
            {info[idp].notes.map((n) => (
              <div key={n} className="cfg-note">
                {n}
              </div>
            ))}
          </div>
        ))}
      </div>
    </section>
  )
}
