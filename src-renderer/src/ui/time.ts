const pad = (n: number) => String(n).padStart(2, '0')

/** hh:mm:ss in local time, 24-hour, whatever the locale (so "updated 14:03:09" reads the same everywhere). */
export function clockTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** A date-time in local time, e.g. "2026-12-01 10:00:00". */
export function localDateTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(d)}`
}

/** Calls `fn` once `ms` after the last call; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): ((...a: A) => void) & { cancel(): void } {
  let t: ReturnType<typeof setTimeout> | undefined
  const d = (...a: A) => {
    if (t !== undefined) clearTimeout(t)
    t = setTimeout(() => {
      t = undefined
      fn(...a)
    }, ms)
  }
  d.cancel = () => {
    if (t !== undefined) clearTimeout(t)
    t = undefined
  }
  return d
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
