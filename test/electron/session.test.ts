import { beforeEach, describe, expect, it, vi } from 'vitest'
import { UI_CSP } from '@shared/csp'
import { fake, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule())
const { enforceCsp, withCsp } = await import('../../src-main/electron/csp')
const { denyPermissions } = await import('../../src-main/electron/permissions')
const { session } = await import('electron')

const ORIGIN = 'http://127.0.0.1:5000'

/** Calls the registered onHeadersReceived listener the way Electron does and returns what it answered. */
function respond(details: { url: string; responseHeaders?: Record<string, string[]> }) {
  let answer: { responseHeaders?: Record<string, string[]>; cancel?: boolean } | undefined
  fake().headersListener!({ id: 1, method: 'GET', resourceType: 'mainFrame', statusCode: 200, statusLine: 'HTTP/1.1 200 OK', ...details }, (r) => (answer = r))
  return answer!
}

describe('CSP injection', () => {
  beforeEach(() => {
    resetFake()
    enforceCsp(session.defaultSession, ORIGIN)
  })

  it('sets UI_CSP on a sandbox page that came without one', () => {
    const r = respond({ url: `${ORIGIN}/?secret=x`, responseHeaders: { 'Content-Type': ['text/html'] } })
    expect(r.cancel).toBeUndefined()
    expect(r.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [UI_CSP] })
  })

  it('replaces a looser policy in any spelling, leaving one', () => {
    const r = respond({ url: `${ORIGIN}/index.html`, responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'CONTENT-SECURITY-POLICY': ['x'], 'X-Other': ['1'] } })
    expect(r.responseHeaders).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [UI_CSP] })
  })

  it('works when Electron gives no headers at all', () => {
    expect(respond({ url: `${ORIGIN}/` }).responseHeaders).toEqual({ 'Content-Security-Policy': [UI_CSP] })
  })

  it('leaves other origins (and lookalikes) untouched', () => {
    const headers = { 'Content-Type': ['text/html'] }
    expect(respond({ url: 'https://example.com/', responseHeaders: headers }).responseHeaders).toBe(headers)
    expect(respond({ url: 'http://127.0.0.1:5000.evil.com/', responseHeaders: headers }).responseHeaders).toBe(headers)
    expect(withCsp({ url: 'devtools://devtools/bundled/inspector.html', responseHeaders: undefined }, ORIGIN)).toBeUndefined()
  })

  it('the policy is strict: no eval, no inline script, no plugins, no framing, no foreign connections', () => {
    expect(UI_CSP).toMatch(/script-src 'self'(;|$)/)
    expect(UI_CSP).not.toMatch(/unsafe-eval/)
    expect(UI_CSP).toMatch(/object-src 'none'/)
    expect(UI_CSP).toMatch(/frame-ancestors 'none'/)
    expect(UI_CSP).toMatch(/connect-src 'self'/)
  })
})

describe('permissions', () => {
  beforeEach(() => {
    resetFake()
    denyPermissions(session.defaultSession, ORIGIN)
  })

  const request = (permission: string, requestingUrl: string, isMainFrame = true) => {
    let granted: boolean | undefined
    fake().permissionRequest!({}, permission, (g) => (granted = g), { requestingUrl, isMainFrame })
    return granted
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb', 'serial', 'midiSysex', 'display-capture', 'fullscreen', 'unknown'])(
    'denies %s, even to the sandbox page',
    (permission) => {
      expect(request(permission, `${ORIGIN}/`)).toBe(false)
      expect(fake().permissionCheck!({}, permission, ORIGIN, { requestingUrl: `${ORIGIN}/`, isMainFrame: true })).toBe(false)
    },
  )

  it('grants only a clipboard write, and only to the sandbox top frame (copy buttons)', () => {
    expect(request('clipboard-sanitized-write', `${ORIGIN}/`)).toBe(true)
    expect(request('clipboard-sanitized-write', `${ORIGIN}/`, false)).toBe(false)
    expect(request('clipboard-sanitized-write', 'https://evil.com/')).toBe(false)
    expect(request('clipboard-sanitized-write', 'http://127.0.0.1:5000.evil.com/')).toBe(false)
    expect(fake().permissionCheck!({}, 'clipboard-sanitized-write', ORIGIN, { isMainFrame: true })).toBe(true)
    expect(fake().permissionCheck!({}, 'clipboard-sanitized-write', 'https://evil.com', { isMainFrame: true })).toBe(false)
  })
})
