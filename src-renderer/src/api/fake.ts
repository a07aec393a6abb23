import {
  apiKeyInputSchema,
  iamGraphSchema,
  iamTenantInputSchema,
  iamTenantPatchSchema,
  iamTokenInputSchema,
  iamTokenPatchSchema,
  oauthClientInputSchema,
  projectInputSchema,
  type ApiKeyView,
  type IamGraph,
  type IamTenantView,
  type IamTokenView,
  type OAuthClientView,
  rotateTokenInputSchema,
  scimConfigInputSchema,
  scimConfigPatchSchema,
  settingsPatchSchema,
  statusPageInputSchema,
  teamInputSchema,
  type Directory,
  type Har,
  type ProjectView,
  type ScimConfigView,
  type Settings,
  type StatusPageView,
  type TeamView,
  type WorkspaceInfo,
  type WorkspaceReplaced,
  resetInputSchema,
  type newSecretsSchema,
} from '@shared/control'
import type { DomainEvent } from '@shared/events'
import type { EndpointInfoOut } from '@shared/tokens'
import type { IamWireFormat } from '@shared/iam'
import type { LogEntry, LogSummary } from '@shared/log'
import {
  REPORT_FORMAT,
  runRequestSchema,
  SCENARIO_FORMAT,
  scenarioSchema,
  type CheckResult,
  type Exchange,
  type ExchangeRequest,
  type ProfileId,
  type ProfileInfo,
  type Report,
  type RunEvent,
  type RunRequestInput,
  type RunStatus,
  type Scenario,
  type ScenarioInput,
  type ScenarioSummary,
  type Step,
  type StepAction,
  type StepResult,
  startedStep,
} from '@shared/scenario'
import type { z } from 'zod'
import { ControlApiError, type ControlClient, type LogFilters, type StreamListener } from './client'

/**
 * An in-memory stand-in for the control API, for component tests: it keeps state, validates inputs with the same
 * zod schemas as the server, records calls, can be told to fail, and pushes stream events on demand.
 */
export class FakeControlClient implements ControlClient {
  readonly calls: { method: keyof ControlClient; args: unknown[] }[] = []
  projects: ProjectView[] = [{ id: 'acme', name: 'Acme', createdAt: T0, updatedAt: T0 }]
  teams: TeamView[] = [
    { id: 'eng', projectId: 'acme', name: 'Engineering', scimConfigId: null, memberCount: 1 },
    { id: 'ops', projectId: 'acme', name: 'Operations', scimConfigId: null, memberCount: 1 },
  ]
  statusPages: StatusPageView[] = [{ id: 'acme-status', projectId: 'acme', name: 'Acme Status', privateUserCount: 0 }]
  configs: ScimConfigView[] = [fakeConfig({ id: 'acme-okta', name: 'Okta', bearerToken: 'tok-acme-okta-0000000', defaultTeams: ['eng'], enablePushGroups: true })]
  entries: LogEntry[] = []
  settingsValue: Settings = {
    port: 7643,
    host: '127.0.0.1',
    publicUrl: null,
    dataFile: '/tmp/ws.json',
    logFile: '/tmp/ws.json.log.ndjson',
    logCapacity: 20_000,
    maxLogCapacity: 200_000,
    bodyLimit: 1_048_576,
  }
  directoryValue: Directory = {
    projects: [
      {
        id: 'acme',
        name: 'Acme',
        teams: [
          { id: 'eng', name: 'Engineering', scimConfigId: null, members: ['acc-1'] },
          { id: 'ops', name: 'Operations', scimConfigId: null, members: ['acc-1'] },
        ],
        accounts: [{ id: 'acc-1', email: 'existing@acme.test', name: 'Existing User' }],
        statusPages: [{ id: 'acme-status', name: 'Acme Status', privateUsers: [] }],
        scimConfigs: [{ id: 'acme-okta', kind: 'project', name: 'Okta', users: 0, groups: 0, scimUsers: [], scimGroups: [] }],
      },
    ],
  }
  /** Overrides merged into `info()` (storage figures, version, counts…). */
  infoValue: Partial<WorkspaceInfo> = {}
  /** What a reset to the demo workspace answers as its one-time secrets. */
  demoSecrets: NewSecrets = {
    iamTokens: [{ tenantId: 'tenant-1', name: 'idp', token: 'iam-token-demo-1234567890' }],
    apiKeys: [{ projectId: 'acme', name: 'owner', key: 'api-key-demo-1234567890' }],
    oauthClients: [{ clientId: 'admin-cli', clientSecret: 'oauth-secret-demo-1234567890' }],
  }
  apiKeys: ApiKeyView[] = [{ id: 'key-1', projectId: 'acme', name: 'owner', keyPrefix: 'key-ow', permissions: ['ProjectOwner'], createdAt: T0 }]
  oauthClients: OAuthClientView[] = [{ clientId: 'admin-cli', scopes: ['scim-tokens:read', 'scim-tokens:write'], createdAt: T0 }]
  iamTenants: { id: string; name: string; wireFormat?: IamWireFormat }[] = [{ id: 'tenant-1', name: 'Demo tenant' }]
  iamTokens: IamTokenView[] = [
    { id: 'itok-1', tenantId: 'tenant-1', name: 'idp', tokenPrefix: 'tok-iam-demo', createdAt: T0, expiresAt: null, enabled: true, revokedAt: null },
  ]
  /** IAM graphs by tenant id (validated with the server's schema when answered); a tenant without one has an empty graph. */
  iamGraphs: Record<string, IamGraph> = {}
  private listeners = new Set<StreamListener>()
  private failures = new Map<keyof ControlClient, ControlApiError>()
  private seq = 0

  /** The next call of `method` rejects with this error (once). */
  failNext(method: keyof ControlClient, error = new ControlApiError(500, 'boom')) {
    this.failures.set(method, error)
  }

  /** Adds entries as if the server had logged them, and pushes their summaries through the stream. */
  log(...partial: Partial<LogEntry>[]): LogEntry[] {
    const made = partial.map((p) => fakeEntry(++this.seq, p))
    this.entries.push(...made)
    this.emit((l) => l.entries?.(made.map(summarize)))
    return made
  }
  emitChanged(events: DomainEvent[]) {
    this.emit((l) => l.changed?.(events))
  }
  emitWorkspaceReplaced() {
    this.emit((l) => l.workspaceReplaced?.())
  }
  get subscriberCount() {
    return this.listeners.size
  }

  private emit(fn: (l: StreamListener) => void) {
    for (const l of this.listeners) fn(l)
  }
  private async answer<T>(method: keyof ControlClient, args: unknown[], fn: () => T): Promise<T> {
    this.calls.push({ method, args })
    await Promise.resolve()
    const failure = this.failures.get(method)
    if (failure) {
      this.failures.delete(method)
      throw failure
    }
    return structuredClone(fn())
  }

