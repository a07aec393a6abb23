/** Small JSON helpers shared by validation and PATCH; resource data is always plain JSON. */

export type JsonObject = Record<string, unknown>

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Structural equality of JSON values; object key order is irrelevant (RFC 7643 attributes are unordered). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/** A deep copy; data is JSON, so nothing but objects, arrays and primitives need copying. */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T
  if (isPlainObject(v)) {
    const out: JsonObject = {}
    for (const [k, x] of Object.entries(v)) out[k] = clone(x)
    return out as T
  }
  return v
}

/** The own key of `obj` equal to `name` ignoring case (RFC 7643 §2.1), if any. */
export function keyOf(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name
  const lower = name.toLowerCase()
  return Object.keys(obj).find((k) => k.toLowerCase() === lower)
}
