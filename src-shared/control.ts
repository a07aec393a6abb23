import { z } from 'zod'
import { domainEventSchema } from './events'
import { logSummarySchema } from './log'
import { compatibilitySchema, permissionSchema, scimConfigRecord } from './workspace'
import { iamWireFormatSchema } from './iam'

/**
 * The control API (`/_sandbox/api`) that the UI uses. Every request body, answer and error is declared here once:
 * the server validates inputs with these schemas, the renderer's forms validate with the same ones, and the typed
 * client's return types are inferred from them.
 */
export const CONTROL_API_PREFIX = '/_sandbox/api'

// ——— errors ———

/** One problem with one field of a request body, so a form can show it beside that field. */
export const controlIssueSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })
export type ControlIssue = z.infer<typeof controlIssueSchema>
/**
 * Every control-API error: 400 (bad input, with `issues`), 401 (wrong or missing admin secret), 404 (no such thing),
 * 409 (conflict: a duplicate id), 413 (body too large), 500 (a bug; the message says what).
 */
export const controlErrorSchema = z.object({ error: z.string(), issues: z.array(controlIssueSchema).optional() })
export type ControlErrorBody = z.infer<typeof controlErrorSchema>

// ——— workspace ———

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

/** How the sandbox was started; port, host and data file need a restart to change, the log capacity does not. */
export const settingsSchema = z.object({
  port: z.number().int(),
  host: z.string(),
  /** The address IdPs reach the sandbox by (`--public-url`), or null when it is the local origin. */
  publicUrl: z.string().nullable(),
  dataFile: z.string(),
  logFile: z.string(),
  logCapacity: z.number().int(),
  maxLogCapacity: z.number().int(),
  bodyLimit: z.number().int(),
})
export type Settings = z.infer<typeof settingsSchema>
export const settingsPatchSchema = z
  .object({ logCapacity: z.number().int().min(100, 'keep at least 100 entries').max(200_000, 'at most 200,000 entries') })
  .partial()
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export const workspaceInfoSchema = z.object({
  version: z.string(),
  workspaceFile: z.string(),
  /** What IdPs use (the public URL when one is set). */
  origin: z.string(),
  /** Where this machine reaches the server (always loopback or the bound host). */
  localOrigin: z.string(),
  startedAt: z.string(),
  endpoints: z.array(endpointSchema),
  counts: z.record(z.string(), z.number().int()),
  storage: z.object({ flushes: z.number(), records: z.number(), maxRecordsPerFlush: z.number(), compactions: z.number(), journalBytes: z.number() }),
  logCapacity: z.number().int(),
  settings: settingsSchema,
})
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>

/** POST /workspace/reset: back to the demo workspace (fresh random secrets) or to nothing at all. */
export const resetInputSchema = z.object({ to: z.enum(['demo', 'empty']).default('demo') }).strict()
export type ResetInput = z.input<typeof resetInputSchema>
/** Secrets made by a reset to the demo workspace: shown once, here, as the banner shows them at a first start. */
export const newSecretsSchema = z.object({
  iamTokens: z.array(z.object({ tenantId: z.string(), name: z.string(), token: z.string() })),
  apiKeys: z.array(z.object({ projectId: z.string(), name: z.string(), key: z.string() })),
  oauthClients: z.array(z.object({ clientId: z.string(), clientSecret: z.string() })),
})
export const workspaceReplacedSchema = z.object({ info: workspaceInfoSchema, secrets: newSecretsSchema.nullable() })
export type WorkspaceReplaced = z.infer<typeof workspaceReplacedSchema>
// Export (GET /workspace/export) answers a seed document (`seedSchema` in ./seed); import (POST /workspace/import)
// takes one and answers WorkspaceReplaced. Import replaces the whole workspace; the UI confirms first.

// ——— projects, teams, status pages ———

const idInput = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]*$/, 'letters, digits and . _ ~ - only (it becomes part of URLs)')
const nameInput = z.string().trim().min(1, 'a name is required').max(200)

