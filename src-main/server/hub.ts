import type { DomainEvent } from '@shared/events'
import type { RunEvent } from '@shared/scenario'

/** What the live stream tells the UI besides log entries. */
export type SandboxNotice =
  | { type: 'changed'; events: DomainEvent[] }
  | { type: 'log-cleared' }
  | { type: 'workspace-replaced' }
  /** A simulator run progressed (IdP simulator, PRODUCT.md §6). */
  | { type: 'run'; event: RunEvent }

/** In-process fan-out of notices to the open streams; a failing listener does not stop the others. */
export class SandboxHub {
  private readonly listeners = new Set<(n: SandboxNotice) => void>()

  subscribe(fn: (n: SandboxNotice) => void): () => void {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  emit(n: SandboxNotice): void {
    for (const fn of this.listeners) {
      try {
        fn(n)
      } catch {
        // a closed stream's listener; the others still hear
      }
    }
  }
}
