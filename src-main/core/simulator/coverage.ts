import type { ProfileId } from '@shared/scenario'
import { PROFILES } from './profiles'
import { BUILT_IN_SCENARIOS } from './scenarios'
import { createRunState } from './state'
import { drive, syntheticServer } from './synthetic'

/** Where a profile realises an item of idp-request-patterns.md. */
export interface ProfileCoverage {
  profile: ProfileId
  /** item → where it is reproduced ("okta-oin-lifecycle/joiner: POST /Users", "check has-id", "profile data: …"). */
  covered: Record<string, string[]>
  /** item → why it is not reproduced (the profile's NOT_SIMULATED table). */
  notSimulated: Record<string, string>
}

/**
 * Which items each profile covers: the items of every request and check its built-in scenarios' programs produce
 * when driven against a well-behaved synthetic server, plus the items its data realises (headers, timeouts), next to
 * its NOT_SIMULATED table. Pure and deterministic (the scenarios are seeded).
 */
export function coverage(): ProfileCoverage[] {
  return (Object.keys(PROFILES) as ProfileId[]).map((id) => {
    const profile = PROFILES[id]
    const covered: Record<string, string[]> = {}
    const add = (item: string, where: string) => {
      const list = (covered[item] ??= [])
      if (!list.includes(where) && list.length < 5) list.push(where)
    }
    for (const [item, how] of Object.entries(profile.dataItems)) add(item, `profile data: ${how}`)
    for (const scenario of BUILT_IN_SCENARIOS.filter((s) => s.profile === id)) {
      const state = createRunState(scenario, id)
      const respond = syntheticServer()
      scenario.steps.forEach((step, i) => {
        const { requests } = drive(profile.program(step, state), respond)
        const at = `${scenario.name}/${step.id ?? i}`
        for (const r of requests) {
          for (const item of r.items) add(item, `${at}: ${r.method} ${r.path.split('?')[0]}`)
          for (const c of r.checks) for (const item of c.items) add(item, `${at}: check ${c.id}`)
        }
      })
    }
    return { profile: id, covered, notSimulated: profile.notSimulated }
  })
}
