import { resetInputSchema, type WorkspaceInfo, type WorkspaceReplaced } from '@shared/control'
import type { DomainEvent } from '@shared/events'
import { seedSchema } from '@shared/seed'
import { emptyWorkspace, type WorkspaceDoc } from '@shared/workspace'
import type { Written } from '../core/admin/admin'
import { invalid } from '../core/admin/errors'
import { issuesOf, parseInput } from '../core/admin/validate'
import type { MemoryStore } from '../core/store/memory-store'
import type { SandboxHub } from './hub'
import { demoSeed, seedToWorkspace, type SeedSecrets } from './seed'
import type { WorkspaceStorage } from './storage'

export interface WorkspaceOpsDeps {
  store: MemoryStore
  storage: WorkspaceStorage
  hub: SandboxHub
  info: () => WorkspaceInfo
}

/**
 * Reset and import: each replaces the whole workspace. The new document is built and validated first, so a bad seed
 * changes nothing; then it is written as a fresh snapshot (storage.replaceAll) and swapped into the one MemoryStore
 * in place, so the engine, the SCIM API and the routers that hold the store see it at once.
 */
export class WorkspaceOps {
  constructor(private readonly deps: WorkspaceOpsDeps) {}

  /** POST /workspace/reset: the demo workspace with new random secrets (shown once, in the answer), or nothing at all. */
  reset(body: unknown): Promise<Written<WorkspaceReplaced>> {
    const { to } = parseInput(resetInputSchema, body)
    if (to === 'empty') return this.replace(emptyWorkspace(), null, 'an empty workspace')
    const { doc, secrets } = seedToWorkspace(demoSeed())
    return this.replace(doc, secrets, 'the demo workspace (new secrets)')
  }

  /** POST /workspace/import: a seed document (an export, or one written by hand); its own secrets are not echoed. */
  import(body: unknown): Promise<Written<WorkspaceReplaced>> {
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw invalid([{ path: [], message: 'the body must be a seed document (a JSON object)' }], 'the seed is invalid')
    }
    const r = seedSchema.safeParse(body)
    if (!r.success) throw invalid(issuesOf(r.error), 'the seed is invalid')
    const { doc } = seedToWorkspace(r.data)
    return this.replace(doc, null, 'an imported seed')
  }

  private async replace(doc: WorkspaceDoc, secrets: SeedSecrets | null, what: string): Promise<Written<WorkspaceReplaced>> {
    const { store, storage, hub } = this.deps
    const before = store.toDoc(0)
    // Both in the same tick: a write that commits after this point is on the new store, and its journal record
    // queues behind the new snapshot, so memory and disk never hold different workspaces.
    const durable = storage.replaceAll(doc)
    store.replaceAll(doc)
    try {
      await durable
    } catch (e) {
      // The snapshot was not written (the disk is full, say): the old workspace is still what is on disk.
      store.replaceAll(before)
      throw e
    }
    hub.emit({ type: 'workspace-replaced' })
    const events: DomainEvent[] = [{ type: 'workspace.replaced', message: `replaced the whole workspace with ${what}` }]
    return { value: { info: this.deps.info(), secrets }, events }
  }
}
