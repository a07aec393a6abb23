import type { ScimUserRecord } from '@shared/workspace'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import { applyPatch } from '../patch'
import { normalizeResource } from '../schema/validate'
import { userResourceSchema } from '../schema/registry'
import { key } from '../store/indexes'
import type { StoreReader, Tx } from '../store/memory-store'
import { grantInitialAccess, linkAccount, restoreAccess, revokeAccess } from '../provisioning/access'
import type { ScimContext } from './context'
import { checkIfMatch } from './preconditions'

// userName must be an email in this product (PRODUCT.md §4); a pragmatic check, not RFC 5322.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/

export interface WriteResult<R> {
  record: R
  warnings: string[]
}

const isActive = (data: Record<string, unknown>) => data.active !== false

function checkUserName(data: Record<string, unknown>): string {
  const userName = data.userName
  if (typeof userName !== 'string' || !EMAIL.test(userName)) {
    throw badRequest('invalidValue', `userName must be an email address, got ${JSON.stringify(userName ?? null)}`)
  }
  return userName
}

function checkUnique(tx: Tx, ctx: ScimContext, userName: string, selfId?: string) {
  const clash = tx.find('scimUsers', 'userName', key.configValueCi(ctx.config.id, userName)).find((u) => u.id !== selfId)
  if (clash) throw conflict(`userName ${userName} is already provisioned through this SCIM configuration (id ${clash.id})`)
}

/** Passwords are accepted (Okta's password push sends them) but never stored or returned (RFC 7643 "returned: never"). */
function dropPassword(data: Record<string, unknown>, warnings: string[]) {
  if ('password' in data) {
    delete data.password
    warnings.push('password accepted and discarded: the sandbox never stores or returns passwords')
  }
}

function displayNameOf(data: Record<string, unknown>, fallback: string): string {
  if (typeof data.displayName === 'string' && data.displayName) return data.displayName
  const name = data.name as Record<string, unknown> | undefined
  if (name && typeof name.formatted === 'string' && name.formatted) return name.formatted
  const parts = [name?.givenName, name?.familyName].filter((p): p is string => typeof p === 'string' && p !== '')
  return parts.length ? parts.join(' ') : fallback
}

export function getUserRecord(store: StoreReader, ctx: ScimContext, id: string): ScimUserRecord {
  const rec = store.get('scimUsers', id)
  if (!rec || rec.configId !== ctx.config.id) throw notFound(`User ${id} not found`)
  return rec
}

/**
 * POST /Users (RFC 7644 §3.3) with the provisioning rules of PRODUCT.md §4: refused with 403 when Auto Provision
 * is off; links to (or creates) the account with that email; grants the default teams when active.
 */
export function createUser(tx: Tx, ctx: ScimContext, body: unknown): WriteResult<ScimUserRecord> {
  if (!ctx.config.autoProvisionUsers) {
    throw forbidden(`Auto Provision Users is off for SCIM configuration "${ctx.config.name}": new users are not created`)
  }
  const { data, warnings } = normalizeResource(body, userResourceSchema, { compatibility: ctx.config.compatibility })
  dropPassword(data, warnings)
  const userName = checkUserName(data)
  checkUnique(tx, ctx, userName)
  const t = ctx.clock.now().toISOString()
  const accountId = linkAccount(tx, ctx, userName, displayNameOf(data, userName))
  let rec: ScimUserRecord = { id: ctx.ids.next(), configId: ctx.config.id, accountId, data, version: 1, suspendedTeamIds: [], createdAt: t, updatedAt: t }
  tx.event({ type: 'scim.user.created', message: `provisioned SCIM user ${userName}${isActive(data) ? '' : ' (inactive)'}`, configId: ctx.config.id, projectId: ctx.config.projectId, accountId, resourceId: rec.id, email: userName })
  if (isActive(data) || !ctx.config.autoDeprovisionUsers) rec = grantInitialAccess(tx, ctx, rec)
  else if (ctx.config.kind === 'project') rec = { ...rec, suspendedTeamIds: ctx.config.defaultTeams.filter((id) => tx.get('teams', id)) }
  tx.put('scimUsers', rec)
  return { record: rec, warnings }
}

