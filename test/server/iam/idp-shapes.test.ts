import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { create, newTenant, PATCH_OP, type IamTenantHandle } from './helpers'

/**
 * The tokens admin API tells admins to paste a tenant's IAM SCIM base URL into Okta or Entra, so the tenant's Users and
 * Groups must take what those IdPs send (reference/idp-request-patterns.md), not only the reference's own samples.
 */

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const ENTRA_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'

let t: TestSandbox
let tn: IamTenantHandle
type Obj = Record<string, any>

beforeAll(async () => {
  t = await startTestSandbox()
  tn = await newTenant(t, 'IdP shapes')
})
afterAll(async () => {
  await t?.close()
})

const ok = async (method: string, path: string, body?: unknown): Promise<Obj> => {
  const r = await tn.call(method, path, body)
  expect(r.status, `${method} ${path} → ${r.text}`).toBeLessThan(300)
  return r.body
}

describe('Okta against an IAM tenant (b.2)', () => {
  it('existence check, create with groups/password/locale, GET-then-PUT of the whole object, path-less deactivate', async () => {
    const none = await ok('GET', 'Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100')
    expect(none).toMatchObject({ totalResults: 0, resources: [], startIndex: 1 })

    const u = await create(tn, 'user', {
      schemas: [CORE_USER],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    })
    expect(u.externalID).toEqual({ value: '00ujl29u0le5T6Aj10h7' })
    expect(u.attributes).not.toHaveProperty('groups')
    expect(u.attributes).not.toHaveProperty('password')

    // Upper-cased userName still finds it (Okta's SPEC test).
    const found = await ok('GET', 'Users?filter=userName%20eq%20%22TEST.USER%40OKTA.LOCAL%22')
    expect(found.resources.map((x: Obj) => x.id)).toEqual([u.id])

    // GET then PUT the whole object back, with a changed given name: id, schemas, meta and groups ride along.
    const cur = await ok('GET', `Users/${u.id}`)
    const put = await ok('PUT', `Users/${u.id}`, { schemas: [CORE_USER], id: u.id, meta: cur.meta, groups: [], externalId: '00ujl29u0le5T6Aj10h7', ...cur.attributes, name: { givenName: 'Tess', familyName: 'User' } })
    expect(put.resources[0].attributes.name).toEqual({ givenName: 'Tess', familyName: 'User' })

    const off = await ok('PATCH', `Users/${u.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })
    expect(off.attributes.active).toBe(false)
  })

  it('group push: create with members [], path-less replace repeating id, add and remove members in one PATCH', async () => {
    const a = await create(tn, 'user', { userName: 'okta-a@example.com' })
    const b = await create(tn, 'user', { userName: 'okta-b@example.com' })
    const g = await create(tn, 'group', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Okta push', members: [] })
    const renamed = await ok('PATCH', `Groups/${g.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: g.id, displayName: 'Okta push 2' } }] })
    expect(renamed.attributes.displayName).toBe('Okta push 2')
    await ok('PATCH', `Groups/${g.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: a.id, display: 'okta-a@example.com' }] }] })
    const both = await ok('PATCH', `Groups/${g.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'remove', path: `members[value eq "${a.id}"]` },
        { op: 'add', path: 'members', value: [{ value: b.id, display: 'okta-b@example.com' }] },
      ],
    })
    expect(both.attributes.members.map((m: Obj) => m.value)).toEqual([b.id])
    const empty = await ok('PATCH', `Groups/${g.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'members', value: [] }] })
    expect(empty.attributes.members).toEqual([])
  })
})

describe('Microsoft Entra ID against an IAM tenant (b.1)', () => {
  it('test connection, create with the enterprise extension, roles [] and explicit nulls, then its PATCH shapes', async () => {
    const probe = await ok('GET', 'Users?filter=userName%20eq%20%22c1a9f1a4-7a1e-4f8e-9a71-2d1c2b8a0c55%22')
    expect(probe).toMatchObject({ totalResults: 0, resources: [] })

    const u = await create(tn, 'user', {
      schemas: [CORE_USER, ENTERPRISE],
      externalId: 'jyoung',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.com',
      active: true,
      addresses: null,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations', manager: null },
    })
    expect(u.schemas).toEqual([CORE_USER, 'urn:ietf:params:scim:schemas:extension:custom:2.0:User', ENTERPRISE])
    expect(u.attributes[ENTERPRISE]).toEqual({ employeeNumber: '701984', department: 'Tour Operations' })
    expect(u.attributes).not.toHaveProperty('addresses')

    // Capitalised ops, the enterprise URN path, a string boolean, a manager as a plain string.
    const p1 = await ok('PATCH', `Users/${u.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '701985' },
        { op: 'Add', path: `${ENTERPRISE}:manager`, value: 'mgr-1' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    })
    expect(p1.attributes[ENTERPRISE]).toEqual({ employeeNumber: '701985', department: 'Tour Operations', manager: 'mgr-1' })
    expect(p1.attributes.active).toBe(false)

    // The aadOptscim062020 flag's path-less replace with dotted keys, and a filtered replace on an absent entry.
    const p2 = await ok('PATCH', `Users/${u.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', value: { displayName: 'Given Family', 'name.givenName': 'Given', [`${ENTERPRISE}:department`]: 'Sales' } },
        { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
      ],
    })
    expect(p2.attributes.displayName).toBe('Given Family')
    expect(p2.attributes.name.givenName).toBe('Given')
    expect(p2.attributes[ENTERPRISE].department).toBe('Sales')
    expect(p2.attributes.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }])

    // The validator clears the manager with a replace of an empty value.
    const p3 = await ok('PATCH', `Users/${u.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: null }] })
    expect(p3.attributes[ENTERPRISE]).not.toHaveProperty('manager')
  })

  it('groups: created empty with the ADSCIM schema, members added with "$ref": null, removed in the legacy shape and by filter', async () => {
    const a = await create(tn, 'user', { userName: 'entra-a@example.com' })
    const b = await create(tn, 'user', { userName: 'entra-b@example.com' })
    const g = await create(tn, 'group', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', ENTRA_GROUP], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'Group1DisplayName' })
    const listed = await ok('GET', 'Groups?excludedAttributes=members&filter=displayName%20eq%20%22Group1DisplayName%22')
    expect(listed.resources.map((x: Obj) => x.id)).toEqual([g.id])
    const added = await ok('PATCH', `Groups/${g.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: a.id }, { $ref: null, value: b.id }] }],
    })
    expect(added.attributes.members.map((m: Obj) => m.value)).toEqual([a.id, b.id])
    const legacy = await ok('PATCH', `Groups/${g.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: a.id }] }] })
    expect(legacy.attributes.members.map((m: Obj) => m.value)).toEqual([b.id])
    const flag = await ok('PATCH', `Groups/${g.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${b.id}"]` }] })
    expect(flag.attributes.members).toEqual([])
  })
})