  info() {
    return this.answer('info', [], () => this.buildInfo())
  }
  private buildInfo(): WorkspaceInfo {
    return {
      version: '0.1.0',
      workspaceFile: this.settingsValue.dataFile,
      origin: 'http://127.0.0.1:7643',
      localOrigin: 'http://127.0.0.1:7643',
      startedAt: T0,
      endpoints: this.configs.map((c) => ({
        kind: c.kind === 'project' ? 'project-scim' : 'status-page-scim',
        id: c.id,
        name: c.name,
        label: `${c.statusPageName ?? c.projectName} / ${c.name}`,
        baseUrl: c.baseUrl,
        aliasUrl: c.aliasUrl,
        token: c.bearerToken,
      })),
      counts: { projects: this.projects.length, scimConfigs: this.configs.length },
      storage: { flushes: 0, records: 0, maxRecordsPerFlush: 0, compactions: 0, journalBytes: 0 },
      logCapacity: this.settingsValue.logCapacity,
      settings: this.settingsValue,
      ...this.infoValue,
    }
  }
  settings() {
    return this.answer('settings', [], () => this.settingsValue)
  }
  updateSettings(patch: unknown) {
    return this.answer('updateSettings', [patch], () => {
      this.settingsValue = { ...this.settingsValue, ...parse(settingsPatchSchema, patch) }
      return this.settingsValue
    })
  }
  reset(input: unknown) {
    return this.answer('reset', [input], (): WorkspaceReplaced => {
      const { to } = parse(resetInputSchema, input)
      this.entries = []
      if (to === 'empty') {
        this.projects = []
        this.teams = []
        this.statusPages = []
        this.configs = []
        this.directoryValue = { projects: [] }
      } else {
        const fresh = new FakeControlClient()
        this.projects = fresh.projects
        this.teams = fresh.teams
        this.statusPages = fresh.statusPages
        this.configs = fresh.configs
        this.directoryValue = fresh.directoryValue
      }
      // The server announces every replacement on the stream; so does the fake, after answering.
      setTimeout(() => this.emitWorkspaceReplaced(), 0)
      return { info: this.buildInfo(), secrets: to === 'demo' ? this.demoSecrets : null }
    })
  }
  exportSeed() {
    return this.answer('exportSeed', [], () => ({ projects: this.projects.map((p) => ({ id: p.id, name: p.name })) }))
  }
  importSeed(seed: unknown) {
    return this.answer('importSeed', [seed], (): WorkspaceReplaced => {
      setTimeout(() => this.emitWorkspaceReplaced(), 0)
      return { info: this.buildInfo(), secrets: null }
    })
  }

  listProjects() {
    return this.answer('listProjects', [], () => this.projects)
  }
  createProject(input: unknown) {
    return this.answer('createProject', [input], () => {
      const i = parse(projectInputSchema, input)
      const id = i.id ?? slug(i.name)
      if (this.projects.some((p) => p.id === id)) throw new ControlApiError(409, `a project "${id}" exists already`)
      const p = { id, name: i.name, createdAt: T0, updatedAt: T0 }
      this.projects.push(p)
      return p
    })
  }
  updateProject(id: string, patch: { name?: string }) {
    return this.answer('updateProject', [id, patch], () => Object.assign(found(this.projects, id), patch))
  }
  deleteProject(id: string) {
    return this.answer('deleteProject', [id], () => {
      found(this.projects, id)
      // Everything in it goes with it, as on the server.
      this.projects = this.projects.filter((p) => p.id !== id)
      this.teams = this.teams.filter((t) => t.projectId !== id)
      this.statusPages = this.statusPages.filter((s) => s.projectId !== id)
      this.configs = this.configs.filter((c) => c.projectId !== id)
    })
  }
  listTeams(projectId: string) {
    return this.answer('listTeams', [projectId], () => this.teams.filter((t) => t.projectId === projectId))
  }
  createTeam(projectId: string, input: unknown) {
    return this.answer('createTeam', [projectId, input], () => {
      const i = parse(teamInputSchema, input)
      found(this.projects, projectId)
      const t: TeamView = { id: i.id ?? slug(i.name), projectId, name: i.name, scimConfigId: null, memberCount: 0 }
      this.teams.push(t)
      return t
    })
  }
  updateTeam(id: string, patch: { name?: string }) {
    return this.answer('updateTeam', [id, patch], () => Object.assign(found(this.teams, id), patch))
  }
  deleteTeam(id: string) {
    return this.answer('deleteTeam', [id], () => {
      found(this.teams, id)
      this.teams = this.teams.filter((t) => t.id !== id)
    })
  }
  listStatusPages(projectId: string) {
    return this.answer('listStatusPages', [projectId], () => this.statusPages.filter((s) => s.projectId === projectId))
  }
  createStatusPage(projectId: string, input: unknown) {
    return this.answer('createStatusPage', [projectId, input], () => {
      const i = parse(statusPageInputSchema, input)
      found(this.projects, projectId)
      const s: StatusPageView = { id: i.id ?? slug(i.name), projectId, name: i.name, privateUserCount: 0 }
      this.statusPages.push(s)
      return s
    })
  }
  updateStatusPage(id: string, patch: { name?: string }) {
    return this.answer('updateStatusPage', [id, patch], () => Object.assign(found(this.statusPages, id), patch))
  }
  deleteStatusPage(id: string) {
    return this.answer('deleteStatusPage', [id], () => {
      found(this.statusPages, id)
      this.statusPages = this.statusPages.filter((s) => s.id !== id)
    })
  }

  listConfigs() {
    return this.answer('listConfigs', [], () => this.configs)
  }
  getConfig(id: string) {
    return this.answer('getConfig', [id], () => found(this.configs, id))
  }
  createConfig(input: unknown) {
    return this.answer('createConfig', [input], () => {
      const i = parse(scimConfigInputSchema, input)
      const id = i.id ?? slug(i.name)
      if (this.configs.some((c) => c.id === id)) throw new ControlApiError(409, `a SCIM config "${id}" exists already`)
      const project = found(this.projects, i.projectId)
      const c = fakeConfig({
        ...i,
        id,
        projectName: project.name,
        statusPageId: i.kind === 'statusPage' ? i.statusPageId : null,
        statusPageName: i.kind === 'statusPage' ? (this.statusPages.find((s) => s.id === i.statusPageId)?.name ?? null) : null,
        bearerToken: i.bearerToken ?? `generated-token-${this.configs.length + 1}-xxxxxxxx`,
        defaultTeams: i.kind === 'project' ? i.defaultTeams : [],
        enablePushGroups: i.kind === 'project' ? i.enablePushGroups : false,
      })
      this.configs.push(c)
      return c
    })
  }
  updateConfig(id: string, patch: unknown) {
    return this.answer('updateConfig', [id, patch], () => Object.assign(found(this.configs, id), parse(scimConfigPatchSchema, patch)))
  }
  deleteConfig(id: string) {
    return this.answer('deleteConfig', [id], () => {
      found(this.configs, id)
      this.configs = this.configs.filter((c) => c.id !== id)
    })
  }
  rotateToken(id: string, input: unknown = {}) {
    return this.answer('rotateToken', [id, input], () => {
      const c = found(this.configs, id)
      c.bearerToken = parse(rotateTokenInputSchema, input).bearerToken ?? `rotated-token-${++this.seq}-xxxxxxxx`
      return c
    })
  }

