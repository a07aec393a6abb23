// IAM tenants and their SCIM tokens, with the endpoint-info card of what to paste where.
import { useId, useState, type FormEvent } from 'react'
import { iamTenantInputSchema, iamTokenInputSchema, type IamTenantView, type IamTokenView } from '@shared/control'
import type { IamWireFormat } from '@shared/iam'
import type { EndpointInfoOut } from '@shared/tokens'
import { useClient } from '../../app/client-context'
import { CopyField } from '../../ui/CopyField'
import { validateWith, type FieldErrors } from '../../ui/form-errors'
import { Button, Empty, ErrorBanner, Field, Loading } from '../../ui/primitives'
import { AskFirst, day, fieldErrorsOf, Listed, SecretOnce, useConfirm, useLoaded } from './credentials-shared'

/** The wire formats as the UI names them, in the order offered (the default first). */
const WIRE_FORMATS: { value: IamWireFormat; label: string }[] = [
  { value: 'reference', label: 'Reference envelope' },
  { value: 'rfc7643', label: 'RFC 7643 SCIM (Okta, Entra, simulator)' },
]
const WIRE_FORMAT_HINT = 'Clients written from the IAM reference read the envelope; Okta, Entra and the simulator need RFC 7643.'

function WireFormatOptions() {
  return (
    <>
      {WIRE_FORMATS.map((f) => (
        <option key={f.value} value={f.value}>
          {f.label}
        </option>
      ))}
    </>
  )
}

export function IamTab() {
  const client = useClient()
  const [list, reload] = useLoaded(() => client.listIamTenants(), 'tenants')
  const [selected, setSelected] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [wireFormat, setWireFormat] = useState<IamWireFormat>('reference')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [dialog, confirm, confirmError, setConfirmError] = useConfirm()
  const tenants = list.status === 'ready' ? list.data : []
  const current = tenants.find((t) => t.id === selected) ?? tenants[0]

  async function create(e: FormEvent) {
    e.preventDefault()
    const v = validateWith(iamTenantInputSchema, { name, wireFormat })
    setErrors(v)
    if (Object.keys(v).length) return
    try {
      const t = await client.createIamTenant({ name: name.trim(), wireFormat })
      setName('')
      setWireFormat('reference')
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
            <Field label="Answers as" error={errors.wireFormat}>
              {(id, d) => (
                <select id={id} aria-describedby={d} value={wireFormat} onChange={(e) => setWireFormat(e.target.value as IamWireFormat)}>
                  <WireFormatOptions />
                </select>
              )}
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
  const [info] = useLoaded(() => client.iamEndpointInfo(tenant.id), `${tenant.id}:${tenant.wireFormat}`)
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
      <WireFormatControl tenant={tenant} onChanged={onChanged} />
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
                          <AskFirst
                            ask={confirm}
                            name={`Revoke token ${t.name}`}
                            label="Revoke"
                            title={`Revoke SCIM token ${t.name}?`}
                            body="The IdP using it is refused from now on. A revoked token stays listed and cannot be enabled again."
                            run={async () => {
                              await client.revokeIamToken(t.id)
                              await reload()
                            }}
                          />
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

/** How the tenant answers, switched at once (PATCH); a failure shows under the control and puts the choice back. */
function WireFormatControl({ tenant, onChanged }: { tenant: IamTenantView; onChanged: () => void }) {
  const client = useClient()
  const id = useId()
  const [value, setValue] = useState(tenant.wireFormat)
  // Follows the tenant when the list reloads (another window, the stream) — the value shown is the stored one.
  const [stored, setStored] = useState(tenant.wireFormat)
  if (stored !== tenant.wireFormat) {
    setStored(tenant.wireFormat)
    setValue(tenant.wireFormat)
  }
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function change(next: IamWireFormat) {
    const before = value
    setValue(next)
    setBusy(true)
    setError(null)
    try {
      const t = await client.updateIamTenant(tenant.id, { wireFormat: next })
      setValue(t.wireFormat)
      onChanged()
    } catch (err) {
      setValue(before)
      setError(`Could not switch the format: ${err instanceof Error ? err.message : String(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className={`field cred-wire ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>Answers as</label>
      <select
        id={id}
        value={value}
        disabled={busy}
        aria-busy={busy || undefined}
        aria-describedby={error ? `${id}-hint ${id}-err` : `${id}-hint`}
        onChange={(e) => void change(e.target.value as IamWireFormat)}
      >
        <WireFormatOptions />
      </select>
      <div className="hint" id={`${id}-hint`}>
        {WIRE_FORMAT_HINT}
      </div>
      {error ? (
        <div className="field-error" id={`${id}-err`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
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

