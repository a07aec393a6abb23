import type { DomainEvent } from '@shared/events'
import type { ChangeOp } from '@shared/workspace'
import { badRequest, ScimError } from '../errors'
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA, ERROR_SCHEMA } from '../schema/definitions'
import type { MemoryStore, Tx } from '../store/memory-store'
import type { ScimApi } from './api'
import { etagOf, type ScimContext } from './context'
import { BULK_MAX_OPERATIONS } from './discovery'
import { createGroup, deleteGroup, patchGroup, replaceGroup } from './groups'
import { createUser, deleteUser, patchUser, replaceUser } from './users'

interface BulkOp {
  method: string
  path: string
  bulkId?: string
  version?: string
  data?: unknown
}

const BULK_REF = /^bulkId:(.+)$/

/** Every `bulkId:x` string in a value (RFC 7644 §3.7.2), so an operation can wait for the one that creates x. */
function refsIn(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof v === 'string') {
    const m = BULK_REF.exec(v)
    if (m) out.add(m[1]!)
  } else if (Array.isArray(v)) v.forEach((x) => refsIn(x, out))
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => refsIn(x, out))
  return out
}

function resolveRefs(v: unknown, ids: Map<string, string>): unknown {
  if (typeof v === 'string') {
    const m = BULK_REF.exec(v)
    return m && ids.has(m[1]!) ? ids.get(m[1]!) : v
  }
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, ids))
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, ids)]))
  return v
}

function parseOps(body: unknown, ctx: ScimContext): { ops: BulkOp[]; failOnErrors: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('invalidSyntax', 'a BulkRequest body is required')
  const b = body as Record<string, unknown>
  if (ctx.config.compatibility === 'strict' && !(Array.isArray(b.schemas) && b.schemas.includes(BULK_REQUEST_SCHEMA))) {
    throw badRequest('invalidSyntax', `a BulkRequest must list the schema ${BULK_REQUEST_SCHEMA}`)
  }
  if (!Array.isArray(b.Operations)) throw badRequest('invalidSyntax', 'a BulkRequest needs an "Operations" array')
  if (b.Operations.length > BULK_MAX_OPERATIONS) {
    throw new ScimError(413, `a BulkRequest may carry at most ${BULK_MAX_OPERATIONS} operations, got ${b.Operations.length}`)
  }
  let failOnErrors = Number.POSITIVE_INFINITY
  if (b.failOnErrors !== undefined) {
    if (!Number.isInteger(b.failOnErrors) || (b.failOnErrors as number) < 1) throw badRequest('invalidValue', 'failOnErrors must be a positive integer')
    failOnErrors = b.failOnErrors as number
  }
  const ops = b.Operations.map((raw, i): BulkOp => {
    const o = (raw ?? {}) as Record<string, unknown>
    if (typeof o.method !== 'string' || typeof o.path !== 'string') throw badRequest('invalidSyntax', `Operations[${i}] needs a "method" and a "path"`)
    const method = o.method.toUpperCase()
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) throw badRequest('invalidSyntax', `Operations[${i}].method must be POST, PUT, PATCH or DELETE`)
    if (method === 'POST' && typeof o.bulkId !== 'string') throw badRequest('invalidSyntax', `Operations[${i}] is a POST and needs a "bulkId"`)
    return { method, path: o.path, bulkId: typeof o.bulkId === 'string' ? o.bulkId : undefined, version: typeof o.version === 'string' ? o.version : undefined, data: o.data }
  })
  return { ops, failOnErrors }
}

function errorBody(e: ScimError) {
  return { schemas: [ERROR_SCHEMA], status: String(e.status), ...(e.scimType ? { scimType: e.scimType } : {}), detail: e.detail }
}

