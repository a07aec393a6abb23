import type { Compatibility } from '@shared/workspace'
import { badRequest, type ScimError } from '../errors'
import { isPlainObject, type JsonObject } from './json'
import { findAttr } from './registry'
import type { AttributeDef } from './types'

/**
 * How values are read. `resource` (POST/PUT bodies) ignores readOnly and unknown sub-attributes, as RFC 7644 §3.3
 * says ("SHALL be ignored"); `patch` refuses them in strict mode, as RFC 7644 §3.5.2 says an operation that is "not
 * compatible with an attribute's mutability or schema" SHALL fail.
 */
export interface CoerceContext {
  compatibility: Compatibility
  warnings: string[]
  purpose: 'resource' | 'patch'
}

/**
 * Accepts a non-RFC form that a real IdP sends (tolerant), noting it for the request log, or throws the RFC error
 * (strict). `item` is the idp-request-patterns.md item the form comes from, e.g. "b.1.7".
 */
export function tolerate(
  ctx: { compatibility: Compatibility; warnings: string[] },
  item: string,
  what: string,
  strictError: () => ScimError,
): void {
  if (ctx.compatibility === 'strict') throw strictError()
  ctx.warnings.push(`${what}: accepted in tolerant mode (idp-request-patterns ${item})`)
}

export const invalidValue = (detail: string) => badRequest('invalidValue', detail)

const BOOLEAN_STRING = /^(true|false)$/i
// xsd:dateTime (RFC 7643 §2.3.5); Date.parse then rejects impossible dates.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/
// RFC 7643 §2.3.6: base64 of RFC 4648 §4; line breaks are common in pasted certificates.
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/

/**
 * Reads the value of one attribute (RFC 7643 §2.3 types, §2.4 multi-valued) into canonical form: sub-attributes by
 * their schema names, in schema order. Returns undefined when the value means "unassigned" (null, an empty array, an
 * empty complex value — RFC 7643 §2.5). Throws 400 invalidValue naming `label` when the type is wrong.
 */
export function coerceValue(attr: AttributeDef, raw: unknown, label: string, ctx: CoerceContext): unknown {
  if (raw === null || raw === undefined) return undefined
  if (!attr.multiValued) return coerceSingle(attr, unwrapSingular(raw, label, ctx), label, ctx)
  if (!Array.isArray(raw)) throw invalidValue(`"${label}" is multi-valued: its value must be an array`)
  const out: unknown[] = []
  raw.forEach((el, i) => {
    const v = coerceSingle(attr, el, `${label}[${i}]`, ctx)
    if (v !== undefined) out.push(v)
  })
  checkOnePrimary(attr, out, label)
  return out.length ? out : undefined
}

/**
 * A singular attribute sent as an array: Entra's SDK example sends `manager` as `[{"$ref":…,"value":…}]` (b.1.10).
 * Tolerant unwraps one element (none = unassigned); strict refuses.
 */
export function unwrapSingular(raw: unknown, label: string, ctx: CoerceContext): unknown {
  if (!Array.isArray(raw)) return raw
  const err = () => invalidValue(`"${label}" is single-valued: its value must not be an array`)
  if (raw.length > 1) throw err()
  tolerate(ctx, 'b.1.10', `"${label}" sent as an array of ${raw.length}`, err)
  return raw.length ? raw[0] : undefined
}

/** RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once." */
export function checkOnePrimary(attr: AttributeDef, values: unknown[], label: string): void {
  if (!findAttr(attr.subAttributes ?? [], 'primary')) return
  const n = values.filter((v) => isPlainObject(v) && v.primary === true).length
  if (n > 1) throw invalidValue(`"${label}" has ${n} values with "primary": true; at most one is allowed (RFC 7643 §2.4)`)
}

/** Reads one value of an attribute: the attribute's value if singular, one element if multi-valued. */
export function coerceElement(attr: AttributeDef, raw: unknown, label: string, ctx: CoerceContext): unknown {
  return coerceSingle(attr, raw, label, ctx)
}

