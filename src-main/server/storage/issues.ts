import type { z } from 'zod'

/** "scimUsers[12].accountId: Invalid input: expected string" — enough for a person to find the spot by hand. */
export function describeIssues(prefix: string, error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => {
    let path = prefix
    for (const k of i.path) path += typeof k === 'number' ? `[${k}]` : path ? `.${String(k)}` : String(k)
    return `${path || '(root)'}: ${i.message}`
  })
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`)
  return parts.join('; ')
}
