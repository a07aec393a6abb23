import { afterEach, describe, expect, it } from 'vitest'
import { iamGraphSchema } from '@shared/control'
import { demoSeed } from '../../src-main/server/seed'
import { exampleSeed, startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const stamps = { createdAt: expect.any(String), updatedAt: expect.any(String) }

describe('GET /_sandbox/api/iam-tenants/:id/graph', () => {
  it('answers an empty graph for a tenant without resources, and 404 {error} for an unknown tenant', async () => {
    t = await startTestSandbox()
    expect((await t.control('POST', '/iam-tenants', { body: { id: 'fresh', name: 'Fresh' } })).status).toBe(201)
    const r = await t.control('GET', '/iam-tenants/fresh/graph')
    expect(r.status).toBe(200)
    expect(iamGraphSchema.parse(r.body)).toEqual({
      tenantId: 'fresh',
      tenantName: 'Fresh',
      actions: [],
      resourceTypes: [],
      resources: [],
      permissions: [],
      roles: [],
      groups: [],
      users: [],
    })
    const missing = await t.control('GET', '/iam-tenants/nope/graph')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ error: 'no IAM tenant "nope"' })
    expect((await t.control('GET', '/iam-tenants/tenant-1/graph', { secret: null })).status).toBe(401)
  })

  it('after importing a seed with IAM resources: the graph of each tenant, relations as ids; deleting the tenant takes them along', async () => {
    t = await startTestSandbox()
    const resources = demoSeed().iam.tenants[0]!.resources
    const seed = {
      iam: {
        tenants: [
          { id: 'acme-iam', name: 'Acme IAM', resources },
          { id: 'empty', name: 'Empty' },
        ],
      },
    }
    const imported = await t.control('POST', '/workspace/import', { body: seed })
    expect(imported.status, imported.text).toBe(200)
    // Settings → Storage lists them with the other workspace contents.
    expect(imported.body.info.counts).toMatchObject({ iamTenants: 2, iamResources: resources.length })

    const r = await t.control('GET', '/iam-tenants/acme-iam/graph')
    expect(r.status).toBe(200)
    const g = iamGraphSchema.parse(r.body)
    expect(g.tenantName).toBe('Acme IAM')
    expect(g.actions.map((a) => [a.id, a.name])).toEqual([
      ['act-read', 'read'],
      ['act-write', 'write'],
      ['act-deploy', 'deploy'],
    ])
    expect(g.resourceTypes).toEqual([{ id: 'rt-service', name: 'Service', slug: 'service', actionIds: ['act-read', 'act-deploy'], ...stamps }])
    expect(g.resources).toEqual([{ id: 'res-checkout-api', name: 'Checkout API', slug: 'checkout-api', typeId: 'rt-service', ...stamps }])
    expect(g.permissions).toEqual([
      { id: 'perm-deploy-checkout', name: 'Deploy checkout', description: 'Deploy the Checkout API', statements: [{ actionIds: ['act-deploy'], resourceId: 'res-checkout-api' }], ...stamps },
    ])
    expect(g.roles).toEqual([
      {
        id: 'role-release-manager',
        name: 'Release manager',
        description: 'Ships the checkout',
        permissionIds: ['perm-deploy-checkout'],
        statements: [],
        claimMapper: { team: 'release' },
        members: [
          { id: 'usr-ada', type: 'User' },
          { id: 'grp-sre', type: 'Group' },
        ],
        ...stamps,
      },
    ])
    expect(g.groups).toEqual([{ id: 'grp-sre', displayName: 'SRE', members: [{ id: 'usr-grace', type: 'User' }], ...stamps }])
    expect(g.users).toEqual([
      { id: 'usr-ada', userName: 'ada@acme.test', displayName: 'Ada Lovelace', active: true, email: 'ada@acme.test', ...stamps },
      { id: 'usr-grace', userName: 'grace@acme.test', displayName: 'Grace Hopper', active: true, email: 'grace@acme.test', ...stamps },
    ])
    expect((await t.control('GET', '/iam-tenants/empty/graph')).body.roles).toEqual([])

    expect((await t.control('DELETE', '/iam-tenants/acme-iam')).status).toBe(204)
    expect((await t.control('GET', '/iam-tenants/acme-iam/graph')).status).toBe(404)
    expect(t.sb.store.size('iamResources')).toBe(0)
    const exported = await t.control('GET', '/workspace/export')
    expect(exported.body.iam.tenants).toEqual([{ id: 'empty', name: 'Empty', scimTokens: [], resources: [] }])
  })

  it('resources made over the IAM SCIM API are in the graph; the seeded graph reads back expanded over that API', async () => {
    t = await startTestSandbox()
    const token = 'tok-iam-tenant-1'
    // The example seed's graph, through the IAM SCIM API: the role expands its permission and counts its members.
    const role = await t.iam('GET', 'tenant-1/Roles/role-release-manager', { token })
    expect(role.status, role.text).toBe(200)
    expect(JSON.stringify(role.body)).toContain('Deploy checkout')
    expect(role.body.attributes.member_count).toBe(2)
    const ada = await t.iam('GET', 'tenant-1/Users/usr-ada', { token })
    expect(ada.status, ada.text).toBe(200)
    expect(ada.body.attributes.userName ?? ada.body.userName).toBe('ada@acme.test')

    const action = await t.iam('POST', 'tenant-1/Actions', { token, body: { name: 'rollback', description: 'Roll a release back' } })
    expect(action.status, action.text).toBe(201)
    const perm = await t.iam('POST', 'tenant-1/Permissions', { token, body: { name: 'Roll back checkout', statements: [{ actions: [action.body.id], resource: 'res-checkout-api' }] } })
    expect(perm.status, perm.text).toBe(201)
    const g = iamGraphSchema.parse((await t.control('GET', '/iam-tenants/tenant-1/graph')).body)
    expect(g.actions.find((a) => a.id === action.body.id)).toMatchObject({ name: 'rollback', description: 'Roll a release back' })
    expect(g.permissions.find((p) => p.id === perm.body.id)).toMatchObject({ name: 'Roll back checkout', statements: [{ actionIds: [action.body.id], resourceId: 'res-checkout-api' }] })
  })

  it('the example seed (examples/acme.seed.json) carries the same IAM graph as the demo workspace', async () => {
    const example = await exampleSeed()
    expect(example.iam.tenants[0]!.resources).toEqual(demoSeed().iam.tenants[0]!.resources)
  })

  it('the demo workspace’s tenant has the Release manager graph', async () => {
    t = await startTestSandbox()
    expect((await t.control('POST', '/workspace/reset', { body: { to: 'demo' } })).status).toBe(200)
    const g = iamGraphSchema.parse((await t.control('GET', '/iam-tenants/tenant-1/graph')).body)
    expect(g.roles.map((r) => r.name)).toEqual(['Release manager'])
    expect(g.users.map((u) => u.userName)).toEqual(['ada@acme.test', 'grace@acme.test'])
  })
})
