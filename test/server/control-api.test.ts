import { request } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directorySchema, settingsSchema, workspaceInfoSchema } from '@shared/control'
import { UI_CSP } from '@shared/csp'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let t: TestSandbox
beforeAll(async () => {
  t = await startTestSandbox()
})
afterAll(() => t.close())

const control = (path: string, init: RequestInit = {}, secret: string | null = t.sb.adminSecret) =>
  fetch(`${t.sb.origin}/_sandbox/api${path}`, { ...init, headers: { ...(secret ? { 'X-Sandbox-Secret': secret } : {}), ...(init.headers as Record<string, string>) } })

const createUser = (email: string) =>
  t.req('POST', '/scim/v2/acme-okta/Users', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: email } })

describe('control API (/_sandbox/api)', () => {
  it('401 with {error} and nothing else without the admin secret, on every route', async () => {
    for (const [path, method] of [['/info', 'GET'], ['/log', 'GET'], ['/log/1', 'GET'], ['/log', 'DELETE'], ['/directory', 'GET'], ['/nope', 'GET']] as const) {
      const r = await control(path, { method }, null)
      expect(r.status).toBe(401)
      expect(await r.json()).toEqual({ error: 'the admin secret is missing or wrong' })
    }
  })

  it('info lists every endpoint with its base URL and token, and storage figures', async () => {
    const info = await (await control('/info')).json()
    expect(info.endpoints.map((e: any) => [e.kind, e.id, e.token])).toEqual([
      ['project-scim', 'acme-okta', 'tok-acme-okta'],
      ['status-page-scim', 'acme-status-entra', 'tok-acme-status'],
      ['iam-scim', 'tenant-1', null],
    ])
    expect(info.endpoints[0].baseUrl).toBe(`${t.sb.origin}/scim/v2/acme-okta`)
    expect(info.endpoints[0].aliasUrl).toBe(`${t.sb.origin}/api/identity/scim/v2/acme-okta`)
    expect(info.storage).toMatchObject({ flushes: expect.any(Number), compactions: expect.any(Number) })
  })

  it('directory shows accounts, teams and memberships as they are now', async () => {
    await createUser('dir@acme.test')
    const dir = await (await control('/directory')).json()
    const acme = dir.projects.find((p: any) => p.id === 'acme')
    const account = acme.accounts.find((a: any) => a.email === 'dir@acme.test')
    expect(acme.teams.find((x: any) => x.id === 'eng').members).toContain(account.id)
    expect(acme.scimConfigs.find((c: any) => c.id === 'acme-okta').users).toBeGreaterThanOrEqual(1)
  })

  it('log pages filter by method, status class, path, config and surface; detail has headers and bodies', async () => {
    await t.req('GET', '/scim/v2/acme-okta/Users/missing-id')
    const notFound = await (await control('/log?status=4xx&method=GET&path=missing-id&configId=acme-okta&surface=project-scim')).json()
    expect(notFound.entries).toHaveLength(1)
    expect(notFound.entries[0]).toMatchObject({ status: 404, method: 'GET', configId: 'acme-okta', surface: 'project-scim' })
    expect(notFound.entries[0].requestHeaders).toBeUndefined()
    const detail = await (await control(`/log/${notFound.entries[0].seq}`)).json()
    expect(detail.responseHeaders['content-type']).toContain('application/scim+json')
    expect(JSON.parse(detail.responseBody.text).status).toBe('404')
    expect((await control('/log?status=9xx')).status).toBe(400)
    expect((await control('/log/999999')).status).toBe(404)
  })

  it('the live stream sends new entries in batches over SSE', async () => {
    const url = new URL(`${t.sb.origin}/_sandbox/api/log/stream?secret=${encodeURIComponent(t.sb.adminSecret)}`)
    const got = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('no entries within 5 s')), 5_000)
      const req = request(url, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream')
        let buf = ''
        res.on('data', (d) => {
          buf += d
          if (buf.includes('event: entries')) {
            clearTimeout(timer)
            req.destroy()
            ok(buf)
          }
        })
        void createUser('stream@acme.test')
      })
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : fail(e)))
      req.end()
    })
    const data = JSON.parse(/data: (.*)\n/.exec(got)![1]!)
    expect(data.some((e: any) => e.method === 'POST' && e.status === 201 && e.eventCount > 0)).toBe(true)
  })

  it('clear empties the log; the clear itself is the one entry left (control API writes are logged, reads are not)', async () => {
    expect((await control('/log', { method: 'DELETE' })).status).toBe(204)
    const page = await (await control('/log')).json()
    expect(page.entries.map((e: any) => [e.method, e.path, e.status])).toEqual([['DELETE', '/_sandbox/api/log', 204]])
  })
})

