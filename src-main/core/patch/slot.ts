import { deepEqual, isPlainObject, keyOf, type JsonObject } from '../schema/json'
import { holderIn } from '../schema/validate'
import type { AttributeDef } from '../schema/types'
import { mutability } from './context'
import type { AttrTarget } from './target'

/** Reading and writing one top-level attribute of resource data, wherever it lives (core or extension object). */

export function getAttr(data: JsonObject, t: AttrTarget): unknown {
  return holderIn(data, t.ext)?.[t.attr.name]
}

export function getList(data: JsonObject, t: AttrTarget): unknown[] {
  const v = getAttr(data, t)
  return Array.isArray(v) ? v : []
}

/**
 * Sets (or, with undefined, unassigns) the attribute. An unchanged value keeps the stored one, so a no-op keeps the
 * data byte-identical (Entra's periodic `active` PATCHes must not bump the version, b.1.7).
 */
export function setAttr(data: JsonObject, t: AttrTarget, value: unknown): void {
  const before = getAttr(data, t)
  checkImmutable(t.attr, before, value, t.label)
  if (deepEqual(before, value)) return
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    const h = holderIn(data, t.ext)
    if (!h) return
    delete h[t.attr.name]
    if (t.ext && Object.keys(h).length === 0) delete data[keyOf(data, t.ext.id)!]
    return
  }
  let h = holderIn(data, t.ext)
  if (!h) h = data[t.ext!.id] = {}
  h[t.attr.name] = value
}

/**
 * RFC 7643 §2.2 "immutable": may be set when it has no value, and never changed or removed afterwards
 * (RFC 7644 §3.5.2: "a client MAY 'add' a value to an 'immutable' attribute if the attribute had no previous value").
 */
export function checkImmutable(def: AttributeDef, before: unknown, after: unknown, label: string): void {
  if (def.mutability !== 'immutable' || before === undefined || deepEqual(before, after)) return
  throw mutability(`"${label}" is immutable and already has a value; it cannot be changed or removed (RFC 7643 §2.2)`)
}

export const isPrimary = (v: unknown): boolean => isPlainObject(v) && v.primary === true

/**
 * RFC 7644 §3.5.2: a PATCH that sets a value's "primary" to true "SHALL cause the server to automatically set
 * 'primary' to 'false' for any other values in the array". `keep` are the indices the request made primary.
 */
export function clearOtherPrimaries(list: unknown[], keep: Set<number>): unknown[] {
  if (keep.size === 0) return list
  return list.map((v, i) => (!keep.has(i) && isPrimary(v) ? { ...(v as JsonObject), primary: false } : v))
}
