import { z } from 'zod'
import { domainEventSchema } from './events'

/**
 * The IdP simulator's wire contract (PRODUCT.md §6): scenario documents, run requests, reports and run events.
 * Shared by the core (planning and checking), the runner and CLI (server), the control API and the Scenarios screen.
 */

// ——— profiles ———

export const profileIdSchema = z.enum(['entra-legacy', 'entra-flag', 'okta-oin', 'okta-aiw', 'rfc7644'])
export type ProfileId = z.infer<typeof profileIdSchema>
export const profileInfoSchema = z.object({
  id: profileIdSchema,
  name: z.string(),
  description: z.string(),
  /** e.g. 'b.1' (Entra ID) or 'b.2' (Okta) of idp-request-patterns.md; null for strict RFC 7644. */
  referenceSection: z.string().nullable(),
  timeoutMs: z.number().int(),
  honoursRetryAfter: z.boolean(),
  sendsDelete: z.boolean(),
  usesPatch: z.boolean(),
})
export type ProfileInfo = z.infer<typeof profileInfoSchema>

// ——— scenario documents ———

export const SCENARIO_FORMAT = 'scim-sandbox-scenario'
/** A name for users and groups inside a scenario ("u1", "alice", "eng"); the simulator maps it to the target's ids. */
const alias = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'an alias: a letter, then letters, digits, _ or -')

export const scenarioUserSchema = z
  .object({
    userName: z.string().min(1).optional(),
    givenName: z.string().optional(),
    familyName: z.string().optional(),
    displayName: z.string().optional(),
    email: z.string().optional(),
    externalId: z.string().optional(),
    department: z.string().optional(),
    title: z.string().optional(),
    employeeNumber: z.string().optional(),
    /** Another user's alias. */
    manager: alias.optional(),
  })
  .strict()
export type ScenarioUser = z.infer<typeof scenarioUserSchema>

export const scenarioGroupSchema = z.object({ displayName: z.string().min(1), externalId: z.string().optional() }).strict()

/** Optional assertions of a step, checked after it ran (directory ones only when the target is the embedded sandbox). */
export const expectationSchema = z
  .object({
    /** Status of the step's main request (e.g. the POST of provisionUser). */
    status: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(),
    /** Attribute values of the resource as read back after the step, by SCIM path ("active", "name.familyName"). */
    attributes: z.record(z.string(), z.unknown()).optional(),
    directory: z
      .object({
        user: alias.optional(),
        accountExists: z.boolean().optional(),
        /** Team names the user's account must be in / not be in. */
        inTeams: z.array(z.string()).optional(),
        notInTeams: z.array(z.string()).optional(),
        group: alias.optional(),
        /** The group's team exists and has exactly these users (aliases) as members. */
        teamMembers: z.array(alias).optional(),
        teamExists: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
export type Expectation = z.infer<typeof expectationSchema>

const stepBase = { id: z.string().min(1).max(64).optional(), title: z.string().optional(), expect: expectationSchema.optional() }
const userChanges = scenarioUserSchema.omit({ manager: true }).extend({ manager: alias.nullable().optional() }).strict()

export const stepSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('testConnection'), ...stepBase }).strict(),
  z.object({ action: z.literal('provisionUser'), user: alias, ...stepBase }).strict(),
  z.object({ action: z.literal('updateProfile'), user: alias, changes: userChanges, ...stepBase }).strict(),
  z.object({ action: z.literal('deactivate'), user: alias, ...stepBase }).strict(),
  z.object({ action: z.literal('reactivate'), user: alias, ...stepBase }).strict(),
  z.object({ action: z.literal('deleteUser'), user: alias, ...stepBase }).strict(),
  z.object({ action: z.literal('pushGroup'), group: alias, members: z.array(alias).default([]), ...stepBase }).strict(),
  z.object({ action: z.literal('renameGroup'), group: alias, displayName: z.string().min(1), ...stepBase }).strict(),
  z.object({ action: z.literal('addMembers'), group: alias, users: z.array(alias).min(1), ...stepBase }).strict(),
  z.object({ action: z.literal('removeMembers'), group: alias, users: z.array(alias).min(1), ...stepBase }).strict(),
  z.object({ action: z.literal('deleteGroup'), group: alias, ...stepBase }).strict(),
  /** Okta's import: page through /Users (and /Groups) with startIndex/count until totalResults. */
  z.object({ action: z.literal('importUsers'), pageSize: z.number().int().min(1).max(1000).default(100), ...stepBase }).strict(),
  /** N generated users (deterministic from the scenario's seed), each matched then created, with bounded concurrency. */
  z.object({ action: z.literal('initialSync'), count: z.number().int().min(1).max(100_000), prefix: alias.default('sync'), ...stepBase }).strict(),
])
export type Step = z.infer<typeof stepSchema>
export type StepInput = z.input<typeof stepSchema>
export type StepAction = Step['action']

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(SCENARIO_FORMAT),
    version: z.literal(1),
    /** Unique, used on the command line: `npx scim-sandbox run <name>`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lowercase letters, digits and -'),
    title: z.string().min(1),
    description: z.string().default(''),
    /** The profile it runs with unless the run names another (compare runs one scenario in two). */
    profile: profileIdSchema,
    /** Seed of the generated users' names and emails, so a run is the same every time. */
    seed: z.number().int().nonnegative().default(1),
    /** The email domain of generated users. */
    domain: z.string().default('example.test'),
    users: z.record(alias, scenarioUserSchema).default({}),
    groups: z.record(alias, scenarioGroupSchema).default({}),
    steps: z.array(stepSchema).min(1),
  })
  .strict()
