/** The IAM SCIM provider's core (PRODUCT.md §3.4). */
export { IamService } from './service'
export type { IamApi, IamListQuery, IamServiceOptions, IamWritten } from './types'
export { IamRenderer } from './render'
export { iamMatches } from './filter'
export { pathText, formatValueExpression } from './path'
export { applyPatch, type PatchOutcome } from './patch'
export { normalize, writableView, slugify, labelOf } from './kinds'
export { iamRefsOf, iamUniqueKeysOf, type IamRef } from '@shared/iam-relations'