describe('control API: auth, info, settings, bodies, logging of writes', () => {
  let s: TestSandbox
  beforeAll(async () => {
    s = await startTestSandbox()
  })
  afterAll(() => s.close())

  const ROUTES: [string, string][] = [
    ['GET', '/info'],
    ['GET', '/settings'],
    ['PATCH', '/settings'],
    ['POST', '/workspace/reset'],
    ['GET', '/workspace/export'],
    ['POST', '/workspace/import'],
    ['GET', '/projects'],
    ['POST', '/projects'],
    ['PATCH', '/projects/acme'],
    ['DELETE', '/projects/acme'],
    ['GET', '/projects/acme/teams'],
    ['POST', '/projects/acme/teams'],
    ['PATCH', '/teams/eng'],
    ['DELETE', '/teams/eng'],
    ['GET', '/projects/acme/status-pages'],
    ['POST', '/projects/acme/status-pages'],
    ['PATCH', '/status-pages/acme-status'],
    ['DELETE', '/status-pages/acme-status'],
    ['GET', '/scim-configs'],
    ['POST', '/scim-configs'],
    ['GET', '/scim-configs/acme-okta'],
    ['PATCH', '/scim-configs/acme-okta'],
    ['DELETE', '/scim-configs/acme-okta'],
    ['POST', '/scim-configs/acme-okta/rotate-token'],
    ['GET', '/directory'],
    ['GET', '/log/har'],
    ['GET', '/stream'],
    ['PUT', '/nothing/here'],
  ]

  it('401 {error} and nothing else on every route without the right secret, before any body is read; nothing changes', async () => {
    const before = s.snapshot()
    for (const [method, path] of ROUTES) {
      for (const secret of [null, 'wrong-secret']) {
        const hasBody = method !== 'GET' && method !== 'DELETE'
        const r = await s.control(method, path, { secret, ...(hasBody ? { raw: '{"name": "x", "to": "empty"' } : {}) })
        expect(r.status, `${method} ${path}`).toBe(401)
        expect(r.body).toEqual({ error: 'the admin secret is missing or wrong' })
      }
    }
    // Even a body over the limit is a 401, not a 413, without the secret.
    const big = await s.control('POST', '/projects', { secret: null, raw: JSON.stringify({ name: 'x'.repeat(2_000_000) }) })
    expect(big.status).toBe(401)
    expect(s.snapshot()).toBe(before)
  })

  it('info has the local origin and the settings; GET /settings says how the sandbox was started', async () => {
    const info = workspaceInfoSchema.parse((await s.control('GET', '/info')).body)
    expect(info.localOrigin).toBe(`http://127.0.0.1:${s.sb.port}`)
    expect(info.origin).toBe(info.localOrigin)
    expect(info.settings).toEqual({
      port: s.sb.port,
      host: '127.0.0.1',
      publicUrl: null,
      dataFile: s.sb.dataFile,
      logFile: `${s.sb.dataFile}.log.ndjson`,
      logCapacity: 20_000,
      maxLogCapacity: 200_000,
      bodyLimit: 1_048_576,
    })
    expect(settingsSchema.parse((await s.control('GET', '/settings')).body)).toEqual(info.settings)
  })

  it('PATCH /settings resizes the request log at run time; port, host and files are read-only', async () => {
    const t2 = await startTestSandbox({ logCapacity: 300 })
    try {
      for (let i = 0; i < 250; i++) await t2.req('GET', `/scim/v2/acme-okta/Users/missing-${i}`)
      expect(t2.sb.log.size).toBe(250)
      const r = await t2.control('PATCH', '/settings', { body: { logCapacity: 100 } })
      expect(r.status).toBe(200)
      expect(r.body.logCapacity).toBe(100)
      expect(t2.sb.log.capacity).toBe(100)
      expect(t2.sb.log.size).toBe(100)
      const page = t2.sb.log.page({ limit: 1000 } as any)
      expect(page.entries).toHaveLength(100)
      // The newest ones are kept: the PATCH itself is the newest.
      expect(page.entries[0]).toMatchObject({ method: 'PATCH', path: '/_sandbox/api/settings' })
      expect(page.entries[1]!.path).toBe('/scim/v2/acme-okta/Users/missing-249')
      expect((await t2.control('GET', '/info')).body.logCapacity).toBe(100)
      for (let i = 0; i < 120; i++) await t2.req('GET', `/scim/v2/acme-okta/Users/more-${i}`)
      expect(t2.sb.log.size).toBe(100)

      const grow = await t2.control('PATCH', '/settings', { body: { logCapacity: 5000 } })
      expect(grow.body.logCapacity).toBe(5000)
      for (let i = 0; i < 50; i++) await t2.req('GET', `/scim/v2/acme-okta/Users/grow-${i}`)
      expect(t2.sb.log.size).toBe(151)

      const low = await t2.control('PATCH', '/settings', { body: { logCapacity: 50 } })
      expect(low.status).toBe(400)
      expect(low.body.issues).toEqual([{ path: ['logCapacity'], message: 'keep at least 100 entries' }])
      const port = await t2.control('PATCH', '/settings', { body: { port: 8080 } })
      expect(port.status).toBe(400)
      expect(port.body.issues).toEqual([{ path: ['port'], message: 'unknown field "port"' }])
      expect(t2.sb.log.capacity).toBe(5000)
    } finally {
      await t2.close()
    }
  })

  it('malformed JSON is 400 {error}, a too-large body 413 {error}, another content type 415: JSON, never HTML, nothing changes', async () => {
    const t2 = await startTestSandbox({ bodyLimit: 2048 })
    try {
      const before = t2.snapshot()
      const cases: [number, { raw: string; headers?: Record<string, string> }][] = [
        [400, { raw: '{"name": ' }],
        [400, { raw: '{"name": "x"}}' }],
        [413, { raw: JSON.stringify({ name: 'x'.repeat(4000) }) }],
        [415, { raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }],
      ]
      for (const [status, opts] of cases) {
        const r = await t2.control('POST', '/projects', opts)
        expect(r.status, opts.raw.slice(0, 20)).toBe(status)
        expect(r.headers.get('content-type')).toMatch(/^application\/json/)
        expect(Object.keys(r.body)).toEqual(['error'])
      }
      expect(t2.snapshot()).toBe(before)
      const bad = await t2.control('GET', '/projects/%E0%A4%A/teams')
      expect(bad.status).toBe(400)
      expect(bad.headers.get('content-type')).toMatch(/^application\/json/)
      // Still serving.
      expect((await t2.control('POST', '/projects', { body: { name: 'Fine' } })).status).toBe(201)
    } finally {
      await t2.close()
    }
  })

  it('control writes are logged with their source and events; bearer tokens in bodies are redacted both ways', async () => {
    const token = 'my-secret-bearer-token-12345'
    const r = await s.control('POST', '/scim-configs', {
      body: { kind: 'project', projectId: 'acme', name: 'Logged', bearerToken: token },
      headers: { 'X-Scim-Sandbox-Source': 'ui' },
    })
    expect(r.status).toBe(201)
    const summary = s.sb.log.page({ path: '/_sandbox/api/scim-configs', method: 'POST', limit: 1 } as any).entries[0]!
    const entry = s.sb.log.get(summary.seq)!
    expect(entry).toMatchObject({ source: 'ui', surface: 'control', status: 201, configId: r.body.id })
    expect(entry.events.map((e) => e.type)).toEqual(['config.created'])
    expect(JSON.parse(entry.requestBody!.text).bearerToken).toMatch(/…\[redacted\]$/)
    expect(JSON.parse(entry.responseBody!.text).bearerToken).toMatch(/…\[redacted\]$/)
    expect(entry.requestHeaders['x-sandbox-secret']).toMatch(/…\[redacted\]$/)
    expect(JSON.stringify(entry)).not.toContain(token)
    expect(JSON.stringify(entry)).not.toContain(s.sb.adminSecret)
    // Reads are not logged.
    await s.control('GET', '/scim-configs')
    expect(s.sb.log.page({ limit: 1 } as any).entries[0]!.seq).toBe(summary.seq)
  })

  it('the directory lists each config\'s SCIM users and groups', async () => {
    const u = await s.req('POST', '/scim/v2/acme-okta/Users', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'dir2@acme.test', externalId: 'ext-9' } })
    const g = await s.req('POST', '/scim/v2/acme-okta/Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'DirGroup', members: [{ value: u.body.id }] } })
    const dir = directorySchema.parse((await s.control('GET', '/directory')).body)
    const okta = dir.projects[0]!.scimConfigs.find((c) => c.id === 'acme-okta')!
    const account = dir.projects[0]!.accounts.find((a) => a.email === 'dir2@acme.test')!
    expect(okta.scimUsers).toContainEqual({ id: u.body.id, userName: 'dir2@acme.test', externalId: 'ext-9', active: true, accountId: account.id })
    const group = okta.scimGroups.find((x) => x.id === g.body.id)!
    expect(group).toMatchObject({ displayName: 'DirGroup', externalId: null })
    expect(dir.projects[0]!.teams.find((x) => x.id === group.teamId)).toMatchObject({ name: 'DirGroup', scimConfigId: 'acme-okta', members: [account.id] })
    expect(okta.users).toBe(okta.scimUsers.length)
  })
})

