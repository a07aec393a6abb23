import type { Account, ApiKey, Permission, PrivateUser, TeamMember } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import { key } from '../store/indexes'
import { configsOfStatusPage } from './cascade'
import type { AdminContext } from './context'
import { conflict, invalid, notFound } from './errors'
import { getProject } from './projects'

/**
 * Accounts, team memberships, status-page private users and API keys, managed directly (the resource API) rather than
 * through SCIM. Same rules as provisioning: an email is unique per project (accounts) and per status page (private
 * users), a membership is unique per team and account, everything stays inside one project. A problem is an AdminError
 * thrown inside the transaction, so nothing is changed when it is.
 */

export function getAccount(store: StoreReader, id: string): Account {
  const a = store.get('accounts', id)
  if (!a) throw notFound(`no user "${id}"`)
  return a
}

/** The SCIM users (of the project's or status page's configs) that link to an account or private user. */
function linkedScimUsers(tx: StoreReader, configIds: string[], accountId: string): string[] {
  const out: string[] = []
  for (const c of configIds) for (const u of tx.find('scimUsers', 'config', c)) if (u.accountId === accountId) out.push(`${u.id} (config ${c})`)
  return out
}

export function createAccount(tx: Tx, ctx: AdminContext, projectId: string, input: { email: string; name?: string }): Account {
  getProject(tx, projectId)
  if (tx.findOne('accounts', 'projectEmail', key.projectEmail(projectId, input.email))) {
    throw invalid([{ path: ['email'], message: `a user with email "${input.email}" already exists in project "${projectId}"` }])
  }
  const rec: Account = { id: ctx.ids.next(), projectId, email: input.email, name: input.name ?? '', createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('accounts', rec)
  tx.event({ type: 'account.created', message: `created account ${rec.email}`, projectId, accountId: rec.id, email: rec.email })
  return rec
}

export function updateAccount(tx: Tx, ctx: AdminContext, id: string, patch: { email?: string; name?: string }): Account {
  const prev = getAccount(tx, id)
  if (patch.email !== undefined && patch.email.toLowerCase() !== prev.email.toLowerCase()) {
    if (tx.findOne('accounts', 'projectEmail', key.projectEmail(prev.projectId, patch.email))) {
      throw invalid([{ path: ['email'], message: `a user with email "${patch.email}" already exists in project "${prev.projectId}"` }])
    }
  }
  const next = { ...prev, ...(patch.email !== undefined ? { email: patch.email } : {}), ...(patch.name !== undefined ? { name: patch.name } : {}) }
  if (next.email === prev.email && next.name === prev.name) return prev
  next.updatedAt = ctx.now
  tx.put('accounts', next)
  tx.event({ type: 'account.updated', message: `updated account ${next.email}${next.email !== prev.email ? ` (was ${prev.email})` : ''}`, projectId: next.projectId, accountId: next.id, email: next.email })
  return next
}

/** An account with its team memberships. One that a SCIM user links to is refused: delete that through SCIM first. */
export function deleteAccount(tx: Tx, _ctx: AdminContext, id: string): void {
  const a = getAccount(tx, id)
  const configs = tx.find('scimConfigs', 'project', a.projectId).filter((c) => c.kind === 'project').map((c) => c.id)
  const linked = linkedScimUsers(tx, configs, a.id)
  if (linked.length) throw conflict(`user "${id}" is linked to SCIM user ${linked.join(', ')}; delete it through SCIM first`)
  for (const m of tx.find('teamMembers', 'user', a.id)) {
    tx.delete('teamMembers', m.id)
    const team = tx.get('teams', m.teamId)
    tx.event({ type: 'team.member.removed', message: `removed ${a.email} from team ${team?.name ?? m.teamId}`, projectId: a.projectId, accountId: a.id, teamId: m.teamId, email: a.email })
  }
  tx.delete('accounts', a.id)
  tx.event({ type: 'account.deleted', message: `deleted account ${a.email}`, projectId: a.projectId, accountId: a.id, email: a.email })
}

export function getTeamMember(store: StoreReader, id: string): TeamMember {
  const m = store.get('teamMembers', id)
  if (!m) throw notFound(`no team member "${id}"`)
  return m
}

export function createTeamMember(tx: Tx, ctx: AdminContext, projectId: string, input: { teamId: string; userId: string }): TeamMember {
  const team = tx.get('teams', input.teamId)
  const account = tx.get('accounts', input.userId)
  const issues = []
  if (!team || team.projectId !== projectId) issues.push({ path: ['teamId'], message: `no team "${input.teamId}" in project "${projectId}"` })
  if (!account || account.projectId !== projectId) issues.push({ path: ['userId'], message: `no user "${input.userId}" in project "${projectId}"` })
  if (issues.length) throw invalid(issues)
  if (tx.findOne('teamMembers', 'teamUser', key.teamUser(input.teamId, input.userId))) {
    throw invalid([{ path: ['userId'], message: `user "${input.userId}" is already a member of team "${input.teamId}"` }])
  }
  const rec: TeamMember = { id: ctx.ids.next(), projectId, teamId: input.teamId, userId: input.userId, createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('teamMembers', rec)
  tx.event({ type: 'team.member.added', message: `added ${account!.email} to team ${team!.name}`, projectId, accountId: account!.id, teamId: team!.id, email: account!.email })
  return rec
}

export function deleteTeamMember(tx: Tx, _ctx: AdminContext, id: string): void {
  const m = getTeamMember(tx, id)
  const a = tx.get('accounts', m.userId)
  const team = tx.get('teams', m.teamId)
  tx.delete('teamMembers', id)
  tx.event({ type: 'team.member.removed', message: `removed ${a?.email ?? m.userId} from team ${team?.name ?? m.teamId}`, projectId: m.projectId, accountId: m.userId, teamId: m.teamId, ...(a ? { email: a.email } : {}) })
}

export function getPrivateUser(store: StoreReader, id: string): PrivateUser {
  const pu = store.get('privateUsers', id)
  if (!pu) throw notFound(`no status page private user "${id}"`)
  return pu
}

export function createPrivateUser(tx: Tx, ctx: AdminContext, projectId: string, input: { statusPageId: string; email: string }): PrivateUser {
  const sp = tx.get('statusPages', input.statusPageId)
  if (!sp || sp.projectId !== projectId) throw invalid([{ path: ['statusPageId'], message: `no status page "${input.statusPageId}" in project "${projectId}"` }])
  if (tx.findOne('privateUsers', 'statusPageEmail', key.statusPageEmail(sp.id, input.email))) {
    throw invalid([{ path: ['email'], message: `status page "${sp.id}" already has a private user with email "${input.email}"` }])
  }
  const rec: PrivateUser = { id: ctx.ids.next(), projectId, statusPageId: sp.id, email: input.email, active: true, createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('privateUsers', rec)
  tx.event({ type: 'privateUser.created', message: `created private user ${rec.email} on status page ${sp.name}`, projectId, accountId: rec.id, email: rec.email })
  return rec
}

export function updatePrivateUser(tx: Tx, ctx: AdminContext, id: string, patch: { email?: string }): PrivateUser {
  const prev = getPrivateUser(tx, id)
  if (patch.email === undefined || patch.email === prev.email) return prev
  if (patch.email.toLowerCase() !== prev.email.toLowerCase() && tx.findOne('privateUsers', 'statusPageEmail', key.statusPageEmail(prev.statusPageId, patch.email))) {
    throw invalid([{ path: ['email'], message: `status page "${prev.statusPageId}" already has a private user with email "${patch.email}"` }])
  }
  const next = { ...prev, email: patch.email, updatedAt: ctx.now }
  tx.put('privateUsers', next)
  tx.event({ type: 'privateUser.updated', message: `updated private user ${next.email} (was ${prev.email})`, projectId: next.projectId, accountId: next.id, email: next.email })
  return next
}

/** One that a Status Page SCIM user links to is refused: delete that through SCIM first. */
export function deletePrivateUser(tx: Tx, _ctx: AdminContext, id: string): void {
  const pu = getPrivateUser(tx, id)
  const sp = tx.get('statusPages', pu.statusPageId)
  const configs = sp ? configsOfStatusPage(tx, sp).map((c) => c.id) : []
  const linked = linkedScimUsers(tx, configs, pu.id)
  if (linked.length) throw conflict(`private user "${id}" is linked to SCIM user ${linked.join(', ')}; delete it through SCIM first`)
  tx.delete('privateUsers', id)
  tx.event({ type: 'privateUser.deleted', message: `deleted private user ${pu.email} of status page ${sp?.name ?? pu.statusPageId}`, projectId: pu.projectId, accountId: pu.id, email: pu.email })
}

export function getApiKey(store: StoreReader, id: string): ApiKey {
  const k = store.get('apiKeys', id)
  if (!k) throw notFound(`no API key "${id}"`)
  return k
}

/** The key itself is never stored: only its SHA-256 digest and a short prefix to recognise it by. */
export function createApiKey(
  tx: Tx,
  ctx: AdminContext,
  projectId: string,
  input: { name: string; permissions: Permission[] },
  secret: { keySha256: string; keyPrefix: string },
): ApiKey {
  getProject(tx, projectId)
  const rec: ApiKey = { id: ctx.ids.next(), projectId, name: input.name, ...secret, permissions: [...new Set(input.permissions)], createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('apiKeys', rec)
  tx.event({ type: 'apiKey.created', message: `created API key ${rec.name} (${rec.permissions.join(', ')})`, projectId })
  return rec
}

export function updateApiKey(tx: Tx, ctx: AdminContext, id: string, patch: { name?: string; permissions?: Permission[] }): ApiKey {
  const prev = getApiKey(tx, id)
  const next = { ...prev, ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.permissions !== undefined ? { permissions: [...new Set(patch.permissions)] } : {}) }
  if (next.name === prev.name && next.permissions.join() === prev.permissions.join()) return prev
  next.updatedAt = ctx.now
  tx.put('apiKeys', next)
  tx.event({ type: 'apiKey.updated', message: `updated API key ${next.name} (${next.permissions.join(', ')})`, projectId: next.projectId })
  return next
}

export function deleteApiKey(tx: Tx, _ctx: AdminContext, id: string): void {
  const k = getApiKey(tx, id)
  tx.delete('apiKeys', id)
  tx.event({ type: 'apiKey.deleted', message: `deleted API key ${k.name}`, projectId: k.projectId })
}
