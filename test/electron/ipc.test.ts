import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BRIDGE_CHANNELS } from '@shared/bridge'
import { fake, FakeBrowserWindow, resetFake, type Fake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule())
const { registerBridgeIpc, MAX_SAVE_CHARS } = await import('../../src-main/electron/ipc')

const ORIGIN = 'http://127.0.0.1:5000'
const SECRET = 'admin-secret-123'

describe('bridge IPC in main', () => {
  let f: Fake
  let win: FakeBrowserWindow
  let dir: string
  /** An IPC event as Electron builds it: the sending webContents and frame. */
  const from = (url = `${ORIGIN}/?secret=x`, o: { sender?: unknown; parent?: unknown; noFrame?: boolean } = {}) => ({
    sender: o.sender ?? win.webContents,
    senderFrame: o.noFrame ? null : { url, parent: o.parent ?? null },
    returnValue: undefined as unknown,
  })
  const invoke = (channel: string, event: object, ...args: unknown[]) => Promise.resolve().then(() => f.ipc.handle.get(channel)!(event, ...args))
  const saveFile = (req: unknown, event: object = from()) => invoke(BRIDGE_CHANNELS.saveFile, event, req)

  beforeEach(async () => {
    f = resetFake()
    dir = await mkdtemp(join(tmpdir(), 'scim-sandbox-ipc-'))
    win = new FakeBrowserWindow({})
    registerBridgeIpc({ origin: ORIGIN, adminSecret: SECRET, mainWindow: () => win as never, defaultDir: () => dir })
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('registers exactly the bridge channels', () => {
    expect([...f.ipc.on.keys()]).toEqual([BRIDGE_CHANNELS.connection])
    expect([...f.ipc.handle.keys()].sort()).toEqual([BRIDGE_CHANNELS.openExternal, BRIDGE_CHANNELS.saveFile].sort())
  })

  describe('connection (sendSync)', () => {
    const connect = (event: ReturnType<typeof from>) => {
      f.ipc.on.get(BRIDGE_CHANNELS.connection)!(event)
      return event.returnValue
    }
    it('gives the sandbox page the origin and the admin secret', () => {
      expect(connect(from())).toEqual({ origin: ORIGIN, adminSecret: SECRET })
    })
    it('answers null (never leaves a sendSync hanging) to anything else', () => {
      expect(connect(from('https://evil.com/'))).toBeNull()
      expect(connect(from('http://127.0.0.1:5000.evil.com/'))).toBeNull()
      expect(connect(from('about:blank'))).toBeNull()
      expect(connect(from(`${ORIGIN}/`, { parent: {} }))).toBeNull()
      expect(connect(from(`${ORIGIN}/`, { noFrame: true }))).toBeNull()
      expect(connect(from(`${ORIGIN}/`, { sender: new FakeBrowserWindow({}).webContents }))).toBeNull()
    })
    it('answers null once the window is gone', () => {
      win.close()
      expect(connect(from())).toBeNull()
    })
  })

  describe('saveFile', () => {
    it('shows the save dialog over the main window and writes the content to the chosen path', async () => {
      const target = join(dir, 'chosen.har')
      f.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
      const content = JSON.stringify({ log: { entries: [{ n: 'ü ✓' }] } })
      const filters = [{ name: 'HAR', extensions: ['har'] }]
      await expect(saveFile({ defaultName: 'session.har', content, filters })).resolves.toBe(target)
      expect(await readFile(target, 'utf8')).toBe(content)
      const [parent, options] = f.dialog.showSaveDialog.mock.calls[0]!
      expect(parent).toBe(win)
      expect(options).toEqual({ defaultPath: join(dir, 'session.har'), filters })
    })

    it('proposes only a file name: folders in defaultName are dropped', async () => {
      await saveFile({ defaultName: '../../etc/passwd', content: 'x' })
      await saveFile({ defaultName: '..\\..\\Windows\\win.ini', content: 'x' })
      expect(f.dialog.showSaveDialog.mock.calls.map((c) => (c[1] as { defaultPath: string }).defaultPath)).toEqual([join(dir, 'passwd'), join(dir, 'win.ini')])
    })

    it('cancelled → null, nothing written', async () => {
      f.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
      await expect(saveFile({ defaultName: 'a.json', content: '{}' })).resolves.toBeNull()
      expect(await readdir(dir)).toEqual([])
    })

    it.each([
      ['another origin', () => from('https://evil.com/')],
      ['a lookalike host', () => from('http://127.0.0.1:5000.evil.com/')],
      ['a subframe', () => from(`${ORIGIN}/`, { parent: {} })],
      ['another webContents', () => from(`${ORIGIN}/`, { sender: {} })],
      ['a destroyed frame', () => from(`${ORIGIN}/`, { noFrame: true })],
    ])('rejects a request from %s without showing a dialog', async (_name, event) => {
      await expect(saveFile({ defaultName: 'a.json', content: '{}' }, event())).rejects.toThrow(/only for the sandbox page/)
      expect(f.dialog.showSaveDialog).not.toHaveBeenCalled()
    })

    it.each([
      ['not an object', 'hello'],
      ['null', null],
      ['no content', { defaultName: 'a.json' }],
      ['content not a string', { defaultName: 'a.json', content: { a: 1 } }],
      ['empty name', { defaultName: '', content: 'x' }],
      ['extra keys', { defaultName: 'a.json', content: 'x', path: '/etc/passwd' }],
      ['bad filters', { defaultName: 'a.json', content: 'x', filters: [{ name: 'x', extensions: ['../x'] }] }],
    ])('rejects a badly shaped request: %s', async (_name, req) => {
      await expect(saveFile(req)).rejects.toThrow(/bad request/)
      expect(f.dialog.showSaveDialog).not.toHaveBeenCalled()
    })

    it('rejects content over the limit (200 MB)', async () => {
      expect(MAX_SAVE_CHARS).toBe(200 * 1024 * 1024)
      await expect(saveFile({ defaultName: 'a.json', content: 'x'.repeat(MAX_SAVE_CHARS + 1) })).rejects.toThrow(/content Too big/i)
      expect(f.dialog.showSaveDialog).not.toHaveBeenCalled()
    })
  })

  describe('openExternal', () => {
    it('opens http(s) links for the sandbox page', async () => {
      await invoke(BRIDGE_CHANNELS.openExternal, from(), 'https://datatracker.ietf.org/doc/html/rfc7644')
      expect(f.shell.openExternal).toHaveBeenCalledWith('https://datatracker.ietf.org/doc/html/rfc7644')
    })
    it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', 42, undefined])('refuses %s', async (url) => {
      await expect(invoke(BRIDGE_CHANNELS.openExternal, from(), url)).rejects.toThrow(/http\(s\) links only/)
      expect(f.shell.openExternal).not.toHaveBeenCalled()
    })
    it('refuses other senders', async () => {
      await expect(invoke(BRIDGE_CHANNELS.openExternal, from('https://evil.com/'), 'https://example.com/')).rejects.toThrow(/only for the sandbox page/)
      expect(f.shell.openExternal).not.toHaveBeenCalled()
    })
  })
})
