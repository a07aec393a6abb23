import { z } from 'zod'

/**
 * The SCIM tokens admin API (`/api/v1/admin/scim-tokens/`, reference/scim-tokens-api.txt) and the OAuth token
 * endpoint (`/api/v1/oauth/token`, RFC 6749 §4.4): request and response bodies. The server validates with these and
 * the OpenAPI document is generated from them.
 */

export const SCIM_TOKENS_READ = 'scim-tokens:read'
export const SCIM_TOKENS_WRITE = 'scim-tokens:write'
export const SCIM_TOKEN_SCOPES = [SCIM_TOKENS_READ, SCIM_TOKENS_WRITE] as const

/** An ISO 8601 date-time (with a time and an offset or Z), or null for "never expires". */
export const isoDateTime = z.string().refine((s) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'Input should be a valid datetime')
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** A query parameter given more than once counts by its last value (as FastAPI does for a scalar). */
const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v)
/** An integer query parameter: digits only ("", "1.5" and "abc" are int_parsing errors). */
const intParam = (schema: z.ZodNumber) => z.preprocess((v) => { v = last(v); return typeof v === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(v) ? Number(v) : v }, schema)

export const SCIM_TOKENS_DEFAULT_PER_PAGE = 20
export const SCIM_TOKENS_MAX_PER_PAGE = 100
export const scimTokenListQuery = z.object({
  page: intParam(z.number().int().min(1)).default(1),
  per_page: intParam(z.number().int().min(1).max(SCIM_TOKENS_MAX_PER_PAGE)).default(SCIM_TOKENS_DEFAULT_PER_PAGE),
  tenant_id: z.preprocess(last, z.string().nullish()),
})
export const endpointInfoQuery = z.object({ tenant_id: z.preprocess(last, z.string().nullish()) })

export const createScimTokenBody = z.object({
  name: z.string().min(1).max(200),
  tenant_id: z.string().min(1),
  expires_at: isoDateTime.nullish(),
})
export type CreateScimTokenBody = z.infer<typeof createScimTokenBody>

/** Absent (or null) name and enabled leave them as they are; expires_at null means "never expires". */
export const patchScimTokenBody = z.object({
  name: z.string().min(1).max(200).nullish(),
  expires_at: isoDateTime.nullish(),
  enabled: z.boolean().nullish(),
})
export type PatchScimTokenBody = z.infer<typeof patchScimTokenBody>

/** A SCIM token as every read answers it: the secret itself never, its prefix to tell tokens apart. */
export const scimTokenOut = z.object({
  id: z.string(),
  name: z.string(),
  tenant_id: z.string(),
  token_prefix: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  enabled: z.boolean(),
  revoked_at: z.string().nullable(),
})
export type ScimTokenOut = z.infer<typeof scimTokenOut>
/** The create answer: the one response that carries `token`. */
export const scimTokenCreatedOut = scimTokenOut.extend({ token: z.string() })
export type ScimTokenCreatedOut = z.infer<typeof scimTokenCreatedOut>

export const scimTokenListOut = z.object({ items: z.array(scimTokenOut), total: z.number().int(), page: z.number().int(), per_page: z.number().int() })
export type ScimTokenListOut = z.infer<typeof scimTokenListOut>

const idpStep = z.object({ field: z.string(), value: z.string() })
export const endpointInfoOut = z.object({
  tenant_id: z.string().nullable(),
  tenant_name: z.string().nullable(),
  scim_base_url: z.string(),
  auth_scheme: z.literal('Bearer'),
  token_endpoint: z.string(),
  create_token: z.string(),
  okta: z.object({ steps: z.array(idpStep), notes: z.array(z.string()) }),
  entra: z.object({ steps: z.array(idpStep), notes: z.array(z.string()) }),
})
export type EndpointInfoOut = z.infer<typeof endpointInfoOut>

/** FastAPI's HTTPValidationError, as the reference's schema gives it. */
export const validationErrorItem = z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })
export type ValidationErrorItem = z.infer<typeof validationErrorItem>
export const httpValidationError = z.object({ detail: z.array(validationErrorItem) })
/** FastAPI's HTTPException body: 401, 403, 404. */
export const httpErrorOut = z.object({ detail: z.string() })

export const oauthTokenRequest = z.object({
  grant_type: z.string(),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
})
export const oauthTokenOut = z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), scope: z.string() })
export type OAuthTokenOut = z.infer<typeof oauthTokenOut>
export const oauthErrorCode = z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'])
export type OAuthErrorCode = z.infer<typeof oauthErrorCode>
export const oauthErrorOut = z.object({ error: oauthErrorCode, error_description: z.string() })
