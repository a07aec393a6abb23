import type { Response } from 'express'
import type { Written } from '../../../core/admin/admin'

/** Answers a write: its value as JSON (nothing for 204), its events kept for the request log entry. */
export function sendWritten<T>(res: Response, status: number, w: Written<T>): void {
  if (w.events.length) res.locals.events = [...((res.locals.events as unknown[]) ?? []), ...w.events]
  if (status === 204) res.status(204).end()
  else res.status(status).json(w.value)
}

/** `Content-Disposition: attachment` with a dated file name, e.g. scim-sandbox-2026-12-04T18-43-23.seed.json */
export function attachment(res: Response, suffix: string): void {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-')
  res.setHeader('Content-Disposition', `attachment; filename="scim-sandbox-${stamp}${suffix}"`)
}
