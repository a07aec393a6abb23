import { profileIdSchema, scenarioSchema, type Scenario } from '@shared/scenario'
import { groupPush, initialSync, lifecycle, testConnection } from './build'

/**
 * The built-in scenarios: for each profile its lifecycle, group push, Test Connection and initial sync. Validated
 * with the contract's schema when the module loads (defaults applied), so a broken built-in fails at once.
 */
export const BUILT_IN_SCENARIOS: readonly Scenario[] = Object.freeze(
  profileIdSchema.options.flatMap((p) => [lifecycle(p), groupPush(p), testConnection(p), initialSync(p)]).map((s) => scenarioSchema.parse(s)),
)
