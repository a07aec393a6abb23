import { useEffect, useRef, useSyncExternalStore } from 'react'
import type { ControlClient, StreamListener, StreamState } from '../api/client'

/**
 * One live stream per window, shared by every screen: browsers allow only six HTTP/1.1 connections per origin, so
 * each screen opening its own EventSource would starve the rest of the UI. Screens register listeners; the stream
 * opens with the first and closes with the last.
 */
export class LiveHub {
  private listeners = new Set<StreamListener>()
  private stateListeners = new Set<() => void>()
  private unsubscribe: (() => void) | null = null
  state: StreamState = 'closed'

  constructor(private readonly client: ControlClient) {}

  add(listener: StreamListener): () => void {
    this.listeners.add(listener)
    if (!this.unsubscribe) {
      this.unsubscribe = this.client.subscribe({
        entries: (e) => this.listeners.forEach((l) => l.entries?.(e)),
        changed: (e) => this.listeners.forEach((l) => l.changed?.(e)),
        logCleared: () => this.listeners.forEach((l) => l.logCleared?.()),
        workspaceReplaced: () => this.listeners.forEach((l) => l.workspaceReplaced?.()),
        run: (e) => this.listeners.forEach((l) => l.run?.(e)),
        state: (s) => {
          this.state = s
          this.listeners.forEach((l) => l.state?.(s))
          this.stateListeners.forEach((l) => l())
        },
      })
    }
    return () => {
      this.listeners.delete(listener)
      if (!this.listeners.size && this.unsubscribe) {
        this.unsubscribe()
        this.unsubscribe = null
        this.state = 'closed'
        this.stateListeners.forEach((l) => l())
      }
    }
  }

  onState(l: () => void): () => void {
    this.stateListeners.add(l)
    return () => this.stateListeners.delete(l)
  }
}

/** Registers a stream listener for the component's lifetime; the latest callbacks are always used. */
export function useLiveListener(hub: LiveHub, listener: StreamListener) {
  const ref = useRef(listener)
  ref.current = listener
  useEffect(
    () =>
      hub.add({
        entries: (e) => ref.current.entries?.(e),
        changed: (e) => ref.current.changed?.(e),
        logCleared: () => ref.current.logCleared?.(),
        workspaceReplaced: () => ref.current.workspaceReplaced?.(),
        run: (e) => ref.current.run?.(e),
        state: (s) => ref.current.state?.(s),
      }),
    [hub],
  )
}

export function useLiveState(hub: LiveHub): StreamState {
  return useSyncExternalStore(
    (l) => hub.onState(l),
    () => hub.state,
  )
}
