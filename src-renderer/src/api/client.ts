import {
  CONTROL_API_PREFIX,
  type ApiKeyCreated,
  type ApiKeyInput,
  type ApiKeyView,
  type IamGraph,
  type IamTenantInput,
  type IamTenantPatch,
  type IamTenantView,
  type IamTokenCreated,
  type IamTokenInput,
  type IamTokenPatch,
  type IamTokenView,
  type OAuthClientInput,
  type OAuthClientSecret,
  type OAuthClientView,
  type ControlIssue,
  type Directory,
  type Har,
  type ProjectInput,
  type ProjectView,
  type ResetInput,
  type RotateTokenInput,
  type ScimConfigInput,
  type ScimConfigPatch,
  type ScimConfigView,
  type Settings,
  type SettingsPatch,
  type StatusPageInput,
  type StatusPageView,
  type TeamInput,
  type TeamView,
  type WorkspaceInfo,
  type WorkspaceReplaced,
} from '@shared/control'
import type { DomainEvent } from '@shared/events'
import type { EndpointInfoOut } from '@shared/tokens'
import type { LogEntry, LogPage, LogQuery, LogSummary } from '@shared/log'
import type { ProfileInfo, Report, RunEvent, RunRequestInput, Scenario, ScenarioInput, ScenarioSummary } from '@shared/scenario'

/** An error answer of the control API (or a network failure, status 0), with per-field issues for forms. */
export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ControlIssue[] = [],
  ) {
    super(message)
    this.name = 'ControlApiError'
  }
}

/** Filters of the log list (and of the HAR export): LogQuery without paging. */
export type LogFilters = Partial<Pick<LogQuery, 'method' | 'status' | 'path' | 'configId' | 'source' | 'surface'>>
export type LogPageQuery = LogFilters & Partial<Pick<LogQuery, 'before' | 'after' | 'limit'>>

export type StreamState = 'connecting' | 'open' | 'closed'
export interface StreamListener {
  entries?(entries: LogSummary[]): void
  changed?(events: DomainEvent[]): void
  logCleared?(): void
  workspaceReplaced?(): void
  /** Simulator runs progressing (batched). */
  run?(events: RunEvent[]): void
  state?(state: StreamState): void
}

/**
 * The renderer's one way to the sandbox: every screen and store takes this interface, so component tests pass a fake
 * (./fake.ts) and the app passes the HTTP client below, in Electron and in a browser alike.
 */
export interface ControlClient {
  info(): Promise<WorkspaceInfo>
  settings(): Promise<Settings>
  updateSettings(patch: SettingsPatch): Promise<Settings>
  reset(input: ResetInput): Promise<WorkspaceReplaced>
  /** The workspace as a seed document (PRODUCT.md §2.1). */
  exportSeed(): Promise<unknown>
  importSeed(seed: unknown): Promise<WorkspaceReplaced>

  listProjects(): Promise<ProjectView[]>
  createProject(input: ProjectInput): Promise<ProjectView>
  updateProject(id: string, patch: Partial<ProjectInput>): Promise<ProjectView>
  deleteProject(id: string): Promise<void>
  listTeams(projectId: string): Promise<TeamView[]>
  createTeam(projectId: string, input: TeamInput): Promise<TeamView>
  updateTeam(id: string, patch: Partial<TeamInput>): Promise<TeamView>
  deleteTeam(id: string): Promise<void>
  listStatusPages(projectId: string): Promise<StatusPageView[]>
  createStatusPage(projectId: string, input: StatusPageInput): Promise<StatusPageView>
  updateStatusPage(id: string, patch: Partial<StatusPageInput>): Promise<StatusPageView>
  deleteStatusPage(id: string): Promise<void>

  listConfigs(): Promise<ScimConfigView[]>
  getConfig(id: string): Promise<ScimConfigView>
  createConfig(input: ScimConfigInput): Promise<ScimConfigView>
  updateConfig(id: string, patch: ScimConfigPatch): Promise<ScimConfigView>
  deleteConfig(id: string): Promise<void>
  rotateToken(id: string, input?: RotateTokenInput): Promise<ScimConfigView>

  directory(): Promise<Directory>

  // ——— credentials (secrets are in the create/rotate answers only) ———
  listApiKeys(projectId: string): Promise<ApiKeyView[]>
  createApiKey(projectId: string, input: ApiKeyInput): Promise<ApiKeyCreated>
  revokeApiKey(id: string): Promise<void>
  listOAuthClients(): Promise<OAuthClientView[]>
  createOAuthClient(input: OAuthClientInput): Promise<OAuthClientSecret>
  rotateOAuthClientSecret(clientId: string): Promise<OAuthClientSecret>
  deleteOAuthClient(clientId: string): Promise<void>
  listIamTenants(): Promise<IamTenantView[]>
  createIamTenant(input: IamTenantInput): Promise<IamTenantView>
  /** Renames a tenant or switches how it answers (its wire format). */
  updateIamTenant(id: string, patch: IamTenantPatch): Promise<IamTenantView>
  deleteIamTenant(id: string): Promise<void>
  iamEndpointInfo(tenantId: string): Promise<EndpointInfoOut>
  listIamTokens(tenantId: string): Promise<IamTokenView[]>
  createIamToken(tenantId: string, input: IamTokenInput): Promise<IamTokenCreated>
  updateIamToken(id: string, patch: IamTokenPatch): Promise<IamTokenView>
  revokeIamToken(id: string): Promise<void>
  /** One IAM tenant's IAM SCIM resources and their relations (the Directory's IAM tab). */
  iamGraph(tenantId: string): Promise<IamGraph>

