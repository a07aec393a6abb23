// The one application window: locked-down web preferences, the saved placement, and the sandbox's UI loaded into it.
import { BrowserWindow, nativeTheme } from 'electron'
import { guardWebContents } from './guards'
import { loadPlacement, rememberWindowState } from './window-memory'
import { MIN_SIZE } from './window-state'

export const WINDOW_TITLE = 'SCIM Sandbox'

export interface MainWindowOptions {
  /** The sandbox's UI URL (local origin + `/?secret=`); the window never leaves its origin. */
  uiUrl: string
  origin: string
  /** Built preload, out/preload/index.cjs. */
  preload: string
  /** <userData>/window-state.json */
  stateFile: string
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const place = loadPlacement(opts.stateFile)
  const win = new BrowserWindow({
    ...(place.x !== undefined && place.y !== undefined ? { x: place.x, y: place.y } : { center: true }),
    width: place.width,
    height: place.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: WINDOW_TITLE,
    // Hidden until the first paint, on the theme's own background, so it never flashes white in dark mode.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })
  // Also done for every webContents by guardAllWebContents; repeated here so this window never depends on event order.
  guardWebContents(win.webContents, opts.origin)
  win.once('ready-to-show', () => {
    // maximize() shows a hidden window by itself, so it waits until there is something to show.
    if (place.maximized) win.maximize()
    win.show()
  })
  rememberWindowState(win, opts.stateFile)
  win.loadURL(opts.uiUrl).catch((e: Error) => console.error(`scim-sandbox: could not load the UI: ${e.message}`))
  return win
}

/** Brings the window to the front (a second launch of the app lands here). */
export function focusWindow(win: BrowserWindow | undefined): void {
  if (!win || win.isDestroyed()) return
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}
