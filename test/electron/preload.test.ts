import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { BRIDGE_CHANNELS, BRIDGE_GLOBAL, type SandboxBridge } from '@shared/bridge'
import { resetFake, type Fake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule())

const ROOT = resolve(__dirname, '../..')
/** Module specifiers a source file imports or requires (static, dynamic, re-export). */
const importsOf = (src: string) =>
  [...src.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]/g)].map((m) => (m[1] ?? m[2])!)
const ORIGIN = 'http://127.0.0.1:5000'

/** Loads the preload afresh, the way a page load runs it, and returns what it exposed. */
async function loadPreload(f: Fake, connection: unknown): Promise<SandboxBridge | undefined> {
  f.ipcRenderer.sendSync.mockReturnValue(connection)
  vi.resetModules()
  await import('../../src-main/electron/preload')
  const calls = f.contextBridge.exposeInMainWorld.mock.calls
  expect(calls.length).toBeLessThanOrEqual(1)
  if (!calls.length) return undefined
  expect(calls[0]![0]).toBe(BRIDGE_GLOBAL)
  return calls[0]![1] as SandboxBridge
}

describe('preload', () => {
  let f: Fake
  beforeEach(() => {
    f = resetFake()
  })

  it('asks main for the connection once, by sendSync on the connection channel', async () => {
    await loadPreload(f, { origin: ORIGIN, adminSecret: 's3cret' })
    expect(f.ipcRenderer.sendSync.mock.calls).toEqual([[BRIDGE_CHANNELS.connection]])
  })

  it('exposes window.scimSandbox with exactly the SandboxBridge keys', async () => {
    const bridge = (await loadPreload(f, { origin: ORIGIN, adminSecret: 's3cret' }))!
    expect(Object.keys(bridge).sort()).toEqual(['adminSecret', 'openExternal', 'origin', 'platform', 'saveFile'])
    expect(bridge.origin).toBe(ORIGIN)
    expect(bridge.adminSecret).toBe('s3cret')
    expect(bridge.platform).toBe(process.platform)
    expect(typeof bridge.saveFile).toBe('function')
    expect(typeof bridge.openExternal).toBe('function')
  })

  it('saveFile and openExternal invoke their channels with exactly one argument', async () => {
    const bridge = (await loadPreload(f, { origin: ORIGIN, adminSecret: 's3cret' }))!
    f.ipcRenderer.invoke.mockResolvedValueOnce('/home/me/session.har').mockResolvedValueOnce(undefined)
    const req = { defaultName: 'session.har', content: '{}', filters: [{ name: 'HAR', extensions: ['har'] }] }
    await expect((bridge.saveFile as (...a: unknown[]) => Promise<unknown>)(req, 'extra')).resolves.toBe('/home/me/session.har')
    await expect((bridge.openExternal as (...a: unknown[]) => Promise<unknown>)('https://example.com/', 'extra')).resolves.toBeUndefined()
    expect(f.ipcRenderer.invoke.mock.calls).toEqual([
      [BRIDGE_CHANNELS.saveFile, req],
      [BRIDGE_CHANNELS.openExternal, 'https://example.com/'],
    ])
  })

  it('hands out no ipcRenderer, no generic invoke, no Node', async () => {
    const bridge = (await loadPreload(f, { origin: ORIGIN, adminSecret: 's3cret' }))!
    const values = Object.values(bridge)
    expect(values).not.toContain(f.ipcRenderer)
    expect(values.some((v) => typeof v === 'object' && v !== null)).toBe(false)
  })

  it.each([
    ['main refused (not the sandbox page)', null],
    ['no answer', undefined],
    ['a malformed answer', { origin: 1, adminSecret: 'x' }],
    ['a missing secret', { origin: ORIGIN }],
  ])('exposes nothing when %s', async (_name, answer) => {
    expect(await loadPreload(f, answer)).toBeUndefined()
  })

  it('imports nothing but electron and the bridge constants (a sandboxed preload can require only electron)', () => {
    const src = readFileSync(join(ROOT, 'src-main/electron/preload.ts'), 'utf8')
    expect(importsOf(src).sort()).toEqual(['@shared/bridge', 'electron'])
    // The bridge file is bundled into the preload, so it must not pull anything in itself.
    expect(importsOf(readFileSync(join(ROOT, 'src-shared/bridge.ts'), 'utf8'))).toEqual([])
  })

  it.skipIf(!existsSync(join(ROOT, 'out/preload/index.cjs')))('the built preload (out/preload/index.cjs) requires only electron', () => {
    const built = readFileSync(join(ROOT, 'out/preload/index.cjs'), 'utf8')
    const required = [...built.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(built).not.toMatch(/\bimport\s*\(/)
  })
})
