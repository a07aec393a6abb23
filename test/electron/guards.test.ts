import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fake, FakeWebContents, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule())
const { guardAllWebContents, guardWebContents, isExternalHttpUrl, isSameOrigin } = await import('../../src-main/electron/guards')
const { app } = await import('electron')

const ORIGIN = 'http://127.0.0.1:5000'

describe('isSameOrigin compares parsed origins', () => {
  it.each([
    ['http://127.0.0.1:5000/', true],
    ['http://127.0.0.1:5000/?secret=abc#/log', true],
    ['http://127.0.0.1:5000/_sandbox/api/info', true],
    ['HTTP://127.0.0.1:5000/x', true],
    ['http://127.0.0.1:5000.evil.com/', false],
    ['http://127.0.0.1:50001/', false],
    ['http://127.0.0.1:5000@evil.com/', false],
    ['http://127.0.0.1/', false],
    ['https://127.0.0.1:5000/', false],
    ['http://localhost:5000/', false],
    ['http://evil.com/http://127.0.0.1:5000/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, same) => {
    expect(isSameOrigin(url, ORIGIN)).toBe(same)
  })
})

describe('isExternalHttpUrl lets only http(s) out', () => {
  it.each([
    ['https://datatracker.ietf.org/doc/html/rfc7644', true],
    ['http://example.com', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['mailto:a@b.c', false],
    ['ms-settings:', false],
    ['//example.com', false],
    ['', false],
  ])('%s → %s', (url, ok) => {
    expect(isExternalHttpUrl(url)).toBe(ok)
  })
})

describe('guardWebContents', () => {
  let f: ReturnType<typeof fake>
  let wc: FakeWebContents
  beforeEach(() => {
    f = resetFake()
    wc = new FakeWebContents()
    guardWebContents(wc as never, ORIGIN)
  })

  it('lets navigation and redirects stay within the sandbox origin', () => {
    expect(wc.navigate('will-navigate', `${ORIGIN}/?secret=x`)).toBe(true)
    expect(wc.navigate('will-navigate', `${ORIGIN}/scim/v2/abc/Users`)).toBe(true)
    expect(wc.navigate('will-redirect', `${ORIGIN}/other`)).toBe(true)
  })

  it.each(['https://evil.com/', 'http://127.0.0.1:5000.evil.com/', 'http://127.0.0.1:5001/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank', 'chrome://settings'])(
    'prevents navigating or redirecting to %s',
    (url) => {
      expect(wc.navigate('will-navigate', url)).toBe(false)
      expect(wc.navigate('will-redirect', url)).toBe(false)
    },
  )

  it('prevents every <webview>', () => {
    expect(wc.navigate('will-attach-webview', `${ORIGIN}/`)).toBe(false)
  })

  it('denies every new window and opens only http(s) URLs in the OS browser', () => {
    expect(wc.open('https://datatracker.ietf.org/doc/html/rfc7644')).toEqual({ action: 'deny' })
    expect(wc.open('http://example.com/')).toEqual({ action: 'deny' })
    expect(wc.open(`${ORIGIN}/`)).toEqual({ action: 'deny' })
    expect(f.shell.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://datatracker.ietf.org/doc/html/rfc7644', 'http://example.com/', `${ORIGIN}/`])
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'about:blank', 'not a url']) {
      expect(wc.open(url)).toEqual({ action: 'deny' })
    }
    expect(f.shell.openExternal).toHaveBeenCalledTimes(3)
  })

  it('attaches once however often it is asked', () => {
    guardWebContents(wc as never, ORIGIN)
    expect(wc.listenerCount('will-navigate')).toBe(1)
  })

  it('web-contents-created attaches the same rules to any other webContents', () => {
    guardAllWebContents(app, ORIGIN)
    const other = new FakeWebContents()
    f.app.emit('web-contents-created', {}, other)
    expect(other.navigate('will-navigate', 'https://evil.com/')).toBe(false)
    expect(other.navigate('will-navigate', `${ORIGIN}/x`)).toBe(true)
    expect(other.navigate('will-attach-webview', `${ORIGIN}/`)).toBe(false)
    expect(other.open('file:///etc/passwd')).toEqual({ action: 'deny' })
  })
})
