import type { CollectionName, ScimGroupRecord, ScimUserRecord } from '@shared/workspace'
import { badRequest } from '../errors'
import { indexHint, matchesFilter, parseFilter, type Filter } from '../filter'
import { LIST_RESPONSE_SCHEMA } from '../schema/definitions'
import type { ResourceSchema } from '../schema/registry'
import { key } from '../store/indexes'
import type { MemoryStore } from '../store/memory-store'
import type { ScimContext } from './context'
import { parseAttributeList, project, type Projection } from './projection'

/** Largest page the server returns (advertised as filter.maxResults in ServiceProviderConfig). */
export const MAX_RESULTS = 1000

export interface ListParams extends Projection {
  filter?: Filter
  startIndex: number
  count: number
  sortBy?: string
  sortOrder: 'ascending' | 'descending'
}

function intParam(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined
  const n = typeof raw === 'number' ? raw : Number(String(raw))
  if (!Number.isInteger(n)) throw badRequest('invalidValue', `${name} must be an integer, got ${JSON.stringify(raw)}`)
  return n
}

/**
 * Reads list parameters from a query string (GET) or a SearchRequest body (POST /.search), RFC 7644 §3.4.2–3.4.3.
 * startIndex below 1 is taken as 1 and a negative count as 0 (§3.4.2.4); count is capped at MAX_RESULTS.
 */
export function parseListParams(q: Record<string, unknown>, compatibility: 'tolerant' | 'strict'): ListParams {
  const get = (name: string) => {
    const hit = Object.keys(q).find((k) => k.toLowerCase() === name.toLowerCase())
    return hit === undefined ? undefined : q[hit]
  }
  const filterText = get('filter')
  if (filterText !== undefined && typeof filterText !== 'string') throw badRequest('invalidFilter', 'filter must be a string')
  const startIndex = Math.max(1, intParam('startIndex', get('startIndex')) ?? 1)
  const count = Math.min(MAX_RESULTS, Math.max(0, intParam('count', get('count')) ?? MAX_RESULTS))
  const sortOrderRaw = get('sortOrder')
  let sortOrder: 'ascending' | 'descending' = 'ascending'
  if (sortOrderRaw !== undefined) {
    const s = String(sortOrderRaw).toLowerCase()
    if (s !== 'ascending' && s !== 'descending') throw badRequest('invalidValue', 'sortOrder must be "ascending" or "descending"')
    sortOrder = s
  }
  const sortBy = get('sortBy')
  return {
    filter: filterText === undefined || filterText === '' ? undefined : parseFilter(filterText, { compatibility }),
    startIndex,
    count,
    sortBy: sortBy === undefined ? undefined : String(sortBy),
    sortOrder,
    attributes: parseAttributeList(get('attributes')),
    excludedAttributes: parseAttributeList(get('excludedAttributes')),
  }
}

type Rec = ScimUserRecord | ScimGroupRecord

export interface ListSource<R extends Rec> {
  collection: Extract<CollectionName, 'scimUsers' | 'scimGroups'>
  schema: ResourceSchema
  render: (rec: R) => Record<string, unknown>
}

/** Candidate records for a filter: from an index when the filter implies an indexed equality, else the config's all. */
function candidates<R extends Rec>(store: MemoryStore, ctx: ScimContext, src: ListSource<R>, filter: Filter | undefined): Iterable<R> {
  const configId = ctx.config.id
  const hint = filter ? indexHint(filter, src.schema) : undefined
  if (hint) {
    const c = src.collection
    switch (hint.attr) {
      case 'id': {
        const rec = store.get(c, hint.value) as R | undefined
        return rec && rec.configId === configId ? [rec] : []
      }
      case 'userName':
        if (c === 'scimUsers') return store.find('scimUsers', 'userName', key.configValueCi(configId, hint.value)) as R[]
        break
      case 'externalId':
        return (c === 'scimUsers'
          ? store.find('scimUsers', 'externalId', key.configValue(configId, hint.value))
          : store.find('scimGroups', 'externalId', key.configValue(configId, hint.value))) as R[]
      case 'emails.value':
        if (c === 'scimUsers') return store.find('scimUsers', 'email', key.configValue(configId, hint.value.toLowerCase())) as R[]
        break
      case 'displayName':
        if (c === 'scimGroups') return store.find('scimGroups', 'displayName', key.configValueCi(configId, hint.value)) as R[]
        break
    }
  }
  return idsToRecords(store, src.collection, store.idsBy(src.collection, 'config', configId)) as Iterable<R>
}

