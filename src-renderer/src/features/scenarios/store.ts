import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ControlIssue, ScimConfigView } from '@shared/control'
import type { DomainEvent } from '@shared/events'
import { runTargetSchema, type ProfileId, type ProfileInfo, type Report, type RunEvent, type RunTarget, type Scenario, type ScenarioSummary } from '@shared/scenario'
import type { ControlClient } from '../../api/client'
import { saveTextFile } from '../../api/connection'
import { useClient } from '../../app/client-context'
import { issuesByField, type FieldErrors } from '../../ui/form-errors'
import { applyEvent, applyReport, isTerminal, parseScenarioFile, type RunView } from './run-model'

export const REFRESH_DEBOUNCE_MS = 250
/** While a compare waits for a run to end, it also asks now and then, in case the stream dropped an event. */
export const COMPARE_POLL_MS = 1500

export interface TargetDraft {
  kind: 'embedded' | 'url'
  configId: string
  baseUrl: string
  token: string
}

export type Preview = { state: 'loading' } | { state: 'ok'; scenario: Scenario } | { state: 'error'; error: unknown }

export interface CompareState {
  scenario: string | null
  left: ProfileId
  right: ProfileId
  runIds: [string | null, string | null]
  /** Each run's own email domain prefix (see startCompare), taken out again when the two are compared. */
  tags: [string, string] | null
  phase: 'idle' | 'left' | 'right' | 'done'
  error: unknown
}

export interface ScenariosState {
  status: 'loading' | 'ready' | 'error'
  loadError: unknown
  refreshError: unknown
  profiles: ProfileInfo[]
  scenarios: ScenarioSummary[]
  configs: ScimConfigView[]
  recent: Report[]

  profile: ProfileId | null
  /** The chosen scenario: a built-in or saved name, or the imported file (`imported`). */
  scenarioName: string | null
  imported: { fileName: string; scenario: Scenario } | null
  importErrors: { fileName: string; issues: ControlIssue[] } | null
  /** Scenario documents fetched for previews, by name. */
  docs: Record<string, Preview>
  target: TargetDraft
  targetErrors: FieldErrors

  runs: Record<string, RunView>
  currentRunId: string | null
  busy: null | 'start' | 'step' | 'stop' | 'save' | 'delete' | 'export' | 'open'
  /** The setup column; folded away when a step-by-step run starts, so the request and its answer get the width. */
  setupOpen: boolean
  actionError: unknown
  notice: string | null

  compare: CompareState

  load(): Promise<void>
  dispose(): void
  onChanged(events: DomainEvent[]): void
  onRun(events: RunEvent[]): void

  selectProfile(id: ProfileId): void
  selectScenario(name: string): void
  selectImported(): void
  importFile(fileName: string, text: string): void
  saveImported(): Promise<void>
  discardImported(): void
  dismissImportErrors(): void
  deleteScenario(name: string): Promise<void>
  setTarget(patch: Partial<TargetDraft>): void

  start(mode: 'run' | 'step'): Promise<void>
  step(): Promise<void>
  stop(id?: string): Promise<void>
  openRun(id: string): Promise<void>
  exportReport(id?: string): Promise<void>
  exportJunit(id?: string): Promise<void>
  dismissError(): void
  setSetupOpen(open: boolean): void

  setCompare(patch: Partial<Pick<CompareState, 'scenario' | 'left' | 'right'>>): void
  startCompare(): Promise<void>
}

/** The scenario a profile shows first: its lifecycle when there is one. */
function firstFor(scenarios: ScenarioSummary[], profile: ProfileId): ScenarioSummary | undefined {
  const mine = scenarios.filter((s) => s.profile === profile)
  return mine.find((s) => s.builtIn && s.name.endsWith('-lifecycle')) ?? mine[0]
}

