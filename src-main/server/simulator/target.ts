import type { DomainEvent } from '@shared/events'
import type { DirectoryProbe } from '../../core/simulator/types'

/** A run's target once resolved: where requests go and what the runner can learn about their effect. */
export interface ResolvedTarget {
  kind: 'embedded' | 'url'
  /** Without a trailing slash; a planned request's path is appended. */
  baseUrl: string
  token: string
  configId: string | null
  /** Sent with every request besides the profile's own (the embedded sandbox's log marking). */
  headers: Record<string, string>
  /** Directory assertions (null: an external target, they are skipped). */
  directory: DirectoryProbe | null
  /** The directory changes each request caused (null: an external target). */
  changes: ChangeTap | null
}

/** Matches requests to what they changed: each attempt carries `header: <key>`, and `take` collects the events. */
export interface ChangeTap {
  header: string
  /** Events of the attempts with these keys; waits at most `waitMs` for the last one's log entry. */
  take(keys: string[], waitMs: number): Promise<DomainEvent[]>
  close(): void
}

export function urlTarget(baseUrl: string, token: string): ResolvedTarget {
  return { kind: 'url', baseUrl: baseUrl.replace(/\/+$/, ''), token, configId: null, headers: {}, directory: null, changes: null }
}
