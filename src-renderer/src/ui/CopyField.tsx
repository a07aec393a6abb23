import { useState } from 'react'
import { Button, CopyButton } from './primitives'
import './extras.css'

/**
 * A read-only value (URL, token, command) in a mono box with its copy button. `secret` masks it until "Show" is
 * pressed; copying always copies the real value.
 */
export function CopyField({
  value,
  copyLabel,
  secret,
  revealed: revealedProp,
  onRevealedChange,
  what,
}: {
  value: string
  /** Accessible name of the copy button, e.g. "Copy base URL". */
  copyLabel: string
  secret?: boolean
  /** Controlled reveal state (e.g. a freshly rotated token starts revealed). */
  revealed?: boolean
  onRevealedChange?: (v: boolean) => void
  /** What the value is, for the Show/Hide button's accessible name ("token" → "Show token"). */
  what?: string
}) {
  const [own, setOwn] = useState(false)
  const revealed = revealedProp ?? own
  const setRevealed = onRevealedChange ?? setOwn
  const shown = secret && !revealed ? mask(value) : value
  return (
    <div className="copy-field">
      <span title={secret && !revealed ? undefined : value} data-testid={secret ? 'secret-value' : undefined}>
        {shown}
      </span>
      {secret ? (
        <Button size="sm" variant="ghost" aria-label={`${revealed ? 'Hide' : 'Show'} ${what ?? 'value'}`} onClick={() => setRevealed(!revealed)}>
          {revealed ? 'Hide' : 'Show'}
        </Button>
      ) : null}
      <CopyButton text={value} label={copyLabel} />
    </div>
  )
}

/** Keeps a short prefix to tell tokens apart, as the log's redaction does. */
export function mask(value: string): string {
  const scheme = /^(Bearer|Basic) /.exec(value)
  if (scheme) return `${scheme[0]}${mask(value.slice(scheme[0].length))}`
  const keep = Math.min(4, Math.floor(value.length / 4))
  return `${value.slice(0, keep)}${'•'.repeat(Math.max(8, Math.min(24, value.length - keep)))}`
}
