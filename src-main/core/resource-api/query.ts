import type { FieldDef } from './models'
import { ResourceApiError } from './errors'

/**
 * The list / get / count request language of the reference (`status-page-scim-resource-api.txt`): `select`
 * (`{field: true}`), `query` (`{field: value}`, equality), `sort` (`{field: 1 | -1}`, also "ASC" / "DESC"), and the
 * `skip` / `limit` query parameters (limit 10 by default, at most 100: larger values are clamped).
 */

export const DEFAULT_LIMIT = 10
export const MAX_LIMIT = 100

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface ListRequest {
  select: string[] | null
  query: [string, unknown][]
  sort: [string, 1 | -1][]
}

function unknownField(part: string, field: string, model: string): ResourceApiError {
  return new ResourceApiError(400, `${part}: unknown field "${field}" on model ${model}`)
}

/** The request body: absent or an object; anything else is a 400 naming what was sent. */
export function bodyObject(body: unknown): Obj {
  if (body === undefined || body === null) return {}
  if (!isObj(body)) throw new ResourceApiError(400, `the request body must be a JSON object, not ${Array.isArray(body) ? 'an array' : typeof body}`)
  return body
}

export function parseSelect(v: unknown, fields: Record<string, FieldDef>, model: string): string[] | null {
  if (v === undefined || v === null) return null
  if (!isObj(v)) throw new ResourceApiError(400, 'select must be an object of field names to true, e.g. {"name": true}')
  const out: string[] = []
  for (const [k, on] of Object.entries(v)) {
    if (!(k in fields)) throw unknownField('select', k, model)
    if (typeof on !== 'boolean') throw new ResourceApiError(400, `select.${k} must be true or false`)
    if (on) out.push(k)
  }
  return out.length ? out : null
}

export function parseQuery(v: unknown, fields: Record<string, FieldDef>, model: string): [string, unknown][] {
  if (v === undefined || v === null) return []
  if (!isObj(v)) throw new ResourceApiError(400, 'query must be an object of field names to values, e.g. {"name": "Okta"}')
  const out: [string, unknown][] = []
  for (const [k, value] of Object.entries(v)) {
    const f = fields[k]
    if (!f) throw unknownField('query', k, model)
    // An array field matches a whole array (equal) or one element (contains).
    const element = (f.type as { element?: unknown }).element
    const ok = f.type.safeParse(value).success || (element !== undefined && (element as FieldDef['type']).safeParse(value).success)
    if (!ok) throw new ResourceApiError(400, `query.${k}: ${JSON.stringify(value)} is not a valid value for ${k}`)
    out.push([k, value])
  }
  return out
}

export function parseSort(v: unknown, fields: Record<string, FieldDef>, model: string): [string, 1 | -1][] {
  if (v === undefined || v === null) return []
  if (!isObj(v)) throw new ResourceApiError(400, 'sort must be an object of field names to 1 or -1, e.g. {"createdAt": -1}')
  const out: [string, 1 | -1][] = []
  for (const [k, dir] of Object.entries(v)) {
    if (!(k in fields)) throw unknownField('sort', k, model)
    const d = typeof dir === 'string' ? dir.toUpperCase() : dir
    if (d === 1 || d === 'ASC') out.push([k, 1])
    else if (d === -1 || d === 'DESC') out.push([k, -1])
    else throw new ResourceApiError(400, `sort.${k} must be 1, -1, "ASC" or "DESC"`)
  }
  return out
}

/** `skip` and `limit` from the URL: non-negative integers; limit defaults to 10 and is clamped to 100. */
export function parsePaging(q: { skip?: unknown; limit?: unknown }): { skip: number; limit: number } {
  const num = (name: string, v: unknown, dflt: number) => {
    if (v === undefined || v === '') return dflt
    const s = Array.isArray(v) ? v[v.length - 1] : v
    if (typeof s === 'number' && Number.isInteger(s) && s >= 0) return s
    if (typeof s !== 'string' || !/^\d+$/.test(s.trim())) throw new ResourceApiError(400, `${name} must be a non-negative integer, not ${JSON.stringify(s)}`)
    return Number(s.trim())
  }
  return { skip: num('skip', q.skip, 0), limit: Math.min(num('limit', q.limit, DEFAULT_LIMIT), MAX_LIMIT) }
}

function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]))
  return a === b
}

export function matches(obj: Obj, query: [string, unknown][]): boolean {
  for (const [k, v] of query) {
    const actual = obj[k]
    if (equal(actual, v)) continue
    if (Array.isArray(actual) && !Array.isArray(v) && actual.some((x) => equal(x, v))) continue
    return false
  }
  return true
}

function cmp(a: unknown, b: unknown): number {
  if (a === b) return 0
  // Absent values sort last either way.
  if (a === null || a === undefined) return 1
  if (b === null || b === undefined) return -1
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1
  const sa = JSON.stringify(a)
  const sb = JSON.stringify(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/** Stable: records equal on every sort key keep their insertion order. */
export function sortRecords(list: Obj[], sort: [string, 1 | -1][]): Obj[] {
  if (!sort.length) return list
  return list
    .map((o, i) => ({ o, i }))
    .sort((x, y) => {
      for (const [k, d] of sort) {
        const a = x.o[k]
        const b = y.o[k]
        if (a === b) continue
        if (a === null || a === undefined) return 1
        if (b === null || b === undefined) return -1
        const c = cmp(a, b)
        if (c) return c * d
      }
      return x.i - y.i
    })
    .map((x) => x.o)
}

/** The selected fields, `_id` always (so a selected item can be addressed again). */
export function project(obj: Obj, select: string[] | null): Obj {
  if (!select) return obj
  const out: Obj = { _id: obj._id }
  for (const k of select) out[k] = obj[k]
  return out
}
