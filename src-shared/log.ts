import { z } from 'zod'
import { domainEventSchema } from './events'

/** Which API family a request went to. */
export const surfaceSchema = z.enum(['project-scim', 'status-page-scim', 'resource-api', 'scim-tokens', 'oauth', 'iam-scim', 'control', 'ui', 'other'])
export type Surface = z.infer<typeof surfaceSchema>

/** Who sent it: an outside client, the built-in IdP simulator, or the sandbox's own UI. */
export const logSourceSchema = z.enum(['external', 'simulator', 'ui'])

/** A body as recorded: text (redacted, cut at the cap) plus whether it was cut. */
export const loggedBodySchema = z.object({ text: z.string(), truncated: z.boolean(), size: z.number().int() })

export const logEntrySchema = z.object({
  /** Monotonic, so "newer than" is a number comparison and pages are stable. */
  seq: z.number().int().positive(),
  time: z.string(),
  method: z.string(),
  path: z.string(),
  query: z.string(),
  status: z.number().int(),
  durationMs: z.number(),
  surface: surfaceSchema,
  configId: z.string().nullable(),
  source: logSourceSchema,
  /**
   * The IdP simulator's run that sent it (header X-Scim-Sandbox-Run, only with source 'simulator'); null otherwise.
   * Optional because entries logged before the field existed (an older log file) have none.
   */
  runId: z.string().nullable().optional(),
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()),
  requestBody: loggedBodySchema.nullable(),
  responseBody: loggedBodySchema.nullable(),
  events: z.array(domainEventSchema),
})
export type LogEntry = z.infer<typeof logEntrySchema>
/** What list views and the live stream carry: everything but headers and bodies. */
export const logSummarySchema = logEntrySchema.omit({ requestHeaders: true, responseHeaders: true, requestBody: true, responseBody: true }).extend({
  eventCount: z.number().int(),
})
export type LogSummary = z.infer<typeof logSummarySchema>

/** Query of GET /_sandbox/api/log. */
export const logQuerySchema = z.object({
  /** Entries with seq < before (newest first paging); absent = from the newest. */
  before: z.coerce.number().int().positive().optional(),
  /** Entries with seq > after (for catching up after a reconnect). */
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
  method: z.string().optional(),
  /** '2xx', '4xx', '5xx' … or an exact status. */
  status: z.string().regex(/^([1-5]xx|[1-5]\d\d)$/).optional(),
  path: z.string().optional(),
  configId: z.string().optional(),
  source: logSourceSchema.optional(),
  surface: surfaceSchema.optional(),
})
export type LogQuery = z.infer<typeof logQuerySchema>
export const logPageSchema = z.object({ entries: z.array(logSummarySchema), total: z.number().int(), newestSeq: z.number().int() })
export type LogPage = z.infer<typeof logPageSchema>

/**
 * The text the log's path filter searches: path and query, with `%20` and `+` read as spaces, so `userName eq "alice"`
 * finds `filter=userName%20eq%20%22alice%22`. The server's filter (GET /log, HAR export) and the UI's use this one.
 */
export function logSearchText(path: string, query: string): string {
  const q = query ? `?${query.includes('+') ? query.replace(/\+/g, ' ') : query}` : ''
  const s = path + q
  if (!s.includes('%')) return s
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
