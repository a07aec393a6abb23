import { describe, expect, it } from 'vitest'
import { BASE, makeIam, seed } from './setup'

describe('IAM relations', () => {
  it('a relation to an unknown id, or to an id of another kind or tenant, is 400 naming where it sits', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const elsewhere = await iam.create('action', { name: 'x' }, 't2')
    await expect(iam.create('resourceType', { name: 'T', actions: [s.deploy.id, 'abc', elsewhere.id] })).rejects.toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: `actions[1]: no action "abc" in this tenant; actions[2]: no action "${elsewhere.id}" in this tenant`,
    })
    await expect(iam.create('permission', { name: 'P', statements: [{ actions: [s.prod.id], resource: s.deploy.id }] })).rejects.toThrow(
      `statements[0].actions[0]: no action "${s.prod.id}" in this tenant; statements[0].resource: no resource "${s.deploy.id}" in this tenant`,
    )
    await expect(iam.create('role', { name: 'R', permissions: ['nope'], statements: [{ actions: [s.deploy.id], resource: 'abc' }] })).rejects.toThrow(
      'permissions[0]: no permission "nope" in this tenant; statements[0].resource: no resource "abc" in this tenant',
    )
    await expect(iam.create('group', { displayName: 'G', members: [{ value: s.admins.id }] })).rejects.toThrow(`members[0]: no user "${s.admins.id}" in this tenant`)
    await expect(iam.create('group', { displayName: 'G', members: [{ value: s.bob.id, type: 'Group' }] })).rejects.toThrow(`members[0]: no group "${s.bob.id}" in this tenant`)
    // Groups may hold groups.
    const nested = await iam.create('group', { displayName: 'Nested', members: [{ value: s.admins.id, type: 'Group' }] })
    expect((nested.attributes.members as { display: string }[])[0]!.display).toBe('Admins')
  })

  it('a group cannot list itself as a member', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    await expect(iam.svc.replace('t1', 'group', s.admins.id, { displayName: 'Admins', members: [{ value: s.admins.id, type: 'Group' }] }, BASE)).rejects.toMatchObject({
      status: 400,
      message: 'members[0]: a group cannot be a member of itself',
    })
  })

  it('name, slug, userName and displayName are unique per tenant and kind, case-insensitively: 409 uniqueness', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    await expect(iam.create('action', { name: 'DEPLOY' })).rejects.toMatchObject({ status: 409, scimType: 'uniqueness', message: 'an action with name "DEPLOY" already exists in this tenant' })
    await expect(iam.create('resourceType', { name: 'Other', slug: 'Deployments', actions: [] })).rejects.toThrow('a resource type with slug "Deployments" already exists in this tenant')
    await expect(iam.create('user', { userName: 'ALICE' })).rejects.toMatchObject({ status: 409 })
    await expect(iam.create('group', { displayName: 'admins' })).rejects.toMatchObject({ status: 409 })
    // Another tenant or kind may reuse it; a resource may keep its own.
    await iam.create('action', { name: 'deploy' }, 't2')
    await iam.create('permission', { name: 'deploy', statements: [] })
    await iam.svc.replace('t1', 'action', s.deploy.id, { name: 'Deploy' }, BASE)
    await expect(iam.svc.replace('t1', 'action', s.read.id, { name: 'deploy' }, BASE)).rejects.toMatchObject({ status: 409 })
  })

  it('delete is refused while a restricting reference exists, naming every referrer and where', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const before = iam.snapshot()
    await iam.create('resourceType', { name: 'Pipelines', actions: [s.read.id] })
    const err = await iam.svc.delete('t1', 'action', s.deploy.id).catch((e: unknown) => e)
    expect(err).toMatchObject({
      status: 409,
      scimType: undefined,
      message: `action "deploy" is still used by resource type "Deployments" (actions[0]) and permission "Ship it" (statements[0].actions[0]); remove those references first`,
    })
    await expect(iam.svc.delete('t1', 'action', s.read.id)).rejects.toThrow('action "read" is still used by resource type "Deployments" (actions[1]) and resource type "Pipelines" (actions[0])')
    await expect(iam.svc.delete('t1', 'resourceType', s.rt.id)).rejects.toThrow('resource type "Deployments" is still used by resource "Prod Cluster" (type)')
    await expect(iam.svc.delete('t1', 'resource', s.prod.id)).rejects.toThrow('resource "Prod Cluster" is still used by permission "Ship it" (statements[0].resource)')
    await expect(iam.svc.delete('t1', 'permission', s.perm.id)).rejects.toThrow('permission "Ship it" is still used by role "Admin" (permissions[0])')
    expect(JSON.parse(iam.snapshot()).iamResources.length).toBe(JSON.parse(before).iamResources.length + 1)
  })

  it('deleting a user or group removes its memberships in the same transaction, one event each', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const del = await iam.svc.delete('t1', 'user', s.alice.id)
    expect(del.events.map((e) => [e.type, e.message])).toEqual([
      ['iam.member.removed', 'removed user alice from group Admins'],
      ['iam.member.removed', 'removed user alice from role Admin'],
      ['iam.resource.deleted', 'deleted IAM user "alice" in tenant Acme'],
    ])
    expect(iam.svc.get('t1', 'group', s.admins.id, BASE).attributes.members).toEqual([])
    const role = iam.svc.get('t1', 'role', s.role.id, BASE)
    expect(role.attributes.member_count).toBe(1)
    expect(role.meta.version).toBe('W/"2"')
    expect(iam.persisted.at(-1)!.map((op) => [op.id, op.v === null])).toEqual([
      [s.admins.id, false],
      [s.role.id, false],
      [s.alice.id, true],
    ])
    const g = await iam.svc.delete('t1', 'group', s.admins.id)
    expect(g.events.map((e) => e.message)).toEqual(['removed group Admins from role Admin', 'deleted IAM group "Admins" in tenant Acme'])
    expect(iam.svc.get('t1', 'role', s.role.id, BASE).attributes.member_count).toBe(0)
  })

  it('a failing write changes nothing', async () => {
    const iam = makeIam()
    const s = await seed(iam)
    const before = iam.snapshot()
    const n = iam.persisted.length
    await expect(iam.svc.replace('t1', 'role', s.role.id, { name: 'Admin', members: [{ value: s.bob.id }, { value: 'ghost' }] }, BASE)).rejects.toMatchObject({ status: 400 })
    expect(iam.snapshot()).toBe(before)
    expect(iam.persisted.length).toBe(n)
  })
})
