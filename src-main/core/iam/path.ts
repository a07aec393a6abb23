import { badRequest } from '../errors'

/**
 * The reference's structured PATCH path — `{attributePath: {attributeName, subAttribute, uriprefix}, subAttribute,
 * valueExpression}` — as the RFC 7644 §3.5.2 path text it means, so one parser (core/filter parsePath) reads both:
 * `[uriprefix ':'] attributeName ['.' attributePath.subAttribute] ['[' filter ']'] ['.' subAttribute]`.
 * `valueExpression` is filter text, or an expression object formatted here. Key names match case-insensitively.
 */
type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const invalidPath = (detail: string) => badRequest('invalidPath', detail)

/** The value of the first of `names` present in `o`, matching keys case-insensitively. */
function pick(o: Obj, ...names: string[]): unknown {
  for (const n of names) {
    const lower = n.toLowerCase()
    const k = Object.keys(o).find((key) => key.toLowerCase() === lower)
    if (k !== undefined && o[k] !== undefined && o[k] !== null) return o[k]
  }
  return undefined
}

function text(v: unknown, where: string): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw invalidPath(`${where} must be a string`)
  return v.trim()
}

/** `uri:name.sub` from an `{attributeName, subAttribute, uriprefix}` object (or a string, taken as written). */
function attributeText(ap: unknown, where: string): string {
  if (typeof ap === 'string') return ap.trim()
  if (!isObj(ap)) return ''
  const name = text(pick(ap, 'attributeName', 'name'), `${where}.attributeName`)
  const uri = text(pick(ap, 'uriprefix', 'uriPrefix', 'urn', 'schema'), `${where}.uriprefix`)
  const sub = text(pick(ap, 'subAttribute', 'subAttr'), `${where}.subAttribute`)
  if (!name) return uri
  return `${uri ? `${uri}:` : ''}${name}${sub ? `.${sub}` : ''}`
}

const COMPARE = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])

/** Filter text for an expression object: comparisons, `pr`, and / or (each side grouped), not. */
export function formatValueExpression(e: unknown, where = 'valueExpression'): string {
  if (typeof e === 'string') return e.trim()
  if (!isObj(e)) throw invalidPath(`${where} must be filter text or an expression object`)
  const op = pick(e, 'operator', 'op')
  if (typeof op !== 'string') throw invalidPath(`${where}.operator is required`)
  const o = op.trim().toLowerCase()
  if (o === 'and' || o === 'or') {
    const left = pick(e, 'left', 'leftExpression', 'lhs')
    const right = pick(e, 'right', 'rightExpression', 'rhs')
    if (left === undefined || right === undefined) throw invalidPath(`${where}: "${o}" needs left and right`)
    return `(${formatValueExpression(left, `${where}.left`)}) ${o} (${formatValueExpression(right, `${where}.right`)})`
  }
  if (o === 'not') {
    const inner = pick(e, 'expression', 'filter', 'operand', 'valueExpression')
    if (inner === undefined) throw invalidPath(`${where}: "not" needs an expression`)
    return `not (${formatValueExpression(inner, `${where}.expression`)})`
  }
  const attr = attributeText(pick(e, 'attributePath', 'attribute', 'attrPath', 'path'), `${where}.attributePath`)
  if (!attr) throw invalidPath(`${where}.attributePath is required`)
  if (o === 'pr') return `${attr} pr`
  if (!COMPARE.has(o)) throw invalidPath(`${where}.operator "${op}" is not one of eq, ne, co, sw, ew, gt, ge, lt, le, pr, and, or, not`)
  const value = pick(e, 'compareValue', 'value')
  if (value === undefined) return `${attr} ${o} null`
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw invalidPath(`${where}.compareValue must be a string, number, boolean or null`)
  return `${attr} ${o} ${JSON.stringify(value)}`
}

/**
 * The path text a PATCH operation's `path` stands for, or undefined for "no path" (absent, null, "", or a structured
 * path naming no attribute). A bare `uriprefix` names the extension object itself.
 * @throws ScimError 400 invalidPath for anything else
 */
export function pathText(path: unknown): string | undefined {
  if (path === undefined || path === null) return undefined
  if (typeof path === 'string') return path.trim() === '' ? undefined : path
  if (!isObj(path)) throw invalidPath('path must be a string or a structured path object {attributePath, subAttribute, valueExpression}')
  const ap = pick(path, 'attributePath')
  const attr = attributeText(ap, 'path.attributePath')
  if (!attr) return undefined
  const hasName = typeof ap === 'string' || (isObj(ap) && text(pick(ap, 'attributeName', 'name'), 'path.attributePath.attributeName') !== '')
  const expr = pick(path, 'valueExpression', 'filter')
  const filter = expr === undefined ? '' : formatValueExpression(expr, 'path.valueExpression')
  const sub = text(pick(path, 'subAttribute'), 'path.subAttribute')
  if (!hasName) return attr
  return `${attr}${filter ? `[${filter}]` : ''}${sub ? `.${sub}` : ''}`
}
