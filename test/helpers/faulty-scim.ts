import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

/**
 * A small in-memory SCIM 2.0 server for the simulator's tests, with defects that can be switched on one at a time:
 * each reproduces a mistake real servers make (idp-request-patterns.md). Without defects it is tolerant of what
 * Okta and Entra send (capitalised ops, "False" strings, path-less replace with dotted keys, the legacy member
 * remove), so the simulator's profiles pass against it and a defect is the only thing a test changes.
 */

export interface Defects {
  /** 404 with a SCIM Error to a filter that matches nothing (Entra quarantines such a server, b.1.1). */
  notFoundOnEmptyFilter?: boolean
  /** `Content-Type: application/json` instead of application/scim+json (the Entra validator aborts, b.1.14). */
  plainJson?: boolean
  /** 200 instead of 201 to a create. */
  createReturns200?: boolean
  /** `itemsPerPage` (and startIndex) as strings (b.2.7). */
  pagingAsStrings?: boolean
  /** The created resource comes back without `id`. */
  noIdOnCreate?: boolean
  /** 400 invalidPath to a PATCH operation without `path` (Okta's deactivation breaks, b.2.5). */
  rejectPathlessReplace?: boolean
  /** The first `count` requests answer 429 with this Retry-After. */
  tooManyRequests?: { count: number; retryAfter: string }
  /** 201 with an empty body to a create (Okta: "Create new user returned empty user", b.2.3). */
  emptyCreateBody?: boolean
  /** Accepts the connection and never answers. */
  hang?: boolean
  /** An HTML page with 200 to everything. */
  nonJson?: boolean
}

export interface SeenRequest {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface FaultyScim {
  /** `http://127.0.0.1:<port>/scim/v2` */
  baseUrl: string
  token: string
  defects: Defects
  requests: SeenRequest[]
  users: Map<string, Resource>
  groups: Map<string, Resource>
  close(): Promise<void>
}

interface Resource {
  id: string
  data: Record<string, unknown>
  created: string
  version: number
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | undefined,
    message: string,
  ) {
    super(message)
  }
}

/** Reads an attribute case-insensitively (RFC 7643 §2.1), dotted for sub-attributes. */
function getAttr(data: Obj, path: string): unknown {
  let cur: unknown = data
  for (const part of path.split('.')) {
    if (!isObj(cur)) return undefined
    const k = Object.keys(cur).find((x) => x.toLowerCase() === part.toLowerCase())
    cur = k === undefined ? undefined : cur[k]
  }
  return cur
}

function setAttr(data: Obj, path: string, value: unknown): void {
  const parts = path.split('.')
  let cur = data
  for (const [i, part] of parts.entries()) {
    const k = Object.keys(cur).find((x) => x.toLowerCase() === part.toLowerCase()) ?? part
    if (i === parts.length - 1) cur[k] = value
    else {
      if (!isObj(cur[k])) cur[k] = {}
      cur = cur[k] as Obj
    }
  }
}

function deleteAttr(data: Obj, path: string): void {
  const parts = path.split('.')
  let cur: unknown = data
  for (const [i, part] of parts.entries()) {
    if (!isObj(cur)) return
    const k = Object.keys(cur).find((x) => x.toLowerCase() === part.toLowerCase())
    if (k === undefined) return
    if (i === parts.length - 1) delete cur[k]
    else cur = cur[k]
  }
}

/** `urn:…:enterprise:2.0:User:employeeNumber` → the extension object and attribute. */
function splitUrn(path: string): { container: string; attr: string } | null {
  if (!/^urn:/i.test(path)) return null
  const i = path.lastIndexOf(':')
  return { container: path.slice(0, i), attr: path.slice(i + 1) }
}

const truthy = (v: unknown) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v)

function assign(data: Obj, path: string, value: unknown): void {
  const urn = splitUrn(path)
  if (urn) {
    if (!isObj(data[urn.container])) data[urn.container] = {}
    setAttr(data[urn.container] as Obj, urn.attr, value)
  } else setAttr(data, path, path.toLowerCase() === 'active' ? truthy(value) : value)
}

function memberValues(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).flatMap((m) => (isObj(m) && typeof m.value === 'string' ? [m.value] : []))
}

