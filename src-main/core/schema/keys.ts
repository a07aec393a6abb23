import type { ResolvedAttribute, ResourceSchema } from './registry'
import type { SchemaDef } from './types'

/**
 * What an attribute name, as a JSON key or a PATCH path, refers to. `plain` is the only form RFC 7643 §3 allows as a
 * JSON key: a bare attribute name. The others are legal in a PATCH `path` (RFC 7644 §3.5.2, §3.10) but appear as keys
 * only in Entra's flag-form path-less replace (b.1.6), and `bareExtension` (an extension attribute without its URN,
 * e.g. path "manager") only in Entra's SDK example (b.1.10).
 */
export type NameRoute =
  | { kind: 'schemas' }
  | { kind: 'extension'; ext: SchemaDef }
  | { kind: 'attr'; resolved: ResolvedAttribute; plain: boolean; bareExtension: boolean }
  | { kind: 'unknown' }

/**
 * Routes `name` within the resource type, or within one extension's object when `within` is given.
 * RFC 7643 §2.1: names are case insensitive.
 */
export function routeName(schema: ResourceSchema, name: string, within?: SchemaDef): NameRoute {
  if (within) {
    const resolved = schema.resolve(`${within.id}:${name}`)
    return resolved ? { kind: 'attr', resolved, plain: !resolved.sub, bareExtension: false } : { kind: 'unknown' }
  }
  if (name.toLowerCase() === 'schemas') return { kind: 'schemas' }
  const ext = schema.schemaById(name)
  if (ext && schema.isExtension(ext.id)) return { kind: 'extension', ext }
  const resolved = schema.resolve(name)
  const qualified = /^urn:/i.test(name)
  if (resolved) return { kind: 'attr', resolved, plain: !qualified && !resolved.sub, bareExtension: false }
  if (!qualified) {
    for (const e of schema.extensions) {
      const r = schema.resolve(`${e.id}:${name}`)
      if (r) return { kind: 'attr', resolved: r, plain: false, bareExtension: true }
    }
  }
  return { kind: 'unknown' }
}