  // ——— credentials ———

  listApiKeys(projectId: string) {
    return this.answer('listApiKeys', [projectId], () => {
      found(this.projects, projectId)
      return this.apiKeys.filter((k) => k.projectId === projectId)
    })
  }
  createApiKey(projectId: string, input: unknown) {
    return this.answer('createApiKey', [projectId, input], () => {
      found(this.projects, projectId)
      const i = parse(apiKeyInputSchema, input)
      const key = `key-fake-${++this.seq}-secretvalue`
      const k: ApiKeyView = { id: `key-id-new-${this.seq}`, projectId, name: i.name, keyPrefix: key.slice(0, 6), permissions: i.permissions, createdAt: T0 }
      this.apiKeys.push(k)
      return { ...k, key }
    })
  }
  revokeApiKey(id: string) {
    return this.answer('revokeApiKey', [id], () => {
      found(this.apiKeys, id)
      this.apiKeys = this.apiKeys.filter((k) => k.id !== id)
    })
  }
  listOAuthClients() {
    return this.answer('listOAuthClients', [], () => this.oauthClients)
  }
  createOAuthClient(input: unknown) {
    return this.answer('createOAuthClient', [input], () => {
      const i = parse(oauthClientInputSchema, input)
      const clientId = i.clientId ?? `client-${++this.seq}`
      if (this.oauthClients.some((c) => c.clientId === clientId)) throw new ControlApiError(409, `an OAuth client with id "${clientId}" already exists`)
      this.oauthClients.push({ clientId, scopes: i.scopes, createdAt: T0 })
      return { clientId, clientSecret: `sec-fake-${++this.seq}-secretvalue`, scopes: i.scopes }
    })
  }
  rotateOAuthClientSecret(clientId: string) {
    return this.answer('rotateOAuthClientSecret', [clientId], () => {
      const c = this.oauthClients.find((x) => x.clientId === clientId)
      if (!c) throw new ControlApiError(404, `no OAuth client "${clientId}"`)
      return { clientId, clientSecret: `sec-rotated-${++this.seq}-secretvalue`, scopes: c.scopes }
    })
  }
  deleteOAuthClient(clientId: string) {
    return this.answer('deleteOAuthClient', [clientId], () => {
      if (!this.oauthClients.some((x) => x.clientId === clientId)) throw new ControlApiError(404, `no OAuth client "${clientId}"`)
      this.oauthClients = this.oauthClients.filter((x) => x.clientId !== clientId)
    })
  }
  private tenantView(t: { id: string; name: string; wireFormat?: IamWireFormat }): IamTenantView {
    return {
      id: t.id,
      name: t.name,
      scimBaseUrl: `http://127.0.0.1:7643/iam/scim/v2/${t.id}`,
      tokenCount: this.iamTokens.filter((k) => k.tenantId === t.id).length,
      wireFormat: t.wireFormat ?? 'reference',
    }
  }
  listIamTenants() {
    return this.answer('listIamTenants', [], () => this.iamTenants.map((t) => this.tenantView(t)))
  }
  createIamTenant(input: unknown) {
    return this.answer('createIamTenant', [input], () => {
      const i = parse(iamTenantInputSchema, input)
      const id = i.id ?? slug(i.name)
      if (this.iamTenants.some((t) => t.id === id)) throw new ControlApiError(409, `an IAM tenant with id "${id}" already exists`)
      const t = { id, name: i.name, wireFormat: i.wireFormat ?? 'reference' }
      this.iamTenants.push(t)
      return this.tenantView(t)
    })
  }
  updateIamTenant(id: string, patch: unknown) {
    return this.answer('updateIamTenant', [id, patch], () => {
      const t = found(this.iamTenants, id)
      const p = parse(iamTenantPatchSchema, patch)
      if (p.name !== undefined) t.name = p.name
      if (p.wireFormat !== undefined) t.wireFormat = p.wireFormat
      return this.tenantView(t)
    })
  }
  deleteIamTenant(id: string) {
    return this.answer('deleteIamTenant', [id], () => {
      found(this.iamTenants, id)
      this.iamTenants = this.iamTenants.filter((t) => t.id !== id)
      this.iamTokens = this.iamTokens.filter((k) => k.tenantId !== id)
      delete this.iamGraphs[id]
    })
  }
  iamGraph(tenantId: string) {
    return this.answer('iamGraph', [tenantId], () => {
      const t = found(this.iamTenants, tenantId)
      return iamGraphSchema.parse(this.iamGraphs[tenantId] ?? emptyIamGraph(t.id, t.name))
    })
  }
  iamEndpointInfo(tenantId: string) {
    return this.answer('iamEndpointInfo', [tenantId], (): EndpointInfoOut => {
      const t = found(this.iamTenants, tenantId)
      const url = this.tenantView(t).scimBaseUrl
      const token = '<the token (shown once)>'
      return {
        tenant_id: t.id,
        tenant_name: t.name,
        scim_base_url: url,
        auth_scheme: 'Bearer',
        token_endpoint: 'http://127.0.0.1:7643/api/v1/oauth/token',
        create_token: `POST http://127.0.0.1:7643/api/v1/admin/scim-tokens/ {"name": "...", "tenant_id": "${t.id}"}`,
        okta: { steps: [{ field: 'SCIM connector base URL', value: url }, { field: 'HTTP Header → Authorization (Bearer)', value: token }], notes: ['Okta note'] },
        entra: { steps: [{ field: 'Tenant URL', value: `${url}?aadOptscim062020` }, { field: 'Secret Token', value: token }], notes: ['Entra only accepts HTTPS tenant URLs.'] },
      }
    })
  }
  listIamTokens(tenantId: string) {
    return this.answer('listIamTokens', [tenantId], () => {
      found(this.iamTenants, tenantId)
      return this.iamTokens.filter((k) => k.tenantId === tenantId)
    })
  }
  createIamToken(tenantId: string, input: unknown) {
    return this.answer('createIamToken', [tenantId, input], () => {
      found(this.iamTenants, tenantId)
      const i = parse(iamTokenInputSchema, input)
      const token = `tok-iam-fake-${++this.seq}-secretvalue`
      const k: IamTokenView = { id: `itok-new-${this.seq}`, tenantId, name: i.name, tokenPrefix: token.slice(0, 12), createdAt: T0, expiresAt: i.expiresAt ? new Date(i.expiresAt).toISOString() : null, enabled: true, revokedAt: null }
      this.iamTokens.unshift(k)
      return { ...k, token }
    })
  }
  updateIamToken(id: string, patch: unknown) {
    return this.answer('updateIamToken', [id, patch], () => {
      const k = found(this.iamTokens, id)
      const p = parse(iamTokenPatchSchema, patch)
      if (p.name !== undefined) k.name = p.name
      if (p.enabled !== undefined) k.enabled = p.enabled
      if (p.expiresAt !== undefined) k.expiresAt = p.expiresAt
      return k
    })
  }
  revokeIamToken(id: string) {
    return this.answer('revokeIamToken', [id], () => {
      const k = found(this.iamTokens, id)
      k.revokedAt ??= T0
    })
  }

