// The preload hands the renderer nothing but what it needs to find the sandbox; the UI (next issue) talks HTTP.
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('scimSandbox', { platform: process.platform })
