import type { ProjectView, ScimConfigView, StatusPageView, TeamView } from '@shared/control'
import type { Project, ScimConfig, StatusPage, Team } from '@shared/workspace'
import type { StoreReader } from '../store/memory-store'

/** Where a config's SCIM endpoint is (the public URL when one is set), and its `/api/identity/...` alias. */
export type ScimUrls = (config: ScimConfig) => { baseUrl: string; aliasUrl: string }

export const projectView = (p: Project): ProjectView => ({ id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt })

export const teamView = (store: StoreReader, t: Team): TeamView => ({
  id: t.id,
  projectId: t.projectId,
  name: t.name,
  scimConfigId: t.scimConfigId,
  memberCount: store.countBy('teamMembers', 'team', t.id),
})

export const statusPageView = (store: StoreReader, sp: StatusPage): StatusPageView => ({
  id: sp.id,
  projectId: sp.projectId,
  name: sp.name,
  privateUserCount: store.countBy('privateUsers', 'statusPage', sp.id),
})

export function scimConfigView(store: StoreReader, c: ScimConfig, urls: ScimUrls): ScimConfigView {
  const statusPage = c.statusPageId === null ? undefined : store.get('statusPages', c.statusPageId)
  return {
    id: c.id,
    kind: c.kind,
    projectId: c.projectId,
    projectName: store.get('projects', c.projectId)?.name ?? c.projectId,
    statusPageId: c.statusPageId,
    statusPageName: c.statusPageId === null ? null : (statusPage?.name ?? c.statusPageId),
    name: c.name,
    description: c.description,
    bearerToken: c.bearerToken,
    autoProvisionUsers: c.autoProvisionUsers,
    autoDeprovisionUsers: c.autoDeprovisionUsers,
    defaultTeams: c.defaultTeams,
    enablePushGroups: c.enablePushGroups,
    compatibility: c.compatibility,
    ...urls(c),
    userCount: store.countBy('scimUsers', 'config', c.id),
    groupCount: store.countBy('scimGroups', 'config', c.id),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}
