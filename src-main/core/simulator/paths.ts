import { matchesElement, parsePath } from '../filter'
import { getKey, subValue, toList } from '../filter/read'
import { groupResourceSchema, userResourceSchema } from '../schema/registry'
import { ENTERPRISE_USER_SCHEMA as ENT } from '../schema/definitions'

/**
 * Reads the values at a SCIM attribute path of a resource, for `expect.attributes`: `active`, `name.familyName`,
 * `urn:…:enterprise:2.0:User:employeeNumber`, `emails[type eq "work"].value` (RFC 7644 §3.5.2 PATH grammar). Reuses
 * the server's path parser and value-filter evaluator so the simulator reads a path exactly as the server writes it.
 * Attributes no schema defines are still read, by name (a server may return extra attributes).
 */
export function valuesAt(resource: Record<string, unknown>, path: string, kind: 'User' | 'Group'): { values: unknown[] } | { error: string } {
  let parsed
  try {
    parsed = parsePath(path)
  } catch (e) {
    return { error: `"${path}" is not a SCIM attribute path: ${(e as Error).message}` }
  }
  const schema = kind === 'User' ? userResourceSchema : groupResourceSchema
  const r = schema.resolve(parsed.attrPath)
  if (!r) {
    if (parsed.valueFilter) return { error: `"${parsed.attrPath}" is not an attribute of a ${kind}, so it takes no value filter` }
    // Unknown to the schema: plain, case-insensitive navigation along the dots.
    const [top, sub] = parsed.attrPath.split('.')
    const v = getKey(resource, top!)
    return { values: sub === undefined ? toList(v) : toList(v).flatMap((el) => toList(subValue(el, sub))) }
  }
  const container = r.extension ? getKey(resource, r.schemaId) : resource
  let values = toList(getKey(container, r.attr.name))
  if (r.sub) values = values.flatMap((el) => toList(subValue(el, r.sub!.name)))
  if (parsed.valueFilter) {
    const filter = parsed.valueFilter
    try {
      values = values.filter((el) => matchesElement(filter, el, r.attr))
    } catch (e) {
      return { error: `the value filter of "${path}" cannot be evaluated: ${(e as Error).message}` }
    }
    if (parsed.subAttr) values = values.flatMap((el) => toList(subValue(el, parsed.subAttr!)))
  }
  return { values }
}

/**
 * Where each scenario user attribute lives as a SCIM PATCH path (RFC 7644 §3.5.2; the paths Entra sends, b.1.5).
 * The multi-valued email is addressed by a value filter (b.1.8).
 */
export const USER_ATTRIBUTE_PATHS = {
  userName: 'userName',
  givenName: 'name.givenName',
  familyName: 'name.familyName',
  displayName: 'displayName',
  email: 'emails[type eq "work"].value',
  externalId: 'externalId',
  title: 'title',
  department: `${ENT}:department`,
  employeeNumber: `${ENT}:employeeNumber`,
} as const
export type UserAttribute = keyof typeof USER_ATTRIBUTE_PATHS
