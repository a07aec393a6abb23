import type { DomainEvent } from '@shared/events'
import type { ScimConfig } from '@shared/workspace'
import type { Engine } from '../engine'
import { badRequest, ScimError } from '../errors'
import { groupResourceSchema, userResourceSchema } from '../schema/registry'
import { SEARCH_REQUEST_SCHEMA } from '../schema/definitions'
import type { Clock, IdGenerator } from '../ports'
import { etagOf, type ScimContext } from './context'
import { createGroup, deleteGroup, getGroupRecord, patchGroup, replaceGroup, requirePushGroups } from './groups'
import { listResources, parseListParams } from './list'
import { parseAttributeList, project } from './projection'
import { renderGroup, renderUser } from './render'
import { createUser, deleteUser, getUserRecord, patchUser, replaceUser } from './users'
import { etagListMatches } from './preconditions'
import { runBulk } from './bulk'
import { getResourceType, getSchema, listResourceTypes, listSchemas, serviceProviderConfig } from './discovery'

/** What an HTTP adapter needs to answer: status, JSON body, headers, and the events the request caused. */
export interface ScimResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
  events?: DomainEvent[]
  warnings?: string[]
}

export type ResourceKind = 'Users' | 'Groups'
type Query = Record<string, unknown>

/**
 * The SCIM protocol surface of one config, as calls an HTTP router maps one-to-one onto routes
 * (RFC 7644 §3). Knows nothing of HTTP beyond status codes and header names.
 */
export class ScimApi {
  /** `maxPayloadSize`: the HTTP body limit, so ServiceProviderConfig advertises the size the server really takes. */
  constructor(
    private readonly engine: Engine,
    private readonly limits: { maxPayloadSize?: number } = {},
  ) {}

  context(config: ScimConfig, baseUrl: string): ScimContext {
    const { clock, ids } = this.engine.ports as { clock: Clock; ids: IdGenerator }
    return { config, baseUrl, clock, ids }
  }

  private get store() {
    return this.engine.store
  }

  private renderer(ctx: ScimContext, kind: ResourceKind) {
    return kind === 'Users'
      ? { collection: 'scimUsers' as const, schema: userResourceSchema, render: (r: Parameters<typeof renderUser>[2]) => renderUser(this.store, ctx, r) }
      : { collection: 'scimGroups' as const, schema: groupResourceSchema, render: (r: Parameters<typeof renderGroup>[1]) => renderGroup(ctx, r) }
  }

  private guard(ctx: ScimContext, kind: ResourceKind) {
    if (kind === 'Groups') requirePushGroups(ctx)
  }

  /** GET /Users, GET /Groups (RFC 7644 §3.4.2). */
  list(ctx: ScimContext, kind: ResourceKind, query: Query): ScimResponse {
    this.guard(ctx, kind)
    const params = parseListParams(query, ctx.config.compatibility)
    const src = this.renderer(ctx, kind)
    return { status: 200, body: listResources(this.store, ctx, src as never, params) }
  }

  /** POST /Users/.search, /Groups/.search (RFC 7644 §3.4.3): the same query, from a SearchRequest body. */
  search(ctx: ScimContext, kind: ResourceKind, body: unknown): ScimResponse {
    this.guard(ctx, kind)
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('invalidSyntax', 'a SearchRequest body is required')
    const b = body as Record<string, unknown>
    const schemas = b.schemas
    if (ctx.config.compatibility === 'strict' && !(Array.isArray(schemas) && schemas.includes(SEARCH_REQUEST_SCHEMA))) {
      throw badRequest('invalidSyntax', `a SearchRequest must list the schema ${SEARCH_REQUEST_SCHEMA}`)
    }
    const q: Query = { ...b }
    for (const k of ['attributes', 'excludedAttributes']) if (Array.isArray(q[k])) q[k] = (q[k] as unknown[]).join(',')
    return this.list(ctx, kind, q)
  }

