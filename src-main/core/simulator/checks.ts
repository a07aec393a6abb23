import { ERROR_SCHEMA, LIST_RESPONSE_SCHEMA } from '../schema/definitions'
import type { Answer, ResponseCheck, ResponseView, RunState } from './types'

/**
 * Reusable expectations on one answer (RFC 7644 and what each IdP does with the answer). Each factory takes where the
 * expectation comes from (`source`, `items`) and a severity, so a profile states *why* it expects something. Reasons
 * are plain words naming what was seen, so a report reads without the spec at hand.
 */

export interface CheckOptions {
  /** Defaults to the RFC section the check implements. */
  source?: string
  items?: string[]
  severity?: 'fail' | 'warn'
  /** Overrides the check's id (when a profile uses the same check twice on one request). */
  id?: string
}

type Body = Record<string, unknown>
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v)
const show = (v: unknown) => (v === undefined ? 'nothing' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v))

/** The response, or the reason there is none ("no answer: timeout after 60000 ms"). */
function response(answer: Answer): ResponseView | string {
  return answer.response ?? `no answer (${answer.error})`
}

interface Spec {
  id: string
  title: string
  source: string
  items?: string[]
  severity?: 'fail' | 'warn'
  passReason: string
  /** Runs only when there is a response; returns the failure reason or null. */
  test(r: ResponseView, state: RunState): string | null
}

/** Builds a ResponseCheck from a spec and the caller's options. */
export function makeCheck(spec: Spec, opts: CheckOptions = {}): ResponseCheck {
  return {
    id: opts.id ?? spec.id,
    title: spec.title,
    source: opts.source ?? spec.source,
    items: opts.items ?? spec.items ?? [],
    severity: opts.severity ?? spec.severity ?? 'fail',
    passReason: spec.passReason,
    check(answer, state) {
      const r = response(answer)
      return typeof r === 'string' ? r : spec.test(r, state)
    },
  }
}

/**
 * The status is one of `expected`. `explain` gives the reason for a particular wrong status (a 404 to a filter is
 * Entra's quarantine reason, b.1.1), so the report says what it means for the IdP rather than just the number.
 */
export function statusIn(expected: number[], what: string, opts: CheckOptions & { explain?: Record<number, string> } = {}): ResponseCheck {
  const list = expected.join(' or ')
  return makeCheck(
    {
      id: `status-${expected.join('-')}`,
      title: `${what}: status ${list}`,
      source: 'RFC 7644 §3',
      passReason: `answered ${list} to ${what}`,
      test: (r) => {
        if (expected.includes(r.status)) return null
        const why = opts.explain?.[r.status]
        const detail = isObject(r.json) && typeof r.json.detail === 'string' ? ` (detail: "${r.json.detail}")` : ''
        return why ? `answered ${r.status} to ${what}${detail}; ${why}` : `answered ${r.status} to ${what}${detail}, expected ${list}`
      },
    },
    opts,
  )
}

/** RFC 7644 §8.1 / b.1.14: every answer with a body is `application/scim+json` (the Entra validator aborts on application/json). */
export function scimContentType(opts: CheckOptions & { consequence?: string } = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'content-type',
      title: 'Content-Type is application/scim+json',
      source: 'RFC 7644 §8.1',
      passReason: 'the body is application/scim+json',
      test: (r) => {
        if (!r.bodyText) return null
        const ct = r.headers['content-type']
        if (ct && /^application\/scim\+json\s*(;|$)/i.test(ct.trim())) return null
        return `answered with Content-Type ${ct ? `"${ct}"` : '(none)'} instead of application/scim+json${opts.consequence ? `; ${opts.consequence}` : ''}`
      },
    },
    opts,
  )
}

