import { badRequest } from '../errors'
import { matchesElement } from '../filter'
import { deepEqual, isPlainObject, keyOf, type JsonObject } from '../schema/json'
import { findAttr } from '../schema/registry'
import type { AttributeDef, SchemaDef } from '../schema/types'
import { holderIn } from '../schema/validate'
import { tolerate } from '../schema/values'
import { noTarget, type PatchContext } from './context'
import { checkImmutable, getAttr, getList, setAttr } from './slot'
import { checkWritable, type AttrTarget, type Target } from './target'

/**
 * "remove" (RFC 7644 §3.5.2.2): the attribute, the sub-attribute, or the values a filter selects become unassigned;
 * a multi-valued attribute left with no values is unassigned. Without a path it is 400 noTarget.
 */
export function removeAt(data: JsonObject, t: Target, value: unknown, ctx: PatchContext): void {
  if (t.kind === 'root') throw noTarget('"remove" needs a "path" naming what to remove (RFC 7644 §3.5.2.2)')
  if (t.kind === 'attr') checkWritable(t)
  if (value !== undefined && value !== null) {
    // Entra's legacy member removal sends the members to remove as a value (b.1.11). The RFC's remove has no value,
    // so a server reading it to the letter removes every member — the bug that shape caused. Strict refuses instead.
    const refuse = () =>
      badRequest(
        'invalidSyntax',
        `"remove" takes no "value" (RFC 7644 §3.5.2.2); read to the letter this request would remove all of "${label(t)}", ` +
          `so it is refused. Select the values with a filter instead, e.g. members[value eq "<id>"]`,
      )
    if (t.kind === 'attr' && t.attr.multiValued && !t.filter && !t.sub) {
      tolerate(ctx, 'b.1.11', `remove "${t.label}" with a value list removed only the listed values`, refuse)
      return removeListed(data, t, value, ctx)
    }
    tolerate(ctx, 'b.1.11', `remove "${label(t)}" carried a "value", which was ignored`, refuse)
  }
  if (t.kind === 'extension') return removeExtension(data, t.ext)
  if (t.filter) return removeFiltered(data, t, ctx)
  if (t.sub) return removeSub(data, t)
  setAttr(data, t, undefined)
}

const label = (t: Exclude<Target, { kind: 'root' }>) => (t.kind === 'extension' ? t.ext.id : t.label)

export function removeExtension(data: JsonObject, ext: SchemaDef): void {
  const h = holderIn(data, ext)
  if (!h) return
  for (const attr of ext.attributes) checkImmutable(attr, h[attr.name], undefined, `${ext.id}:${attr.name}`)
  delete data[keyOf(data, ext.id)!]
}

function withoutSub(sub: AttributeDef, el: unknown, label: string): unknown {
  if (!isPlainObject(el) || el[sub.name] === undefined) return el
  checkImmutable(sub, el[sub.name], undefined, label)
  const { [sub.name]: _gone, ...rest } = el
  return Object.keys(rest).length ? rest : undefined
}

function removeSub(data: JsonObject, t: AttrTarget): void {
  const sub = t.sub!
  if (!t.attr.multiValued) return setAttr(data, t, withoutSub(sub, getAttr(data, t), t.label))
  setAttr(data, t, getList(data, t).map((el) => withoutSub(sub, el, t.label)).filter((v) => v !== undefined))
}

function removeFiltered(data: JsonObject, t: AttrTarget, ctx: PatchContext): void {
  const list = getList(data, t)
  const hit = list.map((el) => matchesElement(t.filter!, el, t.attr))
  if (!hit.includes(true)) {
    ctx.warnings.push(`remove "${t.label}": no value matched, nothing removed`)
    return
  }
  const next = t.filterSub
    ? list.map((el, i) => (hit[i] ? withoutSub(t.filterSub!, el, t.label) : el)).filter((v) => v !== undefined)
    : list.filter((_, i) => !hit[i])
  setAttr(data, t, next)
}

/** Entra's legacy shape (b.1.11): `{"op":"Remove","path":"members","value":[{"value":"u1"}]}` removes only u1. */
function removeListed(data: JsonObject, t: AttrTarget, value: unknown, ctx: PatchContext): void {
  const items = Array.isArray(value) ? value : [value]
  const list = getList(data, t)
  const next = list.filter((el) => !items.some((item) => sameValue(t.attr, el, item)))
  if (next.length === list.length) ctx.warnings.push(`remove "${t.label}": none of the listed values is present`)
  setAttr(data, t, next)
}

/** A listed value names an element by its `value` sub-attribute when it has one, else by every sub-attribute it gives. */
function sameValue(attr: AttributeDef, el: unknown, item: unknown): boolean {
  if (attr.type !== 'complex') return deepEqual(el, item)
  if (!isPlainObject(el)) return false
  if (!isPlainObject(item)) return item !== null && deepEqual(el.value, item)
  const given = Object.entries(item).filter(([, v]) => v !== null && v !== undefined)
  const byValue = given.find(([k]) => k.toLowerCase() === 'value')
  if (byValue) return deepEqual(el.value, byValue[1])
  if (given.length === 0) return false
  return given.every(([k, v]) => {
    const sub = findAttr(attr.subAttributes ?? [], k)
    return sub !== undefined && deepEqual(el[sub.name], v)
  })
}
