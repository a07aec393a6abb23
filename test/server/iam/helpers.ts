import { expect } from 'vitest'
import { IAM_KIND_INFO, type IamKind } from '@shared/iam'
import type { TestResponse, TestSandbox } from '../../helpers/sandbox'

export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const USER_EXT = 'urn:ietf:params:scim:schemas:extension:custom:2.0:User'

/**
 * The reference's structured PATCH path with nothing in it: `attributeName` "" means "no path", so the operation's
 * `value` object names the fields it replaces (RFC 7644 §3.5.2.3 without a path).
 */
export const ZERO_PATH = { attributePath: { attributeName: '', subAttribute: null, uriprefix: null }, subAttribute: null, valueExpression: null }

/** A structured path naming one attribute (the reference's object form). */
export const structuredPath = (attributeName: string, subAttribute: string | null = null) => ({
  attributePath: { attributeName, subAttribute, uriprefix: null },
  subAttribute: null,
  valueExpression: null,
})

export interface IamTenantHandle {
  id: string
  token: string
  tokenId: string
  /** `{origin}/iam/scim/v2/{id}` */
  base: string
  /** A request to this tenant's surface with its token: `path` is under the tenant (`Actions`, `Users/<id>`). */
  call(method: string, path: string, body?: unknown, opts?: { raw?: string; headers?: Record<string, string>; token?: string | null }): Promise<TestResponse>
}

/** A fresh tenant and a SCIM token for it, made through the control API as the UI does. */
export async function newTenant(t: TestSandbox, name: string): Promise<IamTenantHandle> {
  const c = await t.control('POST', '/iam-tenants', { body: { name } })
  expect(c.status, c.text).toBe(201)
  const id = c.body.id as string
  const k = await t.control('POST', `/iam-tenants/${encodeURIComponent(id)}/tokens`, { body: { name: `${name} token` } })
  expect(k.status, k.text).toBe(201)
  const token = k.body.token as string
  return {
    id,
    token,
    tokenId: k.body.id,
    base: `${t.sb.origin}/iam/scim/v2/${encodeURIComponent(id)}`,
    call: (method, path, body, opts = {}) =>
      t.iam(method, `${encodeURIComponent(id)}/${path.replace(/^\//, '')}`, { token: opts.token === undefined ? token : opts.token, body, raw: opts.raw, headers: opts.headers }),
  }
}

export const seg = (kind: IamKind) => IAM_KIND_INFO[kind].segment

/** Creates one resource and returns its envelope (fails the test with the answer otherwise). */
export async function create(tn: IamTenantHandle, kind: IamKind, body: unknown): Promise<any> {
  const r = await tn.call('POST', seg(kind), body)
  expect(r.status, `POST ${seg(kind)} ${JSON.stringify(body)} → ${r.text}`).toBe(201)
  return r.body
}

/** A SCIM error answer: the RFC 7644 §3.12 body, its status as a string, the SCIM content type. */
export function expectScimError(r: TestResponse, status: number, scimType?: string): { detail: string; scimType?: string } {
  expect(r.status, r.text).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/)
  expect(r.body.schemas).toEqual([SCIM_ERROR])
  expect(r.body.status).toBe(String(status))
  expect(typeof r.body.detail).toBe('string')
  if (scimType) expect(r.body.scimType, r.text).toBe(scimType)
  return r.body
}

export interface ShapeReport {
  /** Where the answer does not have the sample's shape. */
  errors: string[]
  /** Arrays the sample shows with an element that came back empty (nothing was compared there). */
  vacuous: string[]
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/**
 * Structural comparison of an answer with a reference sample: every key of the sample is in the answer with the same
 * JSON type (object / array / string / number / boolean). The reference's placeholders: `null` accepts anything,
 * `{}` any object, `[]` any array; a sample array's first element is compared with every element of the answer's.
 */
export function compareShape(sample: unknown, actual: unknown, path = '$', out: ShapeReport = { errors: [], vacuous: [] }): ShapeReport {
  if (sample === null) return out
  const want = typeOf(sample)
  const got = typeOf(actual)
  if (want !== got) {
    out.errors.push(`${path}: ${want} expected, got ${got === 'undefined' ? 'nothing' : `${got} ${JSON.stringify(actual)?.slice(0, 80)}`}`)
    return out
  }
  if (Array.isArray(sample)) {
    if (sample.length === 0 || sample[0] === null) return out
    const arr = actual as unknown[]
    if (arr.length === 0) out.vacuous.push(path)
    arr.forEach((a, i) => compareShape(sample[0], a, `${path}[${i}]`, out))
    return out
  }
  if (want === 'object') {
    for (const [k, v] of Object.entries(sample as Record<string, unknown>)) {
      const a = actual as Record<string, unknown>
      if (!(k in a)) out.errors.push(`${path}.${k}: missing`)
      else compareShape(v, a[k], `${path}.${k}`, out)
    }
  }
  return out
}

/** Paths with their array indexes as `[]`, to name a place independently of how many elements it had. */
export const generic = (p: string) => p.replace(/\[\d+\]/g, '[]')

/** Every key and value of a JSON value, flattened (to look for a string anywhere in an answer). */
export function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), allStrings(x, out))
  return out
}
