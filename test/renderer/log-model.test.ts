import { logSearchText } from '@shared/log'
import { describe, expect, it } from 'vitest'
import { fakeEntry, summarize } from '../../src-renderer/src/api/fake'
import {
  buildCurl,
  changesLabel,
  filterPredicate,
  formatBytes,
  formatDuration,
  formatTime,
  harFileName,
  hasFilters,
  isRedactedHeader,
  lowerBound,
  NO_FILTERS,
  prettyBody,
  queryParams,
  reasonPhrase,
  shellQuote,
  statusTone,
  toLogFilters,
  toRow,
  type LocalFilters,
} from '../../src-renderer/src/features/log/log-model'
import type { LogEntry } from '../../src-shared/log'

const row = (p: Partial<LogEntry>) => toRow(summarize(fakeEntry(1, p)))
const f = (p: Partial<LocalFilters>): LocalFilters => ({ ...NO_FILTERS, ...p })
const passes = (p: Partial<LocalFilters>, e: Partial<LogEntry>) => (filterPredicate(f(p)) ?? (() => true))(row(e))

describe('log filter predicate', () => {
  it('is null when nothing is filtered (the caller skips the scan)', () => {
    expect(filterPredicate(NO_FILTERS)).toBeNull()
    expect(filterPredicate(f({ path: '   ' }))).toBeNull()
    expect(hasFilters(f({ source: 'ui' }))).toBe(true)
  })
  it('matches method exactly, status by class or exact code', () => {
    expect(passes({ method: 'POST' }, { method: 'POST' })).toBe(true)
    expect(passes({ method: 'POST' }, { method: 'PUT' })).toBe(false)
    expect(passes({ status: '4xx' }, { status: 404 })).toBe(true)
    expect(passes({ status: '4xx' }, { status: 409 })).toBe(true)
    expect(passes({ status: '4xx' }, { status: 500 })).toBe(false)
    expect(passes({ status: '2xx' }, { status: 204 })).toBe(true)
    expect(passes({ status: '404' }, { status: 404 })).toBe(true)
    expect(passes({ status: '404' }, { status: 400 })).toBe(false)
  })
  it('matches path and decoded query, case-insensitively', () => {
    const e = { path: '/scim/v2/Acme-Okta/Users', query: 'filter=userName%20eq%20%22Bob%40acme.test%22&startIndex=1' }
    expect(passes({ path: 'acme-okta/users' }, e)).toBe(true)
    expect(passes({ path: 'username eq "bob@' }, e)).toBe(true)
    expect(passes({ path: 'startindex=1' }, e)).toBe(true)
    expect(passes({ path: '/Groups' }, e)).toBe(false)
    expect(passes({ path: 'a b' }, { path: '/x', query: 'q=a+b' })).toBe(true)
  })
  it('matches config and source, and all filters together', () => {
    expect(passes({ configId: 'acme-okta' }, { configId: 'acme-okta' })).toBe(true)
    expect(passes({ configId: 'acme-okta' }, { configId: null })).toBe(false)
    expect(passes({ source: 'simulator' }, { source: 'ui' })).toBe(false)
    expect(passes({ method: 'GET', status: '2xx', path: 'users', configId: 'acme-okta', source: 'external' }, {})).toBe(true)
    expect(passes({ method: 'GET', status: '2xx', path: 'users', configId: 'acme-okta', source: 'ui' }, {})).toBe(false)
  })
  it('filters 100,000 rows well within a frame budget', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      toRow(summarize(fakeEntry(i + 1, { method: i % 5 ? 'GET' : 'POST', status: i % 7 ? 200 : 404, path: `/scim/v2/acme-okta/Users/u${i}`, query: i % 3 ? '' : `filter=userName%20eq%20%22u${i}%40x.test%22` }))),
    )
    const pred = filterPredicate(f({ path: 'u12345' }))!
    const t0 = performance.now()
    const out = rows.filter(pred)
    const ms = performance.now() - t0
    expect(out.length).toBeGreaterThan(0)
    expect(ms).toBeLessThan(200)
  })
  it('becomes the control API filters for the HAR export', () => {
    expect(toLogFilters(NO_FILTERS)).toEqual({})
    expect(toLogFilters(f({ method: 'PATCH', status: '4xx', path: ' Users ', configId: 'c', source: 'ui' }))).toEqual({ method: 'PATCH', status: '4xx', path: 'Users', configId: 'c', source: 'ui' })
  })
})

