// The UI's Content-Security-Policy, enforced by the shell too: the server sends it, but a page served without it
// (a new route, a static file someone adds) must not run under a looser policy inside the app.
import type { OnHeadersReceivedListenerDetails, Session } from 'electron'
import { UI_CSP } from '@shared/csp'
import { isSameOrigin } from './guards'

/** The response headers with UI_CSP set (any other Content-Security-Policy from the sandbox replaced), or unchanged for other origins. */
export function withCsp(details: Pick<OnHeadersReceivedListenerDetails, 'url' | 'responseHeaders'>, origin: string): Record<string, string[]> | undefined {
  if (!isSameOrigin(details.url, origin)) return details.responseHeaders
  const headers: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    // Header names are case-insensitive; two spellings would mean two policies, and the looser one must not survive.
    if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
  }
  headers['Content-Security-Policy'] = [UI_CSP]
  return headers
}

export function enforceCsp(session: Session, origin: string): void {
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details, origin) }))
}