export type Scenario = z.infer<typeof scenarioSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>

export const scenarioSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  profile: profileIdSchema,
  steps: z.number().int(),
  builtIn: z.boolean(),
})
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>

// ——— a run ———

export const runTargetSchema = z.discriminatedUnion('kind', [
  /** A SCIM config of this sandbox: its base URL and token are looked up; directory assertions are checked. */
  z.object({ kind: z.literal('embedded'), configId: z.string().min(1) }).strict(),
  /** Any SCIM server. */
  z.object({ kind: z.literal('url'), baseUrl: z.string().url(), token: z.string().min(1) }).strict(),
])
export type RunTarget = z.infer<typeof runTargetSchema>

export const runRequestSchema = z
  .object({
    /** A built-in or saved scenario's name, or a whole scenario document. */
    scenario: z.union([z.string().min(1), scenarioSchema]),
    profile: profileIdSchema.optional(),
    target: runTargetSchema,
    /** 'step': nothing is sent until POST /runs/:id/step; each request is shown before it goes. */
    mode: z.enum(['run', 'step']).default('run'),
    /** Requests in flight at once (initialSync); 1 keeps the IdP's order everywhere else. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** Upper bound on requests per second (0 = none). */
    ratePerSecond: z.number().min(0).max(10_000).default(0),
    /** Overrides the profile's per-request timeout. */
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .strict()
export type RunRequest = z.infer<typeof runRequestSchema>
export type RunRequestInput = z.input<typeof runRequestSchema>

export const outcomeSchema = z.enum(['pass', 'fail', 'warn', 'skipped'])
export type Outcome = z.infer<typeof outcomeSchema>

/** One expectation checked on one answer: what an RFC or the IdP requires, and what happened. */
export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  outcome: outcomeSchema,
  /** In plain words: why it passed or failed ("Entra quarantines a server that answers 404 to a filter"). */
  reason: z.string(),
  /** Where the expectation comes from ("RFC 7644 §3.4.2", "idp-request-patterns.md b.1.1: MicrosoftDocs/…"). */
  source: z.string(),
  /** Items of idp-request-patterns.md it covers ("b.1.1"). */
  items: z.array(z.string()),
})
export type CheckResult = z.infer<typeof checkResultSchema>

export const exchangeRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The body as sent (JSON text); the Authorization header is redacted in reports. */
  body: z.string().nullable(),
  /** Why the IdP sends this request in this shape, and the items of idp-request-patterns.md it reproduces. */
  note: z.string(),
  items: z.array(z.string()),
})
export type ExchangeRequest = z.infer<typeof exchangeRequestSchema>
export const exchangeSchema = z.object({
  /** Order in the run. */
  seq: z.number().int(),
  request: exchangeRequestSchema,
  response: z
    .object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.string().nullable(), durationMs: z.number() })
    .nullable(),
  /** Network failure, TLS failure, timeout, cancellation — the response is then null. */
  error: z.string().nullable(),
  /** Retries made after a 429 with Retry-After (when the profile honours it). */
  retries: z.number().int(),
  checks: z.array(checkResultSchema),
  /** State changes this request caused on the embedded sandbox (from its request log); empty for an external target. */
  directoryChanges: z.array(domainEventSchema),
})
export type Exchange = z.infer<typeof exchangeSchema>

