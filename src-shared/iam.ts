import { z } from 'zod'

/**
 * The IAM SCIM provider (PRODUCT.md §3.4, reference `iam-scim-provider-api.txt`): its resource kinds, the request
 * bodies the reference documents (zod, the one source of validation and of the OpenAPI document), and the response
 * envelope. The reference gives no paths and no tenant; ours are `/iam/scim/v2/{tenantId}/{segment}`.
 */

/**
 * How a tenant answers. 'reference' (the default): the reference's envelope, `{schemas, id, externalID, meta,
 * attributes}`, and lists `{resources, totalResults}`. 'rfc7643': the same resources as RFC 7643 JSON — attributes at
 * the top level beside `id`, `externalId` and `meta`, lists as RFC 7644 ListResponses with `Resources`, a PUT answering
 * the resource — which is what Okta, Entra and the IdP simulator read when an admin pastes the tenant's base URL into
 * them, as the tokens admin API's endpoint-info tells them to. Requests are the same in both.
 */
export const iamWireFormatSchema = z.enum(['reference', 'rfc7643'])
export type IamWireFormat = z.infer<typeof iamWireFormatSchema>

export const iamKindSchema = z.enum(['action', 'resourceType', 'resource', 'permission', 'role', 'group', 'user'])
export type IamKind = z.infer<typeof iamKindSchema>
export const IAM_KINDS = iamKindSchema.options

export interface IamKindInfo {
  /** The URL segment under the tenant's base, as the product names it (matched case-insensitively). */
  segment: string
  /** `meta.resourceType`. */
  resourceType: string
  /** The envelope's `schemas`. The reference shows only "string"; users and groups take the RFC 7643 URNs. */
  schemas: string[]
  /** What a message calls one ("action", "resource type", ...). */
  noun: string
}

export const IAM_USER_EXTENSION = 'urn:ietf:params:scim:schemas:extension:custom:2.0:User'
/** RFC 7643 §4.3's enterprise extension: Entra sends it on every user, so the IAM provider takes it too. */
export const IAM_ENTERPRISE_EXTENSION = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
/** The extensions a user may carry, each as an object under its URN. */
export const IAM_USER_EXTENSIONS = [IAM_USER_EXTENSION, IAM_ENTERPRISE_EXTENSION] as const

export const IAM_KIND_INFO: Record<IamKind, IamKindInfo> = {
  action: { segment: 'Actions', resourceType: 'Action', schemas: ['urn:scim-sandbox:params:scim:schemas:iam:2.0:Action'], noun: 'action' },
  resourceType: { segment: 'resource-types', resourceType: 'ResourceType', schemas: ['urn:scim-sandbox:params:scim:schemas:iam:2.0:ResourceType'], noun: 'resource type' },
  resource: { segment: 'Resources', resourceType: 'Resource', schemas: ['urn:scim-sandbox:params:scim:schemas:iam:2.0:Resource'], noun: 'resource' },
  permission: { segment: 'Permissions', resourceType: 'Permission', schemas: ['urn:scim-sandbox:params:scim:schemas:iam:2.0:Permission'], noun: 'permission' },
  role: { segment: 'Roles', resourceType: 'Role', schemas: ['urn:scim-sandbox:params:scim:schemas:iam:2.0:Role'], noun: 'role' },
  group: { segment: 'Groups', resourceType: 'Group', schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], noun: 'group' },
  user: { segment: 'Users', resourceType: 'User', schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', IAM_USER_EXTENSION], noun: 'user' },
}

/** "an action", "a resource type", "a user": the kind's noun with its article, for messages. */
export function iamNounWithArticle(kind: IamKind): string {
  const noun = IAM_KIND_INFO[kind].noun
  return `${/^[aeio]/.test(noun) ? 'an' : 'a'} ${noun}`
}

/** The kind a URL segment names (case-insensitive, as SCIM endpoints are), or undefined. */
export function iamKindOfSegment(segment: string): IamKind | undefined {
  const s = segment.toLowerCase()
  return IAM_KINDS.find((k) => IAM_KIND_INFO[k].segment.toLowerCase() === s)
}

