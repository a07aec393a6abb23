// A fake of the parts of 'electron' the shell uses. The real package cannot be imported here (it downloads its binary
// on first require), so every test file does:
//   vi.mock('electron', async () => (await import('./fake-electron')).electronModule())
// The state lives on globalThis so that vi.resetModules() (to run main.ts's top level again) keeps one fake.
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** The event object Electron passes to preventable events. */
export function preventable<T extends object>(fields: T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const e = { ...fields, defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) }
  return e
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' }
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = h
  }
  /** What the app does when a page calls window.open(url). */
  open(url: string) {
    return this.windowOpenHandler!({ url })
  }
  /** Emits a navigation event the way Electron 45 does; returns true when the app let it through. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    const e = preventable({ url, isMainFrame: true })
    this.emit(event, e, url)
    return !e.defaultPrevented
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly options: any
  bounds: Rect
  destroyed = false
  maximized = false
  minimized = false
  visible = false
  loadURL = vi.fn(async (_url: string) => undefined)
  show = vi.fn(() => {
    this.visible = true
  })
  focus = vi.fn()
  restore = vi.fn(() => {
    this.minimized = false
  })

  constructor(options: any) {
    super()
    this.options = options
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 }
    fake().windows.push(this)
    // Like Electron: every new webContents is announced on the app.
    fake().app.emit('web-contents-created', {}, this.webContents)
  }
  static getAllWindows() {
    return fake().windows.filter((w) => !w.destroyed)
  }
  isDestroyed() {
    return this.destroyed
  }
  isMaximized() {
    return this.maximized
  }
  isMinimized() {
    return this.minimized
  }
  maximize() {
    this.maximized = true
    this.visible = true
    this.emit('maximize')
  }
  getNormalBounds() {
    return { ...this.bounds }
  }
  getBounds() {
    return { ...this.bounds }
  }
  setBounds(b: Rect) {
    this.bounds = { ...b }
    this.emit('resize')
  }
  close() {
    if (this.destroyed) return
    this.emit('close', preventable({}))
    this.destroyed = true
    this.emit('closed')
    if (FakeBrowserWindow.getAllWindows().length === 0) fake().app.emit('window-all-closed')
  }
}

class FakeApp extends EventEmitter {
  paths: Record<string, string> = {}
  /** Set once a quit went through (not prevented by before-quit). */
  quitted = false
  singleInstance = true
  getPath = vi.fn((name: string) => {
    const p = this.paths[name]
    if (!p) throw new Error(`fake app.getPath: no path for ${name}`)
    return p
  })
  whenReady = vi.fn(() => Promise.resolve())
  requestSingleInstanceLock = vi.fn(() => this.singleInstance)
  quit = vi.fn(() => {
    const e = preventable({})
    this.emit('before-quit', e)
    if (!e.defaultPrevented) this.quitted = true
  })
}

export interface IpcHandlers {
  on: Map<string, (event: any, ...args: any[]) => void>
  handle: Map<string, (event: any, ...args: any[]) => unknown>
}

function create() {
  return {
    app: new FakeApp(),
    windows: [] as FakeBrowserWindow[],
    displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] as { id: number; workArea: Rect; bounds: Rect }[],
    darkMode: false,
    ipc: { on: new Map(), handle: new Map() } as IpcHandlers,
    headersListener: undefined as undefined | ((details: any, cb: (r: any) => void) => void),
    permissionRequest: undefined as undefined | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: any) => void),
    permissionCheck: undefined as undefined | ((wc: unknown, permission: string, origin: string, details: any) => boolean),
    dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn(async (..._a: any[]): Promise<{ canceled: boolean; filePath?: string }> => ({ canceled: true })) },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown[]) => ({ template })) },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { sendSync: vi.fn(), invoke: vi.fn(async (..._a: any[]) => undefined as unknown) },
  }
}
export type Fake = ReturnType<typeof create>

const KEY = '__scimSandboxFakeElectron'
export function fake(): Fake {
  const g = globalThis as unknown as Record<string, Fake>
  return (g[KEY] ??= create())
}

/** A fresh fake (the module object from electronModule() reads through to it). */
export function resetFake(paths: Record<string, string> = {}): Fake {
  const g = globalThis as unknown as Record<string, Fake>
  g[KEY] = create()
  g[KEY].app.paths = paths
  return g[KEY]
}

/** The mocked module. Its members look the current fake up on each use, so resetFake() takes effect everywhere. */
export function electronModule() {
  const ipcMain = {
    on: (ch: string, l: (event: any, ...args: any[]) => void) => fake().ipc.on.set(ch, l),
    handle: (ch: string, l: (event: any, ...args: any[]) => unknown) => {
      if (fake().ipc.handle.has(ch)) throw new Error(`Attempted to register a second handler for '${ch}'`)
      fake().ipc.handle.set(ch, l)
    },
  }
  const session = {
    get defaultSession() {
      return {
        webRequest: { onHeadersReceived: (l: any) => (fake().headersListener = l) },
        setPermissionRequestHandler: (h: any) => (fake().permissionRequest = h),
        setPermissionCheckHandler: (h: any) => (fake().permissionCheck = h),
      }
    },
  }
  const proxy = <K extends keyof Fake>(key: K) =>
    new Proxy({}, { get: (_t, prop) => (fake()[key] as any)[prop] }) as Fake[K]
  const mod = {
    app: new Proxy({}, { get: (_t, prop) => { const a = fake().app as any; const v = a[prop]; return typeof v === 'function' ? v.bind(a) : v } }) as FakeApp,
    BrowserWindow: FakeBrowserWindow,
    dialog: proxy('dialog'),
    shell: proxy('shell'),
    Menu: proxy('menu'),
    contextBridge: proxy('contextBridge'),
    ipcRenderer: proxy('ipcRenderer'),
    ipcMain,
    session,
    nativeTheme: { get shouldUseDarkColors() { return fake().darkMode } },
    screen: { getAllDisplays: () => fake().displays, getPrimaryDisplay: () => fake().displays[0] },
  }
  return { ...mod, default: mod }
}
