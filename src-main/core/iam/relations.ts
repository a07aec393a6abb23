import type { IamKind } from '@shared/iam'

type Data = Record<string, unknown>

/** One reference from an IAM resource to another, by id, with where it sits (for messages). */
export interface IamRef {
  id: string
  /** The kind the id must be of. */
  kind: IamKind
  /** Where in the referring resource: `actions[1]`, `statements[0].resource`, `members[2]`. */
  at: string
  /**
   * 'restrict': the target cannot be deleted while this reference exists (409) — the access structure.
   * 'cascade': deleting the target removes this reference (a user leaves the groups and roles it was a member of).
   */
  onDelete: 'restrict' | 'cascade'
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const list = (v: unknown): Data[] => (Array.isArray(v) ? v.filter((x): x is Data => typeof x === 'object' && x !== null) : [])

function statementRefs(statements: unknown, out: IamRef[]): void {
  list(statements).forEach((s, i) => {
    ids(s.actions).forEach((id, j) => out.push({ id, kind: 'action', at: `statements[${i}].actions[${j}]`, onDelete: 'restrict' }))
    if (typeof s.resource === 'string') out.push({ id: s.resource, kind: 'resource', at: `statements[${i}].resource`, onDelete: 'restrict' })
  })
}

function memberRefs(members: unknown, out: IamRef[]): void {
  list(members).forEach((m, i) => {
    if (typeof m.value === 'string') out.push({ id: m.value, kind: m.type === 'Group' ? 'group' : 'user', at: `members[${i}]`, onDelete: 'cascade' })
  })
}

/** Every id a resource's normalized data refers to (src-shared/iam.ts `IamDataOf`). */
export function iamRefsOf(kind: IamKind, data: Data): IamRef[] {
  const out: IamRef[] = []
  switch (kind) {
    case 'resourceType':
      ids(data.actions).forEach((id, i) => out.push({ id, kind: 'action', at: `actions[${i}]`, onDelete: 'restrict' }))
      break
    case 'resource':
      if (typeof data.type === 'string') out.push({ id: data.type, kind: 'resourceType', at: 'type', onDelete: 'restrict' })
      break
    case 'permission':
      statementRefs(data.statements, out)
      break
    case 'role':
      ids(data.permissions).forEach((id, i) => out.push({ id, kind: 'permission', at: `permissions[${i}]`, onDelete: 'restrict' }))
      statementRefs(data.statements, out)
      memberRefs(data.members, out)
      break
    case 'group':
      memberRefs(data.members, out)
      break
    default:
      break
  }
  return out
}

/** The attribute that must be unique (case-insensitively) among a tenant's resources of a kind, with its value. */
export function iamUniqueKeysOf(kind: IamKind, data: Data): { attr: string; value: string }[] {
  const str = (k: string) => (typeof data[k] === 'string' && data[k] !== '' ? [{ attr: k, value: data[k] as string }] : [])
  switch (kind) {
    case 'user':
      return str('userName')
    case 'group':
      return str('displayName')
    case 'resourceType':
    case 'resource':
      return [...str('name'), ...str('slug')]
    default:
      return str('name')
  }
}
