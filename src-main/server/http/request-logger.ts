import type { NextFunction, Request, Response } from 'express'
import type { DomainEvent } from '@shared/events'
import type { LogEntry, Surface } from '@shared/log'
import { redactBody, redactHeaders, redactQuery } from '../log/redact'

export interface LogSink {
  append(entry: Omit<LogEntry, 'seq'>): LogEntry
}

/** Bodies beyond this are cut in the log (the request itself is unaffected). */
export const LOG_BODY_CAP = 16 * 1024

const SURFACES: [RegExp, Surface][] = [
  [/^\/(api\/identity\/)?scim\/v2\//i, 'project-scim'],
  [/^\/(api\/identity\/)?status-page-scim\/v2\//i, 'status-page-scim'],
  [/^\/iam\/scim\/v2\//i, 'iam-scim'],
  [/^\/api\/v1\/admin\/scim-tokens/i, 'scim-tokens'],
  [/^\/api\/v1\/oauth\//i, 'oauth'],
  [/^\/api\//i, 'resource-api'],
  [/^\/_sandbox\//i, 'control'],
]

export function surfaceOf(path: string): Surface {
  for (const [re, s] of SURFACES) if (re.test(path)) return s
  return 'other'
}

function body(text: string, contentType: string | undefined) {
  if (!text) return null
  // Only the first LOG_BODY_CAP characters are kept: a 50 MB import is redacted on its head, not parsed whole.
  const head = text.length > LOG_BODY_CAP * 4 ? text.slice(0, LOG_BODY_CAP * 4) : text
  const redacted = redactBody(head, contentType)
  return { text: redacted.slice(0, LOG_BODY_CAP), truncated: head !== text || redacted.length > LOG_BODY_CAP, size: Buffer.byteLength(text) }
}

function flatHeaders(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v)
  return out
}

/**
 * Records every request to an API surface: method, path, query, headers and bodies (secrets redacted, bodies capped),
 * status, duration, config, source, and the state-change events it caused. The control API's own reads and the
 * live stream are not logged, or the log would fill with its own polling.
 */
export function requestLogger(sink: LogSink, opts: { skip?: (req: Request) => boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (opts.skip?.(req)) return next()
    const started = process.hrtime.bigint()
    const chunks: (Buffer | string)[] = []
    let captured = 0
    const origWrite = res.write.bind(res)
    const origEnd = res.end.bind(res)
    const keep = (chunk: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || captured > LOG_BODY_CAP * 2) return
      const c = Buffer.isBuffer(chunk) || typeof chunk === 'string' ? chunk : String(chunk)
      chunks.push(c)
      captured += c.length
    }
    res.write = ((chunk: unknown, enc?: unknown, cb?: unknown) => {
      keep(chunk)
      return origWrite(chunk as never, enc as never, cb as never)
    }) as typeof res.write
    res.end = ((chunk?: unknown, enc?: unknown, cb?: unknown) => {
      keep(chunk)
      return origEnd(chunk as never, enc as never, cb as never)
    }) as typeof res.end

    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6
      const q = req.originalUrl.indexOf('?')
      const pathname = q === -1 ? req.originalUrl : req.originalUrl.slice(0, q)
      const search = q === -1 ? '' : req.originalUrl.slice(q + 1)
      const sourceHeader = String(req.header('x-scim-sandbox-source') ?? '').toLowerCase()
      // Only the simulator's own requests name a run; anyone else's header is ignored so it cannot pose as one.
      const runHeader = sourceHeader === 'simulator' ? String(req.header('x-scim-sandbox-run') ?? '').slice(0, 64) : ''
      // The raw text when a router parsed the body itself (the control API), so the log shows what was sent.
      const raw = res.locals.rawBody as string | undefined
      const reqText =
        raw !== undefined ? raw : typeof req.body === 'string' ? req.body : req.body && typeof req.body === 'object' && Object.keys(req.body).length ? JSON.stringify(req.body) : ''
      sink.append({
        time: new Date(Date.now() - durationMs).toISOString(),
        method: req.method,
        path: pathname,
        query: search && redactQuery(search),
        status: res.statusCode,
        durationMs: Math.round(durationMs * 100) / 100,
        surface: surfaceOf(pathname),
        configId: (res.locals.configId as string | undefined) ?? null,
        source: sourceHeader === 'simulator' || sourceHeader === 'ui' ? sourceHeader : 'external',
        runId: runHeader || null,
        requestHeaders: redactHeaders(flatHeaders(req.headers)),
        responseHeaders: redactHeaders(flatHeaders(res.getHeaders())),
        requestBody: body(reqText, req.header('content-type')),
        responseBody: body(chunks.map((c) => (typeof c === 'string' ? c : c.toString('utf8'))).join(''), String(res.getHeader('content-type') ?? '')),
        events: (res.locals.events as DomainEvent[] | undefined) ?? [],
      })
    })
    next()
  }
}
