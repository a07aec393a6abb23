import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, startTestSandbox, type TestSandbox } from '../helpers/sandbox'

/** The tokens admin API (reference/scim-tokens-api.txt), its OAuth bearer auth and the IAM SCIM token check. */
let t: TestSandbox
const BASE = '/api/v1/admin/scim-tokens'
const PROBE = (tenant: string) => `/iam/scim/v2/${tenant}/ServiceProviderConfig`
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/scim-tokens-examples.json'), 'utf8')) as {
  examples: { name: string; method: string; path: string; query?: string; scope: string; body?: unknown; status: number; keys?: string[]; itemKeys?: string[]; detail?: unknown[] }[]
}

beforeAll(async () => {
  t = await startTestSandbox({
    mutateSeed: (seed) => {
      seed.iam.oauthClients.push({ clientId: 'reader', clientSecret: 'read-only-secret', scopes: ['scim-tokens:read'] })
      seed.iam.oauthClients.push({ clientId: 'writer', clientSecret: 'write-only-secret', scopes: ['scim-tokens:write'] })
      seed.iam.tenants.push({ id: 'tenant-2', name: 'Other tenant', scimTokens: [{ name: 'old', token: 'tok-iam-expired', expiresAt: '2020-01-01T00:00:00.000Z' }] })
    },
  })
})
afterAll(() => t?.close())

async function accessToken(client = 'admin-cli', secret = 's3cret', scope?: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: client, client_secret: secret, ...(scope ? { scope } : {}) })
  const res = await fetch(`${t.sb.origin}/api/v1/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

async function api(method: string, path: string, o: { jwt?: string | null; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {}
  const jwt = o.jwt === undefined ? await accessToken() : o.jwt
  if (jwt !== null) headers.Authorization = `Bearer ${jwt}`
  const body = o.raw !== undefined ? o.raw : o.body !== undefined ? JSON.stringify(o.body) : undefined
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${t.sb.origin}${path}`, { method, headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text }
}

const probe = (token: string | null, tenant = 'tenant-1') => t.req('GET', PROBE(tenant), { token })
const seededTokenId = () => [...t.sb.store.all('iamScimTokens')].find((x) => x.name === 'idp')!.id

describe('every request of the reference, as written', () => {
  it.each(fixture.examples.map((e) => [e.name, e] as const))('%s', async (_name, ex) => {
    // A token of its own for the token_id examples, so Revoke does not take the seed's token away from other tests.
    const own = await api('POST', `${BASE}/`, { body: { name: `for ${ex.name}`, tenant_id: 'tenant-1' } })
    const sub = (s: string) => s.replace('{tenant_id}', 'tenant-1').replace('{token_id}', own.body.id)
    const path = sub(ex.path) + (ex.query ? `?${sub(ex.query)}` : '')
    const body = ex.body === undefined ? undefined : JSON.parse(sub(JSON.stringify(ex.body)))
    const r = await api(ex.method, path, { jwt: await accessToken('admin-cli', 's3cret', ex.scope), body })
    expect(r.status).toBe(ex.status)
    if (ex.status === 204) expect(r.text).toBe('')
    if (ex.keys) expect(Object.keys(r.body).sort()).toEqual(ex.keys)
    if (ex.itemKeys) {
      expect(r.body.items.length).toBeGreaterThan(0)
      for (const item of r.body.items) expect(Object.keys(item).sort()).toEqual(ex.itemKeys)
    }
    if (ex.detail) expect(r.body.detail).toMatchObject(ex.detail)
    if (ex.detail) for (const d of r.body.detail) expect(Object.keys(d).sort()).toEqual(['loc', 'msg', 'type'])
  })

  it('answers with and without the trailing slash', async () => {
    for (const p of [BASE, `${BASE}/`]) expect((await api('GET', p)).status).toBe(200)
    expect((await api('GET', `${BASE}/endpoint-info/?tenant_id=tenant-1`)).status).toBe(200)
    expect((await api('POST', BASE, { body: { name: 'no-slash', tenant_id: 'tenant-1' } })).status).toBe(201)
  })
})

