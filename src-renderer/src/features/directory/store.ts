import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Directory } from '@shared/control'
import type { ControlClient } from '../../api/client'
import { useClient } from '../../app/client-context'
import { changeFlasher, debounced } from './live-refresh'

export type DirectoryProject = Directory['projects'][number]
export type DirectoryTab = 'users' | 'teams' | 'statusPages' | 'scim' | 'iam'


/** A SCIM resource's link to an account (or, for Status Page SCIM, to a private user). */
export interface ScimLink {
  configId: string
  configName: string
  kind: string
  userName: string
  active: boolean
}
export interface TeamRef {
  id: string
  name: string
  scimConfigId: string | null
}

/** Lookups for one project, built once per fetch so 10,000 rows render without a search per cell. */
export interface ProjectIndex {
  teamsByAccount: Map<string, TeamRef[]>
  linksByAccount: Map<string, ScimLink[]>
  accountsById: Map<string, { id: string; email: string; name: string }>
  teamsById: Map<string, TeamRef>
  configNames: Map<string, string>
  privateUsersById: Map<string, { id: string; email: string; active: boolean }>
}

export function indexProject(p: DirectoryProject): ProjectIndex {
  const teamsByAccount = new Map<string, TeamRef[]>()
  const teamsById = new Map<string, TeamRef>()
  for (const t of p.teams) {
    const ref = { id: t.id, name: t.name, scimConfigId: t.scimConfigId }
    teamsById.set(t.id, ref)
    for (const m of t.members) {
      const list = teamsByAccount.get(m)
      if (list) list.push(ref)
      else teamsByAccount.set(m, [ref])
    }
  }
  const linksByAccount = new Map<string, ScimLink[]>()
  const configNames = new Map<string, string>()
  for (const c of p.scimConfigs) {
    configNames.set(c.id, c.name)
    for (const u of c.scimUsers ?? []) {
      const link = { configId: c.id, configName: c.name, kind: c.kind, userName: u.userName, active: u.active }
      const list = linksByAccount.get(u.accountId)
      if (list) list.push(link)
      else linksByAccount.set(u.accountId, [link])
    }
  }
  return {
    teamsByAccount,
    linksByAccount,
    teamsById,
    configNames,
    accountsById: new Map(p.accounts.map((a) => [a.id, a])),
    privateUsersById: new Map(p.statusPages.flatMap((sp) => sp.privateUsers.map((u) => [u.id, u] as const))),
  }
}

/** One string per row that changes when anything shown in that row changes: rows whose string moved flash. */
function fingerprints(d: Directory): Map<string, string> {
  const out = new Map<string, string>()
  for (const p of d.projects) {
    const ix = indexProject(p)
    for (const a of p.accounts) {
      const teams = (ix.teamsByAccount.get(a.id) ?? []).map((t) => t.id).join(',')
      const links = (ix.linksByAccount.get(a.id) ?? []).map((l) => `${l.configId}:${l.active}`).join(',')
      out.set(rowKey('acc', p.id, a.id), `${a.email}|${a.name}|${teams}|${links}`)
    }
    for (const t of p.teams) out.set(rowKey('team', p.id, t.id), `${t.name}|${t.scimConfigId}|${t.members.join(',')}`)
    for (const sp of p.statusPages) for (const u of sp.privateUsers) out.set(rowKey('pu', p.id, u.id), `${u.email}|${u.active}`)
    for (const c of p.scimConfigs) {
      for (const u of c.scimUsers ?? []) out.set(rowKey('su', p.id, u.id), `${u.userName}|${u.externalId}|${u.active}|${u.accountId}`)
      for (const g of c.scimGroups ?? []) out.set(rowKey('sg', p.id, g.id), `${g.displayName}|${g.externalId}|${g.teamId}`)
    }
  }
  return out
}
export const rowKey = (kind: 'acc' | 'team' | 'pu' | 'su' | 'sg', projectId: string, id: string) => `${kind}:${projectId}:${id}`

export interface DirectoryState {
  status: 'loading' | 'ready' | 'error'
  loadError: unknown
  refreshError: unknown
  data: Directory | null
  updatedAt: Date | null
  /** Row keys that changed in the last refetch; cleared FLASH_MS later. */
  flash: ReadonlySet<string>
  projectId: string | null
  tab: DirectoryTab
  query: string

  load(): Promise<void>
  refresh(): Promise<void>
  onChanged(): void
  dispose(): void
  setProject(id: string): void
  setTab(tab: DirectoryTab): void
  setQuery(q: string): void
}

export function createDirectoryStore(client: ControlClient): StoreApi<DirectoryState> {
  let seq = 0
  let prints: Map<string, string> | null = null

  return createStore<DirectoryState>()((set, get) => {
    const flashChanges = changeFlasher(() => get().flash, (flash) => set({ flash }))
    const refetch = debounced(() => void fetch('refresh'))
    async function fetch(mode: 'load' | 'refresh') {
      const mine = ++seq
      if (mode === 'load' && get().status !== 'ready') set({ status: 'loading', loadError: null })
      try {
        const data = await client.directory()
        if (mine !== seq) return
        const next = fingerprints(data)
        // Only a live refresh flashes rows: after a first load or a whole new workspace everything would.
        if (mode === 'refresh' && prints) flashChanges(prints, next)
        prints = next
        const projectId = data.projects.some((p) => p.id === get().projectId) ? get().projectId : (data.projects[0]?.id ?? null)
        set({ status: 'ready', data, updatedAt: new Date(), loadError: null, refreshError: null, projectId })
      } catch (e) {
        if (mine !== seq) return
        if (get().status === 'ready') set({ refreshError: e })
        else set({ status: 'error', loadError: e })
      }
    }

    return {
      status: 'loading',
      loadError: null,
      refreshError: null,
      data: null,
      updatedAt: null,
      flash: new Set(),
      projectId: null,
      tab: 'users',
      query: '',

      load: () => fetch('load'),
      refresh: () => fetch('refresh'),
      onChanged: () => refetch.schedule(),
      dispose: () => refetch.cancel(),
      setProject(projectId) {
        set({ projectId })
      },
      setTab(tab) {
        set({ tab })
      },
      setQuery(query) {
        set({ query })
      },
    }
  })
}

const stores = new WeakMap<ControlClient, StoreApi<DirectoryState>>()
export function directoryStoreFor(client: ControlClient): StoreApi<DirectoryState> {
  let s = stores.get(client)
  if (!s) stores.set(client, (s = createDirectoryStore(client)))
  return s
}
export function useDirectoryStore(): StoreApi<DirectoryState> {
  return directoryStoreFor(useClient())
}
export function useDirectory<T>(selector: (s: DirectoryState) => T): T {
  return useStore(useDirectoryStore(), selector)
}
