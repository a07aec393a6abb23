import { describe, it, expect } from 'vitest'
import { redactBody, redactHeaders, redactQuery, redactValue } from '../../src-main/server/log/redact'

const TOKEN = 'tok-acme-okta-3f9c2b7d41e8a6'

describe('redactHeaders', () => {
  it('redacts Authorization and ApiKey whatever their case, keeping the scheme and a short prefix', () => {
    const out = redactHeaders({
      Authorization: `Bearer ${TOKEN}`,
      apikey: 'key-owner-8c1d2e3f4a5b',
      'x-sandbox-secret': 'Zm9vYmFyYmF6cXV4',
      'content-type': 'application/scim+json',
    })
    expect(out.Authorization).toBe('Bearer tok-a…[redacted]')
    expect(out.apikey).toBe('key-o…[redacted]')
    expect(out['x-sandbox-secret']).toBe('Zm9vY…[redacted]')
    expect(out['content-type']).toBe('application/scim+json')
    expect(JSON.stringify(out)).not.toContain('3f9c2b7d')
  })

  it('keeps two different tokens apart by their prefixes', () => {
    const a = redactHeaders({ authorization: 'Bearer tok-acme-okta-1234567890' }).authorization
    const b = redactHeaders({ authorization: 'Bearer tok-zeta-entra-1234567890' }).authorization
    expect(a).not.toBe(b)
  })

  it('never shows more than a third of a short secret', () => {
    expect(redactValue('s3cret')).toBe('s3…[redacted]')
    expect(redactValue('ab')).toBe('…[redacted]')
    expect(redactValue(redactValue(TOKEN))).toBe(redactValue(TOKEN))
  })
})

describe('redactBody', () => {
  it('redacts every secret key at any depth in JSON, and nothing else', () => {
    const body = {
      name: 'Okta',
      bearerToken: TOKEN,
      nested: [{ password: 'hunter2hunter2', userName: 'alice@acme.test' }, { deeper: { client_secret: 's3cretvalue', clientSecret: 'another-secret' } }],
      token: 'iam-token-abcdef',
      access_token: 'eyJhbGciOiJIUzI1NiJ9.payload.sig',
      key: 'key-reader-abcdef0123',
      token_prefix: 'tok_abc',
    }
    const text = redactBody(JSON.stringify(body), 'application/json')
    const out = JSON.parse(text)
    expect(out.name).toBe('Okta')
    expect(out.bearerToken).toBe('tok-a…[redacted]')
    expect(out.nested[0].password).toBe('hunt…[redacted]')
    expect(out.nested[0].userName).toBe('alice@acme.test')
    expect(out.nested[1].deeper.client_secret).toMatch(/…\[redacted\]$/)
    expect(out.nested[1].deeper.clientSecret).toMatch(/…\[redacted\]$/)
    expect(out.token).toMatch(/^iam-t…\[redacted\]$/)
    expect(out.access_token).toMatch(/…\[redacted\]$/)
    expect(out.key).toBe('key-r…[redacted]')
    expect(out.token_prefix).toBe('tok_abc')
    for (const secret of ['hunter2hunter2', 's3cretvalue', 'another-secret', 'payload.sig', 'abcdef0123', '3f9c2b7d']) expect(text).not.toContain(secret)
  })

  it('matches keys case-insensitively (SCIM attribute names are) and redacts a PATCH that sets the password by path', () => {
    const patch = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'password', value: 'NewPassw0rd!' },
        { op: 'Replace', value: { Password: 'OtherPassw0rd!', displayName: 'Alice' } },
        { op: 'replace', path: 'displayName', value: 'Alice A.' },
      ],
    }
    const out = JSON.parse(redactBody(JSON.stringify(patch), 'application/scim+json'))
    expect(out.Operations[0].value).toBe('NewP…[redacted]')
    expect(out.Operations[1].value.Password).toBe('Othe…[redacted]')
    expect(out.Operations[1].value.displayName).toBe('Alice')
    expect(out.Operations[2].value).toBe('Alice A.')
  })

  it('returns a body without secrets byte for byte', () => {
    const text = '{\n  "userName": "alice@acme.test",\n  "active": true\n}'
    expect(redactBody(text, 'application/scim+json')).toBe(text)
  })

  it('still redacts JSON that does not parse (a body cut at the log cap)', () => {
    const text = `{"items":[{"name":"Okta","bearerToken":"${TOKEN}"},{"name":"Entra","password": "hunter2hunter2", "n": 1, "key": "key-owner-abcdef`
    const out = redactBody(text, 'application/json')
    expect(out).toContain('"bearerToken":"tok-a…[redacted]"')
    expect(out).toContain('"password": "hunt…[redacted]"')
    expect(out).toContain('"key": "key-o…[redacted]')
    expect(out).not.toContain('3f9c2b7d')
    expect(out).not.toContain('hunter2hunter2')
  })

  it('redacts password= and client_secret= in form bodies, leaving the other fields', () => {
    const out = redactBody('grant_type=client_credentials&client_id=admin-cli&client_secret=s3cret-value-123&scope=scim-tokens%3Aread', 'application/x-www-form-urlencoded')
    expect(out).toBe(`grant_type=client_credentials&client_id=admin-cli&client_secret=${encodeURIComponent('s3cre…[redacted]')}&scope=scim-tokens%3Aread`)
    expect(redactBody('username=alice&password=hunter2hunter2', 'text/plain')).not.toContain('hunter2hunter2')
  })

  it('redacts secrets in a query string (the UI stream passes ?secret=)', () => {
    expect(redactQuery('secret=Zm9vYmFyYmF6cXV4&x=1')).toBe(`secret=${encodeURIComponent('Zm9vY…[redacted]')}&x=1`)
  })
})