describe('list, get, endpoint-info', () => {
  it('pages newest first with total, filters by tenant, and never shows a token', async () => {
    const all = await api('GET', `${BASE}/?per_page=1&page=1`)
    expect(all.body).toMatchObject({ page: 1, per_page: 1 })
    expect(all.body.items).toHaveLength(1)
    expect(all.body.total).toBe(t.sb.store.size('iamScimTokens'))
    const p2 = await api('GET', `${BASE}/?per_page=1&page=2`)
    expect(p2.body.items[0].id).not.toBe(all.body.items[0].id)
    const t2 = await api('GET', `${BASE}/?tenant_id=tenant-2`)
    expect(t2.body.total).toBe(1)
    expect(t2.body.items[0]).toMatchObject({ name: 'old', tenant_id: 'tenant-2', expires_at: '2020-01-01T00:00:00.000Z', enabled: true, revoked_at: null })
    const defaults = await api('GET', `${BASE}/`)
    expect(defaults.body).toMatchObject({ page: 1, per_page: 20 })
    for (const r of [all, p2, t2, defaults]) expect(r.text).not.toMatch(/"token"/)
    const far = await api('GET', `${BASE}/?page=99`)
    expect(far.body.items).toEqual([])
  })

  it('endpoint-info says what to paste where in Okta and Entra', async () => {
    const r = await api('GET', `${BASE}/endpoint-info?tenant_id=tenant-1`)
    expect(r.body).toMatchObject({ tenant_id: 'tenant-1', tenant_name: 'Demo tenant', scim_base_url: `${t.sb.origin}/iam/scim/v2/tenant-1`, auth_scheme: 'Bearer' })
    expect(r.body.okta.steps.find((s: { field: string }) => /base URL/.test(s.field)).value).toBe(`${t.sb.origin}/iam/scim/v2/tenant-1`)
    expect(r.body.entra.steps.find((s: { field: string }) => /Tenant URL/.test(s.field)).value).toBe(`${t.sb.origin}/iam/scim/v2/tenant-1?aadOptscim062020`)
    const none = await api('GET', `${BASE}/endpoint-info`)
    expect(none.body).toMatchObject({ tenant_id: null, scim_base_url: `${t.sb.origin}/iam/scim/v2/{tenant_id}` })
  })

  it('unknown tenant or token is 404 {detail}, and changes nothing', async () => {
    const before = t.snapshot()
    const cases = [
      await api('GET', `${BASE}/?tenant_id=nope`),
      await api('GET', `${BASE}/endpoint-info?tenant_id=nope`),
      await api('POST', `${BASE}/`, { body: { name: 'x', tenant_id: 'nope' } }),
      await api('GET', `${BASE}/nope`),
      await api('PATCH', `${BASE}/nope`, { body: { enabled: false } }),
      await api('DELETE', `${BASE}/nope`),
    ]
    for (const r of cases) {
      expect(r.status).toBe(404)
      expect(r.body).toEqual({ detail: expect.stringMatching(/not found: nope/) })
    }
    expect(t.snapshot()).toBe(before)
  })
})

