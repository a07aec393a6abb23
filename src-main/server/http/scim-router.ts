import express, { type Request, type Response, type Router } from 'express'
import type { ScimConfig } from '@shared/workspace'
import { ScimError } from '../../core/errors'
import type { ScimApi, ResourceKind, ScimResponse } from '../../core/scim/api'
import type { ScimContext } from '../../core/scim/context'
import type { MemoryStore } from '../../core/store/memory-store'
import { secretsEqual } from '../secrets'
import { parseJsonBody, scimErrorHandler, sendScim } from './scim-json'

export type ScimFamily = 'project' | 'statusPage'

export interface ScimRouterDeps {
  api: ScimApi
  store: MemoryStore
  /** The sandbox's external origin (the public URL when given), for Location and meta.location. */
  origin: () => string
  bodyLimit: number
}

/**
 * One SCIM family (`/scim/v2/:scimId` or `/status-page-scim/v2/:scimId`, each also under `/api/identity`):
 * every route is one call into the engine; auth and config lookup happen once, here.
 */
export function scimRouter(family: ScimFamily, mountPath: string, deps: ScimRouterDeps): Router {
  const r = express.Router({ mergeParams: true, caseSensitive: false })
  r.use(express.text({ type: () => true, limit: deps.bodyLimit }))

  const withCtx = (handler: (ctx: ScimContext, req: Request) => ScimResponse | Promise<ScimResponse>) => async (req: Request, res: Response) => {
    const ctx = authorize(req, res, family, mountPath, deps)
    sendScim(res, await handler(ctx, req))
  }
  const q = (req: Request) => req.query as Record<string, unknown>
  const ifMatch = (req: Request) => req.header('if-match') ?? undefined

  r.get('/ServiceProviderConfig', withCtx((ctx) => deps.api.serviceProviderConfig(ctx)))
  r.get('/Schemas', withCtx((ctx) => deps.api.schemas(ctx)))
  r.get('/Schemas/:id', withCtx((ctx, req) => deps.api.schemas(ctx, String(req.params.id))))
  r.get('/ResourceTypes', withCtx((ctx) => deps.api.resourceTypes(ctx)))
  r.get('/ResourceTypes/:id', withCtx((ctx, req) => deps.api.resourceTypes(ctx, String(req.params.id))))
  r.post('/Bulk', withCtx((ctx, req) => deps.api.bulk(ctx, parseJsonBody(req))))

  for (const kind of ['Users', 'Groups'] as ResourceKind[]) {
    const gate = (ctx: ScimContext) => {
      // Status Page SCIM has Users only; its Groups answer 404 as documented.
      if (kind === 'Groups' && family === 'statusPage') throw new ScimError(404, 'Groups are not supported by Status Page SCIM')
      return ctx
    }
    r.get(`/${kind}`, withCtx((ctx, req) => deps.api.list(gate(ctx), kind, q(req))))
    r.post(`/${kind}/.search`, withCtx((ctx, req) => deps.api.search(gate(ctx), kind, parseJsonBody(req))))
    r.post(`/${kind}`, withCtx((ctx, req) => deps.api.create(gate(ctx), kind, parseJsonBody(req), q(req))))
    r.get(`/${kind}/:id`, withCtx((ctx, req) => deps.api.get(gate(ctx), kind, String(req.params.id), q(req), req.header('if-none-match') ?? undefined)))
    r.put(`/${kind}/:id`, withCtx((ctx, req) => deps.api.replace(gate(ctx), kind, String(req.params.id), parseJsonBody(req), q(req), ifMatch(req))))
    r.patch(`/${kind}/:id`, withCtx((ctx, req) => deps.api.patch(gate(ctx), kind, String(req.params.id), parseJsonBody(req), q(req), ifMatch(req))))
    r.delete(`/${kind}/:id`, withCtx((ctx, req) => deps.api.delete(gate(ctx), kind, String(req.params.id), ifMatch(req))))
  }
  r.post('/.search', withCtx((_ctx) => {
    throw new ScimError(400, 'Searching from the server root is not supported; use /Users/.search or /Groups/.search', 'invalidPath')
  }))
  r.use(withCtx((_ctx, req) => {
    throw new ScimError(404, `No SCIM endpoint ${req.method} ${req.path}`)
  }))
  r.use(scimErrorHandler)
  return r
}

/** Finds the config for :scimId in this family and checks its bearer token (constant-time). */
function authorize(req: Request, res: Response, family: ScimFamily, mountPath: string, deps: ScimRouterDeps): ScimContext {
  const scimId = String(req.params.scimId)
  const config = deps.store.get('scimConfigs', scimId)
  if (!config || config.kind !== family) {
    throw new ScimError(404, `No ${family === 'project' ? 'Project' : 'Status Page'} SCIM configuration "${scimId}"`)
  }
  res.locals.configId = config.id
  const header = req.header('authorization') ?? ''
  const m = /^Bearer\s+(.+)$/i.exec(header.trim())
  if (!m || !secretsEqual(m[1]!.trim(), config.bearerToken)) {
    res.setHeader('WWW-Authenticate', `Bearer realm="SCIM Sandbox", error="invalid_token"`)
    throw new ScimError(401, m ? 'The bearer token is not valid for this SCIM configuration' : 'Authorization: Bearer <token> is required')
  }
  return deps.api.context(config as ScimConfig, `${deps.origin()}${mountPath.replace(':scimId', encodeURIComponent(config.id))}`)
}