export const projectInputSchema = z.object({ id: idInput.optional(), name: nameInput }).strict()
export type ProjectInput = z.infer<typeof projectInputSchema>
export const projectPatchSchema = z.object({ name: nameInput }).partial().strict()
export const teamInputSchema = z.object({ id: idInput.optional(), name: nameInput }).strict()
export type TeamInput = z.infer<typeof teamInputSchema>
export const teamPatchSchema = z.object({ name: nameInput }).partial().strict()
export const statusPageInputSchema = z.object({ id: idInput.optional(), name: nameInput }).strict()
export type StatusPageInput = z.infer<typeof statusPageInputSchema>
export const statusPagePatchSchema = z.object({ name: nameInput }).partial().strict()

export const projectViewSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
export type ProjectView = z.infer<typeof projectViewSchema>
export const teamViewSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  scimConfigId: z.string().nullable(),
  memberCount: z.number().int(),
})
export type TeamView = z.infer<typeof teamViewSchema>
export const statusPageViewSchema = z.object({ id: z.string(), projectId: z.string(), name: z.string(), privateUserCount: z.number().int() })
export type StatusPageView = z.infer<typeof statusPageViewSchema>

// ——— SCIM configs and their tokens ———

const bearerTokenInput = z.string().min(16, 'a bearer token needs at least 16 characters').max(512).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')

const scimConfigFields = {
  name: nameInput,
  description: z.string().max(2000).default(''),
  autoProvisionUsers: z.boolean().default(true),
  autoDeprovisionUsers: z.boolean().default(true),
  compatibility: compatibilitySchema.default('tolerant'),
}
/** A new Project SCIM or Status Page SCIM config. The bearer token is generated unless given. */
export const scimConfigInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('project'),
      id: idInput.optional(),
      projectId: z.string().min(1),
      bearerToken: bearerTokenInput.optional(),
      ...scimConfigFields,
      defaultTeams: z.array(z.string()).default([]),
      enablePushGroups: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('statusPage'),
      id: idInput.optional(),
      projectId: z.string().min(1),
      statusPageId: z.string().min(1),
      bearerToken: bearerTokenInput.optional(),
      ...scimConfigFields,
    })
    .strict(),
])
export type ScimConfigInput = z.input<typeof scimConfigInputSchema>
/** Editable settings of a config; its kind, owner and token are not (rotate the token instead). */
export const scimConfigPatchSchema = z
  .object({
    name: nameInput,
    description: z.string().max(2000),
    autoProvisionUsers: z.boolean(),
    autoDeprovisionUsers: z.boolean(),
    compatibility: compatibilitySchema,
    /** Project SCIM only; each a team id of the config's project. */
    defaultTeams: z.array(z.string()),
    /** Project SCIM only. */
    enablePushGroups: z.boolean(),
  })
  .partial()
  .strict()
export type ScimConfigPatch = z.infer<typeof scimConfigPatchSchema>
/** POST /scim-configs/:id/rotate-token: the old token stops working at once; a new one is generated unless given. */
export const rotateTokenInputSchema = z.object({ bearerToken: bearerTokenInput.optional() }).strict()
export type RotateTokenInput = z.infer<typeof rotateTokenInputSchema>

/** A config as the UI shows it: the stored record (its bearerToken the admin pastes into the IdP; logs and HAR files
 * redact it) plus the names, URLs and counts around it. */
export const scimConfigViewSchema = scimConfigRecord.extend({
  projectName: z.string(),
  statusPageName: z.string().nullable(),
  /** The SCIM base URL an IdP is given, and its `/api/identity/...` alias. */
  baseUrl: z.string(),
  aliasUrl: z.string(),
  userCount: z.number().int(),
  groupCount: z.number().int(),
})
export type ScimConfigView = z.infer<typeof scimConfigViewSchema>

