import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { harSchema, streamChangedSchema, streamEntriesSchema, STREAM_EVENTS } from '@shared/control'
import { openStream, STREAM_HEARTBEAT_MS } from '../../src-main/server/http/control/stream'
import { SandboxHub } from '../../src-main/server/hub'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

const U = '/scim/v2/acme-okta'
const user = (email: string) => ({ schemas: [URN.user], userName: email, password: 'Hunter2-password' })

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('GET /log/har', () => {
  it('is HAR 1.2 with full local URLs, redacted headers and bodies, _seq and _events, as an attachment', async () => {
    t = await startTestSandbox()
    const created = await t.req('POST', `${U}/Users?attributes=userName`, { body: user('har@acme.test') })
    expect(created.status).toBe(201)
    await t.req('GET', `${U}/Users/missing`)
    await t.control('POST', '/scim-configs/acme-okta/rotate-token', { body: { bearerToken: 'rotated-token-abcdefgh' } })

    const r = await t.control('GET', '/log/har')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="scim-sandbox-[\dT-]+\.har"$/)
    const har = harSchema.parse(r.body)
    expect(har.log.version).toBe('1.2')
    expect(har.log.entries.map((e) => [e.request.method, e.response.status])).toEqual([
      ['POST', 201],
      ['GET', 404],
      ['POST', 200],
    ])
    const post = har.log.entries[0]!
    expect(post.request.url).toBe(`${t.sb.localOrigin}${U}/Users?attributes=userName`)
    expect(post.request.queryString).toEqual([{ name: 'attributes', value: 'userName' }])
    expect(post.request.postData!.mimeType).toBe('application/scim+json')
    expect(post.response.statusText).toBe('Created')
    expect(post.response.redirectURL).toBe(created.headers.get('location'))
    expect(post.response.content.mimeType).toMatch(/^application\/scim\+json/)
    expect(JSON.parse(post.response.content.text!).id).toBe(created.body.id)
    expect(post._events.map((e) => e.type)).toContain('scim.user.created')
    expect(post._seq).toBeGreaterThan(0)
    expect(post.request.headers.find((h) => h.name === 'authorization')!.value).toBe('Bearer tok-…[redacted]')
    // No raw secret anywhere: the SCIM token, the password, the rotated token, the admin secret.
    for (const secret of ['tok-acme-okta', 'Hunter2-password', 'rotated-token-abcdefgh', t.sb.adminSecret]) expect(r.text).not.toContain(secret)
  })

  it('takes the filters of GET /log (not its paging), and refuses bad ones', async () => {
    t = await startTestSandbox()
    await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    await t.req('GET', `${U}/Users/missing`)
    await t.req('GET', '/status-page-scim/v2/acme-status-entra/Users', { token: 'tok-acme-status' })
    const only404 = harSchema.parse((await t.control('GET', '/log/har?status=4xx')).body)
    expect(only404.log.entries.map((e) => e.response.status)).toEqual([404])
    const byConfig = harSchema.parse((await t.control('GET', '/log/har?configId=acme-okta&limit=1')).body)
    expect(byConfig.log.entries).toHaveLength(2)
    const bySurface = harSchema.parse((await t.control('GET', '/log/har?surface=status-page-scim')).body)
    expect(bySurface.log.entries).toHaveLength(1)
    const bad = await t.control('GET', '/log/har?status=999x')
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toEqual(['status'])
    expect(harSchema.parse((await t.control('GET', '/log/har?method=DELETE')).body).log.entries).toEqual([])
  })
})

/** Reads named SSE events from /stream until `until` is satisfied, or fails after a timeout. */
async function readStream(s: TestSandbox, path: string, until: (events: { event: string; data: string }[]) => boolean, act: () => Promise<unknown>, timeoutMs = 5_000) {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), timeoutMs)
  const res = await fetch(`${s.sb.localOrigin}/_sandbox/api${path}?secret=${encodeURIComponent(s.sb.adminSecret)}`, { signal: ctrl.signal })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const events: { event: string; data: string }[] = []
  let buf = ''
  let raw = ''
  void act()
  try {
    while (!until(events)) {
      const { value, done } = await reader.read()
      if (done) break
      const chunk = decoder.decode(value, { stream: true })
      raw += chunk
      buf += chunk
      let i: number
      while ((i = buf.indexOf('\n\n')) !== -1) {
        const block = buf.slice(0, i)
        buf = buf.slice(i + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event) events.push({ event, data: data ?? '' })
      }
    }
  } catch (e) {
    if (!ctrl.signal.aborted) throw e
    throw new Error(`stream ${path}: condition not met within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`)
  } finally {
    clearTimeout(timer)
    ctrl.abort()
  }
  return { events, raw }
}

