import type { Committed, MemoryStore, Tx } from './store/memory-store'
import { requirePorts, type Ports } from './ports'

/**
 * The engine's one write path: run a synchronous transaction on the in-memory workspace, make its changes durable,
 * then publish its events. Callers acknowledge the write only after `write` resolves.
 */
export class Engine {
  readonly ports: Ports

  constructor(
    readonly store: MemoryStore,
    ports: Partial<Ports>,
  ) {
    this.ports = requirePorts(ports)
  }

  async write<T>(fn: (tx: Tx) => T): Promise<Committed<T>> {
    const committed = this.store.transact(fn)
    await this.commit(committed)
    return committed
  }

  /** Persists and publishes an already-applied transaction (Bulk runs several and persists them together). */
  async commit(c: Pick<Committed<unknown>, 'ops' | 'events'>): Promise<void> {
    if (c.ops.length) await this.ports.durability.persist(c.ops)
    if (c.events.length) this.ports.events?.emit(c.events)
  }
}
