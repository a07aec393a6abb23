/**
 * The IdP simulator's pure core (PRODUCT.md §6): profiles that turn scenario steps into the exact requests an IdP
 * sends (idp-request-patterns.md), the checks of each answer, scenario validation, built-in scenarios, expectation
 * checking and coverage. The runner (src-main/server/simulator) drives a step program with `program.next(feed)`:
 * a yielded array is a batch whose answers come back as an array in the same order.
 */
import type { ProfileInfo } from '@shared/scenario'
import { PROFILES } from './profiles'

export { PROFILES } from './profiles'
export type { ProfileDef } from './profiles/common'
export { createRunState } from './state'
export { BUILT_IN_SCENARIOS } from './scenarios'
export { parseScenario, scenarioJsonSchema, SCENARIO_SCHEMA_REF, type ParseResult, type ScenarioIssue } from './parse'
export { checkExpectation } from './expectations'
export { coverage, type ProfileCoverage } from './coverage'
export { drive, syntheticServer, type DrivenStep } from './synthetic'
export type * from './types'

/** The profiles as the control API lists them (GET /profiles), in a fixed order. */
export function profileInfos(): ProfileInfo[] {
  return Object.values(PROFILES).map((p) => p.info)
}
