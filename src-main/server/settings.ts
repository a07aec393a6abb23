import { settingsPatchSchema, type Settings } from '@shared/control'
import { parseInput } from '../core/admin/validate'
import { MAX_LOG_CAPACITY, type RequestLogStore } from './log/request-log-store'

/** How the sandbox was started (fixed until a restart), and what can change while it runs: the log capacity. */
export class SandboxSettings {
  /** `fixed` is read on each call: the port is known only once the server listens. */
  constructor(
    private readonly fixed: () => Omit<Settings, 'logCapacity' | 'maxLogCapacity'>,
    private readonly log: RequestLogStore,
  ) {}

  get(): Settings {
    return { ...this.fixed(), logCapacity: this.log.capacity, maxLogCapacity: MAX_LOG_CAPACITY }
  }

  /** PATCH /settings: validated with the contract's schema (port, host and files are not in it: a restart changes those). */
  update(body: unknown): Settings {
    const patch = parseInput(settingsPatchSchema, body)
    if (patch.logCapacity !== undefined) this.log.resize(patch.logCapacity)
    return this.get()
  }
}
