import type { z } from 'zod'
import type { ControlIssue } from '@shared/control'
import { invalid } from './errors'

/**
 * Zod issues as the control API reports them: one per problem, with its path, so a form shows each beside its field.
 * An unknown field is one issue per field, at that field's path, naming it.
 */
export function issuesOf(error: z.ZodError): ControlIssue[] {
  const out: ControlIssue[] = []
  for (const i of error.issues) {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    if (i.code === 'unrecognized_keys') for (const k of i.keys) out.push({ path: [...path, k], message: `unknown field "${k}"` })
    else out.push({ path, message: i.message })
  }
  return out
}

/** Parses a request body with a contract schema; a missing body is `{}`. Throws a 400 with issues. */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown, what?: string): z.output<S> {
  const r = schema.safeParse(body === undefined ? {} : body)
  if (!r.success) throw invalid(issuesOf(r.error), what)
  return r.data
}
