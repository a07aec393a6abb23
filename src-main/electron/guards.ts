// What a web page inside the app may do with navigation and windows: stay on the sandbox's own origin, nothing else.
import { shell, type App, type WebContents } from 'electron'

/** Exact origin comparison of parsed URLs: `http://127.0.0.1:5000.evil.com` is not `http://127.0.0.1:5000`. */
export function isSameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin
  } catch {
    return false
  }
}

/** Only http(s) links leave the app for the OS browser; file:, javascript:, custom schemes and the like never do. */
export function isExternalHttpUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

const guarded = new WeakSet<WebContents>()

/**
 * Attaches the rules to one webContents (idempotent): navigation and redirects only within `origin`, no new windows
 * (an http(s) target opens in the OS browser instead), no <webview>.
 */
export function guardWebContents(contents: WebContents, origin: string): void {
  if (guarded.has(contents)) return
  guarded.add(contents)
  contents.on('will-navigate', (event) => {
    if (!isSameOrigin(event.url, origin)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isSameOrigin(event.url, origin)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalHttpUrl(url)) void shell.openExternal(url).catch(() => undefined)
    return { action: 'deny' }
  })
}

/** Every webContents the app ever creates (windows, devtools, anything a future feature adds) gets the same rules. */
export function guardAllWebContents(app: App, origin: string): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origin))
}
