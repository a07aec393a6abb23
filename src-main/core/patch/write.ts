import { matchesElement } from '../filter'
import { deepEqual, isPlainObject, type JsonObject } from '../schema/json'
import { checkOnePrimary, coerceValue, invalidValue, tolerate, unwrapSingular } from '../schema/values'
import { mergeComplex } from './complex'
import { isTolerant, noTarget, type PatchContext } from './context'
import { elementFromFilter } from './seed'
import { clearOtherPrimaries, getAttr, getList, isPrimary, setAttr } from './slot'
import type { AttrTarget } from './target'

export type WriteOp = 'add' | 'replace'

/** null, and in tolerant mode "" (Entra's validator, b.1.12), unassign what they target (RFC 7643 §2.5). */
const clears = (raw: unknown, ctx: PatchContext) => raw === null || (raw === '' && isTolerant(ctx))

/**
 * "add" or "replace" on one attribute target (RFC 7644 §3.5.2.1, §3.5.2.3). Singular values are set, complex values
 * merged, multi-valued attributes appended to (add) or replaced (replace), filtered values updated.
 */
export function writeAttr(data: JsonObject, t: AttrTarget, op: WriteOp, raw: unknown, ctx: PatchContext): void {
  if (t.filter) return writeFiltered(data, t, op, raw, ctx)
  if (t.sub) {
    if (t.attr.multiValued) return writeSubOfEach(data, t, raw, ctx)
    return writeComplex(data, t, op, { [t.sub.name]: raw }, ctx)
  }
  if (t.attr.multiValued) return writeMulti(data, t, op, raw, ctx)
  if (t.attr.type === 'complex') return writeComplex(data, t, op, raw, ctx)
  setAttr(data, t, coerceValue(t.attr, raw, t.label, ctx))
}

/**
 * A singular complex attribute: sub-attributes sent replace those stored, others stay ("Sub-attributes that are not
 * specified in the 'value' parameter are left unchanged", §3.5.2.3).
 */
function writeComplex(data: JsonObject, t: AttrTarget, op: WriteOp, raw: unknown, ctx: PatchContext): void {
  const value = unwrapSingular(raw, t.label, ctx)
  const before = getAttr(data, t)
  if (value === undefined || clears(value, ctx)) {
    if (value === '') ctx.warnings.push(`"${t.label}": "" read as unassigned (idp-request-patterns b.1.10, b.1.12)`)
    return setAttr(data, t, undefined)
  }
  if (isPlainObject(value) && Object.keys(value).length === 0) {
    // Merging nothing changes nothing (RFC); Entra's validator removes the manager with an empty Replace (b.1.10).
    if (op === 'replace' && before !== undefined && isTolerant(ctx)) {
      ctx.warnings.push(`"${t.label}": replace with an empty value removed it (idp-request-patterns b.1.10)`)
      setAttr(data, t, undefined)
    }
    return
  }
  setAttr(data, t, mergeComplex(t.attr, before, value, false, t.label, ctx))
}

/**
 * A multi-valued attribute without a filter: "add" appends the new values, skipping ones already present
 * (§3.5.2.1 "If the target location already contains the value specified, no changes SHOULD be made"); "replace"
 * replaces them all (§3.5.2.3). A single value is read as a list of one: the RFC never says it must be an array.
 */
function writeMulti(data: JsonObject, t: AttrTarget, op: WriteOp, raw: unknown, ctx: PatchContext): void {
  if (clears(raw, ctx)) {
    if (op === 'replace') setAttr(data, t, undefined)
    return
  }
  const incoming = (coerceValue(t.attr, Array.isArray(raw) ? raw : [raw], t.label, ctx) as unknown[] | undefined) ?? []
  if (op === 'replace') return setAttr(data, t, incoming)
  const next = [...getList(data, t)]
  const madePrimary = new Set<number>()
  for (const v of incoming) {
    let i = next.findIndex((x) => deepEqual(x, v))
    if (i === -1) i = next.push(v) - 1
    if (isPrimary(v)) madePrimary.add(i)
  }
  setAttr(data, t, clearOtherPrimaries(next, madePrimary))
}

/** `emails.type` without a filter addresses that sub-attribute of every value; with no values, it creates one. */
function writeSubOfEach(data: JsonObject, t: AttrTarget, raw: unknown, ctx: PatchContext): void {
  const sub = t.sub!
  const list = getList(data, t)
  const targets = list.length ? list : [{}]
  const next = targets.map((el, i) => mergeComplex(t.attr, el, { [sub.name]: raw }, false, `${t.attr.name}[${i}]`, ctx))
  const kept = next.filter((v) => v !== undefined)
  checkOnePrimary(t.attr, kept, t.label)
  setAttr(data, t, kept)
}

/**
 * A valuePath (`emails[type eq "work"]`, optionally `.value`): every matching value is updated — replaced whole by
 * "replace" without a sub-attribute, merged otherwise. No match is 400 noTarget (§3.5.2.3); Entra relies on the
 * server creating the value instead (b.1.8), which tolerant mode does from the filter's `eq` terms.
 */
function writeFiltered(data: JsonObject, t: AttrTarget, op: WriteOp, raw: unknown, ctx: PatchContext): void {
  const list = getList(data, t)
  const value = t.filterSub ? { [t.filterSub.name]: raw } : raw
  if (!t.filterSub && !isPlainObject(value) && !clears(value, ctx)) {
    throw invalidValue(`"${t.label}" selects complex values: the value must be an object of sub-attributes`)
  }
  const hits = new Set<number>()
  list.forEach((el, i) => {
    if (matchesElement(t.filter!, el, t.attr)) hits.add(i)
  })
  if (hits.size === 0) return createFromFilter(data, t, list, value, raw, ctx)
  const next: unknown[] = []
  const madePrimary = new Set<number>()
  list.forEach((el, i) => {
    if (!hits.has(i)) return void next.push(el)
    if (!t.filterSub && clears(raw, ctx)) return // clearing a selected value removes it
    const v = mergeComplex(t.attr, el, value, op === 'replace' && !t.filterSub, `${t.label}`, ctx)
    if (v === undefined) return
    if (isPrimary(v)) madePrimary.add(next.length)
    next.push(v)
  })
  const result = clearOtherPrimaries(next, madePrimary)
  checkOnePrimary(t.attr, result, t.label)
  setAttr(data, t, result)
}

function createFromFilter(data: JsonObject, t: AttrTarget, list: unknown[], value: unknown, raw: unknown, ctx: PatchContext): void {
  const none = () => noTarget(`no value of "${t.attr.name}" matches "${t.label}" (RFC 7644 §3.5.2.3)`)
  if (ctx.compatibility === 'strict') throw none()
  if (clears(raw, ctx)) return // nothing there to clear
  const seed = elementFromFilter(t.filter!, t.attr)
  if (!seed) throw noTarget(`no value of "${t.attr.name}" matches "${t.label}", and the filter names no values to create one from`)
  const el = mergeComplex(t.attr, seed, value, false, t.label, ctx)
  if (!el || !matchesElement(t.filter!, el, t.attr)) {
    throw noTarget(`no value of "${t.attr.name}" matches "${t.label}", and the new value would not match it either`)
  }
  tolerate(ctx, 'b.1.8', `"${t.label}" matched nothing, so a new value was added`, none)
  const next = [...list, el]
  const result = isPrimary(el) ? clearOtherPrimaries(next, new Set([next.length - 1])) : next
  setAttr(data, t, result)
}
