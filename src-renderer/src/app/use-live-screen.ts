import { useEffect } from 'react'
import type { DomainEvent } from '@shared/events'
import { useLive } from './client-context'
import { useLiveListener } from './live'

/** What a screen's store offers so that the screen can load it and keep it current. */
export interface LiveLoadable {
  load(): Promise<void> | void
  dispose(): void
  /** Domain events committed on the server (the store decides whether and when to refetch). */
  onChanged(events: DomainEvent[]): void
}

/**
 * A screen's data lifecycle: load on mount, stop timers on unmount, refetch on the server's `changed` events, and
 * reload everything when the workspace is replaced (reset or import).
 */
export function useLiveScreen(store: { getState(): LiveLoadable }) {
  const live = useLive()
  useEffect(() => {
    void store.getState().load()
    return () => store.getState().dispose()
  }, [store])
  useLiveListener(live, {
    changed: (events) => store.getState().onChanged(events),
    workspaceReplaced: () => void store.getState().load(),
  })
}
