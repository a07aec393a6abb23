import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { create, expectScimError, newTenant, USER_EXT, type IamTenantHandle } from './helpers'

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) on the IAM surface, in both wire formats. */

let t: TestSandbox
let tn: IamTenantHandle
type Obj = Record<string, any>
let user: Obj
let group: Obj

beforeAll(async () => {
  t = await startTestSandbox()
  tn = await newTenant(t, 'Projection')
  user = await create(tn, 'user', {
    userName: 'proj@example.com',
    displayName: 'Proj',
    name: { givenName: 'Pro', familyName: 'Jection' },
    emails: [{ value: 'proj@example.com', type: 'work', primary: true }],
    [USER_EXT]: { company: 'Acme', ddd: '11' },
  })
  group = await create(tn, 'group', { displayName: 'Projected', members: [{ value: user.id }] })
})
afterAll(async () => {
  await t?.close()
})

describe('IAM attributes / excludedAttributes', () => {
  it('keeps only the asked-for attributes (sub-attributes and extension attributes too); envelope keys always stay', async () => {
    const r = await tn.call('GET', `Users/${user.id}?attributes=userName,name.givenName,emails.value,${USER_EXT}:company`)
    expect(r.status).toBe(200)
    expect(r.body.attributes).toEqual({ userName: 'proj@example.com', name: { givenName: 'Pro' }, emails: [{ value: 'proj@example.com' }], [USER_EXT]: { company: 'Acme' } })
    expect(Object.keys(r.body).sort()).toEqual(['attributes', 'externalID', 'id', 'meta', 'schemas'])
    // Names are case-insensitive, and a core-schema URN may qualify them.
    const q = await tn.call('GET', `Users/${user.id}?attributes=USERNAME,urn:ietf:params:scim:schemas:core:2.0:User:displayName`)
    expect(q.body.attributes).toEqual({ userName: 'proj@example.com', displayName: 'Proj' })
  })

  it("leaves out excluded ones — Entra's excludedAttributes=members on groups — in lists and single reads, in both wire formats", async () => {
    const list = await tn.call('GET', 'Groups?excludedAttributes=members&filter=displayName%20eq%20%22Projected%22')
    expect(list.body.resources).toHaveLength(1)
    expect(list.body.resources[0].attributes).toEqual({ displayName: 'Projected' })
    expect((await tn.call('GET', `Groups/${group.id}`)).body.attributes.members).toHaveLength(1)

    expect((await t.control('PATCH', `/iam-tenants/${tn.id}`, { body: { wireFormat: 'rfc7643' } })).status).toBe(200)
    const one = (await tn.call('GET', `Groups/${group.id}?excludedAttributes=members`)).body
    expect(one).toEqual({ schemas: group.schemas, id: group.id, displayName: 'Projected', meta: group.meta })
    const users = (await tn.call('GET', `Users?attributes=userName`)).body
    expect(users.Resources).toEqual([{ schemas: user.schemas, id: user.id, userName: 'proj@example.com', meta: users.Resources[0].meta }])
    expect((await t.control('PATCH', `/iam-tenants/${tn.id}`, { body: { wireFormat: 'reference' } })).status).toBe(200)
  })

  it('applies to write answers too; a projection naming another schema is refused before anything is written', async () => {
    const r = await tn.call('POST', 'Actions?attributes=name', { name: 'projected', description: 'not shown' })
    expect(r.status).toBe(201)
    expect(r.body.attributes).toEqual({ name: 'projected' })

    const before = t.snapshot()
    expectScimError(await tn.call('POST', 'Actions?attributes=urn:example:other:Thing:name', { name: 'never' }), 400, 'invalidValue')
    expectScimError(await tn.call('GET', `Users/${user.id}?attributes=a&attributes=b`), 400, 'invalidValue')
    expect(t.snapshot()).toBe(before)
  })
})
