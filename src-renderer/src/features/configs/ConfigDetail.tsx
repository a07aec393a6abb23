import { useMemo, useState } from 'react'
import { scimConfigPatchSchema, type ScimConfigView } from '@shared/control'
import { ControlApiError } from '../../api/client'
import { CopyField } from '../../ui/CopyField'
import { issuesByField, unplacedIssues, validateWith, type FieldErrors } from '../../ui/form-errors'
import { Button, ConfirmDialog, ErrorBanner } from '../../ui/primitives'
import { Tabs } from '../../ui/Tabs'
import { ConfigFields } from './ConfigFields'
import { CloudNote, EntraSetup, OktaSetup } from './IdpSetup'
import { CONFIG_FIELDS, draftOf, patchOf, useConfigs, useConfigsStore, type DetailTab } from './store'
import { useStore } from 'zustand'

export function KindBadge({ kind }: { kind: ScimConfigView['kind'] }) {
  return <span className={`badge kind-badge kind-${kind}`}>{kind === 'project' ? 'Project SCIM' : 'Status Page SCIM'}</span>
}

const TABS: { id: DetailTab; label: string }[] = [
  { id: 'settings', label: 'Settings' },
  { id: 'okta', label: 'Okta setup' },
  { id: 'entra', label: 'Entra ID setup' },
  { id: 'cloud', label: 'From a cloud IdP' },
]

export function ConfigDetail({ config }: { config: ScimConfigView }) {
  const store = useConfigsStore()
  const tab = useConfigs((s) => s.tab)
  const [confirm, setConfirm] = useState<null | 'rotate' | 'delete'>(null)
  const [busy, setBusy] = useState(false)
  const [actionError, setActionError] = useState<unknown>(null)

  async function run(action: () => Promise<void>) {
    setBusy(true)
    setActionError(null)
    try {
      await action()
      setConfirm(null)
    } catch (e) {
      setConfirm(null)
      setActionError(e)
    } finally {
      setBusy(false)
    }
  }

  const owner = config.kind === 'statusPage' ? `${config.projectName} › ${config.statusPageName ?? config.statusPageId}` : config.projectName

  return (
    <div className="cfg-detail">
      <div className="cfg-detail-head">
        <div className="cfg-title">
          <h2>{config.name}</h2>
          <KindBadge kind={config.kind} />
          <span className="muted">{owner}</span>
          <span className="faint mono">{config.id}</span>
        </div>
        <Button size="sm" variant="danger" onClick={() => setConfirm('delete')}>
          Delete config
        </Button>
      </div>
      {actionError ? <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} /> : null}
      <ConnectionCard config={config} onRotate={() => setConfirm('rotate')} />
      <Tabs tabs={TABS} value={tab} onChange={(t) => store.getState().setTab(t)} label="Config sections" />
      <div className="cfg-tab-panel" role="tabpanel">
        {tab === 'settings' ? <SettingsForm config={config} /> : null}
        {tab === 'okta' ? <OktaSetup config={config} /> : null}
        {tab === 'entra' ? <EntraSetup config={config} /> : null}
        {tab === 'cloud' ? <CloudNote /> : null}
      </div>
      {confirm === 'rotate' ? (
        <ConfirmDialog
          title={`Rotate the bearer token of ${config.name}?`}
          confirmLabel="Rotate token"
          danger
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void run(() => store.getState().rotateToken(config.id))}
        >
          <p>A new token is generated and the old one stops working at once: every IdP using it (Okta, Entra ID, scripts) gets 401 until it is updated with the new token.</p>
        </ConfirmDialog>
      ) : null}
      {confirm === 'delete' ? (
        <ConfirmDialog
          title={`Delete SCIM config ${config.name}?`}
          confirmLabel="Delete config"
          danger
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void run(() => store.getState().deleteConfig(config.id))}
        >
          <p>
            Its SCIM resources are removed ({config.userCount} {config.userCount === 1 ? 'user' : 'users'}, {config.groupCount} {config.groupCount === 1 ? 'group' : 'groups'}) and its base URL
            answers 404. The project&apos;s accounts and team memberships stay{config.kind === 'project' ? ', and teams its Groups pushed stay as ordinary teams' : ', and so do the private users'}.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}