/** Stores new data for a user and applies what an `active` change means for access. */
function writeUser(tx: Tx, ctx: ScimContext, prev: ScimUserRecord, data: Record<string, unknown>): ScimUserRecord {
  const userName = checkUserName(data)
  checkUnique(tx, ctx, userName, prev.id)
  if (JSON.stringify(data) === JSON.stringify(prev.data)) return prev // Entra's periodic no-op PATCHes (b.1.7) change nothing
  let rec: ScimUserRecord = { ...prev, data, version: prev.version + 1, updatedAt: ctx.clock.now().toISOString() }
  const base = { configId: ctx.config.id, projectId: ctx.config.projectId, accountId: rec.accountId, resourceId: rec.id, email: userName }
  const was = isActive(prev.data)
  const now = isActive(data)
  tx.put('scimUsers', rec)
  if (was && !now) {
    tx.event({ type: 'scim.user.deactivated', message: `deactivated SCIM user ${userName}`, ...base })
    rec = revokeAccess(tx, ctx, rec, 'deactivated')
  } else if (!was && now) {
    tx.event({ type: 'scim.user.reactivated', message: `reactivated SCIM user ${userName}`, ...base })
    rec = restoreAccess(tx, ctx, rec)
  } else {
    tx.event({ type: 'scim.user.updated', message: `updated SCIM user ${userName}`, ...base })
  }
  tx.put('scimUsers', rec)
  return rec
}

/** PUT /Users/{id} (RFC 7644 §3.5.1): replaces every writable attribute; immutable ones may not change. */
export function replaceUser(tx: Tx, ctx: ScimContext, id: string, body: unknown, ifMatch?: string): WriteResult<ScimUserRecord> {
  const prev = getUserRecord(tx, ctx, id)
  checkIfMatch(ifMatch, prev.version)
  const { data, warnings } = normalizeResource(body, userResourceSchema, { compatibility: ctx.config.compatibility, existing: prev.data })
  dropPassword(data, warnings)
  return { record: writeUser(tx, ctx, prev, data), warnings }
}

/** PATCH /Users/{id} (RFC 7644 §3.5.2), all operations or none. */
export function patchUser(tx: Tx, ctx: ScimContext, id: string, body: unknown, ifMatch?: string): WriteResult<ScimUserRecord> {
  const prev = getUserRecord(tx, ctx, id)
  checkIfMatch(ifMatch, prev.version)
  const { data, warnings } = applyPatch(prev.data, body, userResourceSchema, { compatibility: ctx.config.compatibility, id })
  dropPassword(data, warnings)
  return { record: writeUser(tx, ctx, prev, data), warnings }
}

/**
 * DELETE /Users/{id}: the SCIM resource goes (later reads are 404), with its group memberships and — when Auto
 * Deprovision is on — its team memberships. The account stays.
 */
export function deleteUser(tx: Tx, ctx: ScimContext, id: string, ifMatch?: string): void {
  const rec = getUserRecord(tx, ctx, id)
  checkIfMatch(ifMatch, rec.version)
  const userName = String(rec.data.userName)
  if (isActive(rec.data)) revokeAccess(tx, ctx, rec, 'deleted')
  const t = ctx.clock.now().toISOString()
  for (const g of tx.find('scimGroups', 'member', key.configValue(ctx.config.id, id))) {
    const members = (g.data.members as { value: string }[]).filter((m) => m.value !== id)
    tx.put('scimGroups', { ...g, data: { ...g.data, members }, version: g.version + 1, updatedAt: t })
  }
  tx.delete('scimUsers', id)
  tx.event({ type: 'scim.user.deleted', message: `deleted SCIM user ${userName}`, configId: ctx.config.id, projectId: ctx.config.projectId, accountId: rec.accountId, resourceId: id, email: userName })
}
