import type { Compatibility } from '@shared/workspace'
import { ScimError } from '../errors'
import { clone, deepEqual, isPlainObject, keyOf, type JsonObject } from '../schema/json'
import { routeName } from '../schema/keys'
import type { ResourceSchema } from '../schema/registry'
import type { SchemaDef } from '../schema/types'
import { canonicalOrder, holderIn, missingRequired, setSchemas, validateData } from '../schema/validate'
import { invalidValue, tolerate } from '../schema/values'
import { readOperations, type PatchOperation } from './body'
import { invalidPath, isTolerant, mutability, type PatchContext } from './context'
import { removeAt, removeExtension } from './remove'
import { attrTarget, checkWritable, resolveTarget } from './target'
import { writeAttr, type WriteOp } from './write'

export interface PatchOptions {
  compatibility: Compatibility
  /** The resource's id, which Okta repeats in path-less replaces (b.2.8). */
  id: string
}

/**
 * RFC 7644 §3.5.2: applies every operation of a PatchOp body, in order, to a copy of `data`, all or nothing — any
 * failing operation throws its ScimError (named by its index) and nothing changes. Returns the new data (the input is
 * never mutated), whether anything changed, and warnings for the request log.
 *
 * @example applyPatch(data, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] },
 *   userResourceSchema, { compatibility: 'strict', id })  // → { data: { …, active: false }, changed: true, warnings: [] }
 */
export function applyPatch(
  data: Record<string, unknown>,
  body: unknown,
  schema: ResourceSchema,
  opts: PatchOptions,
): { data: Record<string, unknown>; changed: boolean; warnings: string[] } {
  const ctx: PatchContext = { compatibility: opts.compatibility, warnings: [], purpose: 'patch', schema, id: opts.id }
  const ops = readOperations(body, ctx)
  const work = clone(data)
  for (const op of ops) {
    try {
      applyOperation(work, op, ctx)
    } catch (e) {
      throw e instanceof ScimError ? new ScimError(e.status, `${where(op)}: ${e.message}`, e.scimType) : e
    }
  }
  finish(work, data, ctx)
  // Unchanged data keeps its exact form (so services can compare JSON); changed data is stored in canonical order.
  const changed = !deepEqual(data, work)
  return { data: changed ? canonicalOrder(work, schema) : work, changed, warnings: ctx.warnings }
}

const where = (op: PatchOperation) => `Operations[${op.index}] (${op.op}${op.path === undefined ? '' : ` "${op.path}"`})`

function applyOperation(data: JsonObject, op: PatchOperation, ctx: PatchContext): void {
  const target = resolveTarget(op.path, ctx)
  if (op.op === 'remove') return removeAt(data, target, op.value, ctx)
  if (op.value === undefined) throw invalidValue(`"${op.op}" needs a "value" (RFC 7644 §3.5.2.1, §3.5.2.3)`)
  if (target.kind === 'root') return writeResource(data, op.op, op.value, ctx)
  if (target.kind === 'extension') return writeExtension(data, target.ext, op.op, op.value, ctx)
  checkWritable(target)
  writeAttr(data, target, op.op, op.value, ctx)
}

/**
 * No path: "the target location is assumed to be the resource itself", and the value holds the attributes to add or
 * replace (§3.5.2.1, §3.5.2.3), each written as if it were the path.
 */
