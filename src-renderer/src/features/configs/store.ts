import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type {
  ProjectInput,
  ProjectView,
  ScimConfigInput,
  ScimConfigPatch,
  ScimConfigView,
  StatusPageInput,
  StatusPageView,
  TeamInput,
  TeamView,
  WorkspaceInfo,
} from '@shared/control'
import type { Compatibility } from '@shared/workspace'
import type { DomainEvent } from '@shared/events'
import type { ControlClient } from '../../api/client'
import { useClient } from '../../app/client-context'

/** What the right-hand pane shows. */
export type Selection = { kind: 'config'; id: string } | { kind: 'new' } | { kind: 'projects' } | null
export type DetailTab = 'settings' | 'okta' | 'entra' | 'cloud'

/** The editable settings of a config, as the form holds them. */
export interface ConfigDraft {
  name: string
  description: string
  autoProvisionUsers: boolean
  autoDeprovisionUsers: boolean
  compatibility: Compatibility
  defaultTeams: string[]
  enablePushGroups: boolean
}

export interface NewConfigDraft extends ConfigDraft {
  kind: 'project' | 'statusPage'
  projectId: string
  statusPageId: string
  id: string
  bearerToken: string
}

export const CONFIG_FIELDS = ['name', 'description', 'autoProvisionUsers', 'autoDeprovisionUsers', 'compatibility', 'defaultTeams', 'enablePushGroups'] as const

export function draftOf(c: ScimConfigView): ConfigDraft {
  return {
    name: c.name,
    description: c.description,
    autoProvisionUsers: c.autoProvisionUsers,
    autoDeprovisionUsers: c.autoDeprovisionUsers,
    compatibility: c.compatibility,
    defaultTeams: [...c.defaultTeams],
    enablePushGroups: c.enablePushGroups,
  }
}

const sameTeams = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')

/** The fields of `draft` that differ from the saved config: the PATCH body. Status Page SCIM has no teams or groups. */
export function patchOf(c: ScimConfigView, draft: ConfigDraft): ScimConfigPatch {
  const saved = draftOf(c)
  const patch: ScimConfigPatch = {}
  if (draft.name !== saved.name) patch.name = draft.name
  if (draft.description !== saved.description) patch.description = draft.description
  if (draft.autoProvisionUsers !== saved.autoProvisionUsers) patch.autoProvisionUsers = draft.autoProvisionUsers
  if (draft.autoDeprovisionUsers !== saved.autoDeprovisionUsers) patch.autoDeprovisionUsers = draft.autoDeprovisionUsers
  if (draft.compatibility !== saved.compatibility) patch.compatibility = draft.compatibility
  if (c.kind === 'project') {
    if (!sameTeams(draft.defaultTeams, saved.defaultTeams)) patch.defaultTeams = draft.defaultTeams
    if (draft.enablePushGroups !== saved.enablePushGroups) patch.enablePushGroups = draft.enablePushGroups
  }
  return patch
}

export function emptyNewDraft(projectId = '', statusPageId = ''): NewConfigDraft {
  return {
    kind: 'project',
    projectId,
    statusPageId,
    id: '',
    bearerToken: '',
    name: '',
    description: '',
    autoProvisionUsers: true,
    autoDeprovisionUsers: true,
    compatibility: 'tolerant',
    defaultTeams: [],
    enablePushGroups: false,
  }
}

/** The create body for a draft: optional fields left empty are left out (the server makes an id and a token). */
export function inputOf(d: NewConfigDraft): ScimConfigInput {
  const common = {
    projectId: d.projectId,
    name: d.name,
    description: d.description,
    autoProvisionUsers: d.autoProvisionUsers,
    autoDeprovisionUsers: d.autoDeprovisionUsers,
    compatibility: d.compatibility,
    ...(d.id.trim() ? { id: d.id.trim() } : {}),
    ...(d.bearerToken ? { bearerToken: d.bearerToken } : {}),
  }
  return d.kind === 'project'
    ? { kind: 'project', ...common, defaultTeams: d.defaultTeams, enablePushGroups: d.enablePushGroups }
    : { kind: 'statusPage', ...common, statusPageId: d.statusPageId }
}

/** Domain events after which projects, teams and status pages are fetched again (besides the configs). */
const STRUCTURE_EVENT = /^(project|team|statusPage)\./

export interface ConfigsState {
  status: 'loading' | 'ready' | 'error'
  /** Why the first load failed (the screen shows it with Retry). */
  loadError: unknown
  /** A later refetch that failed; the data on screen stays. */
  refreshError: unknown
  configs: ScimConfigView[]
  projects: ProjectView[]
  teams: Record<string, TeamView[]>
  statusPages: Record<string, StatusPageView[]>
  info: WorkspaceInfo | null
  selection: Selection
  tab: DetailTab
  /** Unsaved edits per config id; they survive refetches and workspace reloads. */
  drafts: Record<string, ConfigDraft>
  newDraft: NewConfigDraft | null
  /** Tokens shown in clear (a freshly rotated one is). */
  revealed: Record<string, boolean>
  /** Configs whose token was just rotated: the note about updating IdPs shows. */
  rotated: Record<string, boolean>

