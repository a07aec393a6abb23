import { describe, expect, it } from 'vitest'
import { IAM_USER_EXTENSION } from '@shared/iam'
import { BASE, makeIam, seed } from './setup'

const ops = (...Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations })
const sp = (attributeName: string | null, extra: Record<string, unknown> = {}, ap: Record<string, unknown> = {}) => ({
  attributePath: { attributeName, subAttribute: null, uriprefix: null, ...ap },
  subAttribute: null,
  valueExpression: null,
  ...extra,
})

async function setup() {
  const iam = makeIam()
  const s = await seed(iam)
  const patch = async (kind: Parameters<typeof iam.svc.patch>[1], id: string, body: unknown) => (await iam.svc.patch('t1', kind, id, body, BASE)).value
  return { iam, s, patch }
}

describe('IAM PATCH with RFC string paths', () => {
  it('replace, add and remove simple and multi-valued attributes', async () => {
    const { s, patch, iam } = await setup()
    const a = await patch('action', s.deploy.id, ops({ op: 'Replace', path: 'DESCRIPTION', value: 'Ship' }, { op: 'add', path: 'client_id', value: 'c1' }))
    expect(a.attributes).toMatchObject({ description: 'Ship', client_id: 'c1' })
    expect(a.meta.version).toBe('W/"2"')
    const rt = await patch('resourceType', s.rt.id, { operations: [{ op: 'remove', path: `actions[value eq "${s.read.id}"]` }, { op: 'add', path: 'actions', value: [s.deploy.id] }] })
    expect((rt.attributes.actions as { id: string }[]).map((x) => x.id)).toEqual([s.deploy.id])
    const g = await patch('group', s.admins.id, ops({ op: 'add', path: 'members', value: [{ value: s.bob.id }, { value: s.alice.id }] }))
    expect((g.attributes.members as { value: string }[]).map((m) => m.value)).toEqual([s.alice.id, s.bob.id])
    const g2 = await iam.svc.patch('t1', 'group', s.admins.id, ops({ op: 'remove', path: `members[value eq "${s.alice.id}"]` }), BASE)
    expect((g2.value.attributes.members as { value: string }[]).map((m) => m.value)).toEqual([s.bob.id])
    expect(g2.events.map((e) => e.message)).toEqual(['updated IAM group "Admins" in tenant Acme: members', 'removed user alice from group Admins'])
    const g3 = await patch('group', s.admins.id, ops({ op: 'remove', path: 'members' }))
    expect(g3.attributes.members).toEqual([])
  })

  it("Entra's legacy remove of members by a value list", async () => {
    const { s, patch } = await setup()
    await patch('group', s.admins.id, ops({ op: 'add', path: 'members', value: [{ value: s.bob.id }] }))
    const g = await patch('group', s.admins.id, ops({ op: 'Remove', path: 'members', value: [{ value: s.alice.id }] }))
    expect((g.attributes.members as { value: string }[]).map((m) => m.value)).toEqual([s.bob.id])
    // One member named without the list removes that member only.
    const g2 = await patch('group', s.admins.id, ops({ op: 'remove', path: 'members', value: { value: 'not-a-member' } }))
    expect((g2.attributes.members as { value: string }[]).map((m) => m.value)).toEqual([s.bob.id])
  })

  it('value filters select elements for replace (whole or sub-attribute); a sub-attribute of a missing entry creates it (Entra), a missing whole entry is 400 noTarget', async () => {
    const { s, patch } = await setup()
    const u = await patch('user', s.alice.id, ops({ op: 'replace', path: 'emails[type eq "WORK"].value', value: 'a@new.test' }, { op: 'replace', path: 'name.givenName', value: 'Al' }))
    expect(u.attributes.emails).toEqual([{ value: 'a@new.test', type: 'work', primary: true }])
    expect(u.attributes.name).toEqual({ givenName: 'Al' })
    // Entra's "Replace" on an entry that is not there (idp-request-patterns.md b.1.8) creates it from the filter.
    const home = await patch('user', s.alice.id, ops({ op: 'Replace', path: 'emails[type eq "home"].value', value: 'a@home.test' }))
    expect(home.attributes.emails).toEqual([
      { value: 'a@new.test', type: 'work', primary: true },
      { type: 'home', value: 'a@home.test' },
    ])
    await expect(patch('user', s.alice.id, ops({ op: 'replace', path: 'emails[type co "x"].value', value: 'x' }))).rejects.toMatchObject({
      status: 400,
      scimType: 'noTarget',
      message: 'Operations[0] (replace "emails[type co \\"x\\"].value"): no value of "emails" matches the filter',
    })
    // add to an entry not there yet creates it from the filter's eq terms too.
    const added = await patch('user', s.alice.id, ops({ op: 'add', path: 'phoneNumbers[Type eq "mobile"].value', value: '+1 555' }))
    expect(added.attributes.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555' }])
    await expect(patch('user', s.alice.id, ops({ op: 'add', path: 'emails[type co "x"].value', value: 'x' }))).rejects.toMatchObject({ scimType: 'noTarget' })
    const p = await patch('permission', s.perm.id, ops({ op: 'replace', path: `statements[resource eq "${s.prod.id}"].action`, value: s.read.id }))
    expect((p.attributes.statements as { actions: { id: string }[] }[])[0]!.actions.map((a) => a.id)).toEqual([s.deploy.id, s.read.id])
  })

  it('path-less operations handle each key as a path, the extension URN merging into the extension', async () => {
    const { s, patch, iam } = await setup()
    await patch('user', s.bob.id, ops({ op: 'add', value: { [IAM_USER_EXTENSION]: { company: 'Acme', human: true } } }))
    const u = await patch('user', s.bob.id, ops({ op: 'replace', value: { displayName: 'Bobby', active: 'False', id: s.bob.id, [IAM_USER_EXTENSION]: { blocked: true } } }))
    expect(u.attributes).toMatchObject({ displayName: 'Bobby', active: false, [IAM_USER_EXTENSION]: { company: 'Acme', human: true, blocked: true } })
    const v = await patch('user', s.bob.id, ops({ op: 'replace', path: `${IAM_USER_EXTENSION}:company`, value: 'Globex' }, { op: 'replace', path: 'externalId', value: 'ext-b' }))
    expect(v.attributes[IAM_USER_EXTENSION]).toMatchObject({ company: 'Globex' })
    expect(v.externalID).toEqual({ value: 'ext-b' })
    const w = await patch('user', s.bob.id, ops({ op: 'remove', path: `urn:ietf:params:scim:schemas:core:2.0:User:displayName` }, { op: 'remove', path: 'externalId' }))
    expect(w.attributes.displayName).toBeUndefined()
    expect(w.externalID).toEqual({})
    expect(iam.store.get('iamResources', s.bob.id)!.externalId).toBeNull()
    const role = await patch('role', s.role.id, ops({ op: 'replace', value: { description: 'root', claim_mapper: { team: 'ops' } } }, { op: 'add', path: 'claim_mapper.env', value: 'prod' }))
    expect(role.attributes).toMatchObject({ description: 'root', claim_mapper: { team: 'ops', env: 'prod' } })
  })

  it('bad operations are 400 naming the operation', async () => {
    const { s, patch } = await setup()
    await expect(patch('action', s.deploy.id, {})).rejects.toMatchObject({ scimType: 'invalidSyntax', message: expect.stringContaining('Operations is required') })
    await expect(patch('action', s.deploy.id, ops())).rejects.toMatchObject({ scimType: 'invalidSyntax' })
    await expect(patch('action', s.deploy.id, ops({ op: 'name', path: 'name', value: 'x' }))).rejects.toMatchObject({ scimType: 'invalidSyntax', message: 'Operations[0]: op "name" is not add, replace or remove' })
    await expect(patch('permission', s.perm.id, ops({ op: 'replace', path: 'x', value: 'y' }))).rejects.toMatchObject({ scimType: 'invalidPath', message: 'Operations[0] (replace "x"): no attribute "x" on a permission' })
    await expect(patch('permission', s.perm.id, ops({ op: 'replace', path: 'name[', value: 'y' }))).rejects.toMatchObject({ scimType: 'invalidPath' })
    await expect(patch('permission', s.perm.id, ops({ op: 'replace', path: 42, value: 'y' }))).rejects.toMatchObject({ scimType: 'invalidPath' })
    await expect(patch('action', s.deploy.id, ops({ op: 'remove' }))).rejects.toMatchObject({ scimType: 'noTarget' })
    await expect(patch('action', s.deploy.id, ops({ op: 'replace', value: 'x' }))).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' })
  })

  it('the result is validated as a PUT body, naming the operation at fault', async () => {
    const { s, patch } = await setup()
    await expect(patch('action', s.deploy.id, ops({ op: 'replace', path: 'description', value: 'ok' }, { op: 'remove', path: 'name' }))).rejects.toMatchObject({
      scimType: 'invalidValue',
      message: 'Operations[1] (remove "name"): name is required',
    })
    await expect(patch('permission', s.perm.id, ops({ op: 'add', path: 'statements', value: { action: s.deploy.id, resource: 'abc' } }))).rejects.toThrow(
      'Operations[0] (add "statements"): statements[1].resource: no resource "abc" in this tenant',
    )
    await expect(patch('action', s.read.id, ops({ op: 'replace', path: 'name', value: 'deploy' }))).rejects.toMatchObject({ status: 409, scimType: 'uniqueness' })
    await expect(patch('action', s.read.id, ops({ op: 'replace', path: 'name', value: 7 }))).rejects.toThrow('Operations[0] (replace "name"): name: expected string')
  })

  it('is all or nothing: a failing second operation leaves the store as it was', async () => {
    const { s, patch, iam } = await setup()
    const before = iam.snapshot()
    await expect(patch('group', s.admins.id, ops({ op: 'add', path: 'members', value: [{ value: s.bob.id }] }, { op: 'replace', path: 'members[value eq "ghost"]', value: {} }))).rejects.toMatchObject({
      scimType: 'noTarget',
    })
    await expect(patch('role', s.role.id, ops({ op: 'replace', path: 'description', value: 'x' }, { op: 'add', path: 'permissions', value: ['ghost'] }))).rejects.toMatchObject({ status: 400 })
    expect(iam.snapshot()).toBe(before)
  })

  it('an unchanged result is no new version and no event', async () => {
    const { s, iam } = await setup()
    const r = await iam.svc.patch('t1', 'action', s.deploy.id, ops({ op: 'replace', path: 'name', value: 'deploy' }), BASE)
    expect(r.events).toEqual([])
    expect(r.value.meta.version).toBe('W/"1"')
  })
})

describe('IAM PATCH with structured path objects', () => {
  it('attributeName, subAttribute and uriprefix', async () => {
    const { s, patch } = await setup()
    const a = await patch('action', s.deploy.id, ops({ op: 'replace', path: sp('description'), value: 'D' }))
    expect(a.attributes.description).toBe('D')
    const u = await patch('user', s.alice.id, ops({ op: 'replace', path: sp('name', {}, { subAttribute: 'familyName' }), value: 'Smith' }))
    expect(u.attributes.name).toEqual({ familyName: 'Smith' })
    const u2 = await patch('user', s.alice.id, ops({ op: 'replace', path: sp('company', {}, { uriprefix: IAM_USER_EXTENSION }), value: 'Acme' }))
    expect(u2.attributes[IAM_USER_EXTENSION]).toEqual({ company: 'Acme' })
    const u3 = await patch('user', s.alice.id, ops({ op: 'add', path: sp(null, {}, { uriprefix: IAM_USER_EXTENSION }), value: { ddd: '11' } }))
    expect(u3.attributes[IAM_USER_EXTENSION]).toEqual({ company: 'Acme', ddd: '11' })
  })

  it('the reference sample shape: an empty attributeName is no path, and the value holds the attributes', async () => {
    const { s, patch } = await setup()
    const r = await patch('resource', s.prod.id, {
      Operations: [{ op: 'replace', path: { attributePath: { attributeName: '', subAttribute: '', uriprefix: '' }, subAttribute: '', valueExpression: null }, value: { description: 'main', slug: 'prod' } }],
      schemas: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
    })
    expect(r.attributes).toMatchObject({ description: 'main', slug: 'prod' })
    const g = await patch('group', s.admins.id, { Operations: [{ op: 'add', path: sp('members'), value: { members: [{ value: s.bob.id, display: 'ignored', $ref: 'x' }] } }] })
    expect((g.attributes.members as { value: string }[]).map((m) => m.value)).toEqual([s.alice.id, s.bob.id])
  })

  it('valueExpression as filter text and as an expression object, with a trailing subAttribute', async () => {
    const { s, patch } = await setup()
    await patch('group', s.admins.id, ops({ op: 'add', path: 'members', value: [{ value: s.bob.id }] }))
    const g = await patch('group', s.admins.id, ops({ op: 'remove', path: sp('members', { valueExpression: `value eq "${s.alice.id}"` }) }))
    expect((g.attributes.members as { value: string }[]).map((m) => m.value)).toEqual([s.bob.id])
    const expr = { attributePath: { attributeName: 'value' }, operator: 'EQ', compareValue: s.bob.id }
    const g2 = await patch('group', s.admins.id, ops({ op: 'remove', path: sp('members', { valueExpression: expr }) }))
    expect(g2.attributes.members).toEqual([])
    const u = await patch('user', s.alice.id, ops({
      op: 'replace',
      path: sp('emails', {
        subAttribute: 'value',
        valueExpression: { operator: 'and', left: { attributePath: { attributeName: 'type' }, operator: 'eq', compareValue: 'work' }, right: { operator: 'not', expression: { attributePath: { attributeName: 'primary' }, operator: 'eq', compareValue: false } } },
      }),
      value: 'alice@corp.test',
    }))
    expect((u.attributes.emails as { value: string }[])[0]!.value).toBe('alice@corp.test')
    await expect(patch('user', s.alice.id, ops({ op: 'remove', path: sp('emails', { valueExpression: { operator: 'zz', attributePath: { attributeName: 'type' } } }) }))).rejects.toMatchObject({
      scimType: 'invalidPath',
    })
  })
})
