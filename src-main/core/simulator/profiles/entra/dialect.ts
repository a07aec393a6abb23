import { ENTERPRISE_USER_SCHEMA as ENT, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../../schema/definitions'
import { USER_ATTRIBUTE_PATHS, type UserAttribute } from '../../paths'
import type { KnownUser } from '../../state'

/** Entra's wire dialect: headers, the matching attribute, op casing, PATCH paths and the create body (b.1). */

/** legacy = Entra's default; flag = with the `aadOptscim062020` feature flag. */
export type Variant = 'legacy' | 'flag'

/**
 * Entra's own request headers are not recorded anywhere the reference found, and its User-Agent is unknown (b.1.22):
 * none is sent (the runner's HTTP client then sends its own), rather than inventing one. Accept and Content-Type
 * follow RFC 7644 §3.8 (`application/scim+json`), which is what a SCIM client is told to send.
 */
export const headers = (hasBody: boolean): Record<string, string> =>
  hasBody ? { Accept: 'application/scim+json', 'Content-Type': 'application/scim+json' } : { Accept: 'application/scim+json' }

/** The matching attribute: Entra's default maps userName ← userPrincipalName (b.1.2). */
export const MATCH_ATTR = 'userName'
// ——— bodies ———

export const patchBody = (ops: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops })

/** The user as Entra creates it (b.1.3): both schemas, meta.resourceType, name.formatted and `roles: []`. */
export function createUserBody(u: KnownUser, declared: Record<string, unknown> | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {
    schemas: [USER_SCHEMA, ENT],
    externalId: u.externalId,
    userName: u.userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: u.email }],
    meta: { resourceType: 'User' },
    name: { formatted: `${u.givenName} ${u.familyName}`, familyName: u.familyName, givenName: u.givenName },
    roles: [],
  }
  // b.1.3's captured body has no displayName/title; they go only when the scenario maps them (Entra's default
  // attribute mappings include them, so a tenant that has the values sends them).
  if (declared?.displayName) body.displayName = u.displayName
  if (u.title) body.title = u.title
  const ext: Record<string, string> = {}
  if (u.department) ext.department = u.department
  if (u.employeeNumber) ext.employeeNumber = u.employeeNumber
  if (Object.keys(ext).length) body[ENT] = ext
  return body
}

/** Entra sends the RFC paths (b.1.5); the table is shared with the strict profile. */
export const PATHS = USER_ATTRIBUTE_PATHS
export type Attr = UserAttribute

export interface Change {
  attr: Attr
  path: string
  value: string
  /** Entra sends Add when the target was empty and Replace otherwise (b.1.5, "in practice it could be either"). */
  wasEmpty: boolean
}

/** The ops of one user update in the variant's dialect. */
export function userOps(variant: Variant, changes: Change[]): unknown[] {
  if (variant === 'legacy') return changes.map((c) => ({ op: c.wasEmpty ? 'Add' : 'Replace', path: c.path, value: c.value }))
  // aadOptscim062020: single-valued changes collapse into one path-less replace with dotted keys (b.1.6); the
  // multi-valued email keeps its value-filter path, since a dotted key cannot name one entry of a list.
  const ops: unknown[] = []
  const single = changes.filter((c) => c.attr !== 'email')
  if (single.length) ops.push({ op: 'replace', value: Object.fromEntries(single.map((c) => [c.path, c.value])) })
  for (const c of changes.filter((c) => c.attr === 'email')) ops.push({ op: c.wasEmpty ? 'add' : 'replace', path: c.path, value: c.value })
  return ops
}

/** Op names: capitalised in the legacy dialect (b.1.5), lowercase with the flag. */
export const op = (variant: Variant, name: 'Add' | 'Replace' | 'Remove') => (variant === 'legacy' ? name : name.toLowerCase())