// ---------------------------------------------------------------------------------------------------------------
// Request bodies, field for field as the reference's request schemas. Relations are ids. Unknown fields are refused
// (400 naming them) so a typo never silently does nothing; `schemas`, `meta`, `externalId`/`externalID` and an `id`
// equal to the resource's own are accepted everywhere and handled by the service, not by these schemas.
// ---------------------------------------------------------------------------------------------------------------

const text = z.string()
const requiredText = z.string().trim().min(1)
/** Ids a client may choose (a role's `id`): safe in a URL path segment. */
export const iamClientIdSchema = z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, 'an id is 1–128 characters of A–Z a–z 0–9 . _ ~ -')

export const iamActionBody = z.object({ name: requiredText, description: text.optional(), client_id: text.optional() }).strict()

export const iamResourceTypeCreateBody = z
  .object({ name: requiredText, slug: text.optional(), description: text.optional(), client_id: text.optional(), actions: z.array(text) })
  .strict()
/** "Replace Resource-Type": `slug` required; its schema has no `actions`, so absent actions keep the current ones. */
export const iamResourceTypeReplaceBody = iamResourceTypeCreateBody.extend({ slug: requiredText, actions: z.array(text).optional() }).strict()

export const iamResourceCreateBody = z
  .object({ name: requiredText, slug: text.optional(), type: requiredText, description: text.optional(), client_id: text.optional() })
  .strict()
export const iamResourceReplaceBody = iamResourceCreateBody.extend({ slug: requiredText }).strict()

/**
 * A statement grants actions on one resource. Create Permission (and Create Role) send `actions: [ids]`, Update
 * Permission and its PATCH send `action: id`; both are accepted, alone or together, and stored as `actions`.
 */
export const iamStatementBody = z
  .object({ actions: z.array(text).optional(), action: text.optional(), resource: requiredText })
  .strict()
  .refine((s) => (s.actions?.length ?? 0) > 0 || s.action !== undefined, { message: 'a statement needs "actions" (or "action")', path: ['actions'] })
export type IamStatementBody = z.infer<typeof iamStatementBody>

export const iamPermissionCreateBody = z
  .object({ name: requiredText, description: text.optional(), client_id: text.optional(), statements: z.array(iamStatementBody) })
  .strict()
/** "Update Permissions": only `name` is required; absent statements keep the current ones. */
export const iamPermissionReplaceBody = iamPermissionCreateBody.extend({ statements: z.array(iamStatementBody).optional() }).strict()

/** A member of a group or a role. `display` and `$ref` are derived on read; sent ones are ignored. */
export const iamMemberBody = z
  .object({
    value: requiredText,
    type: z
      .string()
      .transform((t) => (t.toLowerCase() === 'group' ? 'Group' : t.toLowerCase() === 'user' ? 'User' : t))
      .pipe(z.enum(['User', 'Group']))
      .optional(),
    display: text.optional(),
    $ref: text.optional(),
  })
  .strict()
export type IamMemberBody = z.infer<typeof iamMemberBody>

export const iamClaimMapper = z.record(z.string(), z.string())

/**
 * Create Role. The reference's schema ends in an unnamed array of objects while its sample shows `statements`:
 * `members` (`[{value, type: "User" | "Group"}]`, counted by `member_count`) is our reading of the unnamed array, and
 * `statements` is accepted as the role's own inline statements (README, IAM API notes).
 */
export const iamRoleCreateBody = z
  .object({
    id: iamClientIdSchema.optional(),
    name: requiredText,
    description: text.optional(),
    client_id: text.optional(),
    claim_mapper: iamClaimMapper.optional(),
    permissions: z.array(text).optional(),
    statements: z.array(iamStatementBody).optional(),
    members: z.array(iamMemberBody).optional(),
  })
  .strict()
export const iamRoleReplaceBody = iamRoleCreateBody

