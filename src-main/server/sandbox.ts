import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { resolve } from 'node:path'
import type { Endpoint, Settings, WorkspaceInfo } from '@shared/control'
import type { Seed } from '@shared/seed'
import type { ScimConfig, WorkspaceDoc } from '@shared/workspace'
import { WorkspaceAdmin } from '../core/admin/admin'
import { Engine } from '../core/engine'
import { ScimApi } from '../core/scim/api'
import { ResourceApi } from '../core/resource-api/resource-api'
import { IamService } from '../core/iam/service'
import { MemoryStore } from '../core/store/memory-store'
import { createApp, SCIM_MOUNTS } from './app'
import { SandboxHub, type SandboxNotice } from './hub'
import { RequestLogStore } from './log/request-log-store'
import { OAuthIssuer } from './oauth/issuer'
import { randomSecret, sha256 } from './secrets'
import { demoSeed, seedToWorkspace, type SeedSecrets } from './seed'
import { SandboxSettings } from './settings'
import { createSimulator } from './simulator/simulator'
import type { SimulatorService } from './simulator/service'
import { openWorkspace, workspaceExists, type OpenOptions, type WorkspaceStorage } from './storage'
import { WorkspaceOps } from './workspace-ops'

export const VERSION = '0.1.0'
export const DEFAULT_PORT = 7643
export const DEFAULT_LOG_CAPACITY = 20_000
export const MAX_LOG_CAPACITY = 200_000
export const DEFAULT_BODY_LIMIT = 1_048_576

export interface SandboxOptions {
  /** 0 = any free port. */
  port?: number
  host?: string
  dataFile: string
  /** Seed for a workspace file that does not exist yet (an existing one is refused unless `reset`). */
  seed?: Seed
  /** Start the workspace over (from `seed`, or the demo seed). */
  reset?: boolean
  /** The address an IdP reaches the sandbox by (a tunnel); Location and meta.location use it. */
  publicUrl?: string
  logCapacity?: number
  bodyLimit?: number
  rendererDir?: string
  storage?: OpenOptions
}

export interface Sandbox {
  /** What IdPs use: the public URL when one is set, else the local origin. */
  origin: string
  /** Where this machine reaches the server (loopback or the bound host). */
  localOrigin: string
  port: number
  host: string
  adminSecret: string
  uiUrl: string
  dataFile: string
  /** Secrets made for a new demo workspace, to print once; null otherwise. */
  newSecrets: SeedSecrets | null
  endpoints(): Endpoint[]
  info(): WorkspaceInfo
  settings(): Settings
  /** Committed domain events, log clears and workspace replacements (what GET /stream sends besides log entries). */
  subscribe(fn: (n: SandboxNotice) => void): () => void
  store: MemoryStore
  engine: Engine
  admin: WorkspaceAdmin
  log: RequestLogStore
  storage: WorkspaceStorage
  /** The IdP simulator: scenarios, runs against this sandbox or any SCIM server. */
  simulator: SimulatorService
  /** Issues and verifies the tokens admin API's access tokens (HS256, a key made at start). */
  oauth: OAuthIssuer
  warnings: string[]
  close(): Promise<void>
}

export class SandboxStartError extends Error {}

