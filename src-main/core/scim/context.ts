import type { ScimConfig } from '@shared/workspace'
import type { Clock, IdGenerator } from '../ports'

/** Everything one SCIM request needs besides the store: which config it came through and where it lives. */
export interface ScimContext {
  config: ScimConfig
  /** Absolute base URL of this config's SCIM endpoint (public URL when given), for meta.location and Location. */
  baseUrl: string
  clock: Clock
  ids: IdGenerator
}

export const etagOf = (version: number) => `W/"${version}"`
