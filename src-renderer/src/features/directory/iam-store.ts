import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { IamGraph, IamTenantView } from '@shared/control'
import type { DomainEvent } from '@shared/events'
import type { ControlClient } from '../../api/client'
import { useClient } from '../../app/client-context'
import { changeFlasher, debounced } from './live-refresh'

export type IamRole = IamGraph['roles'][number]
export type IamPermission = IamGraph['permissions'][number]
export type IamStatement = IamPermission['statements'][number]

/** Lookups by id for one graph, built once per fetch. */
export interface IamIndex {
  actions: Map<string, IamGraph['actions'][number]>
  resourceTypes: Map<string, IamGraph['resourceTypes'][number]>
  resources: Map<string, IamGraph['resources'][number]>
  permissions: Map<string, IamPermission>
  groups: Map<string, IamGraph['groups'][number]>
  users: Map<string, IamGraph['users'][number]>
  /** Resources of each resource type. */
  resourcesByType: Map<string, IamGraph['resources']>
  /** Roles that hold each user or group directly. */
  rolesByMember: Map<string, IamRole[]>
}

export function indexIamGraph(g: IamGraph): IamIndex {
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]))
  const resourcesByType = new Map<string, IamGraph['resources']>()
  for (const r of g.resources) resourcesByType.set(r.typeId, [...(resourcesByType.get(r.typeId) ?? []), r])
  const rolesByMember = new Map<string, IamRole[]>()
  for (const role of g.roles) for (const m of role.members) rolesByMember.set(m.id, [...(rolesByMember.get(m.id) ?? []), role])
  return {
    actions: byId(g.actions),
    resourceTypes: byId(g.resourceTypes),
    resources: byId(g.resources),
    permissions: byId(g.permissions),
    groups: byId(g.groups),
    users: byId(g.users),
    resourcesByType,
    rolesByMember,
  }
}

export const iamKey = (kind: 'action' | 'resourceType' | 'resource' | 'permission' | 'role' | 'group' | 'user', id: string) => `${kind}:${id}`

/**
 * One string per thing shown that changes when what is shown changes: a role's includes its permissions (a statement
 * added to a permission changes the role card), a resource type's its resources, so the right card or row flashes.
 */
function fingerprints(g: IamGraph): Map<string, string> {
  const ix = indexIamGraph(g)
  const out = new Map<string, string>()
  const drop = ({ createdAt: _c, updatedAt: _u, ...rest }: { createdAt: string; updatedAt: string }) => JSON.stringify(rest)
  for (const a of g.actions) out.set(iamKey('action', a.id), drop(a))
  for (const r of g.resources) out.set(iamKey('resource', r.id), drop(r))
  for (const p of g.permissions) out.set(iamKey('permission', p.id), drop(p))
  for (const t of g.resourceTypes) out.set(iamKey('resourceType', t.id), drop(t) + (ix.resourcesByType.get(t.id) ?? []).map(drop).join())
  for (const r of g.roles) out.set(iamKey('role', r.id), drop(r) + r.permissionIds.map((id) => (ix.permissions.has(id) ? drop(ix.permissions.get(id)!) : id)).join())
  for (const gr of g.groups) out.set(iamKey('group', gr.id), drop(gr))
  for (const u of g.users) out.set(iamKey('user', u.id), drop(u))
  return out
}

const concernsIam = (events: DomainEvent[]) => events.some((e) => e.type.startsWith('iam'))

export interface IamDirectoryState {
  status: 'loading' | 'ready' | 'error'
  loadError: unknown
  refreshError: unknown
  tenants: IamTenantView[]
  tenantId: string | null
  graph: IamGraph | null
  updatedAt: Date | null
  /** iamKey()s that changed in the last live refetch; cleared FLASH_MS later. */
  flash: ReadonlySet<string>
  /** Role ids whose cards are open. */
  expanded: ReadonlySet<string>

  load(): Promise<void>
  refresh(): Promise<void>
  onChanged(events: DomainEvent[]): void
  dispose(): void
  setTenant(id: string): void
  toggleRole(id: string): void
  setAllRoles(open: boolean): void
}

/**
 * The Directory's IAM tab: the tenants, the chosen tenant's graph, kept current by the live stream (IAM events refetch
 * it, debounced, and what changed flashes as the other Directory tabs' rows do).
 */
export function createIamDirectoryStore(client: ControlClient): StoreApi<IamDirectoryState> {
  let seq = 0
  /** The fingerprints of the graph on screen, and whose tenant they are. */
  let prints: { tenantId: string; map: Map<string, string> } | null = null

  return createStore<IamDirectoryState>()((set, get) => {
    const flashChanges = changeFlasher(() => get().flash, (flash) => set({ flash }))
    const refetch = debounced(() => void fetch('refresh'))
    async function fetch(mode: 'load' | 'refresh', wanted?: string) {
      const mine = ++seq
      if (mode === 'load' && get().status !== 'ready') set({ status: 'loading', loadError: null })
      try {
        const tenants = await client.listIamTenants()
        const want = wanted ?? get().tenantId
        const tenantId = tenants.some((t) => t.id === want) ? want : (tenants[0]?.id ?? null)
        const graph = tenantId === null ? null : await client.iamGraph(tenantId)
        if (mine !== seq) return
        const next = graph ? fingerprints(graph) : new Map<string, string>()
        // Only a live refresh of the same tenant flashes: a first load or a tenant switch would flash everything.
        if (mode === 'refresh' && prints && prints.tenantId === tenantId) flashChanges(prints.map, next)
        prints = tenantId === null ? null : { tenantId, map: next }
        set({ status: 'ready', tenants, tenantId, graph, updatedAt: new Date(), loadError: null, refreshError: null })
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
      tenants: [],
      tenantId: null,
      graph: null,
      updatedAt: null,
      flash: new Set(),
      expanded: new Set(),

      load: () => fetch('load'),
      refresh: () => fetch('refresh'),
      onChanged(events) {
        if (concernsIam(events)) refetch.schedule()
      },
      dispose: () => refetch.cancel(),
      setTenant(id) {
        if (id === get().tenantId) return
        set({ tenantId: id, graph: null, expanded: new Set(), flash: new Set() })
        void fetch('load', id)
      },
      toggleRole(id) {
        const expanded = new Set(get().expanded)
        if (!expanded.delete(id)) expanded.add(id)
        set({ expanded })
      },
      setAllRoles(open) {
        set({ expanded: new Set(open ? (get().graph?.roles ?? []).map((r) => r.id) : []) })
      },
    }
  })
}

const stores = new WeakMap<ControlClient, StoreApi<IamDirectoryState>>()
export function iamDirectoryStoreFor(client: ControlClient): StoreApi<IamDirectoryState> {
  let s = stores.get(client)
  if (!s) stores.set(client, (s = createIamDirectoryStore(client)))
  return s
}
export function useIamDirectoryStore(): StoreApi<IamDirectoryState> {
  return iamDirectoryStoreFor(useClient())
}
export function useIamDirectory<T>(selector: (s: IamDirectoryState) => T): T {
  return useStore(useIamDirectoryStore(), selector)
}