describe('GET /stream', () => {
  it('sends `changed` with the committed domain events and `entries` with log summaries after a SCIM POST', async () => {
    t = await startTestSandbox()
    const { events, raw } = await readStream(
      t,
      '/stream',
      (ev) => ev.some((e) => e.event === 'changed') && ev.some((e) => e.event === 'entries'),
      () => t!.req('POST', `${U}/Users`, { body: user('live@acme.test') }),
    )
    expect(raw.startsWith(': connected')).toBe(true)
    for (const e of events) expect(STREAM_EVENTS).toContain(e.event)
    const changed = streamChangedSchema.parse(JSON.parse(events.find((e) => e.event === 'changed')!.data))
    expect(changed.events.map((e) => e.type)).toEqual(expect.arrayContaining(['account.created', 'scim.user.created', 'team.member.added']))
    const entries = streamEntriesSchema.parse(JSON.parse(events.find((e) => e.event === 'entries')!.data))
    expect(entries).toEqual([expect.objectContaining({ method: 'POST', status: 201, eventCount: changed.events.length })])
  })

  it('sends `changed` for control-API writes too, `log-cleared` on a clear and `workspace-replaced` on a reset', async () => {
    t = await startTestSandbox()
    const { events } = await readStream(
      t,
      '/stream',
      (ev) => ev.some((e) => e.event === 'workspace-replaced'),
      async () => {
        await t!.control('POST', '/projects', { body: { name: 'Streamed' } })
        await new Promise((ok) => setTimeout(ok, 300))
        await t!.control('DELETE', '/log')
        await t!.control('POST', '/workspace/reset', { body: { to: 'empty' } })
      },
    )
    const names = events.map((e) => e.event)
    expect(names).toContain('changed')
    expect(names.indexOf('log-cleared')).toBeGreaterThan(names.indexOf('changed'))
    expect(names.indexOf('workspace-replaced')).toBeGreaterThan(names.indexOf('log-cleared'))
    expect(JSON.parse(events.find((e) => e.event === 'changed')!.data).events[0]).toMatchObject({ type: 'project.created', projectId: 'streamed' })
    // EventSource ignores an event without data, so even these carry a JSON body.
    expect(JSON.parse(events.find((e) => e.event === 'workspace-replaced')!.data)).toEqual({})
  })

  it('/log/stream still sends log entries only', async () => {
    t = await startTestSandbox()
    const { events } = await readStream(
      t,
      '/log/stream',
      (ev) => ev.some((e) => e.event === 'entries'),
      () => t!.req('POST', `${U}/Users`, { body: user('old@acme.test') }),
    )
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['entries']))
  })

  it('stops listening when the client goes away', async () => {
    t = await startTestSandbox()
    let listeners = 0
    const orig = t.sb.log.subscribe.bind(t.sb.log)
    t.sb.log.subscribe = (fn) => {
      listeners++
      const off = orig(fn)
      return () => {
        listeners--
        off()
      }
    }
    await readStream(t, '/stream', () => true, async () => undefined)
    expect(listeners).toBeLessThanOrEqual(1)
    await new Promise((ok) => setTimeout(ok, 200))
    expect(listeners).toBe(0)
  })
})

describe('stream keep-alive', () => {
  it('writes a comment line every 15 s, and nothing once the client has gone', () => {
    vi.useFakeTimers()
    try {
      const req = new EventEmitter()
      const writes: string[] = []
      const res = Object.assign(new EventEmitter(), {
        writableLength: 0,
        writeHead: () => undefined,
        write: (s: string) => writes.push(s) > 0,
        end: () => undefined,
      })
      let subscribed = 0
      const log = { subscribe: () => (subscribed++, () => void subscribed--) }
      const hub = new SandboxHub()
      openStream(req as never, res as never, { log: log as never, hub })
      expect(STREAM_HEARTBEAT_MS).toBe(15_000)
      vi.advanceTimersByTime(14_999)
      expect(writes.filter((w) => w.startsWith(': heartbeat'))).toHaveLength(0)
      vi.advanceTimersByTime(1)
      expect(writes.filter((w) => w.startsWith(': heartbeat'))).toHaveLength(1)
      vi.advanceTimersByTime(15_000)
      expect(writes.filter((w) => w.startsWith(': heartbeat'))).toHaveLength(2)
      hub.emit({ type: 'changed', events: [{ type: 'project.created', message: 'created project X' }] })
      vi.advanceTimersByTime(200)
      expect(writes.at(-1)).toBe('event: changed\ndata: {"events":[{"type":"project.created","message":"created project X"}]}\n\n')

      req.emit('close')
      const n = writes.length
      hub.emit({ type: 'workspace-replaced' })
      vi.advanceTimersByTime(60_000)
      expect(writes).toHaveLength(n)
      expect(subscribed).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})
