import type { IamDataOf, IamKind } from '@shared/iam'
import { emptyWorkspace, type IamResourceRecord, type WorkspaceDoc } from '@shared/workspace'
import { Engine } from '../../../src-main/core/engine'
import { MemoryStore } from '../../../src-main/core/store/memory-store'

export const T0 = '2026-01-01T00:00:00.000Z'

export function iamRecord<K extends IamKind>(tenantId: string, kind: K, id: string, data: IamDataOf[K], extra: Partial<IamResourceRecord> = {}): IamResourceRecord {
  return { id, tenantId, kind, externalId: null, data: data as unknown as Record<string, unknown>, passwordSha256: null, version: 1, createdAt: T0, updatedAt: T0, ...extra }
}

/** Two tenants; tenant-1 holds a small graph (a role granting deploy on Checkout API to a user and a group), tenant-2 one action. */
export function iamWorkspace(): WorkspaceDoc {
  const doc = emptyWorkspace()
  doc.iamTenants.push({ id: 'tenant-1', name: 'Demo tenant', createdAt: T0, updatedAt: T0 }, { id: 'tenant-2', name: 'Other', createdAt: T0, updatedAt: T0 })
  doc.iamScimTokens.push({ id: 'tok-1', tenantId: 'tenant-1', name: 'idp', tokenSha256: 'a'.repeat(64), tokenPrefix: 'tok-iam-', expiresAt: null, enabled: true, revokedAt: null, createdAt: T0, updatedAt: T0 })
  const t = 'tenant-1'
  doc.iamResources.push(
    iamRecord(t, 'action', 'act-read', { name: 'read', description: 'Read', client_id: '' }),
    iamRecord(t, 'action', 'act-deploy', { name: 'deploy', description: '', client_id: '' }),
    iamRecord(t, 'resourceType', 'rt-service', { name: 'Service', slug: 'service', description: '', client_id: '', actions: ['act-read', 'act-deploy'] }),
    iamRecord(t, 'resource', 'res-checkout', { name: 'Checkout API', slug: 'checkout-api', type: 'rt-service', description: '', client_id: '' }),
    iamRecord(t, 'permission', 'perm-deploy', { name: 'Deploy checkout', description: '', client_id: '', statements: [{ actions: ['act-deploy'], resource: 'res-checkout' }] }),
    iamRecord(t, 'user', 'usr-ada', {
      userName: 'ada@acme.test',
      active: true,
      displayName: 'Ada',
      emails: [{ value: 'ada.work@acme.test', type: 'work' }, { value: 'ada@acme.test', type: 'home', primary: true }],
    }),
    iamRecord(t, 'user', 'usr-bo', { userName: 'bo@acme.test', active: false, emails: [{ value: 'bo@acme.test' }] }),
    iamRecord(t, 'user', 'usr-cy', { userName: 'cy', active: true }),
    iamRecord(t, 'group', 'grp-sre', { displayName: 'SRE', members: [{ value: 'usr-bo', type: 'User' }] }),
    iamRecord(t, 'role', 'role-release', {
      name: 'Release manager',
      description: 'Ships',
      client_id: '',
      claim_mapper: { team: 'release' },
      permissions: ['perm-deploy'],
      statements: [{ actions: ['act-read'], resource: 'res-checkout' }],
      members: [{ value: 'usr-ada', type: 'User' }, { value: 'grp-sre', type: 'Group' }],
    }),
    iamRecord('tenant-2', 'action', 'other-read', { name: 'read', description: '', client_id: '' }),
  )
  return doc
}

export function engineOver(doc: WorkspaceDoc) {
  const store = new MemoryStore(doc)
  const events: { type: string; message: string }[] = []
  let n = 0
  const engine = new Engine(store, {
    clock: { now: () => new Date(T0) },
    ids: { next: () => `id-${++n}` },
    durability: { persist: async () => {} },
    events: { emit: (e) => events.push(...e) },
  })
  return { store, engine, events }
}
