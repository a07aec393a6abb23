import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

/**
 * Lifecycles with requests shaped exactly as /work/shared/reference/idp-request-patterns.md records them
 * (item numbers in each step), asserting the responses and the resulting teams and memberships.
 */
const U = '/scim/v2/acme-okta'
const { user: CORE, enterprise: ENT, group: GROUP, adGroup: AD_GROUP, patchOp: PATCH } = URN

let t: TestSandbox
beforeAll(async () => {
  t = await startTestSandbox({
    mutateSeed: (s) =>
      s.projects[0].scim.push({ id: 'acme-strict', name: 'Strict', bearerToken: 'tok-acme-strict', defaultTeams: ['eng'], enablePushGroups: true, compatibility: 'strict' }),
  })
})
afterAll(() => t.close())

function teamsOf(email: string): string[] {
  const acc = t.sb.store.findOne('accounts', 'projectEmail', `acme\u0000${email.toLowerCase()}`)
  if (!acc) return []
  return t.sb.store.find('teamMembers', 'user', acc.id).map((m) => t.sb.store.get('teams', m.teamId)!.name).sort()
}

describe('Okta OIN lifecycle (b.2)', () => {
  const okta = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Content-Type': 'application/scim+json; charset=utf-8', 'Accept-Encoding': 'gzip,deflate' } // b.2.1
  const req = (m: string, p: string, body?: unknown) => t.req(m, p, { headers: okta, body })
  let id = ''
  let groupId = ''

  it('assign: existence check is 200 with an empty ListResponse (b.2.2)', async () => {
    const r = await req('GET', `${U}/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 })
  })

  it('create: 201 with the full user; default team granted (b.2.3)', async () => {
    const r = await req('POST', `${U}/Users`, {
      schemas: [CORE], userName: 'test.user@okta.local', name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }], displayName: 'Test User', locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7', groups: [], password: '1mz050nq', active: true,
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ userName: 'test.user@okta.local', active: true, name: { givenName: 'Test', familyName: 'User' }, externalId: '00ujl29u0le5T6Aj10h7' })
    expect(r.body.password).toBeUndefined()
    id = r.body.id
    expect(teamsOf('test.user@okta.local')).toEqual(['Engineering'])
  })

  it('re-POST of the same user is 409; filter with upper-cased userName still finds it (b.2.3, b.2.12)', async () => {
    const dup = await req('POST', `${U}/Users`, { schemas: [CORE], userName: 'test.user@okta.local', active: true })
    expect(dup.status).toBe(409)
    expect(dup.body.scimType).toBe('uniqueness')
    const up = await req('GET', `${U}/Users?filter=userName%20eq%20%22TEST.USER%40OKTA.LOCAL%22&startIndex=1&count=100`)
    expect(up.body.totalResults).toBe(1)
    const none = await req('GET', `${U}/Users/00000000-0000-0000-0000-000000000000`)
    expect(none.status).toBe(404)
    expect(none.body.detail).toBeTruthy()
  })

  it('profile update = GET then PUT of the full object (b.2.4)', async () => {
    const g = await req('GET', `${U}/Users/${id}`)
    const put = await req('PUT', `${U}/Users/${id}`, { ...g.body, name: { givenName: 'Testy', familyName: 'User' }, displayName: 'Testy User' })
    expect(put.status).toBe(200)
    expect(put.body.name.givenName).toBe('Testy')
  })

  it('deactivate and reactivate = path-less PATCH (b.2.5, b.2.6)', async () => {
    const d = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] })
    expect(d.status).toBe(200)
    expect(d.body.active).toBe(false)
    expect(teamsOf('test.user@okta.local')).toEqual([])
    const r = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] })
    expect(r.body.active).toBe(true)
    expect(teamsOf('test.user@okta.local')).toEqual(['Engineering'])
  })

  it('group push: create, path-less rename with id, membership remove+add, push-now replace [], delete (b.2.8)', async () => {
    const other = await req('POST', `${U}/Users`, { schemas: [CORE], userName: 'second@okta.local', emails: [{ primary: true, value: 'second@okta.local', type: 'work' }], active: true })
    const c = await req('POST', `${U}/Groups`, { schemas: [GROUP], displayName: 'Test Group', members: [] })
    expect(c.status).toBe(201)
    groupId = c.body.id
    const rename = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Test Group Renamed' } }] })
    expect([200, 204]).toContain(rename.status)
    const add = await req('PATCH', `${U}/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'remove', path: `members[value eq "${other.body.id}"]` },
        { op: 'add', path: 'members', value: [{ value: id, display: 'test.user@okta.local' }] },
      ],
    })
    expect([200, 204]).toContain(add.status)
    expect(teamsOf('test.user@okta.local')).toEqual(['Engineering', 'Test Group Renamed'])
    const push = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [] }] })
    expect([200, 204]).toContain(push.status)
    expect(teamsOf('test.user@okta.local')).toEqual(['Engineering'])
    const variant = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { members: [{ value: id }], id: groupId, displayName: 'Test Group Renamed' } }] })
    expect([200, 204]).toContain(variant.status)
    expect(teamsOf('test.user@okta.local')).toEqual(['Engineering', 'Test Group Renamed'])
    expect((await req('DELETE', `${U}/Groups/${groupId}`)).status).toBe(204)
    expect(teamsOf('test.user@okta.local')).toEqual(['Engineering'])
  })

  it('import pages with startIndex += 100 until totalResults (b.2.7)', async () => {
    const p1 = await req('GET', `${U}/Users?startIndex=1&count=100`)
    expect(Number.isInteger(p1.body.totalResults) && Number.isInteger(p1.body.itemsPerPage) && Number.isInteger(p1.body.startIndex)).toBe(true)
    expect(p1.body.Resources.length).toBe(p1.body.totalResults)
  })
})

