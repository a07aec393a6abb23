/** RFC 7643 §2.2 attribute characteristics, as published by GET /Schemas (RFC 7643 §7). */
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex'
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
export type Returned = 'always' | 'never' | 'default' | 'request'
export type Uniqueness = 'none' | 'server' | 'global'

export interface AttributeDef {
  name: string
  type: AttributeType
  multiValued: boolean
  description: string
  required: boolean
  caseExact: boolean
  mutability: Mutability
  returned: Returned
  uniqueness: Uniqueness
  canonicalValues?: string[]
  referenceTypes?: string[]
  subAttributes?: AttributeDef[]
}

export interface SchemaDef {
  id: string
  name: string
  description: string
  attributes: AttributeDef[]
}

export interface ResourceTypeDef {
  id: string
  name: string
  endpoint: string
  description: string
  schema: string
  schemaExtensions: { schema: string; required: boolean }[]
}