/** Tolerant PATCH (what Entra and Okta send, b.1.5–b.1.11, b.2.5, b.2.8). */
function applyPatch(data: Obj, body: unknown, defects: Defects): void {
  const ops = isObj(body) && Array.isArray(body.Operations) ? body.Operations : null
  if (!ops) throw new HttpError(400, 'invalidSyntax', 'Operations is required')
  for (const raw of ops) {
    if (!isObj(raw)) throw new HttpError(400, 'invalidSyntax', 'an operation is not an object')
    const op = String(raw.op ?? '').toLowerCase()
    const path = typeof raw.path === 'string' ? raw.path : undefined
    const value = raw.value
    if (path === undefined) {
      if (defects.rejectPathlessReplace) throw new HttpError(400, 'invalidPath', 'path is required for every PATCH operation')
      if (!isObj(value)) throw new HttpError(400, 'invalidValue', 'a path-less operation needs an object value')
      for (const [k, v] of Object.entries(value)) {
        if (k === 'id') continue
        if (k.toLowerCase() === 'members') data.members = Array.isArray(v) ? v : []
        else if (isObj(v) && !splitUrn(k) && isObj(getAttr(data, k))) Object.assign(getAttr(data, k) as Obj, v)
        else assign(data, k, v)
      }
      continue
    }
    const memberFilter = /^members\[value eq "([^"]*)"\]$/i.exec(path)
    if (memberFilter) {
      if (op !== 'remove') throw new HttpError(400, 'invalidPath', `unsupported ${op} on ${path}`)
      data.members = (Array.isArray(data.members) ? data.members : []).filter((m) => !(isObj(m) && m.value === memberFilter[1]))
      continue
    }
    if (path.toLowerCase() === 'members') {
      const current = Array.isArray(data.members) ? (data.members as Obj[]) : []
      if (op === 'add') {
        const have = new Set(memberValues(current))
        data.members = [...current, ...(Array.isArray(value) ? value : []).filter((m) => isObj(m) && !have.has(String(m.value)))]
      } else if (op === 'replace') data.members = Array.isArray(value) ? value : []
      else if (op === 'remove') {
        // Entra's legacy shape lists the members to remove; without a value, all go (RFC 7644 §3.5.2.2).
        const gone = new Set(memberValues(value))
        data.members = value === undefined ? [] : current.filter((m) => !gone.has(String(m.value)))
      }
      continue
    }
    const typed = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/i.exec(path)
    if (typed) {
      // Entra replaces emails[type eq "work"].value even when there is no such entry yet (b.1.8).
      const [, attr, type, sub] = typed
      const list = (Array.isArray(getAttr(data, attr!)) ? getAttr(data, attr!) : []) as Obj[]
      let entry = list.find((e) => isObj(e) && e.type === type)
      if (!entry) list.push((entry = { type }))
      if (op === 'remove') list.splice(list.indexOf(entry), 1)
      else entry[sub!] = value
      setAttr(data, attr!, list)
      continue
    }
    if (op === 'remove') {
      const urn = splitUrn(path)
      if (urn && isObj(data[urn.container])) deleteAttr(data[urn.container] as Obj, urn.attr)
      else deleteAttr(data, path)
    } else if (op === 'add' || op === 'replace') assign(data, path, value)
    else throw new HttpError(400, 'invalidSyntax', `unknown op ${String(raw.op)}`)
  }
}

