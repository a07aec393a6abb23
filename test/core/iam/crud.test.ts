import { describe, expect, it } from 'vitest'
import { IAM_KIND_INFO, IAM_KINDS, iamEnvelopeSchema } from '@shared/iam'
import { BASE, makeIam, seed } from './setup'

const keys = (o: unknown) => Object.keys(o as object)

describe('IAM service: create / get / list / replace / delete', () => {
  it('renders every kind in the reference envelope with its attributes expanded', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    for (const env of Object.values(s)) {
      expect(iamEnvelopeSchema.parse(env)).toEqual(env)
      expect(keys(env)).toEqual(['attributes', 'externalID', 'id', 'meta', 'schemas'])
      expect(keys(env.meta)).toEqual(['created', 'lastModified', 'location', 'resourceType', 'version'])
      expect(env.meta.version).toBe('W/"1"')
    }
    expect(s.deploy.attributes).toEqual({ active: true, client_id: '', created_at: s.deploy.meta.created, description: 'Deploy things', id: s.deploy.id, name: 'deploy' })
    expect(s.deploy.meta.location).toBe(`${BASE}/Actions/${s.deploy.id}`)
    expect(s.deploy.schemas).toEqual(IAM_KIND_INFO.action.schemas)
    expect(s.deploy.externalID).toEqual({})

    const rt = iam.svc.get('t1', 'resourceType', s.rt.id, BASE)
    expect(keys(rt.attributes)).toEqual(['actions', 'client_id', 'description', 'name', 'resources', 'slug'])
    expect(rt.attributes.slug).toBe('deployments')
    expect(rt.attributes.actions).toEqual([s.deploy.attributes, s.read.attributes])
    expect(rt.attributes.resources).toEqual([
      { client_id: '', created_at: s.prod.meta.created, description: '', id: s.prod.id, name: 'Prod Cluster', slug: 'prod-cluster' },
    ])
    expect(rt.meta.location).toBe(`${BASE}/resource-types/${s.rt.id}`)

    expect(keys(s.prod.attributes)).toEqual(['client_id', 'description', 'name', 'slug', 'type'])
    const type = s.prod.attributes.type as Record<string, unknown>
    expect(keys(type)).toEqual(['actions', 'client_id', 'created_at', 'description', 'id', 'name', 'slug'])
    expect(type.actions).toEqual([s.deploy.attributes, s.read.attributes])

    expect(keys(s.perm.attributes)).toEqual(['client_id', 'created_at', 'description', 'id', 'name', 'statements'])
    const [st] = s.perm.attributes.statements as { actions: unknown[]; resource: unknown }[]
    expect(st!.actions).toEqual([s.deploy])
    expect(st!.resource).toEqual(iam.svc.get('t1', 'resource', s.prod.id, BASE))

    expect(keys(s.role.attributes)).toEqual(['claim_mapper', 'client_id', 'created_at', 'description', 'id', 'member_count', 'members', 'name', 'permissions', 'statements'])
    expect(s.role.attributes.member_count).toBe(2)
    expect(s.role.attributes.members).toEqual([
      { $ref: `${BASE}/Users/${s.alice.id}`, display: 'Alice A', type: 'User', value: s.alice.id },
      { $ref: `${BASE}/Groups/${s.admins.id}`, display: 'Admins', type: 'Group', value: s.admins.id },
    ])
    const [p] = s.role.attributes.permissions as Record<string, unknown>[]
    expect(keys(p)).toEqual(['client_id', 'created_at', 'description', 'id', 'name', 'statements'])
    expect(p!.statements).toEqual(s.perm.attributes.statements)

    expect(s.admins.attributes).toEqual({ displayName: 'Admins', members: [{ $ref: `${BASE}/Users/${s.alice.id}`, display: 'Alice A', type: 'User', value: s.alice.id }] })
    expect(s.admins.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:Group'])
    expect(s.bob.attributes).toEqual({ active: true, emails: [{ value: 'bob@other.test', type: 'home' }], userName: 'bob' })
  })

  it('get, replace, patch and delete of an id of another kind or tenant are 404', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const other = await iam.create('action', { name: 'deploy' }, 't2')
    expect(() => iam.svc.get('t1', 'action', other.id, BASE)).toThrow(`No action "${other.id}" in tenant t1`)
    expect(() => iam.svc.get('t1', 'action', s.rt.id, BASE)).toThrow(expect.objectContaining({ status: 404 }))
    await expect(iam.svc.replace('t1', 'role', s.perm.id, { name: 'x' }, BASE)).rejects.toMatchObject({ status: 404, message: `No role "${s.perm.id}" in tenant t1` })
    await expect(iam.svc.patch('t1', 'group', 'nope', { Operations: [{ op: 'remove', path: 'members' }] }, BASE)).rejects.toMatchObject({ status: 404 })
    await expect(iam.svc.delete('t2', 'action', s.deploy.id)).rejects.toMatchObject({ status: 404, message: `No action "${s.deploy.id}" in tenant t2` })
  })

  it('create normalizes: defaults, slugs, deduped ids and members, externalId in either casing, id ignored but for roles', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const a = await iam.create('action', { name: 'write', id: 'mine', externalID: { value: 'ext-1' }, schemas: ['x'], meta: { version: 'W/"9"' } })
    expect(a.id).not.toBe('mine')
    expect(a.externalID).toEqual({ value: 'ext-1' })
    const rt = await iam.create('resourceType', { name: '  Big Data / Lakes!! ', actions: [a.id, a.id, s.read.id], externalId: 'e2' })
    expect(rt.attributes.slug).toBe('big-data-lakes')
    expect((rt.attributes.actions as { id: string }[]).map((x) => x.id)).toEqual([a.id, s.read.id])
    const p = await iam.create('permission', { name: 'P', statements: [{ actions: [a.id], action: a.id, resource: s.prod.id }, { action: s.read.id, resource: s.prod.id }] })
    expect(iam.store.get('iamResources', p.id)!.data.statements).toEqual([
      { actions: [a.id], resource: s.prod.id },
      { actions: [s.read.id], resource: s.prod.id },
    ])
    const role = await iam.create('role', { id: 'role-ops', name: 'Ops', claim_mapper: { team: 'ops' }, members: [{ value: s.alice.id, type: 'user' }, { value: s.alice.id }] })
    expect(role.id).toBe('role-ops')
    expect(role.attributes.claim_mapper).toEqual({ team: 'ops' })
    expect(role.attributes.member_count).toBe(1)
    await expect(iam.create('role', { id: 'role-ops', name: 'Ops 2' })).rejects.toMatchObject({ status: 409, scimType: 'uniqueness' })
    await expect(iam.create('role', { id: s.deploy.id, name: 'Ops 3' })).rejects.toMatchObject({ status: 409 })
    await expect(iam.create('role', { id: 'a/b', name: 'Ops 4' })).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' })
  })

  it('create refuses a non-object body and names each field problem', async () => {
    const iam = makeIam()
    await expect(iam.create('action', [1])).rejects.toMatchObject({ status: 400, scimType: 'invalidSyntax' })
    await expect(iam.create('action', 'x')).rejects.toMatchObject({ status: 400, scimType: 'invalidSyntax' })
    await expect(iam.create('permission', { nmae: 'x', description: 3, statements: [{ actions: ['a'] }] })).rejects.toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: 'name is required; description: expected string; statements[0].resource is required; unknown field "nmae"',
    })
    await expect(iam.create('action', { name: '   ' })).rejects.toThrow('name must not be empty')
    await expect(iam.create('group', { displayName: 'G', members: [{ value: 'x', type: 'Robot' }] })).rejects.toThrow('members[0].type: expected one of "User", "Group"')
    await expect(iam.create('action', { name: 'x', externalId: 5 })).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' })
  })

  it('lists in creation order per tenant and kind, with paging', async () => {
    const iam = makeIam()
    for (const n of ['a', 'b', 'c', 'd', 'e']) await iam.create('action', { name: n })
    await iam.create('action', { name: 'zzz' }, 't2')
    const all = iam.svc.list('t1', 'action', {}, BASE)
    expect(all.totalResults).toBe(5)
    expect(all.resources.map((r) => r.attributes.name)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(all).toMatchObject({ startIndex: 1, itemsPerPage: 5 })
    // An update re-indexes a record; the order stays the creation order.
    await iam.svc.replace('t1', 'action', all.resources[0]!.id, { name: 'a2' }, BASE)
    const page = iam.svc.list('t1', 'action', { startIndex: '2', count: '2' }, BASE)
    expect(page).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 })
    expect(page.resources.map((r) => r.attributes.name)).toEqual(['b', 'c'])
    expect(iam.svc.list('t1', 'action', { startIndex: '0', count: '-3' }, BASE)).toMatchObject({ startIndex: 1, itemsPerPage: 0, totalResults: 5 })
    expect(iam.svc.list('t1', 'action', { count: '5000' }, BASE).itemsPerPage).toBe(5)
    expect(iam.svc.list('t1', 'action', { startIndex: '1', count: '9' }, BASE).resources[0]!.attributes.name).toBe('a2')
    expect(() => iam.svc.list('t1', 'action', { count: 'ten' }, BASE)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }))
    expect(() => iam.svc.list('t1', 'action', { startIndex: '1.5' }, BASE)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }))
    expect(iam.svc.list('t1', 'role', {}, BASE)).toEqual({ resources: [], totalResults: 0, startIndex: 1, itemsPerPage: 0 })
  })

  it('replace: absent strings become empty, absent relation lists and externalId are kept, version moves only on change', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const rt = await iam.svc.replace('t1', 'resourceType', s.rt.id, { name: 'Deployments', slug: 'deploys', description: 'd', id: s.rt.id, externalId: 'x1' }, BASE)
    expect(rt.value.attributes).toMatchObject({ slug: 'deploys', description: 'd' })
    expect((rt.value.attributes.actions as unknown[]).length).toBe(2)
    expect(rt.value.meta.version).toBe('W/"2"')
    expect(rt.events.map((e) => e.message)).toEqual(['updated IAM resource type "Deployments" in tenant Acme: slug, description, externalId'])
    const again = await iam.svc.replace('t1', 'resourceType', s.rt.id, { name: 'Deployments', slug: 'deploys', description: 'd' }, BASE)
    expect(again.value.meta.version).toBe('W/"2"')
    expect(again.value.externalID).toEqual({ value: 'x1' })
    expect(again.events).toEqual([])
    const cleared = await iam.svc.replace('t1', 'resourceType', s.rt.id, { name: 'Deployments', slug: 'deploys', actions: [] }, BASE)
    expect(cleared.value.attributes).toMatchObject({ description: '', actions: [] })
    await expect(iam.svc.replace('t1', 'resourceType', s.rt.id, { name: 'Deployments' }, BASE)).rejects.toThrow('slug is required')
    await expect(iam.svc.replace('t1', 'action', s.deploy.id, { name: 'x', id: 'other' }, BASE)).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' })

    const perm = await iam.svc.replace('t1', 'permission', s.perm.id, { name: 'Ship it', statements: [{ action: s.read.id, resource: s.prod.id }] }, BASE)
    expect(iam.store.get('iamResources', s.perm.id)!.data.statements).toEqual([{ actions: [s.read.id], resource: s.prod.id }])
    expect(perm.value.meta.version).toBe('W/"2"')

    const role = await iam.svc.replace('t1', 'role', s.role.id, { name: 'Admin', description: 'all' }, BASE)
    expect(role.value.attributes).toMatchObject({ member_count: 2, description: 'all' })
    expect((role.value.attributes.permissions as unknown[]).length).toBe(1)

    const group = await iam.svc.replace('t1', 'group', s.admins.id, { displayName: 'Admins', members: [{ value: s.bob.id }] }, BASE)
    expect(group.events.map((e) => [e.type, e.message])).toEqual([
      ['iam.resource.updated', 'updated IAM group "Admins" in tenant Acme: members'],
      ['iam.member.added', 'added user bob to group Admins'],
      ['iam.member.removed', 'removed user alice from group Admins'],
    ])

    await iam.svc.replace('t1', 'user', s.bob.id, { userName: 'bob', name: { givenName: 'B', familyName: 'C' } }, BASE)
    const same = await iam.svc.replace('t1', 'user', s.bob.id, { name: { familyName: 'C', givenName: 'B' }, userName: 'bob' }, BASE)
    expect(same.events).toEqual([])
    const user = await iam.svc.replace('t1', 'user', s.alice.id, { userName: 'alice' }, BASE)
    expect(user.value.attributes).toEqual({ active: true, userName: 'alice' })
    await iam.svc.replace('t1', 'user', s.alice.id, { userName: 'alice', active: false }, BASE)
    expect((await iam.svc.replace('t1', 'user', s.alice.id, { userName: 'alice' }, BASE)).value.attributes.active).toBe(false)
  })

  it('create and delete record events with the tenant name', async () => {
    const iam = makeIam()
    const c = await iam.svc.create('t1', 'resource', { name: 'x', type: 'nope' }, BASE).catch((e: Error) => e)
    expect(c).toMatchObject({ status: 400, message: 'type: no resource type "nope" in this tenant' })
    const a = await iam.svc.create('t1', 'action', { name: 'deploy' }, BASE)
    expect(a.events).toEqual([{ type: 'iam.resource.created', message: 'created IAM action "deploy" in tenant Acme', resourceId: a.value.id }])
    const d = await iam.svc.delete('t1', 'action', a.value.id)
    expect(d).toEqual({ value: null, events: [{ type: 'iam.resource.deleted', message: 'deleted IAM action "deploy" in tenant Acme', resourceId: a.value.id }] })
    expect(() => iam.svc.get('t1', 'action', a.value.id, BASE)).toThrow(expect.objectContaining({ status: 404 }))
    expect(iam.persisted.length).toBe(2)
  })

  it('every kind can be created, read, listed and deleted', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const byKind = { action: s.read, resourceType: s.rt, resource: s.prod, permission: s.perm, role: s.role, group: s.admins, user: s.bob }
    for (const kind of IAM_KINDS) expect(iam.svc.list('t1', kind, {}, BASE).resources.map((r) => r.id)).toContain(byKind[kind].id)
    // Deleting in dependency order works for every kind.
    for (const kind of ['role', 'group', 'user', 'permission', 'resource', 'resourceType', 'action'] as const) {
      for (const r of iam.svc.list('t1', kind, {}, BASE).resources) await iam.svc.delete('t1', kind, r.id)
      expect(iam.svc.list('t1', kind, {}, BASE).totalResults).toBe(0)
    }
  })
})
