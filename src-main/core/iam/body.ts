import type { IamKind } from '@shared/iam'
import { badRequest } from '../errors'

type Obj = Record<string, unknown>

export const isPlainObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface SplitBody {
  /** What the kind's body schema validates. */
  rest: Obj
  /** The external id: a string, null to clear it, undefined when the body does not mention it. */
  externalId: string | null | undefined
}

/**
 * Takes off what every IAM body may carry besides the kind's fields: `schemas` and `meta` (a client echoing a
 * response back), `externalId` / `externalID` (a string, or `{value}` as the envelope shows it; `{}` or null clears),
 * and `id` — the client's choice on a role create, ignored on other creates, and on PUT required to match the path.
 * @throws ScimError 400 invalidSyntax (not an object) / invalidValue (bad externalId, or an id other than the path's)
 */
export function splitBody(kind: IamKind, body: unknown, mode: 'create' | 'replace', pathId?: string): SplitBody {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', 'the request body must be a JSON object')
  const rest = withoutNulls(body)
  delete rest.schemas
  delete rest.meta
  let externalId: string | null | undefined
  for (const k of ['externalId', 'externalID']) {
    if (!Object.hasOwn(body, k)) continue
    // From the body as sent: an explicit null clears the external id, where other nulls just mean "not given".
    externalId = externalIdOf(body[k], k)
    delete rest[k]
  }
  if (Object.hasOwn(rest, 'id')) {
    if (mode === 'replace') {
      if (rest.id !== pathId) throw badRequest('invalidValue', `id ${JSON.stringify(rest.id)} does not match the resource's id "${pathId}"`)
      delete rest.id
    } else if (kind !== 'role') delete rest.id
  }
  return { rest, externalId }
}

/**
 * A copy without null members, at any depth: RFC 7643 §2.5 reads null as "unassigned", and Entra sends explicit nulls
 * (`"manager": null`, members' `"$ref": null`, idp-request-patterns.md b.1.3, b.1.11).
 */
export function withoutNulls(o: Obj): Obj {
  const out: Obj = {}
  for (const [k, v] of Object.entries(o)) {
    if (v === null) continue
    out[k] = Array.isArray(v) ? v.filter((x) => x !== null).map((x) => (isPlainObject(x) ? withoutNulls(x) : x)) : isPlainObject(v) ? withoutNulls(v) : v
  }
  return out
}

function externalIdOf(v: unknown, k: string): string | null {
  if (v === null || v === '') return null
  if (typeof v === 'string') return v
  if (isPlainObject(v)) {
    if (v.value === undefined || v.value === null || v.value === '') return null
    if (typeof v.value === 'string') return v.value
  }
  throw badRequest('invalidValue', `${k} must be a string (or {"value": "<string>"})`)
}