// ——— credentials: API keys, OAuth clients, IAM tenants and their SCIM tokens ———
// Secrets (key, clientSecret, token) are answered once, by the create or rotate call; only digests are stored.

export const apiKeyInputSchema = z.object({ name: nameInput, permissions: z.array(permissionSchema).min(1, 'choose at least one permission') }).strict()
export type ApiKeyInput = z.infer<typeof apiKeyInputSchema>
export const apiKeyViewSchema = z.object({ id: z.string(), projectId: z.string(), name: z.string(), keyPrefix: z.string(), permissions: z.array(permissionSchema), createdAt: z.string() })
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>
export const apiKeyCreatedSchema = apiKeyViewSchema.extend({ key: z.string() })
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>

export const OAUTH_SCOPES = ['scim-tokens:read', 'scim-tokens:write'] as const
export const oauthClientInputSchema = z
  .object({ clientId: idInput.optional(), scopes: z.array(z.enum(OAUTH_SCOPES)).min(1, 'choose at least one scope') })
  .strict()
export type OAuthClientInput = z.infer<typeof oauthClientInputSchema>
export const oauthClientViewSchema = z.object({ clientId: z.string(), scopes: z.array(z.string()), createdAt: z.string() })
export type OAuthClientView = z.infer<typeof oauthClientViewSchema>
export const oauthClientSecretSchema = z.object({ clientId: z.string(), clientSecret: z.string(), scopes: z.array(z.string()) })
export type OAuthClientSecret = z.infer<typeof oauthClientSecretSchema>

export const iamTenantInputSchema = z.object({ id: idInput.optional(), name: nameInput, wireFormat: iamWireFormatSchema.optional() }).strict()
export type IamTenantInput = z.infer<typeof iamTenantInputSchema>
/** PATCH /iam-tenants/:id: rename, or switch how its IAM SCIM surface answers. */
export const iamTenantPatchSchema = z.object({ name: nameInput, wireFormat: iamWireFormatSchema }).partial().strict()
export type IamTenantPatch = z.infer<typeof iamTenantPatchSchema>
export const iamTenantViewSchema = z.object({ id: z.string(), name: z.string(), scimBaseUrl: z.string(), tokenCount: z.number().int(), wireFormat: iamWireFormatSchema })
export type IamTenantView = z.infer<typeof iamTenantViewSchema>

const isoInstant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'a date and time, e.g. 2027-01-31T12:00:00Z')
export const iamTokenInputSchema = z.object({ name: nameInput, expiresAt: isoInstant.nullable().optional() }).strict()
export type IamTokenInput = z.infer<typeof iamTokenInputSchema>
export const iamTokenPatchSchema = z.object({ name: nameInput, enabled: z.boolean(), expiresAt: isoInstant.nullable() }).partial().strict()
export type IamTokenPatch = z.infer<typeof iamTokenPatchSchema>
export const iamTokenViewSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  tokenPrefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  enabled: z.boolean(),
  revokedAt: z.string().nullable(),
})
export type IamTokenView = z.infer<typeof iamTokenViewSchema>
export const iamTokenCreatedSchema = iamTokenViewSchema.extend({ token: z.string() })
export type IamTokenCreated = z.infer<typeof iamTokenCreatedSchema>
// GET /iam-tenants/:id/endpoint-info answers the tokens admin API's EndpointInfoOut (src-shared/tokens.ts).

// ——— directory ———

export const directorySchema = z.object({
  projects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      teams: z.array(z.object({ id: z.string(), name: z.string(), scimConfigId: z.string().nullable(), members: z.array(z.string()) })),
      accounts: z.array(z.object({ id: z.string(), email: z.string(), name: z.string() })),
      statusPages: z.array(z.object({ id: z.string(), name: z.string(), privateUsers: z.array(z.object({ id: z.string(), email: z.string(), active: z.boolean() })) })),
      scimConfigs: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          name: z.string(),
          users: z.number().int(),
          groups: z.number().int(),
          /** The SCIM resources this config provisioned (User: userName, active, the account it links to). */
          scimUsers: z.array(z.object({ id: z.string(), userName: z.string(), externalId: z.string().nullable(), active: z.boolean(), accountId: z.string() })),
          scimGroups: z.array(z.object({ id: z.string(), displayName: z.string(), externalId: z.string().nullable(), teamId: z.string() })),
        }),
      ),
    }),
  ),
})
export type Directory = z.infer<typeof directorySchema>

