import type { Compatibility } from '@shared/workspace'
import { badRequest } from '../errors'
import { ENTRA_GROUP_SCHEMA } from './definitions'
import { deepEqual, isPlainObject, keyOf, type JsonObject } from './json'
import { routeName, type NameRoute } from './keys'
import type { ResourceSchema } from './registry'
import type { AttributeDef, SchemaDef } from './types'
import { coerceValue, invalidValue, tolerate, type CoerceContext } from './values'

export interface NormalizeOptions {
  compatibility: Compatibility
  /** The stored data a PUT replaces; immutable attributes may not change against it (RFC 7644 §3.5.1). */
  existing?: Record<string, unknown>
}

/** Entra's documented create example lists this misspelt URN (idp-request-patterns b.1.3). */
const ENTRA_TYPO_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0user'

/**
 * POST/PUT body → canonical data (RFC 7643 §2, RFC 7644 §3.3 and §3.5.1): attribute names in schema casing, core
 * attributes at the top level, extension attributes under their URN, `schemas` = [core, extensions with data], no
 * `id` or `meta`. readOnly attributes are dropped ("SHALL be ignored"); writeOnly ones (password) are kept. Throws 400
 * invalidValue on a wrong type or a missing required attribute, 400 mutability when an immutable attribute differs
 * from `existing`. `warnings` lists what was ignored or read leniently, for the request log.
 *
 * @example normalizeResource({ schemas: [USER_SCHEMA], UserName: 'a@x.test', id: 'x' }, userResourceSchema, { compatibility: 'tolerant' })
 *   // → { data: { schemas: [USER_SCHEMA], userName: 'a@x.test' }, warnings: ['ignored readOnly attribute "id" …'] }
 */
export function normalizeResource(
  body: unknown,
  schema: ResourceSchema,
  opts: NormalizeOptions,
): { data: Record<string, unknown>; warnings: string[] } {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', `the request body must be a JSON object holding a ${schema.resourceType.name}`)
  const warnings: string[] = []
  const ctx: CoerceContext = { compatibility: opts.compatibility, warnings, purpose: 'resource' }
  const listed = readSchemas(body, schema, ctx)
  const flat: JsonObject = {}
  for (const [key, raw] of Object.entries(body)) {
    const route = routeName(schema, key)
    if (route.kind === 'schemas') continue
    if (route.kind === 'unknown') {
      if (raw !== null) warnings.push(`ignored unknown attribute "${key}"`)
      continue
    }
    if (route.kind === 'extension') {
      if (raw === null) continue
      if (!isPlainObject(raw)) throw invalidValue(`"${key}" must be an object holding ${route.ext.name} attributes`)
      if (opts.compatibility === 'strict' && !listed.has(route.ext.id)) {
        throw invalidValue(`the body has ${route.ext.id} attributes but "schemas" does not list that URN (RFC 7643 §3)`)
      }
      for (const [k, v] of Object.entries(raw)) assign(flat, routeName(schema, k, route.ext), v, `${route.ext.id}:${k}`, ctx)
      continue
    }
    assign(flat, route, raw, key, ctx)
  }
  const data = canonicalOrder(flat, schema)
  if (opts.existing) keepImmutables(data, opts.existing, schema)
  setSchemas(data, schema)
  checkRequired(data, schema)
  return { data: canonicalOrder(data, schema), warnings }
}

/**
 * Validates data after a PATCH (RFC 7643 §2.3 types, §2.4 one primary, required attributes); throws 400
 * invalidValue. Never coerces: the data must already be canonical.
 */
export function validateData(data: Record<string, unknown>, schema: ResourceSchema): void {
  const ctx: CoerceContext = { compatibility: 'strict', warnings: [], purpose: 'resource' }
  for (const [key, value] of Object.entries(data)) {
    const route = routeName(schema, key)
    if (route.kind === 'schemas') {
      if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) throw invalidValue('"schemas" must be an array of URN strings')
    } else if (route.kind === 'extension') {
      if (!isPlainObject(value)) throw invalidValue(`"${key}" must be an object holding ${route.ext.name} attributes`)
      for (const [k, v] of Object.entries(value)) {
        const r = routeName(schema, k, route.ext)
        if (r.kind === 'attr') coerceValue(r.resolved.attr, v, `${route.ext.id}:${k}`, ctx)
      }
    } else if (route.kind === 'attr' && route.plain) {
      coerceValue(route.resolved.attr, value, key, ctx)
    }
  }
  checkRequired(data, schema)
}

