import type { IamEnvelope, IamList, IamWireFormat } from '@shared/iam'
import { LIST_RESPONSE_SCHEMA } from '../schema/definitions'

type Obj = Record<string, unknown>

/**
 * A rendered resource as RFC 7643 JSON, for tenants whose wire format is 'rfc7643': the envelope's attributes move up
 * beside `schemas`, `id` and `meta`, and `externalID` (an object in the reference) becomes the string `externalId`.
 * Relations inside the attributes stay expanded as they are.
 */
export function rfc7643Resource(env: IamEnvelope): Obj {
  return {
    schemas: env.schemas,
    id: env.id,
    ...(env.externalID.value !== undefined ? { externalId: env.externalID.value } : {}),
    ...env.attributes,
    meta: env.meta,
  }
}

/** A list as an RFC 7644 §3.4.2 ListResponse (`Resources`, capital R, with its schema URN). */
export function rfc7643List(list: IamList): Obj {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: list.totalResults,
    startIndex: list.startIndex,
    itemsPerPage: list.itemsPerPage,
    Resources: list.resources.map(rfc7643Resource),
  }
}

/** What a tenant answers for one resource. */
export const wireResource = (format: IamWireFormat, env: IamEnvelope): unknown => (format === 'rfc7643' ? rfc7643Resource(env) : env)
/** What a tenant answers for a list. */
export const wireList = (format: IamWireFormat, list: IamList): unknown => (format === 'rfc7643' ? rfc7643List(list) : list)
