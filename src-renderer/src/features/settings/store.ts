import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Settings, WorkspaceInfo, WorkspaceReplaced } from '@shared/control'
import type { ControlClient } from '../../api/client'
import { useClient } from '../../app/client-context'

export type NewSecrets = NonNullable<WorkspaceReplaced['secrets']>

export const REFRESH_DEBOUNCE_MS = 250

export interface SettingsState {
  status: 'loading' | 'ready' | 'error'
  loadError: unknown
  refreshError: unknown
  info: WorkspaceInfo | null
  settings: Settings | null
  /** One-time secrets from a reset to the demo workspace (or an import that made some), until dismissed. */
  secrets: NewSecrets | null

  load(): Promise<void>
  onChanged(): void
  dispose(): void
  updateLogCapacity(logCapacity: number): Promise<void>
  exportSeed(): Promise<unknown>
  importSeed(seed: unknown): Promise<WorkspaceReplaced>
  reset(to: 'demo' | 'empty'): Promise<WorkspaceReplaced>
  dismissSecrets(): void
}

const hasSecrets = (s: WorkspaceReplaced['secrets']): s is NewSecrets => !!s && s.apiKeys.length + s.iamTokens.length + s.oauthClients.length > 0

export function createSettingsStore(client: ControlClient): StoreApi<SettingsState> {
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  return createStore<SettingsState>()((set, get) => {
    function replaced(r: WorkspaceReplaced) {
      if (r.info) set({ info: r.info, settings: r.info.settings })
      if (hasSecrets(r.secrets)) set({ secrets: r.secrets })
      void get().load()
      return r
    }
    return {
      status: 'loading',
      loadError: null,
      refreshError: null,
      info: null,
      settings: null,
      secrets: null,

      async load() {
        const mine = ++seq
        if (get().status !== 'ready') set({ status: 'loading', loadError: null })
        try {
          const [info, settings] = await Promise.all([client.info(), client.settings()])
          if (mine !== seq) return
          set({ status: 'ready', info, settings, loadError: null, refreshError: null })
        } catch (e) {
          if (mine !== seq) return
          if (get().status === 'ready') set({ refreshError: e })
          else set({ status: 'error', loadError: e })
        }
      },
      onChanged() {
        // Storage figures and counts move with every write; one refetch per burst is plenty.
        if (timer !== undefined) clearTimeout(timer)
        timer = setTimeout(() => {
          timer = undefined
          void get().load()
        }, REFRESH_DEBOUNCE_MS)
      },
      dispose() {
        if (timer !== undefined) clearTimeout(timer)
        timer = undefined
      },
      async updateLogCapacity(logCapacity) {
        const settings = await client.updateSettings({ logCapacity })
        const info = get().info
        set({ settings, info: info ? { ...info, settings, logCapacity: settings.logCapacity } : info })
      },
      exportSeed: () => client.exportSeed(),
      importSeed: async (seed) => replaced(await client.importSeed(seed)),
      reset: async (to) => replaced(await client.reset({ to })),
      dismissSecrets() {
        set({ secrets: null })
      },
    }
  })
}

const stores = new WeakMap<ControlClient, StoreApi<SettingsState>>()
export function settingsStoreFor(client: ControlClient): StoreApi<SettingsState> {
  let s = stores.get(client)
  if (!s) stores.set(client, (s = createSettingsStore(client)))
  return s
}
export function useSettingsStore(): StoreApi<SettingsState> {
  return settingsStoreFor(useClient())
}
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(useSettingsStore(), selector)
}