const topLevelCache = new WeakMap<ResourceSchema, { attr: AttributeDef; ext?: SchemaDef }[]>()

/** Every top-level attribute of the resource type with the extension (if any) that holds it (computed once per schema: it runs on every write). */
export function topLevelAttributes(schema: ResourceSchema): readonly { attr: AttributeDef; ext?: SchemaDef }[] {
  let list = topLevelCache.get(schema)
  if (!list) {
    list = []
    for (const { schemaId, attr } of schema.allAttributes()) {
      const ext = schemaId && schema.isExtension(schemaId) ? schema.schemaById(schemaId) : undefined
      list.push({ attr, ext })
    }
    topLevelCache.set(schema, list)
  }
  return list
}

/** The object holding `ext`'s attributes in `data` (or `data` itself for core), if present. */
export function holderIn(data: JsonObject, ext: SchemaDef | undefined): JsonObject | undefined {
  if (!ext) return data
  const k = keyOf(data, ext.id)
  const h = k === undefined ? undefined : data[k]
  return isPlainObject(h) ? h : undefined
}

/** RFC 7643 §3: `schemas` lists the core schema and each extension the resource has data for. */
export function setSchemas(data: JsonObject, schema: ResourceSchema): void {
  const urns = [schema.core.id]
  for (const ext of schema.extensions) {
    const h = holderIn(data, ext)
    if (h && Object.keys(h).length > 0) urns.push(ext.id)
  }
  if (!deepEqual(data.schemas, urns)) data.schemas = urns
}

/** RFC 7643 §2.2 "required": userName (User) and displayName (Group) must be present. */
export function checkRequired(data: JsonObject, schema: ResourceSchema): void {
  for (const name of missingRequired(data, schema)) throw invalidValue(`"${name}" is required`)
}

export function missingRequired(data: JsonObject, schema: ResourceSchema): string[] {
  const missing: string[] = []
  for (const { attr, ext } of topLevelAttributes(schema)) {
    if (!attr.required || attr.mutability === 'readOnly') continue
    const v = holderIn(data, ext)?.[attr.name]
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) missing.push(ext ? `${ext.id}:${attr.name}` : attr.name)
  }
  return missing
}

/**
 * Which URNs `schemas` lists (RFC 7643 §3). Unknown URNs are ignored in tolerant mode and refused in strict mode,
 * except Entra's group schema, which Entra always sends (b.1.11) and which is accepted and dropped in both.
 */
function readSchemas(body: JsonObject, schema: ResourceSchema, ctx: CoerceContext): Set<string> {
  const listed = new Set<string>()
  const k = keyOf(body, 'schemas')
  const raw = k === undefined ? undefined : body[k]
  if (raw === undefined || raw === null) {
    if (ctx.compatibility === 'strict') throw invalidValue(`"schemas" is required and must list ${schema.core.id} (RFC 7643 §3)`)
    return listed
  }
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) throw invalidValue('"schemas" must be an array of URN strings')
  for (const urn of raw as string[]) {
    const known = schema.schemaById(urn)
    if (known) {
      listed.add(known.id)
      continue
    }
    if (schema.resourceType.id === 'Group' && urn.toLowerCase() === ENTRA_GROUP_SCHEMA.toLowerCase()) {
      ctx.warnings.push(`"schemas": ${urn} (Entra's group schema, b.1.11) accepted and not stored`)
      continue
    }
    const refuse = () => invalidValue(`"schemas" lists ${urn}, which is not a schema of ${schema.resourceType.name} resources`)
    if (urn.toLowerCase() === ENTRA_TYPO_SCHEMA) tolerate(ctx, 'b.1.3', `"schemas": Entra's misspelt ${urn} ignored`, refuse)
    else if (ctx.compatibility === 'strict') throw refuse()
    else ctx.warnings.push(`"schemas": unknown schema URN ${urn} ignored`)
  }
  if (ctx.compatibility === 'strict' && !listed.has(schema.core.id)) {
    throw invalidValue(`"schemas" must list ${schema.core.id} (RFC 7643 §3)`)
  }
  return listed
}

