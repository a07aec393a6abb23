// The main-process half of the preload bridge (src-shared/bridge.ts): connection details, save dialog, external links.
// Every channel answers only the sandbox page in the main window's top frame; anything else is refused.
import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { z } from 'zod'
import { BRIDGE_CHANNELS } from '@shared/bridge'
import { isExternalHttpUrl, isSameOrigin } from './guards'

/** In UTF-16 units (what zod counts). A HAR of a long session can be large; far beyond this it is a bug, not an export. */
export const MAX_SAVE_CHARS = 200 * 1024 * 1024

export const SaveFileRequestSchema = z.strictObject({
  defaultName: z.string().min(1).max(255),
  content: z.string().max(MAX_SAVE_CHARS),
  filters: z
    .array(z.strictObject({ name: z.string().min(1).max(100), extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9_.-]{1,20})$/)).min(1).max(20) }))
    .max(20)
    .optional(),
})

/** What the preload gets from the connection channel. */
export interface ConnectionDetails {
  origin: string
  adminSecret: string
}

export interface BridgeOptions {
  /** The sandbox's local origin, e.g. http://127.0.0.1:53211 */
  origin: string
  adminSecret: string
  /** The window whose page may use the bridge (it can be recreated on macOS, so asked each time). */
  mainWindow: () => BrowserWindow | undefined
  /** Folder the save dialog starts in. */
  defaultDir: () => string
}

export class BridgeRefused extends Error {}

/** True when the message comes from the sandbox page in the main window's top frame. */
export function fromSandboxPage(event: IpcMainEvent | IpcMainInvokeEvent, opts: BridgeOptions): boolean {
  const win = opts.mainWindow()
  const frame = event.senderFrame
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false
  if (!frame || frame.parent !== null) return false
  return isSameOrigin(frame.url, opts.origin)
}

export function registerBridgeIpc(opts: BridgeOptions): void {
  ipcMain.on(BRIDGE_CHANNELS.connection, (event) => {
    // sendSync must always get a returnValue, or the page hangs; null tells the preload to expose nothing.
    event.returnValue = fromSandboxPage(event, opts) ? ({ origin: opts.origin, adminSecret: opts.adminSecret } satisfies ConnectionDetails) : null
  })

  ipcMain.handle(BRIDGE_CHANNELS.saveFile, async (event, raw: unknown): Promise<string | null> => {
    if (!fromSandboxPage(event, opts)) throw new BridgeRefused('saveFile is only for the sandbox page')
    const parsed = SaveFileRequestSchema.safeParse(raw)
    if (!parsed.success) throw new BridgeRefused(`saveFile: bad request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'} ${i.message}`).join('; ')}`)
    const req = parsed.data
    const win = opts.mainWindow()!
    // The page proposes a name, never a folder: the dialog starts in the user's downloads.
    const options = { defaultPath: join(opts.defaultDir(), basename(req.defaultName.replace(/\\/g, '/'))), filters: req.filters }
    const result = await dialog.showSaveDialog(win, options)
    if (result.canceled || !result.filePath) return null
    await writeFile(result.filePath, req.content, 'utf8')
    return result.filePath
  })

  ipcMain.handle(BRIDGE_CHANNELS.openExternal, async (event, url: unknown): Promise<void> => {
    if (!fromSandboxPage(event, opts)) throw new BridgeRefused('openExternal is only for the sandbox page')
    if (typeof url !== 'string' || url.length > 8192 || !isExternalHttpUrl(url)) throw new BridgeRefused('openExternal opens http(s) links only')
    await shell.openExternal(url)
  })
}