export const iamGroupBody = z.object({ displayName: requiredText, members: z.array(iamMemberBody).optional() }).strict()

const multiValued = z.object({ value: text, type: text.optional(), primary: z.boolean().optional(), display: text.optional() }).strict()
const address = z
  .object({
    formatted: text.optional(),
    streetAddress: text.optional(),
    locality: text.optional(),
    region: text.optional(),
    postalCode: text.optional(),
    country: text.optional(),
    type: text.optional(),
    primary: z.boolean().optional(),
  })
  .strict()
/** RFC 7643 §4.3. `manager` is complex in the RFC; Entra sends a plain string (idp-request-patterns.md b.1.10). */
export const iamEnterpriseExtensionBody = z
  .object({
    employeeNumber: text.optional(),
    costCenter: text.optional(),
    organization: text.optional(),
    division: text.optional(),
    department: text.optional(),
    manager: z.union([text, z.object({ value: text.optional(), $ref: text.optional(), displayName: text.optional() }).strict()]).optional(),
  })
  .strict()
export const iamUserExtensionBody = z
  .object({
    blocked: z.boolean().optional(),
    company: text.optional(),
    ddd: text.optional(),
    ddi: text.optional(),
    gender: text.optional(),
    generatePassword: z.boolean().optional(),
    hireDate: text.optional(),
    human: z.boolean().optional(),
    is_email_verified: z.boolean().optional(),
    machineName: text.optional(),
    preferredLoginName: text.optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    resourceOwner: text.optional(),
  })
  .strict()
export type IamUserExtension = z.infer<typeof iamUserExtensionBody>

/**
 * Create User: the reference's fields, plus the rest of RFC 7643 §4.1's User and the enterprise extension, because an
 * IdP pointed at the tenant (Okta, Entra) sends them. The reference marks no field required; RFC 7643 §4.1 makes
 * `userName` required and unique, and so do we. `password` is write-only: never stored in clear, never returned (the
 * reference's samples echo it; security wins). `groups` is read-only in the RFC: accepted (Okta sends `[]`), ignored.
 */
export const iamUserBody = z
  .object({
    userName: requiredText,
    active: z.boolean().optional(),
    displayName: text.optional(),
    emails: z.array(multiValued).optional(),
    locale: text.optional(),
    name: z
      .object({
        familyName: text.optional(),
        givenName: text.optional(),
        formatted: text.optional(),
        middleName: text.optional(),
        honorificPrefix: text.optional(),
        honorificSuffix: text.optional(),
      })
      .strict()
      .optional(),
    nickName: text.optional(),
    password: text.optional(),
    phoneNumbers: z.array(multiValued).optional(),
    preferredLanguage: text.optional(),
    profileUrl: text.optional(),
    timezone: text.optional(),
    title: text.optional(),
    userType: text.optional(),
    addresses: z.array(address).optional(),
    ims: z.array(multiValued).optional(),
    photos: z.array(multiValued).optional(),
    entitlements: z.array(multiValued).optional(),
    roles: z.array(multiValued).optional(),
    x509Certificates: z.array(multiValued).optional(),
    groups: z.array(z.unknown()).optional(),
    [IAM_USER_EXTENSION]: iamUserExtensionBody.optional(),
    [IAM_ENTERPRISE_EXTENSION]: iamEnterpriseExtensionBody.optional(),
  })
  .strict()
export type IamUserBody = z.infer<typeof iamUserBody>

/** The body each write takes, per kind. PUT uses `replace`; PATCH results are validated as a `replace` body too. */
export const IAM_BODIES: Record<IamKind, { create: z.ZodType; replace: z.ZodType }> = {
  action: { create: iamActionBody, replace: iamActionBody },
  resourceType: { create: iamResourceTypeCreateBody, replace: iamResourceTypeReplaceBody },
  resource: { create: iamResourceCreateBody, replace: iamResourceReplaceBody },
  permission: { create: iamPermissionCreateBody, replace: iamPermissionReplaceBody },
  role: { create: iamRoleCreateBody, replace: iamRoleReplaceBody },
  group: { create: iamGroupBody, replace: iamGroupBody },
  user: { create: iamUserBody, replace: iamUserBody },
}

