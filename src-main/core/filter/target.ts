import { findAttr, type ResourceSchema } from '../schema/registry'
import type { AttributeDef } from '../schema/types'
import { getKey, subValue, toList } from './read'

/** Where attribute names are looked up: a whole resource, or one element inside a valuePath's brackets. */
export type Scope = { kind: 'resource'; schema: ResourceSchema } | { kind: 'element'; attr: AttributeDef }

/** An attribute path resolved once per filter, then read from many resources. */
export interface Target {
  /** The attribute the path names (the sub-attribute when dotted). */
  def: AttributeDef
  /** Its values in one resource or element: each element of a multi-valued attribute, nothing when unassigned. */
  values: (root: unknown) => unknown[]
}

/**
 * Resolves `attrPath` through the schema (case-insensitive, URN-qualified or not, extensions under their URN key,
 * RFC 7644 §3.10). Returns undefined for names no schema defines: those simply match nothing.
 */
export function resolveTarget(attrPath: string, scope: Scope): Target | undefined {
  if (scope.kind === 'element') {
    const def = findAttr(scope.attr.subAttributes ?? [], attrPath)
    return def && { def, values: (el) => toList(subValue(el, def.name)) }
  }
  const r = scope.schema.resolve(attrPath)
  if (!r) return undefined
  const ext = r.extension ? r.schemaId : undefined
  const top = r.attr.name
  const container = (res: unknown) => (ext ? getKey(res, ext) : res)
  if (!r.sub) return { def: r.attr, values: (res) => toList(getKey(container(res), top)) }
  const sub = r.sub.name
  return {
    def: r.sub,
    values: (res) => toList(getKey(container(res), top)).flatMap((el) => toList(subValue(el, sub))),
  }
}

/**
 * A comparison on a complex attribute without a sub-attribute (`emails co "example.com"`, Entra's
 * `manager eq "<id>"`) compares its `value` sub-attribute, as RFC 7644 §3.4.2.2's examples do.
 */
export function compared(t: Target): Target {
  if (t.def.type !== 'complex') return t
  const value = findAttr(t.def.subAttributes ?? [], 'value')
  if (!value) return t
  return { def: value, values: (root) => t.values(root).flatMap((el) => toList(subValue(el, value.name))) }
}
