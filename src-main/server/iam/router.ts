import express, { Router, type NextFunction, type Request, type Response } from 'express'
import { z } from 'zod'
import {
  IAM_BODIES,
  IAM_KIND_INFO,
  IAM_KINDS,
  IAM_MAX_COUNT,
  iamEnvelopeSchema,
  iamListSchema,
  iamPatchBodySchema,
  type IamEnvelope,
  type IamKind,
  type IamWireFormat,
} from '@shared/iam'
import type { DomainEvent } from '@shared/events'
import { ScimError } from '../../core/errors'
import type { IamApi, IamListQuery, IamWritten } from '../../core/iam/types'
import { wireList, wireResource } from '../../core/iam/wire'
import { checkProjection, projectEnvelope, type IamProjection } from '../../core/iam/projection'
import type { StoreReader } from '../../core/store/memory-store'
import { mountRoutes, type RouteDef } from '../http/route-table'
import { SCIM_CONTENT_TYPE, scimErrorHandler } from '../http/scim-json'
import { scimErrorOut } from '../http/scim-router'
import { bearerOf, checkScimToken } from './token-auth'

export const IAM_SCIM_MOUNT = '/iam/scim/v2/:tenantId'
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'
const TAG = 'IAM SCIM provider'

export interface IamDeps {
  store: StoreReader
  iam: IamApi
  /** The sandbox's external origin (the public URL when given), for Location and meta.location. */
  origin: () => string
  bodyLimit: number
  now?: () => Date
}

/**
 * PUT answers. The reference's "Update" samples of these kinds are list-shaped (`{resources: [...], totalResults}`),
 * so a client written from it decodes a list: we answer the updated resource as a one-element list. Its "Replace"
 * samples (resource-types, Resources) show the single resource, and that is what those answer. README, IAM API notes.
 */
export const IAM_PUT_ANSWERS_LIST: Record<IamKind, boolean> = {
  action: true,
  resourceType: false,
  resource: false,
  permission: true,
  role: true,
  group: true,
  user: true,
}

const tenantOf = (req: Request) => String((req.params as Record<string, string>).tenantId)
const baseOf = (origin: string, tenantId: string) => `${origin}/iam/scim/v2/${encodeURIComponent(tenantId)}`

function send(res: Response, status: number, body?: unknown, version?: string) {
  if (version) res.setHeader('ETag', version)
  res.status(status)
  if (body === undefined) return void res.end()
  res.type(SCIM_CONTENT_TYPE).send(JSON.stringify(body))
}

/** How the request's tenant answers (set by the router's guard; the reference's envelope unless switched). */
const wireOf = (res: Response): IamWireFormat => (res.locals.iamWire as IamWireFormat | undefined) ?? 'reference'

function keepEvents(res: Response, events: DomainEvent[]) {
  if (events.length) res.locals.events = [...((res.locals.events as DomainEvent[] | undefined) ?? []), ...events]
}

/**
 * The body as the client sent it, whatever its Content-Type (the reference says application/json; SCIM clients send
 * application/scim+json; some send none): JSON, or undefined when empty. Malformed JSON is 400 invalidSyntax.
 */
function jsonBody(req: Request): unknown {
  const raw = typeof req.body === 'string' ? req.body : ''
  if (raw.trim() === '') return undefined
  try {
    return JSON.parse(raw)
  } catch (e) {
    throw new ScimError(400, `The request body is not valid JSON: ${(e as Error).message}`, 'invalidSyntax')
  }
}

/** A query parameter given at most once (400 invalidValue when repeated). */
function queryParam(req: Request, k: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[k]
  if (v === undefined) return undefined
  if (typeof v !== 'string') throw new ScimError(400, `The query parameter "${k}" is given more than once`, 'invalidValue')
  return v
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), for every answer that carries resources. */
function projectionOf(req: Request): IamProjection {
  const attributes = queryParam(req, 'attributes')
  const excludedAttributes = queryParam(req, 'excludedAttributes')
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) }
}

/** Reads and checks the projection before a write, so a bad one is refused with nothing changed. */
function checkedProjection(req: Request, kind: IamKind): IamProjection {
  const p = projectionOf(req)
  checkProjection(kind, p)
  return p
}

function listQuery(req: Request): IamListQuery {
  const one = (k: string) => queryParam(req, k)
  const out: IamListQuery = {}
  const filter = one('filter')
  const startIndex = one('startIndex')
  const count = one('count')
  if (filter !== undefined) out.filter = filter
  if (startIndex !== undefined) out.startIndex = startIndex
  if (count !== undefined) out.count = count
  return out
}

