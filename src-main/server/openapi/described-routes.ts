import { z } from 'zod'
import {
  apiKeyCreatedSchema,
  apiKeyInputSchema,
  apiKeyViewSchema,
  controlErrorSchema,
  iamGraphSchema,
  iamTenantInputSchema,
  iamTenantPatchSchema,
  iamTenantViewSchema,
  iamTokenCreatedSchema,
  iamTokenInputSchema,
  iamTokenPatchSchema,
  iamTokenViewSchema,
  oauthClientInputSchema,
  oauthClientSecretSchema,
  oauthClientViewSchema,
  directorySchema,
  harSchema,
  projectInputSchema,
  projectPatchSchema,
  projectViewSchema,
  resetInputSchema,
  rotateTokenInputSchema,
  scimConfigInputSchema,
  scimConfigPatchSchema,
  scimConfigViewSchema,
  settingsPatchSchema,
  settingsSchema,
  statusPageInputSchema,
  statusPagePatchSchema,
  statusPageViewSchema,
  teamInputSchema,
  teamPatchSchema,
  teamViewSchema,
  workspaceInfoSchema,
  workspaceReplacedSchema,
} from '@shared/control'
import { endpointInfoOut } from '@shared/tokens'
import { logEntrySchema, logPageSchema, logQuerySchema } from '@shared/log'
import { profileInfoSchema, reportSchema, runRequestSchema, scenarioSchema, scenarioSummarySchema } from '@shared/scenario'
import type { RouteDoc } from '../http/route-table'
import { iamRoutes } from '../iam/router'

/**
 * Surfaces whose Express routers are not (yet) driven by a RouteDef table: the control API (src-main/server/http/
 * control/*.ts), described here as data with the contract's zod schemas (the IAM SCIM surface's own table is
 * re-exported at the end); test/server/openapi.test.ts walks the Express routers' actual layers and fails when a
 * route served is missing here (or one described here is not served), so the description cannot drift silently.
 */

const CONTROL = 'Control API'
const SIM = 'Control API: simulator'
const id = z.object({ id: z.string() })
const name = z.object({ name: z.string() })
const seq = z.object({ seq: z.string() })
const anyJson = z.unknown()
const err = {
  400: { description: 'Invalid input (`issues` lists every problem)', schema: controlErrorSchema },
  401: { description: 'The admin secret is missing or wrong', schema: controlErrorSchema },
  404: { description: 'Not found', schema: controlErrorSchema },
}
const harQuery = logQuerySchema.omit({ before: true, after: true, limit: true })

type Def = Omit<RouteDoc, 'tag' | 'auth' | 'responses'> & { responses?: RouteDoc['responses']; ok?: z.ZodType; status?: number; tag?: string }

function c(d: Def): RouteDoc {
  const status = d.status ?? 200
  const ok = status === 204 ? { description: 'Done' } : { description: 'OK', ...(d.ok ? { schema: d.ok } : {}) }
  return { tag: d.tag ?? CONTROL, auth: 'adminSecret', method: d.method, path: d.path, summary: d.summary, request: d.request, responses: { [status]: ok, ...err, ...d.responses } }
}

const json = (body: z.ZodType, params?: z.ZodType) => ({ body, params, bodyContentTypes: ['application/json'] })

