import { useId } from 'react'
import type { ScimConfigView, TeamView } from '@shared/control'
import type { FieldErrors } from '../../ui/form-errors'
import { Field, Toggle } from '../../ui/primitives'
import type { ConfigDraft } from './store'
import { TeamPicker } from './TeamPicker'

export const COMPATIBILITY_HELP = {
  tolerant: 'accepts what Okta and Entra ID really send: capitalised ops, "False" strings, dotted keys, Entra\'s legacy member remove…',
  strict: 'answers each of those non-RFC shapes with the RFC 7644 error, to test a client against the letter of the RFC.',
} as const

/** The settings both the editor and the "New SCIM config" form show, with inline errors per field. */
export function ConfigFields({
  kind,
  value,
  onChange,
  errors,
  teams,
  configs,
  onCreateTeam,
  disabled,
}: {
  kind: 'project' | 'statusPage'
  value: ConfigDraft
  onChange: (patch: Partial<ConfigDraft>) => void
  errors: FieldErrors
  teams: TeamView[]
  configs: ScimConfigView[]
  onCreateTeam: (name: string) => Promise<TeamView>
  disabled?: boolean
}) {
  const compatName = useId()
  return (
    <div className="cfg-fields">
      <div className="cfg-col">
        <Field label="Name" error={errors.name}>
          {(id, d) => (
            <input id={id} aria-describedby={d} aria-invalid={errors.name ? true : undefined} value={value.name} disabled={disabled} onChange={(e) => onChange({ name: e.target.value })} />
          )}
        </Field>
        <Field label="Description" error={errors.description} hint="Optional; for the people sharing this sandbox.">
          {(id, d) => (
            <textarea
              id={id}
              className="cfg-desc"
              rows={2}
              aria-describedby={d}
              aria-invalid={errors.description ? true : undefined}
              value={value.description}
              disabled={disabled}
              onChange={(e) => onChange({ description: e.target.value })}
            />
          )}
        </Field>
        <fieldset className="cfg-compat" disabled={disabled}>
          <legend>Compatibility</legend>
          {(['tolerant', 'strict'] as const).map((c) => (
            <label key={c} className="radio-row">
              <input type="radio" name={compatName} value={c} checked={value.compatibility === c} onChange={() => onChange({ compatibility: c })} />
              <span>
                <strong>{c === 'tolerant' ? 'Tolerant' : 'Strict'}</strong> <span className="muted">— {COMPATIBILITY_HELP[c]}</span>
              </span>
            </label>
          ))}
          {errors.compatibility ? (
            <div className="field-error" role="alert">
              {errors.compatibility}
            </div>
          ) : null}
        </fieldset>
      </div>
      <div className="cfg-col">
        <Toggle
          label="Auto provision users"
          checked={value.autoProvisionUsers}
          disabled={disabled}
          onChange={(v) => onChange({ autoProvisionUsers: v })}
          hint={
            kind === 'project'
              ? 'POST /Users links to the account with that email (made if none) and adds it to the default teams. Off: 403.'
              : 'POST /Users gives the person with that email access as a private user of the status page. Off: 403.'
          }
        />
        <Toggle
          label="Auto deprovision users"
          checked={value.autoDeprovisionUsers}
          disabled={disabled}
          onChange={(v) => onChange({ autoDeprovisionUsers: v })}
          hint={
            kind === 'project'
              ? 'active:false or DELETE takes the account out of this config\u2019s teams; the account stays. Off: memberships stay.'
              : 'active:false or DELETE revokes the private user\u2019s access; the private user stays.'
          }
        />
        {kind === 'project' ? (
          <>
            <Toggle
              label="Push groups"
              checked={value.enablePushGroups}
              disabled={disabled}
              onChange={(v) => onChange({ enablePushGroups: v })}
              hint="SCIM Groups become project teams (create, rename, members, delete). Off: /Groups requests are refused."
            />
            <TeamPicker
              teams={teams}
              configs={configs}
              value={value.defaultTeams}
              onChange={(ids) => onChange({ defaultTeams: ids })}
              onCreateTeam={onCreateTeam}
              error={errors.defaultTeams}
              disabled={disabled}
            />
          </>
        ) : (
          <div className="hint cfg-sp-note">Status Page SCIM serves Users only: no groups, no teams (Groups answer 404).</div>
        )}
      </div>
    </div>
  )
}
