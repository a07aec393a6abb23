import type { ScimConfig, StatusPage, Team } from '@shared/workspace'
import type { Tx } from '../store/memory-store'
import { key } from '../store/indexes'

/**
 * Deletions that take dependent records with them. Each returns what it removed, so the one event a deletion
 * records can say it ("deleted project Acme (2 teams, 3 accounts …)"). None records events itself.
 */

export interface Removed {
  scimUsers: number
  scimGroups: number
}

/**
 * A config's SCIM resources go with it; the accounts, private users and memberships they made stay, and the teams its
 * pushed Groups made stay as ordinary teams (their `scimConfigId` becomes null).
 */
export function removeConfig(tx: Tx, config: ScimConfig, now: string): Removed {
  const users = tx.find('scimUsers', 'config', config.id)
  const groups = tx.find('scimGroups', 'config', config.id)
  for (const u of users) tx.delete('scimUsers', u.id)
  for (const g of groups) tx.delete('scimGroups', g.id)
  for (const t of tx.find('teams', 'config', config.id)) tx.put('teams', { ...t, scimConfigId: null, updatedAt: now })
  tx.delete('scimConfigs', config.id)
  return { scimUsers: users.length, scimGroups: groups.length }
}

export function configsOfStatusPage(tx: Tx, sp: StatusPage): ScimConfig[] {
  return tx.find('scimConfigs', 'project', sp.projectId).filter((c) => c.kind === 'statusPage' && c.statusPageId === sp.id)
}

/** A status page with its private users and its Status Page SCIM configs (with their SCIM resources). */
export function removeStatusPage(tx: Tx, sp: StatusPage, now: string): { privateUsers: number; configs: number } & Removed {
  const out = { privateUsers: 0, configs: 0, scimUsers: 0, scimGroups: 0 }
  for (const c of configsOfStatusPage(tx, sp)) {
    const r = removeConfig(tx, c, now)
    out.configs++
    out.scimUsers += r.scimUsers
    out.scimGroups += r.scimGroups
  }
  for (const pu of tx.find('privateUsers', 'statusPage', sp.id)) {
    tx.delete('privateUsers', pu.id)
    out.privateUsers++
  }
  tx.delete('statusPages', sp.id)
  return out
}

export interface TeamRemoval {
  memberships: number
  /** Configs whose default teams named it (now without it). */
  defaultOf: ScimConfig[]
  /** The pushed SCIM Group that mapped to it (deleted too). */
  group: { id: string; configId: string; displayName: string } | null
}

/**
 * A team with its memberships; configs of its project drop it from their default teams; the SCIM Group that maps to
 * it goes (and leaves the groups that nested it), and users whose deactivation suspended it forget it.
 */
export function removeTeam(tx: Tx, team: Team, now: string): TeamRemoval {
  const members = tx.find('teamMembers', 'team', team.id)
  for (const m of members) tx.delete('teamMembers', m.id)
  const defaultOf: ScimConfig[] = []
  const configs = tx.find('scimConfigs', 'project', team.projectId)
  for (const c of configs) {
    if (!c.defaultTeams.includes(team.id)) continue
    const next = { ...c, defaultTeams: c.defaultTeams.filter((t) => t !== team.id), updatedAt: now }
    tx.put('scimConfigs', next)
    defaultOf.push(next)
  }
  let group: TeamRemoval['group'] = null
  for (const g of tx.find('scimGroups', 'team', team.id)) {
    group = { id: g.id, configId: g.configId, displayName: String(g.data.displayName ?? g.id) }
    tx.delete('scimGroups', g.id)
    for (const parent of tx.find('scimGroups', 'member', key.configValue(g.configId, g.id))) {
      const kept = (parent.data.members as { value?: unknown }[]).filter((m) => m?.value !== g.id)
      tx.put('scimGroups', { ...parent, data: { ...parent.data, members: kept }, version: parent.version + 1, updatedAt: now })
    }
  }
  for (const c of configs) {
    if (c.kind !== 'project') continue
    for (const u of tx.find('scimUsers', 'config', c.id)) {
      if (u.suspendedTeamIds.includes(team.id)) tx.put('scimUsers', { ...u, suspendedTeamIds: u.suspendedTeamIds.filter((t) => t !== team.id) })
    }
  }
  tx.delete('teams', team.id)
  return { memberships: members.length, defaultOf, group }
}
