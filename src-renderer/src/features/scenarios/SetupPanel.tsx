import { useRef, useState } from 'react'
import type { ProfileId, ProfileInfo, Scenario } from '@shared/scenario'
import { Button, ConfirmDialog, Field } from '../../ui/primitives'
import { issuePath } from './run-model'
import { useScenarios, useScenariosStore } from './store'

const IMPORTED = '__imported__'

/** Profile, scenario and target, then Run or Step. */
export function SetupPanel() {
  const store = useScenariosStore()
  const busy = useScenarios((s) => s.busy)
  const ready = useScenarios((s) => !!(s.scenarioName || s.imported) && !!s.profile)
  return (
    <div className="sc-setup-inner">
      <ProfilePicker />
      <ScenarioPicker />
      <TargetPicker />
      <div className="sc-actions">
        <Button variant="primary" onClick={() => void store.getState().start('run')} disabled={!ready || busy === 'start'} title="Send the whole sequence; results appear as they arrive">
          {busy === 'start' ? 'Starting…' : 'Run'}
        </Button>
        <Button onClick={() => void store.getState().start('step')} disabled={!ready || busy === 'start'} title="Show each request before it is sent; Send sends it">
          Step
        </Button>
      </div>
    </div>
  )
}

export function ProfileSelect({ label, value, onChange, profiles }: { label: string; value: ProfileId | null; onChange: (id: ProfileId) => void; profiles: ProfileInfo[] }) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value as ProfileId)}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

function ProfilePicker() {
  const store = useScenariosStore()
  const profiles = useScenarios((s) => s.profiles)
  const profile = useScenarios((s) => s.profile)
  const p = profiles.find((x) => x.id === profile)
  return (
    <section className="sc-section" aria-label="Profile setup">
      <ProfileSelect label="IdP profile" value={profile} onChange={(id) => store.getState().selectProfile(id)} profiles={profiles} />
      {p ? <ProfileFacts p={p} /> : null}
    </section>
  )
}

export function ProfileFacts({ p }: { p: ProfileInfo }) {
  return (
    <div className="sc-profile">
      <p className="sc-desc">{p.description}</p>
      <div className="sc-facts">
        <span title="How long it waits for each answer">timeout {p.timeoutMs / 1000} s</span>
        <span>{p.usesPatch ? 'updates with PATCH' : 'updates with PUT only'}</span>
        <span>{p.sendsDelete ? 'sends DELETE' : 'never DELETEs'}</span>
        <span>{p.honoursRetryAfter ? 'honours Retry-After' : 'ignores Retry-After'}</span>
        {p.referenceSection ? <span className="badge sc-item">{p.referenceSection}</span> : <span className="badge">RFC 7644</span>}
      </div>
    </div>
  )
}