function coerceSingle(attr: AttributeDef, raw: unknown, label: string, ctx: CoerceContext): unknown {
  if (raw === null || raw === undefined) return undefined
  if (raw === '' && ctx.compatibility === 'tolerant') {
    // RFC 7643 has no "empty string means unassigned", but Entra's validator clears attributes with "" (b.1.12).
    ctx.warnings.push(`"${label}": "" read as unassigned (idp-request-patterns b.1.12)`)
    return undefined
  }
  if (attr.type === 'complex') return coerceComplex(attr, raw, label, ctx)
  return coerceSimple(attr, raw, label, ctx)
}

function coerceComplex(attr: AttributeDef, raw: unknown, label: string, ctx: CoerceContext): JsonObject | undefined {
  const subs = attr.subAttributes ?? []
  if (typeof raw === 'string' && findAttr(subs, 'value')) {
    // Entra sends the enterprise manager as a plain id string (b.1.10); read it as {"value": id}.
    tolerate(ctx, 'b.1.10', `"${label}" sent as a plain string`, () => invalidValue(`"${label}" is complex: its value must be an object`))
    return { value: raw }
  }
  if (!isPlainObject(raw)) throw invalidValue(`"${label}" is complex: its value must be an object`)
  const picked = new Map<string, unknown>()
  for (const [key, v] of Object.entries(raw)) {
    const sub = findAttr(subs, key)
    const subLabel = `${label}.${sub?.name ?? key}`
    if (!sub) {
      if (ctx.purpose === 'patch' && ctx.compatibility === 'strict') throw invalidValue(`"${subLabel}" is not a sub-attribute of "${attr.name}"`)
      ctx.warnings.push(`ignored unknown sub-attribute "${subLabel}"`)
      continue
    }
    if (sub.mutability === 'readOnly') {
      if (v === null || v === undefined) continue
      if (ctx.purpose === 'patch' && ctx.compatibility === 'strict') {
        throw badRequest('mutability', `"${subLabel}" is readOnly and cannot be written (RFC 7643 §2.2)`)
      }
      ctx.warnings.push(`ignored readOnly sub-attribute "${subLabel}" (RFC 7644 §3.3)`)
      continue
    }
    const value = coerceValue(sub, v, subLabel, ctx)
    if (value !== undefined) picked.set(sub.name, value)
  }
  const out: JsonObject = {}
  for (const sub of subs) if (picked.has(sub.name)) out[sub.name] = picked.get(sub.name)
  return Object.keys(out).length ? out : undefined
}

function coerceSimple(attr: AttributeDef, raw: unknown, label: string, ctx: CoerceContext): unknown {
  const wrong = (what: string) => invalidValue(`"${label}" must be ${what}, got ${JSON.stringify(raw)}`)
  switch (attr.type) {
    case 'string':
    case 'reference':
      if (typeof raw !== 'string') throw wrong('a string')
      return raw
    case 'boolean':
      if (typeof raw === 'boolean') return raw
      if (typeof raw === 'string' && BOOLEAN_STRING.test(raw)) {
        // Entra's legacy disable sends "False" and its 2025 traffic "false" (b.1.7).
        tolerate(ctx, 'b.1.7', `"${label}" sent as the string ${JSON.stringify(raw)}`, () => wrong('a JSON boolean'))
        return raw.toLowerCase() === 'true'
      }
      throw wrong('a JSON boolean')
    case 'integer':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw wrong('an integer')
      return raw
    case 'decimal':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw wrong('a number')
      return raw
    case 'dateTime':
      if (typeof raw !== 'string' || !DATE_TIME.test(raw) || Number.isNaN(Date.parse(raw))) throw wrong('an xsd:dateTime string')
      return raw
    case 'binary':
      if (typeof raw !== 'string' || !BASE64.test(raw)) throw wrong('a base64 string')
      return raw
    case 'complex':
      return coerceComplex(attr, raw, label, ctx)
  }
}
