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
  const rest: Obj = { ...body }
  delete rest.schemas
  delete rest.meta
  let externalId: string | null | undefined
  for (const k of ['externalId', 'externalID']) {
    if (!Object.hasOwn(rest, k)) continue
    externalId = externalIdOf(rest[k], k)
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

function externalIdOf(v: unknown, k: string): string | null {
  if (v === null || v === '') return null
  if (typeof v === 'string') return v
  if (isPlainObject(v)) {
    if (v.value === undefined || v.value === null || v.value === '') return null
    if (typeof v.value === 'string') return v.value
  }
  throw badRequest('invalidValue', `${k} must be a string (or {"value": "<string>"})`)
}