/** The default target: the first Project SCIM config (the demo's acme-okta), else any. */
function defaultConfig(configs: ScimConfigView[]): string {
  return (configs.find((c) => c.kind === 'project') ?? configs[0])?.id ?? ''
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-')

/** The scenario with every address on its domain moved to `<tag>.<domain>` (generated users follow `domain`). */
export function ownDomain(doc: Scenario, tag: string): Scenario {
  const moved = JSON.stringify(doc).split(`@${doc.domain}"`).join(`@${tag}.${doc.domain}"`)
  return { ...(JSON.parse(moved) as Scenario), domain: `${tag}.${doc.domain}` }
}

/** Takes a compare's per-run domain tags out again, so the two runs' requests compare on their dialect alone. */
export function untag(tags: [string, string] | null): ((text: string) => string) | undefined {
  if (!tags) return undefined
  return (text) => text.split(`${tags[0]}.`).join('').split(`${tags[1]}.`).join('')
}

export function createScenariosStore(client: ControlClient): StoreApi<ScenariosState> {
  let loadSeq = 0
  let configTimer: ReturnType<typeof setTimeout> | undefined
  let recentTimer: ReturnType<typeof setTimeout> | undefined
  let compareSeq = 0

  const store: StoreApi<ScenariosState> = createStore<ScenariosState>()((set, get) => {
    const view = (id: string | null) => (id ? get().runs[id] : undefined)
    const putReport = (r: Report) => set((s) => ({ runs: { ...s.runs, [r.runId]: applyReport(s.runs[r.runId], r) } }))

    async function fetchDoc(name: string) {
      const known = get().docs[name]
      if (known && known.state !== 'error') return
      set((s) => ({ docs: { ...s.docs, [name]: { state: 'loading' } } }))
      try {
        const scenario = await client.scenario(name)
        set((s) => ({ docs: { ...s.docs, [name]: { state: 'ok', scenario } } }))
      } catch (error) {
        set((s) => ({ docs: { ...s.docs, [name]: { state: 'error', error } } }))
      }
    }

    async function refreshRecent() {
      try {
        set({ recent: await client.runs() })
      } catch (e) {
        set({ refreshError: e })
      }
    }
    function refreshRecentSoon() {
      if (recentTimer !== undefined) clearTimeout(recentTimer)
      recentTimer = setTimeout(() => {
        recentTimer = undefined
        void refreshRecent()
      }, REFRESH_DEBOUNCE_MS)
    }

    /** The run target from the form, or the form's errors. */
    function target(): RunTarget | null {
      const t = get().target
      const draft = t.kind === 'embedded' ? { kind: 'embedded', configId: t.configId } : { kind: 'url', baseUrl: t.baseUrl.trim(), token: t.token.trim() }
      const r = runTargetSchema.safeParse(draft)
      if (r.success) {
        set({ targetErrors: {} })
        return r.data
      }
      const errors = issuesByField(r.error.issues.map((i) => ({ path: i.path.slice(0), message: i.message })))
      if (errors.configId) errors.configId = 'Choose a SCIM config of this sandbox'
      if (errors.baseUrl) errors.baseUrl = 'A full URL, e.g. https://scim.example.com/scim/v2'
      if (errors.token) errors.token = 'The bearer token the server expects'
      set({ targetErrors: errors })
      return null
    }

    /** Resolves once the run has ended (stream events, with a poll behind them). */
    function waitForEnd(id: string, mine: number): Promise<void> {
      return new Promise((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const done = () => {
          unsub()
          if (timer !== undefined) clearTimeout(timer)
          resolve()
        }
        const ended = () => {
          const v = get().runs[id]
          return !v || isTerminal(v.report.status) || mine !== compareSeq
        }
        const unsub = store.subscribe(() => {
          if (ended()) done()
        })
        const poll = () => {
          timer = setTimeout(async () => {
            if (ended()) return done()
            try {
              putReport(await client.run(id))
            } catch {
              // the stream may still bring it; the next poll tries again
            }
            if (ended()) done()
            else poll()
          }, COMPARE_POLL_MS)
        }
        if (ended()) done()
        else poll()
      })
    }

    return {
      status: 'loading',
      loadError: null,
      refreshError: null,
      profiles: [],
      scenarios: [],
      configs: [],
      recent: [],
      profile: null,
      scenarioName: null,
      imported: null,
      importErrors: null,
      docs: {},
      target: { kind: 'embedded', configId: '', baseUrl: '', token: '' },
      targetErrors: {},
      runs: {},
      currentRunId: null,
      busy: null,
      setupOpen: true,
      actionError: null,
      notice: null,
      compare: { scenario: null, left: 'entra-legacy', right: 'entra-flag', runIds: [null, null], tags: null, phase: 'idle', error: null },

      async load() {
        const mine = ++loadSeq
        if (get().status !== 'ready') set({ status: 'loading', loadError: null })
        try {
          const [profiles, scenarios, configs, recent] = await Promise.all([client.profiles(), client.scenarios(), client.listConfigs(), client.runs()])
          if (mine !== loadSeq) return
          const s = get()
          const keep = s.scenarioName && scenarios.some((x) => x.name === s.scenarioName) ? s.scenarioName : null
          const chosen = keep ?? (scenarios.find((x) => x.builtIn && x.name.endsWith('-lifecycle')) ?? scenarios[0])?.name ?? null
          const chosenProfile = s.profile ?? scenarios.find((x) => x.name === chosen)?.profile ?? profiles[0]?.id ?? null
          const configId = configs.some((c) => c.id === s.target.configId) ? s.target.configId : defaultConfig(configs)
          const compareScenario = s.compare.scenario && scenarios.some((x) => x.name === s.compare.scenario) ? s.compare.scenario : (firstFor(scenarios, 'entra-legacy') ?? scenarios[0])?.name ?? null
          set({
            status: 'ready',
            loadError: null,
            refreshError: null,
            profiles,
            scenarios,
            configs,
            recent,
            scenarioName: s.imported && !keep && s.scenarioName === null ? null : chosen,
            profile: chosenProfile,
            target: { ...s.target, configId },
            compare: { ...s.compare, scenario: compareScenario },
          })
          if (chosen && !s.imported) void fetchDoc(chosen)
        } catch (e) {
          if (mine !== loadSeq) return
          if (get().status === 'ready') set({ refreshError: e })
          else set({ status: 'error', loadError: e })
        }
      },
      dispose() {
        if (configTimer !== undefined) clearTimeout(configTimer)
        if (recentTimer !== undefined) clearTimeout(recentTimer)
        configTimer = recentTimer = undefined
      },
      onChanged(events) {
        // Only config changes matter here (the target list); a burst of provisioning does not.
        if (!events.some((e) => e.type.startsWith('config.') || e.type === 'workspace.replaced')) return
        if (configTimer !== undefined) clearTimeout(configTimer)
        configTimer = setTimeout(async () => {
          configTimer = undefined
          try {
            const configs = await client.listConfigs()
            const t = get().target
            set({ configs, target: configs.some((c) => c.id === t.configId) ? t : { ...t, configId: defaultConfig(configs) } })
          } catch (e) {
            set({ refreshError: e })
          }
        }, REFRESH_DEBOUNCE_MS)
      },
      onRun(events) {
        let runs = get().runs
        let recentChanged = false
        for (const e of events) {
          const next = applyEvent(runs[e.runId], e)
          if (next && next !== runs[e.runId]) runs = { ...runs, [e.runId]: next }
          if (e.type === 'started' || e.type === 'finished') recentChanged = true
        }
        if (runs !== get().runs) set({ runs })
        if (recentChanged) refreshRecentSoon()
      },

      selectProfile(id) {
        const s = get()
        const current = s.scenarios.find((x) => x.name === s.scenarioName)
        set({ profile: id })
        // A profile's own scenario follows it, unless the chosen one is imported or already for this profile.
        if (!s.imported || s.scenarioName !== null) {
          if (!current || current.profile !== id) {
            const next = firstFor(s.scenarios, id)
            if (next) get().selectScenario(next.name)
            set({ profile: id })
          }
        }
      },
      selectScenario(name) {
        const summary = get().scenarios.find((x) => x.name === name)
        set({ scenarioName: name, ...(summary ? { profile: summary.profile } : {}) })
        void fetchDoc(name)
      },
      selectImported() {
        const imp = get().imported
        if (imp) set({ scenarioName: null, profile: imp.scenario.profile })
      },
      importFile(fileName, text) {
        const r = parseScenarioFile(text)
        if (!r.ok) {
          set({ importErrors: { fileName, issues: r.issues } })
          return
        }
        set({ imported: { fileName, scenario: r.scenario }, importErrors: null, scenarioName: null, profile: r.scenario.profile, notice: null })
      },
      async saveImported() {
        const imp = get().imported
        if (!imp) return
        set({ busy: 'save', actionError: null })
        try {
          const saved = await client.saveScenario(imp.scenario)
          const scenarios = await client.scenarios()
          set((s) => ({ scenarios, imported: null, scenarioName: saved.name, docs: { ...s.docs, [saved.name]: { state: 'ok', scenario: saved } }, notice: `Saved "${saved.title}" to the sandbox as ${saved.name}` }))
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      discardImported() {
        const s = get()
        set({ imported: null })
        if (s.scenarioName === null) {
          const first = (s.profile && firstFor(s.scenarios, s.profile)) || s.scenarios[0]
          if (first) get().selectScenario(first.name)
        }
      },
      dismissImportErrors() {
        set({ importErrors: null })
      },
      async deleteScenario(name) {
        set({ busy: 'delete', actionError: null })
        try {
          await client.deleteScenario(name)
          const scenarios = await client.scenarios()
          const s = get()
          set((st) => {
            const docs = { ...st.docs }
            delete docs[name]
            return { scenarios, docs, notice: `Deleted the saved scenario ${name}` }
          })
          if (s.scenarioName === name) {
            const next = (s.profile && firstFor(scenarios, s.profile)) || scenarios[0]
            if (next) get().selectScenario(next.name)
            else set({ scenarioName: null })
          }
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      setTarget(patch) {
        set((s) => ({ target: { ...s.target, ...patch }, targetErrors: {} }))
      },

      async start(mode) {
        const s = get()
        const t = target()
        if (!t) return
        const scenario = s.scenarioName ?? s.imported?.scenario
        if (!scenario) {
          set({ actionError: new Error('Choose a scenario first') })
          return
        }
        set({ busy: 'start', actionError: null, notice: null })
        try {
          const report = await client.startRun({ scenario, profile: s.profile ?? undefined, target: t, mode })
          putReport(report)
          set({ currentRunId: report.runId, ...(mode === 'step' ? { setupOpen: false } : {}) })
          if (s.imported && s.scenarioName === null) set((st) => ({ docs: { ...st.docs, [report.scenario]: { state: 'ok', scenario: s.imported!.scenario } } }))
          refreshRecentSoon()
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      async step() {
        const id = get().currentRunId
        if (!id || get().busy) return
        set({ busy: 'step', actionError: null })
        try {
          putReport(await client.stepRun(id))
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      async stop(id = get().currentRunId ?? undefined) {
        if (!id) return
        set({ busy: 'stop', actionError: null })
        try {
          putReport(await client.stopRun(id))
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      async openRun(id) {
        set({ busy: 'open', actionError: null, currentRunId: id })
        try {
          const r = await client.run(id)
          putReport(r)
          void fetchDoc(r.scenario)
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      async exportReport(id = get().currentRunId ?? undefined) {
        const v = view(id ?? null)
        if (!id || !v) return
        set({ busy: 'export', actionError: null })
        try {
          const text = await client.runReport(id)
          const where = await saveTextFile(`scim-sandbox-${fileSafe(v.report.scenario)}-${fileSafe(id)}.report.json`, text, 'application/json')
          if (where) set({ notice: `Report saved: ${where}` })
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      async exportJunit(id = get().currentRunId ?? undefined) {
        const v = view(id ?? null)
        if (!id || !v) return
        set({ busy: 'export', actionError: null })
        try {
          const xml = await client.runJunit(id)
          const where = await saveTextFile(`scim-sandbox-${fileSafe(v.report.scenario)}-${fileSafe(id)}.junit.xml`, xml, 'application/xml')
          if (where) set({ notice: `JUnit XML saved: ${where}` })
        } catch (e) {
          set({ actionError: e })
        } finally {
          set({ busy: null })
        }
      },
      dismissError() {
        set({ actionError: null, refreshError: null })
      },
      setSetupOpen(open) {
        set({ setupOpen: open })
      },

      setCompare(patch) {
        set((s) => ({ compare: { ...s.compare, ...patch } }))
      },
      async startCompare() {
        const c = get().compare
        const t = target()
        if (!t || !c.scenario) return
        const mine = ++compareSeq
        const stamp = Date.now().toString(36)
        const tags: [string, string] = [`cmp-${stamp}-a`, `cmp-${stamp}-b`]
        set({ compare: { ...c, runIds: [null, null], tags, phase: 'left', error: null } })
        try {
          const doc = await client.scenario(c.scenario)
          // Each run gets its users on its own email domain: a run on the same target after another would otherwise
          // find the first one's users and take another path (link instead of create), which is not the dialect.
          // One after the other, too: two runs at once would interleave on the target's directory.
          const a = await client.startRun({ scenario: ownDomain(doc, tags[0]), profile: c.left, target: t, mode: 'run' })
          putReport(a)
          set((s) => ({ compare: { ...s.compare, runIds: [a.runId, null] } }))
          await waitForEnd(a.runId, mine)
          if (mine !== compareSeq) return
          set((s) => ({ compare: { ...s.compare, phase: 'right' } }))
          const b = await client.startRun({ scenario: ownDomain(doc, tags[1]), profile: c.right, target: t, mode: 'run' })
          putReport(b)
          set((s) => ({ compare: { ...s.compare, runIds: [a.runId, b.runId] } }))
          await waitForEnd(b.runId, mine)
          if (mine !== compareSeq) return
          set((s) => ({ compare: { ...s.compare, phase: 'done' } }))
          refreshRecentSoon()
        } catch (e) {
          if (mine === compareSeq) set((s) => ({ compare: { ...s.compare, phase: 'idle', error: e } }))
        }
      },
    }
  })
  return store
}

const stores = new WeakMap<ControlClient, StoreApi<ScenariosState>>()
export function scenariosStoreFor(client: ControlClient): StoreApi<ScenariosState> {
  let s = stores.get(client)
  if (!s) stores.set(client, (s = createScenariosStore(client)))
  return s
}
export function useScenariosStore(): StoreApi<ScenariosState> {
  return scenariosStoreFor(useClient())
}
export function useScenarios<T>(selector: (s: ScenariosState) => T): T {
  return useStore(useScenariosStore(), selector)
}