  load(): Promise<void>
  refreshConfigs(): Promise<void>
  refreshStructure(): Promise<void>
  /** Live: a debounced refetch after `changed` events (counts change as an IdP provisions). */
  onChanged(events: DomainEvent[]): void
  dispose(): void

  select(sel: Selection): void
  setTab(tab: DetailTab): void
  editDraft(id: string, patch: Partial<ConfigDraft>): void
  revert(id: string): void
  editNew(patch: Partial<NewConfigDraft>): void
  setRevealed(id: string, v: boolean): void

  saveConfig(id: string): Promise<void>
  createConfig(input: ScimConfigInput): Promise<ScimConfigView>
  deleteConfig(id: string): Promise<void>
  rotateToken(id: string): Promise<void>

  createProject(input: ProjectInput): Promise<ProjectView>
  renameProject(id: string, name: string): Promise<void>
  deleteProject(id: string): Promise<void>
  createTeam(projectId: string, input: TeamInput): Promise<TeamView>
  renameTeam(id: string, name: string): Promise<void>
  deleteTeam(id: string): Promise<void>
  createStatusPage(projectId: string, input: StatusPageInput): Promise<StatusPageView>
  renameStatusPage(id: string, name: string): Promise<void>
  deleteStatusPage(id: string): Promise<void>
}

export const REFRESH_DEBOUNCE_MS = 250

