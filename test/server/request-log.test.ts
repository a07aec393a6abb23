import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { logQuerySchema, type LogEntry, type LogQuery } from '@shared/log'
import { MAX_LOG_CAPACITY, RequestLogStore } from '../../src-main/server/log/request-log-store'

let dir: string
let file: string
const stores: RequestLogStore[] = []

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'request-log-test-'))
  file = path.join(dir, 'ws.json.log.ndjson')
})
afterEach(async () => {
  await Promise.allSettled(stores.splice(0).map((s) => s.close()))
  await rm(dir, { recursive: true, force: true })
})

async function openLog(capacity: number) {
  const s = await RequestLogStore.open(file, { capacity })
  stores.push(s)
  return s
}

function entry(i: number, over: Partial<LogEntry> = {}): Omit<LogEntry, 'seq'> {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    method: i % 2 ? 'GET' : 'POST',
    path: `/scim/v2/acme-okta/Users/${i}`,
    query: '',
    status: i % 5 === 0 ? 404 : i % 7 === 0 ? 500 : 200,
    durationMs: 1.5,
    surface: 'project-scim',
    configId: i % 3 ? 'acme-okta' : 'acme-status-entra',
    source: i % 4 ? 'external' : 'simulator',
    requestHeaders: { 'content-type': 'application/scim+json' },
    responseHeaders: { etag: `W/"${i}"` },
    requestBody: { text: `{"n":${i}}`, truncated: false, size: 7 },
    responseBody: null,
    events: i % 6 ? [] : [{ type: 'account.created', message: `created user${i}` }],
    ...over,
  }
}

const q = (input: Record<string, unknown>): LogQuery => logQuerySchema.parse(input)
const seqs = (s: RequestLogStore, input: Record<string, unknown> = {}) => s.page(q(input)).entries.map((e) => e.seq)

describe('request log: ring and queries', () => {
  it('keeps only the newest `capacity` entries in memory, with monotonic seqs', async () => {
    const s = await openLog(5)
    const made = Array.from({ length: 12 }, (_, i) => s.append(entry(i + 1)))
    expect(made.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(s.size).toBe(5)
    expect(seqs(s)).toEqual([12, 11, 10, 9, 8])
    expect(s.get(7)).toBeUndefined()
    expect(s.get(10)).toEqual(made[9])
    expect(s.page(q({})).newestSeq).toBe(12)
  })

  it('pages newest first with `before`, and walks forward with `after` without gaps', async () => {
    const s = await openLog(100)
    for (let i = 1; i <= 30; i++) s.append(entry(i))
    expect(seqs(s, { limit: 4 })).toEqual([30, 29, 28, 27])
    expect(seqs(s, { limit: 4, before: 27 })).toEqual([26, 25, 24, 23])
    expect(seqs(s, { limit: 4, after: 10 })).toEqual([14, 13, 12, 11])
    expect(seqs(s, { limit: 4, after: 14 })).toEqual([18, 17, 16, 15])
    expect(seqs(s, { after: 28 })).toEqual([30, 29])
    expect(seqs(s, { after: 5, before: 9 })).toEqual([8, 7, 6])
    expect(s.page(q({ limit: 4 })).total).toBe(30)
  })

  it('filters by method, status class or exact status, path substring, config, source and surface; total counts matches', async () => {
    const s = await openLog(100)
    for (let i = 1; i <= 30; i++) s.append(entry(i))
    s.append(entry(31, { surface: 'resource-api', path: '/api/project-scim/get-list', method: 'post' }))
    expect(seqs(s, { method: 'get', limit: 3 })).toEqual([29, 27, 25])
    expect(s.page(q({ method: 'GET' })).total).toBe(15)
    expect(seqs(s, { status: '4xx' })).toEqual([30, 25, 20, 15, 10, 5])
    expect(seqs(s, { status: '500' })).toEqual([28, 21, 14, 7])
    expect(seqs(s, { status: '2xx' })).toHaveLength(31 - 6 - 4)
    expect(seqs(s, { path: 'USERS/1' })).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 1])
    expect(seqs(s, { configId: 'acme-status-entra', status: '4xx' })).toEqual([30, 15])
    expect(seqs(s, { source: 'simulator', limit: 2 })).toEqual([28, 24])
    expect(seqs(s, { surface: 'resource-api' })).toEqual([31])
    const page = s.page(q({ status: '4xx', limit: 2 }))
    expect(page.total).toBe(6)
    expect(page.entries).toHaveLength(2)
  })

  it('lists summaries without headers or bodies, with an event count; get() returns the whole entry', async () => {
    const s = await openLog(10)
    s.append(entry(6))
    const [summary] = s.page(q({})).entries
    expect(summary).not.toHaveProperty('requestHeaders')
    expect(summary).not.toHaveProperty('responseBody')
    expect(summary!.eventCount).toBe(1)
    expect(s.get(1)!.requestHeaders).toEqual({ 'content-type': 'application/scim+json' })
  })

  it('tells subscribers about each entry; a throwing subscriber does not stop the others', async () => {
    const s = await openLog(10)
    const seen: number[] = []
    s.subscribe(() => {
      throw new Error('closed stream')
    })
    const off = s.subscribe((e) => seen.push(e.seq))
    s.append(entry(1))
    off()
    s.append(entry(2))
    expect(seen).toEqual([1])
  })

  it('caps the capacity at 200,000', async () => {
    const s = await openLog(10_000_000)
    expect(s.capacity).toBe(MAX_LOG_CAPACITY)
  })
})

