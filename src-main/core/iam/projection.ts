import { IAM_KIND_INFO, IAM_USER_EXTENSIONS, type IamEnvelope, type IamKind } from '@shared/iam'
import { badRequest } from '../errors'

type Obj = Record<string, unknown>

/** `attributes` / `excludedAttributes` of a request (RFC 7644 §3.4.2.5), as the comma-separated lists they came as. */
export interface IamProjection {
  attributes?: string
  excludedAttributes?: string
}

interface Name {
  /** The key under the resource's attributes: a top-level attribute, or an extension URN. */
  top: string
  /** What follows, within it (a sub-attribute, or an extension's attribute and its sub-attribute). */
  rest: string[]
}

/**
 * Names as written (`userName`, `name.givenName`, `urn:…:custom:2.0:User:company`, `urn:…:core:2.0:User:emails`),
 * read like the filter reads them: case-insensitive, core-schema URNs dropped, extension URNs naming their object.
 */
function parseNames(kind: IamKind, list: string, param: string): Name[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((raw) => {
      let text = raw
      if (/^urn:/i.test(text)) {
        const lower = text.toLowerCase()
        const ext = kind === 'user' ? IAM_USER_EXTENSIONS.find((u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`)) : undefined
        if (ext) return { top: ext, rest: text.length > ext.length ? text.slice(ext.length + 1).split('.') : [] }
        const core = IAM_KIND_INFO[kind].schemas.find((u) => lower.startsWith(`${u.toLowerCase()}:`))
        if (!core) throw badRequest('invalidValue', `${param}: "${raw}" is not an attribute of ${IAM_KIND_INFO[kind].noun}s`)
        text = text.slice(core.length + 1)
      }
      const [top, ...rest] = text.split('.')
      return { top: top!, rest }
    })
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const keyIn = (o: Obj, name: string) => Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase())

/** Keeps `path` of `v` (into every element of a multi-valued attribute), or undefined when it is not there. */
function pick(v: unknown, path: string[]): unknown {
  if (!path.length) return v
  if (Array.isArray(v)) return v.map((el) => pick(el, path)).filter((x) => x !== undefined)
  if (!isObj(v)) return undefined
  const k = keyIn(v, path[0]!)
  if (k === undefined) return undefined
  const inner = pick(v[k], path.slice(1))
  return inner === undefined ? undefined : { [k]: inner }
}

function drop(v: unknown, path: string[]): unknown {
  if (Array.isArray(v)) return v.map((el) => drop(el, path))
  if (!isObj(v)) return v
  const k = keyIn(v, path[0]!)
  if (k === undefined) return v
  const { [k]: inner, ...rest } = v
  return path.length === 1 ? rest : { ...rest, [k]: drop(inner, path.slice(1)) }
}

/** Merges two picks of the same attributes (`name.givenName,name.familyName`). */
function merge(a: unknown, b: unknown): unknown {
  if (isObj(a) && isObj(b)) {
    const out: Obj = { ...a }
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v
    return out
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => merge(x, b[i]))
  return b
}

/** Refuses a projection that names another schema's attributes, before anything is written. */
export function checkProjection(kind: IamKind, p: IamProjection): void {
  if (p.attributes) parseNames(kind, p.attributes, 'attributes')
  if (p.excludedAttributes) parseNames(kind, p.excludedAttributes, 'excludedAttributes')
}

/**
 * The envelope with only the asked-for attributes (`attributes`), or without the excluded ones
 * (`excludedAttributes`); `schemas`, `id`, `externalID` and `meta` always stay, as RFC 7643 returns them always.
 * `attributes` wins when both are given (RFC 7644 §3.4.2.5 lets a server take either; Entra sends only the latter).
 */
export function projectEnvelope(kind: IamKind, env: IamEnvelope, p: IamProjection): IamEnvelope {
  if (p.attributes) {
    const names = parseNames(kind, p.attributes, 'attributes')
    let out: unknown = {}
    for (const n of names) {
      const got = pick(env.attributes, [n.top, ...n.rest])
      if (got !== undefined) out = merge(out, got)
    }
    return { ...env, attributes: out as Obj }
  }
  if (p.excludedAttributes) {
    let out: unknown = env.attributes
    for (const n of parseNames(kind, p.excludedAttributes, 'excludedAttributes')) out = drop(out, [n.top, ...n.rest])
    return { ...env, attributes: out as Obj }
  }
  return env
}
