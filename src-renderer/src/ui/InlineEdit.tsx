import { useState, type ReactNode } from 'react'
import type { z } from 'zod'
import { ControlApiError } from '../api/client'
import { validateWith } from './form-errors'
import { Button } from './primitives'
import './extras.css'

/**
 * A name with a "Rename" button that turns into an input (Enter saves, Escape cancels). The new value is checked with
 * the server's own schema first; a server error (400 issue or otherwise) shows under the input.
 */
export function InlineEdit({
  value,
  what,
  schema,
  field = 'name',
  onSave,
  children,
}: {
  value: string
  /** Names the thing for accessible labels: "project Acme" → "Rename project Acme". */
  what: string
  /** The patch schema, e.g. projectPatchSchema; validated as `{ [field]: value }`. */
  schema: z.ZodType
  field?: string
  onSave: (value: string) => Promise<void>
  children?: ReactNode
}) {
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(value)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const check = (v: string) => validateWith(schema, { [field]: v })[field] ?? null

  async function save() {
    const err = check(text)
    if (err) return setError(err)
    if (text.trim() === value) return setEditing(false)
    setBusy(true)
    try {
      await onSave(text.trim())
      setEditing(false)
      setError(null)
    } catch (e) {
      const issue = e instanceof ControlApiError ? e.issues[0]?.message : undefined
      setError(issue ?? (e instanceof Error ? e.message : String(e)))
    } finally {
      setBusy(false)
    }
  }

  if (!editing) {
    return (
      <span className="inline-edit">
        <span className="inline-edit-value">{children ?? value}</span>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Rename ${what}`}
          title={`Rename ${what}`}
          onClick={() => {
            setText(value)
            setError(null)
            setEditing(true)
          }}
        >
          Rename
        </Button>
      </span>
    )
  }
  return (
    <span className="inline-edit inline-edit-editing">
      <span className="inline-edit-input">
        <input
          aria-label={`New name for ${what}`}
          aria-invalid={error ? true : undefined}
          value={text}
          autoFocus
          disabled={busy}
          onChange={(e) => {
            setText(e.target.value)
            setError(check(e.target.value))
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              void save()
            } else if (e.key === 'Escape') {
              e.stopPropagation()
              setEditing(false)
            }
          }}
        />
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </span>
      <Button size="sm" variant="primary" disabled={busy} onClick={() => void save()}>
        Save
      </Button>
      <Button size="sm" disabled={busy} onClick={() => setEditing(false)}>
        Cancel
      </Button>
    </span>
  )
}
