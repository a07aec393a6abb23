// The request log's capacity: the one setting that applies without a restart.
import { useEffect, useRef, useState } from 'react'
import { useStore } from 'zustand'
import { settingsPatchSchema } from '@shared/control'
import { ControlApiError } from '../../api/client'
import { validateWith } from '../../ui/form-errors'
import { Button, ErrorBanner, Field } from '../../ui/primitives'
import { useSettingsStore } from './store'
import { formatCount } from './ServerCards'

export function LogCapacityCard() {
  const store = useSettingsStore()
  const settings = useStore(store, (s) => s.settings)!
  const [text, setText] = useState(String(settings.logCapacity))
  // Follow a change made elsewhere (another window, a reload) unless the user is editing the field.
  const synced = useRef(settings.logCapacity)
  useEffect(() => {
    if (synced.current === settings.logCapacity) return
    setText((t) => (t.trim() === String(synced.current) ? String(settings.logCapacity) : t))
    synced.current = settings.logCapacity
  }, [settings.logCapacity])
  const [serverError, setServerError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)
  const dirty = text.trim() !== String(settings.logCapacity)
  const value = Number(text.trim())
  const localError = text.trim() === '' || Number.isNaN(value) ? 'enter a number of entries' : (validateWith(settingsPatchSchema, { logCapacity: value }).logCapacity ?? null)
  const fieldError = localError ?? serverError

  async function save() {
    if (localError || !dirty) return
    setBusy(true)
    setError(null)
    try {
      await store.getState().updateLogCapacity(value)
      setSaved(true)
    } catch (e) {
      if (e instanceof ControlApiError && e.status === 400 && e.issues.length) setServerError(e.issues.map((i) => i.message).join('; '))
      else setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card set-card" aria-label="Request log">
      <h2>Request log</h2>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <form
        className="set-capacity"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field label="Entries kept in memory" error={fieldError ?? undefined} hint={`100 to ${formatCount(Math.min(200_000, settings.maxLogCapacity))}; applies at once, no restart (at start: --log-capacity).`}>
          {(id, d) => (
            <input
              id={id}
              type="number"
              min={100}
              max={200000}
              step={1000}
              aria-describedby={d}
              aria-invalid={fieldError ? true : undefined}
              value={text}
              disabled={busy}
              onChange={(e) => {
                setText(e.target.value)
                setServerError(null)
                setSaved(false)
              }}
            />
          )}
        </Field>
        <div className="set-actions">
          <Button type="submit" variant="primary" disabled={busy || !dirty || !!localError}>
            {busy ? 'Saving…' : 'Save'}
          </Button>
          <Button
            disabled={busy || !dirty}
            onClick={() => {
              setText(String(settings.logCapacity))
              setServerError(null)
            }}
          >
            Revert
          </Button>
          {saved && !dirty ? (
            <span className="muted" role="status">
              Saved: the log keeps {formatCount(settings.logCapacity)} entries.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  )
}

