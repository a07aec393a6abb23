import { ScimError } from '../../src-main/core/errors'

/** Runs `fn` and returns the ScimError it throws; fails the test if it throws nothing or something else. */
export function scimError(fn: () => unknown): ScimError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ScimError) return e
    throw e
  }
  throw new Error('expected a ScimError, but nothing was thrown')
}

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  adGroup: 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
} as const
