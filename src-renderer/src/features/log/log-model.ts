import { logSearchText, type LogSummary } from '@shared/log'
import type { LogFilters } from '../../api/client'

/**
 * Pure pieces of the live log: local filtering, formatting, reason phrases, "copy as curl". No React, no DOM, so
 * they are unit-tested in the node project.
 */

/** A summary as the screen keeps it: plus its path and query, decoded and lowercased once, for the path filter. */
export type Row = LogSummary & { k: string }

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const
export const SOURCES = ['external', 'simulator', 'ui'] as const

/** The toolbar's filters; '' means "any". */
export interface LocalFilters {
  method: string
  status: string
  path: string
  configId: string
  source: string
}
export const NO_FILTERS: LocalFilters = Object.freeze({ method: '', status: '', path: '', configId: '', source: '' })

export function hasFilters(f: LocalFilters): boolean {
  return !!(f.method || f.status || f.path.trim() || f.configId || f.source)
}

export function toRow(s: LogSummary): Row {
  const r = s as Row
  r.k = logSearchText(s.path, s.query).toLowerCase()
  return r
}

/**
 * One predicate for the toolbar's filters, or null when nothing is filtered (callers then skip the scan). Path
 * matches path and query, case-insensitively; a 'Nxx' status matches its class, three digits match exactly.
 */
export function filterPredicate(f: LocalFilters): ((r: Row) => boolean) | null {
  if (!hasFilters(f)) return null
  const method = f.method.toUpperCase()
  const path = f.path.trim().toLowerCase()
  const cls = /^[1-5]xx$/.test(f.status) ? Number(f.status[0]) : 0
  const exact = !cls && /^\d{3}$/.test(f.status) ? Number(f.status) : 0
  const { configId, source } = f
  return (r) =>
    (!method || r.method === method) &&
    (!cls || ((r.status / 100) | 0) === cls) &&
    (!exact || r.status === exact) &&
    (!source || r.source === source) &&
    (!configId || r.configId === configId) &&
    (!path || r.k.includes(path))
}

/** The same filters as the control API takes them (for the HAR export). */
export function toLogFilters(f: LocalFilters): LogFilters {
  const out: LogFilters = {}
  if (f.method) out.method = f.method
  if (f.status) out.status = f.status
  if (f.path.trim()) out.path = f.path.trim()
  if (f.configId) out.configId = f.configId
  if (f.source) out.source = f.source as LogFilters['source']
  return out
}

/** Index of the first row with seq ≥ `seq` in rows sorted by seq (rows.length when none). */
export function lowerBound(rows: readonly { seq: number }[], seq: number): number {
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (rows[mid]!.seq < seq) lo = mid + 1
    else hi = mid
  }
  return lo
}

export type StatusTone = 'ok' | 'info' | 'warn' | 'err' | 'none'
export function statusTone(status: number): StatusTone {
  if (status >= 500) return 'err'
  if (status >= 400) return 'warn'
  if (status >= 300) return 'info'
  if (status >= 200) return 'ok'
  return 'none'
}

const REASONS: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
}
/** The standard reason phrase (RFC 9110), '' for a code it does not name. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? ''
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
/** Local wall-clock time with milliseconds, as a network panel shows it: 14:03:07.041. */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

export function formatDuration(ms: number): string {
  if (ms < 10) return ms.toFixed(1)
  if (ms < 10_000) return String(Math.round(ms))
  return `${(ms / 1000).toFixed(1)}s`
}

export function changesLabel(n: number): string {
  return n === 0 ? '' : n === 1 ? '1 change' : `${n} changes`
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} kB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Headers whose value is a credential; the server redacts them, the screen marks them. */
const SECRET_HEADER = /^(authorization|proxy-authorization|apikey|x-api-key|api-key|x-sandbox-secret|cookie|set-cookie)$|token|secret/i
export function isRedactedHeader(name: string, value: string): boolean {
  return SECRET_HEADER.test(name) && (value.endsWith('…') || value.endsWith('…[redacted]'))
}

/** Query parameters, decoded, in order (repeated names kept). */
export function queryParams(query: string): [string, string][] {
  if (!query) return []
  return [...new URLSearchParams(query)]
}

export type PrettyBody = { kind: 'json'; text: string } | { kind: 'text'; text: string }
/** JSON re-indented by two spaces; anything else (or JSON cut short by the log's cap) as it came. */
export function prettyBody(text: string): PrettyBody {
  const t = text.trimStart()
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2) }
    } catch {
      /* not JSON after all, or truncated */
    }
  }
  return { kind: 'text', text }
}

/** POSIX shell single-quoting: close the quote, an escaped quote, reopen. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

const CURL_SKIP_HEADERS = new Set(['host', 'content-length', 'connection'])
export interface CurlInput {
  method: string
  /** Where this machine reaches the sandbox, e.g. http://127.0.0.1:7643 (no trailing slash). */
  origin: string
  path: string
  query: string
  headers: Record<string, string>
  body?: string | null
}
/**
 * A curl command that repeats a logged request. Headers are the logged ones (so the Authorization value is the
 * redacted one: the user pastes their token), minus those curl sets itself.
 */
export function buildCurl(r: CurlInput): string {
  const url = `${r.origin.replace(/\/+$/, '')}${r.path}${r.query ? `?${r.query}` : ''}`
  const parts = [`curl ${shellQuote(url)}`]
  const method = r.method.toUpperCase()
  if (method !== 'GET' || r.body) parts.push(`-X ${method}`)
  let compressed = false
  for (const [name, value] of Object.entries(r.headers)) {
    const n = name.toLowerCase()
    if (CURL_SKIP_HEADERS.has(n)) continue
    if (n === 'accept-encoding') compressed = true
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  }
  if (r.body) parts.push(`--data-raw ${shellQuote(r.body)}`)
  // With Accept-Encoding sent as logged, curl must decode what comes back.
  if (compressed) parts.push('--compressed')
  return parts.join(' \\\n  ')
}

/** `scim-sandbox-2026-12-01T10-00-00.har`: sortable, and safe on every file system. */
export function harFileName(d: Date): string {
  return `scim-sandbox-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}.har`
}

/** Whether any of these events says a deactivation changed nothing because Auto Deprovision is off. */
export function hasSkippedDeprovision(events: readonly { type: string }[]): boolean {
  for (const e of events) if (e.type === 'deprovision.skipped') return true
  return false
}
