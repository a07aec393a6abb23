import { useEffect, useId, useRef, useState, type ComponentProps, type ReactNode } from 'react'
import { ControlApiError } from '../api/client'

/** Small shared building blocks; screen-specific pieces live in their feature folder. */

type ButtonProps = ComponentProps<'button'> & { variant?: 'primary' | 'danger' | 'ghost' | 'default'; size?: 'sm' | 'md' }
export function Button({ variant = 'default', size = 'md', className = '', type = 'button', ...rest }: ButtonProps) {
  return <button type={type} className={`btn btn-${variant} btn-${size} ${className}`} {...rest} />
}

export type CopyState = 'idle' | 'copied' | 'failed'

/** Copies text and remembers for a moment whether it worked, so a button can say so. */
export function useCopy(): [CopyState, (text: string) => void] {
  const [state, setState] = useState<CopyState>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const t = setTimeout(() => setState('idle'), 1500)
    return () => clearTimeout(t)
  }, [state])
  const copy = (text: string) =>
    void copyText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    )
  return [state, copy]
}

/** Copies text to the clipboard and says so for a moment; the label names what is copied for screen readers. */
export function CopyButton({ text, label, className = '' }: { text: string; label: string; className?: string }) {
  const [state, copy] = useCopy()
  return (
    <Button size="sm" variant="ghost" className={`copy-btn ${className}`} aria-label={label} title={label} onClick={() => copy(text)}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </Button>
  )
}

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text)
  // Clipboard API is absent on plain-http origins other than localhost; the old way still works there.
  const ta = document.createElement('textarea')
  ta.value = text
  document.body.append(ta)
  ta.select()
  const ok = document.execCommand?.('copy')
  ta.remove()
  if (!ok) throw new Error('copy refused')
}

export function Toggle({ label, checked, onChange, disabled, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean; hint?: ReactNode }) {
  const id = useId()
  return (
    <div className="toggle-row">
      <label className="toggle" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        <span className="toggle-track" aria-hidden="true" />
        <span className="toggle-label">{label}</span>
      </label>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  )
}

/** A labelled form control with its inline error. */
export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: ReactNode; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId()
  const errId = `${id}-err`
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, error ? errId : undefined)}
      {error ? (
        <div className="field-error" id={errId} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="hint">{hint}</div>
      ) : null}
    </div>
  )
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  )
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <div className="state-title">{title}</div>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  )
}

/** A server error, shown as the server said it — never swallowed. */
export function ErrorBanner({ error, onRetry, onDismiss }: { error: unknown; onRetry?: () => void; onDismiss?: () => void }) {
  const e = error instanceof ControlApiError ? error : null
  const msg = error instanceof Error ? error.message : String(error)
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>{e ? (e.status === 0 ? 'Cannot reach the sandbox' : `The sandbox answered ${e.status}`) : 'Something went wrong'}</strong>
        <span className="banner-msg">{msg}</span>
      </div>
      <div className="banner-actions">
        {onRetry ? (
          <Button size="sm" onClick={onRetry}>
            Retry
          </Button>
        ) : null}
        {onDismiss ? (
          <Button size="sm" variant="ghost" onClick={onDismiss} aria-label="Dismiss error">
            ×
          </Button>
        ) : null}
      </div>
    </div>
  )
}

/** A modal confirmation; Escape cancels, focus starts on Cancel so Enter never destroys by accident. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  const cancelRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  useEffect(() => {
    cancelRef.current?.focus()
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onCancel])
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>{title}</h2>
        <div className="modal-body">{children}</div>
        <div className="modal-actions">
          <Button ref={cancelRef} onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  )
}
