import type { z } from 'zod'
import { IAM_KIND_INFO, iamNounWithArticle, type IamKind } from '@shared/iam'
import { badRequest, conflict, ScimError } from '../errors'
import type { StoreReader } from '../store/memory-store'
import { key } from '../store/indexes'
import { iamRefsOf, iamUniqueKeysOf } from '@shared/iam-relations'

type Obj = Record<string, unknown>

/** One problem with a body, with the top-level attribute it is about (PATCH uses it to name the op at fault). */
export interface IamIssue {
  top: string
  text: string
}

/** `statements[0].resource` from a zod path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += (out ? '.' : '') + String(p)
  }
  return out
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}

/**
 * Zod issues as sentences a client can act on. zod 4 words a missing field as a type error, so the input is consulted
 * to say "is required" rather than "expected string, received undefined".
 */
export function issuesFromZod(error: z.ZodError, input: unknown): IamIssue[] {
  const out: IamIssue[] = []
  for (const i of error.issues) {
    const path = i.path as PropertyKey[]
    const at = formatIssuePath(path)
    const top = path.length ? String(path[0]) : ''
    const raw = i as unknown as { code: string; expected?: string; keys?: string[]; values?: unknown[]; origin?: string; minimum?: number }
    switch (raw.code) {
      case 'unrecognized_keys':
        for (const k of raw.keys ?? []) out.push({ top: top || k, text: `unknown field "${at ? `${at}.${k}` : k}"` })
        break
      case 'invalid_type': {
        out.push({ top, text: valueAt(input, path) === undefined ? `${at} is required` : `${at}: expected ${raw.expected}` })
        break
      }
      case 'too_small':
        out.push({ top, text: raw.origin === 'string' && raw.minimum === 1 ? `${at} must not be empty` : `${at}: ${i.message}` })
        break
      case 'invalid_value':
        out.push({ top, text: `${at}: expected one of ${(raw.values ?? []).map((v) => JSON.stringify(v)).join(', ')}` })
        break
      default:
        out.push({ top, text: at ? `${at}: ${i.message}` : i.message })
    }
  }
  return out
}

export function invalidBody(issues: IamIssue[], prefix = ''): ScimError {
  return badRequest('invalidValue', prefix + issues.map((i) => i.text).join('; '))
}

/** Parses with a contract schema; failures are one 400 invalidValue listing every problem. */
export function parseWith<T>(schema: z.ZodType, body: unknown): { ok: true; value: T } | { ok: false; issues: IamIssue[] } {
  const r = schema.safeParse(body)
  return r.success ? { ok: true, value: r.data as T } : { ok: false, issues: issuesFromZod(r.error, body) }
}

const topOf = (at: string) => at.split(/[.[]/)[0] ?? at

/**
 * Every id the data refers to must be a resource of this tenant of the expected kind; a group or role cannot list
 * itself as a member (the member graph stays acyclic at depth one, and a self-member means nothing).
 */
export function relationIssues(r: StoreReader, tenantId: string, kind: IamKind, data: Obj, selfId: string | undefined): IamIssue[] {
  const out: IamIssue[] = []
  for (const ref of iamRefsOf(kind, data)) {
    if (selfId !== undefined && ref.id === selfId && ref.at.startsWith('members')) {
      out.push({ top: 'members', text: `${ref.at}: a ${IAM_KIND_INFO[kind].noun} cannot be a member of itself` })
      continue
    }
    const target = r.get('iamResources', ref.id)
    if (!target || target.tenantId !== tenantId || target.kind !== ref.kind) {
      out.push({ top: topOf(ref.at), text: `${ref.at}: no ${IAM_KIND_INFO[ref.kind].noun} "${ref.id}" in this tenant` })
    }
  }
  return out
}

/** name / slug / userName / displayName already taken by another resource of the kind in the tenant: 409. */
export function checkUnique(r: StoreReader, tenantId: string, kind: IamKind, data: Obj, selfId: string | undefined): void {
  for (const u of iamUniqueKeysOf(kind, data)) {
    const other = r.find('iamResources', 'unique', key.iamUnique(tenantId, kind, u.attr, u.value)).find((o) => o.id !== selfId)
    if (other) {
      throw conflict(`${iamNounWithArticle(kind)} with ${u.attr} "${u.value}" already exists in this tenant`)
    }
  }
}

