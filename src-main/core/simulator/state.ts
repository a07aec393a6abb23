import type { ProfileId, Scenario, ScenarioUser } from '@shared/scenario'
import { FAMILY_NAMES, GIVEN_NAMES, guid, mulberry32, oktaId, pick, randomFor } from './random'
import type { RunState } from './types'

export type KnownUser = RunState['users'] extends Map<string, infer U> ? U : never

/** How the IdP names its own objects, which it sends as `externalId`. */
type IdStyle = 'guid' | 'okta'
const ID_STYLE: Record<ProfileId, IdStyle> = {
  // Entra sends the user's / group's objectId, a GUID (b.1.3 example, b.1.11 "externalId (= Entra objectId)").
  'entra-legacy': 'guid',
  'entra-flag': 'guid',
  // Okta sends its own user id, `00u…` (b.2.3); groups are `00g…`.
  'okta-oin': 'okta',
  'okta-aiw': 'okta',
  // RFC 7643 §3.1: externalId is the client's identifier, any string; a GUID is as good as any.
  rfc7644: 'guid',
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '')

/**
 * A scenario user with every value the IdP needs filled in. Missing values are generated from the scenario's seed and
 * the alias only, so a user is the same whatever other users the scenario has (and initialSync's `sync17` is the same
 * in a run of 25 and one of 100,000). The userName is an email (PRODUCT.md §4) and includes the alias, so it is unique
 * within the scenario.
 */
export function materialiseUser(seed: number, domain: string, alias: string, given: ScenarioUser, profile: ProfileId): KnownUser {
  const r = randomFor(seed, alias)
  const givenName = given.givenName ?? pick(GIVEN_NAMES, r)
  const familyName = given.familyName ?? pick(FAMILY_NAMES, r)
  const email = given.email ?? given.userName ?? `${slug(givenName)}.${slug(familyName)}.${alias.toLowerCase()}@${domain}`
  return {
    ...given,
    userName: given.userName ?? email,
    givenName,
    familyName,
    displayName: given.displayName ?? `${givenName} ${familyName}`,
    email,
    externalId: given.externalId ?? (ID_STYLE[profile] === 'okta' ? oktaId('00u', r) : guid(r)),
  }
}

/**
 * Extra memory of a run that the contract's RunState does not carry: which users the IdP has put in each group (Okta
 * AIW PUTs the whole member list, b.2.4/b.2.8; Okta sends `display` with each member). Kept beside the state so
 * the shared contract stays as it is.
 */
export interface RunExtra {
  members: Map<string, string[]>
}
const extras = new WeakMap<RunState, RunExtra>()
export function extra(state: RunState): RunExtra {
  let e = extras.get(state)
  if (!e) extras.set(state, (e = { members: new Map() }))
  return e
}

/**
 * The state a run starts from: the scenario's users and groups as the IdP knows them (generated values filled in),
 * no target ids yet, and the PRNG seeded with the scenario's seed.
 */
export function createRunState(scenario: Scenario, profile: ProfileId): RunState {
  const users: RunState['users'] = new Map()
  for (const [alias, u] of Object.entries(scenario.users)) users.set(alias, materialiseUser(scenario.seed, scenario.domain, alias, u, profile))
  const groups: RunState['groups'] = new Map()
  for (const [alias, g] of Object.entries(scenario.groups)) {
    const r = randomFor(scenario.seed, `group:${alias}`)
    groups.set(alias, { displayName: g.displayName, externalId: g.externalId ?? (ID_STYLE[profile] === 'okta' ? oktaId('00g', r) : guid(r)) })
  }
  const random = mulberry32(scenario.seed)
  return { scenario, profile, userIds: new Map(), groupIds: new Map(), users, groups, random }
}

/** The user an alias names, generating it when the scenario does not list it (steps may name users it never declared). */
export function userOf(state: RunState, alias: string): KnownUser {
  let u = state.users.get(alias)
  if (!u) state.users.set(alias, (u = materialiseUser(state.scenario.seed, state.scenario.domain, alias, {}, state.profile)))
  return u
}

/** The group an alias names; an undeclared one is named after its alias. */
export function groupOf(state: RunState, alias: string): { displayName: string; externalId: string } {
  let g = state.groups.get(alias)
  if (!g) {
    const r = randomFor(state.scenario.seed, `group:${alias}`)
    state.groups.set(alias, (g = { displayName: alias, externalId: ID_STYLE[state.profile] === 'okta' ? oktaId('00g', r) : guid(r) }))
  }
  return g
}
