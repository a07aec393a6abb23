import { ENTERPRISE_USER_SCHEMA as ENT, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../../schema/definitions'
import { isObject } from '../../checks'
import type { KnownUser } from '../../state'
import type { RunState } from '../../types'

/** Okta's wire dialect: its captured headers and the user bodies it creates and PUTs (b.2.1, b.2.3, b.2.4). */

/** oin = an Okta Integration Network app (PATCH); aiw = an App Integration Wizard custom app (PUT only, b.2.4). */
export type Variant = 'oin' | 'aiw'

/** Okta's headers exactly as captured (b.2.1); Content-Type only on requests with a body. */
export const headers = (hasBody: boolean): Record<string, string> => ({
  'User-Agent': 'Okta SCIM Client 1.0.0',
  Accept: 'application/scim+json',
  ...(hasBody ? { 'Content-Type': 'application/scim+json; charset=utf-8' } : {}),
  'Accept-Encoding': 'gzip,deflate',
})

/** b.2.1 is on every request (the headers), b.2.10 too (the 60 s timeout applies to each). */
export const base = ['b.2.1']
export const patchBody = (ops: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops })
// ——— bodies ———

/** The user as Okta creates it (b.2.3): the core schema only, the four base attributes (b.2.14), locale, groups: []. */
export function createUserBody(u: KnownUser): Record<string, unknown> {
  // password is sent only with password push, which scenarios do not model.
  return {
    schemas: [USER_SCHEMA],
    userName: u.userName,
    name: { givenName: u.givenName, familyName: u.familyName },
    emails: [{ primary: true, value: u.email, type: 'work' }],
    displayName: u.displayName,
    locale: 'en-US',
    externalId: u.externalId,
    groups: [],
    active: true,
  }
}

/**
 * The full user Okta PUTs (b.2.4): what it just read, with its own profile over it. Okta reads and writes the
 * `primary: true` email (b.2.14). A cleared value is left out (a PUT replaces the whole resource).
 */
export function putUserBody(read: Record<string, unknown>, u: KnownUser, state: RunState, active: boolean): Record<string, unknown> {
  const { meta: _meta, ...body } = read
  const set = (k: string, v: unknown) => (v === undefined || v === '' ? delete body[k] : (body[k] = v))
  set('userName', u.userName)
  body.name = { ...(isObject(read.name) ? read.name : {}), givenName: u.givenName, familyName: u.familyName }
  set('displayName', u.displayName)
  const emails = Array.isArray(read.emails) ? read.emails.filter(isObject) : []
  const primary = emails.findIndex((e) => e.primary === true)
  if (primary >= 0) emails[primary] = { ...emails[primary], value: u.email }
  else emails.unshift({ primary: true, value: u.email, type: 'work' })
  body.emails = emails
  set('externalId', u.externalId)
  set('title', u.title)
  const ext = { ...(isObject(read[ENT]) ? read[ENT] : {}) } as Record<string, unknown>
  for (const k of ['department', 'employeeNumber'] as const) if (u[k]) ext[k] = u[k]
  else delete ext[k]
  const mgr = u.manager ? state.userIds.get(u.manager) : undefined
  if (mgr) ext.manager = { value: mgr }
  else delete ext.manager
  if (Object.keys(ext).length) {
    body[ENT] = ext
    const schemas = Array.isArray(body.schemas) ? (body.schemas as unknown[]) : [USER_SCHEMA]
    if (!schemas.includes(ENT)) body.schemas = [...schemas, ENT]
  } else delete body[ENT]
  body.active = active
  return body
}
