import type { ChangeOp } from '@shared/workspace'
import type { DomainEvent } from '@shared/events'

/** Wall-clock time, injected so tests can pin it. */
export interface Clock {
  now(): Date
}

/** Makes resource ids; SCIM ids must be stable, case-sensitive and never contain "bulkId" (Okta b.2.11). */
export interface IdGenerator {
  next(): string
}

/** Receives every committed event (the request log and the live stream listen here). */
export interface EventSink {
  emit(events: DomainEvent[]): void
}

/**
 * Makes a committed change durable. The promise resolves only once the change is on disk (fsynced),
 * so a response that acknowledges a write is sent after it resolves.
 */
export interface Durability {
  persist(ops: ChangeOp[]): Promise<void>
}

export interface Ports {
  clock: Clock
  ids: IdGenerator
  durability: Durability
  events?: EventSink
}

/** Fails loudly when a port is missing, rather than silently doing nothing. */
export function requirePorts(p: Partial<Ports>): Ports {
  for (const k of ['clock', 'ids', 'durability'] as const) {
    if (!p[k]) throw new Error(`SCIM engine: the ${k} port is required`)
  }
  return p as Ports
}
