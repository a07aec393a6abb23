import type { ProfileId, ProfileInfo, Scenario } from '@shared/scenario'
import { BUILT_IN_SCENARIOS, checkExpectation, createRunState, parseScenario, PROFILES, profileInfos } from '../../core/simulator'
import type { ExpectationChecker, Profile, RunState } from '../../core/simulator/types'
import type { ScenarioParser } from './scenario-store'

/**
 * The server's one door into the simulator core (src-main/core/simulator): the service, the CLI and the run factory
 * go through these few functions, so a change of the core's exports touches this file only.
 */

export const builtInScenarios = (): readonly Scenario[] => BUILT_IN_SCENARIOS
export const profileInfoList = (): ProfileInfo[] => profileInfos()
export const profileOf = (id: ProfileId): Profile => PROFILES[id]
export const newRunState = (scenario: Scenario, profile: ProfileId): RunState => createRunState(scenario, profile)
export const expectationChecker: ExpectationChecker = checkExpectation

/** Validates a scenario document: every problem with its path ("steps.2.user") and message. */
export const parseScenarioDoc: ScenarioParser = (json) => {
  const r = parseScenario(json)
  return r.ok ? { ok: true, scenario: r.scenario } : { ok: false, issues: r.issues.map((i) => ({ path: i.path, message: i.message })) }
}
