import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, SCIM_JSON, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

const U = '/scim/v2/acme-okta'
const SP = '/status-page-scim/v2/acme-status-entra'
const { user: USER_SCHEMA, group: GROUP_SCHEMA, patchOp: PATCH, error: ERROR } = URN

let t: TestSandbox
beforeAll(async () => {
  t = await startTestSandbox()
})
afterAll(async () => {
  await t.close()
})

const newUser = (email: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA],
  userName: email,
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ value: email, type: 'work', primary: true }],
  active: true,
  ...extra,
})

function expectScimError(r: { status: number; body: any; headers: Headers }, status: number, scimType?: string) {
  expect(r.status).toBe(status)
  expect(r.headers.get('content-type')).toContain(SCIM_JSON)
  expect(r.body.schemas).toEqual([ERROR])
  expect(r.body.status).toBe(String(status))
  expect(typeof r.body.detail).toBe('string')
  if (scimType) expect(r.body.scimType).toBe(scimType)
}

const teamMembers = (teamId: string) => t.sb.store.find('teamMembers', 'team', teamId).map((m) => t.sb.store.get('accounts', m.userId)?.email)

describe('discovery, on both families and their aliases', () => {
  for (const [base, token, hasGroups] of [
    [U, 'tok-acme-okta', true],
    ['/api/identity/scim/v2/acme-okta', 'tok-acme-okta', true],
    [SP, 'tok-acme-status', false],
    ['/api/identity/status-page-scim/v2/acme-status-entra', 'tok-acme-status', false],
  ] as const) {
    it(`${base}: ServiceProviderConfig, Schemas, ResourceTypes`, async () => {
      const spc = await t.req('GET', `${base}/ServiceProviderConfig`, { token })
      expect(spc.status).toBe(200)
      expect(spc.headers.get('content-type')).toContain(SCIM_JSON)
      expect(spc.body.patch.supported).toBe(true)
      expect(spc.body.bulk).toMatchObject({ supported: true, maxOperations: 1000 })
      expect(spc.body.filter).toMatchObject({ supported: true, maxResults: 1000 })
      expect(spc.body.etag.supported).toBe(true)
      expect(spc.body.sort.supported).toBe(true)
      const schemas = await t.req('GET', `${base}/Schemas`, { token })
      expect(schemas.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse'])
      const ids = schemas.body.Resources.map((s: any) => s.id)
      expect(ids).toContain(USER_SCHEMA)
      expect(ids).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User')
      expect(ids.includes(GROUP_SCHEMA)).toBe(hasGroups)
      const one = await t.req('GET', `${base}/Schemas/${USER_SCHEMA}`, { token })
      expect(one.status).toBe(200)
      expect(one.body.attributes.find((a: any) => a.name === 'userName')).toMatchObject({ required: true, uniqueness: 'server', caseExact: false })
      const rts = await t.req('GET', `${base}/ResourceTypes`, { token })
      expect(rts.body.Resources.map((r: any) => r.id)).toEqual(hasGroups ? ['User', 'Group'] : ['User'])
      const rt = await t.req('GET', `${base}/ResourceTypes/User`, { token })
      expect(rt.body).toMatchObject({ id: 'User', endpoint: '/Users', schema: USER_SCHEMA })
      expect(rt.body.meta.location).toBe(`${t.sb.origin}${base}/ResourceTypes/User`)
    })
  }
})

describe('Users: create, read, replace, patch, delete', () => {
  it('POST creates with 201, Location, ETag and meta; GET returns it; password is never returned', async () => {
    const r = await t.req('POST', `${U}/Users`, { body: newUser('crud@acme.test', { password: 'P@ssw0rd!', externalId: 'ext-crud' }) })
    expect(r.status).toBe(201)
    expect(r.headers.get('content-type')).toContain(SCIM_JSON)
    const id = r.body.id
    expect(r.headers.get('location')).toBe(`${t.sb.origin}${U}/Users/${id}`)
    expect(r.body.meta).toMatchObject({ resourceType: 'User', location: `${t.sb.origin}${U}/Users/${id}`, version: 'W/"1"' })
    expect(r.headers.get('etag')).toBe('W/"1"')
    expect(r.body.password).toBeUndefined()
    const g = await t.req('GET', `${U}/Users/${id}`)
    expect(g.status).toBe(200)
    expect(g.body).toMatchObject({ id, userName: 'crud@acme.test', externalId: 'ext-crud', active: true })
    expect(g.text).not.toContain('P@ssw0rd!')
    expect(JSON.stringify(t.sb.store.toDoc(0))).not.toContain('P@ssw0rd!')
  })

  it('PUT replaces, PATCH updates, the version moves, DELETE is 204 then 404', async () => {
    const c = await t.req('POST', `${U}/Users`, { body: newUser('cycle@acme.test') })
    const id = c.body.id
    const put = await t.req('PUT', `${U}/Users/${id}`, { body: newUser('cycle@acme.test', { displayName: 'Cycle Person', title: 'Engineer' }) })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ displayName: 'Cycle Person', title: 'Engineer' })
    expect(put.body.meta.version).toBe('W/"2"')
    const patch = await t.req('PATCH', `${U}/Users/${id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] } })
    expect(patch.status).toBe(200)
    expect(patch.body.title).toBe('Lead')
    expect(patch.body.meta.version).toBe('W/"3"')
    const del = await t.req('DELETE', `${U}/Users/${id}`)
    expect(del.status).toBe(204)
    expect(del.text).toBe('')
    expectScimError(await t.req('GET', `${U}/Users/${id}`), 404)
    expectScimError(await t.req('DELETE', `${U}/Users/${id}`), 404)
  })

  it('the enterprise extension round-trips', async () => {
    const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
    const r = await t.req('POST', `${U}/Users`, { body: { ...newUser('ent@acme.test'), schemas: [USER_SCHEMA, ext], [ext]: { employeeNumber: '42', department: 'R&D' } } })
    expect(r.status).toBe(201)
    expect(r.body[ext]).toMatchObject({ employeeNumber: '42', department: 'R&D' })
    expect(r.body.schemas).toContain(ext)
  })
})

describe('list, filter, paging, sorting, projection, .search', () => {
  beforeAll(async () => {
    for (const n of ['ann', 'bob', 'cid', 'dee', 'eve']) {
      await t.req('POST', `${U}/Users`, { body: newUser(`${n}.list@acme.test`, { externalId: `X-${n}`, title: n === 'bob' ? 'Boss' : undefined }) })
    }
  })

  it('filters by userName case-insensitively and by externalId case-exactly', async () => {
    const a = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName eq "BOB.LIST@ACME.TEST"')}`)
    expect(a.status).toBe(200)
    expect(a.body.totalResults).toBe(1)
    expect(a.body.Resources[0].userName).toBe('bob.list@acme.test')
    const b = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('externalId eq "x-bob"')}`)
    expect(b.body.totalResults).toBe(0)
    const c = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('externalId eq "X-bob"')}`)
    expect(c.body.totalResults).toBe(1)
  })

  it('a filter that matches nothing is 200 with an empty ListResponse (Entra Test Connection, b.1.1)', async () => {
    const r = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName eq "5f0c4c1e-4c5a-4a6b-9a53-1f0e6a3b2c11"')}`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] })
  })

  it('pages with startIndex and count, stable and 1-based', async () => {
    const all = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName ew ".list@acme.test"')}`)
    expect(all.body.totalResults).toBe(5)
    const p2 = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName ew ".list@acme.test"')}&startIndex=3&count=2`)
    expect(p2.body).toMatchObject({ totalResults: 5, itemsPerPage: 2, startIndex: 3 })
    expect(p2.body.Resources.map((r: any) => r.userName)).toEqual(all.body.Resources.slice(2, 4).map((r: any) => r.userName))
    const zero = await t.req('GET', `${U}/Users?count=0`)
    expect(zero.body.Resources).toEqual([])
    expect(zero.body.totalResults).toBeGreaterThan(5)
  })

  it('sorts by sortBy/sortOrder', async () => {
    const f = encodeURIComponent('userName ew ".list@acme.test"')
    const d = await t.req('GET', `${U}/Users?filter=${f}&sortBy=userName&sortOrder=descending`)
    expect(d.body.Resources.map((r: any) => r.userName[0])).toEqual(['e', 'd', 'c', 'b', 'a'])
  })

  it('attributes and excludedAttributes project the result', async () => {
    const f = encodeURIComponent('userName eq "bob.list@acme.test"')
    const a = await t.req('GET', `${U}/Users?filter=${f}&attributes=userName,name.givenName`)
    expect(Object.keys(a.body.Resources[0]).sort()).toEqual(['id', 'name', 'schemas', 'userName'])
    expect(a.body.Resources[0].name).toEqual({ givenName: 'Test' })
    const e = await t.req('GET', `${U}/Users?filter=${f}&excludedAttributes=emails,meta`)
    expect(e.body.Resources[0].emails).toBeUndefined()
    expect(e.body.Resources[0].meta).toBeUndefined()
    expect(e.body.Resources[0].id).toBeDefined()
  })

  it('POST /Users/.search takes the same query in a body', async () => {
    const r = await t.req('POST', `${U}/Users/.search`, {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'title eq "Boss"', attributes: ['userName'], startIndex: 1, count: 10 },
    })
    expect(r.status).toBe(200)
    expect(r.body.totalResults).toBe(1)
    expect(r.body.Resources[0]).toEqual({ schemas: [USER_SCHEMA], id: expect.any(String), userName: 'bob.list@acme.test' })
  })
})

