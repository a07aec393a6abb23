import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import { ResourceApi, ResourceApiError, type Principal, type Written } from '../../../core/resource-api/resource-api'
import { mountRoutes, type RouteDef } from '../route-table'
import { sha256 } from '../../secrets'

/**
 * The resource API (PRODUCT.md §3.3, reference `status-page-scim-resource-api.txt`) at `/api/{model}/...`: a thin
 * adapter from HTTP to core/resource-api. Routes are declared as data (route-table.ts) for the OpenAPI document.
 * Errors are `{"error": "..."}` with 400 / 401 / 403 / 404 (409 for a record still linked or a taken email).
 */

const TAG = 'Resource API'
const errorBody = z.object({ error: z.string() })
const params = z.object({ model: z.string() })
const idParams = z.object({ model: z.string(), id: z.string() })
const paging = z.object({ skip: z.string().optional(), limit: z.string().optional() })
const select = z.record(z.string(), z.boolean())
const listBody = z.object({ select: select.optional(), query: z.record(z.string(), z.unknown()).optional(), sort: z.record(z.string(), z.union([z.literal(1), z.literal(-1), z.enum(['ASC', 'DESC'])])).optional() })
const item = z.record(z.string(), z.unknown())
const errors = {
  400: { description: 'Bad body: malformed JSON, an unknown or read-only field, a wrong type', schema: errorBody },
  401: { description: 'Missing or unknown ApiKey', schema: errorBody },
  403: { description: 'The key lacks the permission (the message names the permissions that allow it)', schema: errorBody },
  404: { description: 'Unknown model, or no such id in the key’s project', schema: errorBody },
}

/** Path segments under /api that belong to other families: never treated as a model. */
const NOT_MODELS = new Set(['v1', 'identity'])

export interface ResourceApiDeps {
  api: ResourceApi
  bodyLimit: number
}

/** The resource API's routes as data (paths relative to RESOURCE_API_MOUNT), for Express and the OpenAPI document. */
export function resourceApiRoutes(deps: ResourceApiDeps): RouteDef[] {
  const { api } = deps
  const text = express.text({ type: () => true, limit: deps.bodyLimit })

  /** Reads the body (any content type, JSON expected); malformed JSON is a 400 `{error}`. */
  const readBody = (req: Request, res: Response) =>
    new Promise<unknown>((ok, fail) => {
      text(req, res, (err?: unknown) => {
        if (err) return fail(err)
        const raw = typeof req.body === 'string' ? req.body : ''
        if (raw.trim() === '') return ok(undefined)
        res.locals.rawBody = raw
        try {
          ok(JSON.parse(raw))
        } catch (e) {
          fail(new ResourceApiError(400, `the request body is not valid JSON: ${(e as Error).message}`))
        }
      })
    })

  /** Model first (404, or on to the next router for /api/v1/... and /api/identity/...), then key (401), then the body. */
  const handle =
    (fn: (p: Principal, req: Request, body: unknown) => unknown | Promise<unknown>, status = 200) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const model = String(req.params.model)
      if (NOT_MODELS.has(model)) return next()
      api.model(model)
      res.setHeader('Cache-Control', 'no-store')
      const key = req.header('apikey')
      const principal = api.authenticate(key ? sha256(key.trim()) : null)
      const body = await readBody(req, res)
      const out = await fn(principal, req, body)
      if (out && typeof out === 'object' && 'events' in out && 'value' in out) {
        const w = out as Written<unknown>
        if (w.events.length) res.locals.events = [...((res.locals.events as unknown[]) ?? []), ...w.events]
        return res.status(status).json(w.value)
      }
      res.status(status).json(out)
    }

  const list = handle((p, req, body) => api.list(p, String(req.params.model), body, req.query))
  const getItem = handle((p, req, body) => api.get(p, String(req.params.model), String(req.params.id), body))
  const count = handle((p, req, body) => api.count(p, String(req.params.model), body))
  const create = handle((p, req, body) => api.create(p, String(req.params.model), body))
  const update = handle((p, req, body) => api.update(p, String(req.params.model), String(req.params.id), body))
  const del = handle((p, req) => api.delete(p, String(req.params.model), String(req.params.id)))

  const listDef = { summary: 'List (paginated; select, query, sort)', tag: TAG, auth: 'apiKey', request: { params, query: paging, body: listBody }, responses: { 200: { description: '{count, limit, skip, data}', schema: z.object({ count: z.number(), limit: z.number(), skip: z.number(), data: z.array(item) }) }, ...errors }, handler: list } as const
  const getDef = { summary: 'Get item by ID', tag: TAG, auth: 'apiKey', request: { params: idParams, body: z.object({ select: select.optional() }) }, responses: { 200: { description: 'The item (selected fields and _id)', schema: item }, ...errors }, handler: getItem } as const
  const updateDef = { summary: 'Update by ID', tag: TAG, auth: 'apiKey', request: { params: idParams, body: z.object({ data: item }) }, responses: { 200: { description: '{}', schema: z.object({}) }, ...errors }, handler: update } as const
  const deleteDef = { summary: 'Delete by ID', tag: TAG, auth: 'apiKey', request: { params: idParams }, responses: { 200: { description: '{}', schema: z.object({}) }, ...errors }, handler: del } as const

  const routes: RouteDef[] = [
    { method: 'get', path: '/:model/get-list', ...listDef },
    { method: 'post', path: '/:model/get-list', ...listDef },
    { method: 'post', path: '/:model/count', summary: 'Count', tag: TAG, auth: 'apiKey', request: { params, body: z.object({ query: z.record(z.string(), z.unknown()).optional() }) }, responses: { 200: { description: '{count}', schema: z.object({ count: z.number() }) }, ...errors }, handler: count },
    { method: 'get', path: '/:model/:id/get-item', ...getDef },
    { method: 'post', path: '/:model/:id/get-item', ...getDef },
    { method: 'post', path: '/:model/:id/update-item', ...updateDef },
    { method: 'get', path: '/:model/:id/update-item', ...updateDef },
    { method: 'post', path: '/:model/:id/delete-item', ...deleteDef },
    { method: 'get', path: '/:model/:id/delete-item', ...deleteDef },
    { method: 'post', path: '/:model', summary: 'Create', tag: TAG, auth: 'apiKey', request: { params, body: z.object({ data: item }) }, responses: { 200: { description: 'The new item (an API key’s `key` is in this answer only)', schema: item }, ...errors }, handler: create },
    { method: 'put', path: '/:model/:id', ...updateDef },
    { method: 'delete', path: '/:model/:id', ...deleteDef },
  ]
  return routes
}

export function resourceApiRouter(deps: ResourceApiDeps): Router {
  const router = express.Router()
  mountRoutes(router, resourceApiRoutes(deps))
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err)
    if (err instanceof ResourceApiError) return res.status(err.status).json({ error: err.message })
    const e = err as { type?: string; status?: number; limit?: number; message?: string }
    if (e?.type === 'entity.too.large') return res.status(413).json({ error: `the request body is larger than the limit of ${e.limit} bytes` })
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return res.status(e.status).json({ error: e.message ?? 'bad request' })
    res.locals.internalError = (err as Error)?.stack ?? String(err)
    return res.status(500).json({ error: `internal error: ${(err as Error)?.message ?? String(err)}` })
  })
  return router
}

export const RESOURCE_API_MOUNT = '/api'
