// npm run bench: the real server (as a child process, so its RSS is its own) on a temp workspace, loaded by 32
// concurrent clients from this process. Prints figures; asserts nothing (speed goals live here, not in tests).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { Agent, request as httpRequest } from 'node:http'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
// @ts-expect-error plain JavaScript module shared with the launch scripts
import { heapFlags } from '../bin/launch.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const CONCURRENCY = 32
const TARGET_SMALL = Number(process.env.BENCH_USERS_SMALL ?? 10_000)
const TARGET_LARGE = Number(process.env.BENCH_USERS_LARGE ?? 100_000)
const TOKEN = 'tok-acme-okta'
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

interface Result {
  name: string
  ops: number
  seconds: number
  p50: number
  p99: number
  errors: number
  /** Server-side time per request (arrival to last byte written, from the sandbox's own request log). */
  server?: { p50: number; p99: number }
}

// node:http with keep-alive is a far lighter client than fetch, so the two cores go to the server, not the client.
const agent = new Agent({ keepAlive: true, maxSockets: 64 })
function send(url: string, init: RequestInit): Promise<number> {
  return new Promise((ok, fail) => {
    const body = typeof init.body === 'string' ? init.body : undefined
    const headers = { ...(init.headers as Record<string, string>), ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) }
    const req = httpRequest(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      res.on('data', () => {})
      res.on('end', () => ok(res.statusCode ?? 0))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(body)
  })
}
const results: Result[] = []

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Runs `count` requests made by `make(i)` with CONCURRENCY clients; latency per request in ms. */
async function load(name: string, count: number, make: (i: number) => { url: string; init: RequestInit; ok?: (s: number) => boolean }): Promise<Result> {
  const lat: number[] = []
  let next = 0
  let errors = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++
        if (i >= count) return
        const { url, init, ok } = make(i)
        const s = performance.now()
        try {
          const status = await send(url, init)
          if (!(ok ? ok(status) : status < 300)) errors++
        } catch {
          errors++
        }
        lat.push(performance.now() - s)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  lat.sort((a, b) => a - b)
  const r = { name, ops: count, seconds, p50: percentile(lat, 50), p99: percentile(lat, 99), errors }
  results.push(r)
  console.error(`  ${name}: ${(count / seconds).toFixed(0)} ops/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${errors}`)
  return r
}

function spawnServer(args: string[], env: Record<string, string> = {}): Promise<{ proc: ChildProcess; out: () => string }> {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    proc.stdout!.on('data', (d) => {
      out += d
      if (/LISTENING \d+|UI\s+http/.test(out)) ok({ proc, out: () => out })
    })
    proc.stderr!.on('data', (d) => process.stderr.write(d))
    proc.on('exit', (c) => fail(new Error(`server exited ${c}: ${out}`)))
  })
}

/** Server-side latency of the newest `n` logged requests (control-API reads are not logged, so these are the phase's). */
async function serverLatency(origin: string, secret: string, n: number): Promise<{ p50: number; p99: number }> {
  const durs: number[] = []
  let before: number | undefined
  while (durs.length < n) {
    const page = (await (await fetch(`${origin}/_sandbox/api/log?limit=1000${before ? `&before=${before}` : ''}`, { headers: { 'X-Sandbox-Secret': secret } })).json()) as { entries: { seq: number; durationMs: number }[] }
    if (!page.entries.length) break
    for (const e of page.entries) if (durs.length < n) durs.push(e.durationMs)
    before = page.entries[page.entries.length - 1]!.seq
  }
  durs.sort((a, b) => a - b)
  return { p50: percentile(durs, 50), p99: percentile(durs, 99) }
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const m = /VmHWM:\s+(\d+) kB/.exec(status)
  return m ? Number(m[1]) * 1024 : NaN
}

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' },
  body: body === undefined ? undefined : JSON.stringify(body),
})

