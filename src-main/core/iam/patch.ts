import { z } from 'zod'
import { IAM_BODIES, IAM_KIND_INFO, IAM_USER_EXTENSIONS, iamNounWithArticle, type IamKind } from '@shared/iam'
import { badRequest, ScimError } from '../errors'
import { parsePath, type Filter } from '../filter'
import { isPlainObject as isObj } from './body'
import { elementObject, iamMatches } from './filter'
import { pathText } from './path'
import { invalidBody, type IamIssue } from './validate'

/**
 * PATCH (RFC 7644 §3.5.2) on plain JSON: the operations apply in order to a copy of the resource's writable view
 * (its data in request shape, plus `externalId`); the result is then validated by the service exactly as a PUT body.
 * Attributes are known from the kind's body schema, so a typo in a path is a 400 rather than a silent no-op.
 */
type Obj = Record<string, unknown>
type Schema = z.ZodType

export interface PatchOutcome {
  /** The resulting body, for IAM_BODIES[kind].replace. */
  view: Obj
  externalId: string | null
  /** A validation failure of `view`, worded with the operation at fault when exactly one is. */
  fail(issues: IamIssue[]): ScimError
}

// --- what the body schema says about an attribute --------------------------------------------------------------

interface Def {
  type: string
  innerType?: Schema
  in?: Schema
  element?: Schema
  shape?: Record<string, Schema>
}
const defOf = (s: Schema | undefined): Def | undefined => (s ? (s as unknown as { _zod: { def: Def } })._zod.def : undefined)

function unwrap(s: Schema | undefined): Schema | undefined {
  let cur = s
  for (let d = defOf(cur); d; d = defOf(cur)) {
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') cur = d.innerType
    else if (d.type === 'pipe') cur = d.in
    else return cur
  }
  return undefined
}
const typeOf = (s: Schema | undefined) => defOf(unwrap(s))?.type

/** The sub-attributes of an object attribute, or of the elements of a multi-valued one. */
function shapeOf(s: Schema | undefined): Record<string, Schema> | undefined {
  let d = defOf(unwrap(s))
  if (d?.type === 'array') d = defOf(unwrap(d.element))
  return d?.type === 'object' ? d.shape : undefined
}

const EXTERNAL_ID = z.string()

function topShape(kind: IamKind): Record<string, Schema> {
  return { ...shapeOf(IAM_BODIES[kind].replace), externalId: EXTERNAL_ID }
}

function findKey(keys: Iterable<string>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const k of keys) if (k.toLowerCase() === lower) return k
  return undefined
}

// --- paths ------------------------------------------------------------------------------------------------------

interface Resolved {
  /** Attribute names as stored, from the top. */
  segs: string[]
  /** The schema of the last one (undefined inside free-form objects such as claim_mapper). */
  schema: Schema | undefined
}

/**
 * An attribute path (`name`, `name.givenName`, `urn:…:User:company`, `urn:…:core:2.0:User:userName`) as stored
 * attribute names. Names match case-insensitively; an unknown one is 400 invalidPath.
 */
