import { useState } from 'react'
import { Button, Field } from '../ui/primitives'

/**
 * Shown when the page was opened without the admin secret (e.g. the URL was typed without `?secret=`): the banner
 * printed the full URL, so pasting it or the secret alone is enough.
 */
export function Connect({ onSecret }: { onSecret: (secret: string) => void }) {
  const [value, setValue] = useState('')
  const secret = (() => {
    try {
      return new URL(value).searchParams.get('secret') ?? ''
    } catch {
      return value.trim()
    }
  })()
  return (
    <div className="connect">
      <form
        className="card connect-card"
        onSubmit={(e) => {
          e.preventDefault()
          if (secret) onSecret(secret)
        }}
      >
        <h1>SCIM Sandbox</h1>
        <p>
          This page needs the sandbox's admin secret. The terminal that started <code>npm run serve</code> printed a UI address
          ending in <code>?secret=…</code>: open that address, or paste it (or just the secret) here.
        </p>
        <Field label="UI address or admin secret">{(id) => <input id={id} value={value} onChange={(e) => setValue(e.target.value)} autoFocus />}</Field>
        <Button type="submit" variant="primary" disabled={!secret}>
          Connect
        </Button>
      </form>
    </div>
  )
}