/** Writes one body member into the flat (core + extension objects) result. */
function assign(out: JsonObject, route: NameRoute, raw: unknown, label: string, ctx: CoerceContext): void {
  if (route.kind !== 'attr') {
    if (raw !== null) ctx.warnings.push(`ignored unknown attribute "${label}"`)
    return
  }
  const { attr, sub, schemaId } = route.resolved
  if (!route.plain) {
    if (ctx.compatibility === 'strict' || (sub && attr.multiValued)) {
      ctx.warnings.push(`ignored "${label}": not an attribute name (RFC 7643 §3 keys are bare names)`)
      return
    }
    ctx.warnings.push(`"${label}" read as a qualified or dotted attribute name (idp-request-patterns b.1.6)`)
  }
  if (attr.mutability === 'readOnly' || sub?.mutability === 'readOnly') {
    if (raw !== null) ctx.warnings.push(`ignored readOnly attribute "${label}" (RFC 7644 §3.3)`)
    return
  }
  let holder = out
  if (route.resolved.extension) {
    const cur = out[schemaId]
    holder = isPlainObject(cur) ? cur : (out[schemaId] = {})
  }
  if (sub) {
    const v = coerceValue(sub, raw, label, ctx)
    const parent = isPlainObject(holder[attr.name]) ? (holder[attr.name] as JsonObject) : {}
    if (v === undefined) delete parent[sub.name]
    else parent[sub.name] = v
    holder[attr.name] = parent
    return
  }
  const v = coerceValue(attr, raw, label, ctx)
  const prev = holder[attr.name]
  if (v === undefined) return
  // `name` after `name.givenName` merges rather than losing the dotted key.
  holder[attr.name] = isPlainObject(prev) && isPlainObject(v) && !attr.multiValued ? { ...prev, ...v } : v
}

/**
 * RFC 7644 §3.5.1: an immutable attribute that already has a value must be sent unchanged; when a PUT leaves it out
 * it keeps its value (an immutable value cannot be cleared either).
 */
function keepImmutables(data: JsonObject, existing: JsonObject, schema: ResourceSchema): void {
  for (const { attr, ext } of topLevelAttributes(schema)) {
    const before = holderIn(existing, ext)?.[attr.name]
    if (before === undefined) continue
    let holder = holderIn(data, ext)
    const now = holder?.[attr.name]
    if (attr.mutability === 'immutable') {
      if (now === undefined) {
        if (!holder) holder = data[ext!.id] = {}
        holder[attr.name] = before
      } else if (!deepEqual(before, now)) {
        throw badRequest('mutability', `"${attr.name}" is immutable and already set; it cannot change (RFC 7643 §2.2)`)
      }
    } else if (attr.type === 'complex' && !attr.multiValued && isPlainObject(before)) {
      for (const sub of attr.subAttributes ?? []) {
        if (sub.mutability !== 'immutable' || before[sub.name] === undefined) continue
        const cur = isPlainObject(now) ? now[sub.name] : undefined
        if (cur !== undefined && !deepEqual(cur, before[sub.name])) {
          throw badRequest('mutability', `"${attr.name}.${sub.name}" is immutable and already set; it cannot change (RFC 7643 §2.2)`)
        }
      }
    }
  }
}

/**
 * Keys in schema order (schemas, common, core, then each extension under its URN), sub-attributes in schema order,
 * empty objects dropped, names no schema defines dropped: equal data then compares equal as JSON.
 */
export function canonicalOrder(flat: JsonObject, schema: ResourceSchema): JsonObject {
  const out: JsonObject = {}
  if (flat.schemas !== undefined) out.schemas = flat.schemas
  const extOut = new Map<string, JsonObject>()
  for (const { attr, ext } of topLevelAttributes(schema)) {
    if (attr.name === 'schemas') continue
    const v = holderIn(flat, ext)?.[attr.name]
    if (v === undefined) continue
    const ordered = attr.type === 'complex' ? orderComplex(attr, v) : v
    if (ordered === undefined) continue
    if (!ext) out[attr.name] = ordered
    else {
      const h = extOut.get(ext.id) ?? {}
      h[attr.name] = ordered
      extOut.set(ext.id, h)
    }
  }
  for (const ext of schema.extensions) if (extOut.has(ext.id)) out[ext.id] = extOut.get(ext.id)
  return out
}

function orderComplex(attr: AttributeDef, v: unknown): unknown {
  const one = (o: unknown) => {
    if (!isPlainObject(o)) return o
    const r: JsonObject = {}
    for (const sub of attr.subAttributes ?? []) if (o[sub.name] !== undefined) r[sub.name] = o[sub.name]
    return Object.keys(r).length ? r : undefined
  }
  if (!Array.isArray(v)) return one(v)
  const arr = v.map(one).filter((x) => x !== undefined)
  return arr.length ? arr : undefined
}