function writeResource(data: JsonObject, op: WriteOp, value: unknown, ctx: PatchContext): void {
  if (!isPlainObject(value)) throw invalidValue(`"${op}" without a path needs an object of attributes as its value`)
  for (const [key, raw] of Object.entries(value)) {
    const route = routeName(ctx.schema, key)
    if (route.kind === 'schemas') {
      readOnlyKey(key, 'schemas', raw, ctx)
    } else if (route.kind === 'extension') {
      writeExtension(data, route.ext, op, raw, ctx)
    } else if (route.kind === 'attr' && route.plain) {
      const t = attrTarget(route.resolved, ctx, key)
      if (t.attr.mutability === 'readOnly') readOnlyKey(key, t.attr.name, raw, ctx)
      else writeAttr(data, t, op, raw, ctx)
    } else if (route.kind === 'unknown' && !key.includes('[')) {
      unknownKey(key, ctx)
    } else {
      // Entra's aadOptscim062020 flag collapses changes into one value whose keys are paths — "name.givenName",
      // "urn:…:enterprise:2.0:User:employeeNumber" (b.1.6) — where the RFC's value holds resource-shaped JSON.
      tolerate(ctx, 'b.1.6', `path-less "${op}" with the key "${key}" read as a path`, () =>
        invalidPath(`"${key}" is not an attribute name; a path-less value holds attributes as in the resource JSON (RFC 7644 §3.5.2)`),
      )
      const t = resolveTarget(key, ctx)
      if (t.kind !== 'attr') throw invalidPath(`"${key}" is not an attribute path`)
      if ([t.attr, t.sub, t.filterSub].some((d) => d?.mutability === 'readOnly')) readOnlyKey(key, t.attr.name, raw, ctx)
      else writeAttr(data, t, op, raw, ctx)
    }
  }
}

/** A path that is an extension URN, or that URN as a key of a path-less value: its object holds that extension's attributes. */
function writeExtension(data: JsonObject, ext: SchemaDef, op: WriteOp, value: unknown, ctx: PatchContext): void {
  if (value === null) {
    if (op === 'replace') removeExtension(data, ext)
    return
  }
  if (!isPlainObject(value)) throw invalidValue(`"${ext.id}" needs an object of ${ext.name} attributes as its value`)
  for (const [key, raw] of Object.entries(value)) {
    const route = routeName(ctx.schema, key, ext)
    if (route.kind !== 'attr') {
      unknownKey(`${ext.id}:${key}`, ctx)
      continue
    }
    if (!route.plain) {
      tolerate(ctx, 'b.1.6', `the dotted key "${key}" in ${ext.id}`, () => invalidPath(`"${key}" is not an attribute name of ${ext.id}`))
    }
    const t = attrTarget(route.resolved, ctx, `${ext.id}:${key}`)
    checkWritable(t)
    writeAttr(data, t, op, raw, ctx)
  }
}

/**
 * readOnly attributes in a path-less value: Okta's group push repeats `id` (and sometimes the whole resource, with
 * `schemas` and `meta`) in a replace (b.2.8). Tolerant ignores them — `id` only when it is this resource's id;
 * strict answers 400 mutability as RFC 7644 §3.5.2 requires.
 */
function readOnlyKey(key: string, attrName: string, raw: unknown, ctx: PatchContext): void {
  const refuse = () => mutability(`"${key}" is readOnly and cannot be modified (RFC 7644 §3.5.2)`)
  if (!isTolerant(ctx)) throw refuse()
  if (attrName === 'id' && raw !== ctx.id) throw mutability(`"id" is readOnly: ${JSON.stringify(raw)} is not this resource's id`)
  tolerate(ctx, 'b.2.8', `readOnly "${key}" in a path-less value ignored`, refuse)
}

function unknownKey(key: string, ctx: PatchContext): void {
  if (!isTolerant(ctx)) throw invalidPath(`"${key}" names no attribute of ${ctx.schema.resourceType.name} resources`)
  ctx.warnings.push(`ignored unknown attribute "${key}"`)
}

/**
 * After the last operation: `schemas` follows the extensions that have data (RFC 7643 §3), a required attribute that
 * the request unassigned is 400 mutability (RFC 7644 §3.5.2.3), and the result must be valid data.
 */
function finish(work: JsonObject, before: JsonObject, ctx: PatchContext): void {
  for (const ext of ctx.schema.extensions) {
    const k = keyOf(work, ext.id)
    if (k === undefined) continue
    const h = holderIn(work, ext)
    if (!h || Object.keys(h).length === 0) delete work[k]
  }
  setSchemas(work, ctx.schema)
  const wasThere = new Set(missingRequired(before, ctx.schema))
  for (const name of missingRequired(work, ctx.schema)) {
    if (!wasThere.has(name)) throw mutability(`"${name}" is required; the request would leave it unassigned (RFC 7644 §3.5.2.3)`)
  }
  validateData(work, ctx.schema)
}
