import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IAM_KIND_INFO, IAM_KINDS } from '@shared/iam'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { create, expectScimError, newTenant, seg, type IamTenantHandle } from './helpers'

/**
 * Acceptance, issue 6: tenant isolation (a token opens its own tenant only; revoked, disabled and expired tokens are
 * refused from the very next request), the IAM surface in /openapi.json, and IAM requests in the request log with
 * their surface, tenant and events.
 */

let t: TestSandbox
let a: IamTenantHandle
let b: IamTenantHandle
type Obj = Record<string, any>

beforeAll(async () => {
  t = await startTestSandbox()
  a = await newTenant(t, 'Tenant A')
  b = await newTenant(t, 'Tenant B')
})
afterAll(async () => {
  await t?.close()
})

/** The tokens admin API (reference scim-tokens-api.txt), with an access token from the OAuth client of the example seed. */
async function tokensAdmin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'scim-tokens:read scim-tokens:write' })
  const at = await fetch(`${t.sb.origin}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('admin-cli:s3cret').toString('base64')}` },
    body: form,
  })
  expect(at.status).toBe(200)
  const jwt = ((await at.json()) as { access_token: string }).access_token
  const res = await fetch(`${t.sb.origin}/api/v1/admin/scim-tokens/${path}`, {
    method,
    headers: { Authorization: `Bearer ${jwt}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

describe('IAM isolation', () => {
  it("tenant A's token on tenant B's paths is 401, for every kind and method; B's data stays B's", async () => {
    const inB = await create(b, 'action', { name: 'b-only' })
    const before = t.snapshot()
    for (const kind of IAM_KINDS) {
      for (const [method, path] of [
        ['GET', seg(kind)],
        ['POST', seg(kind)],
        ['GET', `${seg(kind)}/${inB.id}`],
        ['PUT', `${seg(kind)}/${inB.id}`],
        ['PATCH', `${seg(kind)}/${inB.id}`],
        ['DELETE', `${seg(kind)}/${inB.id}`],
      ] as const) {
        const r = await b.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : { name: 'x' }, { token: a.token })
        expectScimError(r, 401)
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/)
      }
    }
    expectScimError(await b.call('GET', 'ServiceProviderConfig', undefined, { token: a.token }), 401)
    expect(t.snapshot()).toBe(before)
    // With its own token, A sees none of B's resources, and B's ids are unknown there.
    expect((await a.call('GET', 'Actions')).body.totalResults).toBe(0)
    expectScimError(await a.call('GET', `Actions/${inB.id}`), 404)
    expect((await b.call('GET', `Actions/${inB.id}`)).status).toBe(200)
  })

  it('no token, a wrong token, or another scheme is 401 with WWW-Authenticate', async () => {
    for (const headers of [{}, { Authorization: 'Bearer tok-nope' }, { Authorization: `Basic ${a.token}` }, { Authorization: 'Bearer' }] as Record<string, string>[]) {
      const r = await a.call('GET', 'Users', undefined, { token: null, headers })
      expectScimError(r, 401)
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/)
    }
  })

  it('a token revoked through the tokens admin API (DELETE) is refused on the very next request', async () => {
    const made = await tokensAdmin('POST', '', { name: 'okta', tenant_id: a.id })
    expect(made.status).toBe(201)
    const token = made.body.token as string
    expect((await a.call('GET', 'Groups', undefined, { token })).status).toBe(200)
    expect((await tokensAdmin('DELETE', made.body.id)).status).toBe(204)
    expectScimError(await a.call('GET', 'Groups', undefined, { token }), 401)
    expectScimError(await a.call('POST', 'Groups', { displayName: 'after revoke' }, { token }), 401)
    // The tenant's other token is untouched.
    expect((await a.call('GET', 'Groups')).status).toBe(200)
  })

  it('disabled and expired tokens are refused at once; re-enabled works again', async () => {
    const made = await tokensAdmin('POST', '', { name: 'entra', tenant_id: a.id })
    const token = made.body.token as string
    expect((await a.call('GET', 'Roles', undefined, { token })).status).toBe(200)
    expect((await tokensAdmin('PATCH', made.body.id, { enabled: false })).status).toBe(200)
    expect(expectScimError(await a.call('GET', 'Roles', undefined, { token }), 401).detail).toMatch(/disabled/)
    expect((await tokensAdmin('PATCH', made.body.id, { enabled: true })).status).toBe(200)
    expect((await a.call('GET', 'Roles', undefined, { token })).status).toBe(200)
    expect((await tokensAdmin('PATCH', made.body.id, { expires_at: '2020-01-01T00:00:00Z' })).status).toBe(200)
    expect(expectScimError(await a.call('GET', 'Roles', undefined, { token }), 401).detail).toMatch(/expired/)
    // Through the control API too (what the UI does).
    const k = await t.control('POST', `/iam-tenants/${a.id}/tokens`, { body: { name: 'ui' } })
    expect((await a.call('GET', 'Roles', undefined, { token: k.body.token })).status).toBe(200)
    expect((await t.control('DELETE', `/iam-tokens/${k.body.id}`)).status).toBe(204)
    expectScimError(await a.call('GET', 'Roles', undefined, { token: k.body.token }), 401)
  })

  it('an unknown tenant is 404, whatever the token', async () => {
    for (const token of [a.token, null]) {
      const r = await t.iam('GET', 'no-such-tenant/Users', { token })
      expect(expectScimError(r, 404).detail).toContain('no-such-tenant')
    }
  })

  it('a deleted tenant is 404 and its token is gone with it', async () => {
    const c = await newTenant(t, 'Short Lived')
    await create(c, 'user', { userName: 'temp' })
    expect((await t.control('DELETE', `/iam-tenants/${c.id}`)).status).toBe(204)
    expectScimError(await c.call('GET', 'Users'), 404)
  })
})

describe('IAM surface', () => {
  it('ServiceProviderConfig: filter and PATCH supported, maxResults 1000, no ETag preconditions', async () => {
    const r = await a.call('GET', 'ServiceProviderConfig')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/)
    expect(r.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 1000 }, etag: { supported: false }, bulk: { supported: false } })
    expect(r.body.meta.location).toBe(`${a.base}/ServiceProviderConfig`)
  })

  it('appears in /openapi.json: every segment with list/create and get/PUT/PATCH/DELETE', async () => {
    const doc = (await (await fetch(`${t.sb.origin}/openapi.json`)).json()) as Obj
    for (const kind of IAM_KINDS) {
      const s = IAM_KIND_INFO[kind].segment
      expect(Object.keys(doc.paths[`/iam/scim/v2/{tenantId}/${s}`] ?? {}).sort(), s).toEqual(['get', 'post'])
      expect(Object.keys(doc.paths[`/iam/scim/v2/{tenantId}/${s}/{id}`] ?? {}).sort(), s).toEqual(['delete', 'get', 'patch', 'put'])
    }
    expect(doc.tags.map((x: Obj) => x.name)).toContain('IAM SCIM provider')
  })

  it('requests appear in the request log: surface iam-scim, the tenant, and the events they caused', async () => {
    const made = await create(a, 'group', { displayName: 'Logged' })
    await a.call('DELETE', `Groups/${made.id}`)
    await a.call('GET', 'Groups', undefined, { token: b.token })
    const page = await t.control('GET', `/log?surface=iam-scim&configId=${encodeURIComponent(a.id)}&limit=20`)
    expect(page.status, page.text).toBe(200)
    const entries = page.body.entries as Obj[]
    for (const e of entries) expect(e).toMatchObject({ surface: 'iam-scim', configId: a.id })
    const post = entries.find((e) => e.method === 'POST' && e.path === `/iam/scim/v2/${a.id}/Groups` && e.status === 201)!
    expect(post).toBeDefined()
    const full = await t.control('GET', `/log/${post.seq}`)
    expect(full.body.events.map((e: Obj) => e.type)).toContain('iam.resource.created')
    expect(full.body.events[0].message).toContain('Logged')
    expect(full.body.requestHeaders.authorization).not.toContain(a.token)
    const del = entries.find((e) => e.method === 'DELETE' && e.status === 204)!
    expect((await t.control('GET', `/log/${del.seq}`)).body.events.map((e: Obj) => e.type)).toContain('iam.resource.deleted')
    expect(entries.find((e) => e.status === 401)).toMatchObject({ path: `/iam/scim/v2/${a.id}/Groups`, eventCount: 0 })
  })

  it('a user’s password never reaches the log', async () => {
    await create(a, 'user', { userName: 'logged-user', password: 'Very-Secret-Pw-991' })
    const page = await t.control('GET', `/log?surface=iam-scim&method=POST&limit=5`)
    const entry = (await t.control('GET', `/log/${page.body.entries[0].seq}`)).body
    expect(JSON.stringify(entry)).not.toContain('Very-Secret-Pw-991')
    expect(t.snapshot()).not.toContain('Very-Secret-Pw-991')
  })
})
