/** How long after the last change notice a Directory tab refetches (a burst of changes costs one read). */
export const REFRESH_DEBOUNCE_MS = 250
/** How long a changed row stays highlighted. */
export const FLASH_MS = 2000

/** Runs `fn` once, `ms` after the last `schedule()`; `cancel()` drops a pending run (on dispose). */
export function debounced(fn: () => void, ms = REFRESH_DEBOUNCE_MS) {
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    schedule() {
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = undefined
        fn()
      }, ms)
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
    },
  }
}

/**
 * The Directory tabs' highlight: rows are fingerprinted on every read, and after a live refetch the keys whose
 * fingerprint changed (or appeared) join the flashing set, which empties FLASH_MS after the latest change.
 */
export function changeFlasher(current: () => ReadonlySet<string>, update: (flash: Set<string>) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined
  return (before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>) => {
    const changed = new Set(current())
    for (const [k, v] of after) if (before.get(k) !== v) changed.add(k)
    if (changed.size === current().size) return
    update(changed)
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      update(new Set())
    }, FLASH_MS)
  }
}
