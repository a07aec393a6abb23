// The only folder that imports 'electron'. It starts the same sandbox the headless mode runs and shows its UI.
import { app, BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox, type Sandbox } from '../server/sandbox'

let sandbox: Sandbox | undefined
// main is built as ESM, which has no __dirname.
const here = fileURLToPath(new URL('.', import.meta.url))

async function createWindow() {
  // Port 0: a desktop app must not fail because 7643 is taken; the window is told the real port.
  sandbox = await startSandbox({ port: 0, dataFile: join(app.getPath('userData'), 'workspace.json'), rendererDir: join(here, '../renderer') })
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'SCIM Sandbox',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  // Links leave the app for the OS browser; the window itself never navigates away from the sandbox.
  win.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(sandbox!.origin)) e.preventDefault()
  })
  await win.loadURL(sandbox.uiUrl)
}

app.whenReady().then(createWindow, (e) => {
  console.error(e)
  app.quit()
})
app.on('window-all-closed', () => {
  void sandbox?.close().finally(() => app.quit())
})