  /** GET /{kind}/{id}, with If-None-Match → 304 (RFC 7644 §3.14). */
  get(ctx: ScimContext, kind: ResourceKind, id: string, query: Query, ifNoneMatch?: string): ScimResponse {
    this.guard(ctx, kind)
    const src = this.renderer(ctx, kind)
    const rec = kind === 'Users' ? getUserRecord(this.store, ctx, id) : getGroupRecord(this.store, ctx, id)
    const etag = etagOf(rec.version)
    if (ifNoneMatch && etagListMatches(ifNoneMatch, rec.version)) return { status: 304, headers: { ETag: etag } }
    const full = src.render(rec as never)
    const body = project(full, src.schema, { attributes: parseAttributeList(query.attributes), excludedAttributes: parseAttributeList(query.excludedAttributes) })
    return { status: 200, body, headers: { ETag: etag } }
  }

  async create(ctx: ScimContext, kind: ResourceKind, body: unknown, query: Query = {}): Promise<ScimResponse> {
    const c = await this.engine.write((tx) => (kind === 'Users' ? createUser(tx, ctx, body) : createGroup(tx, ctx, body)))
    return this.written(ctx, kind, c.value.record.id, 201, query, c.events, c.value.warnings, true)
  }

  async replace(ctx: ScimContext, kind: ResourceKind, id: string, body: unknown, query: Query = {}, ifMatch?: string): Promise<ScimResponse> {
    const c = await this.engine.write((tx) => (kind === 'Users' ? replaceUser(tx, ctx, id, body, ifMatch) : replaceGroup(tx, ctx, id, body, ifMatch)))
    return this.written(ctx, kind, id, 200, query, c.events, c.value.warnings)
  }

  /**
   * PATCH answers 200 with the resource for Users; for Groups 204 (RFC 7644 §3.5.2 allows either; Entra expects 204
   * for group updates, b.1.11, and a 1,000-member group should not be echoed per membership change) unless the
   * client asks for attributes.
   */
  async patch(ctx: ScimContext, kind: ResourceKind, id: string, body: unknown, query: Query = {}, ifMatch?: string): Promise<ScimResponse> {
    const c = await this.engine.write((tx) => (kind === 'Users' ? patchUser(tx, ctx, id, body, ifMatch) : patchGroup(tx, ctx, id, body, ifMatch)))
    if (kind === 'Groups' && query.attributes === undefined) {
      return { status: 204, headers: { ETag: etagOf(c.value.record.version) }, events: c.events, warnings: c.value.warnings }
    }
    return this.written(ctx, kind, id, 200, query, c.events, c.value.warnings)
  }

  async delete(ctx: ScimContext, kind: ResourceKind, id: string, ifMatch?: string): Promise<ScimResponse> {
    const c = await this.engine.write((tx) => (kind === 'Users' ? deleteUser(tx, ctx, id, ifMatch) : deleteGroup(tx, ctx, id, ifMatch)))
    return { status: 204, events: c.events }
  }

  async bulk(ctx: ScimContext, body: unknown): Promise<ScimResponse> {
    const out = runBulk(this.engine.store, ctx, body, this)
    await this.engine.commit(out)
    return { status: 200, body: out.response, events: out.events }
  }

  /** Renders a resource after a write, with Location and ETag (RFC 7644 §3.3). */
  private written(ctx: ScimContext, kind: ResourceKind, id: string, status: number, query: Query, events: DomainEvent[], warnings: string[], withLocation = false): ScimResponse {
    const src = this.renderer(ctx, kind)
    const rec = kind === 'Users' ? getUserRecord(this.store, ctx, id) : getGroupRecord(this.store, ctx, id)
    const full = src.render(rec as never)
    const body = project(full, src.schema, { attributes: parseAttributeList(query.attributes), excludedAttributes: parseAttributeList(query.excludedAttributes) })
    const headers: Record<string, string> = { ETag: etagOf(rec.version) }
    if (withLocation) headers.Location = `${ctx.baseUrl}/${kind}/${id}`
    return { status, body, headers, events, warnings }
  }

  serviceProviderConfig = (ctx: ScimContext): ScimResponse => ({ status: 200, body: serviceProviderConfig(ctx.baseUrl, this.limits.maxPayloadSize) })
  schemas = (ctx: ScimContext, id?: string): ScimResponse => ({ status: 200, body: id ? getSchema(ctx.config, ctx.baseUrl, id) : listSchemas(ctx.config, ctx.baseUrl) })
  resourceTypes = (ctx: ScimContext, id?: string): ScimResponse => ({ status: 200, body: id ? getResourceType(ctx.config, ctx.baseUrl, id) : listResourceTypes(ctx.config, ctx.baseUrl) })
}

export { ScimError }