/**
 * One IAM tenant's access-control graph, for the Directory's IAM tab (GET /iam-tenants/:id/graph): every resource of
 * the tenant with its relations as ids, so the screen can draw role → permissions → statements → actions on resources
 * and who holds each role. Ids that no longer resolve never appear (deletes are refused or cascade).
 */
const iamNode = { id: z.string(), createdAt: z.string(), updatedAt: z.string() }
const iamStatementView = z.object({ actionIds: z.array(z.string()), resourceId: z.string() })
const iamMemberView = z.object({ id: z.string(), type: z.enum(['User', 'Group']) })
export const iamGraphSchema = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  actions: z.array(z.object({ ...iamNode, name: z.string(), description: z.string() })),
  resourceTypes: z.array(z.object({ ...iamNode, name: z.string(), slug: z.string(), actionIds: z.array(z.string()) })),
  resources: z.array(z.object({ ...iamNode, name: z.string(), slug: z.string(), typeId: z.string() })),
  permissions: z.array(z.object({ ...iamNode, name: z.string(), description: z.string(), statements: z.array(iamStatementView) })),
  roles: z.array(
    z.object({
      ...iamNode,
      name: z.string(),
      description: z.string(),
      permissionIds: z.array(z.string()),
      /** The role's own inline statements (Create Role's `statements`). */
      statements: z.array(iamStatementView),
      claimMapper: z.record(z.string(), z.string()),
      members: z.array(iamMemberView),
    }),
  ),
  groups: z.array(z.object({ ...iamNode, displayName: z.string(), members: z.array(iamMemberView) })),
  users: z.array(z.object({ ...iamNode, userName: z.string(), displayName: z.string(), active: z.boolean(), email: z.string().nullable() })),
})
export type IamGraph = z.infer<typeof iamGraphSchema>

// ——— the live stream (GET /stream, Server-Sent Events) ———

/**
 * Named SSE events on `/stream` (and its older alias `/log/stream`, which sends `entries` only):
 * - `entries`: new log summaries, oldest first, batched every 200 ms;
 * - `changed`: the domain events committed since the last batch (the directory and configs refetch on it);
 * - `log-cleared`: the log was cleared;
 * - `workspace-replaced`: reset or import; every view refetches;
 * - `run`: simulator run events (RunEvent[] of src-shared/scenario.ts), batched the same way.
 */
export const streamEntriesSchema = z.array(logSummarySchema)
export const streamChangedSchema = z.object({ events: z.array(domainEventSchema) })
export const STREAM_EVENTS = ['entries', 'changed', 'log-cleared', 'workspace-replaced', 'run'] as const
export type StreamEventName = (typeof STREAM_EVENTS)[number]

// ——— HAR 1.2 (GET /log/har with the filters of GET /log) ———

