import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { ScimConfig } from '@shared/workspace'
import { ScimError } from '../../core/errors'
import type { ScimApi, ResourceKind, ScimResponse } from '../../core/scim/api'
import type { ScimContext } from '../../core/scim/context'
import type { MemoryStore } from '../../core/store/memory-store'
import { secretsEqual } from '../secrets'
import { parseJsonBody, scimErrorHandler, sendScim } from './scim-json'
import { mountRoutes, type RouteDef } from './route-table'

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
  mountRoutes(r, scimRoutes(family, deps, withCtx))
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

type WithCtx = (handler: (ctx: ScimContext, req: Request) => ScimResponse | Promise<ScimResponse>) => (req: Request, res: Response) => Promise<void>

const SCIM_TAG: Record<ScimFamily, string> = { project: 'Project SCIM', statusPage: 'Status Page SCIM' }
const scimResource = z.record(z.string(), z.unknown()).describe('A SCIM resource or message (RFC 7643/7644)')
/** A SCIM error message (RFC 7644 §3.12). */
export const scimErrorOut = z.object({ schemas: z.array(z.string()), status: z.string(), scimType: z.string().optional(), detail: z.string().optional() })
const idParams = z.object({ id: z.string() })
const listQuery = z.object({
  filter: z.string().optional(),
  startIndex: z.string().optional(),
  count: z.string().optional(),
  sortBy: z.string().optional(),
  sortOrder: z.string().optional(),
  attributes: z.string().optional(),
  excludedAttributes: z.string().optional(),
})
const attrQuery = listQuery.pick({ attributes: true, excludedAttributes: true })

/**
 * A SCIM family's routes as data (paths relative to the family's mount), for Express and the OpenAPI document.
 * Without `withCtx` (the document's use) the handlers are never called.
 */
export function scimRoutes(family: ScimFamily, deps: Pick<ScimRouterDeps, 'api'>, withCtx: WithCtx = () => async () => undefined): RouteDef[] {
  const q = (req: Request) => req.query as Record<string, unknown>
  const ifMatch = (req: Request) => req.header('if-match') ?? undefined
  const tag = SCIM_TAG[family]
  const errors = {
    401: { description: 'Missing or wrong bearer token', schema: scimErrorOut },
    404: { description: 'Unknown SCIM configuration or resource', schema: scimErrorOut },
  }
  const def = (method: RouteDef['method'], path: string, summary: string, handler: ReturnType<WithCtx>, more: Partial<RouteDef> = {}): RouteDef => ({
    method,
    path,
    summary,
    tag,
    auth: 'scimBearer',
    responses: { 200: { description: 'OK', schema: scimResource }, ...errors },
    handler: handler as (req: Request, res: Response, next: NextFunction) => unknown,
    ...more,
  })
  const body = (params?: z.ZodType, query?: z.ZodType) => ({ params, query, body: scimResource, bodyContentTypes: ['application/scim+json', 'application/json'] })
  const routes: RouteDef[] = [
    def('get', '/ServiceProviderConfig', 'Service provider configuration', withCtx((ctx) => deps.api.serviceProviderConfig(ctx))),
    def('get', '/Schemas', 'Schemas', withCtx((ctx) => deps.api.schemas(ctx))),
    def('get', '/Schemas/:id', 'One schema', withCtx((ctx, req) => deps.api.schemas(ctx, String(req.params.id))), { request: { params: idParams } }),
    def('get', '/ResourceTypes', 'Resource types', withCtx((ctx) => deps.api.resourceTypes(ctx))),
    def('get', '/ResourceTypes/:id', 'One resource type', withCtx((ctx, req) => deps.api.resourceTypes(ctx, String(req.params.id))), { request: { params: idParams } }),
    def('post', '/Bulk', 'Bulk operations', withCtx((ctx, req) => deps.api.bulk(ctx, parseJsonBody(req))), { request: body() }),
  ]
  for (const kind of ['Users', 'Groups'] as ResourceKind[]) {
    const gate = (ctx: ScimContext) => {
      // Status Page SCIM has Users only; its Groups answer 404 as documented.
      if (kind === 'Groups' && family === 'statusPage') throw new ScimError(404, 'Groups are not supported by Status Page SCIM')
      return ctx
    }
    const none = kind === 'Groups' && family === 'statusPage'
    const s = (text: string) => (none ? `${text} (not supported: Status Page SCIM has Users only, always 404)` : text)
    const created = { responses: { 201: { description: 'Created', schema: scimResource }, 400: { description: 'Invalid resource', schema: scimErrorOut }, 409: { description: 'Uniqueness conflict', schema: scimErrorOut }, ...errors } }
    routes.push(
      def('get', `/${kind}`, s(`List ${kind}`), withCtx((ctx, req) => deps.api.list(gate(ctx), kind, q(req))), { request: { query: listQuery } }),
      def('post', `/${kind}/.search`, s(`Search ${kind}`), withCtx((ctx, req) => deps.api.search(gate(ctx), kind, parseJsonBody(req))), { request: body() }),
      def('post', `/${kind}`, s(`Create a ${kind.slice(0, -1)}`), withCtx((ctx, req) => deps.api.create(gate(ctx), kind, parseJsonBody(req), q(req))), { request: body(undefined, attrQuery), ...created }),
      def('get', `/${kind}/:id`, s(`Get a ${kind.slice(0, -1)}`), withCtx((ctx, req) => deps.api.get(gate(ctx), kind, String(req.params.id), q(req), req.header('if-none-match') ?? undefined)), { request: { params: idParams, query: attrQuery } }),
      def('put', `/${kind}/:id`, s(`Replace a ${kind.slice(0, -1)}`), withCtx((ctx, req) => deps.api.replace(gate(ctx), kind, String(req.params.id), parseJsonBody(req), q(req), ifMatch(req))), { request: body(idParams, attrQuery) }),
      def('patch', `/${kind}/:id`, s(`Patch a ${kind.slice(0, -1)}`), withCtx((ctx, req) => deps.api.patch(gate(ctx), kind, String(req.params.id), parseJsonBody(req), q(req), ifMatch(req))), { request: body(idParams, attrQuery) }),
      def('delete', `/${kind}/:id`, s(`Delete a ${kind.slice(0, -1)}`), withCtx((ctx, req) => deps.api.delete(gate(ctx), kind, String(req.params.id), ifMatch(req))), { request: { params: idParams }, responses: { 204: { description: 'Deleted' }, ...errors } }),
    )
  }
  routes.push(
    def(
      'post',
      '/.search',
      'Root search (not supported: 400)',
      withCtx((_ctx) => {
        throw new ScimError(400, 'Searching from the server root is not supported; use /Users/.search or /Groups/.search', 'invalidPath')
      }),
      { request: body(), responses: { 400: { description: 'Not supported', schema: scimErrorOut }, ...errors } },
    ),
  )
  return routes
}