export const stepResultSchema = z.object({
  index: z.number().int(),
  id: z.string(),
  action: z.string(),
  title: z.string(),
  outcome: outcomeSchema,
  reason: z.string(),
  /** Recorded exchanges; a large initialSync keeps the first 50 and every failing one (`exchangeCount` has all). */
  exchanges: z.array(exchangeSchema),
  exchangeCount: z.number().int(),
  assertions: z.array(checkResultSchema),
  /** State changes the step caused on the embedded sandbox (empty for an external target). */
  directoryChanges: z.array(domainEventSchema),
  startedAt: z.string(),
  durationMs: z.number(),
})
export type StepResult = z.infer<typeof stepResultSchema>

/** A step's entry in a report from the moment it starts (the runner, the screen and the fake all begin one so). */
export function startedStep(index: number, s: { id: string; action: string; title: string; startedAt?: string }): StepResult {
  return {
    index,
    id: s.id,
    action: s.action,
    title: s.title,
    outcome: 'pass',
    reason: 'running',
    exchanges: [],
    exchangeCount: 0,
    assertions: [],
    directoryChanges: [],
    startedAt: s.startedAt ?? new Date().toISOString(),
    durationMs: 0,
  }
}

export const runStatusSchema = z.enum(['pending', 'running', 'waiting', 'passed', 'failed', 'cancelled'])
export type RunStatus = z.infer<typeof runStatusSchema>

export const REPORT_FORMAT = 'scim-sandbox-report'
export const reportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(1),
  runId: z.string(),
  scenario: z.string(),
  title: z.string(),
  profile: profileIdSchema,
  target: z.object({ kind: z.enum(['embedded', 'url']), baseUrl: z.string(), configId: z.string().nullable() }),
  mode: z.enum(['run', 'step']),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  summary: z.object({
    steps: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    warned: z.number().int(),
    skipped: z.number().int(),
    requests: z.number().int(),
    checks: z.object({ pass: z.number().int(), fail: z.number().int(), warn: z.number().int() }),
  }),
  steps: z.array(stepResultSchema),
  /** Step mode: the request that goes next when the user says so (null otherwise). */
  pending: exchangeRequestSchema.extend({ stepIndex: z.number().int() }).nullable(),
})
export type Report = z.infer<typeof reportSchema>

/** Pushed on the control API's /stream as the SSE event `run` (batched with the rest). */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), runId: z.string(), report: reportSchema }),
  z.object({ type: z.literal('pending'), runId: z.string(), stepIndex: z.number().int(), request: exchangeRequestSchema }),
  z.object({ type: z.literal('exchange'), runId: z.string(), stepIndex: z.number().int(), exchange: exchangeSchema }),
  z.object({ type: z.literal('step'), runId: z.string(), step: stepResultSchema }),
  z.object({ type: z.literal('finished'), runId: z.string(), report: reportSchema }),
])
export type RunEvent = z.infer<typeof runEventSchema>

/**
 * Control-API routes of the simulator (under /_sandbox/api, admin secret as everywhere):
 *   GET    /profiles                      ProfileInfo[]
 *   GET    /scenarios                     ScenarioSummary[] (built-in first, then saved)
 *   GET    /scenarios/:name               Scenario
 *   PUT    /scenarios/:name (Scenario)    → Scenario (saved; a built-in name is 409; invalid → 400 with issues)
 *   DELETE /scenarios/:name               → 204 (saved ones only)
 *   GET    /scenario-schema               the scenario JSON Schema
 *   POST   /runs (RunRequestInput)        → 201 Report (status pending/running/waiting)
 *   GET    /runs                          Report[] without steps' exchanges (newest first, last 50 kept)
 *   GET    /runs/:id                      Report
 *   POST   /runs/:id/step                 → Report (step mode: sends the pending request, runs to the next one)
 *   POST   /runs/:id/stop                 → Report (cancelled, partial)
 *   GET    /runs/:id/report.json          Report as a download;  GET /runs/:id/junit.xml  JUnit XML
 */