describe('the log path filter', () => {
  it('searches path and decoded query, as the Live log screen does, so GET /log and the HAR export match the screen', async () => {
    await t.req('GET', `/scim/v2/acme-okta/Users?filter=${encodeURIComponent('userName eq "pathfilter@acme.test"')}`)
    const q = encodeURIComponent('username eq "pathfilter@')
    const page = (await t.control('GET', `/log?path=${q}`)).body
    expect(page.entries.map((e: any) => e.path)).toEqual(['/scim/v2/acme-okta/Users'])
    const har = (await t.control('GET', `/log/har?path=${q}`)).body
    expect(har.log.entries).toHaveLength(1)
  })
})

describe('the UI pages', () => {
  it('the placeholder page carries the strict CSP and nosniff', async () => {
    const r = await fetch(`${t.sb.localOrigin}/`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toBe(UI_CSP)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(UI_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    )
  })

  it('the built renderer\'s HTML carries the CSP; its other files nosniff', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-sandbox-ui-'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title><script src="./app.js"></script>')
    await writeFile(join(dir, 'app.js'), 'console.log(1)')
    const t2 = await startTestSandbox({ rendererDir: dir })
    try {
      const html = await fetch(`${t2.sb.localOrigin}/`)
      expect(html.status).toBe(200)
      expect(html.headers.get('content-security-policy')).toBe(UI_CSP)
      expect(html.headers.get('x-content-type-options')).toBe('nosniff')
      const js = await fetch(`${t2.sb.localOrigin}/app.js`)
      expect(js.headers.get('x-content-type-options')).toBe('nosniff')
      expect(js.headers.get('content-security-policy')).toBeNull()
    } finally {
      await t2.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('--public-url', () => {
  it('Location and meta.location use it, and so do the control API\'s endpoints and config views; HAR and settings keep the local origin apart', async () => {
    const t2 = await startTestSandbox({ publicUrl: 'https://abc.ngrok.example' })
    try {
      const local = `http://127.0.0.1:${t2.sb.port}`
      const created = await t2.req('POST', `${local}/scim/v2/acme-okta/Users`, { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'pub2@acme.test' } })
      expect(created.status).toBe(201)
      expect(created.headers.get('location')).toBe(`https://abc.ngrok.example/scim/v2/acme-okta/Users/${created.body.id}`)
      expect(created.body.meta.location).toBe(created.headers.get('location'))

      const info = (await t2.control('GET', '/info')).body
      expect(info.origin).toBe('https://abc.ngrok.example')
      expect(info.localOrigin).toBe(local)
      expect(info.settings.publicUrl).toBe('https://abc.ngrok.example')
      expect(info.endpoints.map((e: any) => e.baseUrl)).toEqual([
        'https://abc.ngrok.example/scim/v2/acme-okta',
        'https://abc.ngrok.example/status-page-scim/v2/acme-status-entra',
        'https://abc.ngrok.example/iam/scim/v2/tenant-1',
      ])
      expect(info.endpoints[0].aliasUrl).toBe('https://abc.ngrok.example/api/identity/scim/v2/acme-okta')
      const config = (await t2.control('GET', '/scim-configs/acme-okta')).body
      expect(config).toMatchObject({ baseUrl: 'https://abc.ngrok.example/scim/v2/acme-okta', aliasUrl: 'https://abc.ngrok.example/api/identity/scim/v2/acme-okta' })
      const har = (await t2.control('GET', '/log/har?method=POST')).body
      expect(har.log.entries[0].request.url).toBe(`${local}/scim/v2/acme-okta/Users`)
    } finally {
      await t2.close()
    }
  })
})