const harNameValue = z.object({ name: z.string(), value: z.string() })
export const harSchema = z.object({
  log: z.object({
    version: z.literal('1.2'),
    creator: z.object({ name: z.string(), version: z.string() }),
    entries: z.array(
      z.object({
        startedDateTime: z.string(),
        time: z.number(),
        request: z.object({
          method: z.string(),
          url: z.string(),
          httpVersion: z.string(),
          headers: z.array(harNameValue),
          queryString: z.array(harNameValue),
          cookies: z.array(harNameValue),
          headersSize: z.number(),
          bodySize: z.number(),
          postData: z.object({ mimeType: z.string(), text: z.string() }).optional(),
        }),
        response: z.object({
          status: z.number(),
          statusText: z.string(),
          httpVersion: z.string(),
          headers: z.array(harNameValue),
          cookies: z.array(harNameValue),
          content: z.object({ size: z.number(), mimeType: z.string(), text: z.string().optional() }),
          redirectURL: z.string(),
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        cache: z.object({}),
        timings: z.object({ send: z.number(), wait: z.number(), receive: z.number() }),
        /** Custom fields (HAR allows `_`-prefixed ones): the sandbox's log seq and the state changes caused. */
        _seq: z.number().int(),
        _events: z.array(domainEventSchema),
      }),
    ),
  }),
})
export type Har = z.infer<typeof harSchema>

/**
 * The routes, for reference (all under CONTROL_API_PREFIX; every one needs the admin secret):
 *   GET    /info                         WorkspaceInfo
 *   GET    /settings                     Settings            PATCH /settings (SettingsPatch) → Settings
 *   POST   /workspace/reset  (ResetInput)                     → WorkspaceReplaced
 *   GET    /workspace/export                                  → seed document (Content-Disposition: attachment)
 *   POST   /workspace/import (seed document)                  → WorkspaceReplaced
 *   GET    /projects                     ProjectView[]       POST /projects (ProjectInput) → 201 ProjectView
 *   PATCH  /projects/:id                 → ProjectView       DELETE /projects/:id → 204 (with everything in it)
 *   GET    /projects/:id/teams           TeamView[]          POST /projects/:id/teams (TeamInput) → 201 TeamView
 *   PATCH  /teams/:id                    → TeamView          DELETE /teams/:id → 204
 *   GET    /projects/:id/status-pages    StatusPageView[]    POST /projects/:id/status-pages → 201 StatusPageView
 *   PATCH  /status-pages/:id             → StatusPageView    DELETE /status-pages/:id → 204
 *   GET    /scim-configs                 ScimConfigView[]    POST /scim-configs (ScimConfigInput) → 201
 *   GET    /scim-configs/:id             ScimConfigView      PATCH /scim-configs/:id (ScimConfigPatch) → ScimConfigView
 *   DELETE /scim-configs/:id             → 204
 *   POST   /scim-configs/:id/rotate-token (RotateTokenInput) → ScimConfigView
 *   GET    /directory                    Directory
 *   GET    /projects/:id/api-keys        ApiKeyView[]        POST /projects/:id/api-keys (ApiKeyInput) → 201 ApiKeyCreated
 *   DELETE /api-keys/:id                 → 204 (revoked: the key stops working at once)
 *   GET    /oauth-clients                OAuthClientView[]   POST /oauth-clients (OAuthClientInput) → 201 OAuthClientSecret
 *   POST   /oauth-clients/:id/rotate-secret → OAuthClientSecret                 DELETE /oauth-clients/:id → 204
 *   GET    /iam-tenants                  IamTenantView[]     POST /iam-tenants (IamTenantInput) → 201 IamTenantView
 *   PATCH  /iam-tenants/:id (IamTenantPatch) → IamTenantView
 *   DELETE /iam-tenants/:id              → 204 (with its tokens)                GET /iam-tenants/:id/endpoint-info → EndpointInfoOut
 *   GET    /iam-tenants/:id/graph        IamGraph (the tenant's IAM SCIM resources and their relations)
 *   GET    /iam-tenants/:id/tokens       IamTokenView[]      POST /iam-tenants/:id/tokens (IamTokenInput) → 201 IamTokenCreated
 *   PATCH  /iam-tokens/:id (IamTokenPatch) → IamTokenView    DELETE /iam-tokens/:id → 204 (revoked, kept in the list)
 *   GET    /log  (LogQuery)              LogPage             DELETE /log → 204
 *   GET    /log/har (LogQuery filters)   Har                 GET /log/:seq → LogEntry
 *   GET    /stream                       SSE (see above)
 */
