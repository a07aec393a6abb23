import {
  IAM_USER_EXTENSION,
  type IamDataOf,
  type IamKind,
  type IamMemberBody,
  type IamMemberData,
  type IamStatementBody,
  type IamStatementData,
} from '@shared/iam'

/**
 * Per kind: the parsed request body (IAM_BODIES) turned into the stored data (IamDataOf), and back into the
 * "writable view" — the data in request shape — that PATCH operations apply to.
 */
type Obj = Record<string, unknown>

/** lowercase, runs of non-alphanumerics become one '-', no '-' at either end. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

export const dedupe = (ids: readonly string[]): string[] => [...new Set(ids)]

export function normalizeStatements(statements: readonly IamStatementBody[]): IamStatementData[] {
  return statements.map((s) => ({ actions: dedupe([...(s.actions ?? []), ...(s.action !== undefined ? [s.action] : [])]), resource: s.resource }))
}

/** Same type and value is the same member; `type` defaults to User. */
export function normalizeMembers(members: readonly IamMemberBody[]): IamMemberData[] {
  const seen = new Set<string>()
  const out: IamMemberData[] = []
  for (const m of members) {
    const type = m.type ?? 'User'
    const k = `${type}\u0000${m.value}`
    if (seen.has(k)) continue
    seen.add(k)
    out.push({ value: m.value, type })
  }
  return out
}

export interface NormalizeContext {
  /** The stored data a replace or patch starts from; absent on create. */
  current?: Obj
  /**
   * PUT keeps relation lists the body leaves out (the reference's replace schemas lack them); after PATCH the view
   * held every list, so an absent one was removed on purpose and becomes empty.
   */
  absentLists: 'keep' | 'empty'
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')

function list<T>(given: T[] | undefined, ctx: NormalizeContext, key: string): T[] | undefined {
  if (given !== undefined) return given
  if (ctx.absentLists === 'keep' && Array.isArray(ctx.current?.[key])) return structuredClone(ctx.current[key]) as T[]
  return undefined
}

/** The stored data for a parsed body. A user's `password` is left out here; the service keeps only its digest. */
export function normalize<K extends IamKind>(kind: K, body: Obj, ctx: NormalizeContext): IamDataOf[K] {
  const b = body as Record<string, never>
  let data: unknown
  switch (kind) {
    case 'action':
      data = { name: b.name, description: str(b.description), client_id: str(b.client_id) }
      break
    case 'resourceType':
      data = {
        name: b.name,
        slug: str(b.slug) || slugify(b.name),
        description: str(b.description),
        client_id: str(b.client_id),
        actions: dedupe(list<string>(b.actions, ctx, 'actions') ?? []),
      }
      break
    case 'resource':
      data = { name: b.name, slug: str(b.slug) || slugify(b.name), type: b.type, description: str(b.description), client_id: str(b.client_id) }
      break
    case 'permission':
      data = {
        name: b.name,
        description: str(b.description),
        client_id: str(b.client_id),
        statements: b.statements !== undefined ? normalizeStatements(b.statements) : (list<IamStatementData>(undefined, ctx, 'statements') ?? []),
      }
      break
    case 'role':
      data = {
        name: b.name,
        description: str(b.description),
        client_id: str(b.client_id),
        claim_mapper: b.claim_mapper ?? {},
        permissions: dedupe(list<string>(b.permissions, ctx, 'permissions') ?? []),
        statements: b.statements !== undefined ? normalizeStatements(b.statements) : (list<IamStatementData>(undefined, ctx, 'statements') ?? []),
        members: b.members !== undefined ? normalizeMembers(b.members) : (list<IamMemberData>(undefined, ctx, 'members') ?? []),
      }
      break
    case 'group':
      data = {
        displayName: b.displayName,
        members: b.members !== undefined ? normalizeMembers(b.members) : (list<IamMemberData>(undefined, ctx, 'members') ?? []),
      }
      break
    case 'user': {
      const { password: _password, groups: _readOnly, ...rest } = body
      const current = ctx.current?.active
      data = { ...rest, active: typeof rest.active === 'boolean' ? rest.active : typeof current === 'boolean' ? current : true }
      break
    }
  }
  return data as IamDataOf[K]
}

/** The stored data in request shape, as PATCH operations see it (a user's is its data; the password is write-only). */
export function writableView(kind: IamKind, data: Obj): Obj {
  const d = structuredClone(data)
  switch (kind) {
    case 'action':
      return { name: d.name, description: d.description, client_id: d.client_id }
    case 'resourceType':
      return { name: d.name, slug: d.slug, description: d.description, client_id: d.client_id, actions: d.actions }
    case 'resource':
      return { name: d.name, slug: d.slug, type: d.type, description: d.description, client_id: d.client_id }
    case 'permission':
      return { name: d.name, description: d.description, client_id: d.client_id, statements: d.statements }
    case 'role':
      return {
        name: d.name,
        description: d.description,
        client_id: d.client_id,
        claim_mapper: d.claim_mapper,
        permissions: d.permissions,
        statements: d.statements,
        members: d.members,
      }
    case 'group':
      return { displayName: d.displayName, members: d.members }
    case 'user':
      return d
  }
}

/** What a message calls a resource: its name, slug, userName or displayName. */
export function labelOf(data: Obj): string {
  for (const k of ['name', 'slug', 'userName', 'displayName'] as const) {
    if (typeof data[k] === 'string' && data[k] !== '') return data[k] as string
  }
  return ''
}

export const userExtensionOf = (data: Obj): Obj | undefined => {
  const ext = data[IAM_USER_EXTENSION]
  return ext && typeof ext === 'object' && !Array.isArray(ext) ? (ext as Obj) : undefined
}
