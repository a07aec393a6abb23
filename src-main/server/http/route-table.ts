import type { NextFunction, Request, Response, Router } from 'express'
import type { z } from 'zod'

/**
 * A route declared as data: Express is driven from it, and (next step, issue 5's OpenAPI part) the OpenAPI 3.1
 * document is generated from the same declarations and zod schemas, so the two cannot drift. Validation stays with
 * each API family (400 `{error}` for the resource API, 422 `{detail}` for the tokens admin): a family validates with
 * the schemas it declares here.
 */
export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Express syntax, relative to where the table is mounted: `/:model/:id/get-item`. */
  path: string
  summary: string
  /** The API family, used as the OpenAPI tag ("Resource API", "SCIM tokens admin", "OAuth"). */
  tag: string
  /**
   * How callers authenticate: the resource API's `ApiKey` header, an OAuth bearer JWT, a SCIM config's bearer token,
   * an IAM tenant's SCIM token, the control API's admin secret, or none.
   */
  auth: 'apiKey' | 'oauthBearer' | 'scimBearer' | 'iamScimToken' | 'adminSecret' | 'none'
  /** OAuth scopes required (auth 'oauthBearer'). */
  scopes?: string[]
  request?: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; bodyContentTypes?: string[] }
  responses: Record<number, { description: string; schema?: z.ZodType }>
  handler(req: Request, res: Response, next: NextFunction): unknown
}

/** A route as the OpenAPI document sees it: the declaration without its handler (for surfaces described as data). */
export type RouteDoc = Omit<RouteDef, 'handler'>

/** Registers every route of a table on a router (Express 5 forwards async errors by itself). */
export function mountRoutes(router: Router, routes: readonly RouteDef[]): void {
  for (const r of routes) router[r.method](r.path, (req, res, next) => r.handler(req, res, next))
}
