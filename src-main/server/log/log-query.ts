import { logSearchText, type LogEntry, type LogQuery, type LogSummary } from '@shared/log'

/** The filters of a log query: everything but the paging fields. */
export type LogFilters = Pick<LogQuery, 'method' | 'status' | 'path' | 'configId' | 'source' | 'surface'>

/** The filters of a log query as one predicate. */
export function logFilter(q: LogFilters): (e: LogEntry) => boolean {
  const method = q.method?.toUpperCase()
  const path = q.path?.toLowerCase()
  const status = q.status
  const statusClass = status?.endsWith('xx') ? Number(status[0]) : undefined
  const statusExact = status && statusClass === undefined ? Number(status) : undefined
  return (e) =>
    (method === undefined || e.method.toUpperCase() === method) &&
    (statusClass === undefined || Math.floor(e.status / 100) === statusClass) &&
    (statusExact === undefined || e.status === statusExact) &&
    (path === undefined || logSearchText(e.path, e.query).toLowerCase().includes(path)) &&
    (q.configId === undefined || e.configId === q.configId) &&
    (q.source === undefined || e.source === q.source) &&
    (q.surface === undefined || e.surface === q.surface)
}

export function toSummary(e: LogEntry): LogSummary {
  const { requestHeaders: _rh, responseHeaders: _sh, requestBody: _rb, responseBody: _sb, ...rest } = e
  return { ...rest, eventCount: e.events.length }
}
