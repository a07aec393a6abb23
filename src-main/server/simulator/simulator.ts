import { randomBytes } from 'node:crypto'
import { runRequestSchema, type ProfileInfo, type Report, type RunEvent, type RunRequest, type Scenario, type ScenarioSummary } from '@shared/scenario'
import type { MemoryStore } from '../../core/store/memory-store'
import { builtInScenarios, parseScenarioDoc, profileInfoList } from './core'
import { embeddedTarget, type LogSource } from './embedded'
import { toJUnit } from './junit'
import { withoutExchanges } from './report'
import { createRun } from './run-factory'
import type { Run } from './runner'
import { loadScenarios, removeScenario, scenariosDir, writeScenario } from './scenario-store'
import { SimulatorError, type SimulatorService } from './service'
import { urlTarget } from './target'

/** Runs kept in memory (newest); older finished ones are forgotten, running ones never. */
export const MAX_RUNS = 50

export interface SimulatorDeps {
  /** The workspace file; saved scenarios live in `<dataFile>.scenarios/`. */
  dataFile: string
  store: MemoryStore
  log: LogSource
  /** Where this machine reaches the sandbox (the embedded target's base URL); known once listening. */
  localOrigin: () => string
}

const summary = (s: Scenario, builtIn: boolean): ScenarioSummary => ({ name: s.name, title: s.title, description: s.description, profile: s.profile, steps: s.steps.length, builtIn })

/** Short, unique enough within a sandbox's life, and safe in URLs, file names and a log header. */
const newRunId = () => `run-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`

/**
 * The simulator service over the runner: scenarios (built-in, then the user's saved files), runs kept in memory,
 * events fanned out to listeners. Loading problems become `warnings` (the sandbox prints them), never a failed start.
 */
export async function createSimulator(deps: SimulatorDeps): Promise<SimulatorService & { warnings: string[] }> {
  const dir = scenariosDir(deps.dataFile)
  const builtIns = new Map(builtInScenarios().map((s) => [s.name, s]))
  const { scenarios: saved, warnings } = await loadScenarios(dir, parseScenarioDoc)
  for (const name of [...saved.keys()]) {
    if (builtIns.has(name)) {
      saved.delete(name)
      warnings.push(`saved scenario ${name}.json in ${dir} skipped: a built-in scenario has that name`)
    }
  }
  const runs = new Map<string, Run>()
  const listeners = new Set<(e: RunEvent) => void>()
  let closing = false

  const emit = (e: RunEvent) => {
    for (const fn of listeners) {
      try {
        fn(e)
      } catch {
        // a listener's failure (a closed stream) is its own
      }
    }
  }

  const forgetOld = () => {
    if (runs.size <= MAX_RUNS) return
    // Map order is insertion order: the oldest first.
    for (const [id, run] of runs) {
      if (runs.size <= MAX_RUNS) break
      if (run.finished) runs.delete(id)
    }
  }

  const get = (id: string): Run => {
    const run = runs.get(id)
    if (!run) throw new SimulatorError(404, `no run "${id}" (the sandbox keeps the last ${MAX_RUNS} runs, until it restarts)`)
    return run
  }

  const resolveScenario = (s: RunRequest['scenario']): Scenario => {
    if (typeof s !== 'string') return s
    const found = builtIns.get(s) ?? saved.get(s)
    if (!found) throw new SimulatorError(404, `no scenario "${s}"`)
    return found
  }

  return {
    warnings,
    profiles: (): ProfileInfo[] => profileInfoList(),
    scenarios: () => [...[...builtIns.values()].map((s) => summary(s, true)), ...[...saved.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => summary(s, false))],
    scenario: (name) => builtIns.get(name) ?? saved.get(name),
    async saveScenario(scenario) {
      if (builtIns.has(scenario.name)) throw new SimulatorError(409, `"${scenario.name}" is a built-in scenario; save it under another name`)
      const r = parseScenarioDoc(scenario)
      if (!r.ok) throw new SimulatorError(400, `the scenario is invalid: ${r.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`)
      await writeScenario(dir, r.scenario)
      saved.set(r.scenario.name, r.scenario)
      return r.scenario
    },
    async deleteScenario(name) {
      if (builtIns.has(name)) throw new SimulatorError(409, `"${name}" is a built-in scenario and cannot be deleted`)
      const had = saved.delete(name)
      const removed = await removeScenario(dir, name)
      return had || removed
    },
    start(input) {
      if (closing) throw new SimulatorError(409, 'the sandbox is closing')
      const parsed = runRequestSchema.safeParse(input)
      if (!parsed.success) throw new SimulatorError(400, `the run request is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
      const request = parsed.data
      const scenario = resolveScenario(request.scenario)
      const runId = newRunId()
      let target
      if (request.target.kind === 'embedded') {
        const config = deps.store.get('scimConfigs', request.target.configId)
        if (!config) throw new SimulatorError(404, `no SCIM config "${request.target.configId}"`)
        target = embeddedTarget(config, { store: deps.store, log: deps.log, localOrigin: deps.localOrigin(), runId })
      } else target = urlTarget(request.target.baseUrl, request.target.token)
      const run = createRun({ runId, scenario, profileId: request.profile ?? scenario.profile, target, request, emit })
      runs.set(runId, run)
      forgetOld()
      run.start()
      return run.snapshot()
    },
    // Stripped before copying: 50 large reports would otherwise be cloned whole on every list.
    runs: () => [...runs.values()].reverse().map((r) => structuredClone(withoutExchanges(r.report))),
    run: (id) => runs.get(id)?.snapshot(),
    async step(id) {
      const run = get(id)
      if (run.status !== 'waiting') throw new SimulatorError(409, `run "${id}" is ${run.status}, not waiting for a step`)
      // Two clicks at once: the second finds the run already sending.
      return run.step().catch(() => {
        throw new SimulatorError(409, `run "${id}" is ${run.status}, not waiting for a step`)
      })
    },
    async stop(id): Promise<Report> {
      return get(id).stop()
    },
    junit: (id) => {
      const run = runs.get(id)
      return run ? toJUnit(run.snapshot()) : undefined
    },
    subscribe(fn) {
      listeners.add(fn)
      return () => {
        listeners.delete(fn)
      }
    },
    async close() {
      closing = true
      await Promise.all([...runs.values()].filter((r) => !r.finished).map((r) => r.stop()))
      listeners.clear()
    },
  }
}