function ConnectionCard({ config, onRotate }: { config: ScimConfigView; onRotate: () => void }) {
  const store = useConfigsStore()
  const revealed = useConfigs((s) => s.revealed[config.id] ?? false)
  const rotated = useConfigs((s) => s.rotated[config.id] ?? false)
  return (
    <section className="card cfg-conn" aria-label="Connection">
      <dl className="kv cfg-conn-kv">
        <dt>Base URL</dt>
        <dd>
          <CopyField value={config.baseUrl} copyLabel="Copy base URL" />
        </dd>
        <dt>Alias URL</dt>
        <dd>
          <CopyField value={config.aliasUrl} copyLabel="Copy alias URL" />
        </dd>
        <dt>Bearer token</dt>
        <dd>
          <div className="cfg-token-row">
            <CopyField value={config.bearerToken} copyLabel="Copy token" secret what="token" revealed={revealed} onRevealedChange={(v) => store.getState().setRevealed(config.id, v)} />
            <Button size="sm" onClick={onRotate}>
              Rotate token
            </Button>
          </div>
        </dd>
      </dl>
      {rotated ? (
        <div className="cfg-note cfg-note-warn" role="status">
          New token made. The old one no longer works: paste this one into Okta (Authorization: <code>Bearer …</code>) and Entra ID (Secret Token) wherever this config is used.
        </div>
      ) : null}
      <div className="hint cfg-conn-hint">
        Header <code>Authorization: Bearer &lt;token&gt;</code>. Both URLs serve the same config; the provisioning guide gives IdPs the <code>/api/identity/…</code> alias.
      </div>
    </section>
  )
}

function SettingsForm({ config }: { config: ScimConfigView }) {
  const store = useConfigsStore()
  const draft = useConfigs((s) => s.drafts[config.id])
  const teams = useConfigs((s) => s.teams[config.projectId]) ?? []
  const configs = useStore(store, (s) => s.configs)
  const value = draft ?? draftOf(config)
  const patch = useMemo(() => patchOf(config, value), [config, value])
  const dirty = Object.keys(patch).length > 0
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const [otherIssues, setOtherIssues] = useState<{ path: (string | number)[]; message: string }[]>([])
  const [saveError, setSaveError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [savedAt, setSavedAt] = useState<number | null>(null)

  // The same schema as the server; Status Page SCIM has no teams or push groups to send.
  const errors: FieldErrors = { ...validateWith(scimConfigPatchSchema, config.kind === 'project' ? value : { ...value, defaultTeams: undefined, enablePushGroups: undefined }), ...serverErrors }
  const valid = Object.keys(errors).length === 0

  function change(p: Partial<typeof value>) {
    store.getState().editDraft(config.id, p)
    setSavedAt(null)
    if (Object.keys(serverErrors).length) {
      const rest = { ...serverErrors }
      for (const k of Object.keys(p)) delete rest[k]
      setServerErrors(rest)
    }
  }

  async function save() {
    if (!valid || !dirty) return
    setSaving(true)
    setSaveError(null)
    setOtherIssues([])
    try {
      await store.getState().saveConfig(config.id)
      setServerErrors({})
      setSavedAt(Date.now())
    } catch (e) {
      if (e instanceof ControlApiError && e.status === 400 && e.issues.length) {
        setServerErrors(issuesByField(e.issues.filter((i) => CONFIG_FIELDS.includes(String(i.path[0]) as (typeof CONFIG_FIELDS)[number]))))
        setOtherIssues(unplacedIssues(e.issues, CONFIG_FIELDS))
      } else setSaveError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      className="cfg-form"
      aria-label="Config settings"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      {saveError ? <ErrorBanner error={saveError} onDismiss={() => setSaveError(null)} /> : null}
      {otherIssues.length ? (
        <ul className="cfg-issues" role="alert">
          {otherIssues.map((i, n) => (
            <li key={n}>
              <code>{i.path.join('.') || '(body)'}</code>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <ConfigFields
        kind={config.kind}
        value={value}
        onChange={change}
        errors={errors}
        teams={teams}
        configs={configs}
        onCreateTeam={(name) => store.getState().createTeam(config.projectId, { name })}
        disabled={saving}
      />
      <div className={`cfg-form-actions ${dirty ? 'is-dirty' : ''}`}>
        <Button type="submit" variant="primary" disabled={!dirty || !valid || saving}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
        <Button disabled={!dirty || saving} onClick={() => {
          store.getState().revert(config.id)
          setServerErrors({})
          setOtherIssues([])
        }}>
          Revert
        </Button>
        <span className="muted cfg-dirty" role="status">
          {dirty ? `Unsaved changes: ${Object.keys(patch).map(label).join(', ')}` : savedAt ? 'Saved.' : 'Changes apply to the next SCIM request once saved.'}
        </span>
      </div>
    </form>
  )
}

function label(field: string): string {
  return (
    {
      name: 'name',
      description: 'description',
      autoProvisionUsers: 'auto provision',
      autoDeprovisionUsers: 'auto deprovision',
      compatibility: 'compatibility',
      defaultTeams: 'default teams',
      enablePushGroups: 'push groups',
    }[field] ?? field
  )
}
