import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { grantScopes, hasScope, isValidScopeString } from '../../src-main/core/tokens/scopes'

let t: TestSandbox
const TOKEN_PATH = '/api/v1/oauth/token'

beforeAll(async () => {
  t = await startTestSandbox({
    mutateSeed: (seed) => {
      seed.iam.oauthClients.push({ clientId: 'reader', clientSecret: 'read-only-secret', scopes: ['scim-tokens:read'] })
      seed.iam.oauthClients.push({ clientId: 'we:ird id', clientSecret: 'p@ss:word', scopes: ['scim-tokens:read'] })
    },
  })
})
afterAll(() => t?.close())

async function post(body: string | undefined, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.sb.origin}${TOKEN_PATH}`, { method: 'POST', headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text }
}
const form = (p: Record<string, string>) => post(new URLSearchParams(p).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' })
const json = (p: unknown) => post(JSON.stringify(p), { 'Content-Type': 'application/json' })
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

describe('POST /api/v1/oauth/token (RFC 6749 §4.4 client credentials)', () => {
  it('issues a JWT for a form-encoded request with the client in the body, all of its scopes by default', async () => {
    const r = await form({ grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 's3cret' })
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(r.headers.get('pragma')).toBe('no-cache')
    expect(Object.keys(r.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type'])
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'scim-tokens:read scim-tokens:write' })
    const claims = decodeJwt(r.body.access_token)
    expect(decodeProtectedHeader(r.body.access_token)).toMatchObject({ alg: 'HS256', typ: 'at+jwt' })
    expect(claims).toMatchObject({ iss: t.sb.origin, sub: 'admin-cli', aud: `${t.sb.origin}/api/v1/admin`, scope: 'scim-tokens:read scim-tokens:write', client_id: 'admin-cli' })
    expect(claims.exp! - claims.iat!).toBe(3600)
    expect(typeof claims.jti).toBe('string')
  })

  it('accepts JSON, and HTTP Basic (URL-encoded id and secret, RFC 6749 §2.3.1)', async () => {
    const j = await json({ grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 's3cret', scope: 'scim-tokens:read' })
    expect(j.status).toBe(200)
    expect(j.body.scope).toBe('scim-tokens:read')
    const b = await form({ grant_type: 'client_credentials' }).then(() =>
      post('grant_type=client_credentials', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('admin-cli', 's3cret') }),
    )
    expect(b.status).toBe(200)
    expect(decodeJwt(b.body.access_token).sub).toBe('admin-cli')
    const weird = await post('grant_type=client_credentials', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('we:ird id', 'p@ss:word') })
    expect(weird.status).toBe(200)
    expect(decodeJwt(weird.body.access_token).sub).toBe('we:ird id')
    // Basic plus the same client_id in the body is fine; a second secret is two methods at once.
    const both = await post('grant_type=client_credentials&client_id=admin-cli', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('admin-cli', 's3cret') })
    expect(both.status).toBe(200)
  })

  it('scope: a subset is granted as asked, in any order; anything else is invalid_scope', async () => {
    const ok = await form({ grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 's3cret', scope: 'scim-tokens:write scim-tokens:read' })
    expect(ok.body.scope).toBe('scim-tokens:write scim-tokens:read')
    const bad = await form({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'read-only-secret', scope: 'scim-tokens:write' })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ error: 'invalid_scope', error_description: expect.stringContaining('scim-tokens:write') })
    const reader = await form({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'read-only-secret' })
    expect(reader.body.scope).toBe('scim-tokens:read')
  })

  it.each([
    ['wrong secret', { grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 'nope' }, 401, 'invalid_client'],
    ['unknown client', { grant_type: 'client_credentials', client_id: 'ghost', client_secret: 's3cret' }, 401, 'invalid_client'],
    ['no client at all', { grant_type: 'client_credentials' }, 401, 'invalid_client'],
    ['no grant_type', { client_id: 'admin-cli', client_secret: 's3cret' }, 400, 'invalid_request'],
    ['another grant', { grant_type: 'password', client_id: 'admin-cli', client_secret: 's3cret', username: 'a', password: 'b' }, 400, 'unsupported_grant_type'],
    ['a malformed scope', { grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 's3cret', scope: 'a  b' }, 400, 'invalid_scope'],
  ])('%s is refused as RFC 6749 §5.2 says', async (_name, params, status, error) => {
    const before = t.snapshot()
    const r = await form(params as Record<string, string>)
    expect(r.status).toBe(status)
    expect(r.body).toEqual({ error, error_description: expect.any(String) })
    expect(r.headers.get('cache-control')).toBe('no-store')
    if (status === 401) expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
    expect(t.snapshot()).toBe(before)
  })

  it('a wrong Basic secret is invalid_client; Basic plus a body secret is invalid_request; bad bodies are invalid_request', async () => {
    const wrong = await post('grant_type=client_credentials', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('admin-cli', 'nope') })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error).toBe('invalid_client')
    const twice = await post('grant_type=client_credentials&client_id=admin-cli&client_secret=s3cret', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('admin-cli', 's3cret') })
    expect(twice.status).toBe(400)
    expect(twice.body.error).toBe('invalid_request')
    const broken = await post('{"grant_type":', { 'Content-Type': 'application/json' })
    expect(broken.status).toBe(400)
    expect(broken.body.error).toBe('invalid_request')
    const repeated = await post('grant_type=client_credentials&grant_type=client_credentials&client_id=admin-cli&client_secret=s3cret', { 'Content-Type': 'application/x-www-form-urlencoded' })
    expect(repeated.status).toBe(400)
    expect(repeated.body.error).toBe('invalid_request')
    const text = await post('grant_type=client_credentials', { 'Content-Type': 'text/plain' })
    expect(text.status).toBe(400)
    expect(text.body.error).toBe('invalid_request')
  })

  it('the request log shows the oauth surface with client_secret, access_token and Basic credentials redacted', async () => {
    const r = await form({ grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 's3cret-log-check' })
    const access = (await form({ grant_type: 'client_credentials', client_id: 'admin-cli', client_secret: 's3cret' })).body.access_token as string
    await post('grant_type=client_credentials', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('admin-cli', 's3cret') })
    expect(r.status).toBe(401)
    const entries = t.sb.log.matching({ path: '/api/v1/oauth/token' })
    expect(entries.length).toBeGreaterThan(3)
    for (const e of entries) expect(e.surface).toBe('oauth')
    const all = JSON.stringify(entries)
    expect(all).not.toContain('s3cret-log-check')
    expect(all).not.toContain('client_secret=s3cret')
    expect(all).not.toContain(access)
    expect(all).not.toContain(access.slice(20, 60))
    expect(all).not.toContain(Buffer.from('admin-cli:s3cret').toString('base64'))
    const ok = entries.find((e) => e.status === 200)!
    expect(JSON.parse(ok.responseBody!.text).access_token).toBe('eyJhb…[redacted]')
    expect(entries.find((e) => e.requestBody?.text.includes('client_secret='))!.requestBody!.text).toMatch(/client_secret=[^&]*redacted/)
  })
})

describe('scope logic (core/tokens/scopes)', () => {
  it('grants the asked subset, all of the client\'s by default, and names what it may not have', () => {
    const mine = ['scim-tokens:read', 'scim-tokens:write']
    expect(grantScopes(undefined, mine)).toEqual({ ok: true, scopes: mine })
    expect(grantScopes('', mine)).toEqual({ ok: true, scopes: mine })
    expect(grantScopes('scim-tokens:read scim-tokens:read', mine)).toEqual({ ok: true, scopes: ['scim-tokens:read'] })
    expect(grantScopes('scim-tokens:read admin', mine)).toEqual({ ok: false, unknown: ['admin'] })
    expect(grantScopes('SCIM-TOKENS:READ', mine)).toEqual({ ok: false, unknown: ['SCIM-TOKENS:READ'] })
    expect(hasScope('scim-tokens:read scim-tokens:write', 'scim-tokens:write')).toBe(true)
    expect(hasScope('scim-tokens:read', 'scim-tokens:write')).toBe(false)
    expect(hasScope(['scim-tokens:write'], 'scim-tokens:write')).toBe(false)
    expect(isValidScopeString('a b')).toBe(true)
    for (const bad of ['a  b', ' a', 'a ', 'a"b', 'a\\b', '']) expect(isValidScopeString(bad)).toBe(false)
  })
})
