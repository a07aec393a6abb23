import { useState } from 'react'
import { useStore } from 'zustand'
import { scimConfigInputSchema } from '@shared/control'
import { ControlApiError } from '../../api/client'
import { issuesByField, validateWith, type FieldErrors } from '../../ui/form-errors'
import { Button, ErrorBanner, Field } from '../../ui/primitives'
import { ConfigFields } from './ConfigFields'
import { emptyNewDraft, inputOf, useConfigsStore, type NewConfigDraft } from './store'

const NEW_FIELDS = ['kind', 'projectId', 'statusPageId', 'id', 'bearerToken', 'name', 'description', 'autoProvisionUsers', 'autoDeprovisionUsers', 'compatibility', 'defaultTeams', 'enablePushGroups']

/** Messages for the selects: zod's own "too small" reads oddly for a choice. */
function friendlier(errors: FieldErrors, d: NewConfigDraft): FieldErrors {
  const out = { ...errors }
  if (out.projectId && !d.projectId) out.projectId = 'choose a project'
  if (out.statusPageId && !d.statusPageId) out.statusPageId = 'choose a status page'
  return out
}

export function NewConfigForm() {
  const store = useConfigsStore()
  const draft = useStore(store, (s) => s.newDraft) ?? emptyNewDraft()
  const projects = useStore(store, (s) => s.projects)
  const teams = useStore(store, (s) => s.teams[draft.projectId]) ?? []
  const pages = useStore(store, (s) => s.statusPages[draft.projectId]) ?? []
  const configs = useStore(store, (s) => s.configs)
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const input = inputOf(draft)
  const allErrors = { ...friendlier(validateWith(scimConfigInputSchema, input), draft), ...serverErrors }
  // Errors show for fields the user has touched, and for all of them after a submit.
  const errors = submitted ? allErrors : Object.fromEntries(Object.entries(allErrors).filter(([k]) => touched.has(k) || k in serverErrors))

  function change(p: Partial<NewConfigDraft>) {
    store.getState().editNew(p)
    setTouched((t) => new Set([...t, ...Object.keys(p)]))
    if (Object.keys(p).some((k) => k in serverErrors)) {
      const rest = { ...serverErrors }
      for (const k of Object.keys(p)) delete rest[k]
      setServerErrors(rest)
    }
  }

  async function submit() {
    setSubmitted(true)
    if (Object.keys(allErrors).length) return
    setBusy(true)
    setError(null)
    try {
      await store.getState().createConfig(input)
    } catch (e) {
      if (e instanceof ControlApiError && e.status === 400 && e.issues.length) {
        setServerErrors(issuesByField(e.issues.map((i) => (NEW_FIELDS.includes(String(i.path[0])) ? i : { ...i, path: [] }))))
      } else setError(e)
    } finally {
      setBusy(false)
    }
  }

  const cancel = () => {
    const first = store.getState().configs[0]
    store.setState({ newDraft: null, selection: first ? { kind: 'config', id: first.id } : null })
  }

  return (
    <form
      className="cfg-detail cfg-new"
      aria-label="New SCIM config"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="cfg-detail-head">
        <div className="cfg-title">
          <h2>New SCIM config</h2>
        </div>
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {errors._form ? (
        <div className="field-error cfg-form-error" role="alert">
          {errors._form}
        </div>
      ) : null}
      <section className="card">
        <fieldset className="cfg-kind" disabled={busy}>
          <legend>Kind</legend>
          <label className="radio-row">
            <input type="radio" name="new-kind" checked={draft.kind === 'project'} onChange={() => change({ kind: 'project' })} />
            <span>
              <strong>Project SCIM</strong> <span className="muted">— Users and Groups; accounts join the project&apos;s teams</span>
            </span>
          </label>
          <label className="radio-row">
            <input type="radio" name="new-kind" checked={draft.kind === 'statusPage'} onChange={() => change({ kind: 'statusPage' })} />
            <span>
              <strong>Status Page SCIM</strong> <span className="muted">— Users only; each one a private user of a status page</span>
            </span>
          </label>
        </fieldset>
        <div className="cfg-new-grid">
          <Field label="Project" error={errors.projectId}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d}
                value={draft.projectId}
                disabled={busy}
                onChange={(e) => change({ projectId: e.target.value, defaultTeams: [], statusPageId: store.getState().statusPages[e.target.value]?.[0]?.id ?? '' })}
              >
                <option value="">— choose a project —</option>
                {projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {draft.kind === 'statusPage' ? (
            <Field label="Status page" error={errors.statusPageId} hint={draft.projectId && !pages.length ? 'This project has no status page: add one under Projects.' : undefined}>
              {(id, d) => (
                <select id={id} aria-describedby={d} value={draft.statusPageId} disabled={busy} onChange={(e) => change({ statusPageId: e.target.value })}>
                  <option value="">— choose a status page —</option>
                  {pages.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <div />
          )}
          <Field label="Id (optional)" error={errors.id} hint="Made from the name if empty; it becomes part of the base URL.">
            {(id, d) => (
              <input id={id} className="mono" aria-describedby={d} aria-invalid={errors.id ? true : undefined} value={draft.id} disabled={busy} onChange={(e) => change({ id: e.target.value })} />
            )}
          </Field>
          <Field label="Bearer token (optional)" error={errors.bearerToken} hint="Generated if empty; at least 16 printable characters, no spaces.">
            {(id, d) => (
              <input
                id={id}
                className="mono"
                aria-describedby={d}
                aria-invalid={errors.bearerToken ? true : undefined}
                value={draft.bearerToken}
                autoComplete="off"
                spellCheck={false}
                disabled={busy}
                onChange={(e) => change({ bearerToken: e.target.value })}
              />
            )}
          </Field>
        </div>
      </section>
      <section className="card">
        <ConfigFields
          kind={draft.kind}
          value={draft}
          onChange={change}
          errors={errors}
          teams={teams}
          configs={configs}
          onCreateTeam={(name) => store.getState().createTeam(draft.projectId, { name })}
          disabled={busy}
        />
      </section>
      <div className="cfg-form-actions">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create config'}
        </Button>
        <Button disabled={busy} onClick={cancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
