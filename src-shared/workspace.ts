import { z } from 'zod'

/**
 * The records of a workspace, as held in memory and written to the workspace file.
 * Every collection is an array of records with a string `id`; the file is the whole document.
 */
const stamps = { createdAt: z.string(), updatedAt: z.string() }

export const permissionSchema = z.enum([
  'ProjectOwner',
  'ProjectAdmin',
  'ProjectMember',
  'ReadStatusPageSSO',
  'CreateStatusPageSSO',
  'EditStatusPageSSO',
  'DeleteStatusPageSSO',
  'ReadAllProjectResources',
])
export type Permission = z.infer<typeof permissionSchema>

export const compatibilitySchema = z.enum(['tolerant', 'strict'])
export type Compatibility = z.infer<typeof compatibilitySchema>

export const projectRecord = z.object({ id: z.string(), name: z.string(), ...stamps })
export const teamRecord = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  /** The SCIM config whose pushed Group created this team; null for teams made by people. */
  scimConfigId: z.string().nullable(),
  ...stamps,
})
/** A user account of a project: a person, by email. Kept apart from any SCIM resource that links to it. */
export const accountRecord = z.object({ id: z.string(), projectId: z.string(), email: z.string(), name: z.string(), ...stamps })
export const teamMemberRecord = z.object({ id: z.string(), projectId: z.string(), teamId: z.string(), userId: z.string(), ...stamps })
export const statusPageRecord = z.object({ id: z.string(), projectId: z.string(), name: z.string(), ...stamps })
export const privateUserRecord = z.object({
  id: z.string(),
  projectId: z.string(),
  statusPageId: z.string(),
  email: z.string(),
  /** False while a SCIM deprovision has taken this person's access away; the record itself stays. */
  active: z.boolean(),
  ...stamps,
})
export const scimConfigRecord = z.object({
  id: z.string(),
  kind: z.enum(['project', 'statusPage']),
  projectId: z.string(),
  statusPageId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  bearerToken: z.string(),
  autoProvisionUsers: z.boolean(),
  autoDeprovisionUsers: z.boolean(),
  defaultTeams: z.array(z.string()),
  enablePushGroups: z.boolean(),
  compatibility: compatibilitySchema,
  ...stamps,
})
/** A SCIM resource (User or Group) as an IdP provisioned it through one config. */
const scimResourceBase = {
  id: z.string(),
  configId: z.string(),
  /** The resource's SCIM attributes in canonical form, without id and meta (those are derived). */
  data: z.record(z.string(), z.unknown()),
  /** Incremented on every change; the ETag is W/"<version>". */
  version: z.number().int(),
  ...stamps,
}
export const scimUserRecord = z.object({
  ...scimResourceBase,
  /** The project account (project configs) or status-page private user (status page configs) it links to. */
  accountId: z.string(),
  /** Teams a deactivation took the account out of, so reactivation restores exactly those. */
  suspendedTeamIds: z.array(z.string()),
})
export const scimGroupRecord = z.object({ ...scimResourceBase, teamId: z.string() })
export const apiKeyRecord = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  keySha256: z.string(),
  keyPrefix: z.string(),
  permissions: z.array(permissionSchema),
  ...stamps,
})
export const iamTenantRecord = z.object({
  id: z.string(),
  name: z.string(),
  /** How its IAM SCIM surface answers (src-shared/iam.ts); absent in files written before it existed = 'reference'. */
  wireFormat: z.enum(['reference', 'rfc7643']).optional(),
  ...stamps,
})
export const iamScimTokenRecord = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  tokenSha256: z.string(),
  tokenPrefix: z.string(),
  expiresAt: z.string().nullable(),
  enabled: z.boolean(),
  revokedAt: z.string().nullable(),
  ...stamps,
})
/**
 * A resource of an IAM tenant's SCIM provider (src-shared/iam.ts): `data` is the kind's normalized form (relations as
 * ids). A user's password is never stored in clear: only its SHA-256 digest, on the record, never in `data`.
 */
export const iamResourceRecord = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.enum(['action', 'resourceType', 'resource', 'permission', 'role', 'group', 'user']),
  externalId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  passwordSha256: z.string().nullable(),
  /** Incremented on every change; `meta.version` is W/"<version>". */
  version: z.number().int(),
  ...stamps,
})
export const oauthClientRecord = z.object({
  id: z.string(),
  clientSecretSha256: z.string(),
  scopes: z.array(z.string()),
  ...stamps,
})

export const collectionSchemas = {
  projects: projectRecord,
  teams: teamRecord,
  accounts: accountRecord,
  teamMembers: teamMemberRecord,
  statusPages: statusPageRecord,
  privateUsers: privateUserRecord,
  scimConfigs: scimConfigRecord,
  scimUsers: scimUserRecord,
  scimGroups: scimGroupRecord,
  apiKeys: apiKeyRecord,
  iamTenants: iamTenantRecord,
  iamScimTokens: iamScimTokenRecord,
  iamResources: iamResourceRecord,
  oauthClients: oauthClientRecord,
} as const

export type CollectionName = keyof typeof collectionSchemas
export const collectionNames = Object.keys(collectionSchemas) as CollectionName[]
/**
 * Collections added after workspace files were first written: a file made before one existed simply lacks it, and
 * reads as empty (it is written out on the next compaction), so upgrading never strands a workspace.
 */
export const collectionsAddedLater: ReadonlySet<CollectionName> = new Set<CollectionName>(['iamResources'])
export type RecordOf<C extends CollectionName> = z.infer<(typeof collectionSchemas)[C]>
export type Collections = { [C in CollectionName]: RecordOf<C>[] }

export type Project = RecordOf<'projects'>
export type Team = RecordOf<'teams'>
export type Account = RecordOf<'accounts'>
export type TeamMember = RecordOf<'teamMembers'>
export type StatusPage = RecordOf<'statusPages'>
export type PrivateUser = RecordOf<'privateUsers'>
export type ScimConfig = RecordOf<'scimConfigs'>
export type ScimUserRecord = RecordOf<'scimUsers'>
export type ScimGroupRecord = RecordOf<'scimGroups'>
export type ApiKey = RecordOf<'apiKeys'>
export type IamResourceRecord = RecordOf<'iamResources'>

export const WORKSPACE_FORMAT = 'scim-sandbox-workspace'

/** The workspace file. `seq` is the last journal record folded into it. */
export const workspaceDocSchema = z.object({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.literal(1),
  seq: z.number().int().nonnegative(),
  ...Object.fromEntries(collectionNames.map((c) => [c, z.array(collectionSchemas[c])])) as {
    [C in CollectionName]: z.ZodArray<(typeof collectionSchemas)[C]>
  },
})
export type WorkspaceDoc = z.infer<typeof workspaceDocSchema>

export function emptyWorkspace(): WorkspaceDoc {
  const doc = { format: WORKSPACE_FORMAT, version: 1, seq: 0 } as WorkspaceDoc
  for (const c of collectionNames) (doc as Record<string, unknown>)[c] = []
  return doc
}

/**
 * One change to one record: `value` is the whole new record, or null when the record was deleted.
 * A journal record is the list of changes one acknowledged request made, applied all together.
 */
export const changeOpSchema = z.object({
  c: z.enum(collectionNames as [CollectionName, ...CollectionName[]]),
  id: z.string(),
  v: z.record(z.string(), z.unknown()).nullable(),
})
export type ChangeOp = z.infer<typeof changeOpSchema>
export const journalRecordSchema = z.object({ seq: z.number().int().positive(), ops: z.array(changeOpSchema) })
export type JournalRecord = z.infer<typeof journalRecordSchema>
