import { useId, useState } from 'react'
import { teamInputSchema, type ScimConfigView, type TeamView } from '@shared/control'
import { ControlApiError } from '../../api/client'
import { validateWith } from '../../ui/form-errors'
import { Button } from '../../ui/primitives'

/**
 * Default teams of a Project SCIM config: a checkbox per team of the project, and "Create team…" inline (the new team
 * is checked at once). Teams a config pushed as SCIM Groups say so.
 */
export function TeamPicker({
  teams,
  configs,
  value,
  onChange,
  onCreateTeam,
  error,
  disabled,
}: {
  teams: TeamView[]
  configs: ScimConfigView[]
  value: string[]
  onChange: (ids: string[]) => void
  onCreateTeam: (name: string) => Promise<TeamView>
  error?: string
  disabled?: boolean
}) {
  const labelId = useId()
  const [adding, setAdding] = useState(false)
  const [name, setName] = useState('')
  const [addError, setAddError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const unknown = value.filter((id) => !teams.some((t) => t.id === id))

  async function create() {
    const err = validateWith(teamInputSchema, { name }).name
    if (err) return setAddError(err)
    setBusy(true)
    try {
      const t = await onCreateTeam(name.trim())
      onChange([...value, t.id])
      setName('')
      setAdding(false)
      setAddError(null)
    } catch (e) {
      setAddError(e instanceof ControlApiError && e.issues[0] ? e.issues[0].message : e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className={`field team-picker ${error ? 'field-invalid' : ''}`}>
      <div className="field-label" id={labelId}>
        Default teams
      </div>
      <div className="team-list" role="group" aria-labelledby={labelId}>
        {teams.length === 0 ? <div className="faint">This project has no teams yet.</div> : null}
        {teams.map((t) => {
          const pushedBy = t.scimConfigId ? (configs.find((c) => c.id === t.scimConfigId)?.name ?? t.scimConfigId) : null
          return (
            <label key={t.id} className="team-option">
              <input
                type="checkbox"
                checked={value.includes(t.id)}
                disabled={disabled}
                onChange={(e) => onChange(e.target.checked ? [...value, t.id] : value.filter((x) => x !== t.id))}
              />
              <span className="team-name">{t.name}</span>
              <span className="faint">{t.memberCount} {t.memberCount === 1 ? 'member' : 'members'}</span>
              {pushedBy ? <span className="badge">pushed by {pushedBy}</span> : null}
            </label>
          )
        })}
        {unknown.map((id) => (
          <label key={id} className="team-option">
            <input type="checkbox" checked disabled={disabled} onChange={() => onChange(value.filter((x) => x !== id))} />
            <span className="team-name mono">{id}</span>
            <span className="badge badge-warn">no such team</span>
          </label>
        ))}
      </div>
      {adding ? (
        <div className="team-add">
          <input
            aria-label="New team name"
            placeholder="Team name"
            value={name}
            autoFocus
            disabled={busy}
            aria-invalid={addError ? true : undefined}
            onChange={(e) => {
              setName(e.target.value)
              setAddError(null)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                void create()
              } else if (e.key === 'Escape') {
                e.stopPropagation()
                setAdding(false)
              }
            }}
          />
          <Button size="sm" variant="primary" disabled={busy} onClick={() => void create()}>
            Add team
          </Button>
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => setAdding(false)}>
            Cancel
          </Button>
          {addError ? (
            <div className="field-error" role="alert">
              {addError}
            </div>
          ) : null}
        </div>
      ) : (
        <div>
          <Button size="sm" variant="ghost" disabled={disabled} onClick={() => setAdding(true)}>
            + Create team…
          </Button>
        </div>
      )}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : (
        <div className="hint">Every account this config provisions is added to these teams.</div>
      )}
    </div>
  )
}