  directory() {
    return this.answer('directory', [], () => this.directoryValue)
  }

  logPage(q: { before?: number; after?: number; limit?: number } & LogFilters) {
    return this.answer('logPage', [q], () => {
      const all = this.entries.filter((e) => matches(e, q)).sort((a, b) => b.seq - a.seq)
      const page = all.filter((e) => (q.before === undefined || e.seq < q.before) && (q.after === undefined || e.seq > q.after)).slice(0, q.limit ?? 100)
      return { entries: page.map(summarize), total: all.length, newestSeq: this.seq }
    })
  }
  logEntry(seq: number) {
    return this.answer('logEntry', [seq], () => {
      const e = this.entries.find((x) => x.seq === seq)
      if (!e) throw new ControlApiError(404, `no log entry ${seq}`)
      return e
    })
  }
  clearLog() {
    return this.answer('clearLog', [], () => {
      this.entries = []
      this.emit((l) => l.logCleared?.())
    })
  }
  logHar(filters: LogFilters) {
    return this.answer('logHar', [filters], (): Har => ({ log: { version: '1.2', creator: { name: 'SCIM Sandbox', version: '0.1.0' }, entries: [] } }))
  }

  // ——— the IdP simulator, in memory ———
  // Runs progress only when told: `advanceRun` in run mode, `stepRun` (the UI's Send) in step mode. Every change is
  // pushed to the stream listeners as `run` events, as the server does.

  profilesValue: ProfileInfo[] = FAKE_PROFILES.map((p) => ({ ...p }))
  builtInScenarios: Scenario[] = FAKE_BUILT_IN_SCENARIOS.map((s) => structuredClone(s))
  savedScenarios: Scenario[] = []
  private simRuns = new Map<string, FakeRun>()
  private simFailures = new Map<string, { reason: string; outcome: 'fail' | 'warn' }>()
  private runSeq = 0

  /** Every step of this action ends in `outcome` (fail by default) with this reason, in every later run. */
  simulateFailure(action: StepAction, reason: string, outcome: 'fail' | 'warn' = 'fail') {
    this.simFailures.set(action, { reason, outcome })
  }
  /** The newest run's id (the one a test just started). */
  get lastRunId(): string | undefined {
    return [...this.simRuns.keys()].pop()
  }
  /** A run's current report, as the server holds it. */
  runReportValue(id = this.lastRunId): Report | undefined {
    const r = id === undefined ? undefined : this.simRuns.get(id)
    return r ? structuredClone(r.report) : undefined
  }
  /**
   * Run mode: runs `steps` more steps of a run (the newest by default), emitting each request as an `exchange` event,
   * each step as a `step` event, and `finished` at the end. Returns the report.
   */
  advanceRun(id = this.lastRunId, steps = 1): Report {
    const run = id === undefined ? undefined : this.simRuns.get(id)
    if (!run) throw new Error(`advanceRun: no run ${id}`)
    for (let n = 0; n < steps && !isTerminal(run.report.status); n++) {
      while (!isTerminal(run.report.status) && this.sendNext(run) === 'more') {
        // the step's next request
      }
    }
    return structuredClone(run.report)
  }
  /** Runs a run (the newest by default) to its end. */
  finishRun(id = this.lastRunId): Report {
    return this.advanceRun(id, Number.MAX_SAFE_INTEGER)
  }

  private emitRun(...events: RunEvent[]) {
    const copy = structuredClone(events)
    this.emit((l) => l.run?.(copy))
  }
  private findRun(id: string): FakeRun {
    const run = this.simRuns.get(id)
    if (!run) throw new ControlApiError(404, `no run "${id}" (the sandbox keeps the last 50 runs, until it restarts)`)
    return run
  }
  private findScenario(name: string): Scenario | undefined {
    return [...this.builtInScenarios, ...this.savedScenarios].find((s) => s.name === name)
  }

