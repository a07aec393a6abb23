import type { ResourceSchema } from '../schema/registry'
import type { Filter } from './ast'
import { compileFilter } from './evaluate'

export type IndexedAttr = 'id' | 'userName' | 'externalId' | 'displayName' | 'emails.value'
export interface IndexHint {
  attr: IndexedAttr
  value: string
}

const TOP_LEVEL: ReadonlySet<string> = new Set(['id', 'userName', 'externalId', 'displayName'])

/**
 * Index planning for a list request (RFC 7644 §3.4.2): an equality on an indexed attribute that the whole filter
 * implies (the filter itself, or one operand of an `and` chain), so the store can fetch candidates from an index and
 * evaluate the filter on those only. Recognises `userName eq "x"` (any case, URN-qualified or not),
 * `emails.value eq "x"`, `emails eq "x"`, `emails[value eq "x"]` and Entra's `emails[type eq "work"].value eq "x"`.
 * Also type-checks the filter, so an invalid filter is refused even when the index yields no candidates.
 * @throws ScimError 400 invalidFilter
 */
export function indexHint(filter: Filter, schema: ResourceSchema): IndexHint | undefined {
  compileFilter(filter, schema)
  return hint(filter, schema)
}

function hint(f: Filter, schema: ResourceSchema): IndexHint | undefined {
  switch (f.kind) {
    case 'and':
      return hint(f.left, schema) ?? hint(f.right, schema)
    case 'compare': {
      if (f.op !== 'eq' || typeof f.value !== 'string') return undefined
      const r = schema.resolve(f.attrPath)
      if (!r || r.extension) return undefined
      if (!r.sub && TOP_LEVEL.has(r.attr.name)) return { attr: r.attr.name as IndexedAttr, value: f.value }
      // A comparison on emails without a sub-attribute compares emails.value (RFC 7644 §3.4.2.2).
      if (r.attr.name === 'emails' && (!r.sub || r.sub.name === 'value')) return { attr: 'emails.value', value: f.value }
      return undefined
    }
    case 'valuePath': {
      const r = schema.resolve(f.attrPath)
      if (!r || r.extension || r.sub || r.attr.name !== 'emails') return undefined
      const value = elementValueEq(f.filter)
      return value === undefined ? undefined : { attr: 'emails.value', value }
    }
    default:
      return undefined
  }
}

/** The `value eq "x"` a value filter implies, if any. */
function elementValueEq(f: Filter): string | undefined {
  if (f.kind === 'and') return elementValueEq(f.left) ?? elementValueEq(f.right)
  if (f.kind === 'compare' && f.op === 'eq' && typeof f.value === 'string' && f.attrPath.toLowerCase() === 'value') return f.value
  return undefined
}