  logPage(query: LogPageQuery): Promise<LogPage>
  logEntry(seq: number): Promise<LogEntry>
  clearLog(): Promise<void>
  logHar(filters: LogFilters): Promise<Har>

  // ——— the IdP simulator (PRODUCT.md §6) ———
  profiles(): Promise<ProfileInfo[]>
  /** Built-in first, then saved. */
  scenarios(): Promise<ScenarioSummary[]>
  scenario(name: string): Promise<Scenario>
  /** Saves (or replaces) a user's scenario under its name; a built-in name is a 409, an invalid one a 400 with issues. */
  saveScenario(scenario: Scenario | ScenarioInput): Promise<Scenario>
  deleteScenario(name: string): Promise<void>
  /** The scenario file's JSON Schema (for editors). */
  scenarioSchema(): Promise<unknown>
  /** 201 with the run's first report (pending/running, or waiting in step mode); progress comes as `run` stream events. */
  startRun(request: RunRequestInput): Promise<Report>
  /** Newest first, without the steps' exchanges. */
  runs(): Promise<Report[]>
  run(id: string): Promise<Report>
  /** Step mode: sends the pending request and runs up to the next one. */
  stepRun(id: string): Promise<Report>
  stopRun(id: string): Promise<Report>
  /** The report as the server's download serves it (pretty JSON text). */
  runReport(id: string): Promise<string>
  /** The run as JUnit XML. */
  runJunit(id: string): Promise<string>

  /** Live updates (log entries batched by the server, domain events, resets); returns the unsubscribe. */
  subscribe(listener: StreamListener): () => void
}

export interface Connection {
  /** The sandbox's local origin, '' for the page's own. */
  origin: string
  adminSecret: string
}

const enc = encodeURIComponent

