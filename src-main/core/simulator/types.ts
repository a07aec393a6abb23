import type { CheckResult, Expectation, ProfileId, ProfileInfo, Scenario, ScenarioUser, Step } from '@shared/scenario'

/**
 * The simulator's core contract: profiles turn a scenario's IdP-neutral steps into the exact requests an IdP sends,
 * one at a time (a later request may depend on an earlier answer: Okta's GET-then-PUT, Entra's match-before-create),
 * and say what that IdP expects of each answer. Pure: no fetch, no timers — the runner (src-main/server/simulator)
 * sends, waits, retries and records.
 */

/** A request a profile wants sent. The runner adds the base URL and `Authorization: Bearer <token>`. */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Relative to the SCIM base URL, query included, already encoded: `/Users?filter=userName%20eq%20%22a%40b%22&startIndex=1&count=100`. */
  path: string
  /** The IdP's own headers (User-Agent, Accept, Content-Type…), not Authorization. */
  headers: Record<string, string>
  /** A JSON value the runner serialises; absent for GET/DELETE. */
  body?: unknown
  /** Why the IdP sends this, in this shape, in words a trainer can read aloud. */
  note: string
  /** Items of idp-request-patterns.md this request reproduces ("b.2.2"). */
  items: string[]
  checks: ResponseCheck[]
  /** The request whose status `expect.status` of the step is compared with (e.g. the POST of provisionUser). */
  main?: boolean
  /**
   * Not sent by the IdP: a read-back the simulator adds to check `expect.attributes`. Shown as such in reports and
   * never judged by the profile's expectations.
   */
  readBack?: boolean
}

/** An answer as the checks see it. */
export interface ResponseView {
  status: number
  /** Lowercased header names. */
  headers: Record<string, string>
  bodyText: string | null
  /** Parsed JSON body, or undefined when absent or not JSON. */
  json: unknown
  durationMs: number
}

export type Answer = { response: ResponseView; error: null } | { response: null; error: string }

/** One expectation of an IdP (or of RFC 7644) on one answer. */
export interface ResponseCheck {
  id: string
  title: string
  /** "RFC 7644 §3.3" or "idp-request-patterns.md b.1.1 (MicrosoftDocs/entra-docs: …)". */
  source: string
  items: string[]
  /** 'warn' for what the IdP tolerates but a careful server should not do. */
  severity: 'fail' | 'warn'
  /** null when the answer meets the expectation; else the reason, in plain words, naming what was seen. */
  check(answer: Answer, state: RunState): string | null
  /** What a pass means, for the report ("200 with an empty ListResponse: Entra's Test Connection succeeds"). */
  passReason: string
}

/**
 * What a step program yields: one request, or a batch the runner may send concurrently (initialSync, import pages
 * are sequential). It receives the answer (or answers, in the batch's order) and finally returns how the step ended.
 */
export type StepYield = PlannedRequest | PlannedRequest[]
export type StepFeed = Answer | Answer[]
export interface StepEnd {
  /** Set when the profile does not send anything for this step (Okta never DELETEs users): the step is 'skipped'. */
  skipped?: string
  /** A verdict the program reached itself (e.g. "the user was not found, so it could not be updated"). */
  failed?: string
}
export type StepProgram = Generator<StepYield, StepEnd | void, StepFeed>

/** What a run remembers between steps: the target's ids for the scenario's aliases, and the users' current values. */
export interface RunState {
  scenario: Scenario
  profile: ProfileId
  /** alias → the id the target gave the user (after provisionUser or a match). */
  userIds: Map<string, string>
  groupIds: Map<string, string>
  /** alias → the user's attributes as the IdP knows them now (generated ones filled in). */
  users: Map<string, Required<Pick<ScenarioUser, 'userName' | 'givenName' | 'familyName' | 'displayName' | 'email' | 'externalId'>> & ScenarioUser>
  groups: Map<string, { displayName: string; externalId: string }>
  /** Deterministic randomness from the scenario's seed (GUIDs for Test Connection, generated names). */
  random(): number
}

export interface Profile {
  info: ProfileInfo
  /** The program of one step under this profile. */
  program(step: Step, state: RunState): StepProgram
}

/**
 * The directory of the embedded sandbox, as assertions need it (the server implements it over its store; an external
 * target has none, and directory assertions are then 'skipped' with that reason).
 */
export interface DirectoryProbe {
  /** Team names of the account with this email in the config's project, or null when there is no such account. */
  accountTeams(email: string): string[] | null
  /** Member emails of the team a pushed group (by SCIM id) maps to, or null when there is no such team. */
  groupTeamMembers(groupId: string): string[] | null
}

/** Checks a step's `expect` against its main answer, a read-back of the resource and the directory. */
export type ExpectationChecker = (expect: Expectation, ctx: { main: Answer | null; readBack: unknown; state: RunState; step: Step; directory: DirectoryProbe | null }) => CheckResult[]
