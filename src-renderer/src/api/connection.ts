import { BRIDGE_GLOBAL, type SandboxBridge } from '@shared/bridge'
import type { Connection } from './client'

const SECRET_KEY = 'scim-sandbox:secret'

function bridge(): SandboxBridge | undefined {
  return (globalThis as unknown as Record<string, SandboxBridge | undefined>)[BRIDGE_GLOBAL]
}

/**
 * Where the sandbox is and its admin secret: from the Electron preload when there is one, else from the page's own
 * origin and the `?secret=` the banner printed. The secret is moved out of the address bar (so it is not left in
 * history or screenshots) into sessionStorage, so a reload keeps working.
 */
export function resolveConnection(loc: Location = location, storage: Storage = sessionStorage): Connection | null {
  const b = bridge()
  if (b) return { origin: b.origin, adminSecret: b.adminSecret }
  const params = new URLSearchParams(loc.search)
  const fromUrl = params.get('secret')
  if (fromUrl) {
    storage.setItem(SECRET_KEY, fromUrl)
    params.delete('secret')
    const rest = params.toString()
    history.replaceState(null, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`)
    return { origin: '', adminSecret: fromUrl }
  }
  const stored = storage.getItem(SECRET_KEY)
  return stored ? { origin: '', adminSecret: stored } : null
}

export function rememberSecret(secret: string, storage: Storage = sessionStorage) {
  storage.setItem(SECRET_KEY, secret)
}

/**
 * Saves text to a file: the OS save dialog in Electron, a download in a browser.
 * Resolves to a description of where it went, or null when the user cancelled.
 */
export async function saveTextFile(defaultName: string, content: string, mimeType = 'application/json'): Promise<string | null> {
  const b = bridge()
  if (b) {
    const ext = defaultName.split('.').pop() ?? 'json'
    return b.saveFile({ defaultName, content, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] })
  }
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }))
  const a = document.createElement('a')
  a.href = url
  a.download = defaultName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return defaultName
}

/** Opens a link outside the app (the OS browser in Electron, a new tab in a browser). */
export function openExternal(url: string) {
  const b = bridge()
  if (b) void b.openExternal(url)
  else window.open(url, '_blank', 'noopener,noreferrer')
}
