import { z } from 'zod'
import type { DomainEvent } from '@shared/events'
import type { ApiKey, Permission } from '@shared/workspace'
import type { Engine } from '../engine'
import type { TokenGenerator } from '../admin/context'
import { issuesOf } from '../admin/validate'
import { ResourceApiError, fromAdminError } from './errors'
import { COMMON_FIELDS, MODELS, type FieldDef, type ModelDef, type NewKey, type Operation, type WriteCtx } from './models'
import { bodyObject, matches, parsePaging, parseQuery, parseSelect, parseSort, project, sortRecords } from './query'

export { ResourceApiError } from './errors'
export { MODELS } from './models'

/** Who is asking: an API key of one project, with its permissions. */
export interface Principal {
  keyId: string
  projectId: string
  permissions: readonly Permission[]
}

export interface ResourceApiOptions {
  tokens: TokenGenerator
  /** Makes a new API key with its digest and prefix (the adapter has the crypto). */
  newKey(): NewKey
}

export interface Written<T> {
  value: T
  events: DomainEvent[]
}

type Obj = Record<string, unknown>

export interface ListAnswer {
  count: number
  limit: number
  skip: number
  data: Obj[]
}

/**
 * The resource API's engine (PRODUCT.md §3.3): one generic implementation of get-list, get-item, count, create,
 * update and delete over the models in ./models. Every check happens before anything changes — unknown model 404,
 * permission 403, another project's or an unknown id 404, bad body 400 — and every write is one engine transaction
 * made by the core/admin functions the UI's control API uses (journaled, with its domain events).
 */
export class ResourceApi {
  constructor(
    private readonly engine: Engine,
    private readonly opts: ResourceApiOptions,
  ) {}

  private get store() {
    return this.engine.store
  }

  /** The model, or 404 naming it and the models there are. */
  model(name: string): ModelDef {
    const m = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined
    if (!m) throw new ResourceApiError(404, `unknown model "${name}"; models: ${Object.keys(MODELS).join(', ')}`)
    return m
  }

  /** The API key with this SHA-256 digest (of a project that exists), or 401. */
  authenticate(keySha256: string | null): Principal {
    if (keySha256 === null) throw new ResourceApiError(401, 'the ApiKey header is required: ApiKey: <your API key>')
    const k: ApiKey | undefined = this.store.findOne('apiKeys', 'digest', keySha256)
    if (!k || !this.store.get('projects', k.projectId)) throw new ResourceApiError(401, 'the API key is not valid')
    return { keyId: k.id, projectId: k.projectId, permissions: k.permissions }
  }

  /** 403 naming the permissions that would allow the operation. */
  authorize(p: Principal, m: ModelDef, op: Operation): void {
    const allowed = m.permissions[op]
    if (allowed === 'any' || allowed.some((x) => p.permissions.includes(x))) return
    const verb = op === 'read' ? 'read' : op
    throw new ResourceApiError(403, `this API key may not ${verb} ${m.title}: it needs one of the permissions ${allowed.join(', ')}`)
  }

  private fields(m: ModelDef): Record<string, FieldDef> {
    return { ...COMMON_FIELDS, ...m.fields }
  }

  private toApi(m: ModelDef, rec: { id: string; createdAt: string; updatedAt: string }): Obj {
    // No record is made by a (human) user in the sandbox, so createdByUserId is null, as the reference says for objects
    // not created by a user.
    return { _id: rec.id, createdAt: rec.createdAt, updatedAt: rec.updatedAt, createdByUserId: null, ...m.toApi(rec) }
  }

  /** The record, or 404 — also when it belongs to another project, which for this key does not exist. */
  private find(p: Principal, m: ModelDef, id: string) {
    const rec = this.store.get(m.collection, id) as { id: string; createdAt: string; updatedAt: string } | undefined
    if (!rec || m.projectOf(rec) !== p.projectId || (m.owns && !m.owns(rec))) {
      throw new ResourceApiError(404, `no ${m.title} with _id "${id}"`)
    }
    return rec
  }

