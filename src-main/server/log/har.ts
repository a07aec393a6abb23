import { STATUS_CODES } from 'node:http'
import type { Har } from '@shared/control'
import type { LogEntry } from '@shared/log'

type NameValue = { name: string; value: string }

const pairs = (h: Record<string, string>): NameValue[] => Object.entries(h).map(([name, value]) => ({ name, value }))

function queryPairs(query: string): NameValue[] {
  if (!query) return []
  return [...new URLSearchParams(query)].map(([name, value]) => ({ name, value }))
}

function header(h: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v
  return undefined
}

/**
 * Request-log entries as a HAR 1.2 file (oldest first). Headers and bodies are the log's, already redacted; URLs use
 * the sandbox's local origin. `_seq` and `_events` carry the log's seq and the state changes each request caused.
 */
export function toHar(entries: LogEntry[], opts: { origin: string; version: string }): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'SCIM Sandbox', version: opts.version },
      entries: entries.map((e) => {
        const reqType = header(e.requestHeaders, 'content-type') ?? ''
        const resType = header(e.responseHeaders, 'content-type') ?? ''
        const location = header(e.responseHeaders, 'location') ?? ''
        return {
          startedDateTime: e.time,
          time: e.durationMs,
          request: {
            method: e.method,
            url: `${opts.origin}${e.path}${e.query ? `?${e.query}` : ''}`,
            httpVersion: 'HTTP/1.1',
            headers: pairs(e.requestHeaders),
            queryString: queryPairs(e.query),
            cookies: [],
            headersSize: -1,
            bodySize: e.requestBody?.size ?? 0,
            ...(e.requestBody ? { postData: { mimeType: reqType, text: e.requestBody.text } } : {}),
          },
          response: {
            status: e.status,
            statusText: STATUS_CODES[e.status] ?? '',
            httpVersion: 'HTTP/1.1',
            headers: pairs(e.responseHeaders),
            cookies: [],
            content: { size: e.responseBody?.size ?? 0, mimeType: resType, ...(e.responseBody ? { text: e.responseBody.text } : {}) },
            redirectURL: location,
            headersSize: -1,
            bodySize: e.responseBody?.size ?? 0,
          },
          cache: {},
          timings: { send: 0, wait: e.durationMs, receive: 0 },
          _seq: e.seq,
          _events: e.events,
        }
      }),
    },
  }
}