function execute(tx: Tx, ctx: ScimContext, op: BulkOp): { status: number; id?: string; version?: number; kind: 'Users' | 'Groups' } {
  const m = /^\/(Users|Groups)(?:\/([^/]+))?$/.exec(op.path)
  if (!m) throw new ScimError(404, `Bulk path ${op.path} is not /Users, /Groups or one of their resources`)
  const kind = m[1] as 'Users' | 'Groups'
  const id = m[2]
  if (op.method === 'POST') {
    if (id) throw badRequest('invalidPath', 'POST goes to /Users or /Groups, not to a resource')
    const r = kind === 'Users' ? createUser(tx, ctx, op.data) : createGroup(tx, ctx, op.data)
    return { status: 201, id: r.record.id, version: r.record.version, kind }
  }
  if (!id) throw badRequest('invalidPath', `${op.method} needs a resource path such as /${kind}/{id}`)
  if (op.method === 'DELETE') {
    if (kind === 'Users') deleteUser(tx, ctx, id, op.version)
    else deleteGroup(tx, ctx, id, op.version)
    return { status: 204, kind }
  }
  const r =
    op.method === 'PUT'
      ? kind === 'Users' ? replaceUser(tx, ctx, id, op.data, op.version) : replaceGroup(tx, ctx, id, op.data, op.version)
      : kind === 'Users' ? patchUser(tx, ctx, id, op.data, op.version) : patchGroup(tx, ctx, id, op.data, op.version)
  return { status: 200, id, version: r.record.version, kind }
}

/**
 * POST /Bulk (RFC 7644 §3.7): operations run in order, each all-or-nothing on its own; `bulkId:x` references are
 * replaced by the id that operation x created, and an operation that refers to a later one waits for it. Processing
 * stops after `failOnErrors` errors. All successful changes are returned for one durable commit.
 */
export function runBulk(store: MemoryStore, ctx: ScimContext, body: unknown, _api: ScimApi) {
  const { ops, failOnErrors } = parseOps(body, ctx)
  const created = new Map<string, string>()
  const results: (Record<string, unknown> | undefined)[] = new Array(ops.length)
  const allOps: ChangeOp[] = []
  const events: DomainEvent[] = []
  const definedBulkIds = new Set(ops.flatMap((o) => (o.bulkId ? [o.bulkId] : [])))
  let errors = 0
  let pending = ops.map((_, i) => i)

  const fail = (i: number, e: ScimError) => {
    const op = ops[i]!
    results[i] = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(e.status), response: errorBody(e) }
    errors++
  }

  while (pending.length && errors < failOnErrors) {
    const waiting: number[] = []
    let progressed = false
    for (const i of pending) {
      if (errors >= failOnErrors) break
      const op = ops[i]!
      const refs = [...refsIn(op.data), ...refsIn(op.path)]
      const unknown = refs.find((r) => !definedBulkIds.has(r))
      if (unknown) {
        fail(i, new ScimError(409, `bulkId:${unknown} refers to no operation of this request`, 'invalidValue'))
        progressed = true
        continue
      }
      if (refs.some((r) => !created.has(r))) {
        waiting.push(i)
        continue
      }
      progressed = true
      const resolved: BulkOp = { ...op, path: resolveRefs(op.path, created) as string, data: resolveRefs(op.data, created) }
      try {
        const c = store.transact((tx) => execute(tx, ctx, resolved))
        allOps.push(...c.ops)
        events.push(...c.events)
        const r = c.value
        if (op.bulkId && r.id) created.set(op.bulkId, r.id)
        results[i] = {
          method: op.method,
          ...(op.bulkId ? { bulkId: op.bulkId } : {}),
          ...(r.version !== undefined ? { version: etagOf(r.version) } : {}),
          ...(r.id && op.method !== 'DELETE' ? { location: `${ctx.baseUrl}/${r.kind}/${r.id}` } : {}),
          status: String(r.status),
        }
      } catch (e) {
        if (!(e instanceof ScimError)) throw e
        fail(i, e)
      }
    }
    if (!progressed) {
      // Whatever still waits refers, directly or through others, to itself or to an operation that failed.
      for (const i of waiting) {
        if (errors >= failOnErrors) break
        fail(i, new ScimError(409, `the bulkId references of this operation cannot be resolved (circular, or the referenced operation failed)`, 'invalidValue'))
      }
      break
    }
    pending = waiting
  }

  return {
    response: { schemas: [BULK_RESPONSE_SCHEMA], Operations: results.filter((r): r is Record<string, unknown> => r !== undefined) },
    ops: allOps,
    events,
  }
}