  /**
   * Sends the run's next request; 'more' while the step has more to send, 'step' when a step ended. As on the server,
   * a step is in the report from the moment it starts (reason "running", a provisional outcome, its requests so far).
   */
  private sendNext(run: FakeRun): 'more' | 'step' {
    const planned = run.plan[run.stepCursor]
    if (!planned) {
      this.finish(run)
      return 'step'
    }
    const r = run.report
    r.status = 'running'
    r.pending = null
    const step = this.stepEntry(run, planned)
    const p = planned.exchanges[run.exchangeCursor]
    if (p) {
      const exchange: Exchange = {
        seq: ++run.seq,
        request: p.request,
        response: { status: p.status, headers: { 'content-type': 'application/scim+json; charset=utf-8' }, body: p.responseBody === null ? null : JSON.stringify(p.responseBody), durationMs: 3 + (run.seq % 5) },
        error: null,
        retries: 0,
        checks: p.checks,
        directoryChanges: r.target.kind === 'embedded' ? p.changes : [],
      }
      step.exchanges.push(exchange)
      step.exchangeCount++
      step.directoryChanges.push(...exchange.directoryChanges)
      r.summary = summarizeReport(r)
      run.exchangeCursor++
      this.emitRun({ type: 'exchange', runId: r.runId, stepIndex: planned.index, exchange })
      if (run.exchangeCursor < planned.exchanges.length) {
        this.setPending(run)
        return 'more'
      }
    }
    const failure = planned.skipped ? undefined : this.simFailures.get(planned.step.action)
    if (failure) {
      const main = step.exchanges[step.exchanges.length - 1]
      if (main) main.checks = [{ ...main.checks[0]!, outcome: failure.outcome, reason: failure.reason }]
    }
    step.outcome = planned.skipped ? 'skipped' : (failure?.outcome ?? 'pass')
    step.reason = planned.skipped ?? failure?.reason ?? planned.passReason
    step.durationMs = step.exchanges.reduce((n, e) => n + (e.response?.durationMs ?? 0), 0)
    r.summary = summarizeReport(r)
    run.stepCursor++
    run.exchangeCursor = 0
    this.emitRun({ type: 'step', runId: r.runId, step })
    if (run.stepCursor >= run.plan.length) this.finish(run)
    else this.setPending(run)
    return 'step'
  }
  /** The report's entry of the step being sent, made when it starts. */
  private stepEntry(run: FakeRun, planned: PlannedStep): StepResult {
    const r = run.report
    let step = r.steps.find((s) => s.index === planned.index)
    if (!step) {
      step = startedStep(planned.index, {
        id: planned.step.id ?? String(planned.index + 1),
        action: planned.step.action,
        title: planned.title,
        startedAt: new Date(Date.parse(T0) + run.seq * 1000).toISOString(),
      })
      r.steps.push(step)
      r.summary = summarizeReport(r)
    }
    return step
  }
  private setPending(run: FakeRun) {
    const r = run.report
    if (r.mode !== 'step') return
    const planned = run.plan[run.stepCursor]!
    const next = planned.exchanges[run.exchangeCursor]
    if (!next) {
      // A step that sends nothing (Okta's DELETE): it is decided at once.
      this.sendNext(run)
      return
    }
    this.stepEntry(run, planned)
    r.status = 'waiting'
    r.pending = { ...next.request, stepIndex: planned.index }
    this.emitRun({ type: 'pending', runId: r.runId, stepIndex: planned.index, request: next.request })
  }
  private finish(run: FakeRun, status?: RunStatus) {
    const r = run.report
    if (isTerminal(r.status)) return
    r.pending = null
    r.status = status ?? (r.steps.some((s) => s.outcome === 'fail') ? 'failed' : 'passed')
    r.finishedAt = new Date(Date.parse(T0) + 60_000 + run.seq * 1000).toISOString()
    const last = r.steps[r.steps.length - 1]
    if (status === 'cancelled' && last && last.reason === 'running') {
      last.outcome = 'skipped'
      last.reason = 'cancelled: the run was stopped during this step'
    }
    r.summary = summarizeReport(r)
    this.emitRun({ type: 'finished', runId: r.runId, report: r })
  }

  profiles() {
    return this.answer('profiles', [], () => this.profilesValue)
  }
  scenarios() {
    return this.answer('scenarios', [], (): ScenarioSummary[] => [
      ...this.builtInScenarios.map((s) => summarizeScenario(s, true)),
      ...this.savedScenarios.map((s) => summarizeScenario(s, false)),
    ])
  }
  scenario(name: string) {
    return this.answer('scenario', [name], () => {
      const s = this.findScenario(name)
      if (!s) throw new ControlApiError(404, `no scenario "${name}"`)
      return s
    })
  }
  saveScenario(input: Scenario | ScenarioInput) {
    return this.answer('saveScenario', [input], () => {
      const s = parse(scenarioSchema, input)
      if (this.builtInScenarios.some((b) => b.name === s.name)) throw new ControlApiError(409, `"${s.name}" is a built-in scenario: save yours under another name`)
      this.savedScenarios = [...this.savedScenarios.filter((x) => x.name !== s.name), s]
      return s
    })
  }
  deleteScenario(name: string) {
    return this.answer('deleteScenario', [name], () => {
      if (this.builtInScenarios.some((b) => b.name === name)) throw new ControlApiError(409, `"${name}" is a built-in scenario and cannot be deleted`)
      if (!this.savedScenarios.some((x) => x.name === name)) throw new ControlApiError(404, `no saved scenario "${name}"`)
      this.savedScenarios = this.savedScenarios.filter((x) => x.name !== name)
    })
  }
  scenarioSchema() {
    return this.answer('scenarioSchema', [], () => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'SCIM Sandbox scenario', type: 'object' }))
  }
  startRun(input: RunRequestInput) {
    return this.answer('startRun', [input], () => {
      const req = parse(runRequestSchema, input)
      const scenario = typeof req.scenario === 'string' ? this.findScenario(req.scenario) : req.scenario
      if (!scenario) throw new ControlApiError(404, `no scenario "${String(req.scenario)}"`)
      let baseUrl: string
      if (req.target.kind === 'embedded') {
        const configId = req.target.configId
        const config = this.configs.find((c) => c.id === configId)
        if (!config) throw new ControlApiError(404, `no SCIM config "${configId}"`)
        baseUrl = config.baseUrl
      } else baseUrl = req.target.baseUrl.replace(/\/+$/, '')
      const profile = req.profile ?? scenario.profile
      const runId = `run-${++this.runSeq}`
      const report: Report = {
        format: REPORT_FORMAT,
        version: 1,
        runId,
        scenario: scenario.name,
        title: scenario.title,
        profile,
        target: { kind: req.target.kind, baseUrl, configId: req.target.kind === 'embedded' ? req.target.configId : null },
        mode: req.mode,
        status: 'running',
        startedAt: new Date(Date.parse(T0) + this.runSeq * 60_000).toISOString(),
        finishedAt: null,
        summary: summarizeReport({ steps: [] }),
        steps: [],
        pending: null,
      }
      const run: FakeRun = { report, plan: planScenario(scenario, profile, baseUrl), stepCursor: 0, exchangeCursor: 0, seq: 0 }
      this.simRuns.set(runId, run)
      this.emitRun({ type: 'started', runId, report })
      if (req.mode === 'step') this.setPending(run)
      return run.report
    })
  }
  runs() {
    return this.answer('runs', [], () =>
      [...this.simRuns.values()].reverse().map((r) => ({ ...r.report, steps: r.report.steps.map((s) => ({ ...s, exchanges: [] })) })),
    )
  }
  run(id: string) {
    return this.answer('run', [id], () => this.findRun(id).report)
  }
  stepRun(id: string) {
    return this.answer('stepRun', [id], () => {
      const run = this.findRun(id)
      if (run.report.mode !== 'step' || run.report.status !== 'waiting') throw new ControlApiError(409, `run ${id} is not waiting for a step (it is ${run.report.status})`)
      this.sendNext(run)
      return run.report
    })
  }
  stopRun(id: string) {
    return this.answer('stopRun', [id], () => {
      const run = this.findRun(id)
      this.finish(run, 'cancelled')
      return run.report
    })
  }
  runReport(id: string) {
    return this.answer('runReport', [id], () => JSON.stringify(this.findRun(id).report, null, 2))
  }
  runJunit(id: string) {
    return this.answer('runJunit', [id], () => fakeJunit(this.findRun(id).report))
  }

  subscribe(listener: StreamListener) {
    this.listeners.add(listener)
    listener.state?.('open')
    return () => {
      this.listeners.delete(listener)
    }
  }
}

const T0 = '2026-12-01T10:00:00.000Z'

