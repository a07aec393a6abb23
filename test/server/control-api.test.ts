import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
