import type { Directory } from '@shared/control'
import type { StoreReader } from '../store/memory-store'

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** The directory as it is now: per project its teams and members, accounts, status pages, configs and their SCIM resources. */
export function directory(store: StoreReader): Directory {
  return {
    projects: [...store.all('projects')].map((p) => ({
      id: p.id,
      name: p.name,
      teams: store.find('teams', 'project', p.id).map((t) => ({
        id: t.id,
        name: t.name,
        scimConfigId: t.scimConfigId,
        members: store.find('teamMembers', 'team', t.id).map((m) => m.userId),
      })),
      accounts: store.find('accounts', 'project', p.id).map((a) => ({ id: a.id, email: a.email, name: a.name })),
      statusPages: store.find('statusPages', 'project', p.id).map((sp) => ({
        id: sp.id,
        name: sp.name,
        privateUsers: store.find('privateUsers', 'statusPage', sp.id).map((u) => ({ id: u.id, email: u.email, active: u.active })),
      })),
      scimConfigs: store.find('scimConfigs', 'project', p.id).map((c) => {
        const users = store.find('scimUsers', 'config', c.id)
        const groups = store.find('scimGroups', 'config', c.id)
        return {
          id: c.id,
          kind: c.kind,
          name: c.name,
          users: users.length,
          groups: groups.length,
          scimUsers: users.map((u) => ({ id: u.id, userName: String(u.data.userName ?? ''), externalId: str(u.data.externalId), active: u.data.active !== false, accountId: u.accountId })),
          scimGroups: groups.map((g) => ({ id: g.id, displayName: String(g.data.displayName ?? ''), externalId: str(g.data.externalId), teamId: g.teamId })),
        }
      }),
    })),
  }
}
