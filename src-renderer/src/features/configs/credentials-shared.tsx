// Pieces the credentials tabs share: loading lists, a secret shown once, confirmations, checkbox groups.
import { useCallback, useEffect, useState, type ReactNode } from 'react'

import { permissionSchema } from '@shared/workspace'
import { ControlApiError } from '../../api/client'
import { CopyField } from '../../ui/CopyField'
import { issuesByField, type FieldErrors } from '../../ui/form-errors'
import { Button, ConfirmDialog, ErrorBanner, Loading } from '../../ui/primitives'

// ——— shared pieces ———

export type Loaded<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T }

/** Loads with `load` whenever `key` changes; `reload` fetches again keeping what is shown. */
export function useLoaded<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => Promise<void>] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' })
  const run = useCallback(() => load().then((data) => setState({ status: 'ready', data }), (error: unknown) => setState({ status: 'error', error })), [key])
  useEffect(() => {
    setState({ status: 'loading' })
    void run()
  }, [run])
  return [state, run]
}

export function Listed<T>({ state, what, reload, empty, children }: { state: Loaded<T[]>; what: string; reload: () => void; empty: ReactNode; children: (data: T[]) => ReactNode }) {
  if (state.status === 'loading') return <Loading what={what} />
  if (state.status === 'error') return <ErrorBanner error={state.error} onRetry={reload} />
  if (state.data.length === 0) return <>{empty}</>
  return <>{children(state.data)}</>
}

/** A new secret, shown this once with its copy button; Done hides it for good. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
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

export const fieldErrorsOf = (e: unknown): FieldErrors | null => (e instanceof ControlApiError && e.status === 400 && e.issues.length ? issuesByField(e.issues) : null)

export type Confirm = { title: string; body: ReactNode; label: string; run: () => Promise<void> }

/** A destructive action asked first; its failure shows the server's message. */
export function useConfirm(): [ReactNode, (c: Confirm) => void, unknown, (e: unknown) => void] {
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

export function Checks<T extends string>({ legend, options, value, onChange, error }: { legend: string; options: readonly T[]; value: T[]; onChange: (v: T[]) => void; error?: string }) {
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

/** A timestamp to the minute, for dense tables. */
export const day = (iso: string) => iso.slice(0, 16).replace('T', ' ')

/** Every permission an API key can carry (PRODUCT.md §2.1). */
export const PERMISSIONS = permissionSchema.options


/** A small button whose action is asked first (`ask` is the confirm of useConfirm); `text` shows, `label` confirms. */
export function AskFirst(p: { ask: (c: Confirm) => void; name: string; text?: string; label: string; title: string; body: ReactNode; run: () => Promise<void> }) {
  return (
    <Button size="sm" variant="ghost" aria-label={p.name} onClick={() => p.ask({ title: p.title, body: p.body, label: p.label, run: p.run })}>
      {p.text ?? p.label}
    </Button>
  )
}
