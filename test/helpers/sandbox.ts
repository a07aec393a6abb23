import { expect } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseSeed } from '../../src-main/server/seed'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/server/sandbox'

export const ROOT = resolve(__dirname, '../..')
export const SCIM_JSON = 'application/scim+json'
/** tsx's loader by absolute URL, so child processes started from a temp folder still find it. */
export const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href

export async function exampleSeed(mutate?: (seed: any) => void) {
  const json = JSON.parse(await readFile(join(ROOT, 'examples/acme.seed.json'), 'utf8'))
  mutate?.(json)
  return parseSeed(json)
}

export interface TestSandbox {
  sb: Sandbox
  dir: string
  /** SCIM request with the Okta config's token unless told otherwise. */
  req(method: string, path: string, opts?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<TestResponse>
  /** Control-API request (`/_sandbox/api` + path) with the admin secret unless `secret` is null; `body` is sent as JSON. */
  control(method: string, path: string, opts?: { body?: unknown; raw?: string; secret?: string | null; headers?: Record<string, string> }): Promise<TestResponse>
  /** Resource-API request (`/api/...`) with the owner's `ApiKey` unless `key` is null; `body` is sent as JSON. */
  api(method: string, path: string, opts?: { body?: unknown; raw?: string; key?: string | null; headers?: Record<string, string> }): Promise<TestResponse>
  /**
   * IAM SCIM request: `/iam/scim/v2/` + path (e.g. `tenant-1/Actions`), with `token` as the bearer (no Authorization
   * when null); `body` is sent as JSON (Content-Type application/json, as the reference documents).
   */
  iam(method: string, path: string, opts: { token: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<TestResponse>
  /** A control-API request that must fail with `status` and an `{error}` body, leaving the workspace as it was. */
  controlRefused(status: number, method: string, path: string, body?: unknown): Promise<{ error: string; issues?: { path: (string | number)[]; message: string }[] }>
  /** The whole workspace, to prove a bad request changed nothing. */
  snapshot(): string
  close(): Promise<void>
}

export interface TestResponse {
  status: number
  headers: Headers
  body: any
  text: string
}

/** One request: `raw` as is, else `body` as JSON (with `contentType` unless a Content-Type is given); the answer parsed when JSON. */
async function send(method: string, url: string, o: { body?: unknown; raw?: string; headers: Record<string, string> }, contentType: string): Promise<TestResponse> {
  const headers = { ...o.headers }
  const body = o.raw !== undefined ? o.raw : o.body !== undefined ? JSON.stringify(o.body) : undefined
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = contentType
  const res = await fetch(url, { method, headers, body })
  const text = await res.text()
  let parsed: any = undefined
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  return { status: res.status, headers: res.headers, body: parsed, text }
}

/** A real sandbox on 127.0.0.1, port 0, with its workspace in a temp folder. */
export async function startTestSandbox(opts: Partial<SandboxOptions> & { mutateSeed?: (seed: any) => void } = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-sandbox-test-'))
  const seed = opts.seed ?? (await exampleSeed(opts.mutateSeed))
  const sb = await startSandbox({ port: 0, dataFile: join(dir, 'ws.json'), ...opts, seed })
  const self: TestSandbox = {
    sb,
    dir,
    req(method, path, o = {}) {
      const token = o.token === undefined ? 'tok-acme-okta' : o.token
      const auth: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` }
      return send(method, path.startsWith('http') ? path : `${sb.origin}${path}`, { ...o, headers: { Accept: SCIM_JSON, ...auth, ...o.headers } }, SCIM_JSON)
    },
    control(method, path, o = {}) {
      const secret = o.secret === undefined ? sb.adminSecret : o.secret
      return send(method, `${sb.localOrigin}/_sandbox/api${path}`, { ...o, headers: { ...(secret === null ? {} : { 'X-Sandbox-Secret': secret }), ...o.headers } }, 'application/json')
    },
    api(method, path, o = {}) {
      const key = o.key === undefined ? 'key-owner' : o.key
      return send(method, `${sb.localOrigin}${path}`, { ...o, headers: { ...(key === null ? {} : { ApiKey: key }), ...o.headers } }, 'application/json')
    },
    iam(method, path, o) {
      const auth: Record<string, string> = o.token === null ? {} : { Authorization: `Bearer ${o.token}` }
      return send(method, `${sb.origin}/iam/scim/v2/${path.replace(/^\//, '')}`, { ...o, headers: { Accept: SCIM_JSON, ...auth, ...o.headers } }, 'application/json')
    },
    async controlRefused(status, method, path, body) {
      const before = self.snapshot()
      const r = await self.control(method, path, { body })
      expect(r.status, `${method} ${path} → ${r.text}`).toBe(status)
      expect(typeof r.body.error).toBe('string')
      expect(self.snapshot()).toBe(before)
      return r.body
    },
    snapshot: () => JSON.stringify(sb.store.toDoc(0)),
    async close() {
      await sb.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
  return self
}