// ——— OpenAPI pieces ———
const idParams = z.object({ id: z.string() })
const projectionQuery = {
  attributes: z.string().optional().describe('Only these attributes (comma-separated, RFC 7644 §3.4.2.5), e.g. userName,name.givenName'),
  excludedAttributes: z.string().optional().describe('All but these attributes (comma-separated), e.g. members'),
}
const listQuerySchema = z.object({
  ...projectionQuery,
  filter: z.string().optional().describe('SCIM filter (RFC 7644 §3.4.2.2) on the resource’s attributes, e.g. name eq "read"'),
  startIndex: z.string().optional().describe('1-based index of the first result'),
  count: z.string().optional().describe(`Page size (default and maximum ${IAM_MAX_COUNT})`),
})
const bodyTypes = ['application/json', 'application/scim+json']
const errors = {
  401: { description: 'Missing, unknown, disabled, expired or revoked SCIM token, or a token of another tenant', schema: scimErrorOut },
  404: { description: 'Unknown tenant, or no such resource in this tenant', schema: scimErrorOut },
}
const writeErrors = {
  400: { description: 'Malformed JSON (invalidSyntax), a missing or unknown field or an unknown id in a relation (invalidValue, named), a bad PATCH path (invalidPath)', schema: scimErrorOut },
  409: { description: 'A name, slug, userName or displayName already taken in this tenant (uniqueness)', schema: scimErrorOut },
  413: { description: 'The body is larger than the limit', schema: scimErrorOut },
}
const spcSchema = z.record(z.string(), z.unknown()).describe('ServiceProviderConfig (RFC 7643 §5)')

type Handler = (req: Request, res: Response) => Promise<void> | void

/**
 * The IAM SCIM provider's routes as data (paths relative to IAM_SCIM_MOUNT), for Express and the OpenAPI document.
 * Without deps (the document's use) the handlers are never called. Tenant and token are checked once, by the
 * router's guard, before any of these runs.
 */
export function iamRoutes(deps?: Pick<IamDeps, 'iam' | 'origin'>): RouteDef[] {
  const api = (): IamApi => {
    if (!deps) throw new Error('IAM routes built without their service (OpenAPI description only)')
    return deps.iam
  }
  const base = (req: Request) => baseOf(deps ? deps.origin() : '', tenantOf(req))
  const h = (fn: Handler) => fn as RouteDef['handler']
  const routes: RouteDef[] = [
    {
      method: 'get',
      path: '/ServiceProviderConfig',
      summary: 'Service provider configuration (probe a SCIM token with it)',
      tag: TAG,
      auth: 'iamScimToken',
      responses: { 200: { description: 'OK', schema: spcSchema }, ...errors },
      handler: h((req, res) => send(res, 200, serviceProviderConfig(base(req)))),
    },
  ]

  for (const kind of IAM_KINDS) {
    const info = IAM_KIND_INFO[kind]
    const seg = `/${info.segment}`
    const noun = info.noun
    /** One resource as this request asked (attributes) and as its tenant answers (wire format). */
    const shown = (req: Request, res: Response, env: IamEnvelope) => wireResource(wireOf(res), projectEnvelope(kind, env, projectionOf(req)))
    const written = (req: Request, res: Response, status: number, w: IamWritten<IamEnvelope>, location = false) => {
      keepEvents(res, w.events)
      if (location) res.setHeader('Location', w.value.meta.location)
      send(res, status, shown(req, res, w.value), w.value.meta.version)
    }
    const listAnswer = IAM_PUT_ANSWERS_LIST[kind]
    routes.push(
      {
        method: 'get',
        path: seg,
        summary: `List ${noun}s`,
        tag: TAG,
        auth: 'iamScimToken',
        request: { query: listQuerySchema },
        responses: { 200: { description: '`{resources, totalResults, startIndex, itemsPerPage}` (a tenant whose wireFormat is rfc7643 answers an RFC 7644 ListResponse with `Resources`)', schema: iamListSchema }, 400: { description: 'A bad filter (invalidFilter), startIndex or count (invalidValue)', schema: scimErrorOut }, ...errors },
        handler: h((req, res) => {
          const list = api().list(tenantOf(req), kind, listQuery(req), base(req))
          const p = projectionOf(req)
          send(res, 200, wireList(wireOf(res), { ...list, resources: list.resources.map((env) => projectEnvelope(kind, env, p)) }))
        }),
      },
      {
        method: 'post',
        path: seg,
        summary: `Create a ${noun}`,
        tag: TAG,
        auth: 'iamScimToken',
        request: { body: IAM_BODIES[kind].create, bodyContentTypes: bodyTypes },
        responses: { 201: { description: 'Created (Location: meta.location; ETag: meta.version)', schema: iamEnvelopeSchema }, ...writeErrors, ...errors },
        handler: h(async (req, res) => {
          checkedProjection(req, kind)
          written(req, res, 201, await api().create(tenantOf(req), kind, jsonBody(req), base(req)), true)
        }),
      },
      {
        method: 'get',
        path: `${seg}/:id`,
        summary: `Get a ${noun}, its relations expanded`,
        tag: TAG,
        auth: 'iamScimToken',
        request: { params: idParams, query: z.object(projectionQuery) },
        responses: { 200: { description: 'OK (ETag: meta.version); the envelope, or RFC 7643 JSON for a tenant whose wireFormat is rfc7643', schema: iamEnvelopeSchema }, ...errors },
        handler: h((req, res) => {
          const v = api().get(tenantOf(req), kind, String(req.params.id), base(req))
          send(res, 200, shown(req, res, v), v.meta.version)
        }),
      },
      {
        method: 'put',
        path: `${seg}/:id`,
        summary: listAnswer ? `Replace a ${noun} (answered as a one-element list, as the reference's Update sample)` : `Replace a ${noun}`,
        tag: TAG,
        auth: 'iamScimToken',
        request: { params: idParams, body: IAM_BODIES[kind].replace, bodyContentTypes: bodyTypes },
        responses: {
          200: listAnswer
            ? { description: '`{resources: [<the updated resource>], totalResults: 1}` (ETag: meta.version)', schema: iamListSchema }
            : { description: 'The updated resource (ETag: meta.version)', schema: iamEnvelopeSchema },
          ...writeErrors,
          ...errors,
        },
        handler: h(async (req, res) => {
          checkedProjection(req, kind)
          const w = await api().replace(tenantOf(req), kind, String(req.params.id), jsonBody(req), base(req))
          // An RFC 7643 tenant answers a PUT with the resource (RFC 7644 §3.5.1), whatever the reference's sample.
          if (!listAnswer || wireOf(res) === 'rfc7643') return written(req, res, 200, w)
          keepEvents(res, w.events)
          send(res, 200, { resources: [projectEnvelope(kind, w.value, projectionOf(req))], totalResults: 1, startIndex: 1, itemsPerPage: 1 }, w.value.meta.version)
        }),
      },
      {
        method: 'patch',
        path: `${seg}/:id`,
        summary: `Patch a ${noun} (RFC string paths or the reference's structured path objects)`,
        tag: TAG,
        auth: 'iamScimToken',
        request: { params: idParams, body: iamPatchBodySchema, bodyContentTypes: bodyTypes },
        responses: { 200: { description: 'The patched resource (ETag: meta.version)', schema: iamEnvelopeSchema }, ...writeErrors, ...errors },
        handler: h(async (req, res) => {
          checkedProjection(req, kind)
          written(req, res, 200, await api().patch(tenantOf(req), kind, String(req.params.id), jsonBody(req), base(req)))
        }),
      },
      {
        method: 'delete',
        path: `${seg}/:id`,
        summary: `Delete a ${noun} (409 while other resources refer to it)`,
        tag: TAG,
        auth: 'iamScimToken',
        request: { params: idParams },
        responses: { 204: { description: 'Deleted' }, 409: { description: 'Still referenced (the message names who refers to it)', schema: scimErrorOut }, ...errors },
        handler: h(async (req, res) => {
          const w = await api().delete(tenantOf(req), kind, String(req.params.id))
          keepEvents(res, w.events)
          send(res, 204)
        }),
      },
    )
  }
  return routes
}