describe('request log: file', () => {
  it('reloads the newest `capacity` entries on open, and continues the seq', async () => {
    const s = await openLog(10)
    const made = Array.from({ length: 30 }, (_, i) => s.append(entry(i + 1)))
    await s.close()
    const again = await openLog(10)
    expect(again.size).toBe(10)
    expect(again.get(30)).toEqual(made[29])
    expect(again.get(21)).toEqual(made[20])
    expect(again.get(20)).toBeUndefined()
    expect(again.append(entry(31)).seq).toBe(31)
    expect(again.warnings).toEqual([])
  })

  it('keeps the file bounded: rewritten to the newest `capacity` lines once past twice that', async () => {
    const s = await openLog(10)
    for (let i = 1; i <= 95; i++) {
      s.append(entry(i))
      if (i % 3 === 0) await s.flushed()
    }
    await s.flushed()
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(10)
    expect(lines.length).toBeLessThanOrEqual(20)
    expect(JSON.parse(lines.at(-1)!).seq).toBe(95)
    // Still one valid entry per line, in order, after the rewrites.
    const fileSeqs = lines.map((l) => JSON.parse(l).seq as number)
    expect(fileSeqs).toEqual(fileSeqs.map((_, i) => 95 - lines.length + 1 + i))
  })

  it('skips a torn last line with a warning, and appends on a line of its own after it', async () => {
    const s = await openLog(10)
    for (let i = 1; i <= 3; i++) s.append(entry(i))
    await s.close()
    await appendFile(file, '{"seq":4,"time":"2026')
    const again = await openLog(10)
    expect(again.warnings.join()).toMatch(/torn last line/)
    expect(again.size).toBe(3)
    again.append(entry(4))
    await again.close()
    const third = await openLog(10)
    expect(third.warnings).toEqual([])
    expect(seqs(third)).toEqual([4, 3, 2, 1])
  })

  it('skips unreadable lines in the middle with a warning instead of refusing to start', async () => {
    await appendFile(file, JSON.stringify({ seq: 1, ...entry(1) }) + '\nnot json\n' + JSON.stringify({ seq: 2, ...entry(2) }) + '\n')
    const s = await openLog(10)
    expect(s.warnings.join()).toMatch(/skipped 1 unreadable line/)
    expect(seqs(s)).toEqual([2, 1])
  })

  it('clear empties memory and file; seqs keep rising across the clear and a restart; entries logged right after survive', async () => {
    const s = await openLog(10)
    for (let i = 1; i <= 5; i++) s.append(entry(i))
    const cleared = s.clear()
    s.append(entry(6))
    await cleared
    expect(seqs(s)).toEqual([6])
    expect(s.page(q({})).newestSeq).toBe(6)
    await s.close()
    const again = await openLog(10)
    expect(seqs(again)).toEqual([6])
    await again.clear()
    await again.close()
    const third = await openLog(10)
    expect(third.size).toBe(0)
    expect(third.append(entry(7)).seq).toBe(7)
  })
})

describe('request log: memory budget for bodies', () => {
  it('drops the body text of the oldest entries past the budget, keeping their metadata and events', async () => {
    const s = await RequestLogStore.open(file, { capacity: 100, bodyBudget: 1000 })
    stores.push(s)
    const body = (n: number) => ({ text: 'x'.repeat(n), truncated: false, size: n })
    for (let i = 1; i <= 10; i++) s.append(entry(i, { requestBody: body(150), responseBody: body(150) }))
    // 10 × 300 chars against a budget of 1,000: only the newest three keep their bodies.
    const kept = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((seq) => s.get(seq)!)
    expect(kept.map((e) => e.requestBody!.text.length)).toEqual([150, 150, 150, 0, 0, 0, 0, 0, 0, 0])
    expect(kept[9]!.requestBody).toEqual({ text: '', truncated: true, size: 150 })
    expect(kept[9]!.path).toBe('/scim/v2/acme-okta/Users/1')
    expect(s.size).toBe(10)
  })
})