describe('ETags', () => {
  it('If-None-Match with the current version is 304; If-Match with a stale one is 412 and changes nothing', async () => {
    const c = await t.req('POST', `${U}/Users`, { body: newUser('etag@acme.test') })
    const id = c.body.id
    const nm = await t.req('GET', `${U}/Users/${id}`, { headers: { 'If-None-Match': 'W/"1"' } })
    expect(nm.status).toBe(304)
    const before = t.snapshot()
    const stale = await t.req('PATCH', `${U}/Users/${id}`, { headers: { 'If-Match': 'W/"7"' }, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } })
    expectScimError(stale, 412)
    expect(t.snapshot()).toBe(before)
    const ok = await t.req('PATCH', `${U}/Users/${id}`, { headers: { 'If-Match': 'W/"1"' }, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBe('W/"2"')
    expect((await t.req('PUT', `${U}/Users/${id}`, { headers: { 'If-Match': 'W/"1"' }, body: newUser('etag@acme.test') })).status).toBe(412)
    expect((await t.req('DELETE', `${U}/Users/${id}`, { headers: { 'If-Match': 'W/"1"' } })).status).toBe(412)
  })
})

describe('Bulk', () => {
  it('creates a user and a group that refers to it by bulkId, in one request', async () => {
    const r = await t.req('POST', `${U}/Bulk`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP_SCHEMA], displayName: 'Bulk Team', members: [{ value: 'bulkId:u1' }] } },
          { method: 'POST', path: '/Users', bulkId: 'u1', data: newUser('bulk1@acme.test') },
        ],
      },
    })
    expect(r.status).toBe(200)
    expect(r.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse'])
    const [g, u] = r.body.Operations
    expect(u).toMatchObject({ method: 'POST', bulkId: 'u1', status: '201' })
    expect(g).toMatchObject({ method: 'POST', bulkId: 'g1', status: '201' })
    const userId = u.location.split('/').pop()
    const group = await t.req('GET', g.location)
    expect(group.body.members.map((m: any) => m.value)).toEqual([userId])
    const team = t.sb.store.get('teams', t.sb.store.get('scimGroups', group.body.id)!.teamId)!
    expect(team.name).toBe('Bulk Team')
    expect(teamMembers(team.id)).toEqual(['bulk1@acme.test'])
  })

  it('stops after failOnErrors errors and reports each', async () => {
    const r = await t.req('POST', `${U}/Bulk`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        failOnErrors: 1,
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'a', data: newUser('not-an-email') },
          { method: 'POST', path: '/Users', bulkId: 'b', data: newUser('bulk-never@acme.test') },
        ],
      },
    })
    expect(r.status).toBe(200)
    expect(r.body.Operations).toHaveLength(1)
    expect(r.body.Operations[0]).toMatchObject({ bulkId: 'a', status: '400', response: { scimType: 'invalidValue' } })
    const none = await t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName eq "bulk-never@acme.test"')}`)
    expect(none.body.totalResults).toBe(0)
  })
})

