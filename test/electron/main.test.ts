// The whole shell with a fake 'electron' and a real sandbox: main.ts is imported afresh for each scenario, as a launch.
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BRIDGE_CHANNELS } from '@shared/bridge'
import { UI_CSP } from '@shared/csp'
import { resetFake, type Fake, type FakeBrowserWindow } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule())

const SRC_ELECTRON = resolve(__dirname, '../../src-main/electron')

describe('main (Electron shell)', () => {
  let f: Fake
  let userData: string
  let downloads: string

  /** Runs main.ts's top level, as a launch does, and waits for the window (or the error box). */
  async function launch(): Promise<FakeBrowserWindow | undefined> {
    vi.resetModules()
    await import('../../src-main/electron/main')
    await vi.waitFor(() => expect(f.windows.length + f.dialog.showErrorBox.mock.calls.length + (f.app.quitted ? 1 : 0)).toBeGreaterThan(0), { timeout: 20_000 })
    return f.windows[0]
  }
  /** Closes the last window the way a user does and waits for the quit to go through. */
  async function closeAll() {
    for (const w of [...f.windows]) w.close()
    await vi.waitFor(() => expect(f.app.quitted).toBe(true), { timeout: 20_000 })
  }
  const uiUrlOf = (win: FakeBrowserWindow) => win.loadURL.mock.calls[0]![0] as string

  beforeEach(async () => {
    userData = await mkdtemp(join(tmpdir(), 'scim-sandbox-electron-'))
    downloads = join(userData, 'Downloads')
    f = resetFake({ userData, downloads })
  })
  afterEach(async () => {
    // Whatever a test left open: quit, so the sandbox closes and the folder can go.
    if (!f.app.quitted) f.app.quit()
    await vi.waitFor(() => expect(f.app.quitted).toBe(true), { timeout: 20_000 })
    await rm(userData, { recursive: true, force: true })
  })

  it('opens one locked-down window with the preload, hidden until ready, themed and sized', async () => {
    const win = (await launch())!
    expect(f.windows).toHaveLength(1)
    const o = win.options
    expect(o.webPreferences).toEqual({
      preload: join(SRC_ELECTRON, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    })
    // Connection details travel by IPC, not on the renderer's command line.
    expect(o.webPreferences.additionalArguments).toBeUndefined()
    expect(o).toMatchObject({ show: false, title: 'SCIM Sandbox', minWidth: 960, minHeight: 600, width: 1280, height: 800, center: true, backgroundColor: '#ffffff' })
    expect(win.visible).toBe(false)
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
    expect(f.app.getPath).toHaveBeenCalledWith('userData')
  })

  it('dark theme → dark background', async () => {
    f.darkMode = true
    const win = (await launch())!
    expect(win.options.backgroundColor).toBe('#1e1f22')
  })

  it('loads the sandbox UI from a real sandbox on a free port, with its workspace and log in userData', async () => {
    const win = (await launch())!
    const url = new URL(uiUrlOf(win))
    expect(url.hostname).toBe('127.0.0.1')
    expect(Number(url.port)).toBeGreaterThan(0)
    expect(url.pathname).toBe('/')
    const secret = url.searchParams.get('secret')!
    expect(secret.length).toBeGreaterThan(10)

    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const info = await fetch(new URL('/_sandbox/api/info', url), { headers: { Authorization: `Bearer ${secret}` } })
    expect(info.status).toBe(200)
    expect((await info.json()).workspaceFile).toBe(join(userData, 'workspace.json'))
    expect(existsSync(join(userData, 'workspace.json'))).toBe(true)
    expect(existsSync(join(userData, 'workspace.json.log.ndjson'))).toBe(true)
  })

  it('gives the preload the origin and secret of that sandbox, and only to its page', async () => {
    const win = (await launch())!
    const url = new URL(uiUrlOf(win))
    const event = { sender: win.webContents, senderFrame: { url: url.href, parent: null }, returnValue: undefined as unknown }
    f.ipc.on.get(BRIDGE_CHANNELS.connection)!(event)
    expect(event.returnValue).toEqual({ origin: url.origin, adminSecret: url.searchParams.get('secret') })
    const foreign = { sender: win.webContents, senderFrame: { url: 'https://evil.com/', parent: null }, returnValue: undefined as unknown }
    f.ipc.on.get(BRIDGE_CHANNELS.connection)!(foreign)
    expect(foreign.returnValue).toBeNull()
  })

  it('enforces the CSP on the sandbox origin and denies permissions', async () => {
    const win = (await launch())!
    const origin = new URL(uiUrlOf(win)).origin
    let answer: any
    f.headersListener!({ url: `${origin}/`, responseHeaders: { 'content-type': ['text/html'] } }, (r) => (answer = r))
    expect(answer.responseHeaders['Content-Security-Policy']).toEqual([UI_CSP])
    f.headersListener!({ url: 'https://example.com/', responseHeaders: {} }, (r) => (answer = r))
    expect(answer.responseHeaders).toEqual({})
    let granted: boolean | undefined
    f.permissionRequest!(win.webContents, 'geolocation', (g) => (granted = g), { requestingUrl: `${origin}/`, isMainFrame: true })
    expect(granted).toBe(false)
  })

  it('guards the window: same-origin navigation only, no new windows, no webview', async () => {
    const win = (await launch())!
    const origin = new URL(uiUrlOf(win)).origin
    const wc = win.webContents
    expect(wc.navigate('will-navigate', `${origin}/#/log`)).toBe(true)
    expect(wc.navigate('will-navigate', `${origin}.evil.com/`)).toBe(false)
    expect(wc.navigate('will-navigate', 'file:///etc/passwd')).toBe(false)
    expect(wc.navigate('will-redirect', 'https://evil.com/')).toBe(false)
    expect(wc.navigate('will-attach-webview', `${origin}/`)).toBe(false)
    expect(wc.open('https://example.com/')).toEqual({ action: 'deny' })
    expect(wc.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(f.shell.openExternal.mock.calls).toEqual([['https://example.com/']])
    // Only one set of listeners although both createMainWindow and web-contents-created attach them.
    expect(wc.listenerCount('will-navigate')).toBe(1)
  })

  it('sets an application menu with Edit (copy/paste), View (reload, devtools) and Window', async () => {
    await launch()
    const template = f.menu.buildFromTemplate.mock.calls[0]![0] as { label?: string; role?: string; submenu?: { role?: string }[] }[]
    expect(f.menu.setApplicationMenu).toHaveBeenCalledWith({ template })
    const roles = (label: string) => template.find((m) => m.label === label)!.submenu!.map((i) => i.role)
    expect(roles('Edit')).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll']))
    expect(roles('View')).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
    expect(template.some((m) => m.role === 'windowMenu')).toBe(true)
  })

  it('closing the last window closes the sandbox, then quits', async () => {
    const win = (await launch())!
    const url = uiUrlOf(win)
    await closeAll()
    await expect(fetch(url)).rejects.toThrow()
  })

  it('before-quit (Cmd+Q) holds the quit until the sandbox is closed, and closes it once', async () => {
    const win = (await launch())!
    const url = uiUrlOf(win)
    f.app.quit()
    f.app.quit() // a second Cmd+Q while closing
    expect(f.app.quitted).toBe(false)
    await vi.waitFor(() => expect(f.app.quitted).toBe(true), { timeout: 20_000 })
    await expect(fetch(url)).rejects.toThrow()
  })

  it('saveFile from the page: dialog over the window, file written; cancelled → null', async () => {
    const win = (await launch())!
    const event = { sender: win.webContents, senderFrame: { url: uiUrlOf(win), parent: null } }
    const target = join(userData, 'export.har')
    f.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    await expect(f.ipc.handle.get(BRIDGE_CHANNELS.saveFile)!(event, { defaultName: 'export.har', content: '{"log":{}}' })).resolves.toBe(target)
    expect(await readFile(target, 'utf8')).toBe('{"log":{}}')
    expect((f.dialog.showSaveDialog.mock.calls[0]![1] as { defaultPath: string }).defaultPath).toBe(join(downloads, 'export.har'))
    f.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true })
    await expect(f.ipc.handle.get(BRIDGE_CHANNELS.saveFile)!(event, { defaultName: 'x.json', content: '{}' })).resolves.toBeNull()
  })

  it('an unreadable workspace: error box naming the problem, quit, no window, file untouched', async () => {
    const file = join(userData, 'workspace.json')
    const garbage = '{"projects": [ this is not JSON'
    await writeFile(file, garbage)
    await launch()
    expect(f.windows).toHaveLength(0)
    expect(f.dialog.showErrorBox).toHaveBeenCalledTimes(1)
    const [title, message] = f.dialog.showErrorBox.mock.calls[0]!
    expect(title).toMatch(/could not start/)
    expect(message).toContain('not valid JSON')
    expect(message).toContain(file)
    await vi.waitFor(() => expect(f.app.quitted).toBe(true))
    expect(await readFile(file, 'utf8')).toBe(garbage)
    expect(f.ipc.handle.size).toBe(0)
  })

  it('a second instance quits at once and starts nothing', async () => {
    f.app.singleInstance = false
    vi.resetModules()
    await import('../../src-main/electron/main')
    expect(f.app.quitted).toBe(true)
    await new Promise((r) => setTimeout(r, 50))
    expect(f.windows).toHaveLength(0)
    expect(existsSync(join(userData, 'workspace.json'))).toBe(false)
  })

  it('a second launch focuses the existing window (restoring it if minimized)', async () => {
    const win = (await launch())!
    win.minimized = true
    f.app.emit('second-instance', {}, [], '')
    expect(win.restore).toHaveBeenCalled()
    expect(win.focus).toHaveBeenCalled()
    expect(f.windows).toHaveLength(1)
  })

  it('macOS activate with no window opens one again on the same sandbox', async () => {
    const first = (await launch())!
    first.destroyed = true // closed without the all-closed quit (e.g. mid-teardown of a window on macOS)
    f.app.emit('activate')
    expect(f.windows).toHaveLength(2)
    expect(uiUrlOf(f.windows[1]!)).toBe(uiUrlOf(first))
    f.app.emit('activate')
    expect(f.windows).toHaveLength(2)
  })

  describe('window state', () => {
    const stateFile = () => join(userData, 'window-state.json')

    it('is saved on close and restored next launch, maximized included', async () => {
      const win = (await launch())!
      win.setBounds({ x: 40, y: 30, width: 1100, height: 700 })
      win.maximize()
      await closeAll()
      expect(JSON.parse(await readFile(stateFile(), 'utf8'))).toEqual({ x: 40, y: 30, width: 1100, height: 700, maximized: true })

      f = resetFake({ userData, downloads })
      const next = (await launch())!
      expect(next.options).toMatchObject({ x: 40, y: 30, width: 1100, height: 700 })
      expect(next.options.center).toBeUndefined()
      expect(next.maximized).toBe(false) // not before there is something to show
      next.emit('ready-to-show')
      expect(next.maximized).toBe(true)
    })

    it('is saved a moment after a resize, without waiting for close', async () => {
      const win = (await launch())!
      win.setBounds({ x: 10, y: 20, width: 1000, height: 650 })
      await vi.waitFor(() => expect(existsSync(stateFile())).toBe(true), { timeout: 5_000 })
      expect(JSON.parse(await readFile(stateFile(), 'utf8'))).toMatchObject({ x: 10, y: 20, width: 1000, height: 650 })
    })

    it('a corrupt file is ignored: default centered window', async () => {
      await writeFile(stateFile(), '{"x": 10, "y": ')
      const win = (await launch())!
      expect(win.options).toMatchObject({ width: 1280, height: 800, center: true })
    })

    it('bounds off every display (a monitor unplugged) fall back to centered 1280×800', async () => {
      await writeFile(stateFile(), JSON.stringify({ x: 4000, y: 100, width: 1200, height: 800, maximized: false }))
      const win = (await launch())!
      expect(win.options).toMatchObject({ width: 1280, height: 800, center: true })
      expect(win.options.x).toBeUndefined()
    })
  })
})
