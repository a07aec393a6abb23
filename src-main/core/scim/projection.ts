import type { ResourceSchema } from '../schema/registry'

export interface Projection {
  attributes?: string[]
  excludedAttributes?: string[]
}

/** Splits the comma-separated `attributes` / `excludedAttributes` query values (RFC 7644 §3.9). */
export function parseAttributeList(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined
  const text = Array.isArray(raw) ? raw.join(',') : String(raw)
  const list = text.split(',').map((s) => s.trim()).filter(Boolean)
  return list.length ? list : undefined
}

interface Target {
  /** The key path in the resource JSON: [extensionUrn?, attr, sub?] with canonical names. */
  path: string[]
}

function targetOf(schema: ResourceSchema, name: string): Target | undefined {
  // A bare extension URN names the whole extension object.
  const ext = schema.schemaById(name)
  if (ext && schema.isExtension(ext.id)) return { path: [ext.id] }
  const r = schema.resolve(name)
  if (!r) return undefined
  const path = r.extension ? [r.schemaId, r.attr.name] : [r.attr.name]
  if (r.sub) path.push(r.sub.name)
  return { path }
}

/**
 * RFC 7644 §3.9: `attributes` keeps only the named attributes (plus those returned "always": id, schemas);
 * `excludedAttributes` removes the named ones (never an "always" one). Names are case-insensitive and may be
 * URN-qualified or dotted. Unknown names are ignored.
 */
export function project(resource: Record<string, unknown>, schema: ResourceSchema, p: Projection): Record<string, unknown> {
  if (p.attributes) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id }
    for (const name of p.attributes) {
      const t = targetOf(schema, name)
      if (t) copyPath(resource, out, t.path)
    }
    return out
  }
  if (p.excludedAttributes) {
    const out = structuredCloneShallow(resource)
    for (const name of p.excludedAttributes) {
      const t = targetOf(schema, name)
      if (!t) continue
      if (t.path.length === 1 && (t.path[0] === 'id' || t.path[0] === 'schemas')) continue
      deletePath(out, t.path)
    }
    return out
  }
  return resource
}

function structuredCloneShallow(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as object) } : v
  return out
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: string[]) {
  const [head, ...rest] = path
  if (head === undefined || !(head in from)) return
  const v = from[head]
  if (rest.length === 0) {
    to[head] = v
    return
  }
  if (Array.isArray(v)) {
    // A sub-attribute of a multi-valued attribute: keep that sub-attribute of every element.
    const sub = rest[0]!
    const existing = Array.isArray(to[head]) ? (to[head] as Record<string, unknown>[]) : v.map(() => ({}))
    v.forEach((el, i) => {
      if (el && typeof el === 'object' && sub in el) existing[i] = { ...existing[i], [sub]: (el as Record<string, unknown>)[sub] }
    })
    to[head] = existing
    return
  }
  if (v && typeof v === 'object') {
    const child = (to[head] && typeof to[head] === 'object' ? to[head] : {}) as Record<string, unknown>
    copyPath(v as Record<string, unknown>, child, rest)
    if (Object.keys(child).length) to[head] = child
  }
}

function deletePath(obj: Record<string, unknown>, path: string[]) {
  const [head, ...rest] = path
  if (head === undefined || !(head in obj)) return
  if (rest.length === 0) {
    delete obj[head]
    return
  }
  const v = obj[head]
  const sub = rest[0]!
  if (Array.isArray(v)) {
    obj[head] = v.map((el) => {
      if (!el || typeof el !== 'object') return el
      const { [sub]: _drop, ...keep } = el as Record<string, unknown>
      return keep
    })
  } else if (v && typeof v === 'object') {
    const { [sub]: _drop, ...keep } = v as Record<string, unknown>
    obj[head] = keep
  }
}