export function emptyIamGraph(tenantId: string, tenantName: string): IamGraph {
  return { tenantId, tenantName, actions: [], resourceTypes: [], resources: [], permissions: [], roles: [], groups: [], users: [] }
}

/** The demo tenant's graph as the server answers it: Release manager → Deploy checkout → deploy on Checkout API (Service). */
export function fakeIamGraph(tenantId = 'tenant-1', tenantName = 'Demo tenant'): IamGraph {
  const n = (id: string) => ({ id, createdAt: T0, updatedAt: T0 })
  return {
    tenantId,
    tenantName,
    actions: [
      { ...n('act-read'), name: 'read', description: 'Read a resource' },
      { ...n('act-write'), name: 'write', description: 'Change a resource' },
      { ...n('act-deploy'), name: 'deploy', description: 'Deploy a service' },
    ],
    resourceTypes: [{ ...n('rt-service'), name: 'Service', slug: 'service', actionIds: ['act-read', 'act-deploy'] }],
    resources: [{ ...n('res-checkout-api'), name: 'Checkout API', slug: 'checkout-api', typeId: 'rt-service' }],
    permissions: [{ ...n('perm-deploy-checkout'), name: 'Deploy checkout', description: 'Deploy the Checkout API', statements: [{ actionIds: ['act-deploy'], resourceId: 'res-checkout-api' }] }],
    roles: [
      {
        ...n('role-release-manager'),
        name: 'Release manager',
        description: 'Ships the checkout',
        permissionIds: ['perm-deploy-checkout'],
        statements: [],
        claimMapper: { team: 'release' },
        members: [
          { id: 'usr-ada', type: 'User' },
          { id: 'grp-sre', type: 'Group' },
        ],
      },
    ],
    groups: [{ ...n('grp-sre'), displayName: 'SRE', members: [{ id: 'usr-grace', type: 'User' }] }],
    users: [
      { ...n('usr-ada'), userName: 'ada@acme.test', displayName: 'Ada Lovelace', active: true, email: 'ada@acme.test' },
      { ...n('usr-grace'), userName: 'grace@acme.test', displayName: 'Grace Hopper', active: true, email: 'grace@acme.test' },
    ],
  }
}
type NewSecrets = z.infer<typeof newSecretsSchema>

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input)
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }))
    throw new ControlApiError(400, issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues)
  }
  return r.data
}
function found<T extends { id: string }>(list: T[], id: string): T {
  const x = list.find((i) => i.id === id)
  if (!x) throw new ControlApiError(404, `no "${id}"`)
  return x
}
function slug(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'item'
}
function matches(e: LogEntry, f: LogFilters): boolean {
  if (f.method && e.method !== f.method) return false
  if (f.status && !(f.status.endsWith('xx') ? String(e.status)[0] === f.status[0] : String(e.status) === f.status)) return false
  if (f.path && !e.path.toLowerCase().includes(f.path.toLowerCase())) return false
  if (f.configId && e.configId !== f.configId) return false
  if (f.source && e.source !== f.source) return false
  if (f.surface && e.surface !== f.surface) return false
  return true
}
export function summarize(e: LogEntry): LogSummary {
  const { requestHeaders: _a, responseHeaders: _b, requestBody: _c, responseBody: _d, ...s } = e
  return { ...s, eventCount: e.events.length }
}
export function fakeEntry(seq: number, p: Partial<LogEntry> = {}): LogEntry {
  return {
    seq,
    time: new Date(Date.parse(T0) + seq * 1000).toISOString(),
    method: 'GET',
    path: '/scim/v2/acme-okta/Users',
    query: '',
    status: 200,
    durationMs: 1.5,
    surface: 'project-scim',
    configId: 'acme-okta',
    source: 'external',
    runId: null,
    requestHeaders: { authorization: 'Bearer tok-a…', accept: 'application/scim+json' },
    responseHeaders: { 'content-type': 'application/scim+json' },
    requestBody: null,
    responseBody: { text: '{"totalResults":0}', truncated: false, size: 18 },
    events: [],
    ...p,
  }
}
export function fakeConfig(p: Partial<ScimConfigView> & { id: string; name: string }): ScimConfigView {
  const kind = p.kind ?? 'project'
  const path = kind === 'project' ? 'scim' : 'status-page-scim'
  return {
    kind,
    projectId: 'acme',
    projectName: 'Acme',
    statusPageId: null,
    statusPageName: null,
    description: '',
    bearerToken: 'tok-xxxxxxxxxxxxxxxx',
    autoProvisionUsers: true,
    autoDeprovisionUsers: true,
    defaultTeams: [],
    enablePushGroups: false,
    compatibility: 'tolerant',
    baseUrl: `http://127.0.0.1:7643/${path}/v2/${p.id}`,
    aliasUrl: `http://127.0.0.1:7643/api/identity/${path}/v2/${p.id}`,
    userCount: 0,
    groupCount: 0,
    createdAt: T0,
    updatedAt: T0,
    ...p,
  }
}

// ——— the simulator's fake data ———

interface PlannedExchange {
  request: ExchangeRequest
  status: number
  responseBody: unknown
  changes: DomainEvent[]
  checks: CheckResult[]
}
interface PlannedStep {
  index: number
  step: Step
  title: string
  /** Set when the profile sends nothing for this step. */
  skipped?: string
  passReason: string
  exchanges: PlannedExchange[]
}
interface FakeRun {
  report: Report
  plan: PlannedStep[]
  stepCursor: number
  exchangeCursor: number
  seq: number
}

export const FAKE_PROFILES: ProfileInfo[] = [
  { id: 'entra-legacy', name: 'Microsoft Entra ID (legacy)', description: 'Capitalised PATCH ops, "active" as a string, groups created empty then patched.', referenceSection: 'b.1', timeoutMs: 30_000, honoursRetryAfter: false, sendsDelete: true, usesPatch: true },
  { id: 'entra-flag', name: 'Microsoft Entra ID (aadOptscim062020)', description: 'The RFC-compliant behaviour behind the aadOptscim062020 flag: lowercase ops, booleans.', referenceSection: 'b.1', timeoutMs: 30_000, honoursRetryAfter: false, sendsDelete: true, usesPatch: true },
  { id: 'okta-oin', name: 'Okta (OIN, PATCH)', description: 'userName eq lookups with startIndex=1&count=100, GET-then-PUT profile updates, path-less active:false, no DELETE.', referenceSection: 'b.2', timeoutMs: 60_000, honoursRetryAfter: true, sendsDelete: false, usesPatch: true },
  { id: 'okta-aiw', name: 'Okta (AIW, PUT only)', description: 'An app integration wizard app: every change is a GET then a PUT of the whole user; no DELETE.', referenceSection: 'b.2', timeoutMs: 60_000, honoursRetryAfter: true, sendsDelete: false, usesPatch: false },
  { id: 'rfc7644', name: 'Strict RFC 7644', description: 'The baseline: what RFC 7644 says a client sends, nothing more.', referenceSection: null, timeoutMs: 30_000, honoursRetryAfter: true, sendsDelete: true, usesPatch: true },
]