/** RFC 7644 §3.4.2: a query answers with the ListResponse schema, an integer totalResults and Resources when non-zero. */
export function listResponse(opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'list-response',
      title: 'the answer is a ListResponse',
      source: 'RFC 7644 §3.4.2',
      passReason: 'a ListResponse with totalResults and Resources',
      test: (r) => {
        if (r.status < 200 || r.status > 299) return null
        const j = r.json
        if (!isObject(j)) return r.bodyText ? `the body is not a JSON object: ${r.bodyText.slice(0, 80)}` : 'answered with an empty body instead of a ListResponse'
        const schemas = Array.isArray(j.schemas) ? j.schemas : []
        if (!schemas.includes(LIST_RESPONSE_SCHEMA)) return `schemas is ${show(j.schemas)}, without ${LIST_RESPONSE_SCHEMA}`
        if (typeof j.totalResults !== 'number') return `totalResults is ${show(j.totalResults)}, not a number`
        if (j.totalResults > 0 && !Array.isArray(j.Resources)) return `totalResults is ${j.totalResults} but Resources is ${show(j.Resources)}`
        return null
      },
    },
    opts,
  )
}

/**
 * RFC 7644 §3.4.2 / b.2.7 / b.2.12: itemsPerPage, startIndex and totalResults are JSON integers, not strings. With
 * `optional`, only totalResults must be there (the RFC requires the other two only when results are paginated).
 */
export function pagingIntegers(opts: CheckOptions & { optional?: boolean } = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'paging-integers',
      title: 'itemsPerPage, startIndex and totalResults are integers',
      source: 'RFC 7644 §3.4.2',
      passReason: 'the paging numbers are integers',
      test: (r) => {
        if (r.status !== 200 || !isObject(r.json)) return null
        const body = r.json
        const bad = (['itemsPerPage', 'startIndex', 'totalResults'] as const).filter((k) => !Number.isInteger(body[k]) && !(opts.optional && k !== 'totalResults' && body[k] === undefined))
        if (!bad.length) return null
        return bad.map((k) => (body[k] === undefined ? `${k} is missing` : `${k} is ${typeof body[k] === 'string' ? 'the string ' : ''}${show(body[k])}, not an integer`)).join('; ')
      },
    },
    opts,
  )
}

/** totalResults is 0 and Resources empty (Entra's Test Connection b.1.1, Okta's existence check b.2.2). */
export function emptyList(what: string, opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'empty-list',
      title: `${what} finds nothing`,
      source: 'RFC 7644 §3.4.2',
      passReason: `totalResults 0 for ${what}`,
      test: (r) => {
        if (r.status !== 200 || !isObject(r.json)) return null
        const j = r.json
        if (j.totalResults !== 0) return `totalResults is ${show(j.totalResults)} for ${what}, expected 0`
        if (Array.isArray(j.Resources) && j.Resources.length) return `Resources has ${j.Resources.length} entries for ${what}, expected none`
        return null
      },
    },
    opts,
  )
}

/** RFC 7644 §3.3 / b.2.3: a create answers with the created resource, not an empty body. */
export function nonEmptyBody(consequence: string, opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'non-empty-body',
      title: 'the answer carries the resource',
      source: 'RFC 7644 §3.3',
      passReason: 'the created resource came back',
      test: (r) => {
        if (r.status < 200 || r.status > 299) return null
        if (r.bodyText && r.bodyText.trim() && isObject(r.json) && Object.keys(r.json).length) return null
        return `answered ${r.status} with an empty body; ${consequence}`
      },
    },
    opts,
  )
}

/** RFC 7643 §3.1: every resource has a server-assigned `id` (b.1.3, b.1.14: Entra caches it for later calls). */
export function resourceHasId(opts: CheckOptions & { consequence?: string } = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'has-id',
      title: 'the resource has an id',
      source: 'RFC 7643 §3.1',
      passReason: 'the resource carries its id',
      test: (r) => {
        if (r.status < 200 || r.status > 299 || r.status === 204) return null
        const id = isObject(r.json) ? r.json.id : undefined
        if (typeof id === 'string' && id.length) return null
        return `the answer has ${id === undefined ? 'no id' : `id ${show(id)}`}${opts.consequence ? `; ${opts.consequence}` : ''}`
      },
    },
    opts,
  )
}

