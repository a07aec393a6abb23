import { ERROR_SCHEMA, LIST_RESPONSE_SCHEMA } from '../schema/definitions'
import type { Answer, PlannedRequest, StepEnd, StepProgram } from './types'

/**
 * A well-behaved SCIM server in a few lines, answering planned requests without HTTP: for coverage (which items a
 * profile's programs reach) and for tests that drive programs. It keeps what was created so reads find it; it does
 * not evaluate filters beyond `attr eq "value"` on top-level attributes.
 */
export function syntheticServer(): (req: PlannedRequest) => Answer {
  const store = new Map<string, Record<string, unknown>>()
  let next = 1
  const json = (status: number, body: unknown, extra: Record<string, string> = {}): Answer => ({
    response: { status, headers: { 'content-type': 'application/scim+json', ...extra }, bodyText: body === undefined ? null : JSON.stringify(body), json: body, durationMs: 1 },
    error: null,
  })
  const list = (resources: unknown[], startIndex = 1) => json(200, { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, itemsPerPage: resources.length, startIndex, Resources: resources })
  const notFound = () => json(404, { schemas: [ERROR_SCHEMA], status: '404', detail: 'Resource not found' })

  return (req) => {
    const url = new URL(req.path, 'http://synthetic')
    const [, type, id] = url.pathname.split('/')
    const all = [...store.values()].filter((r) => r.__type === type)
    const strip = (r: Record<string, unknown>) => {
      const { __type: _t, ...rest } = r
      return rest
    }
    if (type === 'ServiceProviderConfig')
      return json(200, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'], patch: { supported: true }, bulk: { supported: false }, filter: { supported: true }, changePassword: { supported: false }, sort: { supported: true }, etag: { supported: true } })
    if (type === 'ResourceTypes') return list([{ name: 'User', schemas: [] }, { name: 'Group', schemas: [] }])
    if (type === 'Schemas') return list([])
    if (req.method === 'GET' && !id) {
      const filter = url.searchParams.get('filter')
      const m = filter === null ? null : /^(\w+) eq ("(?:[^"\\]|\\.)*")$/.exec(filter)
      // Filters other than `attr eq "value"` match nothing here (enough for the flows driven against it).
      const hits = filter === null ? all : m ? all.filter((r) => String(r[m[1]!] ?? '').toLowerCase() === String(JSON.parse(m[2]!)).toLowerCase()) : []
      const start = Number(url.searchParams.get('startIndex') ?? 1)
      const count = Number(url.searchParams.get('count') ?? hits.length)
      const page = hits.slice(start - 1, start - 1 + count).map(strip)
      return json(200, { schemas: [LIST_RESPONSE_SCHEMA], totalResults: hits.length, itemsPerPage: page.length, startIndex: start, Resources: page })
    }
    const key = `${type}/${id}`
    switch (req.method) {
      case 'GET':
        return store.has(key) ? json(200, strip(store.get(key)!)) : notFound()
      case 'POST': {
        const nid = `id-${next++}`
        const body = { ...(req.body as Record<string, unknown>), id: nid, __type: type }
        store.set(`${type}/${nid}`, body)
        return json(201, strip(body), { location: `http://synthetic/${type}/${nid}` })
      }
      case 'PUT':
        if (!store.has(key)) return notFound()
        store.set(key, { ...(req.body as Record<string, unknown>), id, __type: type })
        return json(200, strip(store.get(key)!))
      case 'PATCH': {
        const r = store.get(key)
        if (!r) return notFound()
        // Enough PATCH to keep `active` right (what the checks read back): path "active" or a path-less value.
        for (const op of ((req.body as { Operations?: { path?: string; value?: unknown }[] }).Operations ?? [])) {
          if (op.path?.toLowerCase() === 'active') r.active = op.value === true || String(op.value).toLowerCase() === 'true'
          else if (!op.path && op.value && typeof op.value === 'object' && 'active' in op.value) r.active = (op.value as { active: unknown }).active
        }
        return type === 'Groups' ? { response: { status: 204, headers: {}, bodyText: null, json: undefined, durationMs: 1 }, error: null } : json(200, strip(r))
      }
      case 'DELETE':
        if (!store.delete(key)) return notFound()
        return { response: { status: 204, headers: {}, bodyText: null, json: undefined, durationMs: 1 }, error: null }
    }
  }
}

/** What one step did when driven: every request it yielded (batches flattened), and how it ended. */
export interface DrivenStep {
  requests: PlannedRequest[]
  answers: Answer[]
  end: StepEnd | void
}

/**
 * Drives a step program as the runner does — `next(feed)`, a batch answered by an array in the same order — with
 * answers from `respond`. For tests and coverage; the real runner sends over HTTP.
 */
export function drive(program: StepProgram, respond: (req: PlannedRequest) => Answer): DrivenStep {
  const requests: PlannedRequest[] = []
  const answers: Answer[] = []
  let r = program.next(undefined as never)
  while (!r.done) {
    const y = r.value
    if (Array.isArray(y)) {
      const as = y.map(respond)
      requests.push(...y)
      answers.push(...as)
      r = program.next(as)
    } else {
      const a = respond(y)
      requests.push(y)
      answers.push(a)
      r = program.next(a)
    }
  }
  return { requests, answers, end: r.value }
}
