import type { ProfileId, RunEvent, RunRequest, Scenario } from '@shared/scenario'
import { expectationChecker, newRunState, profileOf } from './core'
import { Run } from './runner'
import type { ResolvedTarget } from './target'

export interface NewRun {
  runId: string
  scenario: Scenario
  profileId: ProfileId
  target: ResolvedTarget
  request: Pick<RunRequest, 'mode' | 'concurrency' | 'ratePerSecond' | 'timeoutMs'>
  emit(e: RunEvent): void
}

/** A run of a scenario under a profile (the service's and the CLI's); the run's timeout is the profile's unless set. */
export function createRun(o: NewRun): Run {
  const profile = profileOf(o.profileId)
  return new Run({
    runId: o.runId,
    scenario: o.scenario,
    profile,
    state: newRunState(o.scenario, o.profileId),
    target: o.target,
    mode: o.request.mode,
    concurrency: o.request.concurrency,
    ratePerSecond: o.request.ratePerSecond,
    timeoutMs: o.request.timeoutMs ?? profile.info.timeoutMs,
    checkExpectation: expectationChecker,
    emit: o.emit,
  })
}