  /**
   * The reference's relations, for `select` only: `project` and `statusPage` (as `{_id, name}`, or the sub-fields
   * selected: `{"project": {"name": true}}`) and `createdByUser` (always null: no object is made by a user here).
   */
  private relations(m: ModelDef): Record<string, (o: Obj) => Obj | null> {
    const named = (rec: { id: string; name: string } | undefined) => (rec ? { _id: rec.id, name: rec.name } : null)
    const out: Record<string, (o: Obj) => Obj | null> = { createdByUser: () => null }
    if ('projectId' in m.fields) out.project = (o) => named(this.store.get('projects', String(o.projectId)))
    if ('statusPageId' in m.fields) out.statusPage = (o) => named(this.store.get('statusPages', String(o.statusPageId)))
    return out
  }

  /** `select` as a function from an item to what is answered (`_id` always). */
  private select(m: ModelDef, v: unknown): (o: Obj) => Obj {
    const rels = this.relations(m)
    const chosen: [string, string[] | null][] = []
    let rest = v
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const plain: Obj = {}
      for (const [k, on] of Object.entries(v as Obj)) {
        if (!(k in rels)) {
          plain[k] = on
          continue
        }
        if (on === false) continue
        if (on === true) chosen.push([k, null])
        else if (on && typeof on === 'object' && !Array.isArray(on) && Object.entries(on).every(([sk, sv]) => (sk === '_id' || sk === 'name') && typeof sv === 'boolean')) {
          chosen.push([k, Object.entries(on).filter(([, sv]) => sv).map(([sk]) => sk)])
        } else throw new ResourceApiError(400, `select.${k} must be true, or an object of _id / name to true`)
      }
      rest = plain
    }
    const fields = parseSelect(rest, this.fields(m), m.name) ?? (chosen.length ? [] : null)
    return (o) => {
      const out = project(o, fields)
      for (const [k, sub] of chosen) {
        const r = rels[k]!(o)
        out[k] = r && sub ? Object.fromEntries(sub.map((sk) => [sk, r[sk]])) : r
      }
      return out
    }
  }

  list(p: Principal, modelName: string, body: unknown, paging: { skip?: unknown; limit?: unknown }): ListAnswer {
    const m = this.model(modelName)
    this.authorize(p, m, 'read')
    const b = bodyObject(body)
    const fields = this.fields(m)
    const select = this.select(m, b.select)
    const query = parseQuery(b.query, fields, m.name)
    const sort = parseSort(b.sort, fields, m.name)
    const { skip, limit } = parsePaging(paging)
    const all = sortRecords(m.list(this.store, p.projectId).map((r) => this.toApi(m, r)).filter((o) => matches(o, query)), sort)
    return { count: all.length, limit, skip, data: all.slice(skip, skip + limit).map((o) => select(o)) }
  }

  count(p: Principal, modelName: string, body: unknown): { count: number } {
    const m = this.model(modelName)
    this.authorize(p, m, 'read')
    const query = parseQuery(bodyObject(body).query, this.fields(m), m.name)
    return { count: m.list(this.store, p.projectId).filter((r) => matches(this.toApi(m, r), query)).length }
  }

  get(p: Principal, modelName: string, id: string, body: unknown): Obj {
    const m = this.model(modelName)
    this.authorize(p, m, 'read')
    const select = this.select(m, bodyObject(body).select)
    return select(this.toApi(m, this.find(p, m, id)))
  }

  /** `{data}`, checked field by field: unknown, read-only and mistyped fields are each a 400 naming the field. */
  private data(m: ModelDef, body: unknown, mode: 'create' | 'update', p: Principal): Obj {
    const b = bodyObject(body)
    for (const k of Object.keys(b)) if (k !== 'data') throw new ResourceApiError(400, `unknown field "${k}" in the request body: send {"data": {...}}`)
    if (b.data === undefined) throw new ResourceApiError(400, 'data is required: send {"data": {...}}')
    const data = bodyObject(b.data)
    const shape: Record<string, z.ZodType> = {}
    for (const [k, f] of Object.entries(m.fields)) {
      if (!f.input) continue
      if (mode === 'update' && f.createOnly) continue
      shape[k] = mode === 'create' && f.required ? f.input : f.input.optional()
    }
    for (const k of Object.keys(data)) {
      if (k in shape) continue
      if (k in COMMON_FIELDS || k in m.fields) throw new ResourceApiError(400, `data.${k} is read-only${mode === 'update' && m.fields[k]?.createOnly ? ' once created' : ''}`)
      throw new ResourceApiError(400, `data: unknown field "${k}" on model ${m.name}`)
    }
    const r = z.object(shape).safeParse(data)
    if (!r.success) {
      const issues = issuesOf(r.error)
      throw new ResourceApiError(400, issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; '))
    }
    const out = r.data as Obj
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
    if (mode === 'create' && out.projectId !== undefined && out.projectId !== p.projectId) {
      throw new ResourceApiError(400, `data.projectId: no project "${String(out.projectId)}" (an API key works in its own project only)`)
    }
    return out
  }

  private async write<T>(p: Principal, fn: (tx: Parameters<Parameters<Engine['write']>[0]>[0], ctx: WriteCtx) => T): Promise<Written<T>> {
    const ctx: WriteCtx = { now: this.engine.ports.clock.now().toISOString(), ids: this.engine.ports.ids, tokens: this.opts.tokens, projectId: p.projectId, newKey: this.opts.newKey }
    try {
      const c = await this.engine.write((tx) => fn(tx, ctx))
      return { value: c.value, events: c.events }
    } catch (e) {
      throw fromAdminError(e)
    }
  }

  /** An API key may not hand out more than it has: only a ProjectOwner key makes or edits ProjectOwner keys. */
  private guardKeyPermissions(p: Principal, m: ModelDef, data: Obj): void {
    if (m.name !== 'api-key' || p.permissions.includes('ProjectOwner')) return
    if (Array.isArray(data.permissions) && data.permissions.includes('ProjectOwner')) {
      throw new ResourceApiError(403, 'only an API key with ProjectOwner may give the ProjectOwner permission')
    }
  }

  async create(p: Principal, modelName: string, body: unknown): Promise<Written<Obj>> {
    const m = this.model(modelName)
    this.authorize(p, m, 'create')
    const data = this.data(m, body, 'create', p)
    this.guardKeyPermissions(p, m, data)
    return this.write(p, (tx, ctx) => {
      const rec = m.create(tx, ctx, data)
      const out = this.toApi(m, rec)
      // A new API key's secret: in this one answer, never again (only its digest is stored).
      if (typeof (rec as { key?: unknown }).key === 'string') out.key = (rec as unknown as { key: string }).key
      return out
    })
  }

  async update(p: Principal, modelName: string, id: string, body: unknown): Promise<Written<Obj>> {
    const m = this.model(modelName)
    this.authorize(p, m, 'update')
    const rec = this.find(p, m, id)
    const data = this.data(m, body, 'update', p)
    this.guardKeyPermissions(p, m, data)
    if (m.name === 'api-key' && !p.permissions.includes('ProjectOwner') && (rec as unknown as ApiKey).permissions.includes('ProjectOwner')) {
      throw new ResourceApiError(403, 'only an API key with ProjectOwner may change a ProjectOwner key')
    }
    const w = await this.write(p, (tx, ctx) => m.update(tx, ctx, rec, data))
    return { value: {}, events: w.events }
  }

  async delete(p: Principal, modelName: string, id: string): Promise<Written<Obj>> {
    const m = this.model(modelName)
    this.authorize(p, m, 'delete')
    const rec = this.find(p, m, id)
    if (m.name === 'api-key' && !p.permissions.includes('ProjectOwner') && (rec as unknown as ApiKey).permissions.includes('ProjectOwner')) {
      throw new ResourceApiError(403, 'only an API key with ProjectOwner may delete a ProjectOwner key')
    }
    const w = await this.write(p, (tx, ctx) => m.delete(tx, ctx, rec))
    return { value: {}, events: w.events }
  }
}