function serviceProviderConfig(base: string) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: IAM_MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A SCIM token of this tenant from the tokens admin API, sent as "Authorization: Bearer <token>".',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  }
}

/**
 * The IAM SCIM provider's surface (PRODUCT.md §3.4): a tenant's Actions, resource-types, Resources, Permissions,
 * Roles, Groups and Users, each route one call into the core (IamApi). Every request first finds the tenant (404)
 * and checks its bearer: a live SCIM token of that tenant from the tokens admin API (401 otherwise, at once after a
 * revoke). Every answer, errors included, is application/scim+json.
 */
export function iamScimRouter(deps: IamDeps): Router {
  const router = Router({ mergeParams: true, caseSensitive: false })
  const now = deps.now ?? (() => new Date())
  const text = express.text({ type: () => true, limit: deps.bodyLimit })

  router.use((req: Request, res: Response, next: NextFunction) => {
    const tenantId = tenantOf(req)
    const tenant = deps.store.get('iamTenants', tenantId)
    if (!tenant) throw new ScimError(404, `No IAM tenant "${tenantId}"`)
    res.locals.iamWire = tenant.wireFormat ?? 'reference'
    // The live log shows which tenant a request was for (the column other surfaces fill with their SCIM config).
    res.locals.configId = tenantId
    const check = checkScimToken(deps.store, tenantId, bearerOf(req.header('authorization')), now())
    if (!check.ok) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="iam-scim", error="invalid_token"')
      throw new ScimError(401, check.reason)
    }
    res.locals.iamTokenId = check.token.id
    next()
  })
  // Bodies are read only once the caller is known: as text, any Content-Type, under the body limit (413 beyond).
  router.use(text)
  mountRoutes(router, iamRoutes(deps))
  router.use((req: Request) => {
    throw new ScimError(404, `No IAM SCIM endpoint ${req.method} ${req.path}`)
  })
  router.use(scimErrorHandler)
  return router
}