function lifecycle(profile: ProfileId, title: string): Scenario {
  return scenarioSchema.parse({
    format: SCENARIO_FORMAT,
    version: 1,
    name: `${profile}-lifecycle`,
    title,
    description: 'Joiner, mover, leaver, rejoin and group push, as this IdP sends them.',
    profile,
    users: { alice: { userName: 'alice@example.test', givenName: 'Alice', familyName: 'Archer', email: 'alice@example.test' } },
    groups: { eng: { displayName: 'Engineering' } },
    steps: [
      { action: 'testConnection', title: 'Test connection' },
      { action: 'provisionUser', user: 'alice', title: 'Provision alice' },
      { action: 'updateProfile', user: 'alice', changes: { title: 'Staff Engineer' }, title: 'Update her title' },
      { action: 'deactivate', user: 'alice', title: 'Deactivate alice' },
      { action: 'reactivate', user: 'alice', title: 'Reactivate alice' },
      { action: 'pushGroup', group: 'eng', members: ['alice'], title: 'Push group Engineering' },
      { action: 'deleteUser', user: 'alice', title: 'Delete alice' },
    ],
  })
}

export const FAKE_BUILT_IN_SCENARIOS: Scenario[] = [
  lifecycle('okta-oin', 'Okta OIN: full lifecycle'),
  lifecycle('okta-aiw', 'Okta AIW: full lifecycle'),
  lifecycle('entra-legacy', 'Entra ID (legacy): full lifecycle'),
  lifecycle('entra-flag', 'Entra ID (aadOptscim062020): full lifecycle'),
  scenarioSchema.parse({
    format: SCENARIO_FORMAT,
    version: 1,
    name: 'okta-oin-test-connection',
    title: 'Okta OIN: test connection',
    profile: 'okta-oin',
    steps: [{ action: 'testConnection' }],
  }),
]

const isTerminal = (s: RunStatus) => s === 'passed' || s === 'failed' || s === 'cancelled'

function summarizeScenario(s: Scenario, builtIn: boolean): ScenarioSummary {
  return { name: s.name, title: s.title, description: s.description, profile: s.profile, steps: s.steps.length, builtIn }
}

export function summarizeReport(r: Pick<Report, 'steps'>, stepCount = r.steps.length): Report['summary'] {
  const checks = r.steps.flatMap((s) => [...s.assertions, ...s.exchanges.flatMap((e) => e.checks)])
  const count = (o: string) => r.steps.filter((s) => s.outcome === o).length
  return {
    steps: stepCount,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skipped'),
    requests: r.steps.reduce((n, s) => n + s.exchangeCount, 0),
    checks: { pass: checks.filter((c) => c.outcome === 'pass').length, fail: checks.filter((c) => c.outcome === 'fail').length, warn: checks.filter((c) => c.outcome === 'warn').length },
  }
}

