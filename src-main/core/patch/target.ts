import { parsePath, type Filter } from '../filter'
import { routeName } from '../schema/keys'
import { findAttr, type ResolvedAttribute } from '../schema/registry'
import type { AttributeDef, SchemaDef } from '../schema/types'
import { tolerate } from '../schema/values'
import { invalidPath, mutability, type PatchContext } from './context'

/** One attribute a PATCH operation addresses (RFC 7644 §3.5.2 "path"). */
export interface AttrTarget {
  kind: 'attr'
  attr: AttributeDef
  /** The extension holding the attribute; undefined for core and common attributes. */
  ext?: SchemaDef
  /** The sub-attribute of a dotted path: `name.givenName`. */
  sub?: AttributeDef
  /** The value filter of a valuePath, `emails[type eq "work"]`, and the sub-attribute after it, `.value`. */
  filter?: Filter
  filterSub?: AttributeDef
  /** The path or key as the client wrote it, for messages. */
  label: string
}

export type Target = { kind: 'root' } | { kind: 'extension'; ext: SchemaDef } | AttrTarget

/**
 * Resolves an operation's path. No path targets the resource itself; a path that is only an extension URN targets
 * that extension's attributes; anything else is an attribute path, possibly URN-qualified (RFC 7644 §3.10), dotted,
 * or with a value filter. A name no schema defines is 400 invalidPath.
 */
export function resolveTarget(path: string | undefined, ctx: PatchContext): Target {
  if (path === undefined) return { kind: 'root' }
  const text = path.trim()
  const ext = ctx.schema.schemaById(text)
  if (ext && ctx.schema.isExtension(ext.id)) return { kind: 'extension', ext }
  const parsed = parsePath(text, { compatibility: ctx.compatibility })
  // The path grammar allows a sub-attribute without a filter only as part of the attribute path (`name.givenName`).
  const name = !parsed.valueFilter && parsed.subAttr ? `${parsed.attrPath}.${parsed.subAttr}` : parsed.attrPath
  const route = routeName(ctx.schema, name)
  if (route.kind === 'schemas') throw mutability(`"${path}" is readOnly and cannot be modified (RFC 7644 §3.5.2)`)
  if (route.kind !== 'attr') throw invalidPath(`"${path}" names no attribute of ${ctx.schema.resourceType.name} resources`)
  if (route.bareExtension) {
    tolerate(ctx, 'b.1.10', `path "${path}" names an extension attribute without its schema URN`, () =>
      invalidPath(`"${path}" names no attribute of the core schema; extension attributes need their URN, e.g. "${route.resolved.schemaId}:${name}" (RFC 7644 §3.10)`),
    )
  }
  const t = attrTarget(route.resolved, ctx, path)
  if (!parsed.valueFilter) return t
  if (t.sub) throw invalidPath(`"${path}": a value filter must follow the attribute, not its sub-attribute`)
  if (!t.attr.multiValued || t.attr.type !== 'complex') {
    throw invalidPath(`"${path}": "${t.attr.name}" is not a multi-valued complex attribute, so it takes no value filter`)
  }
  t.filter = parsed.valueFilter
  if (parsed.subAttr) {
    const sub = findAttr(t.attr.subAttributes ?? [], parsed.subAttr)
    if (!sub) throw invalidPath(`"${path}": "${t.attr.name}" has no sub-attribute "${parsed.subAttr}"`)
    t.filterSub = sub
  }
  return t
}

export function attrTarget(resolved: ResolvedAttribute, ctx: PatchContext, label: string): AttrTarget {
  const ext = resolved.extension ? ctx.schema.schemaById(resolved.schemaId) : undefined
  return { kind: 'attr', attr: resolved.attr, ext, sub: resolved.sub, label }
}

/** RFC 7644 §3.5.2: "A client MUST NOT modify an attribute that has mutability 'readOnly'." */
export function checkWritable(t: AttrTarget): void {
  for (const def of [t.attr, t.sub, t.filterSub]) {
    if (def?.mutability === 'readOnly') throw mutability(`"${t.label}" is readOnly and cannot be modified (RFC 7644 §3.5.2)`)
  }
}
