import express, { type Express, type Response, type Router } from 'express'
import { existsSync } from 'node:fs'
import type { WorkspaceInfo } from '@shared/control'
import { CONTROL_API_PREFIX } from '@shared/control'
import { UI_CSP } from '@shared/csp'
import type { ScimApi } from '../core/scim/api'
import type { MemoryStore } from '../core/store/memory-store'
import type { RequestLogStore } from './log/request-log-store'
import { controlRouter, type ControlDeps } from './http/control-router'
import { requestLogger } from './http/request-logger'
import { scimRouter, scimRoutes } from './http/scim-router'
import { placeholderPage } from './http/placeholder-page'
import { resourceApiRouter, resourceApiRoutes, RESOURCE_API_MOUNT } from './http/resource-api/router'
import type { ResourceApi } from '../core/resource-api/resource-api'
import { OAUTH_PREFIX, oauthRouter, oauthRoutes } from './http/oauth/routes'
import { SCIM_TOKENS_PREFIX, scimTokensRouter, scimTokensRoutes } from './http/scim-tokens/routes'
import { IAM_SCIM_MOUNT, iamScimRouter } from './iam/router'
import type { Engine } from '../core/engine'
import type { IamApi } from '../core/iam/types'
import type { OAuthIssuer } from './oauth/issuer'
import { controlRouteDocs, iamRouteDocs } from './openapi/described-routes'
import { openApiDocument, type Surface } from './openapi/document'

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
  /** The IAM SCIM provider's core (PRODUCT.md §3.4), behind /iam/scim/v2/{tenantId}. */
  iam: IamApi
  /** The resource API at /api/{model} (mounted after every other /api/... family). */
  resourceApi?: ResourceApi
}

/** Where each API router is mounted (app.locals.mountedRouters), for the OpenAPI drift test to walk their layers. */
export interface MountedRouter {
  mount: string
  router: Router
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

  const mounted: MountedRouter[] = []
  app.locals.mountedRouters = mounted
  const use = (mount: string, router: Router) => {
    mounted.push({ mount, router })
    app.use(mount, router)
  }
  // The OpenAPI document's surfaces: the same route tables the routers below are driven by (control API and IAM are
  // described as data; test/server/openapi.test.ts checks them against these routers' layers).
  const oauthDeps = { store: deps.store, issuer: deps.oauth, bodyLimit: deps.bodyLimit }
  const tokensDeps = { engine: deps.engine, issuer: deps.oauth, origin: deps.origin, bodyLimit: deps.bodyLimit }
  const scimDeps = { api: deps.api, store: deps.store, origin: deps.origin, bodyLimit: deps.bodyLimit }
  const surfaces: Surface[] = []
  for (const family of ['project', 'statusPage'] as const) {
    for (const mount of SCIM_MOUNTS[family]) surfaces.push({ mount, routes: scimRoutes(family, scimDeps), responseContentType: 'application/scim+json' })
  }
  surfaces.push({ mount: OAUTH_PREFIX, routes: oauthRoutes(oauthDeps) }, { mount: SCIM_TOKENS_PREFIX, routes: scimTokensRoutes(tokensDeps) })
  surfaces.push({ mount: IAM_SCIM_MOUNT, routes: iamRouteDocs, responseContentType: 'application/scim+json' })
  if (deps.resourceApi) surfaces.push({ mount: RESOURCE_API_MOUNT, routes: resourceApiRoutes({ api: deps.resourceApi, bodyLimit: deps.bodyLimit }) })
  surfaces.push({ mount: CONTROL_API_PREFIX, routes: controlRouteDocs })
  let openApi: { origin: string; text: string } | undefined
  // No auth and no secrets: only route shapes and schemas.
  app.get('/openapi.json', (_req, res) => {
    const origin = deps.origin()
    if (openApi?.origin !== origin) openApi = { origin, text: JSON.stringify(openApiDocument({ origin, version: deps.control.version, surfaces }), null, 2) }
    res.type('application/json').send(openApi.text)
  })

  for (const family of ['project', 'statusPage'] as const) {
    for (const mount of SCIM_MOUNTS[family]) use(mount, scimRouter(family, mount, scimDeps))
  }
  // Before any /api/:model route (the resource API): these /api/v1/... paths are not models.
  use(OAUTH_PREFIX, oauthRouter(oauthDeps))
  use(SCIM_TOKENS_PREFIX, scimTokensRouter(tokensDeps))
  use(IAM_SCIM_MOUNT, iamScimRouter({ store: deps.store, iam: deps.iam, origin: deps.origin, bodyLimit: deps.bodyLimit }))
  if (deps.resourceApi) use(RESOURCE_API_MOUNT, resourceApiRouter({ api: deps.resourceApi, bodyLimit: deps.bodyLimit }))
  use(CONTROL_API_PREFIX, controlRouter({ ...deps.control, log: deps.log, info: deps.info, bodyLimit: deps.bodyLimit }))

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
