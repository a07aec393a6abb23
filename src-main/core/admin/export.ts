import type { SeedInput } from '@shared/seed'
import type { ScimConfig, ScimGroupRecord, ScimUserRecord } from '@shared/workspace'
import type { StoreReader } from '../store/memory-store'

/**
 * The whole workspace as a seed document (PRODUCT.md §2.1), for "Export" in the UI: every id given, every option
 * spelled out, secrets the sandbox keeps as digests given as digests (`keySha256`, `tokenSha256`,
 * `clientSecretSha256`), SCIM config bearer tokens as they are (configuration an admin pastes into an IdP), and each
 * config's provisioned SCIM Users and Groups, and each IAM tenant's IAM SCIM resources (without users' password
 * digests: passwords are never in a seed). Importing it gives a workspace whose export is this same document.
 *
 * Lists follow the store's order, and references to teams that no longer exist (a default team or a suspended team
 * whose team was deleted) are left out, since they no longer mean anything.
 */
export function workspaceToSeed(store: StoreReader): SeedInput {
  return {
    projects: [...store.all('projects')].map((p) => {
      const teams = store.find('teams', 'project', p.id)
      const teamIds = new Set(teams.map((t) => t.id))
      const live = (ids: string[]) => ids.filter((id) => teamIds.has(id))
      const configs = store.find('scimConfigs', 'project', p.id)
      return {
        id: p.id,
        name: p.name,
        teams: teams.map((t) => ({ id: t.id, name: t.name })),
        users: store.find('accounts', 'project', p.id).map((a) => {
          const member = new Set(store.find('teamMembers', 'user', a.id).map((m) => m.teamId))
          return { id: a.id, email: a.email, name: a.name, teams: teams.filter((t) => member.has(t.id)).map((t) => t.id) }
        }),
        apiKeys: store.find('apiKeys', 'project', p.id).map((k) => ({ id: k.id, name: k.name, keySha256: k.keySha256, keyPrefix: k.keyPrefix, permissions: k.permissions })),
        scim: configs
          .filter((c) => c.kind === 'project')
          .map((c) => {
            const users = store.find('scimUsers', 'config', c.id)
            const groups = store.find('scimGroups', 'config', c.id)
            return {
              ...configFields(c),
              defaultTeams: live(c.defaultTeams),
              enablePushGroups: c.enablePushGroups,
              ...(users.length || groups.length
                ? {
                    provisioned: {
                      users: users.map((u) => ({ ...resource(u), accountEmail: store.get('accounts', u.accountId)?.email ?? String(u.data.userName), suspendedTeams: live(u.suspendedTeamIds) })),
                      groups: groups.map((g) => ({ ...resource(g), teamId: g.teamId })),
                    },
                  }
                : {}),
            }
          }),
        statusPages: store.find('statusPages', 'project', p.id).map((sp) => ({
          id: sp.id,
          name: sp.name,
          privateUsers: store.find('privateUsers', 'statusPage', sp.id).map((u) => ({ id: u.id, email: u.email, active: u.active })),
          scim: configs
            .filter((c) => c.kind === 'statusPage' && c.statusPageId === sp.id)
            .map((c) => {
              const users = store.find('scimUsers', 'config', c.id)
              return {
                ...configFields(c),
                ...(users.length
                  ? { provisioned: { users: users.map((u) => ({ ...resource(u), accountEmail: store.get('privateUsers', u.accountId)?.email ?? String(u.data.userName) })) } }
                  : {}),
              }
            }),
        })),
      }
    }),
    iam: {
      tenants: [...store.all('iamTenants')].map((t) => ({
        id: t.id,
        name: t.name,
        ...(t.wireFormat ? { wireFormat: t.wireFormat } : {}),
        scimTokens: store.find('iamScimTokens', 'tenant', t.id).map((k) => ({
          id: k.id,
          name: k.name,
          tokenSha256: k.tokenSha256,
          tokenPrefix: k.tokenPrefix,
          expiresAt: k.expiresAt,
          enabled: k.enabled,
          revokedAt: k.revokedAt,
        })),
        resources: store.find('iamResources', 'tenant', t.id).map((r) => ({
          kind: r.kind,
          id: r.id,
          ...(r.externalId !== null ? { externalId: r.externalId } : {}),
          data: r.data,
          version: r.version,
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
        })),
      })),
      oauthClients: [...store.all('oauthClients')].map((c) => ({ clientId: c.id, clientSecretSha256: c.clientSecretSha256, scopes: c.scopes as ('scim-tokens:read' | 'scim-tokens:write')[] })),
    },
  }
}

function configFields(c: ScimConfig) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    bearerToken: c.bearerToken,
    autoProvisionUsers: c.autoProvisionUsers,
    autoDeprovisionUsers: c.autoDeprovisionUsers,
    compatibility: c.compatibility,
  }
}

function resource(r: ScimUserRecord | ScimGroupRecord) {
  return { id: r.id, data: r.data, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt }
}
