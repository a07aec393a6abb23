import { describe, expect, it } from 'vitest'
import { CredentialsAdmin } from '../../../src-main/core/admin/credentials'
import { engineOver, iamWorkspace } from './iam-fixture'

const secrets = () => ({ secret: 's', sha256: 'b'.repeat(64), prefix: 's' })

describe('deleteTenant', () => {
  it('deletes the tenant with its SCIM tokens and every IAM resource of it, says how many, and leaves other tenants alone', async () => {
    const { store, engine, events } = engineOver(iamWorkspace())
    const admin = new CredentialsAdmin(engine, { secrets, iamBaseUrl: (t) => `http://x/iam/scim/v2/${t}` })
    expect(store.find('iamResources', 'tenant', 'tenant-1')).toHaveLength(10)

    const w = await admin.deleteTenant('tenant-1')
    expect(w.events).toEqual([{ type: 'iamTenant.deleted', message: 'deleted IAM tenant tenant-1, its 1 SCIM token and its 10 IAM resources' }])
    expect(events).toEqual(w.events)
    expect(store.get('iamTenants', 'tenant-1')).toBeUndefined()
    expect(store.find('iamScimTokens', 'tenant', 'tenant-1')).toEqual([])
    expect(store.find('iamResources', 'tenant', 'tenant-1')).toEqual([])
    expect(store.get('iamResources', 'role-release')).toBeUndefined()
    // The other tenant keeps its resource.
    expect(store.find('iamResources', 'tenant', 'tenant-2').map((r) => r.id)).toEqual(['other-read'])

    const w2 = await admin.deleteTenant('tenant-2')
    expect(w2.events[0]!.message).toBe('deleted IAM tenant tenant-2, its 0 SCIM tokens and its 1 IAM resource')
    expect(store.size('iamResources')).toBe(0)
  })

  it('an unknown tenant is 404 and changes nothing', async () => {
    const { store, engine } = engineOver(iamWorkspace())
    const admin = new CredentialsAdmin(engine, { secrets, iamBaseUrl: (t) => t })
    await expect(() => admin.deleteTenant('nope')).toThrow(expect.objectContaining({ status: 404, message: 'no IAM tenant "nope"' }))
    expect(store.size('iamResources')).toBe(11)
  })
})