describe('Entra ID lifecycle (b.1)', () => {
  const req = (m: string, p: string, body?: unknown) => t.req(m, p, { body })
  let id = ''
  let managerId = ''
  let groupId = ''

  it('Test Connection: random-GUID filter is 200 and empty, on users and groups (b.1.1)', async () => {
    const r = await req('GET', `${U}/Users?filter=userName+eq+%22e1f7a9c4-3f2b-4d5e-8a6b-7c8d9e0f1a2b%22`)
    expect(r.status).toBe(200)
    expect(r.body.totalResults).toBe(0)
    const g = await req('GET', `${U}/Groups?excludedAttributes=members&filter=displayName+eq+%22e1f7a9c4-3f2b-4d5e-8a6b-7c8d9e0f1a2b%22`)
    expect(g.status).toBe(200)
    expect(g.body.totalResults).toBe(0)
  })

  it('match before create, then create with both schemas, meta and roles: [] (b.1.2, b.1.3)', async () => {
    const m = await req('GET', `${U}/Users?filter=userName+eq+%22Test_User_dfeef4c5-5681-4387-b016-bdf221e82081%40contoso.com%22`)
    expect(m.body.totalResults).toBe(0)
    const mgr = await req('POST', `${U}/Users`, { schemas: [CORE, ENT], externalId: 'mgr', userName: 'manager@contoso.com', active: true })
    managerId = mgr.body.id
    const r = await req('POST', `${U}/Users`, {
      schemas: [CORE, ENT],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081@contoso.com',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fa2ea3d2-a5d6-47d4-ae3f-5d0f8ba6c6b0@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      addresses: null,
      manager: null,
    })
    expect(r.status).toBe(201)
    id = r.body.id
    expect(teamsOf('Test_User_dfeef4c5-5681-4387-b016-bdf221e82081@contoso.com')).toEqual(['Engineering'])
    const byExt = await req('GET', `${U}/Users?filter=externalId+eq+%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22`)
    expect(byExt.body.Resources[0].id).toBe(id)
    const byEmail = await req('GET', `${U}/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "Test_User_fa2ea3d2-a5d6-47d4-ae3f-5d0f8ba6c6b0@contoso.com"')}`)
    expect(byEmail.body.Resources.map((x: any) => x.id)).toEqual([id])
  })

  it('capitalised ops with value paths and an extension path (b.1.5)', async () => {
    const r = await req('PATCH', `${U}/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: `${ENT}:employeeNumber`, value: '1234' },
      ],
    })
    expect(r.status).toBe(200)
    expect(r.body.emails[0].value).toBe('updatedEmail@microsoft.com')
    expect(r.body.name.familyName).toBe('updatedFamilyName')
    expect(r.body[ENT].employeeNumber).toBe('1234')
  })

  it('aadOptscim062020: path-less replace with dotted keys (b.1.6)', async () => {
    const r = await req('PATCH', `${U}/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { displayName: 'Flag Name', 'name.givenName': 'Flag', 'name.familyName': 'Name', [`${ENT}:employeeNumber`]: '5678' } }],
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ displayName: 'Flag Name', name: { givenName: 'Flag', familyName: 'Name' } })
    expect(r.body[ENT].employeeNumber).toBe('5678')
  })

  it('manager as a plain string, and the SDK array form (b.1.10)', async () => {
    const a = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: `${ENT}:manager`, value: managerId }] })
    expect(a.status).toBe(200)
    expect(a.body[ENT].manager.value).toBe(managerId)
    const b = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'manager', value: [{ $ref: `../Users/${managerId}`, value: managerId }] }] })
    expect(b.status).toBe(200)
    expect(b.body[ENT].manager.value).toBe(managerId)
  })

  it('filtered PATCH on an absent entry creates it (b.1.8)', async () => {
    const r = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }] })
    expect(r.status).toBe(200)
    expect(r.body.phoneNumbers).toEqual([expect.objectContaining({ type: 'mobile', value: '+1 555 0100' })])
  })

  it('groups: created empty with both schemas, members added with $ref null → 204, renamed → 204, legacy and flag removes (b.1.11)', async () => {
    const c = await req('POST', `${U}/Groups`, { schemas: [GROUP, AD_GROUP], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'displayName' })
    expect(c.status).toBe(201)
    groupId = c.body.id
    const read = await req('GET', `${U}/Groups/${groupId}?excludedAttributes=members`)
    expect(read.body.members).toBeUndefined()
    const filtered = await req('GET', `${U}/Groups?excludedAttributes=members&filter=displayName+eq+%22displayName%22`)
    expect(filtered.body.totalResults).toBe(1)
    const add = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: id }, { $ref: null, value: managerId }] }] })
    expect(add.status).toBe(204)
    expect(teamsOf('manager@contoso.com')).toContain('displayName')
    const ren = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }] })
    expect(ren.status).toBe(204)
    const legacy = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: managerId }] }] })
    expect(legacy.status).toBe(204)
    expect(teamsOf('manager@contoso.com')).toEqual(['Engineering'])
    // only that member went (the segment bug removed all of them)
    expect(teamsOf('Test_User_dfeef4c5-5681-4387-b016-bdf221e82081@contoso.com')).toContain('1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName')
    const flag = await req('PATCH', `${U}/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] })
    expect(flag.status).toBe(204)
    expect((await req('GET', `${U}/Groups/${groupId}`)).body.members).toEqual([])
  })

  it('disable with "False" (legacy), periodic "True" re-enables, boolean false (flag), then hard DELETE (b.1.7, b.1.9)', async () => {
    const email = 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081@contoso.com'
    const off = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
    expect(off.body.active).toBe(false)
    expect(teamsOf(email)).toEqual([])
    const on = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] })
    expect(on.body.active).toBe(true)
    expect(teamsOf(email)).toEqual(['Engineering'])
    const again = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] })
    expect(again.body.meta.version).toBe(on.body.meta.version) // a no-op changes nothing
    const flagOff = await req('PATCH', `${U}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] })
    expect(flagOff.body.active).toBe(false)
    expect((await req('DELETE', `${U}/Users/${id}`)).status).toBe(204)
    expect((await req('GET', `${U}/Users/${id}`)).status).toBe(404)
  })

  it('empty Operations (validator, b.1.20) is a no-op', async () => {
    const r = await req('PATCH', `${U}/Users/${managerId}`, { schemas: [PATCH], Operations: [] })
    expect(r.status).toBe(200)
  })
})

