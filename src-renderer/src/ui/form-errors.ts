import type { z } from 'zod'
import type { ControlIssue } from '@shared/control'

/** Field name → first message, from zod issues or the control API's 400 `issues` (same shape: path + message). */
export type FieldErrors = Record<string, string>

/**
 * Maps issues to the field they belong to: the first path segment names the field (`defaultTeams.2` → `defaultTeams`).
 * Issues with no path (the whole body) land under `_form`.
 */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {}
  for (const i of issues) {
    const key = i.path.length ? String(i.path[0]) : '_form'
    if (!(key in out)) out[key] = i.message
  }
  return out
}

/** Validates with the same zod schema the server uses; an empty object means valid. */
export function validateWith(schema: z.ZodType, value: unknown): FieldErrors {
  const r = schema.safeParse(value)
  return r.success ? {} : issuesByField(r.error.issues.map((i) => ({ path: i.path, message: i.message })))
}

/** Issues from a server 400 whose field is not on the form, to list them rather than lose them. */
export function unplacedIssues(issues: readonly ControlIssue[], fields: readonly string[]): ControlIssue[] {
  return issues.filter((i) => !i.path.length || !fields.includes(String(i.path[0])))
}
