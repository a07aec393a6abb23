import type { ProfileId } from '@shared/scenario'
import type { ProfileDef } from './common'
import { ENTRA_FLAG, ENTRA_LEGACY } from './entra'
import { OKTA_AIW, OKTA_OIN } from './okta'
import { RFC7644 } from './rfc7644'

/** Every profile by id (PRODUCT.md §6). */
export const PROFILES: Record<ProfileId, ProfileDef> = {
  'entra-legacy': ENTRA_LEGACY,
  'entra-flag': ENTRA_FLAG,
  'okta-oin': OKTA_OIN,
  'okta-aiw': OKTA_AIW,
  rfc7644: RFC7644,
}