const newUser = (i: number) => ({
  schemas: [USER_SCHEMA],
  userName: `user${i}@bench.test`,
  externalId: `ext-${i}`,
  name: { givenName: `Given${i}`, familyName: `Family${i}` },
  displayName: `User ${i}`,
  emails: [{ value: `user${i}@bench.test`, type: 'work', primary: true }],
  active: true,
})

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'scim-bench-'))
  const dataFile = join(dir, 'bench.json')
  console.error(`SCIM Sandbox benchmark — ${CONCURRENCY} concurrent clients, workspace in ${dir}`)

  // 1. The ceiling.
  const ceiling = await spawnServer([join(ROOT, 'bench/ceiling-server.mjs')])
  const cport = /LISTENING (\d+)/.exec(ceiling.out())![1]
  await load('warm-up', 2000, (i) => ({ url: `http://127.0.0.1:${cport}/hello`, init: { ...json('POST', newUser(i)), headers: { Authorization: 'Bearer tok-bench', 'Content-Type': 'application/scim+json' } } }))
  results.pop()
  const ceil = await load('Express hello-JSON ceiling (POST)', 20_000, (i) => ({ url: `http://127.0.0.1:${cport}/hello`, init: { ...json('POST', newUser(i)), headers: { Authorization: 'Bearer tok-bench', 'Content-Type': 'application/scim+json' } } }))
  ceiling.proc.kill('SIGTERM')
  const ceilingOps = ceil.ops / ceil.seconds

  // 2. The sandbox.
  // The sandbox as `npm run serve` runs it: the built server under plain Node.
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('build failed')
  const server = await spawnServer([...heapFlags(), join(ROOT, 'out/main/headless.js'), '--port', '0', '--data', dataFile, '--seed', join(ROOT, 'examples/acme.seed.json'), '--log-capacity', '20000'])
  const ui = /UI\s+(http:\/\/127\.0\.0\.1:(\d+))\/\?secret=(\S+)/.exec(server.out())!
  const origin = ui[1]!
  const secret = ui[3]!
  const base = `${origin}/scim/v2/acme-okta`
  const created: string[] = []
  const createOk = (s: number) => s === 201
  const mkCreate = (offset: number) => (i: number) => ({ url: `${base}/Users`, init: json('POST', newUser(offset + i)), ok: createOk })

  const create10k = await load(`POST /Users 0 → ${TARGET_SMALL}`, TARGET_SMALL, mkCreate(0))
  create10k.server = await serverLatency(origin, secret, Math.min(create10k.ops, 20_000))
  const eqSmall = await load(`filter userName eq at ${TARGET_SMALL}`, 5000, (i) => ({ url: `${base}/Users?filter=${encodeURIComponent(`userName eq "user${(i * 7919) % TARGET_SMALL}@bench.test"`)}`, init: json('GET') }))
  eqSmall.server = await serverLatency(origin, secret, Math.min(eqSmall.ops, 20_000))
  const listSmall = await load(`paged list count=100 at ${TARGET_SMALL}`, 1000, (i) => ({ url: `${base}/Users?startIndex=${((i * 7919) % (TARGET_SMALL / 100)) * 100 + 1}&count=100`, init: json('GET') }))
  listSmall.server = await serverLatency(origin, secret, Math.min(listSmall.ops, 20_000))
  const create100k = await load(`POST /Users ${TARGET_SMALL} → ${TARGET_LARGE}`, TARGET_LARGE - TARGET_SMALL, mkCreate(TARGET_SMALL))
  create100k.server = await serverLatency(origin, secret, Math.min(create100k.ops, 20_000))
  const eqLarge = await load(`filter userName eq at ${TARGET_LARGE}`, 5000, (i) => ({ url: `${base}/Users?filter=${encodeURIComponent(`userName eq "user${(i * 104729) % TARGET_LARGE}@bench.test"`)}`, init: json('GET') }))
  eqLarge.server = await serverLatency(origin, secret, Math.min(eqLarge.ops, 20_000))
  const listLarge = await load(`paged list count=100 at ${TARGET_LARGE}`, 1000, (i) => ({ url: `${base}/Users?startIndex=${((i * 7919) % (TARGET_LARGE / 100)) * 100 + 1}&count=100`, init: json('GET') }))
  listLarge.server = await serverLatency(origin, secret, Math.min(listLarge.ops, 20_000))

  // ids for PATCH / members / DELETE, fetched by filter so the bench uses the server's own ids.
  const idOf = async (i: number) => {
    const r = await fetch(`${base}/Users?filter=${encodeURIComponent(`userName eq "user${i}@bench.test"`)}&attributes=id`, json('GET'))
    return ((await r.json()) as { Resources: { id: string }[] }).Resources[0]!.id
  }
  for (let i = 0; i < 3000; i++) created.push(await idOf(i))
  const patch = await load('PATCH deactivate', 2000, (i) => ({ url: `${base}/Users/${created[i]}`, init: json('PATCH', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }) }))
  patch.server = await serverLatency(origin, secret, Math.min(patch.ops, 20_000))

  const g = await fetch(`${base}/Groups`, json('POST', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Bench Group', members: [] }))
  const groupId = ((await g.json()) as { id: string }).id
  const members = await load('PATCH add 1 member ×1,000 (one group)', 1000, (i) => ({ url: `${base}/Groups/${groupId}`, init: json('PATCH', { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: created[2000 + (i % 1000)] }] }] }) }))
  members.server = await serverLatency(origin, secret, Math.min(members.ops, 20_000))
  const gr = await fetch(`${base}/Groups/${groupId}`, json('GET'))
  const memberCount = ((await gr.json()) as { members: unknown[] }).members.length

  const del = await load('DELETE /Users', 1000, (i) => ({ url: `${base}/Users/${created[i]}`, init: json('DELETE'), ok: (s) => s === 204 }))
  del.server = await serverLatency(origin, secret, Math.min(del.ops, 20_000))

  const info = (await (await fetch(`${origin}/_sandbox/api/info`, { headers: { 'X-Sandbox-Secret': secret } })).json()) as { storage: { flushes: number; records: number; maxRecordsPerFlush: number; compactions: number } }
  const rss = await peakRss(server.proc.pid!)
  server.proc.kill('SIGTERM')
  await new Promise((r) => server.proc.once('exit', r))
  const size = (await stat(dataFile)).size

  // 3. Workspace load at the large size: the built server started on it, from process start to its banner
  // (snapshot read and validated, journal replayed, indexes built, request log reloaded, listening).
  const t0 = performance.now()
  const reopened = await spawnServer([...heapFlags(), join(ROOT, 'out/main/headless.js'), '--port', '0', '--data', dataFile])
  const loadSeconds = (performance.now() - t0) / 1000
  const re = /UI\s+(http:\/\/127\.0\.0\.1:\d+)\/\?secret=(\S+)/.exec(reopened.out())!
  const counts = ((await (await fetch(`${re[1]}/_sandbox/api/info`, { headers: { 'X-Sandbox-Secret': re[2]! } })).json()) as { counts: Record<string, number> }).counts
  const users = counts.scimUsers
  reopened.proc.kill('SIGTERM')
  await new Promise((r) => reopened.proc.once('exit', r))

  const ratio = (r: Result) => (r.ops / r.seconds / ceilingOps).toFixed(2)
  const srv = (r: Result) => (r.server ? `${r.server.p50.toFixed(2)} | ${r.server.p99.toFixed(2)}` : '– | –')
  const rows = results.map((r) => `| ${r.name} | ${(r.ops / r.seconds).toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${srv(r)} | ${ratio(r)} | ${r.errors} |`)
  console.log(`\n## SCIM Sandbox benchmark (${new Date().toISOString()}, ${CONCURRENCY} concurrent clients, Node ${process.version}, server heap flags: ${heapFlags().join(' ') || 'default'})\n`)
  console.log('Client latency is what one of 32 concurrent clients waits (queueing included); server latency is arrival to last byte in the server (from its request log).\n')
  console.log('| measurement | ops/s | client p50 ms | client p99 ms | server p50 ms | server p99 ms | × ceiling | errors |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  console.log(rows.join('\n'))
  console.log(`
- create ratio: ${ratio(create10k)} × ceiling up to ${TARGET_SMALL} users (target ≥ 0.4), ${ratio(create100k)} × on the way to ${TARGET_LARGE} (target ≥ 0.4); every 201 was sent after its journal record was fdatasync'ed
- userName eq at ${TARGET_LARGE}: server p50 ${eqLarge.server!.p50.toFixed(2)} ms (target ≤ 5), p99 ${eqLarge.server!.p99.toFixed(2)} ms (target ≤ 50); client under 32-way load p50 ${eqLarge.p50.toFixed(2)} ms, p99 ${eqLarge.p99.toFixed(2)} ms
- paged list at ${TARGET_LARGE}: server p99 ${listLarge.server!.p99.toFixed(2)} ms, client p99 ${listLarge.p99.toFixed(2)} ms (target ≤ 150); at ${TARGET_SMALL}: client p99 ${listSmall.p99.toFixed(2)} ms
- group of 1,000 members added by 1,000 concurrent PATCHes: ${memberCount} members (${memberCount === 1000 ? 'none lost' : `${1000 - memberCount} LOST`}), ${(members.ops / members.seconds).toFixed(0)} ops/s
- PATCH deactivate ${(patch.ops / patch.seconds).toFixed(0)} ops/s, DELETE ${(del.ops / del.seconds).toFixed(0)} ops/s
- peak RSS of the server: ${(rss / 1048576).toFixed(0)} MB (target ≤ 512)
- workspace file: ${(size / 1048576).toFixed(1)} MB; ${info.storage.records} journal records in ${info.storage.flushes} flushes (${(info.storage.records / Math.max(1, info.storage.flushes)).toFixed(1)} writes per flush, max ${info.storage.maxRecordsPerFlush}); ${info.storage.compactions} compactions off the event loop
- workspace load at ${users} users: ${loadSeconds.toFixed(2)} s from process start to banner (target ≤ 2)`)
  await rm(dir, { recursive: true, force: true })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
