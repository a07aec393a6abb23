import express, { type Express, type Response } from 'express'
import { existsSync } from 'node:fs'
import type { WorkspaceInfo } from '@shared/control'
import { CONTROL_API_PREFIX } from '@shared/control'
import { UI_CSP } from '@shared/csp'
import type { ScimApi } from '../core/scim/api'
import type { MemoryStore } from '../core/store/memory-store'
import type { RequestLogStore } from './log/request-log-store'
import { controlRouter, type ControlDeps } from './http/control-router'
import { requestLogger } from './http/request-logger'
import { scimRouter } from './http/scim-router'
import { placeholderPage } from './http/placeholder-page'
import { resourceApiRouter, RESOURCE_API_MOUNT } from './http/resource-api/router'
import type { ResourceApi } from '../core/resource-api/resource-api'
import { OAUTH_PREFIX, oauthRouter } from './http/oauth/routes'
import { SCIM_TOKENS_PREFIX, scimTokensRouter } from './http/scim-tokens/routes'
import { IAM_SCIM_MOUNT, iamScimRouter } from './iam/router'
import type { Engine } from '../core/engine'
import type { OAuthIssuer } from './oauth/issuer'

export interface AppDeps {
  api: ScimApi
  store: MemoryStore
  log: RequestLogStore
  origin: () => string
  info: () => WorkspaceInfo
  bodyLimit: number
  rendererDir?: string
  /** The SCIM tokens admin API, its OAuth token endpoint and the IAM SCIM surface. */
  engine: Engine
  oauth: OAuthIssuer
  control: Omit<ControlDeps, 'log' | 'info' | 'bodyLimit'>
  /** The resource API at /api/{model} (mounted after every other /api/... family). */
  resourceApi?: ResourceApi
}

/** Mount points of the SCIM families; `/api/identity/...` are the aliases the provisioning guide gives IdPs. */
export const SCIM_MOUNTS = {
  project: ['/scim/v2/:scimId', '/api/identity/scim/v2/:scimId'],
  statusPage: ['/status-page-scim/v2/:scimId', '/api/identity/status-page-scim/v2/:scimId'],
} as const

/** The UI's pages run under a strict policy (src-shared/csp.ts); no file the UI serves is sniffed into another type. */
function uiHeaders(res: Response, html: boolean) {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  if (html) res.setHeader('Content-Security-Policy', UI_CSP)
}

/**
 * The UI's own reads (its polling of the control API, its page and assets) would bury an IdP's requests in the log;
 * its writes stay logged, as does anything else, e.g. an IdP that GETs a wrong path at the root.
 */
function isUiOwnRead(req: { method: string; path: string }): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  return req.path.startsWith(CONTROL_API_PREFIX) || req.path === '/' || req.path === '/index.html' || req.path.startsWith('/assets/') || req.path === '/favicon.svg' || req.path === '/favicon.ico'
}

/** Builds the one Express app that serves every surface; it does not listen (tests and the shell decide where). */
export function createApp(deps: AppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  // The engine sets SCIM ETags (meta.version); Express's own body hashes would contradict them.
  app.set('etag', false)
  // SCIM and the control API take flat parameters; qs's nested parsing is cost with no use here.
  app.set('query parser', 'simple')

  app.use(requestLogger(deps.log, { skip: isUiOwnRead }))

  for (const family of ['project', 'statusPage'] as const) {
    for (const mount of SCIM_MOUNTS[family]) {
      app.use(mount, scimRouter(family, mount, { api: deps.api, store: deps.store, origin: deps.origin, bodyLimit: deps.bodyLimit }))
    }
  }
  // Before any /api/:model route (the resource API): these /api/v1/... paths are not models.
  app.use(OAUTH_PREFIX, oauthRouter({ store: deps.store, issuer: deps.oauth, bodyLimit: deps.bodyLimit }))
  app.use(SCIM_TOKENS_PREFIX, scimTokensRouter({ engine: deps.engine, issuer: deps.oauth, origin: deps.origin, bodyLimit: deps.bodyLimit }))
  app.use(IAM_SCIM_MOUNT, iamScimRouter({ store: deps.store, origin: deps.origin }))
  if (deps.resourceApi) app.use(RESOURCE_API_MOUNT, resourceApiRouter({ api: deps.resourceApi, bodyLimit: deps.bodyLimit }))
  app.use(CONTROL_API_PREFIX, controlRouter({ ...deps.control, log: deps.log, info: deps.info, bodyLimit: deps.bodyLimit }))

  if (deps.rendererDir && existsSync(deps.rendererDir)) {
    app.use(express.static(deps.rendererDir, { index: 'index.html', setHeaders: (res, path) => uiHeaders(res, /\.html?$/i.test(path)) }))
  } else {
    app.get('/', (_req, res) => {
      uiHeaders(res, true)
      res.type('html').send(placeholderPage(deps.info()))
    })
  }

  app.use((req, res) => {
    res.status(404).json({ error: `Nothing at ${req.method} ${req.path}. SCIM lives under /scim/v2/{scimId} and /status-page-scim/v2/{scimId}.` })
  })
  return app
}