describe('strict mode answers the IdP quirks with the RFC error', () => {
  const S = '/scim/v2/acme-strict'
  const req = (m: string, p: string, body?: unknown) => t.req(m, p, { token: 'tok-acme-strict', body })
  let id = ''
  beforeAll(async () => {
    id = (await req('POST', `${S}/Users`, { schemas: [CORE], userName: 'strict@acme.test', active: true })).body.id
  })
  const quirks: [string, unknown][] = [
    ['capitalised op (b.1.5)', { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'title', value: 'x' }] }],
    ['"False" as a string (b.1.7)', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: 'False' }] }],
    ['dotted keys in a path-less replace (b.1.6)', { schemas: [PATCH], Operations: [{ op: 'replace', value: { 'name.givenName': 'x' } }] }],
    ['filtered PATCH on an absent entry (b.1.8)', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '1' }] }],
    ['empty Operations (b.1.20)', { schemas: [PATCH], Operations: [] }],
  ]
  for (const [name, body] of quirks) {
    it(`${name} → 400`, async () => {
      const before = t.snapshot()
      const r = await req('PATCH', `${S}/Users/${id}`, body)
      expect(r.status).toBe(400)
      expect(r.body.scimType).toBeTruthy()
      expect(t.snapshot()).toBe(before)
    })
  }
})
