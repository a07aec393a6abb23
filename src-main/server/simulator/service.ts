import type { ProfileInfo, Report, RunEvent, RunRequest, Scenario, ScenarioSummary } from '@shared/scenario'

/**
 * The simulator as the rest of the server sees it: the control API's /profiles, /scenarios and /runs routes call
 * this and nothing else; the CLI uses the same runner underneath. Implemented in ./simulator.ts.
 */
export interface SimulatorService {
  profiles(): ProfileInfo[]
  /** Built-in first, then saved ones. */
  scenarios(): ScenarioSummary[]
  scenario(name: string): Scenario | undefined
  /** Saves a user's scenario; throws SimulatorError(409) for a built-in name. */
  saveScenario(scenario: Scenario): Promise<Scenario>
  /** False when there was no saved scenario of that name (built-ins cannot be deleted: SimulatorError(409)). */
  deleteScenario(name: string): Promise<boolean>
  /** Starts a run (step mode: waits before the first request). Throws SimulatorError(404) for an unknown scenario or config. */
  start(request: RunRequest): Report
  /** Newest first. */
  runs(): Report[]
  run(id: string): Report | undefined
  /** Step mode: sends the pending request and runs up to the next one (or the end). SimulatorError(409) if not waiting. */
  step(id: string): Promise<Report>
  /** Cancels a run; the report keeps what happened so far. */
  stop(id: string): Promise<Report>
  junit(id: string): string | undefined
  subscribe(listener: (event: RunEvent) => void): () => void
  /** Stops every run (the sandbox is closing). */
  close(): Promise<void>
}

export class SimulatorError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message)
    this.name = 'SimulatorError'
  }
}
