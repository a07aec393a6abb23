import {
  projectInputSchema,
  projectPatchSchema,
  rotateTokenInputSchema,
  scimConfigInputSchema,
  scimConfigPatchSchema,
  statusPageInputSchema,
  statusPagePatchSchema,
  teamInputSchema,
  teamPatchSchema,
  type Directory,
  type IamGraph,
  type ProjectView,
  type ScimConfigView,
  type StatusPageView,
  type TeamView,
} from '@shared/control'
import type { DomainEvent } from '@shared/events'
import type { SeedInput } from '@shared/seed'
import type { Engine } from '../engine'
import { iamGraph } from '../iam/graph'
import type { Tx } from '../store/memory-store'
import type { AdminContext, TokenGenerator } from './context'
import { CredentialsAdmin, type SecretMaker } from './credentials'
import { directory } from './directory'
import { workspaceToSeed } from './export'
import { createProject, deleteProject, getProject, updateProject } from './projects'
import { createConfig, deleteConfig, getConfig, rotateToken, updateConfig } from './scim-configs'
import { createStatusPage, deleteStatusPage, getStatusPage, updateStatusPage } from './status-pages'
import { createTeam, deleteTeam, getTeam, updateTeam } from './teams'
import { parseInput } from './validate'
import { projectView, scimConfigView, statusPageView, teamView, type ScimUrls } from './views'

export interface AdminOptions {
  tokens: TokenGenerator
  urls: ScimUrls
}

/** A write's answer and the domain events it committed (the request log entry carries them). */
export interface Written<T> {
  value: T
  events: DomainEvent[]
}

/**
 * Workspace management for the control API: projects, teams, status pages, SCIM configs and their tokens, the
 * directory and the export. Each method takes the raw request body, validates it with the contract's schema, and
 * makes its change as one engine transaction (journaled and fsynced before it resolves); a problem is an AdminError
 * thrown before anything changed.
 */
export class WorkspaceAdmin {
  constructor(
    private readonly engine: Engine,
    private readonly opts: AdminOptions,
  ) {}

  private get store() {
    return this.engine.store
  }

  /** API keys, OAuth clients, IAM tenants and their SCIM tokens, over the same engine (secrets made by the server). */
  credentials(opts: { secrets: SecretMaker; iamBaseUrl: (tenantId: string) => string }): CredentialsAdmin {
    return new CredentialsAdmin(this.engine, opts)
  }

  // An unknown id in the URL is 404 whatever the body; then the body is validated (400); then the change is made.

  private async write<T>(fn: (tx: Tx, ctx: AdminContext) => T): Promise<Written<T>> {
    const { clock, ids } = this.engine.ports
    const ctx: AdminContext = { now: clock.now().toISOString(), ids, tokens: this.opts.tokens }
    const c = await this.engine.write((tx) => fn(tx, ctx))
    return { value: c.value, events: c.events }
  }

  // ——— projects ———

  listProjects(): ProjectView[] {
    return [...this.store.all('projects')].map(projectView)
  }

  createProject(body: unknown): Promise<Written<ProjectView>> {
    const input = parseInput(projectInputSchema, body)
    return this.write((tx, ctx) => projectView(createProject(tx, ctx, input)))
  }

  updateProject(id: string, body: unknown): Promise<Written<ProjectView>> {
    getProject(this.store, id)
    const patch = parseInput(projectPatchSchema, body)
    return this.write((tx, ctx) => projectView(updateProject(tx, ctx, id, patch)))
  }

  deleteProject(id: string): Promise<Written<void>> {
    return this.write((tx, ctx) => deleteProject(tx, ctx, id))
  }

  // ——— teams ———

  listTeams(projectId: string): TeamView[] {
    getProject(this.store, projectId)
    return this.store.find('teams', 'project', projectId).map((t) => teamView(this.store, t))
  }

  createTeam(projectId: string, body: unknown): Promise<Written<TeamView>> {
    getProject(this.store, projectId)
    const input = parseInput(teamInputSchema, body)
    return this.write((tx, ctx) => teamView(tx, createTeam(tx, ctx, projectId, input)))
  }

  updateTeam(id: string, body: unknown): Promise<Written<TeamView>> {
    getTeam(this.store, id)
    const patch = parseInput(teamPatchSchema, body)
    return this.write((tx, ctx) => teamView(tx, updateTeam(tx, ctx, id, patch)))
  }

  deleteTeam(id: string): Promise<Written<void>> {
    return this.write((tx, ctx) => deleteTeam(tx, ctx, id))
  }

  // ——— status pages ———

  listStatusPages(projectId: string): StatusPageView[] {
    getProject(this.store, projectId)
    return this.store.find('statusPages', 'project', projectId).map((sp) => statusPageView(this.store, sp))
  }

  createStatusPage(projectId: string, body: unknown): Promise<Written<StatusPageView>> {
    getProject(this.store, projectId)
    const input = parseInput(statusPageInputSchema, body)
    return this.write((tx, ctx) => statusPageView(tx, createStatusPage(tx, ctx, projectId, input)))
  }

  updateStatusPage(id: string, body: unknown): Promise<Written<StatusPageView>> {
    getStatusPage(this.store, id)
    const patch = parseInput(statusPagePatchSchema, body)
    return this.write((tx, ctx) => statusPageView(tx, updateStatusPage(tx, ctx, id, patch)))
  }

  deleteStatusPage(id: string): Promise<Written<void>> {
    return this.write((tx, ctx) => deleteStatusPage(tx, ctx, id))
  }

  // ——— SCIM configs ———

  listConfigs(): ScimConfigView[] {
    return [...this.store.all('scimConfigs')].map((c) => scimConfigView(this.store, c, this.opts.urls))
  }

  getConfig(id: string): ScimConfigView {
    return scimConfigView(this.store, getConfig(this.store, id), this.opts.urls)
  }

  createConfig(body: unknown): Promise<Written<ScimConfigView>> {
    const input = parseInput(scimConfigInputSchema, body)
    return this.write((tx, ctx) => scimConfigView(tx, createConfig(tx, ctx, input), this.opts.urls))
  }

  updateConfig(id: string, body: unknown): Promise<Written<ScimConfigView>> {
    getConfig(this.store, id)
    const patch = parseInput(scimConfigPatchSchema, body)
    return this.write((tx, ctx) => scimConfigView(tx, updateConfig(tx, ctx, id, patch), this.opts.urls))
  }

  rotateToken(id: string, body: unknown): Promise<Written<ScimConfigView>> {
    getConfig(this.store, id)
    const input = parseInput(rotateTokenInputSchema, body)
    return this.write((tx, ctx) => scimConfigView(tx, rotateToken(tx, ctx, id, input), this.opts.urls))
  }

  deleteConfig(id: string): Promise<Written<void>> {
    return this.write((tx, ctx) => deleteConfig(tx, ctx, id))
  }

  // ——— whole-workspace views ———

  directory(): Directory {
    return directory(this.store)
  }

  /** One IAM tenant's resources and their relations (404 for an unknown tenant). */
  iamGraph(tenantId: string): IamGraph {
    return iamGraph(this.store, tenantId)
  }

  exportSeed(): SeedInput {
    return workspaceToSeed(this.store)
  }
}