describe('token lifecycle on the IAM SCIM probe', () => {
  it('create → works → disabled → refused → enabled → works → revoked (204) → refused at once', async () => {
    const created = await api('POST', `${BASE}/`, { body: { name: 'okta', tenant_id: 'tenant-1' } })
    expect(created.status).toBe(201)
    const { token, id } = created.body
    expect(token).toMatch(/^tok-iam-/)
    expect(created.body).toMatchObject({ name: 'okta', tenant_id: 'tenant-1', token_prefix: token.slice(0, 12), enabled: true, revoked_at: null, expires_at: null })
    // Stored as a digest and a prefix only.
    expect(JSON.stringify(t.sb.store.toDoc(0))).not.toContain(token)

    const ok = await probe(token)
    expect(ok.status).toBe(200)
    expect(ok.body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'])
    expect(ok.headers.get('content-type')).toMatch(/application\/scim\+json/)
    expect((await probe(token, 'tenant-2')).status).toBe(401)

    expect((await api('PATCH', `${BASE}/${id}`, { body: { enabled: false } })).body.enabled).toBe(false)
    const off = await probe(token)
    expect(off.status).toBe(401)
    expect(off.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: expect.stringMatching(/disabled/) })
    expect(off.headers.get('www-authenticate')).toMatch(/^Bearer/)

    expect((await api('PATCH', `${BASE}/${id}`, { body: { enabled: true, name: 'okta-prod' } })).body).toMatchObject({ enabled: true, name: 'okta-prod' })
    expect((await probe(token)).status).toBe(200)

    const del = await api('DELETE', `${BASE}/${id}`)
    expect(del.status).toBe(204)
    expect((await probe(token)).status).toBe(401)
    const after = await api('GET', `${BASE}/${id}`)
    expect(after.body.revoked_at).toEqual(expect.any(String))
    expect(after.text).not.toContain(token)
    // Revoked stays revoked, whatever is patched; a second DELETE is 204 and changes nothing.
    await api('PATCH', `${BASE}/${id}`, { body: { enabled: true } })
    expect((await probe(token)).status).toBe(401)
    const before = t.snapshot()
    expect((await api('DELETE', `${BASE}/${id}`)).status).toBe(204)
    expect(t.snapshot()).toBe(before)
  })

  it('expiry: a past expires_at is refused, a future one works, and PATCH moves it', async () => {
    expect((await probe('tok-iam-expired', 'tenant-2')).body.detail).toMatch(/expired/)
    const c = await api('POST', `${BASE}/`, { body: { name: 'short', tenant_id: 'tenant-1', expires_at: '2000-01-01T00:00:00Z' } })
    expect(c.body.expires_at).toBe('2000-01-01T00:00:00.000Z')
    expect((await probe(c.body.token)).status).toBe(401)
    await api('PATCH', `${BASE}/${c.body.id}`, { body: { expires_at: '2999-01-01T00:00:00+02:00' } })
    expect((await probe(c.body.token)).status).toBe(200)
    await api('PATCH', `${BASE}/${c.body.id}`, { body: { expires_at: null } })
    expect((await probe(c.body.token)).status).toBe(200)
  })

  it('the probe: the seed token works; none, a wrong one, another tenant\'s are 401; an unknown tenant is 404', async () => {
    expect((await probe('tok-iam-tenant-1')).status).toBe(200)
    expect((await probe(null)).status).toBe(401)
    expect((await probe('tok-iam-wrong')).status).toBe(401)
    expect((await probe('tok-iam-tenant-1', 'tenant-2')).status).toBe(401)
    expect((await probe('tok-iam-tenant-1', 'tenant-9')).status).toBe(404)
  })

  it('writes are journaled and carry domain events that never contain the secret', async () => {
    const events: { type: string; message: string }[] = []
    const off = t.sb.subscribe((n) => {
      if (n.type === 'changed') events.push(...n.events)
    })
    const c = await api('POST', `${BASE}/`, { body: { name: 'evt', tenant_id: 'tenant-1' } })
    await api('PATCH', `${BASE}/${c.body.id}`, { body: { enabled: false } })
    await api('DELETE', `${BASE}/${c.body.id}`)
    off()
    expect(events.map((e) => e.type)).toEqual(['iamToken.created', 'iamToken.updated', 'iamToken.revoked'])
    expect(JSON.stringify(events)).not.toContain(c.body.token)
    expect(JSON.stringify(events)).not.toContain(c.body.token_prefix)
    const logged = t.sb.log.matching({ path: BASE }).filter((e) => e.method === 'POST' && e.status === 201).at(-1)!
    expect(logged.events.map((e) => e.type)).toEqual(['iamToken.created'])
    // Journaled before the answer: the revocation is on disk, without the token.
    const journal = readdirSync(t.dir).filter((f) => /journal/.test(f)).map((f) => readFileSync(join(t.dir, f), 'utf8')).join('')
    expect(journal).toContain(c.body.id)
    expect(journal).toMatch(new RegExp(`"id":"${c.body.id}"[^\\n]*"revokedAt":"\\d{4}`))
    expect(journal).not.toContain(c.body.token)
  })
})

