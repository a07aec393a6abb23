/** SCIM filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2): parsing, formatting, evaluation, index planning. */
export type { CompValue, CompareOp, Filter, ParseOptions, PatchPath } from './ast'
export { parseFilter, parsePath } from './parser'
export { formatFilter } from './format'
export { matchesFilter, matchesElement } from './evaluate'
export { indexHint, type IndexHint, type IndexedAttr } from './index-hint'
