import type { CompValue, Filter } from '../filter'

/**
 * SCIM filters (RFC 7644 §3.4.2.2) over plain JSON, for the IAM provider, which has no RFC 7643 schema to consult:
 * attribute names match case-insensitively, strings compare case-insensitively except identifiers (`id`, `value`,
 * `$ref`, `externalId`, anything ending in `.id`), multi-valued attributes match when any element does.
 */
type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function keyOf(o: Obj, name: string): string | undefined {
  if (Object.hasOwn(o, name)) return name
  const lower = name.toLowerCase()
  return Object.keys(o).find((k) => k.toLowerCase() === lower)
}

/** The attribute path as segments under `o`: an extension URN prefix names the key it is stored under. */
function segmentsOf(o: Obj, attrPath: string): { root: unknown; segs: string[] } {
  if (/^urn:/i.test(attrPath)) {
    const lower = attrPath.toLowerCase()
    const urnKey = Object.keys(o)
      .filter((k) => /^urn:/i.test(k) && (lower === k.toLowerCase() || lower.startsWith(k.toLowerCase() + ':')))
      .sort((a, b) => b.length - a.length)[0]
    if (urnKey) {
      const rest = attrPath.slice(urnKey.length + 1)
      return { root: o[urnKey], segs: rest ? rest.split('.') : [] }
    }
    // A core schema URN (urn:...:core:2.0:User:userName) qualifies a top-level attribute.
    const i = attrPath.lastIndexOf(':')
    return { root: o, segs: attrPath.slice(i + 1).split('.') }
  }
  return { root: o, segs: attrPath.split('.') }
}

/** Every value at the path, arrays flattened at each step. */
export function valuesAt(o: Obj, attrPath: string): unknown[] {
  const { root, segs } = segmentsOf(o, attrPath)
  let current: unknown[] = [root]
  for (const seg of segs) {
    const next: unknown[] = []
    for (const v of current.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (!isObj(v)) continue
      const k = keyOf(v, seg)
      if (k !== undefined && v[k] !== undefined) next.push(v[k])
    }
    current = next
  }
  return current.flatMap((x) => (Array.isArray(x) ? x : [x]))
}

const EXACT = new Set(['id', 'value', '$ref', 'externalid'])
const caseExact = (attrPath: string) => EXACT.has(attrPath.split(/[.:]/).pop()!.toLowerCase())

const present = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && !(isObj(v) && Object.keys(v).length === 0)

function compare(v: unknown, op: string, value: CompValue, exact: boolean): boolean {
  if (value === null) return false
  if (typeof v === 'string' && typeof value === 'string') {
    const a = exact ? v : v.toLowerCase()
    const b = exact ? value : value.toLowerCase()
    switch (op) {
      case 'eq':
        return a === b
      case 'co':
        return a.includes(b)
      case 'sw':
        return a.startsWith(b)
      case 'ew':
        return a.endsWith(b)
      case 'gt':
        return a > b
      case 'ge':
        return a >= b
      case 'lt':
        return a < b
      case 'le':
        return a <= b
    }
    return false
  }
  if (typeof v === 'number' && typeof value === 'number') {
    switch (op) {
      case 'eq':
        return v === value
      case 'gt':
        return v > value
      case 'ge':
        return v >= value
      case 'lt':
        return v < value
      case 'le':
        return v <= value
    }
    return false
  }
  if (typeof v === 'boolean' && typeof value === 'boolean') return op === 'eq' && v === value
  // `externalId eq 42`: an unquoted number or boolean still means that text.
  if (typeof v === 'string' && op === 'eq') return v === String(value)
  return false
}

/** Whether `o` matches the filter. */
export function iamMatches(filter: Filter, o: Obj): boolean {
  switch (filter.kind) {
    case 'and':
      return iamMatches(filter.left, o) && iamMatches(filter.right, o)
    case 'or':
      return iamMatches(filter.left, o) || iamMatches(filter.right, o)
    case 'not':
      return !iamMatches(filter.filter, o)
    case 'present':
      return valuesAt(o, filter.attrPath).some(present)
    case 'valuePath':
      return valuesAt(o, filter.attrPath).some((el) => iamMatches(filter.filter, elementObject(el)))
    case 'compare': {
      const values = valuesAt(o, filter.attrPath)
      // RFC 7644 §3.4.2.2: `eq null` is "not present", `ne null` is "present"; ne is the negation of eq.
      if (filter.value === null) return filter.op === 'ne' ? values.some(present) : filter.op === 'eq' ? !values.some(present) : false
      const exact = caseExact(filter.attrPath)
      if (filter.op === 'ne') return !values.some((v) => compare(v, 'eq', filter.value, exact))
      return values.some((v) => compare(v, filter.op, filter.value, exact))
    }
  }
}

/** An element of a multi-valued attribute as a filter sees it: a bare string is `{value}` (`actions[value eq "x"]`). */
export function elementObject(el: unknown): Obj {
  return isObj(el) ? el : { value: el }
}