describe('bearer JWT', () => {
  it('missing → 401 with a bare Bearer challenge; tampered, expired, wrong audience, wrong issuer, foreign key → 401 invalid_token', async () => {
    const before = t.snapshot()
    const missing = await api('GET', `${BASE}/`, { jwt: null })
    expect(missing.status).toBe(401)
    expect(missing.body).toEqual({ detail: expect.stringMatching(/Not authenticated/) })
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="scim-tokens"')

    const good = await accessToken()
    const [h, p, s] = good.split('.')
    const flipped = s![0] === 'A' ? `B${s!.slice(1)}` : `A${s!.slice(1)}`
    const moreScope = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), scope: 'everything' })).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    const bad = {
      tampered: `${h}.${p}.${flipped}`,
      'tampered payload': `${h}.${moreScope}.${s}`,
      expired: await t.sb.oauth.sign({ sub: 'admin-cli', scope: 'scim-tokens:read scim-tokens:write', iat: now - 7200, exp: now - 3600 }),
      'wrong audience': await t.sb.oauth.sign({ sub: 'admin-cli', scope: 'scim-tokens:read', aud: 'https://elsewhere.test' }),
      'wrong issuer': await t.sb.oauth.sign({ sub: 'admin-cli', scope: 'scim-tokens:read', iss: 'https://evil.test' }),
      garbage: 'not-a-jwt',
    }
    for (const [name, jwt] of Object.entries(bad)) {
      const r = await api('POST', `${BASE}/`, { jwt, body: { name: 'x', tenant_id: 'tenant-1' } })
      expect(r.status, name).toBe(401)
      expect(r.headers.get('www-authenticate'), name).toMatch(/^Bearer realm="scim-tokens", error="invalid_token"/)
      expect(r.body, name).toEqual({ detail: expect.stringMatching(/^Invalid access token/) })
    }
    expect((await api('GET', `${BASE}/`, { jwt: bad.expired })).body.detail).toMatch(/expired/)
    expect(t.snapshot()).toBe(before)
  })

  it('wrong scope → 403 insufficient_scope: a read-only client cannot write, a write-only one cannot read', async () => {
    const before = t.snapshot()
    const reader = await accessToken('reader', 'read-only-secret')
    expect((await api('GET', `${BASE}/`, { jwt: reader })).status).toBe(200)
    const id = seededTokenId()
    for (const [m, p, body] of [
      ['POST', `${BASE}/`, { name: 'x', tenant_id: 'tenant-1' }],
      ['PATCH', `${BASE}/${id}`, { enabled: false }],
      ['DELETE', `${BASE}/${id}`, undefined],
    ] as const) {
      const r = await api(m, p, { jwt: reader, body })
      expect(r.status).toBe(403)
      expect(r.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="scim-tokens:write"/)
      expect(r.body).toEqual({ detail: expect.stringMatching(/scim-tokens:write/) })
    }
    const writer = await accessToken('writer', 'write-only-secret')
    expect((await api('GET', `${BASE}/${id}`, { jwt: writer })).status).toBe(403)
    // A token asked for with fewer scopes has only those.
    const narrowed = await accessToken('admin-cli', 's3cret', 'scim-tokens:read')
    expect((await api('DELETE', `${BASE}/${id}`, { jwt: narrowed })).status).toBe(403)
    expect(t.snapshot()).toBe(before)
    expect((await probe('tok-iam-tenant-1')).status).toBe(200)
  })
})

describe('422 {detail:[{loc, msg, type}]} as FastAPI gives it, changing nothing', () => {
  const cases: [string, string, string, { body?: unknown; raw?: string }, { loc: (string | number)[]; type: string }[]][] = [
    ['missing name and tenant_id', 'POST', '/', { body: {} }, [{ loc: ['body', 'name'], type: 'missing' }, { loc: ['body', 'tenant_id'], type: 'missing' }]],
    ['name not a string', 'POST', '/', { body: { name: 5, tenant_id: 'tenant-1' } }, [{ loc: ['body', 'name'], type: 'string_type' }]],
    ['tenant_id null', 'POST', '/', { body: { name: 'a', tenant_id: null } }, [{ loc: ['body', 'tenant_id'], type: 'string_type' }]],
    ['empty name', 'POST', '/', { body: { name: '', tenant_id: 'tenant-1' } }, [{ loc: ['body', 'name'], type: 'string_too_short' }]],
    ['name too long', 'POST', '/', { body: { name: 'x'.repeat(201), tenant_id: 'tenant-1' } }, [{ loc: ['body', 'name'], type: 'string_too_long' }]],
    ['expires_at not a date', 'POST', '/', { body: { name: 'a', tenant_id: 'tenant-1', expires_at: 'tomorrow' } }, [{ loc: ['body', 'expires_at'], type: 'datetime_parsing' }]],
    ['expires_at a number', 'POST', '/', { body: { name: 'a', tenant_id: 'tenant-1', expires_at: 12 } }, [{ loc: ['body', 'expires_at'], type: 'datetime_type' }]],
    ['body an array', 'POST', '/', { body: [1] }, [{ loc: ['body'], type: 'model_attributes_type' }]],
    ['no body', 'POST', '/', {}, [{ loc: ['body'], type: 'missing' }]],
    ['broken JSON', 'POST', '/', { raw: '{"name": ' }, [{ loc: ['body', 9], type: 'json_invalid' }]],
    ['enabled not a boolean', 'PATCH', '/{id}', { body: { enabled: 'no' } }, [{ loc: ['body', 'enabled'], type: 'bool_type' }]],
    ['PATCH with no body', 'PATCH', '/{id}', {}, [{ loc: ['body'], type: 'missing' }]],
    ['per_page not an integer', 'GET', '/?per_page=abc', {}, [{ loc: ['query', 'per_page'], type: 'int_parsing' }]],
    ['per_page 1.5', 'GET', '/?per_page=1.5', {}, [{ loc: ['query', 'per_page'], type: 'int_parsing' }]],
    ['per_page over 100', 'GET', '/?per_page=101', {}, [{ loc: ['query', 'per_page'], type: 'less_than_equal' }]],
    ['page 0', 'GET', '/?page=0', {}, [{ loc: ['query', 'page'], type: 'greater_than_equal' }]],
  ]
  it.each(cases)('%s', async (_name, method, path, o, expected) => {
    const before = t.snapshot()
    const r = await api(method, `${BASE}${path.replace('{id}', seededTokenId())}`, o)
    expect(r.status).toBe(422)
    expect(r.body.detail).toHaveLength(expected.length)
    expected.forEach((e, i) => {
      expect(r.body.detail[i]).toMatchObject(e)
      expect(Object.keys(r.body.detail[i]).sort()).toEqual(['loc', 'msg', 'type'])
      expect(r.body.detail[i].msg).toEqual(expect.any(String))
    })
    expect(t.snapshot()).toBe(before)
  })

  it('auth comes before validation: a bad body without a token is 401', async () => {
    expect((await api('POST', `${BASE}/`, { jwt: null, body: {} })).status).toBe(401)
  })
})

