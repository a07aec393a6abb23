import type { ScimUserRecord } from '@shared/workspace'
import type { Tx } from '../store/memory-store'
import { key } from '../store/indexes'
import type { ScimContext } from '../scim/context'

/**
 * Provisioning rules of PRODUCT.md §4 (from scim-provisioning-guide.md): SCIM resources link to accounts,
 * and only these functions give or take an account's access — team memberships for Project SCIM,
 * the private user's access for Status Page SCIM. Each change is recorded as an event in words.
 */

const now = (ctx: ScimContext) => ctx.clock.now().toISOString()

function teamName(tx: Tx, teamId: string): string {
  return tx.get('teams', teamId)?.name ?? teamId
}

/**
 * The account a newly provisioned user links to: the project's account with that email, created only when none
 * exists (FAQ: "OneUptime will simply add them to the configured default teams rather than creating a duplicate").
 * For a status page config the account is the status page's private user with that email.
 */
export function linkAccount(tx: Tx, ctx: ScimContext, email: string, name: string): string {
  const { config } = ctx
  const t = now(ctx)
  if (config.kind === 'statusPage') {
    const statusPageId = config.statusPageId!
    const existing = tx.findOne('privateUsers', 'statusPageEmail', key.statusPageEmail(statusPageId, email))
    if (existing) return existing.id
    const id = ctx.ids.next()
    tx.put('privateUsers', { id, projectId: config.projectId, statusPageId, email, active: false, createdAt: t, updatedAt: t })
    tx.event({ type: 'privateUser.created', message: `created private user ${email} on status page ${statusPageName(tx, statusPageId)}`, configId: config.id, projectId: config.projectId, accountId: id, email })
    return id
  }
  const existing = tx.findOne('accounts', 'projectEmail', key.projectEmail(config.projectId, email))
  if (existing) {
    tx.event({ type: 'account.linked', message: `linked to the existing account ${existing.email} (no duplicate created)`, configId: config.id, projectId: config.projectId, accountId: existing.id, email: existing.email })
    return existing.id
  }
  const id = ctx.ids.next()
  tx.put('accounts', { id, projectId: config.projectId, email, name, createdAt: t, updatedAt: t })
  tx.event({ type: 'account.created', message: `created account ${email}`, configId: config.id, projectId: config.projectId, accountId: id, email })
  return id
}

function statusPageName(tx: Tx, id: string) {
  return tx.get('statusPages', id)?.name ?? id
}

function accountEmail(tx: Tx, ctx: ScimContext, accountId: string): string {
  if (ctx.config.kind === 'statusPage') return tx.get('privateUsers', accountId)?.email ?? accountId
  return tx.get('accounts', accountId)?.email ?? accountId
}

/** Adds the account to a team unless it is already a member; true when a membership was made. */
export function addToTeam(tx: Tx, ctx: ScimContext, teamId: string, accountId: string): boolean {
  const team = tx.get('teams', teamId)
  if (!team) return false
  if (tx.findOne('teamMembers', 'teamUser', key.teamUser(teamId, accountId))) return false
  const t = now(ctx)
  tx.put('teamMembers', { id: ctx.ids.next(), projectId: team.projectId, teamId, userId: accountId, createdAt: t, updatedAt: t })
  const email = accountEmail(tx, ctx, accountId)
  tx.event({ type: 'team.member.added', message: `added ${email} to team ${team.name}`, configId: ctx.config.id, projectId: team.projectId, accountId, teamId, email })
  return true
}

/** Removes the account from a team; true when there was a membership to remove. */
export function removeFromTeam(tx: Tx, ctx: ScimContext, teamId: string, accountId: string): boolean {
  const m = tx.findOne('teamMembers', 'teamUser', key.teamUser(teamId, accountId))
  if (!m) return false
  tx.delete('teamMembers', m.id)
  const email = accountEmail(tx, ctx, accountId)
  tx.event({ type: 'team.member.removed', message: `removed ${email} from team ${teamName(tx, teamId)}`, configId: ctx.config.id, projectId: m.projectId, accountId, teamId, email })
  return true
}

/** Teams this config gives a user: its default teams and the teams of its pushed Groups the user is in. */
export function teamsGrantedBy(tx: Tx, ctx: ScimContext, user: ScimUserRecord): string[] {
  const teams = new Set(ctx.config.defaultTeams.filter((id) => tx.get('teams', id)))
  for (const g of tx.find('scimGroups', 'member', key.configValue(ctx.config.id, user.id))) teams.add(g.teamId)
  return [...teams]
}

/** Access for a user provisioned active: the default teams (project) or the private user's access (status page). */
export function grantInitialAccess(tx: Tx, ctx: ScimContext, user: ScimUserRecord): ScimUserRecord {
  if (ctx.config.kind === 'statusPage') {
    setPrivateUserAccess(tx, ctx, user.accountId, true)
    return user
  }
  for (const teamId of ctx.config.defaultTeams) addToTeam(tx, ctx, teamId, user.accountId)
  return user
}

function setPrivateUserAccess(tx: Tx, ctx: ScimContext, privateUserId: string, active: boolean) {
  const pu = tx.get('privateUsers', privateUserId)
  if (!pu || pu.active === active) return
  tx.put('privateUsers', { ...pu, active, updatedAt: now(ctx) })
  const page = statusPageName(tx, pu.statusPageId)
  tx.event(
    active
      ? { type: 'privateUser.accessRestored', message: `gave ${pu.email} access to status page ${page}`, configId: ctx.config.id, projectId: pu.projectId, accountId: pu.id, email: pu.email }
      : { type: 'privateUser.accessRevoked', message: `took away ${pu.email}'s access to status page ${page}`, configId: ctx.config.id, projectId: pu.projectId, accountId: pu.id, email: pu.email },
  )
}

/**
 * Deprovisioning (active → false, or DELETE): with Auto Deprovision on, takes the account out of the config's
 * teams and remembers which, so reactivation restores exactly those; with it off, changes no access and says so.
 * The account itself always stays.
 */
export function revokeAccess(tx: Tx, ctx: ScimContext, user: ScimUserRecord, why: 'deactivated' | 'deleted'): ScimUserRecord {
  const email = accountEmail(tx, ctx, user.accountId)
  if (!ctx.config.autoDeprovisionUsers) {
    tx.event({ type: 'deprovision.skipped', message: `auto deprovisioning is off: ${email} was ${why} in SCIM but keeps ${ctx.config.kind === 'statusPage' ? 'status page access' : 'their team memberships'}`, configId: ctx.config.id, projectId: ctx.config.projectId, accountId: user.accountId, email })
    return user
  }
  if (ctx.config.kind === 'statusPage') {
    setPrivateUserAccess(tx, ctx, user.accountId, false)
    return user
  }
  const removed = teamsGrantedBy(tx, ctx, user).filter((teamId) => removeFromTeam(tx, ctx, teamId, user.accountId))
  return { ...user, suspendedTeamIds: [...new Set([...user.suspendedTeamIds, ...removed])] }
}

/** Reactivation: gives back exactly what deactivation took (teams that still exist), or the status page access. */
export function restoreAccess(tx: Tx, ctx: ScimContext, user: ScimUserRecord): ScimUserRecord {
  if (ctx.config.kind === 'statusPage') {
    setPrivateUserAccess(tx, ctx, user.accountId, true)
    return user
  }
  for (const teamId of user.suspendedTeamIds) addToTeam(tx, ctx, teamId, user.accountId)
  return { ...user, suspendedTeamIds: [] }
}
