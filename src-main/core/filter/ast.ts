/**
 * The filter AST (RFC 7644 §3.4.2.2) shared by `filter=` query parameters, POST /.search bodies and the value filters
 * of PATCH paths (RFC 7644 §3.5.2).
 */

/** A comparison value: a JSON false / null / true / number / string (RFC 7644 §3.4.2.2 "compValue"). */
export type CompValue = string | number | boolean | null

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'

export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']

/**
 * attrPath is exactly as written: it may be URN-qualified and/or dotted ('name.familyName',
 * 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'). Inside a valuePath's brackets the
 * names are sub-attributes of the valuePath's attribute.
 */
export type Filter =
  | { kind: 'compare'; attrPath: string; op: CompareOp; value: CompValue }
  | { kind: 'present'; attrPath: string }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'valuePath'; attrPath: string; filter: Filter }

export interface ParseOptions {
  /**
   * 'tolerant' (the default) also accepts what real IdPs send (idp-request-patterns.md b.1.2: unquoted values such
   * as `externalId eq jyoung`); 'strict' answers those with the RFC's invalidFilter.
   */
  compatibility?: 'tolerant' | 'strict'
}

/** A PATCH path (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]). */
export interface PatchPath {
  /** The attribute as written, including a dotted sub-attribute when there is no value filter (`name.familyName`). */
  attrPath: string
  /** The bracketed filter of a valuePath: `emails[type eq "work"]`. */
  valueFilter?: Filter
  /** The sub-attribute after the brackets: `.value` in `emails[type eq "work"].value`. */
  subAttr?: string
}

/** Longest filter or path text accepted; longer ones are refused before parsing (hostile or runaway clients). */
export const MAX_FILTER_LENGTH = 10_000
