import type { Router } from 'express'
import type { z } from 'zod'
import { logQuerySchema } from '@shared/log'
import { issuesOf } from '../../../core/admin/validate'
import { toHar } from '../../log/har'
import type { RequestLogStore } from '../../log/request-log-store'
import type { SandboxHub } from '../../hub'
import { ControlError } from './errors'
import { attachment } from './send'
import { openStream } from './stream'

export interface LogRouteDeps {
  log: RequestLogStore
  hub: SandboxHub
  localOrigin: () => string
  version: string
}

/** A HAR export takes the list's filters but no paging: every matching entry the log holds. */
const harQuerySchema = logQuerySchema.omit({ before: true, after: true, limit: true })

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const r = schema.safeParse(query)
  if (!r.success) {
    const issues = issuesOf(r.error)
    throw new ControlError(400, issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '), issues)
  }
  return r.data
}

/** The request log: pages, one entry, clear, HAR export, and the live streams. */
export function logRoutes(r: Router, deps: LogRouteDeps): void {
  r.get('/log', (req, res) => {
    res.json(deps.log.page(parseQuery(logQuerySchema, req.query)))
  })
  r.get('/log/har', (req, res) => {
    const q = parseQuery(harQuerySchema, req.query)
    attachment(res, '.har')
    res.json(toHar(deps.log.matching(q), { origin: deps.localOrigin(), version: deps.version }))
  })
  // The older stream: log entries only.
  r.get('/log/stream', (req, res) => openStream(req, res, { log: deps.log }))
  // Log entries, committed domain events, log clears and workspace replacements.
  r.get('/stream', (req, res) => openStream(req, res, { log: deps.log, hub: deps.hub }))
  r.get('/log/:seq', (req, res) => {
    const seq = Number(req.params.seq)
    const entry = Number.isInteger(seq) ? deps.log.get(seq) : undefined
    if (!entry) throw new ControlError(404, `no log entry ${req.params.seq}`)
    res.json(entry)
  })
  r.delete('/log', async (_req, res) => {
    await deps.log.clear()
    deps.hub.emit({ type: 'log-cleared' })
    res.status(204).end()
  })
}
