import { notFound } from '../errors'
import {
  groupSchema,
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SPC_SCHEMA,
  userSchema,
  enterpriseUserSchema,
  userResourceType,
  groupResourceType,
} from '../schema/definitions'
import type { ScimConfig } from '@shared/workspace'
import { MAX_RESULTS } from './list'

export const BULK_MAX_OPERATIONS = 1000
export const BULK_MAX_PAYLOAD = 1_048_576

/**
 * RFC 7643 §5: what this server really does. Every `supported` here is backed by code and tests:
 * PATCH, Bulk (with bulkId references and failOnErrors), filter, sort, ETags. Passwords are accepted and
 * discarded, so changePassword is not claimed.
 */
export function serviceProviderConfig(baseUrl: string, maxPayloadSize = BULK_MAX_PAYLOAD) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The SCIM configuration\'s bearer token, sent as "Authorization: Bearer <token>".',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  }
}

function schemasFor(config: ScimConfig) {
  return config.kind === 'project' ? [userSchema, enterpriseUserSchema, groupSchema] : [userSchema, enterpriseUserSchema]
}

function resourceTypesFor(config: ScimConfig) {
  return config.kind === 'project' ? [userResourceType, groupResourceType] : [userResourceType]
}

const schemaResource = (baseUrl: string) => (s: { id: string; name: string; description: string; attributes: unknown[] }) => ({
  schemas: [SCHEMA_SCHEMA],
  id: s.id,
  name: s.name,
  description: s.description,
  attributes: s.attributes,
  meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
})

const resourceTypeResource = (baseUrl: string) => (r: typeof userResourceType) => ({
  schemas: [RESOURCE_TYPE_SCHEMA],
  id: r.id,
  name: r.name,
  endpoint: r.endpoint,
  description: r.description,
  schema: r.schema,
  schemaExtensions: r.schemaExtensions,
  meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${r.id}` },
})

const listOf = (items: unknown[]) => ({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: items.length, itemsPerPage: items.length, startIndex: 1, Resources: items })

/** GET /Schemas is a ListResponse (Entra b.1.13). */
export const listSchemas = (config: ScimConfig, baseUrl: string) => listOf(schemasFor(config).map(schemaResource(baseUrl)))

export function getSchema(config: ScimConfig, baseUrl: string, id: string) {
  const s = schemasFor(config).find((x) => x.id.toLowerCase() === id.toLowerCase())
  if (!s) throw notFound(`Schema ${id} not found`)
  return schemaResource(baseUrl)(s)
}

export const listResourceTypes = (config: ScimConfig, baseUrl: string) => listOf(resourceTypesFor(config).map(resourceTypeResource(baseUrl)))

export function getResourceType(config: ScimConfig, baseUrl: string, id: string) {
  const r = resourceTypesFor(config).find((x) => x.id.toLowerCase() === id.toLowerCase())
  if (!r) throw notFound(`ResourceType ${id} not found`)
  return resourceTypeResource(baseUrl)(r)
}