/** `attr eq "v"` joined by `and`; values compare case-insensitively (userName, displayName are caseExact false). */
function matches(r: Resource, filter: string): boolean {
  return filter.split(/\s+and\s+/i).every((clause) => {
    const m = /^\s*([\w.:\[\]" ]+?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(clause)
    if (!m) throw new HttpError(400, 'invalidFilter', `unsupported filter ${clause}`)
    const attr = m[1]!
    const want = JSON.parse(`"${m[2]}"`) as string
    const typed = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/i.exec(attr)
    let got: unknown
    if (attr.toLowerCase() === 'id') got = r.id
    else if (typed) got = ((getAttr(r.data, typed[1]!) as Obj[] | undefined) ?? []).find((e) => isObj(e) && e.type === typed[2])?.[typed[3]!]
    else got = getAttr(r.data, attr)
    return typeof got === 'string' && got.toLowerCase() === want.toLowerCase()
  })
}

export async function startFaultyScim(defects: Defects = {}, token = 'tok-faulty'): Promise<FaultyScim> {
  const users = new Map<string, Resource>()
  const groups = new Map<string, Resource>()
  const requests: SeenRequest[] = []
  const state = { defects, served: 0 }
  let origin = ''

  const render = (kind: 'Users' | 'Groups', r: Resource, excluded: string[] = []): Obj => {
    const out: Obj = { schemas: [kind === 'Users' ? USER : GROUP], id: r.id, ...r.data }
    for (const e of excluded) delete out[Object.keys(out).find((k) => k.toLowerCase() === e.toLowerCase()) ?? e]
    out.meta = { resourceType: kind === 'Users' ? 'User' : 'Group', created: r.created, lastModified: r.created, location: `${origin}/scim/v2/${kind}/${r.id}`, version: `W/"${r.version}"` }
    return out
  }

  const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const d = state.defects
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      const text = json === undefined ? '' : JSON.stringify(json)
      res.writeHead(status, { ...(text ? { 'Content-Type': d.plainJson ? 'application/json' : 'application/scim+json' } : {}), ...headers })
      res.end(text)
    }
    const fail = (status: number, detail: string, scimType?: string) => send(status, { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail })

    if (d.hang) return // never answers; close() ends the socket
    if (d.tooManyRequests && state.served++ < d.tooManyRequests.count) return send(429, { schemas: [ERROR], status: '429', detail: 'slow down' }, { 'Retry-After': d.tooManyRequests.retryAfter })
    if (d.nonJson) {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      return res.end('<html><body>Welcome to nginx!</body></html>')
    }
    if (req.headers.authorization !== `Bearer ${token}`) return fail(401, 'bad token')

    const url = new URL(req.url ?? '/', 'http://x')
    const m = /^\/scim\/v2\/(Users|Groups)(?:\/([^/]+))?$/.exec(url.pathname)
    if (url.pathname === '/scim/v2/ServiceProviderConfig') {
      return send(200, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'], patch: { supported: true }, bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 }, filter: { supported: true, maxResults: 200 }, changePassword: { supported: false }, sort: { supported: false }, etag: { supported: false }, authenticationSchemes: [] })
    }
    // Discovery, just enough for Entra's schema read (b.1.13) and a strict client's Test Connection.
    if (url.pathname === '/scim/v2/Schemas') return send(200, { schemas: [LIST], totalResults: 2, itemsPerPage: 2, startIndex: 1, Resources: [{ id: USER, name: 'User', attributes: [] }, { id: GROUP, name: 'Group', attributes: [] }] })
    if (url.pathname === '/scim/v2/ResourceTypes') {
      const types = [
        { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER },
        { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP },
      ]
      return send(200, { schemas: [LIST], totalResults: 2, itemsPerPage: 2, startIndex: 1, Resources: types })
    }
    if (!m) return fail(404, `nothing at ${url.pathname}`)
    const kind = m[1] as 'Users' | 'Groups'
    const id = m[2] ? decodeURIComponent(m[2]) : undefined
    const store = kind === 'Users' ? users : groups
    const excluded = (url.searchParams.get('excludedAttributes') ?? '').split(',').filter(Boolean)
    let json: unknown
    try {
      json = body ? JSON.parse(body) : undefined
    } catch {
      return fail(400, 'the body is not JSON', 'invalidSyntax')
    }
    const unique = kind === 'Users' ? 'userName' : 'displayName'
    const clash = (data: Obj, self?: string) =>
      [...store.values()].some((r) => r.id !== self && String(getAttr(r.data, unique) ?? '').toLowerCase() === String(getAttr(data, unique) ?? '').toLowerCase())

    if (!id && req.method === 'GET') {
      const filter = url.searchParams.get('filter')
      const all = [...store.values()].filter((r) => !filter || matches(r, filter))
      if (filter && all.length === 0 && d.notFoundOnEmptyFilter) return fail(404, 'no such user')
      const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1) || 1)
      const count = Math.max(0, Number(url.searchParams.get('count') ?? 100))
      const page = all.slice(startIndex - 1, startIndex - 1 + count).map((r) => render(kind, r, excluded))
      const num = (n: number) => (d.pagingAsStrings ? String(n) : n)
      return send(200, { schemas: [LIST], totalResults: all.length, itemsPerPage: num(page.length), startIndex: num(startIndex), Resources: page })
    }
    if (!id && req.method === 'POST') {
      if (!isObj(json)) return fail(400, 'a resource object is required', 'invalidSyntax')
      const { schemas: _s, id: _i, meta: _m, ...data } = json
      if (typeof data[unique] !== 'string') return fail(400, `${unique} is required`, 'invalidValue')
      if (clash(data)) return fail(409, `${unique} ${String(data[unique])} exists`, 'uniqueness')
      if (kind === 'Users' && data.active !== undefined) data.active = truthy(data.active)
      const r: Resource = { id: randomUUID(), data, created: new Date().toISOString(), version: 1 }
      store.set(r.id, r)
      const out = render(kind, r)
      if (d.noIdOnCreate) delete out.id
      const status = d.createReturns200 ? 200 : 201
      if (d.emptyCreateBody) return send(status, undefined, { Location: `${origin}/scim/v2/${kind}/${r.id}` })
      return send(status, out, { Location: `${origin}/scim/v2/${kind}/${r.id}` })
    }
    const r = id ? store.get(id) : undefined
    if (!r) return fail(404, `${kind} ${id ?? ''} not found`)
    if (req.method === 'GET') return send(200, render(kind, r, excluded))
    if (req.method === 'DELETE') {
      store.delete(r.id)
      for (const g of groups.values()) if (Array.isArray(g.data.members)) g.data.members = g.data.members.filter((x) => !(isObj(x) && x.value === r.id))
      return send(204)
    }
    if (req.method === 'PUT') {
      if (!isObj(json)) return fail(400, 'a resource object is required', 'invalidSyntax')
      const { schemas: _s, id: _i, meta: _m, ...data } = json
      if (clash(data, r.id)) return fail(409, `${unique} exists`, 'uniqueness')
      if (kind === 'Users' && data.active !== undefined) data.active = truthy(data.active)
      r.data = data
      r.version++
      return send(200, render(kind, r))
    }
    if (req.method === 'PATCH') {
      const copy = structuredClone(r.data)
      applyPatch(copy, json, d)
      r.data = copy
      r.version++
      return kind === 'Groups' ? send(204) : send(200, render(kind, r))
    }
    return fail(405, `${req.method} is not supported here`)
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body })
      try {
        handle(req, body, res)
      } catch (e) {
        const status = e instanceof HttpError ? e.status : 500
        res.writeHead(status, { 'Content-Type': 'application/scim+json' })
        res.end(JSON.stringify({ schemas: [ERROR], status: String(status), ...(e instanceof HttpError && e.scimType ? { scimType: e.scimType } : {}), detail: (e as Error).message }))
      }
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl: `${origin}/scim/v2`,
    token,
    get defects() {
      return state.defects
    },
    set defects(v: Defects) {
      state.defects = v
      state.served = 0
    },
    requests,
    users,
    groups,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      }),
  }
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<string> {
  const s = createServer()
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((ok) => s.close(() => ok()))
  return `http://127.0.0.1:${port}/scim/v2`
}