export function createConfigsStore(client: ControlClient): StoreApi<ConfigsState> {
  // A newer fetch wins over an older one that answers late.
  let configsSeq = 0
  let structureSeq = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let structurePending = false

  return createStore<ConfigsState>()((set, get) => {
    async function fetchStructure(projects: ProjectView[]) {
      const [teams, pages] = await Promise.all([
        Promise.all(projects.map((p) => client.listTeams(p.id))),
        Promise.all(projects.map((p) => client.listStatusPages(p.id))),
      ])
      return {
        teams: Object.fromEntries(projects.map((p, i) => [p.id, teams[i]])),
        statusPages: Object.fromEntries(projects.map((p, i) => [p.id, pages[i]])),
      }
    }
    function keepSelection(configs: ScimConfigView[], projects: ProjectView[]): Selection {
      const sel = get().selection
      if (sel?.kind === 'config' && configs.some((c) => c.id === sel.id)) return sel
      if (sel?.kind === 'new' || sel?.kind === 'projects') return sel
      if (configs.length) return { kind: 'config', id: configs[0].id }
      return projects.length ? null : { kind: 'projects' }
    }
    function upsert(c: ScimConfigView) {
      const configs = get().configs
      set({ configs: configs.some((x) => x.id === c.id) ? configs.map((x) => (x.id === c.id ? c : x)) : [...configs, c] })
    }
    async function afterStructureChange() {
      await Promise.all([get().refreshStructure(), get().refreshConfigs()])
    }

    return {
      status: 'loading',
      loadError: null,
      refreshError: null,
      configs: [],
      projects: [],
      teams: {},
      statusPages: {},
      info: null,
      selection: null,
      tab: 'settings',
      drafts: {},
      newDraft: null,
      revealed: {},
      rotated: {},

      async load() {
        const seq = ++configsSeq
        const sseq = ++structureSeq
        if (get().status !== 'ready') set({ status: 'loading', loadError: null })
        try {
          const [configs, projects, info] = await Promise.all([client.listConfigs(), client.listProjects(), client.info()])
          const structure = await fetchStructure(projects)
          // A live refetch that started meanwhile has the newer answer for its part; keep that part.
          const fresh = seq === configsSeq ? { configs } : { configs: get().configs }
          const freshStructure = sseq === structureSeq ? { projects, ...structure } : {}
          set({ status: 'ready', loadError: null, refreshError: null, info, ...fresh, ...freshStructure })
          set({ selection: keepSelection(get().configs, get().projects) })
        } catch (e) {
          if (get().status === 'ready') set({ refreshError: e })
          else set({ status: 'error', loadError: e })
        }
      },

      async refreshConfigs() {
        const seq = ++configsSeq
        try {
          const configs = await client.listConfigs()
          if (seq !== configsSeq) return
          set({ configs, refreshError: null, selection: keepSelection(configs, get().projects) })
        } catch (e) {
          if (seq === configsSeq) set({ refreshError: e })
        }
      },

      async refreshStructure() {
        const seq = ++structureSeq
        try {
          const projects = await client.listProjects()
          const structure = await fetchStructure(projects)
          if (seq !== structureSeq) return
          set({ projects, ...structure, refreshError: null })
        } catch (e) {
          if (seq === structureSeq) set({ refreshError: e })
        }
      },

      onChanged(events) {
        if (events.some((e) => STRUCTURE_EVENT.test(e.type))) structurePending = true
        if (timer !== undefined) clearTimeout(timer)
        timer = setTimeout(() => {
          timer = undefined
          const structure = structurePending
          structurePending = false
          void get().refreshConfigs()
          if (structure) void get().refreshStructure()
        }, REFRESH_DEBOUNCE_MS)
      },

      dispose() {
        if (timer !== undefined) clearTimeout(timer)
        timer = undefined
      },

      select(selection) {
        if (selection?.kind === 'new' && !get().newDraft) {
          const p = get().projects[0]
          set({ newDraft: emptyNewDraft(p?.id ?? '', (p && get().statusPages[p.id]?.[0]?.id) ?? '') })
        }
        set({ selection })
      },
      setTab(tab) {
        set({ tab })
      },
      editDraft(id, patch) {
        const c = get().configs.find((x) => x.id === id)
        if (!c) return
        const base = get().drafts[id] ?? draftOf(c)
        set({ drafts: { ...get().drafts, [id]: { ...base, ...patch } } })
      },
      revert(id) {
        const { [id]: _gone, ...rest } = get().drafts
        set({ drafts: rest })
      },
      editNew(patch) {
        set({ newDraft: { ...(get().newDraft ?? emptyNewDraft()), ...patch } })
      },
      setRevealed(id, v) {
        set({ revealed: { ...get().revealed, [id]: v } })
      },

      async saveConfig(id) {
        const c = get().configs.find((x) => x.id === id)
        const draft = get().drafts[id]
        if (!c || !draft) return
        const saved = await client.updateConfig(id, patchOf(c, draft))
        upsert(saved)
        get().revert(id)
      },
      async createConfig(input) {
        const c = await client.createConfig(input)
        upsert(c)
        set({ newDraft: null, selection: { kind: 'config', id: c.id }, tab: 'settings' })
        return c
      },
      async deleteConfig(id) {
        await client.deleteConfig(id)
        const configs = get().configs.filter((c) => c.id !== id)
        get().revert(id)
        set({ configs, selection: configs.length ? { kind: 'config', id: configs[0].id } : null })
        void get().refreshStructure()
      },
      async rotateToken(id) {
        const c = await client.rotateToken(id)
        upsert(c)
        set({ revealed: { ...get().revealed, [id]: true }, rotated: { ...get().rotated, [id]: true } })
      },

      async createProject(input) {
        const p = await client.createProject(input)
        set({ projects: [...get().projects, p], teams: { ...get().teams, [p.id]: [] }, statusPages: { ...get().statusPages, [p.id]: [] } })
        return p
      },
      async renameProject(id, name) {
        await client.updateProject(id, { name })
        await afterStructureChange()
      },
      async deleteProject(id) {
        await client.deleteProject(id)
        await afterStructureChange()
      },
      async createTeam(projectId, input) {
        const t = await client.createTeam(projectId, input)
        const teams = get().teams
        set({ teams: { ...teams, [projectId]: [...(teams[projectId] ?? []), t] } })
        return t
      },
      async renameTeam(id, name) {
        await client.updateTeam(id, { name })
        await get().refreshStructure()
      },
      async deleteTeam(id) {
        await client.deleteTeam(id)
        await afterStructureChange()
      },
      async createStatusPage(projectId, input) {
        const s = await client.createStatusPage(projectId, input)
        const pages = get().statusPages
        set({ statusPages: { ...pages, [projectId]: [...(pages[projectId] ?? []), s] } })
        return s
      },
      async renameStatusPage(id, name) {
        await client.updateStatusPage(id, { name })
        await afterStructureChange()
      },
      async deleteStatusPage(id) {
        await client.deleteStatusPage(id)
        await afterStructureChange()
      },
    }
  })
}

// One store per client: it outlives the screen (switching to the log and back keeps unsaved edits), and each test's
// fresh fake gets a fresh store.
const stores = new WeakMap<ControlClient, StoreApi<ConfigsState>>()
export function configsStoreFor(client: ControlClient): StoreApi<ConfigsState> {
  let s = stores.get(client)
  if (!s) stores.set(client, (s = createConfigsStore(client)))
  return s
}

export function useConfigsStore(): StoreApi<ConfigsState> {
  return configsStoreFor(useClient())
}
export function useConfigs<T>(selector: (s: ConfigsState) => T): T {
  return useStore(useConfigsStore(), selector)
}