function ScenarioPicker() {
  const store = useScenariosStore()
  const scenarios = useScenarios((s) => s.scenarios)
  const name = useScenarios((s) => s.scenarioName)
  const imported = useScenarios((s) => s.imported)
  const importErrors = useScenarios((s) => s.importErrors)
  const busy = useScenarios((s) => s.busy)
  const preview = useScenarios((s) => (s.scenarioName ? s.docs[s.scenarioName] : undefined))
  const fileRef = useRef<HTMLInputElement>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const summary = scenarios.find((s) => s.name === name)
  const builtIn = scenarios.filter((s) => s.builtIn)
  const saved = scenarios.filter((s) => !s.builtIn)
  const value = name ?? (imported ? IMPORTED : '')

  return (
    <section className="sc-section" aria-label="Scenario setup">
      <Field label="Scenario">
        {(id) => (
          <select
            id={id}
            value={value}
            onChange={(e) => (e.target.value === IMPORTED ? store.getState().selectImported() : store.getState().selectScenario(e.target.value))}
          >
            {value === '' ? <option value="">Choose a scenario</option> : null}
            <optgroup label="Built-in">
              {builtIn.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.title}
                </option>
              ))}
            </optgroup>
            {saved.length ? (
              <optgroup label="Saved">
                {saved.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.title}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {imported ? (
              <optgroup label="Imported (not saved)">
                <option value={IMPORTED}>{imported.scenario.title}</option>
              </optgroup>
            ) : null}
          </select>
        )}
      </Field>
      <div className="sc-row">
        <Button size="sm" onClick={() => fileRef.current?.click()}>
          Import scenario file…
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          className="sc-file"
          aria-label="Scenario file"
          onChange={async (e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) store.getState().importFile(file.name, await file.text())
          }}
        />
        {summary && !summary.builtIn ? (
          <Button size="sm" variant="danger" onClick={() => setConfirmDelete(true)} disabled={busy === 'delete'}>
            Delete
          </Button>
        ) : null}
      </div>
      {importErrors ? (
        <div className="sc-import-errors" role="alert" aria-label="Scenario file errors">
          <div className="sc-import-errors-head">
            <strong>
              {importErrors.fileName} is not a valid scenario ({importErrors.issues.length === 1 ? '1 problem' : `${importErrors.issues.length} problems`})
            </strong>
            <Button size="sm" variant="ghost" aria-label="Dismiss file errors" onClick={() => store.getState().dismissImportErrors()}>
              ×
            </Button>
          </div>
          <ul>
            {importErrors.issues.map((i, k) => (
              <li key={k}>
                <code>{issuePath(i)}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {name === null && imported ? (
        <>
          <div className="sc-imported">
            <span className="badge badge-warn">not saved</span> from {imported.fileName}
            <span className="spacer" />
            <Button size="sm" onClick={() => void store.getState().saveImported()} disabled={busy === 'save'}>
              Save to sandbox
            </Button>
            <Button size="sm" variant="ghost" onClick={() => store.getState().discardImported()}>
              Discard
            </Button>
          </div>
          <ScenarioPreview scenario={imported.scenario} />
        </>
      ) : preview?.state === 'ok' ? (
        <ScenarioPreview scenario={preview.scenario} builtIn={summary?.builtIn} />
      ) : preview?.state === 'error' ? (
        <div className="sc-small sc-error" role="alert">
          Could not load the scenario: {(preview.error as Error)?.message ?? String(preview.error)}
        </div>
      ) : preview?.state === 'loading' ? (
        <div className="sc-small faint">Loading the scenario…</div>
      ) : null}
      {confirmDelete && summary ? (
        <ConfirmDialog
          title={`Delete the saved scenario ${summary.name}?`}
          confirmLabel="Delete"
          danger
          busy={busy === 'delete'}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false)
            void store.getState().deleteScenario(summary.name)
          }}
        >
          It goes from the sandbox; runs already made keep their reports.
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

function ScenarioPreview({ scenario: s, builtIn }: { scenario: Scenario; builtIn?: boolean }) {
  return (
    <div className="sc-preview" aria-label="Scenario preview">
      <div className="sc-preview-title">
        <strong>{s.title}</strong> <span className="mono faint">{s.name}</span> {builtIn ? <span className="badge">built-in</span> : null}
      </div>
      {s.description ? <p className="sc-desc">{s.description}</p> : null}
      <ol className="sc-preview-steps">
        {s.steps.map((st, i) => (
          <li key={i} title={st.title ? `${st.title} (${st.action})` : st.action}>
            <span className="sc-pnum">{i + 1}</span>
            {st.title ? <span className="sc-preview-title-text">{st.title}</span> : null} <span className="mono faint">{st.action}</span>
            {st.expect ? (
              <span className="badge" title="This step has assertions">
                expect
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  )
}

export function TargetPicker() {
  const store = useScenariosStore()
  const configs = useScenarios((s) => s.configs)
  const t = useScenarios((s) => s.target)
  const errors = useScenarios((s) => s.targetErrors)
  const set = store.getState().setTarget
  return (
    <section className="sc-section" aria-label="Target setup">
      <div className="sc-label">Target</div>
      <div className="sc-radio" role="radiogroup" aria-label="Target">
        <label>
          <input type="radio" name="sc-target" checked={t.kind === 'embedded'} onChange={() => set({ kind: 'embedded' })} /> This sandbox
        </label>
        <label>
          <input type="radio" name="sc-target" checked={t.kind === 'url'} onChange={() => set({ kind: 'url' })} /> Another SCIM server
        </label>
      </div>
      {t.kind === 'embedded' ? (
        <Field label="SCIM config" error={errors.configId} hint="Directory changes and assertions are shown for this sandbox's configs.">
          {(id, describedBy) =>
            configs.length ? (
              <select id={id} aria-describedby={describedBy} value={t.configId} onChange={(e) => set({ configId: e.target.value })}>
                {configs.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.statusPageName ?? c.projectName} / {c.name} ({c.id})
                  </option>
                ))}
              </select>
            ) : (
              <div id={id} className="sc-small muted">
                No SCIM config yet: make one in Configs &amp; tokens.
              </div>
            )
          }
        </Field>
      ) : (
        <>
          <Field label="Base URL" error={errors.baseUrl}>
            {(id, describedBy) => (
              <input id={id} aria-describedby={describedBy} className="mono" placeholder="https://scim.example.com/scim/v2" value={t.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} />
            )}
          </Field>
          <Field label="Bearer token" error={errors.token}>
            {(id, describedBy) => (
              <input id={id} aria-describedby={describedBy} type="password" autoComplete="off" className="mono" value={t.token} onChange={(e) => set({ token: e.target.value })} />
            )}
          </Field>
        </>
      )}
    </section>
  )
}
