import type { Filter } from '../filter'
import { deepEqual, type JsonObject } from '../schema/json'
import { findAttr } from '../schema/registry'
import type { AttributeDef } from '../schema/types'

/**
 * The value a filtered PATCH on an absent entry creates in tolerant mode (Entra, idp-request-patterns b.1.8): the
 * sub-attributes the filter pins with `eq`, joined by `and` — `emails[type eq "work"]` gives {type: "work"}.
 * undefined when the filter pins nothing that way (`or`, `co`, `not`…), since no single value would then be meant.
 */
export function elementFromFilter(filter: Filter, attr: AttributeDef): JsonObject | undefined {
  const out: JsonObject = {}
  const pin = (f: Filter): boolean => {
    if (f.kind === 'and') return pin(f.left) && pin(f.right)
    if (f.kind !== 'compare' || f.op !== 'eq' || f.value === null) return false
    const sub = findAttr(attr.subAttributes ?? [], f.attrPath)
    if (!sub || sub.mutability === 'readOnly') return false
    if (out[sub.name] !== undefined && !deepEqual(out[sub.name], f.value)) return false
    out[sub.name] = f.value
    return true
  }
  return pin(filter) && Object.keys(out).length > 0 ? out : undefined
}
