import type { TeamInput } from '@shared/control'
import type { Team } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import type { AdminContext } from './context'
import { removeTeam } from './cascade'
import { conflict, notFound } from './errors'
import { uniqueId } from './ids'
import { getProject } from './projects'

export function getTeam(store: StoreReader, id: string): Team {
  const t = store.get('teams', id)
  if (!t) throw notFound(`no team "${id}"`)
  return t
}

export function createTeam(tx: Tx, ctx: AdminContext, projectId: string, input: TeamInput): Team {
  getProject(tx, projectId)
  if (input.id !== undefined && tx.get('teams', input.id)) throw conflict(`a team with id "${input.id}" already exists`)
  const id = input.id ?? uniqueId(input.name, 'team', (x) => tx.get('teams', x) !== undefined)
  const rec: Team = { id, projectId, name: input.name, scimConfigId: null, createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('teams', rec)
  tx.event({ type: 'team.created', message: `created team ${rec.name}`, projectId, teamId: id })
  return rec
}

/** Renames the team; a SCIM Group that maps to it keeps its displayName (the IdP owns that). */
export function updateTeam(tx: Tx, ctx: AdminContext, id: string, patch: { name?: string }): Team {
  const prev = getTeam(tx, id)
  if (patch.name === undefined || patch.name === prev.name) return prev
  const rec = { ...prev, name: patch.name, updatedAt: ctx.now }
  tx.put('teams', rec)
  tx.event({ type: 'team.renamed', message: `renamed team ${prev.name} to ${rec.name}`, projectId: rec.projectId, teamId: id })
  return rec
}

export function deleteTeam(tx: Tx, ctx: AdminContext, id: string): void {
  const team = getTeam(tx, id)
  const r = removeTeam(tx, team, ctx.now)
  const base = { projectId: team.projectId, teamId: id }
  tx.event({ type: 'team.deleted', message: `deleted team ${team.name} (${r.memberships} membership${r.memberships === 1 ? '' : 's'})`, ...base })
  for (const c of r.defaultOf) {
    tx.event({ type: 'config.updated', message: `SCIM config ${c.name} no longer has ${team.name} as a default team`, ...base, configId: c.id })
  }
  if (r.group) {
    tx.event({ type: 'scim.group.deleted', message: `deleted SCIM group ${r.group.displayName} (its team was deleted)`, ...base, configId: r.group.configId, resourceId: r.group.id })
  }
}
