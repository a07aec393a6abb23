// The Electron shell's entry and lifecycle. The only folder that imports 'electron' is this one; the sandbox itself is
// the same startSandbox() the headless mode runs, and the window shows its UI over HTTP like a browser would.
import { app, BrowserWindow, dialog, session } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox, type Sandbox } from '../server/sandbox'
import { enforceCsp } from './csp'
import { guardAllWebContents } from './guards'
import { registerBridgeIpc } from './ipc'
import { installMenu } from './menu'
import { denyPermissions } from './permissions'
import { createMainWindow, focusWindow } from './window'

// Built as ESM (out/main/index.js), which has no __dirname; renderer and preload are its siblings under out/.
const here = fileURLToPath(new URL('.', import.meta.url))
/** A sandbox that will not close must not keep the app from quitting. */
const CLOSE_TIMEOUT_MS = 10_000

let sandbox: Sandbox | undefined
let mainWindow: BrowserWindow | undefined
let closing: Promise<void> | undefined
let closed = false

/** Closes the sandbox once (its storage flushes the workspace), however many quit paths ask. */
function closeSandbox(): Promise<void> {
  closing ??= (async () => {
    try {
      if (sandbox) await Promise.race([sandbox.close(), new Promise((ok) => setTimeout(ok, CLOSE_TIMEOUT_MS).unref())])
    } catch (e) {
      console.error(`scim-sandbox: closing the sandbox failed: ${(e as Error).message}`)
    } finally {
      closed = true
    }
  })()
  return closing
}

function fail(title: string, e: unknown, dataFile?: string): void {
  const detail = dataFile ? `\n\nWorkspace file: ${dataFile}\nThe file was left as it is.` : ''
  dialog.showErrorBox(title, `${(e as Error)?.message ?? String(e)}${detail}`)
  app.quit()
}

function openWindow(sb: Sandbox, origin: string): void {
  mainWindow = createMainWindow({
    uiUrl: sb.uiUrl,
    origin,
    preload: join(here, '../preload/index.cjs'),
    stateFile: join(app.getPath('userData'), 'window-state.json'),
  })
  mainWindow.on('closed', () => (mainWindow = undefined))
}

async function start(): Promise<void> {
  const dataFile = join(app.getPath('userData'), 'workspace.json')
  try {
    // Port 0: a desktop app must not fail because a port is taken; the window is told the real one. The request log
    // goes beside the workspace (<workspace>.log.ndjson), as startSandbox always does.
    sandbox = await startSandbox({ port: 0, dataFile, rendererDir: join(here, '../renderer') })
  } catch (e) {
    // Typically a WorkspaceFileError (unreadable or inconsistent workspace): say so and stop. Starting over would
    // overwrite the user's data, so that is left to them (`npm run serve -- --reset`, or moving the file away).
    fail('SCIM Sandbox could not start', e, dataFile)
    return
  }
  const sb = sandbox
  // The local origin (uiUrl's), which is what the window loads even when the sandbox has a public URL.
  const origin = new URL(sb.uiUrl).origin
  enforceCsp(session.defaultSession, origin)
  denyPermissions(session.defaultSession, origin)
  guardAllWebContents(app, origin)
  registerBridgeIpc({ origin, adminSecret: sb.adminSecret, mainWindow: () => mainWindow, defaultDir: () => app.getPath('downloads') })
  installMenu()
  openWindow(sb, origin)
  // macOS: clicking the dock icon with no window open brings one back.
  app.on('activate', () => {
    if (!closing && BrowserWindow.getAllWindows().length === 0) openWindow(sb, origin)
  })
}

if (!app.requestSingleInstanceLock()) {
  // Two processes on one workspace file would corrupt it; the first one gets focused instead (below).
  app.quit()
} else {
  app.on('second-instance', () => focusWindow(mainWindow))
  // Quit with the last window on every platform, macOS included: the sandbox is the window's server, an app with
  // no window would keep a port open and the workspace locked with nothing on screen to say so or to stop it.
  app.on('window-all-closed', () => {
    void closeSandbox().then(() => app.quit())
  })
  // Cmd+Q, the menu's Quit, or the OS shutting down: hold the quit until the workspace is flushed, then quit for real.
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    void closeSandbox().then(() => app.quit())
  })
  app.whenReady().then(start).catch((e: unknown) => fail('SCIM Sandbox failed', e))
}
