/** Reading values out of SCIM JSON for filter evaluation. */

export type JsonRecord = Record<string, unknown>

export const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The member `name` of an object. Stored resources use schema spelling, but attribute names are case-insensitive
 * (RFC 7643 §2.1), so a differently-cased key still counts.
 */
export function getKey(obj: unknown, name: string): unknown {
  if (!isRecord(obj)) return undefined
  if (Object.hasOwn(obj, name)) return obj[name]
  const lower = name.toLowerCase()
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k]
  return undefined
}

/** A value as the list of values a filter compares: multi-valued attributes contribute each element. */
export function toList(v: unknown): unknown[] {
  if (v === undefined || v === null) return []
  if (Array.isArray(v)) return v.filter((x) => x !== undefined && x !== null)
  return [v]
}

/**
 * A sub-attribute of one complex value. A scalar where a complex value belongs stands for its `value` (Entra sends
 * `manager` as a plain string, idp-request-patterns b.1.10), so `manager.value eq "…"` still finds it.
 */
export function subValue(el: unknown, name: string): unknown {
  if (isRecord(el)) return getKey(el, name)
  return name.toLowerCase() === 'value' ? el : undefined
}

/** RFC 7644 §3.4.2.2 "pr": has a value that is not null, not "", not [] and, when complex, has some such member. */
export function hasValue(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (typeof v === 'string') return v.length > 0
  if (Array.isArray(v)) return v.some(hasValue)
  if (isRecord(v)) return Object.values(v).some(hasValue)
  return true
}

// xsd:dateTime (RFC 7643 §2.3.5).
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

/**
 * An xsd:dateTime as epoch milliseconds, or undefined. A value without a zone is read as UTC so that results do not
 * depend on the machine's time zone.
 */
export function parseInstant(s: string): number | undefined {
  const m = DATE_TIME.exec(s)
  if (!m) return undefined
  const ms = Date.parse(m[2] ? s : `${s}Z`)
  return Number.isNaN(ms) ? undefined : ms
}
