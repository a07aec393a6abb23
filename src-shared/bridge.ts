/**
 * What the Electron preload exposes to the renderer as `window.scimSandbox`, and nothing more: where the sandbox is,
 * and the native helpers a desktop app needs. In a plain browser it is absent and the renderer falls back to the
 * page's own origin, the `?secret=` of its URL, and a download link.
 */
export interface SandboxBridge {
  /** The sandbox's local origin, e.g. http://127.0.0.1:53211 */
  origin: string
  /** The control API's admin secret. */
  adminSecret: string
  platform: string
  /** Shows the OS save dialog and writes the file; resolves to the chosen path, or null when cancelled. */
  saveFile(request: SaveFileRequest): Promise<string | null>
  /** Opens an http(s) link in the OS browser. */
  openExternal(url: string): Promise<void>
}

export interface SaveFileRequest {
  defaultName: string
  content: string
  /** e.g. [{ name: 'HAR', extensions: ['har'] }] */
  filters?: { name: string; extensions: string[] }[]
}

export const BRIDGE_GLOBAL = 'scimSandbox'
/** IPC channels between preload and main (invoke/handle). */
export const BRIDGE_CHANNELS = { connection: 'scim-sandbox:connection', saveFile: 'scim-sandbox:save-file', openExternal: 'scim-sandbox:open-external' } as const
