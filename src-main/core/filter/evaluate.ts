import { badRequest } from '../errors'
import type { ResourceSchema } from '../schema/registry'
import type { AttributeDef } from '../schema/types'
import type { Filter } from './ast'
import { valueTest } from './compare'
import { hasValue } from './read'
import { compared, resolveTarget, type Scope } from './target'

type Predicate = (root: unknown) => boolean

const never: Predicate = () => false
// A filter is compiled once per schema (or per attribute, for value filters) and then run over every candidate;
// compiling also type-checks the whole filter, so an invalid one fails the same way whatever the data.
const compiled = new WeakMap<Filter, WeakMap<object, Predicate>>()

function compileCached(filter: Filter, key: object, scope: () => Scope): Predicate {
  let byKey = compiled.get(filter)
  if (!byKey) compiled.set(filter, (byKey = new WeakMap()))
  let p = byKey.get(key)
  if (!p) byKey.set(key, (p = compile(filter, scope())))
  return p
}

/**
 * Compiles a filter against a resource type's schemas, checking every comparison's types.
 * @throws ScimError 400 invalidFilter for comparisons the attribute's type does not support
 */
export function compileFilter(filter: Filter, schema: ResourceSchema): Predicate {
  return compileCached(filter, schema, () => ({ kind: 'resource', schema }))
}

function compile(f: Filter, scope: Scope): Predicate {
  switch (f.kind) {
    case 'and': {
      const l = compile(f.left, scope)
      const r = compile(f.right, scope)
      return (x) => l(x) && r(x)
    }
    case 'or': {
      const l = compile(f.left, scope)
      const r = compile(f.right, scope)
      return (x) => l(x) || r(x)
    }
    case 'not': {
      const p = compile(f.filter, scope)
      return (x) => !p(x)
    }
    case 'present': {
      const t = resolveTarget(f.attrPath, scope)
      return t ? (x) => t.values(x).some(hasValue) : never
    }
    case 'valuePath':
      return compileValuePath(f, scope)
    case 'compare':
      return compileCompare(f, scope)
  }
}

function compileValuePath(f: Extract<Filter, { kind: 'valuePath' }>, scope: Scope): Predicate {
  if (scope.kind === 'element') throw badRequest('invalidFilter', `"${f.attrPath}[…]": value filters cannot be nested`)
  const t = resolveTarget(f.attrPath, scope)
  if (!t) return never
  if (t.def.type !== 'complex') {
    throw badRequest('invalidFilter', `"${f.attrPath}[…]": "${t.def.name}" is not a complex attribute, so it takes no value filter`)
  }
  const inner = compileCached(f.filter, t.def, () => ({ kind: 'element', attr: t.def }))
  return (x) => t.values(x).some(inner)
}

/**
 * RFC 7644 §3.4.2.2: a multi-valued attribute matches when any of its values matches. `eq null` means unassigned and
 * `ne null` assigned. `ne` matches when some value differs, or when there is no value at all (an unassigned
 * attribute is "not identical" to the operand).
 */
function compileCompare(f: Extract<Filter, { kind: 'compare' }>, scope: Scope): Predicate {
  const raw = resolveTarget(f.attrPath, scope)
  if (!raw) return never
  const { op, value } = f
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw badRequest('invalidFilter', `"${f.attrPath} ${op} null": null can only be compared with eq and ne`)
    const present: Predicate = (x) => raw.values(x).some(hasValue)
    return op === 'eq' ? (x) => !present(x) : present
  }
  const t = compared(raw)
  if (op === 'ne') {
    const eq = valueTest(t.def, 'eq', value, f.attrPath)
    return (x) => {
      const vs = t.values(x)
      return vs.length === 0 || vs.some((v) => !eq(v))
    }
  }
  const test = valueTest(t.def, op, value, f.attrPath)
  return (x) => t.values(x).some(test)
}

/**
 * Does a whole resource match (RFC 7644 §3.4.2.2)? `resource` is the full SCIM JSON: core and common attributes at
 * the top, extension attributes under their schema URN. Attributes no schema defines match nothing.
 * @throws ScimError 400 invalidFilter for comparisons the attribute's type does not support
 */
export function matchesFilter(filter: Filter, resource: Record<string, unknown>, schema: ResourceSchema): boolean {
  return compileFilter(filter, schema)(resource)
}

/**
 * Does one element of a (multi-valued) complex attribute match a value filter (RFC 7644 §3.5.2, e.g. the
 * `type eq "work"` of `emails[type eq "work"]`)? Names inside the filter are sub-attributes of `attr`.
 * @throws ScimError 400 invalidFilter for comparisons the sub-attribute's type does not support
 */
export function matchesElement(filter: Filter, element: unknown, attr: AttributeDef): boolean {
  return compileCached(filter, attr, () => ({ kind: 'element', attr }))(element)
}
