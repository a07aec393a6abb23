import {
  commonAttributes,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchema,
  groupResourceType,
  groupSchema,
  userResourceType,
  userSchema,
} from './definitions'
import type { AttributeDef, ResourceTypeDef, SchemaDef } from './types'

/** Where a (possibly URN-qualified, possibly dotted) attribute name lands in a resource type's schemas. */
export interface ResolvedAttribute {
  /** The schema URN the attribute belongs to ('' for the common attributes id, externalId, meta, schemas). */
  schemaId: string
  /** True when the attribute lives under the extension's URN key in the resource JSON. */
  extension: boolean
  /** The top-level attribute. */
  attr: AttributeDef
  /** The sub-attribute, when the name was dotted (`name.givenName`). */
  sub?: AttributeDef
}

/**
 * The schemas of one resource type (core + extensions), with case-insensitive lookups
 * (RFC 7643 §2.1: attribute names are case insensitive).
 */
export class ResourceSchema {
  readonly schemas: SchemaDef[]
  private readonly bySchema = new Map<string, SchemaDef>()

  constructor(
    readonly resourceType: ResourceTypeDef,
    readonly core: SchemaDef,
    readonly extensions: SchemaDef[],
  ) {
    this.schemas = [core, ...extensions]
    for (const s of this.schemas) this.bySchema.set(s.id.toLowerCase(), s)
  }

  /** The extension (or core) schema whose URN is exactly `urn`, ignoring case. */
  schemaById(urn: string): SchemaDef | undefined {
    return this.bySchema.get(urn.toLowerCase())
  }

  isExtension(urn: string): boolean {
    const s = this.schemaById(urn)
    return s !== undefined && s !== this.core
  }

  /**
   * Resolves `userName`, `name.givenName`, `urn:…:core:2.0:User:userName` or
   * `urn:…:enterprise:2.0:User:manager.value`. Returns undefined for names no schema defines.
   */
  resolve(name: string): ResolvedAttribute | undefined {
    let schema: SchemaDef | undefined
    let rest = name
    if (/^urn:/i.test(name)) {
      // The URN prefix is the longest registered schema id that the name starts with, then ':'.
      for (const s of this.schemas) {
        const prefix = s.id.toLowerCase() + ':'
        if (name.toLowerCase().startsWith(prefix) && (!schema || s.id.length > schema.id.length)) schema = s
      }
      if (!schema) return undefined
      rest = name.slice(schema.id.length + 1)
    }
    const dot = rest.indexOf('.')
    const top = dot === -1 ? rest : rest.slice(0, dot)
    const subName = dot === -1 ? undefined : rest.slice(dot + 1)
    if (subName !== undefined && subName.includes('.')) return undefined

    const found = schema ? this.findIn(schema, top) : this.findAnywhere(top)
    if (!found) return undefined
    const { attr, schemaId } = found
    if (subName === undefined) return { schemaId, extension: this.isExtension(schemaId), attr }
    const sub = findAttr(attr.subAttributes ?? [], subName)
    if (!sub) return undefined
    return { schemaId, extension: this.isExtension(schemaId), attr, sub }
  }

  /** All top-level attributes (common first), with the schema each belongs to. */
  *allAttributes(): Iterable<{ schemaId: string; attr: AttributeDef }> {
    for (const attr of commonAttributes) yield { schemaId: '', attr }
    for (const s of this.schemas) for (const attr of s.attributes) yield { schemaId: s.id, attr }
  }

  private findIn(schema: SchemaDef, name: string): { attr: AttributeDef; schemaId: string } | undefined {
    const attr = findAttr(schema.attributes, name)
    if (attr) return { attr, schemaId: schema.id }
    // `urn:…:core:2.0:User:id` is legal: the common attributes belong to every core schema.
    if (schema === this.core) {
      const common = findAttr(commonAttributes, name)
      if (common) return { attr: common, schemaId: '' }
    }
    return undefined
  }

  private findAnywhere(name: string): { attr: AttributeDef; schemaId: string } | undefined {
    const common = findAttr(commonAttributes, name)
    if (common) return { attr: common, schemaId: '' }
    return this.findIn(this.core, name)
  }
}

export function findAttr(list: AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase()
  return list.find((a) => a.name.toLowerCase() === lower)
}

export const userResourceSchema = new ResourceSchema(userResourceType, userSchema, [enterpriseUserSchema])
export const groupResourceSchema = new ResourceSchema(groupResourceType, groupSchema, [])

export const allSchemas: SchemaDef[] = [userSchema, enterpriseUserSchema, groupSchema]
export const allResourceTypes: ResourceTypeDef[] = [userResourceType, groupResourceType]
export { ENTERPRISE_USER_SCHEMA }
