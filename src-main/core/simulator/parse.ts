import { z } from 'zod'
import { scenarioSchema, type Scenario } from '@shared/scenario'
import { issuesOf } from '../admin/validate'

export interface ScenarioIssue {
  /** Dotted path of the problem in the document ("steps.2.user"); "(document)" for the document itself. */
  path: string
  message: string
}
export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] }

const pathText = (p: (string | number)[]) => (p.length ? p.join('.') : '(document)')

/**
 * Validates a scenario document (JSON text or an already parsed value) against the contract's scenarioSchema and
 * the rules a schema cannot say (step ids are unique). Every problem is reported — not just the first — each with
 * its path and message; an unknown field is one issue at that field's path, naming it.
 */
export function parseScenario(json: unknown): ParseResult {
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (e) {
      return { ok: false, issues: [{ path: '(document)', message: `not JSON: ${(e as Error).message}` }] }
    }
  }
  const r = scenarioSchema.safeParse(value)
  const issues: ScenarioIssue[] = r.success ? [] : issuesOf(r.error as z.ZodError).map((i) => ({ path: pathText(i.path), message: i.message }))
  if (r.success) {
    const seen = new Map<string, number>()
    r.data.steps.forEach((s, i) => {
      if (s.id === undefined) return
      if (seen.has(s.id)) issues.push({ path: `steps.${i}.id`, message: `step id "${s.id}" is already used by step ${seen.get(s.id)}` })
      else seen.set(s.id, i)
    })
  }
  return r.success && !issues.length ? { ok: true, scenario: r.data } : { ok: false, issues }
}

/** Where built-in scenarios point their `$schema` (relative to the repository root, where the file is committed). */
export const SCENARIO_SCHEMA_REF = 'schemas/scenario.schema.json'

/**
 * The scenario format as JSON Schema (draft 2020-12), as a user writes it: fields with defaults are optional
 * (`io: 'input'`). Generated from the zod contract, so the two cannot drift; committed as schemas/scenario.schema.json
 * by scripts/gen-scenario-schema.ts and served by the control API's /scenario-schema.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://scim-sandbox.dev/schemas/scenario-v1.json',
    ...(z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>),
    title: 'SCIM Sandbox scenario',
  }
}