/** RFC 7644 §3.3: a 201 carries a Location header with the new resource's URI. */
export function locationHeader(opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'location',
      title: '201 carries a Location header',
      source: 'RFC 7644 §3.3',
      passReason: 'Location names the new resource',
      test: (r) => {
        if (r.status !== 201) return null
        const loc = r.headers['location']
        if (!loc) return 'answered 201 without a Location header'
        const id = isObject(r.json) ? r.json.id : undefined
        if (typeof id === 'string' && !decodeURIComponent(loc).replace(/\/+$/, '').endsWith(`/${id}`)) return `Location "${loc}" does not end with the new id "${id}"`
        return null
      },
    },
    opts,
  )
}

/** RFC 7644 §3.12: an error answer has the Error schema and a status; `detail` when `needDetail` (Okta's SPEC, b.2.12). */
export function errorBody(opts: CheckOptions & { needDetail?: boolean } = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'error-body',
      title: 'errors carry the SCIM Error schema',
      source: 'RFC 7644 §3.12',
      passReason: 'the error is a SCIM Error',
      test: (r) => {
        if (r.status < 400) return null
        const j = r.json
        if (!isObject(j)) return `answered ${r.status} with ${r.bodyText ? 'a body that is not JSON' : 'no body'} instead of a SCIM Error`
        const schemas = Array.isArray(j.schemas) ? j.schemas : []
        if (!schemas.includes(ERROR_SCHEMA)) return `the ${r.status} body's schemas is ${show(j.schemas)}, without ${ERROR_SCHEMA}`
        if (opts.needDetail && (typeof j.detail !== 'string' || !j.detail)) return `the ${r.status} error has no detail`
        return null
      },
    },
    opts,
  )
}

/** A top-level attribute of the answered resource has a value (e.g. `active` false after a deactivation). */
export function bodyValue(attr: string, expected: (state: RunState) => unknown, consequence: string, opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: `value-${attr}`,
      title: `the answer says ${attr} as sent`,
      source: 'RFC 7644 §3.5',
      passReason: `${attr} reads back as sent`,
      test: (r, state) => {
        if (!isObject(r.json) || !(attr in r.json)) return null // 204, or a PATCH answer that need not be the resource (b.1.5)
        const want = expected(state)
        const got = r.json[attr]
        return JSON.stringify(got) === JSON.stringify(want) ? null : `the answer has ${attr} ${show(got)}, not ${show(want)}; ${consequence}`
      },
    },
    opts,
  )
}

/** Entra b.1.11: group PATCHes expect 204; a 200 echoing the group works but is "not advisable" for large groups. */
export function noContentPreferred(opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'no-content',
      title: 'group PATCH answers 204',
      source: 'idp-request-patterns.md b.1.11',
      severity: 'warn',
      passReason: 'answered 204 without echoing the members',
      test: (r) => (r.status === 200 ? 'answered 200 with a body; Entra expects 204, and returning the member list is not advisable (b.1.11)' : null),
    },
    opts,
  )
}

/** RFC 7644 §3.4.2.4: the answer's startIndex is the one asked for (the Logic App checks page*5+1, b.1.15). */
export function startIndexIs(startIndex: number, opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: 'start-index',
      title: `startIndex is ${startIndex}`,
      source: 'RFC 7644 §3.4.2.4',
      passReason: `startIndex ${startIndex} as asked`,
      test: (r) => {
        if (r.status !== 200 || !isObject(r.json)) return null
        return r.json.startIndex === startIndex ? null : `startIndex is ${show(r.json.startIndex)}, asked for ${startIndex}`
      },
    },
    opts,
  )
}

/** The answer came within `ms` (Okta's SPEC: GET /Groups within 600 ms, b.2.12). */
export function fasterThan(ms: number, what: string, opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(
    {
      id: `within-${ms}ms`,
      title: `${what} within ${ms} ms`,
      source: 'idp-request-patterns.md',
      severity: 'warn',
      passReason: `answered within ${ms} ms`,
      test: (r) => (r.durationMs <= ms ? null : `took ${Math.round(r.durationMs)} ms, more than ${ms} ms`),
    },
    opts,
  )
}

/** A check with a one-off test, for what only one profile expects (the Okta SPEC's first-user fields, b.2.12). */
export function custom(spec: Spec, opts: CheckOptions = {}): ResponseCheck {
  return makeCheck(spec, opts)
}

export { isObject }