describe('bad input: the right error, and nothing changes', () => {
  const cases: [string, () => Promise<{ status: number; body: any; headers: Headers }>, number, string?][] = [
    ['malformed JSON', () => t.req('POST', `${U}/Users`, { raw: '{"userName": ' }), 400, 'invalidSyntax'],
    ['a body over the limit', () => t.req('POST', `${U}/Users`, { raw: JSON.stringify(newUser('big@acme.test', { title: 'x'.repeat(1_100_000) })) }), 413],
    ['an invalid filter', () => t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter'],
    ['a filter with unbalanced parentheses', () => t.req('GET', `${U}/Users?filter=${encodeURIComponent('(userName eq "a"')}`), 400, 'invalidFilter'],
    ['a bad PATCH path', () => t.req('PATCH', `${U}/Users/EXISTING`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] } }), 400, 'invalidPath'],
    ['a PATCH remove without a path', () => t.req('PATCH', `${U}/Users/EXISTING`, { body: { schemas: [PATCH], Operations: [{ op: 'remove' }] } }), 400, 'noTarget'],
    ['a wrong type', () => t.req('POST', `${U}/Users`, { body: newUser('wrongtype@acme.test', { active: 12 }) }), 400, 'invalidValue'],
    ['a userName that is not an email', () => t.req('POST', `${U}/Users`, { body: newUser('not an email') }), 400, 'invalidValue'],
    ['a duplicate userName (any case)', () => t.req('POST', `${U}/Users`, { body: newUser('EXISTING.SCIM@acme.test') }), 409, 'uniqueness'],
    ['a stale ETag', () => t.req('PUT', `${U}/Users/EXISTING`, { headers: { 'If-Match': 'W/"999"' }, body: newUser('existing.scim@acme.test') }), 412],
    ['no token', () => t.req('GET', `${U}/Users`, { token: null }), 401],
    ['a wrong token', () => t.req('GET', `${U}/Users`, { token: 'tok-wrong-wrong' }), 401],
    ["another config's token", () => t.req('GET', `${U}/Users`, { token: 'tok-acme-status' }), 401],
    ['an unknown config', () => t.req('GET', '/scim/v2/no-such-config/Users'), 404],
    ['a project config on the status-page family', () => t.req('GET', '/status-page-scim/v2/acme-okta/Users'), 404],
    ['Groups on a status page', () => t.req('GET', `${SP}/Groups`, { token: 'tok-acme-status' }), 404],
    ['an unknown user', () => t.req('GET', `${U}/Users/does-not-exist`), 404],
    ['PATCH without the PatchOp schema or Operations', () => t.req('PATCH', `${U}/Users/EXISTING`, { body: { op: 'replace' } }), 400, 'invalidSyntax'],
    ['a non-JSON content type', () => t.req('POST', `${U}/Users`, { raw: 'userName=a@b.c', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415],
    ['a hostile filter string', () => t.req('GET', `${U}/Users?filter=${encodeURIComponent('userName eq "\\u0000<script>" or ((((')}`), 400, 'invalidFilter'],
  ]
  let existingId = ''
  beforeAll(async () => {
    const r = await t.req('POST', `${U}/Users`, { body: newUser('existing.scim@acme.test') })
    existingId = r.body.id
  })
  for (const [name, run, status, scimType] of cases) {
    it(`${name} → ${status}${scimType ? ' ' + scimType : ''}`, async () => {
      const before = t.snapshot()
      const orig = t.req
      const r = await (async () => {
        // Cases name EXISTING; swap in the real id without changing their shape.
        t.req = (m, p, o) => orig(m, p.replace('EXISTING', existingId), o)
        try {
          return await run()
        } finally {
          t.req = orig
        }
      })()
      expectScimError(r, status, scimType)
      if (status === 401) expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(t.snapshot()).toBe(before)
      // and the server keeps serving
      expect((await t.req('GET', `${U}/ServiceProviderConfig`)).status).toBe(200)
    })
  }

  it('a readOnly attribute sent is ignored, an immutable one changed is 400 mutability', async () => {
    const r = await t.req('POST', `${U}/Users`, { body: newUser('ro@acme.test', { id: 'client-chosen', meta: { created: '1999-01-01T00:00:00Z' }, groups: [{ value: 'x' }] }) })
    expect(r.status).toBe(201)
    expect(r.body.id).not.toBe('client-chosen')
    expect(r.body.meta.created).not.toBe('1999-01-01T00:00:00Z')
    expect(r.body.groups).toBeUndefined()
    const g = await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP_SCHEMA], displayName: 'Immutable Team', members: [{ value: r.body.id }] } })
    expect(g.status).toBe(201)
    const before = t.snapshot()
    const bad = await t.req('PATCH', `${U}/Groups/${g.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: `members[value eq "${r.body.id}"].value`, value: 'other' }] } })
    expectScimError(bad, 400, 'mutability')
    expect(t.snapshot()).toBe(before)
  })

  it('Auto Provision off → 403 with a message that says so', async () => {
    const off = await startTestSandbox({ mutateSeed: (s) => (s.projects[0].scim[0].autoProvisionUsers = false) })
    try {
      const before = off.snapshot()
      const r = await off.req('POST', `${U}/Users`, { body: newUser('nope@acme.test') })
      expectScimError(r, 403)
      expect(r.body.detail).toMatch(/Auto Provision/i)
      expect(off.snapshot()).toBe(before)
    } finally {
      await off.close()
    }
  })
})

describe('request log', () => {
  it('records each request with status, config, redacted secrets and the events it caused', async () => {
    const r = await t.req('POST', `${U}/Users`, { body: newUser('logged@acme.test', { password: 'hunter2-secret' }) })
    expect(r.status).toBe(201)
    const page = t.sb.log.page({ limit: 50, path: '/Users' } as any)
    const entry = page.entries.find((e) => e.status === 201 && e.method === 'POST')!
    expect(entry).toBeDefined()
    const full = t.sb.log.get(entry.seq)!
    expect(full.configId).toBe('acme-okta')
    expect(full.surface).toBe('project-scim')
    expect(full.requestHeaders.authorization).not.toContain('tok-acme-okta')
    expect(full.requestBody!.text).not.toContain('hunter2-secret')
    expect(full.events.map((e) => e.message)).toContain('added logged@acme.test to team Engineering')
  })

  it('the control API refuses a wrong admin secret and serves the log with the right one', async () => {
    const bad = await fetch(`${t.sb.origin}/_sandbox/api/log`, { headers: { 'X-Sandbox-Secret': 'nope' } })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ error: expect.stringMatching(/secret/) })
    const ok = await fetch(`${t.sb.origin}/_sandbox/api/log?limit=5`, { headers: { Authorization: `Bearer ${t.sb.adminSecret}` } })
    expect(ok.status).toBe(200)
    const body = await ok.json()
    expect(body.entries.length).toBeGreaterThan(0)
    expect(body.entries[0].seq).toBeGreaterThan(body.entries[body.entries.length - 1].seq)
  })
})

describe('Groups over HTTP: every verb, .search and the alias', () => {
  it('POST, GET, PUT, PATCH, .search, DELETE on /api/identity/scim/v2/{id}/Groups', async () => {
    const A = '/api/identity/scim/v2/acme-okta'
    const u = await t.req('POST', `${A}/Users`, { body: newUser('grp-verbs@acme.test') })
    expect(u.status).toBe(201)
    expect(u.headers.get('location')).toBe(`${t.sb.origin}${A}/Users/${u.body.id}`)
    const c = await t.req('POST', `${A}/Groups`, { body: { schemas: [GROUP_SCHEMA], displayName: 'Verbs', externalId: 'ext-verbs' } })
    expect(c.status).toBe(201)
    expect(c.headers.get('location')).toBe(`${t.sb.origin}${A}/Groups/${c.body.id}`)
    expect(c.body).toMatchObject({ displayName: 'Verbs', externalId: 'ext-verbs', members: [], meta: { resourceType: 'Group', version: 'W/"1"' } })
    const put = await t.req('PUT', `${A}/Groups/${c.body.id}`, { body: { schemas: [GROUP_SCHEMA], displayName: 'Verbs Put', externalId: 'ext-verbs', members: [{ value: u.body.id }] } })
    expect(put.status).toBe(200)
    expect(put.body.members).toEqual([expect.objectContaining({ value: u.body.id, type: 'User', $ref: `${t.sb.origin}${A}/Users/${u.body.id}` })])
    expect(teamMembers(t.sb.store.get('scimGroups', c.body.id)!.teamId)).toEqual(['grp-verbs@acme.test'])
    const withAttrs = await t.req('PATCH', `${A}/Groups/${c.body.id}?attributes=displayName`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Verbs Patched' }] } })
    expect(withAttrs.status).toBe(200)
    expect(withAttrs.body).toEqual({ schemas: [GROUP_SCHEMA], id: c.body.id, displayName: 'Verbs Patched' })
    const s = await t.req('POST', `${A}/Groups/.search`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'externalId eq "ext-verbs"', excludedAttributes: ['members'] } })
    expect(s.status).toBe(200)
    expect(s.body.Resources).toEqual([expect.objectContaining({ id: c.body.id, displayName: 'Verbs Patched' })])
    expect(s.body.Resources[0].members).toBeUndefined()
    const g = await t.req('GET', `${A}/Groups/${c.body.id}`, { headers: { 'If-None-Match': put.headers.get('etag')! } })
    expect(g.status).toBe(200) // the PATCH moved the version on
    expect((await t.req('DELETE', `${A}/Groups/${c.body.id}`)).status).toBe(204)
    expectScimError(await t.req('GET', `${A}/Groups/${c.body.id}`), 404)
  })

  it('unknown SCIM endpoints and a member that is not this config\'s are SCIM errors', async () => {
    expectScimError(await t.req('GET', `${U}/Nope`), 404)
    const bad = await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP_SCHEMA], displayName: 'Bad Members', members: [{ value: 'no-such-user' }] } })
    expectScimError(bad, 400, 'invalidValue')
    expect(bad.body.detail).toContain('no-such-user')
  })
})