describe('log formatting', () => {
  it('reason phrases', () => {
    expect(reasonPhrase(200)).toBe('OK')
    expect(reasonPhrase(201)).toBe('Created')
    expect(reasonPhrase(204)).toBe('No Content')
    expect(reasonPhrase(304)).toBe('Not Modified')
    expect(reasonPhrase(400)).toBe('Bad Request')
    expect(reasonPhrase(409)).toBe('Conflict')
    expect(reasonPhrase(412)).toBe('Precondition Failed')
    expect(reasonPhrase(413)).toBe('Content Too Large')
    expect(reasonPhrase(422)).toBe('Unprocessable Content')
    expect(reasonPhrase(429)).toBe('Too Many Requests')
    expect(reasonPhrase(503)).toBe('Service Unavailable')
    expect(reasonPhrase(599)).toBe('')
  })
  it('status tones by class', () => {
    expect([200, 302, 404, 503, 101].map(statusTone)).toEqual(['ok', 'info', 'warn', 'err', 'none'])
  })
  it('time as HH:MM:SS.mmm in local time', () => {
    const d = new Date(2026, 11, 1, 9, 5, 7, 41)
    expect(formatTime(d.toISOString())).toBe('09:05:07.041')
    expect(formatTime('garbage')).toBe('garbage')
  })
  it('durations, counts, sizes', () => {
    expect(formatDuration(1.234)).toBe('1.2')
    expect(formatDuration(42.6)).toBe('43')
    expect(formatDuration(12_345)).toBe('12.3s')
    expect(changesLabel(0)).toBe('')
    expect(changesLabel(1)).toBe('1 change')
    expect(changesLabel(3)).toBe('3 changes')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(16 * 1024)).toBe('16 kB')
  })
  it('decodes paths for reading, leaving broken escapes alone', () => {
    expect(logSearchText('/Users', 'filter=userName%20eq%20%22a%40b%22')).toBe('/Users?filter=userName eq "a@b"')
    expect(logSearchText('/Users', '')).toBe('/Users')
    expect(logSearchText('/Users/%E0%A4%A', '')).toBe('/Users/%E0%A4%A')
  })
  it('query parameters decoded, in order', () => {
    expect(queryParams('filter=userName%20eq%20%22a%22&startIndex=1&count=100')).toEqual([
      ['filter', 'userName eq "a"'],
      ['startIndex', '1'],
      ['count', '100'],
    ])
    expect(queryParams('')).toEqual([])
  })
  it('pretty JSON, raw text otherwise (and for JSON cut short)', () => {
    expect(prettyBody('{"a":1,"b":[true,null]}')).toEqual({ kind: 'json', text: '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}' })
    expect(prettyBody('{"a":1,"b":[tr')).toEqual({ kind: 'text', text: '{"a":1,"b":[tr' })
    expect(prettyBody('grant_type=client_credentials')).toEqual({ kind: 'text', text: 'grant_type=client_credentials' })
  })
  it('marks redacted secret headers only', () => {
    expect(isRedactedHeader('authorization', 'Bearer tok-…[redacted]')).toBe(true)
    expect(isRedactedHeader('Authorization', 'Bearer tok-a…')).toBe(true)
    expect(isRedactedHeader('ApiKey', 'abc…')).toBe(true)
    expect(isRedactedHeader('x-api-key', 'abc…[redacted]')).toBe(true)
    expect(isRedactedHeader('authorization', 'Bearer full-token')).toBe(false)
    expect(isRedactedHeader('user-agent', 'Okta…')).toBe(false)
  })
  it('HAR file names sort and are safe on every file system', () => {
    expect(harFileName(new Date(2026, 0, 2, 3, 4, 5))).toBe('scim-sandbox-2026-01-02T03-04-05.har')
  })
  it('lowerBound finds the first seq at or above', () => {
    const rows = [2, 4, 6, 8].map((seq) => ({ seq }))
    expect([1, 2, 3, 8, 9].map((s) => lowerBound(rows, s))).toEqual([0, 0, 1, 3, 4])
  })
})

describe('copy as curl', () => {
  it('quotes for POSIX shells', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
    expect(shellQuote('$HOME `x` "y"')).toBe(`'$HOME \`x\` "y"'`)
  })
  it('a GET: URL with its query, headers but host/content-length/connection', () => {
    expect(
      buildCurl({
        method: 'GET',
        origin: 'http://127.0.0.1:7643/',
        path: '/scim/v2/acme-okta/Users',
        query: 'filter=userName%20eq%20%22a%40b%22',
        headers: { host: '127.0.0.1:7643', connection: 'keep-alive', authorization: 'Bearer tok-…[redacted]', accept: 'application/scim+json' },
      }),
    ).toBe(
      [
        "curl 'http://127.0.0.1:7643/scim/v2/acme-okta/Users?filter=userName%20eq%20%22a%40b%22'",
        "-H 'authorization: Bearer tok-…[redacted]'",
        "-H 'accept: application/scim+json'",
      ].join(' \\\n  '),
    )
  })
  it('a PATCH with a body that has quotes, and compressed answers decoded', () => {
    const cmd = buildCurl({
      method: 'patch',
      origin: 'http://localhost:1',
      path: '/x',
      query: '',
      headers: { 'Content-Type': 'application/scim+json', 'Content-Length': '10', 'accept-encoding': 'gzip' },
      body: `{"value":"O'Brien"}`,
    })
    expect(cmd).toBe(
      [
        "curl 'http://localhost:1/x'",
        '-X PATCH',
        "-H 'Content-Type: application/scim+json'",
        "-H 'accept-encoding: gzip'",
        `--data-raw '{"value":"O'\\''Brien"}'`,
        '--compressed',
      ].join(' \\\n  '),
    )
  })
  it('a DELETE has -X but no data', () => {
    expect(buildCurl({ method: 'DELETE', origin: 'http://h', path: '/u/1', query: '', headers: {} })).toBe("curl 'http://h/u/1' \\\n  -X DELETE")
  })
})