/**
 * A self-signed certificate for 127.0.0.1 (made once with openssl, valid until 2126) and its key: test material
 * only, for a server a client must refuse to trust.
 */
const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOozBCeUR7DUFVfjk
gucZr7wh2tXqkMnhJT5jqfzynOqhRANCAAQYaz3mlwNY5PqQd6409T/gzmXz2b60
OR+0u5SfNTfENLfzuks87SPpwgxdaYFZA4Qb4bw7+IlWCkSp1FMbuz2J
-----END PRIVATE KEY-----
`
const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUT2X9A2Jog4Ylhwb8Gt4bW0mcxj0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwNDE5MzA0MloYDzIxMjYxMTEw
MTkzMDQyWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQYaz3mlwNY5PqQd6409T/gzmXz2b60OR+0u5SfNTfENLfzuks87SPp
wgxdaYFZA4Qb4bw7+IlWCkSp1FMbuz2Jo1MwUTAdBgNVHQ4EFgQUBEQyd0QI+xGo
63vPLm845OEksUgwHwYDVR0jBBgwFoAUBEQyd0QI+xGo63vPLm845OEksUgwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAlUboD8l5kiAdGBVJMkUAc
4yYEVcZlm3EyCVHAXqow0gIgbrBDV7Rb/SuFaQOqEsmR0hLc32Wz7Uxf3dBtvcx2
Nbk=
-----END CERTIFICATE-----
`

/** An HTTPS server with a self-signed certificate on 127.0.0.1 (answers 200 to anything, once trusted). */
export async function startSelfSignedTls(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = createHttpsServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/scim+json' })
    res.end('{}')
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return {
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      }),
  }
}
