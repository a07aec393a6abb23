import type { IdGenerator } from '../ports'

/** Makes bearer tokens for new configs and rotations (random; injected, since core has no crypto of its own). */
export interface TokenGenerator {
  next(): string
}

/** What one workspace-management transaction needs besides the store. */
export interface AdminContext {
  /** One timestamp for every record the transaction writes. */
  now: string
  ids: IdGenerator
  tokens: TokenGenerator
}