describe('secrets in the request log', () => {
  it('access tokens, SCIM tokens and client secrets are redacted; the surfaces are scim-tokens and iam-scim', async () => {
    const jwt = await accessToken()
    const c = await api('POST', `${BASE}/`, { jwt, body: { name: 'logged', tenant_id: 'tenant-1' } })
    await probe(c.body.token)
    await api('GET', `${BASE}/${c.body.id}`, { jwt })
    const entries = [...t.sb.log.matching({})]
    const all = JSON.stringify(entries)
    expect(all).not.toContain(c.body.token)
    expect(all).not.toContain(jwt)
    expect(all).not.toContain(jwt.split('.')[2]!)
    expect(all).not.toContain('s3cret')
    expect(all).not.toContain('tok-iam-tenant-1')
    const create = entries.filter((e) => e.path.startsWith(BASE) && e.status === 201).at(-1)!
    expect(create.surface).toBe('scim-tokens')
    expect(JSON.parse(create.responseBody!.text).token).toMatch(/…\[redacted\]$/)
    expect(create.requestHeaders.authorization).toMatch(/^Bearer eyJhb…\[redacted\]$/)
    expect(entries.find((e) => e.path === PROBE('tenant-1'))!.surface).toBe('iam-scim')
  })
})

describe('export and import', () => {
  it('a token made by the API is exported as its digest and prefix, and works again after the export is imported', async () => {
    const c = await api('POST', `${BASE}/`, { body: { name: 'round-trip', tenant_id: 'tenant-1', expires_at: '2999-01-01T00:00:00Z' } })
    const gone = await api('POST', `${BASE}/`, { body: { name: 'revoked-before-export', tenant_id: 'tenant-1' } })
    await api('DELETE', `${BASE}/${gone.body.id}`)
    const exported = await t.control('GET', '/workspace/export')
    expect(exported.status).toBe(200)
    expect(exported.text).not.toContain(c.body.token)
    const rec = exported.body.iam.tenants[0].scimTokens.find((k: { id: string }) => k.id === c.body.id)
    expect(rec).toMatchObject({ name: 'round-trip', tokenPrefix: c.body.token_prefix, tokenSha256: expect.stringMatching(/^[0-9a-f]{64}$/), expiresAt: '2999-01-01T00:00:00.000Z', revokedAt: null })
    expect((await t.control('POST', '/workspace/import', { raw: exported.text })).status).toBeLessThan(300)
    expect((await probe(c.body.token)).status).toBe(200)
    expect((await probe(gone.body.token)).status).toBe(401)
    // The seed format has no createdAt: an import stamps its records with the import's time.
    const { token: _t, created_at: _c, ...rest } = c.body
    expect((await api('GET', `${BASE}/${c.body.id}`)).body).toMatchObject(rest)
  })
})

describe('other methods and paths', () => {
  it('405 with Allow for a known path, 404 for any other, as FastAPI answers; the OAuth endpoint takes POST only', async () => {
    const put = await api('PUT', `${BASE}/${seededTokenId()}`, { body: { name: 'x' } })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, PATCH, DELETE')
    expect(put.body).toEqual({ detail: 'Method Not Allowed' })
    expect((await api('DELETE', `${BASE}/`)).headers.get('allow')).toBe('GET, POST')
    expect((await api('GET', `${BASE}/a/b`)).body).toEqual({ detail: 'Not Found' })
    const get = await fetch(`${t.sb.origin}/api/v1/oauth/token`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect((await fetch(`${t.sb.origin}/api/v1/oauth/authorize`)).status).toBe(404)
  })
})
