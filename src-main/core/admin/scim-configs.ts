import type { z } from 'zod'
import type { ControlIssue, RotateTokenInput, ScimConfigPatch, scimConfigInputSchema } from '@shared/control'
import type { ScimConfig } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import type { AdminContext } from './context'
import { removeConfig } from './cascade'
import { conflict, invalid, notFound } from './errors'
import { uniqueId } from './ids'

export type NewScimConfig = z.output<typeof scimConfigInputSchema>

export function getConfig(store: StoreReader, id: string): ScimConfig {
  const c = store.get('scimConfigs', id)
  if (!c) throw notFound(`no SCIM config "${id}"`)
  return c
}

/** Default teams must be distinct teams of the config's project; each problem at ['defaultTeams', i]. */
function defaultTeamIssues(tx: Tx, projectId: string, teams: string[]): ControlIssue[] {
  const issues: ControlIssue[] = []
  const seen = new Set<string>()
  teams.forEach((id, i) => {
    const team = tx.get('teams', id)
    if (!team || team.projectId !== projectId) issues.push({ path: ['defaultTeams', i], message: `no team "${id}" in project "${projectId}"` })
    else if (seen.has(id)) issues.push({ path: ['defaultTeams', i], message: `team "${id}" is listed twice` })
    seen.add(id)
  })
  return issues
}

const teamNames = (tx: Tx, ids: string[]) => (ids.length ? ids.map((id) => tx.get('teams', id)?.name ?? id).join(', ') : 'none')

export function createConfig(tx: Tx, ctx: AdminContext, input: NewScimConfig): ScimConfig {
  const project = tx.get('projects', input.projectId)
  if (!project) throw invalid([{ path: ['projectId'], message: `no project "${input.projectId}"` }])
  let owner: string = project.id
  if (input.kind === 'statusPage') {
    const sp = tx.get('statusPages', input.statusPageId)
    if (!sp || sp.projectId !== project.id) throw invalid([{ path: ['statusPageId'], message: `no status page "${input.statusPageId}" in project "${project.id}"` }])
    owner = sp.id
  } else {
    const issues = defaultTeamIssues(tx, project.id, input.defaultTeams)
    if (issues.length) throw invalid(issues)
  }
  if (input.id !== undefined && tx.get('scimConfigs', input.id)) throw conflict(`a SCIM config with id "${input.id}" already exists`)
  const id = input.id ?? uniqueId(`${owner} ${input.name}`, 'scim', (x) => tx.get('scimConfigs', x) !== undefined)
  const rec: ScimConfig = {
    id,
    kind: input.kind,
    projectId: project.id,
    statusPageId: input.kind === 'statusPage' ? input.statusPageId : null,
    name: input.name,
    description: input.description,
    bearerToken: input.bearerToken ?? ctx.tokens.next(),
    autoProvisionUsers: input.autoProvisionUsers,
    autoDeprovisionUsers: input.autoDeprovisionUsers,
    defaultTeams: input.kind === 'project' ? input.defaultTeams : [],
    enablePushGroups: input.kind === 'project' ? input.enablePushGroups : false,
    compatibility: input.compatibility,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  tx.put('scimConfigs', rec)
  const kind = rec.kind === 'project' ? 'Project SCIM' : 'Status Page SCIM'
  tx.event({ type: 'config.created', message: `created ${kind} config ${rec.name}`, configId: id, projectId: project.id })
  return rec
}

const onOff = (b: boolean) => (b ? 'on' : 'off')

/** Changes the editable settings; they apply to the next SCIM request through the config. */
export function updateConfig(tx: Tx, ctx: AdminContext, id: string, patch: ScimConfigPatch): ScimConfig {
  const prev = getConfig(tx, id)
  if (prev.kind === 'statusPage') {
    const issues: ControlIssue[] = []
    if (patch.defaultTeams !== undefined) issues.push({ path: ['defaultTeams'], message: 'Status Page SCIM has no default teams' })
    if (patch.enablePushGroups !== undefined) issues.push({ path: ['enablePushGroups'], message: 'Status Page SCIM has no groups to push' })
    if (issues.length) throw invalid(issues)
  }
  if (patch.defaultTeams !== undefined) {
    const issues = defaultTeamIssues(tx, prev.projectId, patch.defaultTeams)
    if (issues.length) throw invalid(issues)
  }
  const changes: string[] = []
  const next: ScimConfig = { ...prev }
  if (patch.name !== undefined && patch.name !== prev.name) {
    next.name = patch.name
    changes.push(`renamed to ${patch.name}`)
  }
  if (patch.description !== undefined && patch.description !== prev.description) {
    next.description = patch.description
    changes.push('description changed')
  }
  for (const k of ['autoProvisionUsers', 'autoDeprovisionUsers', 'enablePushGroups'] as const) {
    if (patch[k] !== undefined && patch[k] !== prev[k]) {
      next[k] = patch[k]
      changes.push(`${k} ${onOff(patch[k])}`)
    }
  }
  if (patch.compatibility !== undefined && patch.compatibility !== prev.compatibility) {
    next.compatibility = patch.compatibility
    changes.push(`compatibility ${patch.compatibility}`)
  }
  if (patch.defaultTeams !== undefined && patch.defaultTeams.join('\u0000') !== prev.defaultTeams.join('\u0000')) {
    next.defaultTeams = patch.defaultTeams
    changes.push(`default teams ${teamNames(tx, patch.defaultTeams)}`)
  }
  if (!changes.length) return prev
  next.updatedAt = ctx.now
  tx.put('scimConfigs', next)
  tx.event({ type: 'config.updated', message: `updated SCIM config ${prev.name}: ${changes.join(', ')}`, configId: id, projectId: prev.projectId })
  return next
}

/** The old token is refused from the next request on. The event never names either token. */
export function rotateToken(tx: Tx, ctx: AdminContext, id: string, input: RotateTokenInput): ScimConfig {
  const prev = getConfig(tx, id)
  if (input.bearerToken !== undefined && input.bearerToken === prev.bearerToken) {
    throw invalid([{ path: ['bearerToken'], message: 'this is the current token; give a new one, or none to have one generated' }])
  }
  const next = { ...prev, bearerToken: input.bearerToken ?? ctx.tokens.next(), updatedAt: ctx.now }
  tx.put('scimConfigs', next)
  tx.event({ type: 'config.tokenRotated', message: `rotated the bearer token of SCIM config ${prev.name}: the old one is refused from now on`, configId: id, projectId: prev.projectId })
  return next
}

/** The config and its SCIM resources; accounts and memberships stay, and teams its Groups made become ordinary teams. */
export function deleteConfig(tx: Tx, ctx: AdminContext, id: string): void {
  const c = getConfig(tx, id)
  const r = removeConfig(tx, c, ctx.now)
  const what = c.kind === 'project' ? `${r.scimUsers} SCIM user${r.scimUsers === 1 ? '' : 's'} and ${r.scimGroups} group${r.scimGroups === 1 ? '' : 's'}` : `${r.scimUsers} SCIM user${r.scimUsers === 1 ? '' : 's'}`
  tx.event({ type: 'config.deleted', message: `deleted SCIM config ${c.name} with ${what}; accounts and team memberships stay`, configId: id, projectId: c.projectId })
}
