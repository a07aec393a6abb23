import { z } from 'zod'

/** The control API (`/_sandbox/api`) that the UI uses; every answer and error is typed here, once. */
export const CONTROL_API_PREFIX = '/_sandbox/api'

export const controlErrorSchema = z.object({ error: z.string() })

export const endpointSchema = z.object({
  kind: z.enum(['project-scim', 'status-page-scim', 'iam-scim']),
  id: z.string(),
  name: z.string(),
  /** "Acme / Okta" — the owner and the config, as the banner prints them. */
  label: z.string(),
  baseUrl: z.string(),
  aliasUrl: z.string().nullable(),
  /** The bearer token an admin pastes into the IdP (null for IAM tenants, whose tokens are stored hashed). */
  token: z.string().nullable(),
})
export type Endpoint = z.infer<typeof endpointSchema>

export const workspaceInfoSchema = z.object({
  version: z.string(),
  workspaceFile: z.string(),
  origin: z.string(),
  startedAt: z.string(),
  endpoints: z.array(endpointSchema),
  counts: z.record(z.string(), z.number().int()),
  storage: z.object({ flushes: z.number(), records: z.number(), maxRecordsPerFlush: z.number(), compactions: z.number(), journalBytes: z.number() }),
  logCapacity: z.number().int(),
})
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>

export const directorySchema = z.object({
  projects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      teams: z.array(z.object({ id: z.string(), name: z.string(), scimConfigId: z.string().nullable(), members: z.array(z.string()) })),
      accounts: z.array(z.object({ id: z.string(), email: z.string(), name: z.string() })),
      statusPages: z.array(z.object({ id: z.string(), name: z.string(), privateUsers: z.array(z.object({ id: z.string(), email: z.string(), active: z.boolean() })) })),
      scimConfigs: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), users: z.number().int(), groups: z.number().int() })),
    }),
  ),
})
export type Directory = z.infer<typeof directorySchema>