// ---------------------------------------------------------------------------------------------------------------
// What is stored: `iamResources` records (src-shared/workspace.ts) whose `data` is the kind's normalized form below.
// ---------------------------------------------------------------------------------------------------------------

export interface IamStatementData {
  actions: string[]
  resource: string
}
export interface IamMemberData {
  value: string
  type: 'User' | 'Group'
}
export interface IamActionData {
  name: string
  description: string
  client_id: string
}
export interface IamResourceTypeData {
  name: string
  slug: string
  description: string
  client_id: string
  actions: string[]
}
export interface IamResourceData {
  name: string
  slug: string
  type: string
  description: string
  client_id: string
}
export interface IamPermissionData {
  name: string
  description: string
  client_id: string
  statements: IamStatementData[]
}
export interface IamRoleData {
  name: string
  description: string
  client_id: string
  claim_mapper: Record<string, string>
  permissions: string[]
  statements: IamStatementData[]
  members: IamMemberData[]
}
export interface IamGroupData {
  displayName: string
  members: IamMemberData[]
}
/** A user's attributes as sent, minus `password` (only its digest is kept, on the record). */
export type IamUserData = Omit<IamUserBody, 'password' | 'groups'> & { active: boolean }

export interface IamDataOf {
  action: IamActionData
  resourceType: IamResourceTypeData
  resource: IamResourceData
  permission: IamPermissionData
  role: IamRoleData
  group: IamGroupData
  user: IamUserData
}

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

export const iamMetaSchema = z.object({
  created: z.string(),
  lastModified: z.string(),
  location: z.string(),
  resourceType: z.string(),
  version: z.string(),
})

/**
 * The reference's envelope. `externalID` (that casing) is an object in every sample — `{}` — so it stays an object:
 * `{}` without an external id, `{"value": "<externalId>"}` with one, and a client decoding the reference's type works.
 */
export const iamEnvelopeSchema = z.object({
  schemas: z.array(z.string()),
  id: z.string(),
  externalID: z.object({ value: z.string().optional() }),
  meta: iamMetaSchema,
  attributes: z.record(z.string(), z.unknown()),
})
export type IamEnvelope = z.infer<typeof iamEnvelopeSchema>

/** A list: `{resources, totalResults}` as the reference, plus the paging it was cut with. */
export const iamListSchema = z.object({
  resources: z.array(iamEnvelopeSchema),
  totalResults: z.number().int(),
  startIndex: z.number().int(),
  itemsPerPage: z.number().int(),
})
export type IamList = z.infer<typeof iamListSchema>

/** PATCH bodies: `Operations` (the reference's Resource-Type sample writes `operations`), `schemas` a string or a list. */
export const iamStructuredPathSchema = z.object({
  attributePath: z
    .object({ attributeName: z.string().nullable().optional(), subAttribute: z.string().nullable().optional(), uriprefix: z.string().nullable().optional() })
    .nullable()
    .optional(),
  subAttribute: z.string().nullable().optional(),
  valueExpression: z.unknown().optional(),
})
export const iamPatchOperationSchema = z.object({
  op: z.string(),
  path: z.union([z.string(), iamStructuredPathSchema]).nullable().optional(),
  value: z.unknown().optional(),
})
export const iamPatchBodySchema = z.object({
  schemas: z.union([z.string(), z.array(z.string())]).optional(),
  Operations: z.array(iamPatchOperationSchema).optional(),
  operations: z.array(iamPatchOperationSchema).optional(),
})
export type IamPatchBody = z.infer<typeof iamPatchBodySchema>

/** The list query: SCIM `filter`, 1-based `startIndex`, `count` (default and maximum 1,000). */
export const IAM_MAX_COUNT = 1000
