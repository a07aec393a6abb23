import { findAttr } from '../schema/registry'
import { isPlainObject, type JsonObject } from '../schema/json'
import type { AttributeDef } from '../schema/types'
import { coerceElement } from '../schema/values'
import { isTolerant, type PatchContext } from './context'
import { checkImmutable } from './slot'

/**
 * Sub-attributes a complex value explicitly unassigns: `null` (RFC 7643 §2.5), and in tolerant mode `""`, which
 * Entra's validator uses to clear values (b.1.12).
 */
export function clearedSubs(attr: AttributeDef, raw: unknown, ctx: PatchContext): Set<string> {
  const out = new Set<string>()
  if (!isPlainObject(raw)) return out
  for (const [k, v] of Object.entries(raw)) {
    if (v !== null && !(v === '' && isTolerant(ctx))) continue
    const sub = findAttr(attr.subAttributes ?? [], k)
    if (sub) out.add(sub.name)
  }
  return out
}

/**
 * One complex value (a singular attribute's value or one element of a multi-valued one) after writing `raw` into it.
 * RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes in `raw` replace those of `current`, others are kept — unless
 * `whole`, when the value is replaced entirely ("all matching record values SHALL be replaced"). Returns undefined
 * when nothing is left. Immutable sub-attributes may not change (RFC 7643 §2.2).
 */
export function mergeComplex(
  attr: AttributeDef,
  current: unknown,
  raw: unknown,
  whole: boolean,
  label: string,
  ctx: PatchContext,
): JsonObject | undefined {
  const incoming = coerceElement(attr, raw, label, ctx) as JsonObject | undefined
  const cleared = clearedSubs(attr, raw, ctx)
  const cur = isPlainObject(current) ? current : {}
  const next: JsonObject = {}
  for (const sub of attr.subAttributes ?? []) {
    let v = whole ? undefined : cur[sub.name]
    if (incoming?.[sub.name] !== undefined) v = incoming[sub.name]
    else if (cleared.has(sub.name)) v = undefined
    checkImmutable(sub, cur[sub.name], v, `${label}.${sub.name}`)
    if (v !== undefined) next[sub.name] = v
  }
  return Object.keys(next).length ? next : undefined
}
