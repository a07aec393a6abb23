import {
  projectInputSchema,
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
import type { LogEntry, LogSummary } from '@shared/log'
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
  private async run<T>(method: keyof ControlClient, args: unknown[], fn: () => T): Promise<T> {
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
    return this.run('info', [], () => this.buildInfo())
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
    return this.run('settings', [], () => this.settingsValue)
  }
  updateSettings(patch: unknown) {
    return this.run('updateSettings', [patch], () => {
      this.settingsValue = { ...this.settingsValue, ...parse(settingsPatchSchema, patch) }
      return this.settingsValue
    })
  }
  reset(input: unknown) {
    return this.run('reset', [input], (): WorkspaceReplaced => {
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
    return this.run('exportSeed', [], () => ({ projects: this.projects.map((p) => ({ id: p.id, name: p.name })) }))
  }
  importSeed(seed: unknown) {
    return this.run('importSeed', [seed], (): WorkspaceReplaced => {
      setTimeout(() => this.emitWorkspaceReplaced(), 0)
      return { info: this.buildInfo(), secrets: null }
    })
  }

  listProjects() {
    return this.run('listProjects', [], () => this.projects)
  }
  createProject(input: unknown) {
    return this.run('createProject', [input], () => {
      const i = parse(projectInputSchema, input)
      const id = i.id ?? slug(i.name)
      if (this.projects.some((p) => p.id === id)) throw new ControlApiError(409, `a project "${id}" exists already`)
      const p = { id, name: i.name, createdAt: T0, updatedAt: T0 }
      this.projects.push(p)
      return p
    })
  }
  updateProject(id: string, patch: { name?: string }) {
    return this.run('updateProject', [id, patch], () => Object.assign(found(this.projects, id), patch))
  }
  deleteProject(id: string) {
    return this.run('deleteProject', [id], () => {
      found(this.projects, id)
      // Everything in it goes with it, as on the server.
      this.projects = this.projects.filter((p) => p.id !== id)
      this.teams = this.teams.filter((t) => t.projectId !== id)
      this.statusPages = this.statusPages.filter((s) => s.projectId !== id)
      this.configs = this.configs.filter((c) => c.projectId !== id)
    })
  }
  listTeams(projectId: string) {
    return this.run('listTeams', [projectId], () => this.teams.filter((t) => t.projectId === projectId))
  }
  createTeam(projectId: string, input: unknown) {
    return this.run('createTeam', [projectId, input], () => {
      const i = parse(teamInputSchema, input)
      found(this.projects, projectId)
      const t: TeamView = { id: i.id ?? slug(i.name), projectId, name: i.name, scimConfigId: null, memberCount: 0 }
      this.teams.push(t)
      return t
    })
  }
  updateTeam(id: string, patch: { name?: string }) {
    return this.run('updateTeam', [id, patch], () => Object.assign(found(this.teams, id), patch))
  }
  deleteTeam(id: string) {
    return this.run('deleteTeam', [id], () => {
      found(this.teams, id)
      this.teams = this.teams.filter((t) => t.id !== id)
    })
  }
  listStatusPages(projectId: string) {
    return this.run('listStatusPages', [projectId], () => this.statusPages.filter((s) => s.projectId === projectId))
  }
  createStatusPage(projectId: string, input: unknown) {
    return this.run('createStatusPage', [projectId, input], () => {
      const i = parse(statusPageInputSchema, input)
      found(this.projects, projectId)
      const s: StatusPageView = { id: i.id ?? slug(i.name), projectId, name: i.name, privateUserCount: 0 }
      this.statusPages.push(s)
      return s
    })
  }
  updateStatusPage(id: string, patch: { name?: string }) {
    return this.run('updateStatusPage', [id, patch], () => Object.assign(found(this.statusPages, id), patch))
  }
  deleteStatusPage(id: string) {
    return this.run('deleteStatusPage', [id], () => {
      found(this.statusPages, id)
      this.statusPages = this.statusPages.filter((s) => s.id !== id)
    })
  }

  listConfigs() {
    return this.run('listConfigs', [], () => this.configs)
  }
  getConfig(id: string) {
    return this.run('getConfig', [id], () => found(this.configs, id))
  }
  createConfig(input: unknown) {
    return this.run('createConfig', [input], () => {
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
    return this.run('updateConfig', [id, patch], () => Object.assign(found(this.configs, id), parse(scimConfigPatchSchema, patch)))
  }
  deleteConfig(id: string) {
    return this.run('deleteConfig', [id], () => {
      found(this.configs, id)
      this.configs = this.configs.filter((c) => c.id !== id)
    })
  }
  rotateToken(id: string, input: unknown = {}) {
    return this.run('rotateToken', [id, input], () => {
      const c = found(this.configs, id)
      c.bearerToken = parse(rotateTokenInputSchema, input).bearerToken ?? `rotated-token-${++this.seq}-xxxxxxxx`
      return c
    })
  }

  directory() {
    return this.run('directory', [], () => this.directoryValue)
  }

  logPage(q: { before?: number; after?: number; limit?: number } & LogFilters) {
    return this.run('logPage', [q], () => {
      const all = this.entries.filter((e) => matches(e, q)).sort((a, b) => b.seq - a.seq)
      const page = all.filter((e) => (q.before === undefined || e.seq < q.before) && (q.after === undefined || e.seq > q.after)).slice(0, q.limit ?? 100)
      return { entries: page.map(summarize), total: all.length, newestSeq: this.seq }
    })
  }
  logEntry(seq: number) {
    return this.run('logEntry', [seq], () => {
      const e = this.entries.find((x) => x.seq === seq)
      if (!e) throw new ControlApiError(404, `no log entry ${seq}`)
      return e
    })
  }
  clearLog() {
    return this.run('clearLog', [], () => {
      this.entries = []
      this.emit((l) => l.logCleared?.())
    })
  }
  logHar(filters: LogFilters) {
    return this.run('logHar', [filters], (): Har => ({ log: { version: '1.2', creator: { name: 'SCIM Sandbox', version: '0.1.0' }, entries: [] } }))
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