const OKTA_HEADERS = { 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json', authorization: 'Bearer tok-…[redacted]' }
const ENTRA_HEADERS = { 'user-agent': 'Microsoft.Entra.SCIM/1.0', accept: 'application/scim+json', authorization: 'Bearer tok-…[redacted]' }
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group'

/** A small, plausible request plan per profile: enough for the screen to show what the real simulator sends. */
function planScenario(scenario: Scenario, profile: ProfileId, baseUrl: string): PlannedStep[] {
  const okta = profile.startsWith('okta')
  const legacy = profile === 'entra-legacy'
  const headers = okta ? OKTA_HEADERS : ENTRA_HEADERS
  const items = (okta: string, entra: string) => (profile === 'rfc7644' ? [] : [profile.startsWith('okta') ? okta : entra])
  const ids = new Map<string, string>()
  let n = 0
  const check = (title: string, reason: string, source: string, its: string[]): CheckResult => ({ id: slug(title), title, outcome: 'pass', reason, source, items: its })
  const req = (method: string, path: string, body: unknown, note: string, its: string[]): ExchangeRequest => ({
    method,
    url: `${baseUrl}${path}`,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/scim+json; charset=utf-8' },
    body: body === undefined ? null : JSON.stringify(body),
    note,
    items: its,
  })
  const x = (request: ExchangeRequest, status: number, responseBody: unknown, changes: DomainEvent[], c: CheckResult): PlannedExchange => ({ request, status, responseBody, changes, checks: [c] })
  const email = (alias: string) => scenario.users[alias]?.userName ?? `${alias}@${scenario.domain}`
  const lookup = (alias: string) => {
    const q = `filter=${encodeURIComponent(`userName eq "${email(alias)}"`)}${okta ? '&startIndex=1&count=100' : ''}`
    return x(
      req('GET', `/Users?${q}`, undefined, okta ? 'Okta looks the user up by userName before it creates one.' : 'Entra matches on userName before it creates (match-before-create).', items('b.2.2', 'b.1.3')),
      200,
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] },
      [],
      check('Filter answered with a ListResponse', '200 with an empty ListResponse: the IdP goes on to create the user.', 'RFC 7644 §3.4.2', items('b.2.2', 'b.1.1')),
    )
  }
  const patchActive = (alias: string, active: boolean) => {
    const id = ids.get(alias) ?? 'u-1'
    const op = legacy ? { op: 'Replace', path: 'active', value: active ? 'True' : 'False' } : okta ? { op: 'replace', value: { active } } : { op: 'replace', path: 'active', value: active }
    return x(
      req('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [op] }, legacy ? 'Entra (legacy) capitalises the op and sends active as a string.' : 'A PATCH that sets active.', items('b.2.5', 'b.1.4')),
      200,
      { schemas: [USER_URN], id, userName: email(alias), active },
      active
        ? [{ type: 'scim.user.reactivated', message: `reactivated ${email(alias)}` }, { type: 'team.member.added', message: `added ${email(alias)} to team Engineering` }]
        : [{ type: 'scim.user.deactivated', message: `deactivated ${email(alias)}` }, { type: 'team.member.removed', message: `removed ${email(alias)} from team Engineering` }],
      check('PATCH answered with the user', `200 with the user: the IdP reads active=${active} back.`, 'RFC 7644 §3.5.2', items('b.2.5', 'b.1.4')),
    )
  }
  const putUser = (alias: string, extra: Record<string, unknown>, changes: DomainEvent[]) => {
    const id = ids.get(alias) ?? 'u-1'
    const user = { schemas: [USER_URN], id, userName: email(alias), active: true, ...extra }
    return [
      x(req('GET', `/Users/${id}`, undefined, 'Okta reads the whole user before it replaces it.', items('b.2.4', 'b.1.4')), 200, user, [], check('User read back', '200 with the user.', 'RFC 7644 §3.4.1', [])),
      x(req('PUT', `/Users/${id}`, user, 'Okta replaces the whole user (PUT).', items('b.2.4', 'b.1.4')), 200, user, changes, check('PUT answered with the user', '200 with the replaced user.', 'RFC 7644 §3.5.1', items('b.2.4', 'b.1.4'))),
    ]
  }
  return scenario.steps.map((step, index): PlannedStep => {
    const base = { index, step, title: step.title ?? `${step.action}`, passReason: 'every check passed' }
    switch (step.action) {
      case 'testConnection': {
        const filter = okta ? 'startIndex=1&count=1' : `filter=${encodeURIComponent('userName eq "6a2b3c4d-0000-4000-8000-000000000001"')}`
        return {
          ...base,
          passReason: 'The IdP would save the connection.',
          exchanges: [
            x(req('GET', `/Users?${filter}`, undefined, okta ? 'Okta tests the connection with a one-user page.' : 'Entra tests the connection with a filter on a random GUID.', items('b.2.1', 'b.1.1')), 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }, [], check('Test connection', '200 with a ListResponse: the connection is saved.', 'RFC 7644 §3.4.2', items('b.2.1', 'b.1.1'))),
          ],
        }
      }
      case 'provisionUser': {
        const id = `u-${++n}`
        ids.set(step.user, id)
        const u = scenario.users[step.user] ?? {}
        const body = { schemas: [USER_URN], userName: email(step.user), name: { givenName: u.givenName, familyName: u.familyName }, emails: [{ primary: true, value: email(step.user), type: 'work' }], active: legacy ? 'True' : true }
        return {
          ...base,
          passReason: `Created ${email(step.user)}; the IdP keeps its id.`,
          exchanges: [
            lookup(step.user),
            x(
              req('POST', '/Users', body, 'Not found, so the IdP creates the user.', items('b.2.3', 'b.1.2')),
              201,
              { ...body, id, active: true },
              [
                { type: 'scim.user.created', message: `created SCIM user ${email(step.user)}` },
                { type: 'account.created', message: `created account ${email(step.user)}` },
                { type: 'team.member.added', message: `added ${email(step.user)} to team Engineering` },
              ],
              check('Created with an id', '201 with an id: the IdP stores it for later requests.', 'RFC 7644 §3.3', items('b.2.3', 'b.1.2')),
            ),
          ],
        }
      }
      case 'updateProfile': {
        const changes: DomainEvent[] = [{ type: 'scim.user.updated', message: `updated ${email(step.user)}` }]
        if (okta) return { ...base, exchanges: putUser(step.user, step.changes, changes) }
        const id = ids.get(step.user) ?? 'u-1'
        const value = Object.fromEntries(Object.entries(step.changes))
        return {
          ...base,
          exchanges: [
            x(
              req('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: legacy ? 'Replace' : 'replace', value }] }, 'Entra sends a path-less replace of the changed attributes.', items('', 'b.1.4')),
              200,
              { schemas: [USER_URN], id, userName: email(step.user), ...value },
              changes,
              check('PATCH answered with the user', '200 with the user.', 'RFC 7644 §3.5.2', items('', 'b.1.4')),
            ),
          ],
        }
      }
      case 'deactivate':
      case 'reactivate': {
        const active = step.action === 'reactivate'
        if (profile === 'okta-aiw') {
          return { ...base, exchanges: putUser(step.user, { active }, patchActive(step.user, active).changes) }
        }
        return { ...base, exchanges: [patchActive(step.user, active)] }
      }
      case 'deleteUser': {
        if (okta) return { ...base, skipped: 'Okta never sends DELETE: it deactivates the user instead.', exchanges: [] }
        const id = ids.get(step.user) ?? 'u-1'
        return {
          ...base,
          exchanges: [
            x(req('DELETE', `/Users/${id}`, undefined, 'The user was removed from the app.', items('', 'b.1.6')), 204, null, [{ type: 'scim.user.deleted', message: `deleted SCIM user ${email(step.user)}` }], check('Deleted', '204: the IdP forgets the id.', 'RFC 7644 §3.6', [])),
          ],
        }
      }
      case 'pushGroup': {
        const id = `g-${++n}`
        ids.set(step.group, id)
        const name = scenario.groups[step.group]?.displayName ?? step.group
        const members = step.members.map((m) => ({ value: ids.get(m) ?? m }))
        const created: DomainEvent = { type: 'team.created', message: `created team ${name}` }
        const added: DomainEvent[] = step.members.map((m) => ({ type: 'team.member.added', message: `added ${email(m)} to team ${name}` }))
        if (okta) {
          return {
            ...base,
            exchanges: [
              x(req('POST', '/Groups', { schemas: [GROUP_URN], displayName: name, members }, 'Okta pushes the group with its members.', ['b.2.6']), 201, { schemas: [GROUP_URN], id, displayName: name, members }, [created, ...added], check('Group created', '201 with an id.', 'RFC 7644 §3.3', ['b.2.6'])),
            ],
          }
        }
        return {
          ...base,
          exchanges: [
            x(req('POST', '/Groups', { schemas: [GROUP_URN], displayName: name }, 'Entra creates the group empty…', ['b.1.5']), 201, { schemas: [GROUP_URN], id, displayName: name }, [created], check('Group created', '201 with an id.', 'RFC 7644 §3.3', ['b.1.5'])),
            x(
              req('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: legacy ? 'Add' : 'add', path: 'members', value: members }] }, '…then adds its members with a PATCH.', ['b.1.5']),
              legacy ? 204 : 200,
              legacy ? null : { schemas: [GROUP_URN], id, displayName: name },
              added,
              check('Members added', 'The members are in the group.', 'RFC 7644 §3.5.2', ['b.1.5']),
            ),
          ],
        }
      }
      default:
        return {
          ...base,
          exchanges: [x(req('GET', '/Users?startIndex=1&count=100', undefined, 'A page of users.', []), 200, { totalResults: 0, Resources: [] }, [], check('Listed', '200 with a ListResponse.', 'RFC 7644 §3.4.2', []))],
        }
    }
  })
}

function fakeJunit(r: Report): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
  const cases = r.steps
    .map((s) => {
      const inner = s.outcome === 'fail' ? `<failure message="${esc(s.reason)}"/>` : s.outcome === 'skipped' ? `<skipped message="${esc(s.reason)}"/>` : ''
      return `    <testcase classname="${esc(r.scenario)}" name="${esc(s.title)}" time="${(s.durationMs / 1000).toFixed(3)}">${inner}</testcase>`
    })
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="${esc(r.title)}" tests="${r.steps.length}" failures="${r.summary.failed}" skipped="${r.summary.skipped}">\n${cases}\n  </testsuite>\n</testsuites>\n`
}
