// Where the window opens: the saved size/position/maximized state, checked against the displays there are now.
// Pure (no electron import), so it is unit-tested with displays given as plain data.
import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const
export const MIN_SIZE = { width: 960, height: 600 } as const
/** A window counts as on a display when at least this much of it shows there (enough to grab the title bar). */
const MIN_VISIBLE = { width: 100, height: 50 }

const coord = z.number().int().min(-100_000).max(100_000)
const length = z.number().int().min(1).max(100_000)

export const WindowStateSchema = z.object({
  x: coord,
  y: coord,
  width: length,
  height: length,
  maximized: z.boolean().default(false),
})
export type WindowState = z.infer<typeof WindowStateSchema>

/** Where to open the window. No x/y means "let the OS center it". */
export interface Placement {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

/** The saved state from the file's text, or undefined when there is none or it is not ours (a corrupt file is ignored). */
export function parseWindowState(text: string | undefined): WindowState | undefined {
  if (text === undefined) return undefined
  try {
    const r = WindowStateSchema.safeParse(JSON.parse(text))
    return r.success ? r.data : undefined
  } catch {
    return undefined
  }
}

export function serializeWindowState(s: WindowState): string {
  return `${JSON.stringify(s)}\n`
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  }
}

/**
 * The saved bounds, moved and shrunk to fit the work area they mostly lie on; or a centered 1280×800 window when there
 * is no saved state or it is off every display (a monitor unplugged since the last run).
 * @example placeWindow({ x: 3000, y: 0, width: 800, height: 600, maximized: false }, [{ x: 0, y: 0, width: 1920, height: 1040 }])
 *   // → { width: 1280, height: 800, maximized: false }
 */
export function placeWindow(saved: WindowState | undefined, workAreas: Rect[]): Placement {
  const fallback: Placement = { ...DEFAULT_SIZE, maximized: false }
  if (!saved) return fallback
  let best: Rect | undefined
  let bestArea = 0
  for (const area of workAreas) {
    const o = overlap(saved, area)
    if (o.width < MIN_VISIBLE.width || o.height < MIN_VISIBLE.height) continue
    if (o.width * o.height > bestArea) {
      best = area
      bestArea = o.width * o.height
    }
  }
  if (!best) return { ...fallback, maximized: saved.maximized }
  const width = Math.min(saved.width, best.width)
  const height = Math.min(saved.height, best.height)
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width)
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height)
  return { x, y, width, height, maximized: saved.maximized }
}
