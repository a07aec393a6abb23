import type { ScimGroupRecord, ScimUserRecord } from '@shared/workspace'
import type { StoreReader } from '../store/memory-store'
import { key } from '../store/indexes'
import { GROUP_SCHEMA, USER_SCHEMA } from '../schema/definitions'
import { etagOf, type ScimContext } from './context'

/**
 * The full SCIM representation of a stored User (RFC 7643 §3.1): schemas, id, the data, the read-only
 * `groups` derived from the config's pushed Groups, and meta. `password` is never rendered (returned "never").
 */
export function renderUser(store: StoreReader, ctx: ScimContext, rec: ScimUserRecord): Record<string, unknown> {
  const { schemas, password: _password, ...rest } = rec.data
  const out: Record<string, unknown> = { schemas: Array.isArray(schemas) ? schemas : [USER_SCHEMA], id: rec.id, ...rest }
  if (ctx.config.kind === 'project') {
    const groups = store.find('scimGroups', 'member', key.configValue(rec.configId, rec.id))
    if (groups.length > 0) {
      out.groups = groups.map((g) => ({
        value: g.id,
        $ref: `${ctx.baseUrl}/Groups/${g.id}`,
        display: g.data.displayName,
        type: 'direct',
      }))
    }
  }
  out.meta = meta(ctx, 'User', 'Users', rec)
  return out
}

export function renderGroup(ctx: ScimContext, rec: ScimGroupRecord): Record<string, unknown> {
  const { schemas, members, ...rest } = rec.data
  const out: Record<string, unknown> = { schemas: Array.isArray(schemas) ? schemas : [GROUP_SCHEMA], id: rec.id, ...rest }
  // Members always come back as an array (Okta tolerates null, Entra and the RFC validators want []).
  out.members = Array.isArray(members)
    ? members.map((m) => {
        const mm = m as Record<string, unknown>
        const type = mm.type === 'Group' ? 'Group' : 'User'
        return { ...mm, $ref: `${ctx.baseUrl}/${type}s/${String(mm.value)}` }
      })
    : []
  out.meta = meta(ctx, 'Group', 'Groups', rec)
  return out
}

function meta(ctx: ScimContext, resourceType: string, endpoint: string, rec: { id: string; createdAt: string; updatedAt: string; version: number }) {
  return {
    resourceType,
    created: rec.createdAt,
    lastModified: rec.updatedAt,
    location: `${ctx.baseUrl}/${endpoint}/${rec.id}`,
    version: etagOf(rec.version),
  }
}
