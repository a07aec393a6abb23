import { badRequest } from '../errors'
import type { AttributeDef } from '../schema/types'
import type { CompareOp, CompValue } from './ast'
import { parseInstant } from './read'

/** Tests one attribute value against a comparison's operator and value. */
export type ValueTest = (v: unknown) => boolean

const invalid = (detail: string) => badRequest('invalidFilter', detail)
const ORDER: ReadonlySet<CompareOp> = new Set(['gt', 'ge', 'lt', 'le'])
const SUBSTRING: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew'])

function order(op: CompareOp, a: number | string, b: number | string): boolean {
  switch (op) {
    case 'gt':
      return a > b
    case 'ge':
      return a >= b
    case 'lt':
      return a < b
    default:
      return a <= b
  }
}

/**
 * Builds the test for `attr op value` from the attribute's schema definition (RFC 7644 §3.4.2.2, RFC 7643 §2.3):
 * strings honour caseExact (co, sw, ew and the orderings too), dateTimes compare as instants, numbers numerically.
 * Combinations the RFC leaves undefined are refused whatever the data, so a filter is either valid or not:
 * gt/ge/lt/le on boolean, binary and complex attributes, co/sw/ew without a string, mismatched value types.
 * `op` is never 'ne' or a null comparison: the caller derives those from 'eq' and presence.
 * @throws ScimError 400 invalidFilter
 */
export function valueTest(def: AttributeDef, op: CompareOp, value: Exclude<CompValue, null>, label: string): ValueTest {
  const opLabel = `"${label} ${op}"`
  switch (def.type) {
    case 'boolean':
      if (op !== 'eq') throw invalid(`${opLabel}: "${label}" is a boolean, so only eq and ne apply`)
      if (typeof value !== 'boolean') throw invalid(`${opLabel}: "${label}" is a boolean; compare it with true or false`)
      return (v) => v === value
    case 'complex':
      if (op !== 'eq') throw invalid(`${opLabel}: "${label}" is complex, so only eq and ne apply; name a sub-attribute`)
      // A complex value is never equal to a JSON scalar.
      return () => false
    case 'integer':
    case 'decimal': {
      if (SUBSTRING.has(op)) throw invalid(`${opLabel}: "${label}" is a number; co, sw and ew need a string attribute`)
      if (typeof value !== 'number') throw invalid(`${opLabel}: "${label}" is a number; compare it with a number`)
      return op === 'eq' ? (v) => v === value : (v) => typeof v === 'number' && order(op, v, value)
    }
    case 'dateTime':
      if (!SUBSTRING.has(op)) return instantTest(op, value, opLabel, label)
      return stringTest(def, op, value, opLabel, label)
    default:
      return stringTest(def, op, value, opLabel, label)
  }
}

function instantTest(op: CompareOp, value: string | number | boolean, opLabel: string, label: string): ValueTest {
  const at = typeof value === 'string' ? parseInstant(value) : undefined
  if (at === undefined) {
    throw invalid(`${opLabel}: "${label}" is a dateTime; compare it with an xsd:dateTime string such as "2011-05-13T04:42:34Z"`)
  }
  return (v) => {
    const t = typeof v === 'string' ? parseInstant(v) : undefined
    if (t === undefined) return false
    return op === 'eq' ? t === at : order(op, t, at)
  }
}

/** string, reference and binary attributes (and dateTime text for co/sw/ew). */
function stringTest(def: AttributeDef, op: CompareOp, value: string | number | boolean, opLabel: string, label: string): ValueTest {
  if (def.type === 'binary' && ORDER.has(op)) {
    throw invalid(`${opLabel}: "${label}" is binary, so gt, ge, lt and le are not defined for it (RFC 7644 §3.4.2.2)`)
  }
  if (typeof value !== 'string') {
    // `externalId eq 701984`: an unquoted number still means that text (Entra prints such values, b.1.2).
    if (op === 'eq') value = String(value)
    else throw invalid(`${opLabel}: "${label}" is a string; "${op}" needs a "quoted string" value`)
  }
  // RFC 7643 §2.3.6: binary values are case exact whatever the schema says.
  const norm = def.caseExact || def.type === 'binary' ? (s: string) => s : (s: string) => s.toLowerCase()
  const want = norm(value)
  const test = (v: unknown, f: (s: string) => boolean) => typeof v === 'string' && f(norm(v))
  switch (op) {
    case 'eq':
      return (v) => test(v, (s) => s === want)
    case 'co':
      return (v) => test(v, (s) => s.includes(want))
    case 'sw':
      return (v) => test(v, (s) => s.startsWith(want))
    case 'ew':
      return (v) => test(v, (s) => s.endsWith(want))
    default:
      return (v) => test(v, (s) => order(op, s, want))
  }
}
