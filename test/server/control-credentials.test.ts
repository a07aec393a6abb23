import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { apiKeyCreatedSchema, apiKeyViewSchema, iamTenantViewSchema, iamTokenCreatedSchema, iamTokenViewSchema, oauthClientSecretSchema, oauthClientViewSchema } from '@shared/control'
import { endpointInfoOut } from '@shared/tokens'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

/** The Configs screen's credentials over the control API: API keys, OAuth clients, IAM tenants and SCIM tokens. */
let t: TestSandbox
beforeEach(async () => {
  t = await startTestSandbox()
})
afterEach(() => t.close())

const refused = (status: number, method: string, path: string, body?: unknown) => t.controlRefused(status, method, path, body)

async function fetchJson(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${t.sb.origin}${path}`, { method, headers, body })
  const text = await res.text()
  return { status: res.status, text }
}
const resourceApi = (key: string) => fetchJson('POST', '/api/team/get-list', { ApiKey: key })
const oauthToken = (clientId: string, secret: string) =>
  fetchJson('POST', '/api/v1/oauth/token', { 'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString())
const probe = (tenant: string, token: string) => fetchJson('GET', `/iam/scim/v2/${tenant}/ServiceProviderConfig`, { Authorization: `Bearer ${token}` })
/** Everything the request log holds, as text: secrets must never be in it. */
const logText = () => JSON.stringify(t.sb.log.matching({} as any))

describe('credentials control API', () => {
  it('401 without the admin secret', async () => {
    for (const [m, p] of [['GET', '/projects/acme/api-keys'], ['GET', '/oauth-clients'], ['GET', '/iam-tenants'], ['POST', '/iam-tenants']] as const) {
      const r = await t.control(m, p, { secret: null, body: m === 'POST' ? { name: 'x' } : undefined })
      expect(r.status, `${m} ${p}`).toBe(401)
    }
  })

  it('API keys: create (key once, digest stored), list, works on the resource API, revoke stops it', async () => {
    const c = await t.control('POST', '/projects/acme/api-keys', { body: { name: 'CI key', permissions: ['ProjectAdmin'] } })
    expect(c.status, c.text).toBe(201)
    const created = apiKeyCreatedSchema.parse(c.body)
    expect(created.key.startsWith(created.keyPrefix)).toBe(true)
    expect(t.snapshot()).not.toContain(created.key)
    const list = await t.control('GET', '/projects/acme/api-keys')
    const mine = list.body.map((k: unknown) => apiKeyViewSchema.strict().parse(k)).find((k: { id: string }) => k.id === created.id)
    expect(mine).toMatchObject({ name: 'CI key', permissions: ['ProjectAdmin'], projectId: 'acme' })
    expect(list.text).not.toContain(created.key)
    expect((await resourceApi(created.key)).status).toBe(200)
    // The create answer is in the log, redacted; the resource API request too (its ApiKey header).
    const entry = t.sb.log.matching({} as any).find((e) => e.method === 'POST' && e.path.endsWith('/api-keys'))!
    expect(entry.responseBody?.text).toContain(`"key":"${created.key.slice(0, 5)}…[redacted]"`)
    expect(logText()).not.toContain(created.key)

    expect((await t.control('DELETE', `/api-keys/${created.id}`)).status).toBe(204)
    expect((await resourceApi(created.key)).status).toBe(401)
    expect((await t.control('GET', '/projects/acme/api-keys')).body.some((k: { id: string }) => k.id === created.id)).toBe(false)
  })

  it('API keys: bad input 400 with issues, unknown project and key 404: nothing changes', async () => {
    const none = await refused(400, 'POST', '/projects/acme/api-keys', { name: 'x', permissions: [] })
    expect(none.issues?.[0]?.path).toEqual(['permissions'])
    const bad = await refused(400, 'POST', '/projects/acme/api-keys', { name: '', permissions: ['Wizard'] })
    expect(bad.issues?.map((i) => i.path[0]).sort()).toEqual(['name', 'permissions'])
    await refused(404, 'POST', '/projects/nope/api-keys', { name: 'x', permissions: ['ProjectMember'] })
    await refused(404, 'DELETE', '/api-keys/nope')
  })

  it('OAuth clients: create (secret once), the client gets a token; rotate replaces the secret; delete', async () => {
    const c = await t.control('POST', '/oauth-clients', { body: { clientId: 'ci-bot', scopes: ['scim-tokens:read'] } })
    expect(c.status, c.text).toBe(201)
    const { clientSecret } = oauthClientSecretSchema.parse(c.body)
    expect(t.snapshot()).not.toContain(clientSecret)
    const list = await t.control('GET', '/oauth-clients')
    expect(list.body.map((x: unknown) => oauthClientViewSchema.strict().parse(x)).find((x: { clientId: string }) => x.clientId === 'ci-bot')).toMatchObject({ scopes: ['scim-tokens:read'] })
    expect(list.text).not.toContain(clientSecret)
    expect((await oauthToken('ci-bot', clientSecret)).status).toBe(200)

    const r = await t.control('POST', '/oauth-clients/ci-bot/rotate-secret')
    expect(r.status).toBe(200)
    const next = oauthClientSecretSchema.parse(r.body).clientSecret
    expect(next).not.toBe(clientSecret)
    expect((await oauthToken('ci-bot', clientSecret)).status).toBe(401)
    expect((await oauthToken('ci-bot', next)).status).toBe(200)
    const log = logText()
    expect(log).not.toContain(clientSecret)
    expect(log).not.toContain(next)

    expect((await t.control('DELETE', '/oauth-clients/ci-bot')).status).toBe(204)
    expect((await oauthToken('ci-bot', next)).status).toBe(401)
  })

  it('OAuth clients: bad scopes 400, taken id 409, unknown 404: nothing changes', async () => {
    const b = await refused(400, 'POST', '/oauth-clients', { scopes: ['root'] })
    expect(b.issues?.[0]?.path[0]).toBe('scopes')
    await refused(400, 'POST', '/oauth-clients', { scopes: [] })
    await refused(409, 'POST', '/oauth-clients', { clientId: 'admin-cli', scopes: ['scim-tokens:read'] })
    await refused(404, 'POST', '/oauth-clients/nope/rotate-secret')
    await refused(404, 'DELETE', '/oauth-clients/nope')
  })

  it('IAM tenants and tokens: create, list, endpoint info, token works on the IAM probe, disable, revoke, cascade delete', async () => {
    const c = await t.control('POST', '/iam-tenants', { body: { name: 'Training Tenant' } })
    expect(c.status, c.text).toBe(201)
    const tenant = iamTenantViewSchema.parse(c.body)
    expect(tenant).toEqual({ id: 'training-tenant', name: 'Training Tenant', scimBaseUrl: `${t.sb.origin}/iam/scim/v2/training-tenant`, tokenCount: 0, wireFormat: 'reference' })
    expect((await t.control('GET', '/iam-tenants')).body.map((x: { id: string }) => x.id)).toContain('training-tenant')

    const info = await t.control('GET', '/iam-tenants/training-tenant/endpoint-info')
    expect(endpointInfoOut.parse(info.body)).toMatchObject({ tenant_id: 'training-tenant', scim_base_url: tenant.scimBaseUrl, auth_scheme: 'Bearer' })

    const k = await t.control('POST', '/iam-tenants/training-tenant/tokens', { body: { name: 'Okta', expiresAt: '2099-01-01T00:00:00Z' } })
    expect(k.status, k.text).toBe(201)
    const tok = iamTokenCreatedSchema.parse(k.body)
    expect(tok).toMatchObject({ name: 'Okta', expiresAt: '2099-01-01T00:00:00.000Z', enabled: true, revokedAt: null })
    expect(tok.token.startsWith(tok.tokenPrefix)).toBe(true)
    expect(t.snapshot()).not.toContain(tok.token)
    const list = await t.control('GET', '/iam-tenants/training-tenant/tokens')
    expect(list.body.map((x: unknown) => iamTokenViewSchema.strict().parse(x).id)).toEqual([tok.id])
    expect(list.text).not.toContain(tok.token)
    expect((await t.control('GET', '/iam-tenants')).body.find((x: { id: string }) => x.id === 'training-tenant').tokenCount).toBe(1)

    expect((await probe('training-tenant', tok.token)).status).toBe(200)
    const off = await t.control('PATCH', `/iam-tokens/${tok.id}`, { body: { enabled: false } })
    expect(off.body).toMatchObject({ enabled: false })
    expect((await probe('training-tenant', tok.token)).status).toBe(401)
    await t.control('PATCH', `/iam-tokens/${tok.id}`, { body: { enabled: true } })
    expect((await probe('training-tenant', tok.token)).status).toBe(200)

    expect((await t.control('DELETE', `/iam-tokens/${tok.id}`)).status).toBe(204)
    expect((await probe('training-tenant', tok.token)).status).toBe(401)
    const after = await t.control('GET', '/iam-tenants/training-tenant/tokens')
    expect(after.body[0].revokedAt).toEqual(expect.any(String))
    expect(logText()).not.toContain(tok.token)

    expect((await t.control('DELETE', '/iam-tenants/training-tenant')).status).toBe(204)
    expect(t.sb.store.get('iamScimTokens', tok.id)).toBeUndefined()
    expect(t.sb.store.get('iamTenants', 'training-tenant')).toBeUndefined()
  })

  it('IAM: bad input 400, unknown 404, taken id 409: nothing changes', async () => {
    await refused(400, 'POST', '/iam-tenants', { name: '' })
    await refused(400, 'POST', '/iam-tenants', { id: 'a b', name: 'X' })
    await refused(409, 'POST', '/iam-tenants', { id: 'tenant-1', name: 'X' })
    await refused(404, 'DELETE', '/iam-tenants/nope')
    await refused(404, 'GET', '/iam-tenants/nope/endpoint-info')
    const e = await refused(400, 'POST', '/iam-tenants/tenant-1/tokens', { name: 'x', expiresAt: 'tomorrow' })
    expect(e.issues?.[0]?.path).toEqual(['expiresAt'])
    await refused(404, 'POST', '/iam-tenants/nope/tokens', { name: 'x' })
    const existing = (await t.control('GET', '/iam-tenants/tenant-1/tokens')).body[0].id as string
    const p = await refused(400, 'PATCH', `/iam-tokens/${existing}`, { enabled: 'yes' })
    expect(p.issues?.[0]?.path).toEqual(['enabled'])
    await refused(404, 'PATCH', '/iam-tokens/nope', { enabled: false })
    await refused(404, 'DELETE', '/iam-tokens/nope')
  })
})

describe('credential changes are domain events in the request log, without their secrets', () => {
  it('API key, OAuth client and IAM tenant writes each carry their event; resource-API user edits too', async () => {
    const key = (await t.control('POST', '/projects/acme/api-keys', { body: { name: 'ci', permissions: ['ProjectAdmin'] } })).body
    const client = (await t.control('POST', '/oauth-clients', { body: { clientId: 'ci-client', scopes: ['scim-tokens:read'] } })).body
    const rotated = (await t.control('POST', '/oauth-clients/ci-client/rotate-secret')).body
    await t.control('POST', '/iam-tenants', { body: { id: 'tenant-ev', name: 'Events' } })
    await t.control('DELETE', '/iam-tenants/tenant-ev')
    await t.control('DELETE', `/api-keys/${key.id}`)
    const owner = { ApiKey: 'key-owner', 'Content-Type': 'application/json' }
    const made = JSON.parse((await fetchJson('POST', '/api/user', owner, JSON.stringify({ data: { email: 'ev@acme.test', name: 'Ev' } }))).text)
    await fetchJson('PUT', `/api/user/${made._id}`, owner, JSON.stringify({ data: { name: 'Eve' } }))
    await fetchJson('DELETE', `/api/user/${made._id}`, owner)

    const events = t.sb.log.page({ limit: 1000 }).entries.flatMap((e) => t.sb.log.get(e.seq)!.events)
    const types = events.map((e) => e.type)
    for (const type of ['apiKey.created', 'apiKey.deleted', 'oauthClient.created', 'oauthClient.secretRotated', 'iamTenant.created', 'iamTenant.deleted', 'account.updated', 'account.deleted']) {
      expect(types, type).toContain(type)
    }
    const messages = JSON.stringify(events)
    for (const secret of [key.key, client.clientSecret, rotated.clientSecret]) expect(messages).not.toContain(secret)
  })
})
