// The electron side of window-state.ts: read the saved state against the real displays, and save it as the window changes.
import { screen, type BrowserWindow } from 'electron'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseWindowState, placeWindow, serializeWindowState, type Placement } from './window-state'

const SAVE_DELAY_MS = 500

export function loadPlacement(file: string): Placement {
  let text: string | undefined
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    text = undefined // first run, or unreadable: either way the default window
  }
  return placeWindow(parseWindowState(text), screen.getAllDisplays().map((d) => d.workArea))
}

function save(win: BrowserWindow, file: string): void {
  if (win.isDestroyed()) return
  // The normal bounds, so a maximized window comes back to its old size when un-maximized next run.
  const b = win.getNormalBounds()
  const text = serializeWindowState({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() })
  try {
    mkdirSync(dirname(file), { recursive: true })
    // tmp + rename: a crash mid-write leaves the old state, never a half file.
    writeFileSync(`${file}.tmp`, text)
    renameSync(`${file}.tmp`, file)
  } catch (e) {
    console.warn(`scim-sandbox: could not save the window state to ${file}: ${(e as Error).message}`)
  }
}

/** Saves the window's state to `file` a moment after it moves or resizes, and at once when it closes. */
export function rememberWindowState(win: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | undefined
  const later = () => {
    clearTimeout(timer)
    timer = setTimeout(() => save(win, file), SAVE_DELAY_MS)
  }
  win.on('resize', later)
  win.on('move', later)
  win.on('maximize', later)
  win.on('unmaximize', later)
  win.on('close', () => {
    clearTimeout(timer)
    save(win, file)
  })
}
