import type { IamKind } from './iam'

/**
 * Which fields of an IAM resource's normalized data (src-shared/iam.ts `IamDataOf`) refer to which other resources —
 * one table, walked by the store's indexes, the IAM core's checks and the seed file's checks alike.
 */
type Data = Record<string, unknown>
export type IamPath = (string | number)[]

type Relation =
  /** Ids of one kind: a single id (`type`) or a list (`actions`, `permissions`). */
  | { field: string; kind: IamKind; many: boolean }
  /** `[{actions: [action ids], resource: resource id}]` */
  | { field: string; shape: 'statements' }
  /** `[{value: id, type: "User" | "Group"}]` */
  | { field: string; shape: 'members' }

export const IAM_RELATIONS: Record<IamKind, readonly Relation[]> = {
  action: [],
  resourceType: [{ field: 'actions', kind: 'action', many: true }],
  resource: [{ field: 'type', kind: 'resourceType', many: false }],
  permission: [{ field: 'statements', shape: 'statements' }],
  role: [
    { field: 'permissions', kind: 'permission', many: true },
    { field: 'statements', shape: 'statements' },
    { field: 'members', shape: 'members' },
  ],
  group: [{ field: 'members', shape: 'members' }],
  user: [],
}

/** One reference from an IAM resource to another, by id, with where it sits (for messages). */
export interface IamRef {
  id: string
  /** The kind the id must be of. */
  kind: IamKind
  /** Where in the referring resource's data, for messages: `statements[0].resource`, `members[2]`. */
  at: string
  /** The path to the id itself (`['members', 2, 'value']`). */
  path: IamPath
  /**
   * 'restrict': the target cannot be deleted while this reference exists (409) — the access structure.
   * 'cascade': deleting the target removes this reference (a user leaves the groups and roles it was a member of).
   */
  onDelete: 'restrict' | 'cascade'
}

/** What a walk over the relations reports: each place an id is expected, and each place whose shape is wrong. */
export interface IamRelationVisitor {
  /** `value` is whatever sits at `path`, where an id of `kind` belongs (not necessarily a string). */
  ref(value: unknown, kind: IamKind, path: IamPath, onDelete: IamRef['onDelete'], at: string): void
  /** Given by a strict reader (seed files); without it, what is not in the stored shape is passed over. */
  malformed?(path: IamPath, message: string): void
}

const isObj = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Walks the relation fields of `data`; an absent list is skipped, an absent single id is visited as undefined. */
export function walkIamRelations(kind: IamKind, data: Data, v: IamRelationVisitor): void {
  const list = (value: unknown, path: IamPath, name: string, each: (x: unknown, p: IamPath) => void) => {
    if (value === undefined) return
    if (!Array.isArray(value)) return v.malformed?.(path, `${name} must be an array`)
    value.forEach((x, i) => each(x, [...path, i]))
  }
  for (const rel of IAM_RELATIONS[kind]) {
    const path = [rel.field]
    const value = data[rel.field]
    if ('kind' in rel) {
      if (rel.many) list(value, path, rel.field, (x, p) => v.ref(x, rel.kind, p, 'restrict', iamPathText(p)))
      else v.ref(value, rel.kind, path, 'restrict', rel.field)
    } else if (rel.shape === 'statements') {
      list(value, path, rel.field, (s, p) => {
        if (!isObj(s)) return v.malformed?.(p, 'a statement is an object {actions, resource}')
        list(s.actions, [...p, 'actions'], 'actions', (a, q) => v.ref(a, 'action', q, 'restrict', iamPathText(q)))
        v.ref(s.resource, 'resource', [...p, 'resource'], 'restrict', iamPathText([...p, 'resource']))
      })
    } else {
      list(value, path, rel.field, (m, p) => {
        const type = isObj(m) ? m.type : undefined
        if (type !== 'User' && type !== 'Group' && v.malformed) return v.malformed([...p, 'type'], 'a member\'s type is "User" or "Group"')
        v.ref(isObj(m) ? m.value : undefined, type === 'Group' ? 'group' : 'user', [...p, 'value'], 'cascade', iamPathText(p))
      })
    }
  }
}

/** `statements[0].actions[1]` for ['statements', 0, 'actions', 1]. */
export const iamPathText = (path: IamPath) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('')

/** Every id a resource's normalized data refers to; what is not an id is left out. */
export function iamRefsOf(kind: IamKind, data: Data): IamRef[] {
  const out: IamRef[] = []
  walkIamRelations(kind, data, {
    ref(value, k, path, onDelete, at) {
      if (typeof value === 'string') out.push({ id: value, kind: k, at, path, onDelete })
    },
  })
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