function queryString(q: object): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** The control-API client over fetch and EventSource. */
export function httpClient(conn: Connection, fetchImpl: typeof fetch = (...a) => fetch(...a)): ControlClient {
  const base = `${conn.origin}${CONTROL_API_PREFIX}`

  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          'X-Sandbox-Secret': conn.adminSecret,
          // The log tells the UI's own writes apart from an IdP's.
          'X-Scim-Sandbox-Source': 'ui',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (e) {
      throw new ControlApiError(0, `cannot reach the sandbox: ${(e as Error).message}`)
    }
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await send(method, path, body)
    if (res.status === 204) return undefined as T
    const text = await res.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      throw new ControlApiError(res.status, `the sandbox answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`)
    }
    if (!res.ok) {
      const err = json as { error?: string; issues?: ControlIssue[] } | undefined
      throw new ControlApiError(res.status, err?.error ?? `HTTP ${res.status}`, err?.issues ?? [])
    }
    return json as T
  }

  /** A download (JUnit XML, a report file): the text as served; errors are still `{error}` JSON. */
  async function text(path: string): Promise<string> {
    const res = await send('GET', path)
    const body = await res.text()
    if (res.ok) return body
    let err: { error?: string; issues?: ControlIssue[] } | undefined
    try {
      err = JSON.parse(body) as typeof err
    } catch {
      err = undefined
    }
    throw new ControlApiError(res.status, err?.error ?? `HTTP ${res.status}: ${body.slice(0, 200)}`, err?.issues ?? [])
  }

  return {
    info: () => call('GET', '/info'),
    settings: () => call('GET', '/settings'),
    updateSettings: (patch) => call('PATCH', '/settings', patch),
    reset: (input) => call('POST', '/workspace/reset', input),
    exportSeed: () => call('GET', '/workspace/export'),
    importSeed: (seed) => call('POST', '/workspace/import', seed),

    listProjects: () => call('GET', '/projects'),
    createProject: (input) => call('POST', '/projects', input),
    updateProject: (id, patch) => call('PATCH', `/projects/${enc(id)}`, patch),
    deleteProject: (id) => call('DELETE', `/projects/${enc(id)}`),
    listTeams: (projectId) => call('GET', `/projects/${enc(projectId)}/teams`),
    createTeam: (projectId, input) => call('POST', `/projects/${enc(projectId)}/teams`, input),
    updateTeam: (id, patch) => call('PATCH', `/teams/${enc(id)}`, patch),
    deleteTeam: (id) => call('DELETE', `/teams/${enc(id)}`),
    listStatusPages: (projectId) => call('GET', `/projects/${enc(projectId)}/status-pages`),
    createStatusPage: (projectId, input) => call('POST', `/projects/${enc(projectId)}/status-pages`, input),
    updateStatusPage: (id, patch) => call('PATCH', `/status-pages/${enc(id)}`, patch),
    deleteStatusPage: (id) => call('DELETE', `/status-pages/${enc(id)}`),

    listConfigs: () => call('GET', '/scim-configs'),
    getConfig: (id) => call('GET', `/scim-configs/${enc(id)}`),
    createConfig: (input) => call('POST', '/scim-configs', input),
    updateConfig: (id, patch) => call('PATCH', `/scim-configs/${enc(id)}`, patch),
    deleteConfig: (id) => call('DELETE', `/scim-configs/${enc(id)}`),
    rotateToken: (id, input = {}) => call('POST', `/scim-configs/${enc(id)}/rotate-token`, input),

    directory: () => call('GET', '/directory'),

    listApiKeys: (projectId) => call('GET', `/projects/${enc(projectId)}/api-keys`),
    createApiKey: (projectId, input) => call('POST', `/projects/${enc(projectId)}/api-keys`, input),
    revokeApiKey: (id) => call('DELETE', `/api-keys/${enc(id)}`),
    listOAuthClients: () => call('GET', '/oauth-clients'),
    createOAuthClient: (input) => call('POST', '/oauth-clients', input),
    rotateOAuthClientSecret: (clientId) => call('POST', `/oauth-clients/${enc(clientId)}/rotate-secret`),
    deleteOAuthClient: (clientId) => call('DELETE', `/oauth-clients/${enc(clientId)}`),
    listIamTenants: () => call('GET', '/iam-tenants'),
    createIamTenant: (input) => call('POST', '/iam-tenants', input),
    updateIamTenant: (id, patch) => call('PATCH', `/iam-tenants/${enc(id)}`, patch),
    deleteIamTenant: (id) => call('DELETE', `/iam-tenants/${enc(id)}`),
    iamEndpointInfo: (tenantId) => call('GET', `/iam-tenants/${enc(tenantId)}/endpoint-info`),
    listIamTokens: (tenantId) => call('GET', `/iam-tenants/${enc(tenantId)}/tokens`),
    createIamToken: (tenantId, input) => call('POST', `/iam-tenants/${enc(tenantId)}/tokens`, input),
    updateIamToken: (id, patch) => call('PATCH', `/iam-tokens/${enc(id)}`, patch),
    revokeIamToken: (id) => call('DELETE', `/iam-tokens/${enc(id)}`),
    iamGraph: (tenantId) => call('GET', `/iam-tenants/${enc(tenantId)}/graph`),

    logPage: (q) => call('GET', `/log${queryString(q)}`),
    logEntry: (seq) => call('GET', `/log/${seq}`),
    clearLog: () => call('DELETE', '/log'),
    logHar: (filters) => call('GET', `/log/har${queryString(filters)}`),

    profiles: () => call('GET', '/profiles'),
    scenarios: () => call('GET', '/scenarios'),
    scenario: (name) => call('GET', `/scenarios/${enc(name)}`),
    saveScenario: (scenario) => call('PUT', `/scenarios/${enc(scenario.name)}`, scenario),
    deleteScenario: (name) => call('DELETE', `/scenarios/${enc(name)}`),
    scenarioSchema: () => call('GET', '/scenario-schema'),
    startRun: (request) => call('POST', '/runs', request),
    runs: () => call('GET', '/runs'),
    run: (id) => call('GET', `/runs/${enc(id)}`),
    stepRun: (id) => call('POST', `/runs/${enc(id)}/step`),
    stopRun: (id) => call('POST', `/runs/${enc(id)}/stop`),
    runReport: (id) => text(`/runs/${enc(id)}/report.json`),
    runJunit: (id) => text(`/runs/${enc(id)}/junit.xml`),

    subscribe(listener) {
      // EventSource cannot send headers, so the secret goes in the query (the server accepts it there for this).
      const url = `${base}/stream?secret=${enc(conn.adminSecret)}`
      const es = new EventSource(url)
      listener.state?.('connecting')
      es.onopen = () => listener.state?.('open')
      // EventSource reconnects by itself; the UI shows the gap and catches up with `after=` when it is back.
      es.onerror = () => listener.state?.(es.readyState === EventSource.CLOSED ? 'closed' : 'connecting')
      es.addEventListener('entries', (e) => listener.entries?.(JSON.parse((e as MessageEvent<string>).data) as LogSummary[]))
      es.addEventListener('changed', (e) => listener.changed?.((JSON.parse((e as MessageEvent<string>).data) as { events: DomainEvent[] }).events))
      es.addEventListener('log-cleared', () => listener.logCleared?.())
      es.addEventListener('workspace-replaced', () => listener.workspaceReplaced?.())
      es.addEventListener('run', (e) => listener.run?.(JSON.parse((e as MessageEvent<string>).data) as RunEvent[]))
      return () => es.close()
    },
  }
}