function* idsToRecords(store: MemoryStore, c: 'scimUsers' | 'scimGroups', ids: ReadonlySet<string>) {
  for (const id of ids) yield store.get(c, id)!
}

/**
 * RFC 7644 §3.4.2: filter, sort, page and project a config's resources into a ListResponse.
 * Without sortBy the order is creation order, which is stable across pages (Okta b.2.7).
 */
export function listResources<R extends Rec>(store: MemoryStore, ctx: ScimContext, src: ListSource<R>, p: ListParams) {
  const { filter } = p
  const skip = p.startIndex - 1
  let total = 0
  let page: Record<string, unknown>[] = []

  if (!p.sortBy) {
    if (!filter) {
      const ids = store.idsBy(src.collection, 'config', ctx.config.id)
      total = ids.size
      let i = 0
      for (const id of ids) {
        if (page.length >= p.count) break
        if (i++ < skip) continue
        page.push(src.render(store.get(src.collection, id) as R))
      }
    } else {
      for (const rec of candidates(store, ctx, src, filter)) {
        if (rec.configId !== ctx.config.id) continue
        const res = src.render(rec)
        if (!matchesFilter(filter, res, src.schema)) continue
        if (total >= skip && page.length < p.count) page.push(res)
        total++
      }
    }
  } else {
    const all: Record<string, unknown>[] = []
    for (const rec of candidates(store, ctx, src, filter)) {
      if (rec.configId !== ctx.config.id) continue
      const res = src.render(rec)
      if (!filter || matchesFilter(filter, res, src.schema)) all.push(res)
    }
    sortResources(all, src.schema, p.sortBy, p.sortOrder)
    total = all.length
    page = all.slice(skip, skip + p.count)
  }

  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: total,
    itemsPerPage: page.length,
    startIndex: p.startIndex,
    Resources: page.map((r) => project(r, src.schema, p)),
  }
}

/** RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary (or first) value; absent values sort last. */
function sortResources(list: Record<string, unknown>[], schema: ResourceSchema, sortBy: string, order: 'ascending' | 'descending') {
  const r = schema.resolve(sortBy)
  if (!r) return
  const caseExact = (r.sub ?? r.attr).caseExact
  const valueOf = (res: Record<string, unknown>): unknown => {
    let v: unknown = r.extension ? (res[r.schemaId] as Record<string, unknown> | undefined)?.[r.attr.name] : res[r.attr.name]
    if (Array.isArray(v)) {
      const primary = v.find((e) => e && typeof e === 'object' && (e as Record<string, unknown>).primary === true)
      v = primary ?? v[0]
      if (v && typeof v === 'object' && !r.sub) v = (v as Record<string, unknown>).value
    }
    if (r.sub && v && typeof v === 'object') v = (v as Record<string, unknown>)[r.sub.name]
    if (typeof v === 'string' && !caseExact) return v.toLowerCase()
    return v
  }
  const dir = order === 'descending' ? -1 : 1
  const keyed = list.map((res) => ({ res, k: valueOf(res) }))
  keyed.sort((a, b) => {
    const av = a.k
    const bv = b.k
    if (av === undefined || av === null) return bv === undefined || bv === null ? 0 : 1
    if (bv === undefined || bv === null) return -1
    return (av < bv ? -1 : av > bv ? 1 : 0) * dir
  })
  keyed.forEach((k, i) => (list[i] = k.res))
}
