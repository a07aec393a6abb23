import type { IamGraph } from '@shared/control'
import type { IamKind } from '@shared/iam'
import type { IamResourceRecord } from '@shared/workspace'
import { notFound } from '../admin/errors'
import { key } from '../store/indexes'
import type { StoreReader } from '../store/memory-store'

type Data = Record<string, unknown>

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const objects = (v: unknown): Data[] => (Array.isArray(v) ? v.filter((x): x is Data => typeof x === 'object' && x !== null && !Array.isArray(x)) : [])

const node = (r: IamResourceRecord) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt })
const statements = (v: unknown) => objects(v).map((s) => ({ actionIds: ids(s.actions), resourceId: str(s.resource) }))
const members = (v: unknown) =>
  objects(v)
    .filter((m) => typeof m.value === 'string')
    .map((m) => ({ id: m.value as string, type: m.type === 'Group' ? ('Group' as const) : ('User' as const) }))

function claimMapper(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {}
  return Object.fromEntries(Object.entries(v as Data).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/** A user's address for the view: the primary email, else the first one, else null. */
function emailOf(data: Data): string | null {
  const emails = objects(data.emails).filter((e) => typeof e.value === 'string')
  const chosen = emails.find((e) => e.primary === true) ?? emails[0]
  return chosen ? (chosen.value as string) : null
}

/**
 * One IAM tenant's access-control graph for the Directory's IAM tab (GET /_sandbox/api/iam-tenants/:id/graph): every
 * resource of the tenant by kind, relations as ids, looked up through the `tenantKind` index. Pure; an unknown tenant
 * is the admin 404.
 */
export function iamGraph(store: StoreReader, tenantId: string): IamGraph {
  const tenant = store.get('iamTenants', tenantId)
  if (!tenant) throw notFound(`no IAM tenant "${tenantId}"`)
  const of = (kind: IamKind) => store.find('iamResources', 'tenantKind', key.tenantKind(tenantId, kind))
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    actions: of('action').map((r) => ({ ...node(r), name: str(r.data.name), description: str(r.data.description) })),
    resourceTypes: of('resourceType').map((r) => ({ ...node(r), name: str(r.data.name), slug: str(r.data.slug), actionIds: ids(r.data.actions) })),
    resources: of('resource').map((r) => ({ ...node(r), name: str(r.data.name), slug: str(r.data.slug), typeId: str(r.data.type) })),
    permissions: of('permission').map((r) => ({ ...node(r), name: str(r.data.name), description: str(r.data.description), statements: statements(r.data.statements) })),
    roles: of('role').map((r) => ({
      ...node(r),
      name: str(r.data.name),
      description: str(r.data.description),
      permissionIds: ids(r.data.permissions),
      statements: statements(r.data.statements),
      claimMapper: claimMapper(r.data.claim_mapper),
      members: members(r.data.members),
    })),
    groups: of('group').map((r) => ({ ...node(r), displayName: str(r.data.displayName), members: members(r.data.members) })),
    users: of('user').map((r) => ({
      ...node(r),
      userName: str(r.data.userName),
      displayName: str(r.data.displayName),
      active: r.data.active !== false,
      email: emailOf(r.data),
    })),
  }
}
