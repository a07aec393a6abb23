import type { ScimGroupRecord } from '@shared/workspace'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import { applyPatch } from '../patch'
import { normalizeResource } from '../schema/validate'
import { groupResourceSchema } from '../schema/registry'
import { key } from '../store/indexes'
import type { StoreReader, Tx } from '../store/memory-store'
import { addToTeam, removeFromTeam } from '../provisioning/access'
import type { ScimContext } from './context'
import { checkIfMatch } from './preconditions'
import type { WriteResult } from './users'

/**
 * Push Groups (PRODUCT.md §4): each SCIM Group pushed through a config is a project team it created; membership
 * changes become team membership changes. Default teams are never SCIM Groups.
 */
export function requirePushGroups(ctx: ScimContext): void {
  if (ctx.config.kind === 'statusPage') throw notFound('Groups are not supported by Status Page SCIM')
  if (!ctx.config.enablePushGroups) {
    throw forbidden(`Push Groups is off for SCIM configuration "${ctx.config.name}": Groups requests are refused`)
  }
}

export function getGroupRecord(store: StoreReader, ctx: ScimContext, id: string): ScimGroupRecord {
  const rec = store.get('scimGroups', id)
  if (!rec || rec.configId !== ctx.config.id) throw notFound(`Group ${id} not found`)
  return rec
}

type Member = { value: string; display?: string; type?: string }

/**
 * Resolves each member to a User or Group of this config (RFC 7643 §4.2 `type`), drops client-sent `$ref` (we render
 * our own), and removes duplicates. An id that is neither is 400 invalidValue, naming it.
 */
function canonicalMembers(tx: Tx, ctx: ScimContext, data: Record<string, unknown>, selfId?: string): Member[] {
  const raw = data.members
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw badRequest('invalidValue', 'members must be an array')
  const seen = new Set<string>()
  const out: Member[] = []
  for (const m of raw) {
    const value = (m as Record<string, unknown> | null)?.value
    if (typeof value !== 'string' || value === '') throw badRequest('invalidValue', 'every member needs a string "value" (the member\'s id)')
    if (seen.has(value)) continue
    seen.add(value)
    const user = tx.get('scimUsers', value)
    const group = user ? undefined : tx.get('scimGroups', value)
    if ((!user || user.configId !== ctx.config.id) && (!group || group.configId !== ctx.config.id || group.id === selfId)) {
      throw badRequest('invalidValue', `member ${value} is not a User or Group provisioned through this SCIM configuration`)
    }
    const entry: Member = { value, type: user ? 'User' : 'Group' }
    const display = (m as Record<string, unknown>).display
    if (typeof display === 'string') entry.display = display
    else if (user) entry.display = String(user.data.userName)
    out.push(entry)
  }
  return out
}

function checkDisplayName(tx: Tx, ctx: ScimContext, data: Record<string, unknown>, selfId?: string): string {
  const name = data.displayName
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('invalidValue', 'displayName is required')
  const clash = tx.find('scimGroups', 'displayName', key.configValueCi(ctx.config.id, name)).find((g) => g.id !== selfId)
  if (clash) throw conflict(`a Group named "${name}" already exists in this SCIM configuration (id ${clash.id})`)
  return name
}

/** Makes team memberships follow the group's User members: added ones join the team, removed ones leave it. */
function syncMembers(tx: Tx, ctx: ScimContext, group: ScimGroupRecord, before: Member[], after: Member[]) {
  const was = new Set(before.filter((m) => m.type !== 'Group').map((m) => m.value))
  const now = new Set(after.filter((m) => m.type !== 'Group').map((m) => m.value))
  for (const id of now) {
    if (was.has(id)) continue
    const user = tx.get('scimUsers', id)!
    // An inactive user joins when reactivated, when deprovisioning is what made it inactive.
    if (user.data.active === false && ctx.config.autoDeprovisionUsers) {
      if (!user.suspendedTeamIds.includes(group.teamId)) tx.put('scimUsers', { ...user, suspendedTeamIds: [...user.suspendedTeamIds, group.teamId] })
    } else addToTeam(tx, ctx, group.teamId, user.accountId)
  }
  for (const id of was) {
    if (now.has(id)) continue
    const user = tx.get('scimUsers', id)
    if (!user) continue
    removeFromTeam(tx, ctx, group.teamId, user.accountId)
    if (user.suspendedTeamIds.includes(group.teamId)) tx.put('scimUsers', { ...user, suspendedTeamIds: user.suspendedTeamIds.filter((t) => t !== group.teamId) })
  }
}

