// OAuth clients of the SCIM tokens admin API: create with scopes, rotate the secret, delete.
import { useState, type FormEvent } from 'react'
import { OAUTH_SCOPES, oauthClientInputSchema, type OAuthClientView } from '@shared/control'
import { useClient } from '../../app/client-context'
import { validateWith, type FieldErrors } from '../../ui/form-errors'
import { Button, ErrorBanner, Field } from '../../ui/primitives'
import { AskFirst, Checks, day, fieldErrorsOf, Listed, SecretOnce, useConfirm, useLoaded } from './credentials-shared'

export function OAuthTab() {
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
        <AskFirst
          ask={confirm}
          name={`Rotate secret of ${c.clientId}`}
          text="Rotate secret"
          label="Rotate"
          title={`Rotate the secret of ${c.clientId}?`}
          body="The current secret stops working at once; the new one is shown once."
          run={async () => {
            const r = await client.rotateOAuthClientSecret(c.clientId)
            setSecret({ clientId: r.clientId, value: r.clientSecret })
          }}
        />
        <AskFirst
          ask={confirm}
          name={`Delete OAuth client ${c.clientId}`}
          label="Delete"
          title={`Delete OAuth client ${c.clientId}?`}
          body="It can no longer get access tokens. This cannot be undone."
          run={async () => {
            await client.deleteOAuthClient(c.clientId)
            await reload()
          }}
        />
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

