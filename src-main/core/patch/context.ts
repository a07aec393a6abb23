import { badRequest, type ScimError } from '../errors'
import type { ResourceSchema } from '../schema/registry'
import type { CoerceContext } from '../schema/values'

/** What every step of one PATCH request shares: the mode, the resource's schemas and id, and the warnings so far. */
export interface PatchContext extends CoerceContext {
  schema: ResourceSchema
  /** The resource's id: Okta's path-less replace repeats it (b.2.8), which is no change. */
  id: string
}

export const isTolerant = (ctx: PatchContext) => ctx.compatibility === 'tolerant'

export const noTarget = (detail: string): ScimError => badRequest('noTarget', detail)
export const invalidPath = (detail: string): ScimError => badRequest('invalidPath', detail)
export const mutability = (detail: string): ScimError => badRequest('mutability', detail)