/** POST /Groups: creates the group and its project team, then its members' memberships. */
export function createGroup(tx: Tx, ctx: ScimContext, body: unknown): WriteResult<ScimGroupRecord> {
  requirePushGroups(ctx)
  const { data, warnings } = normalizeResource(body, groupResourceSchema, { compatibility: ctx.config.compatibility })
  const name = checkDisplayName(tx, ctx, data)
  const id = ctx.ids.next()
  const members = canonicalMembers(tx, ctx, data, id)
  const t = ctx.clock.now().toISOString()
  const teamId = ctx.ids.next()
  tx.put('teams', { id: teamId, projectId: ctx.config.projectId, name, scimConfigId: ctx.config.id, createdAt: t, updatedAt: t })
  const base = { configId: ctx.config.id, projectId: ctx.config.projectId, teamId, resourceId: id }
  tx.event({ type: 'team.created', message: `created team ${name} for pushed group ${name}`, ...base })
  const rec: ScimGroupRecord = { id, configId: ctx.config.id, teamId, data: { ...data, members }, version: 1, createdAt: t, updatedAt: t }
  tx.put('scimGroups', rec)
  tx.event({ type: 'scim.group.created', message: `created SCIM group ${name}`, ...base })
  syncMembers(tx, ctx, rec, [], members)
  return { record: rec, warnings }
}

function writeGroup(tx: Tx, ctx: ScimContext, prev: ScimGroupRecord, data: Record<string, unknown>): ScimGroupRecord {
  const name = checkDisplayName(tx, ctx, data, prev.id)
  const members = canonicalMembers(tx, ctx, data, prev.id)
  const next = { ...data, members }
  if (JSON.stringify(next) === JSON.stringify(prev.data)) return prev
  const t = ctx.clock.now().toISOString()
  const rec: ScimGroupRecord = { ...prev, data: next, version: prev.version + 1, updatedAt: t }
  tx.put('scimGroups', rec)
  const base = { configId: ctx.config.id, projectId: ctx.config.projectId, teamId: prev.teamId, resourceId: prev.id }
  const team = tx.get('teams', prev.teamId)
  if (team && team.name !== name) {
    tx.put('teams', { ...team, name, updatedAt: t })
    tx.event({ type: 'team.renamed', message: `renamed team ${team.name} to ${name}`, ...base })
  }
  tx.event({ type: 'scim.group.updated', message: `updated SCIM group ${name}`, ...base })
  syncMembers(tx, ctx, rec, (prev.data.members as Member[] | undefined) ?? [], members)
  return rec
}

export function replaceGroup(tx: Tx, ctx: ScimContext, id: string, body: unknown, ifMatch?: string): WriteResult<ScimGroupRecord> {
  requirePushGroups(ctx)
  const prev = getGroupRecord(tx, ctx, id)
  checkIfMatch(ifMatch, prev.version)
  const { data, warnings } = normalizeResource(body, groupResourceSchema, { compatibility: ctx.config.compatibility, existing: prev.data })
  return { record: writeGroup(tx, ctx, prev, data), warnings }
}

export function patchGroup(tx: Tx, ctx: ScimContext, id: string, body: unknown, ifMatch?: string): WriteResult<ScimGroupRecord> {
  requirePushGroups(ctx)
  const prev = getGroupRecord(tx, ctx, id)
  checkIfMatch(ifMatch, prev.version)
  const { data, warnings } = applyPatch(prev.data, body, groupResourceSchema, { compatibility: ctx.config.compatibility, id })
  return { record: writeGroup(tx, ctx, prev, data), warnings }
}

/** DELETE /Groups/{id}: the group, its team and the team's memberships go. */
export function deleteGroup(tx: Tx, ctx: ScimContext, id: string, ifMatch?: string): void {
  requirePushGroups(ctx)
  const rec = getGroupRecord(tx, ctx, id)
  checkIfMatch(ifMatch, rec.version)
  syncMembers(tx, ctx, rec, (rec.data.members as Member[] | undefined) ?? [], [])
  for (const m of tx.find('teamMembers', 'team', rec.teamId)) tx.delete('teamMembers', m.id)
  const team = tx.get('teams', rec.teamId)
  tx.delete('scimGroups', id)
  const base = { configId: ctx.config.id, projectId: ctx.config.projectId, teamId: rec.teamId, resourceId: id }
  tx.event({ type: 'scim.group.deleted', message: `deleted SCIM group ${String(rec.data.displayName)}`, ...base })
  if (team) {
    tx.delete('teams', team.id)
    tx.event({ type: 'team.deleted', message: `deleted team ${team.name}`, ...base })
  }
  // Groups that had this one as a nested member drop it.
  const t = ctx.clock.now().toISOString()
  for (const g of tx.find('scimGroups', 'member', key.configValue(ctx.config.id, id))) {
    const members = (g.data.members as Member[]).filter((m) => m.value !== id)
    tx.put('scimGroups', { ...g, data: { ...g.data, members }, version: g.version + 1, updatedAt: t })
  }
}