function resolveAttr(kind: IamKind, attr: string): Resolved {
  const unknown = () => badRequest('invalidPath', `no attribute "${attr}" on ${iamNounWithArticle(kind)}`)
  const lower = attr.toLowerCase()
  let rest = attr
  let segs: string[] = []
  let shape: Record<string, Schema> | undefined = topShape(kind)
  let schema: Schema | undefined
  if (lower.startsWith('urn:')) {
    const ext = kind === 'user' ? IAM_USER_EXTENSIONS.find((u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`)) : undefined
    if (ext !== undefined) {
      segs = [ext]
      schema = shape[ext]
      shape = shapeOf(schema)
      rest = attr.slice(ext.length + 1)
    } else {
      const core = IAM_KIND_INFO[kind].schemas.find((u) => lower.startsWith(`${u.toLowerCase()}:`))
      if (!core) throw unknown()
      rest = attr.slice(core.length + 1)
    }
  }
  if (rest !== '') {
    for (const part of rest.split('.')) {
      if (shape) {
        const k = findKey(Object.keys(shape), part)
        if (k === undefined) throw unknown()
        segs.push(k)
        schema = shape[k]
        shape = shapeOf(schema)
      } else if (segs.length && typeOf(schema) === 'record') {
        // A free-form object (claim_mapper, properties): its keys are the client's.
        segs.push(part)
        schema = undefined
      } else throw unknown()
    }
  }
  if (!segs.length) throw unknown()
  return { segs, schema }
}

interface Target extends Resolved {
  text: string
  filter?: Filter
  subAttr?: string
  subSchema?: Schema
}

function resolvePath(kind: IamKind, text: string): Target {
  const p = parsePath(text)
  const r = resolveAttr(kind, p.attrPath)
  if (!p.valueFilter) return { ...r, text }
  if (typeOf(r.schema) !== 'array') throw badRequest('invalidPath', `"${p.attrPath}" is not multi-valued, so it takes no [filter]`)
  if (p.subAttr === undefined) return { ...r, text, filter: p.valueFilter }
  const shape = shapeOf(r.schema)
  const sub = shape ? findKey(Object.keys(shape), p.subAttr) : p.subAttr.toLowerCase() === 'value' ? 'value' : undefined
  if (sub === undefined) throw badRequest('invalidPath', `no attribute "${p.attrPath}.${p.subAttr}" on ${iamNounWithArticle(kind)}`)
  return { ...r, text, filter: p.valueFilter, subAttr: sub, subSchema: shape?.[sub] }
}

// --- operations on plain JSON ------------------------------------------------------------------------------------

/** Entra sends booleans as "True" / "False". */
function coerce(schema: Schema | undefined, value: unknown): unknown {
  if (typeOf(schema) === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
  return value
}

/** Elements are the same when equal, or (objects) when their `value`s are: `[{value}]` names members. */
function sameElement(a: unknown, b: unknown): boolean {
  if (isObj(a) && isObj(b) && b.value !== undefined) return a.value === b.value
  if (isObj(a) && typeof b === 'string') return a.value === b
  return JSON.stringify(a) === JSON.stringify(b)
}

function appendUnique(current: unknown[], items: unknown[]): unknown[] {
  const out = [...current]
  for (const item of items) if (!out.some((x) => sameElement(x, item))) out.push(item)
  return out
}

/** The objects holding the last attribute of `segs`; a multi-valued attribute on the way fans out to its elements. */
function holders(root: Obj, segs: string[], create: boolean): Obj[] {
  let cur: Obj[] = [root]
  for (const seg of segs.slice(0, -1)) {
    const next: Obj[] = []
    for (const o of cur) {
      let v = o[seg]
      if ((v === undefined || v === null) && create) v = o[seg] = {}
      if (Array.isArray(v)) next.push(...v.filter(isObj))
      else if (isObj(v)) next.push(v)
    }
    cur = next
  }
  return cur
}

/** `{"members": [...]}` sent as the value of path `members` (the reference's Group sample) means the list. */
function unwrapNamed(key: string, schema: Schema | undefined, value: unknown): unknown {
  if (typeOf(schema) === 'array' && isObj(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0]!.toLowerCase() === key.toLowerCase()) return value[keys[0]!]
  }
  return value
}

type OpName = 'add' | 'replace' | 'remove'

function applyPlain(root: Obj, op: OpName, t: Resolved, value: unknown): void {
  const k = t.segs[t.segs.length - 1]!
  const multi = typeOf(t.schema) === 'array'
  for (const h of holders(root, t.segs, op !== 'remove')) {
    const cur = h[k]
    if (op === 'remove') {
      // Entra's legacy shape names the values to remove (`"value": [{"value": "<id>"}]`); without one all go.
      const named = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]
      if (Array.isArray(cur) && named.length) h[k] = cur.filter((el) => !named.some((v) => sameElement(el, v)))
      else delete h[k]
      continue
    }
    const v = coerce(t.schema, unwrapNamed(k, t.schema, value))
    if (multi || Array.isArray(cur)) {
      const items = Array.isArray(v) ? v : [v]
      h[k] = op === 'add' ? appendUnique(Array.isArray(cur) ? cur : [], items) : items
    } else if (isObj(cur) && isObj(v) && (op === 'add' || typeOf(t.schema) === 'object')) {
      // RFC 7644 §3.5.2.1 / .3: sub-attributes not mentioned are left as they are.
      h[k] = { ...cur, ...v }
    } else h[k] = v
  }
}

/** Applies to the elements the filter selects; with none selected, see the end (RFC 7644 §3.5.2.3 and Entra). */
function applyFiltered(root: Obj, op: OpName, t: Target, value: unknown): void {
  const k = t.segs[t.segs.length - 1]!
  let matched = 0
  for (const h of holders(root, t.segs, false)) {
    const arr = h[k]
    if (!Array.isArray(arr)) continue
    const hit = arr.map((el) => iamMatches(t.filter!, elementObject(el)))
    matched += hit.filter(Boolean).length
    if (op === 'remove') {
      if (t.subAttr === undefined) h[k] = arr.filter((_, i) => !hit[i])
      else h[k] = arr.flatMap((el, i) => (!hit[i] ? [el] : isObj(el) ? [omit(el, t.subAttr!)] : []))
      continue
    }
    h[k] = arr.map((el, i) => {
      if (!hit[i]) return el
      if (t.subAttr === undefined) return op === 'add' && isObj(el) && isObj(value) ? { ...el, ...value } : value
      if (!isObj(el)) return value
      const cur = el[t.subAttr]
      const v = coerce(t.subSchema, value)
      if (op === 'add' && (Array.isArray(cur) || typeOf(t.subSchema) === 'array')) return { ...el, [t.subAttr]: appendUnique(Array.isArray(cur) ? cur : [], Array.isArray(v) ? v : [v]) }
      return { ...el, [t.subAttr]: v }
    })
  }
  if (matched || op === 'remove') return
  // Writing a sub-attribute of an entry that is not there yet (`emails[type eq "work"].value`) creates the entry from
  // the filter's eq terms: Entra sends exactly that, as "Add" or "Replace", and expects it to work
  // (idp-request-patterns.md b.1.5, b.1.8), though RFC 7644 §3.5.2.3 would answer a replace with noTarget. Replacing
  // a whole element that is not there (`members[value eq "x"]`) stays noTarget.
  const shape = shapeOf(t.schema)
  const seed = (op === 'add' || t.subAttr !== undefined) && shape ? elementFromFilter(t.filter!, shape) : undefined
  const parent = holders(root, t.segs, true)[0]
  if (!seed || !parent) throw badRequest('noTarget', `no value of "${t.segs.join('.')}" matches the filter`)
  const el = t.subAttr !== undefined ? { ...seed, [t.subAttr]: coerce(t.subSchema, value) } : isObj(value) ? { ...seed, ...value } : undefined
  if (!el) throw badRequest('noTarget', `no value of "${t.segs.join('.')}" matches the filter`)
  const arr = parent[k]
  parent[k] = [...(Array.isArray(arr) ? arr : []), el]
}

/** The sub-attributes a filter pins with `eq` joined by `and`; undefined when it pins nothing that way. */
function elementFromFilter(f: Filter, shape: Record<string, Schema>): Obj | undefined {
  const out: Obj = {}
  const pin = (x: Filter): boolean => {
    if (x.kind === 'and') return pin(x.left) && pin(x.right)
    if (x.kind !== 'compare' || x.op !== 'eq' || x.value === null) return false
    const k = findKey(Object.keys(shape), x.attrPath)
    if (k === undefined) return false
    out[k] = x.value
    return true
  }
  return pin(f) ? out : undefined
}

function omit(o: Obj, key: string): Obj {
  const { [key]: _gone, ...rest } = o
  return rest
}

/** Keys a client may echo back in a path-less value that are not attributes to change. */
const IGNORED = new Set(['schemas', 'meta', 'id'])

// --- the body ----------------------------------------------------------------------------------------------------

/**
 * Applies a PATCH body to a copy of `view` (the resource's writable view) whose external id is `externalId`.
 * Nothing is changed in place; the caller validates and stores the outcome, so the whole PATCH is all or nothing.
 * @throws ScimError 400 invalidSyntax / invalidPath / noTarget / invalidValue, naming the operation at fault
 */
export function applyPatch(kind: IamKind, view: Obj, externalId: string | null, body: unknown): PatchOutcome {
  if (!isObj(body)) throw badRequest('invalidSyntax', 'the PATCH body must be a JSON object with "Operations"')
  const opsKey = Object.keys(body).find((k) => k.toLowerCase() === 'operations')
  const ops = opsKey !== undefined ? body[opsKey] : undefined
  if (!Array.isArray(ops) || ops.length === 0) throw badRequest('invalidSyntax', 'Operations is required: a non-empty list of {op, path, value}')

  const work: Obj = structuredClone(view)
  if (externalId !== null) work.externalId = externalId
  const labels: string[] = []
  /** Which operations touched each top-level attribute, to name the one at fault when validation fails. */
  const touched = new Map<string, Set<number>>()
  const touch = (top: string, i: number) => {
    const k = top.toLowerCase()
    touched.set(k, (touched.get(k) ?? new Set()).add(i))
  }

  ops.forEach((raw, i) => {
    let label = `Operations[${i}]`
    try {
      if (!isObj(raw)) throw badRequest('invalidSyntax', 'an operation must be an object {op, path, value}')
      const opRaw = raw[Object.keys(raw).find((k) => k.toLowerCase() === 'op') ?? 'op']
      const op = typeof opRaw === 'string' ? opRaw.trim().toLowerCase() : ''
      if (op !== 'add' && op !== 'replace' && op !== 'remove') throw badRequest('invalidSyntax', `op ${JSON.stringify(opRaw ?? null)} is not add, replace or remove`)
      const pathKey = Object.keys(raw).find((k) => k.toLowerCase() === 'path')
      const valueKey = Object.keys(raw).find((k) => k.toLowerCase() === 'value')
      const value = valueKey !== undefined ? raw[valueKey] : undefined
      label = `Operations[${i}] (${op})`
      const text = pathText(pathKey !== undefined ? raw[pathKey] : undefined)
      if (text !== undefined) label = `Operations[${i}] (${op} ${JSON.stringify(text)})`
      labels[i] = label
      if (op !== 'remove' && value === undefined) throw badRequest('invalidValue', `"${op}" needs a value`)

      if (text === undefined) {
        if (op === 'remove') throw badRequest('noTarget', 'remove needs a path naming what to remove')
        if (!isObj(value)) throw badRequest('invalidValue', 'without a path, the value must be an object of attributes')
        for (const [k, v] of Object.entries(value)) {
          if (IGNORED.has(k.toLowerCase())) continue
          const t = resolveAttr(kind, k)
          touch(t.segs[0]!, i)
          applyPlain(work, op, t, v)
        }
        return
      }
      const t = resolvePath(kind, text)
      touch(t.segs[0]!, i)
      if (t.filter) applyFiltered(work, op, t, value)
      else applyPlain(work, op, t, value)
    } catch (err) {
      if (err instanceof ScimError) throw new ScimError(err.status, `${label}: ${err.message}`, err.scimType)
      throw err
    }
  })

  const ext = work.externalId
  delete work.externalId
  let nextExternalId: string | null
  if (ext === undefined || ext === null || ext === '') nextExternalId = null
  else if (typeof ext === 'string') nextExternalId = ext
  else if (isObj(ext) && typeof ext.value === 'string') nextExternalId = ext.value
  else throw badRequest('invalidValue', 'externalId must be a string')

  return {
    view: work,
    externalId: nextExternalId,
    fail(issues) {
      const at = new Set<number>()
      let all = true
      for (const issue of issues) {
        const ops = touched.get(issue.top.toLowerCase())
        if (!ops) all = false
        else for (const n of ops) at.add(n)
      }
      const only = all && at.size === 1 ? [...at][0]! : undefined
      return invalidBody(issues, only !== undefined ? `${labels[only]}: ` : '')
    },
  }
}
