import { describe, expect, it } from 'vitest'
import { iamGraphSchema } from '@shared/control'
import { iamGraph } from '../../../src-main/core/iam/graph'
import { engineOver, iamWorkspace, T0 } from './iam-fixture'

const stamps = { createdAt: T0, updatedAt: T0 }

describe('iamGraph', () => {
  it('maps a tenant’s resources to the view: relations as ids, users’ email primary-or-first-or-null, displayName "" when absent', () => {
    const { store } = engineOver(iamWorkspace())
    const g = iamGraphSchema.parse(iamGraph(store, 'tenant-1'))
    expect(g.tenantId).toBe('tenant-1')
    expect(g.tenantName).toBe('Demo tenant')
    expect(g.actions).toEqual([
      { id: 'act-read', name: 'read', description: 'Read', ...stamps },
      { id: 'act-deploy', name: 'deploy', description: '', ...stamps },
    ])
    expect(g.resourceTypes).toEqual([{ id: 'rt-service', name: 'Service', slug: 'service', actionIds: ['act-read', 'act-deploy'], ...stamps }])
    expect(g.resources).toEqual([{ id: 'res-checkout', name: 'Checkout API', slug: 'checkout-api', typeId: 'rt-service', ...stamps }])
    expect(g.permissions).toEqual([{ id: 'perm-deploy', name: 'Deploy checkout', description: '', statements: [{ actionIds: ['act-deploy'], resourceId: 'res-checkout' }], ...stamps }])
    expect(g.roles).toEqual([
      {
        id: 'role-release',
        name: 'Release manager',
        description: 'Ships',
        permissionIds: ['perm-deploy'],
        statements: [{ actionIds: ['act-read'], resourceId: 'res-checkout' }],
        claimMapper: { team: 'release' },
        members: [
          { id: 'usr-ada', type: 'User' },
          { id: 'grp-sre', type: 'Group' },
        ],
        ...stamps,
      },
    ])
    expect(g.groups).toEqual([{ id: 'grp-sre', displayName: 'SRE', members: [{ id: 'usr-bo', type: 'User' }], ...stamps }])
    expect(g.users).toEqual([
      { id: 'usr-ada', userName: 'ada@acme.test', displayName: 'Ada', active: true, email: 'ada@acme.test', ...stamps },
      { id: 'usr-bo', userName: 'bo@acme.test', displayName: '', active: false, email: 'bo@acme.test', ...stamps },
      { id: 'usr-cy', userName: 'cy', displayName: '', active: true, email: null, ...stamps },
    ])
  })

  it('holds only the tenant’s own resources; an unknown tenant is the admin 404', () => {
    const { store } = engineOver(iamWorkspace())
    expect(iamGraph(store, 'tenant-2').actions.map((a) => a.id)).toEqual(['other-read'])
    expect(iamGraph(store, 'tenant-2').roles).toEqual([])
    expect(() => iamGraph(store, 'nope')).toThrow(expect.objectContaining({ status: 404, message: 'no IAM tenant "nope"' }))
  })
})
