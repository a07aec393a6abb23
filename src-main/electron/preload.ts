// The preload (sandboxed, built to CJS): hands the renderer `window.scimSandbox` — the SandboxBridge of
// src-shared/bridge.ts and nothing more. It imports only 'electron' and that file's constants (bundled in), because a
// sandboxed preload can require no other module.
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_CHANNELS, BRIDGE_GLOBAL, type SandboxBridge, type SaveFileRequest } from '@shared/bridge'

// Connection details come by one sendSync at load, not by webPreferences.additionalArguments: those end up on the
// renderer process's command line, which other local users can read (ps, /proc/<pid>/cmdline), and the admin secret
// must not be there. One blocking round trip of a few bytes before the page's scripts run costs nothing, and the bridge
// can then offer `origin` and `adminSecret` as plain properties. Main answers null to anything but the sandbox page.
const connection: unknown = ipcRenderer.sendSync(BRIDGE_CHANNELS.connection)

function isConnection(v: unknown): v is { origin: string; adminSecret: string } {
  const c = v as { origin?: unknown; adminSecret?: unknown } | null
  return typeof c === 'object' && c !== null && typeof c.origin === 'string' && typeof c.adminSecret === 'string'
}

if (isConnection(connection)) {
  const bridge: SandboxBridge = {
    origin: connection.origin,
    adminSecret: connection.adminSecret,
    platform: process.platform,
    // Wrappers pass exactly one argument, so the page cannot smuggle extra ones to main.
    saveFile: (request: SaveFileRequest) => ipcRenderer.invoke(BRIDGE_CHANNELS.saveFile, request) as Promise<string | null>,
    openExternal: async (url: string) => {
      await ipcRenderer.invoke(BRIDGE_CHANNELS.openExternal, url)
    },
  }
  contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
}
// Otherwise expose nothing: the renderer then behaves as in a browser (origin and ?secret= from its own URL).
