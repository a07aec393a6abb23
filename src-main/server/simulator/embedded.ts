import type { DomainEvent } from '@shared/events'
import type { LogEntry } from '@shared/log'
import type { ScimConfig } from '@shared/workspace'
import type { DirectoryProbe } from '../../core/simulator/types'
import { key } from '../../core/store/indexes'
import type { MemoryStore } from '../../core/store/memory-store'
import { SCIM_MOUNTS } from '../app'
import type { ChangeTap, ResolvedTarget } from './target'

/**
 * The embedded sandbox as a run's target: its base URL and token come from the config, its requests are marked for
 * the request log (source 'simulator', the run id), the directory changes each request caused are read back from
 * that log, and directory assertions look at the store.
 */

/** Header the request log reads the exchange's seq from, so changes are matched per request even under concurrency. */
export const EXCHANGE_HEADER = 'X-Scim-Sandbox-Exchange'

export interface LogSource {
  subscribe(fn: (e: LogEntry) => void): () => void
}

export function embeddedTarget(config: ScimConfig, deps: { store: MemoryStore; log: LogSource; localOrigin: string; runId: string }): ResolvedTarget {
  const mount = SCIM_MOUNTS[config.kind][0].replace(':scimId', encodeURIComponent(config.id))
  return {
    kind: 'embedded',
    baseUrl: `${deps.localOrigin}${mount}`,
    token: config.bearerToken,
    configId: config.id,
    headers: { 'X-Scim-Sandbox-Source': 'simulator', 'X-Scim-Sandbox-Run': deps.runId },
    directory: directoryProbe(deps.store, config.id),
    changes: changeTap(deps.log, deps.runId),
  }
}

/** The directory as assertions see it; read live (the config may have been edited or deleted meanwhile). */
export function directoryProbe(store: MemoryStore, configId: string): DirectoryProbe {
  const teamNames = (accountId: string) =>
    store
      .find('teamMembers', 'user', accountId)
      .map((m) => store.get('teams', m.teamId)?.name)
      .filter((n): n is string => !!n)
      .sort()
  return {
    accountTeams(email) {
      const config = store.get('scimConfigs', configId)
      if (!config) return null
      if (config.kind === 'statusPage') {
        // A status page's people are its private users; they have no teams, only access.
        const pu = store.findOne('privateUsers', 'statusPageEmail', key.statusPageEmail(config.statusPageId ?? '', email))
        return pu ? [] : null
      }
      const account = store.findOne('accounts', 'projectEmail', key.projectEmail(config.projectId, email))
      return account ? teamNames(account.id) : null
    },
    groupTeamMembers(groupId) {
      const group = store.get('scimGroups', groupId)
      if (!group || group.configId !== configId) return null
      const team = store.get('teams', group.teamId)
      if (!team) return null
      return store
        .find('teamMembers', 'team', team.id)
        .map((m) => store.get('accounts', m.userId)?.email)
        .filter((e): e is string => !!e)
        .sort()
    },
  }
}

/**
 * Listens to the request log for this run's entries and hands each exchange the events its request caused. An entry
 * is appended when the response finishes, which is nearly always before the client has read it; `take` waits a
 * little for the rare late one rather than losing it.
 */
export function changeTap(log: LogSource, runId: string): ChangeTap {
  const seen = new Map<string, DomainEvent[]>()
  const waiters = new Map<string, () => void>()
  const off = log.subscribe((e) => {
    if (e.runId !== runId) return
    const k = e.requestHeaders[EXCHANGE_HEADER.toLowerCase()]
    if (!k) return
    seen.set(k, e.events)
    waiters.get(k)?.()
  })
  return {
    header: EXCHANGE_HEADER,
    async take(keys, waitMs) {
      const last = keys[keys.length - 1]
      if (last !== undefined && !seen.has(last)) {
        await new Promise<void>((ok) => {
          const t = setTimeout(() => {
            waiters.delete(last)
            ok()
          }, waitMs)
          waiters.set(last, () => {
            clearTimeout(t)
            waiters.delete(last)
            ok()
          })
        })
      }
      const out: DomainEvent[] = []
      for (const k of keys) {
        out.push(...(seen.get(k) ?? []))
        seen.delete(k)
      }
      return out
    },
    close() {
      off()
      for (const w of [...waiters.values()]) w()
      seen.clear()
    },
  }
}
