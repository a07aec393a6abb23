import type { TestSandbox } from '../helpers/sandbox'

export interface ApiResponse {
  status: number
  body: any
  text: string
}

/** A resource-API request: `ApiKey` header unless key is null; `body` sent as JSON. */
export async function api(t: TestSandbox, method: string, path: string, o: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...o.headers }
  const key = o.key === undefined ? 'key-owner' : o.key
  if (key !== null) headers.ApiKey = key
  const body = o.raw !== undefined ? o.raw : o.body !== undefined ? JSON.stringify(o.body) : undefined
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${t.sb.localOrigin}${path}`, { method, headers, body })
  const text = await res.text()
  let parsed: any
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  return { status: res.status, body: parsed, text }
}