/**
 * Wires the engine, durable storage, request log and HTTP app, and listens. The headless CLI, the Electron shell
 * and every server test start the sandbox through this one function.
 */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const dataFile = resolve(opts.dataFile)
  const host = opts.host ?? '127.0.0.1'
  const logCapacity = Math.min(opts.logCapacity ?? DEFAULT_LOG_CAPACITY, MAX_LOG_CAPACITY)
  const exists = await workspaceExists(dataFile)
  if (exists && opts.seed && !opts.reset) {
    throw new SandboxStartError(`workspace ${dataFile} already exists, so --seed was not applied. Start with --reset to start it over from the seed, or use another --data file.`)
  }

  let newSecrets: SeedSecrets | null = null
  const initial = (): WorkspaceDoc => {
    const { doc, secrets } = seedToWorkspace(opts.seed ?? demoSeed())
    // A seed file's author has its secrets already; the demo's are random and this is their one showing.
    if (!opts.seed) newSecrets = secrets
    return doc
  }
  const storage = await openWorkspace(dataFile, initial, opts.storage)
  if (exists && opts.reset) await storage.replaceAll(initial())

  const store = new MemoryStore(storage.doc)
  const log = await RequestLogStore.open(`${dataFile}.log.ndjson`, { capacity: logCapacity })
  const hub = new SandboxHub()
  const engine = new Engine(store, {
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    durability: storage,
    events: { emit: (events) => hub.emit({ type: 'changed', events }) },
  })
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT
  const api = new ScimApi(engine, { maxPayloadSize: bodyLimit })
  const adminSecret = randomBytes(18).toString('base64url')
  const startedAt = new Date().toISOString()

  // Both known once listening (port 0 picks the port).
  let origin = ''
  let localOrigin = ''
  const scimUrls = (c: ScimConfig) => {
    const [main, alias] = SCIM_MOUNTS[c.kind].map((m) => `${origin}${m.replace(':scimId', encodeURIComponent(c.id))}`)
    return { baseUrl: main!, aliasUrl: alias! }
  }
  const admin = new WorkspaceAdmin(engine, { tokens: { next: () => randomSecret('tok-') }, urls: scimUrls })
  const resourceApi = new ResourceApi(engine, {
    tokens: { next: () => randomSecret('tok-') },
    newKey: () => {
      const key = randomSecret('key-')
      return { key, keySha256: sha256(key), keyPrefix: key.slice(0, 6) }
    },
  })
  // The IAM SCIM provider's core: a password is kept as its SHA-256 digest only; generatePassword makes a random one.
  const iam = new IamService(engine, { hashPassword: sha256, generatePassword: () => randomBytes(24).toString('base64url') })
  const endpoints = (): Endpoint[] => {
    const out: Endpoint[] = []
    for (const c of store.all('scimConfigs')) {
      const project = store.get('projects', c.projectId)?.name ?? c.projectId
      const owner = c.kind === 'statusPage' ? (store.get('statusPages', c.statusPageId ?? '')?.name ?? c.statusPageId ?? '') : project
      const { baseUrl, aliasUrl } = scimUrls(c)
      out.push({ kind: c.kind === 'project' ? 'project-scim' : 'status-page-scim', id: c.id, name: c.name, label: `${owner} / ${c.name}`, baseUrl, aliasUrl, token: c.bearerToken })
    }
    for (const t of store.all('iamTenants')) {
      out.push({ kind: 'iam-scim', id: t.id, name: t.name, label: t.name, baseUrl: `${origin}/iam/scim/v2/${encodeURIComponent(t.id)}`, aliasUrl: null, token: null })
    }
    return out
  }
  let port = 0
  const settings = new SandboxSettings(
    () => ({ port, host, publicUrl: opts.publicUrl ? origin : null, dataFile, logFile: `${dataFile}.log.ndjson`, bodyLimit }),
    log,
  )
  const info = (): WorkspaceInfo => ({
    version: VERSION,
    workspaceFile: dataFile,
    origin,
    localOrigin,
    startedAt,
    endpoints: endpoints(),
    counts: Object.fromEntries((['projects', 'teams', 'accounts', 'teamMembers', 'scimUsers', 'scimGroups', 'privateUsers', 'scimConfigs', 'iamTenants', 'iamResources'] as const).map((c) => [c, store.size(c)])),
    storage: storage.stats(),
    logCapacity: log.capacity,
    settings: settings.get(),
  })
  const workspace = new WorkspaceOps({ store, storage, hub, info })
  const simulator = await createSimulator({ dataFile, store, log, localOrigin: () => localOrigin })
  // A broken saved scenario is a warning at start (printed with the others), never a failed start.
  storage.warnings.push(...simulator.warnings)
  // Runs show live on the UI's stream, like log entries and directory changes.
  simulator.subscribe((event) => hub.emit({ type: 'run', event }))

  const oauth = new OAuthIssuer(() => origin)
  const app = createApp({
    api,
    engine,
    oauth,
    store,
    log,
    origin: () => origin,
    info,
    bodyLimit,
    rendererDir: opts.rendererDir,
    resourceApi,
    iam,
    control: { adminSecret, admin, workspace, settings, hub, localOrigin: () => localOrigin, version: VERSION, simulator },
  })
  const server: Server = await new Promise<Server>((ok, fail) => {
    const s = app.listen(opts.port ?? DEFAULT_PORT, host, () => ok(s))
    s.once('error', fail)
  }).catch(async (e: NodeJS.ErrnoException) => {
    await Promise.allSettled([simulator.close(), storage.close(), log.close()])
    throw new SandboxStartError(e.code === 'EADDRINUSE' ? `port ${opts.port ?? DEFAULT_PORT} on ${host} is already in use (try --port 0)` : `cannot listen on ${host}:${opts.port}: ${e.message}`)
  })
  // Connections from IdPs keep alive; don't let one idle socket hold shutdown hostage.
  server.keepAliveTimeout = 5_000
  port = (server.address() as AddressInfo).port
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  origin = opts.publicUrl ? opts.publicUrl.replace(/\/+$/, '') : `http://${urlHost}:${port}`
  localOrigin = `http://${urlHost}:${port}`

  let closed = false
  return {
    origin,
    localOrigin,
    port,
    host,
    adminSecret,
    uiUrl: `${localOrigin}/?secret=${adminSecret}`,
    dataFile,
    newSecrets,
    endpoints,
    info,
    settings: () => settings.get(),
    subscribe: (fn) => hub.subscribe(fn),
    store,
    engine,
    admin,
    log,
    storage,
    simulator,
    oauth,
    warnings: storage.warnings,
    async close() {
      if (closed) return
      closed = true
      // Runs first: a run against this sandbox must not send into a closing server.
      await simulator.close()
      await new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      })
      await storage.close()
      await log.close()
    },
  }
}