/** `/_sandbox/api` (CONTROL_API_PREFIX): the UI's API; every route needs the admin secret. */
export const controlRouteDocs: RouteDoc[] = [
  c({ method: 'get', path: '/info', summary: 'Workspace info', ok: workspaceInfoSchema }),
  c({ method: 'get', path: '/settings', summary: 'Settings', ok: settingsSchema }),
  c({ method: 'patch', path: '/settings', summary: 'Change settings', ok: settingsSchema, request: json(settingsPatchSchema) }),
  c({ method: 'post', path: '/workspace/reset', summary: 'Reset the workspace (demo or empty)', ok: workspaceReplacedSchema, request: json(resetInputSchema) }),
  c({ method: 'post', path: '/workspace/import', summary: 'Import a seed file', ok: workspaceReplacedSchema, request: json(anyJson) }),
  c({ method: 'get', path: '/workspace/export', summary: 'Export the workspace as a seed file (attachment)', ok: anyJson }),
  c({ method: 'get', path: '/directory', summary: 'Users and groups of every config', ok: directorySchema }),

  c({ method: 'get', path: '/projects', summary: 'List projects', ok: z.array(projectViewSchema) }),
  c({ method: 'post', path: '/projects', summary: 'Create a project', status: 201, ok: projectViewSchema, request: json(projectInputSchema) }),
  c({ method: 'patch', path: '/projects/:id', summary: 'Rename a project', ok: projectViewSchema, request: json(projectPatchSchema, id) }),
  c({ method: 'delete', path: '/projects/:id', summary: 'Delete a project', status: 204, request: { params: id } }),
  c({ method: 'get', path: '/projects/:id/teams', summary: 'List a project’s teams', ok: z.array(teamViewSchema), request: { params: id } }),
  c({ method: 'post', path: '/projects/:id/teams', summary: 'Create a team', status: 201, ok: teamViewSchema, request: json(teamInputSchema, id) }),
  c({ method: 'patch', path: '/teams/:id', summary: 'Rename a team', ok: teamViewSchema, request: json(teamPatchSchema, id) }),
  c({ method: 'delete', path: '/teams/:id', summary: 'Delete a team', status: 204, request: { params: id } }),
  c({ method: 'get', path: '/projects/:id/status-pages', summary: 'List a project’s status pages', ok: z.array(statusPageViewSchema), request: { params: id } }),
  c({ method: 'post', path: '/projects/:id/status-pages', summary: 'Create a status page', status: 201, ok: statusPageViewSchema, request: json(statusPageInputSchema, id) }),
  c({ method: 'patch', path: '/status-pages/:id', summary: 'Rename a status page', ok: statusPageViewSchema, request: json(statusPagePatchSchema, id) }),
  c({ method: 'delete', path: '/status-pages/:id', summary: 'Delete a status page', status: 204, request: { params: id } }),
  c({ method: 'get', path: '/scim-configs', summary: 'List SCIM configs', ok: z.array(scimConfigViewSchema) }),
  c({ method: 'post', path: '/scim-configs', summary: 'Create a SCIM config', status: 201, ok: scimConfigViewSchema, request: json(scimConfigInputSchema) }),
  c({ method: 'get', path: '/scim-configs/:id', summary: 'Get a SCIM config', ok: scimConfigViewSchema, request: { params: id } }),
  c({ method: 'patch', path: '/scim-configs/:id', summary: 'Change a SCIM config', ok: scimConfigViewSchema, request: json(scimConfigPatchSchema, id) }),
  c({ method: 'delete', path: '/scim-configs/:id', summary: 'Delete a SCIM config', status: 204, request: { params: id } }),
  c({ method: 'post', path: '/scim-configs/:id/rotate-token', summary: 'Rotate a SCIM config’s bearer token', ok: scimConfigViewSchema, request: json(rotateTokenInputSchema, id) }),

  c({ method: 'get', path: '/projects/:id/api-keys', summary: 'List a project’s API keys', ok: z.array(apiKeyViewSchema), request: { params: id } }),
  c({ method: 'post', path: '/projects/:id/api-keys', summary: 'Create an API key (the key is in this answer only)', status: 201, ok: apiKeyCreatedSchema, request: json(apiKeyInputSchema, id) }),
  c({ method: 'delete', path: '/api-keys/:id', summary: 'Delete an API key', status: 204, request: { params: id } }),
  c({ method: 'get', path: '/oauth-clients', summary: 'List OAuth clients', ok: z.array(oauthClientViewSchema) }),
  c({ method: 'post', path: '/oauth-clients', summary: 'Create an OAuth client (the secret is in this answer only)', status: 201, ok: oauthClientSecretSchema, request: json(oauthClientInputSchema) }),
  c({ method: 'post', path: '/oauth-clients/:id/rotate-secret', summary: 'Rotate an OAuth client’s secret', ok: oauthClientSecretSchema, request: { params: id } }),
  c({ method: 'delete', path: '/oauth-clients/:id', summary: 'Delete an OAuth client', status: 204, request: { params: id } }),
  c({ method: 'get', path: '/iam-tenants', summary: 'List IAM tenants', ok: z.array(iamTenantViewSchema) }),
  c({ method: 'post', path: '/iam-tenants', summary: 'Create an IAM tenant', status: 201, ok: iamTenantViewSchema, request: json(iamTenantInputSchema) }),
  c({ method: 'patch', path: '/iam-tenants/:id', summary: 'Rename an IAM tenant or switch how it answers (reference envelope / RFC 7643)', ok: iamTenantViewSchema, request: json(iamTenantPatchSchema, id) }),
  c({ method: 'delete', path: '/iam-tenants/:id', summary: 'Delete an IAM tenant', status: 204, request: { params: id } }),
  c({ method: 'get', path: '/iam-tenants/:id/endpoint-info', summary: 'What to paste where in Okta and Entra for a tenant', ok: endpointInfoOut, request: { params: id } }),
  c({ method: 'get', path: '/iam-tenants/:id/graph', summary: 'A tenant’s IAM resources and their relations (the Directory’s IAM tab)', ok: iamGraphSchema, request: { params: id } }),
  c({ method: 'get', path: '/iam-tenants/:id/tokens', summary: 'List a tenant’s SCIM tokens', ok: z.array(iamTokenViewSchema), request: { params: id } }),
  c({ method: 'post', path: '/iam-tenants/:id/tokens', summary: 'Create a SCIM token (the token is in this answer only)', status: 201, ok: iamTokenCreatedSchema, request: json(iamTokenInputSchema, id) }),
  c({ method: 'patch', path: '/iam-tokens/:id', summary: 'Change a SCIM token', ok: iamTokenViewSchema, request: json(iamTokenPatchSchema, id) }),
  c({ method: 'delete', path: '/iam-tokens/:id', summary: 'Revoke a SCIM token', status: 204, request: { params: id } }),

  c({ method: 'get', path: '/log', summary: 'A page of the request log', ok: logPageSchema, request: { query: logQuerySchema } }),
  c({ method: 'get', path: '/log/har', summary: 'The matching log entries as HAR 1.2 (attachment)', ok: harSchema, request: { query: harQuery } }),
  c({ method: 'get', path: '/log/stream', summary: 'Server-sent events: log entries', ok: z.string().describe('text/event-stream') }),
  c({ method: 'get', path: '/stream', summary: 'Server-sent events: log entries, domain events, clears, replacements, runs', ok: z.string().describe('text/event-stream') }),
  c({ method: 'get', path: '/log/:seq', summary: 'One log entry', ok: logEntrySchema, request: { params: seq } }),
  c({ method: 'delete', path: '/log', summary: 'Clear the request log', status: 204 }),

  c({ tag: SIM, method: 'get', path: '/profiles', summary: 'IdP profiles', ok: z.array(profileInfoSchema) }),
  c({ tag: SIM, method: 'get', path: '/scenarios', summary: 'Scenarios (built-in and saved)', ok: z.array(scenarioSummarySchema) }),
  c({ tag: SIM, method: 'get', path: '/scenario-schema', summary: 'JSON Schema of a scenario file', ok: anyJson }),
  c({ tag: SIM, method: 'get', path: '/scenarios/:name', summary: 'One scenario', ok: scenarioSchema, request: { params: name } }),
  c({ tag: SIM, method: 'put', path: '/scenarios/:name', summary: 'Save a scenario', ok: scenarioSummarySchema, request: json(scenarioSchema, name) }),
  c({ tag: SIM, method: 'delete', path: '/scenarios/:name', summary: 'Delete a saved scenario', status: 204, request: { params: name } }),
  c({ tag: SIM, method: 'post', path: '/runs', summary: 'Start a run', status: 201, ok: reportSchema, request: json(runRequestSchema) }),
  c({ tag: SIM, method: 'get', path: '/runs', summary: 'Recent runs', ok: z.array(reportSchema) }),
  c({ tag: SIM, method: 'get', path: '/runs/:id', summary: 'One run’s report', ok: reportSchema, request: { params: id } }),
  c({ tag: SIM, method: 'post', path: '/runs/:id/step', summary: 'Run the next step (step mode)', ok: reportSchema, request: { params: id } }),
  c({ tag: SIM, method: 'post', path: '/runs/:id/stop', summary: 'Stop a run', ok: reportSchema, request: { params: id } }),
  c({ tag: SIM, method: 'get', path: '/runs/:id/report.json', summary: 'A run’s report (attachment)', ok: reportSchema, request: { params: id } }),
  c({ tag: SIM, method: 'get', path: '/runs/:id/junit.xml', summary: 'A run’s report as JUnit XML (attachment)', ok: z.string(), request: { params: id } }),
]

/**
 * `/iam/scim/v2/:tenantId` (IAM_SCIM_MOUNT): no longer described by hand — the IAM router is driven by its own route
 * table (src-main/server/iam/router.ts `iamRoutes`), and this is that table without a service (handlers never run).
 */
export const iamRouteDocs: RouteDoc[] = iamRoutes()
