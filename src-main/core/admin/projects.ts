import type { ProjectInput } from '@shared/control'
import type { Project, StatusPage, Team } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import type { AdminContext } from './context'
import { removeConfig, removeStatusPage, removeTeam } from './cascade'
import { conflict, notFound } from './errors'
import { uniqueId } from './ids'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function getProject(store: StoreReader, id: string): Project {
  const p = store.get('projects', id)
  if (!p) throw notFound(`no project "${id}"`)
  return p
}

export function createProject(tx: Tx, ctx: AdminContext, input: ProjectInput): Project {
  if (input.id !== undefined && tx.get('projects', input.id)) throw conflict(`a project with id "${input.id}" already exists`)
  const id = input.id ?? uniqueId(input.name, 'project', (x) => tx.get('projects', x) !== undefined)
  const rec: Project = { id, name: input.name, createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('projects', rec)
  tx.event({ type: 'project.created', message: `created project ${rec.name}`, projectId: id })
  return rec
}

export function updateProject(tx: Tx, ctx: AdminContext, id: string, patch: { name?: string }): Project {
  const prev = getProject(tx, id)
  if (patch.name === undefined || patch.name === prev.name) return prev
  const rec = { ...prev, name: patch.name, updatedAt: ctx.now }
  tx.put('projects', rec)
  tx.event({ type: 'project.updated', message: `renamed project ${prev.name} to ${rec.name}`, projectId: id })
  return rec
}

/**
 * A project with everything in it: teams and memberships, accounts, status pages and their private users, SCIM
 * configs and their SCIM resources, API keys.
 */
export function deleteProject(tx: Tx, ctx: AdminContext, id: string): void {
  const p = getProject(tx, id)
  let configs = 0
  let scimUsers = 0
  let scimGroups = 0
  for (const c of tx.find('scimConfigs', 'project', id)) {
    if (c.kind !== 'project') continue
    const r = removeConfig(tx, c, ctx.now)
    configs++
    scimUsers += r.scimUsers
    scimGroups += r.scimGroups
  }
  const statusPages: StatusPage[] = tx.find('statusPages', 'project', id)
  for (const sp of statusPages) {
    const r = removeStatusPage(tx, sp, ctx.now)
    configs += r.configs
    scimUsers += r.scimUsers
  }
  const teams: Team[] = tx.find('teams', 'project', id)
  for (const t of teams) removeTeam(tx, t, ctx.now)
  const accounts = tx.find('accounts', 'project', id)
  for (const a of accounts) {
    for (const m of tx.find('teamMembers', 'user', a.id)) tx.delete('teamMembers', m.id)
    tx.delete('accounts', a.id)
  }
  const keys = tx.find('apiKeys', 'project', id)
  for (const k of keys) tx.delete('apiKeys', k.id)
  tx.delete('projects', id)
  const parts = [
    plural(teams.length, 'team'),
    plural(accounts.length, 'account'),
    plural(statusPages.length, 'status page'),
    `${plural(configs, 'SCIM config')} with ${plural(scimUsers, 'SCIM user')} and ${plural(scimGroups, 'group')}`,
    plural(keys.length, 'API key'),
  ]
  tx.event({ type: 'project.deleted', message: `deleted project ${p.name} (${parts.join(', ')})`, projectId: id })
}
