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

/** A real sandbox on 127.0.0.1, port 0, with its workspace in a temp folder. */
export async function startTestSandbox(opts: Partial<SandboxOptions> & { mutateSeed?: (seed: any) => void } = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-sandbox-test-'))
  const seed = opts.seed ?? (await exampleSeed(opts.mutateSeed))
  const sb = await startSandbox({ port: 0, dataFile: join(dir, 'ws.json'), ...opts, seed })
  return {
    sb,
    dir,
    async req(method, path, o = {}) {
      const headers: Record<string, string> = { Accept: SCIM_JSON, ...o.headers }
      const token = o.token === undefined ? 'tok-acme-okta' : o.token
      if (token !== null) headers.Authorization = `Bearer ${token}`
      let body: string | undefined
      if (o.raw !== undefined) body = o.raw
      else if (o.body !== undefined) body = JSON.stringify(o.body)
      if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = SCIM_JSON
      const url = path.startsWith('http') ? path : `${sb.origin}${path}`
      const res = await fetch(url, { method, headers, body })
      const text = await res.text()
      let parsed: any = undefined
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        parsed = undefined
      }
      return { status: res.status, headers: res.headers, body: parsed, text }
    },
    async control(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers }
      const secret = o.secret === undefined ? sb.adminSecret : o.secret
      if (secret !== null) headers['X-Sandbox-Secret'] = secret
      const body = o.raw !== undefined ? o.raw : o.body !== undefined ? JSON.stringify(o.body) : undefined
      if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json'
      const res = await fetch(`${sb.localOrigin}/_sandbox/api${path}`, { method, headers, body })
      const text = await res.text()
      let parsed: any = undefined
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        parsed = undefined
      }
      return { status: res.status, headers: res.headers, body: parsed, text }
    },
    snapshot: () => JSON.stringify(sb.store.toDoc(0)),
    async close() {
      await sb.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
