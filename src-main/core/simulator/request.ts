import type { Answer, PlannedRequest, ResponseCheck } from './types'
import { isObject } from './checks'

/** Query strings as IdPs send them: each value percent-encoded (`userName%20eq%20%22a%40b%22`, b.2.2). */
export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/** `attr eq "value"` with the value as a JSON string (RFC 7644 §3.4.2.2 compValue), quotes and backslashes escaped. */
export function eqFilter(attr: string, value: string): string {
  return `${attr} eq ${JSON.stringify(value)}`
}

/** A path segment for an id the target gave us (ids may contain anything; RFC 3986 §3.3). */
export const seg = (id: string) => encodeURIComponent(id)

export interface RequestParts {
  body?: unknown
  note: string
  items: string[]
  checks: ResponseCheck[]
  main?: boolean
  readBack?: boolean
}

/** A PlannedRequest with the profile's headers (Content-Type only when there is a body). */
export function planned(headers: (hasBody: boolean) => Record<string, string>, method: PlannedRequest['method'], path: string, parts: RequestParts): PlannedRequest {
  const req: PlannedRequest = { method, path, headers: headers(parts.body !== undefined), note: parts.note, items: parts.items, checks: parts.checks }
  if (parts.body !== undefined) req.body = parts.body
  if (parts.main) req.main = true
  if (parts.readBack) req.readBack = true
  return req
}

// ——— reading answers ———

export const statusOf = (a: Answer | undefined): number | null => a?.response?.status ?? null
export const jsonOf = (a: Answer | undefined): Record<string, unknown> | undefined => {
  const j = a?.response?.json
  return isObject(j) ? j : undefined
}
/** The `id` of the answered resource, when there is one. */
export function idOf(a: Answer | undefined): string | undefined {
  const id = jsonOf(a)?.id
  return typeof id === 'string' && id ? id : undefined
}
/** The first resource of a ListResponse, when there is one. */
export function firstResource(a: Answer | undefined): Record<string, unknown> | undefined {
  const res = jsonOf(a)?.Resources
  const first = Array.isArray(res) ? res[0] : undefined
  return isObject(first) ? first : undefined
}
/** How the answer ended, for a program's own verdict ("answered 404", "no answer (timeout)"). */
export function describe(a: Answer | undefined): string {
  if (!a) return 'no answer'
  if (!a.response) return `no answer (${a.error})`
  return `answered ${a.response.status}`
}
export const ok = (a: Answer | undefined) => {
  const s = statusOf(a)
  return s !== null && s >= 200 && s < 300
}
