import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, PATCH_OP_SCHEMA, SPC_SCHEMA, USER_SCHEMA } from '../../schema/definitions'
import { bodyValue, custom, emptyList, errorBody, isObject, listResponse, locationHeader, nonEmptyBody, pagingIntegers, resourceHasId, scimContentType, statusIn } from '../checks'
import { USER_ATTRIBUTE_PATHS } from '../paths'
import { guid } from '../random'
import { describe, eqFilter, firstResource, idOf, ok, planned, query, seg, statusOf } from '../request'
import { groupOf, userOf, type KnownUser } from '../state'
import type { ResponseCheck, RunState, StepProgram } from '../types'
import { defineProfile, membersOf, needGroup, needUser, needUsers, send, setMembers, type Programs, type StepOf } from './common'
import { initialSync, pageThrough, type UserFlow } from './flows'

/**
 * The strict baseline: what RFC 7643/7644 say a client sends, and what they require of every answer (all 'fail').
 * No IdP's quirks; the yardstick the IdP profiles are compared with.
 */

/** RFC 7644 §3.8: a client asks for and sends application/scim+json. */
const headers = (hasBody: boolean): Record<string, string> =>
  hasBody ? { Accept: 'application/scim+json', 'Content-Type': 'application/scim+json' } : { Accept: 'application/scim+json' }

const patchBody = (ops: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops })
const contentType = scimContentType()
const errors = errorBody()
const queryChecks = (what: string): ResponseCheck[] => [statusIn([200], what, { source: 'RFC 7644 §3.4.2' }), listResponse(), pagingIntegers(), contentType, errors]
const createChecks = (what: string): ResponseCheck[] => [
  statusIn([201], what, { source: 'RFC 7644 §3.3', explain: { 200: 'a create answers 201 Created, not 200 (RFC 7644 §3.3)', 409: 'the resource already exists (RFC 7644 §3.3 uniqueness)' } }),
  nonEmptyBody('RFC 7644 §3.3 says the body SHOULD be the created resource'),
  resourceHasId(),
  locationHeader(),
  contentType,
  errors,
]
const updateChecks = (what: string): ResponseCheck[] => [statusIn([200, 204], what, { source: 'RFC 7644 §3.5.2' }), contentType, errors]
const deleteChecks = (what: string): ResponseCheck[] => [statusIn([204], what, { source: 'RFC 7644 §3.6', explain: { 200: 'RFC 7644 §3.6 answers 204 No Content' } }), errors]
const goneChecks = (what: string): ResponseCheck[] => [statusIn([404], what, { source: 'RFC 7644 §3.6', explain: { 200: 'the deleted resource is still returned (RFC 7644 §3.6: it MUST NOT be)' } }), errorBody()]

/** The user as RFC 7643 §4.1 describes it; the enterprise extension only when it has values (RFC 7643 §3). */
function userBody(u: KnownUser, state: RunState, active: boolean): Record<string, unknown> {
  const ext: Record<string, unknown> = {}
  if (u.department) ext.department = u.department
  if (u.employeeNumber) ext.employeeNumber = u.employeeNumber
  const mgr = u.manager ? state.userIds.get(u.manager) : undefined
  if (mgr) ext.manager = { value: mgr }
  return {
    schemas: Object.keys(ext).length ? [USER_SCHEMA, ENT] : [USER_SCHEMA],
    externalId: u.externalId,
    userName: u.userName,
    name: { givenName: u.givenName, familyName: u.familyName, formatted: `${u.givenName} ${u.familyName}` },
    displayName: u.displayName,
    emails: [{ value: u.email, type: 'work', primary: true }],
    ...(u.title ? { title: u.title } : {}),
    active,
    ...(Object.keys(ext).length ? { [ENT]: ext } : {}),
  }
}

const PATHS = USER_ATTRIBUTE_PATHS

const flow: UserFlow = {
  match: (_a, u, _s, main) => planned(headers, 'GET', `/Users${query({ filter: eqFilter('userName', u.userName) })}`, { note: 'Look the user up by userName before creating it (RFC 7644 §3.4.2.2).', items: [], checks: queryChecks('a userName filter'), main }),
  found: (a) => (statusOf(a) === 200 ? { id: typeof firstResource(a)?.id === 'string' ? (firstResource(a)!.id as string) : null } : { stop: `the lookup ${describe(a)}` }),
  create: (_a, u, s, main) => planned(headers, 'POST', '/Users', { body: userBody(u, s, true), note: 'Create the user (RFC 7644 §3.3).', items: [], checks: createChecks('create user'), main }),
}

function* activePatch(step: StepOf<'deactivate' | 'reactivate'>, state: RunState, active: boolean): StepProgram {
  const need = needUser(state, step.user)
  if ('end' in need) return need.end
  const a = yield* send(
    planned(headers, 'PATCH', `/Users/${seg(need.id)}`, {
      body: patchBody([{ op: 'replace', path: 'active', value: active }]),
      note: `active ${active} by a replace with a path and a boolean (RFC 7644 §3.5.2.3).`,
      items: [],
      checks: [...updateChecks('PATCH /Users/{id}'), bodyValue('active', () => active, 'the change did not take')],
      main: true,
    }),
  )
  if (!ok(a)) return { failed: `the PATCH ${describe(a)}` }
}

const programs: Programs = {
  *testConnection(_step, state) {
    yield* send(
      planned(headers, 'GET', '/ServiceProviderConfig', {
        note: 'Discover what the server supports (RFC 7644 §4).',
        items: [],
        checks: [
          statusIn([200], 'GET /ServiceProviderConfig', { source: 'RFC 7644 §4' }),
          custom({
            id: 'spc',
            title: 'ServiceProviderConfig says what is supported',
            source: 'RFC 7643 §5',
            passReason: 'schemas, patch, filter, bulk and sort are described',
            test: (r) => {
              if (!isObject(r.json)) return 'the body is not a JSON object'
              const j = r.json
              if (!Array.isArray(j.schemas) || !j.schemas.includes(SPC_SCHEMA)) return `schemas is ${JSON.stringify(j.schemas)}, without ${SPC_SCHEMA}`
              const missing = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'].filter((k) => !isObject(j[k]) || typeof (j[k] as Record<string, unknown>).supported !== 'boolean')
              return missing.length ? `${missing.join(', ')} ${missing.length > 1 ? 'lack' : 'lacks'} a boolean "supported" (RFC 7643 §5)` : null
            },
          }),
          contentType,
        ],
        main: true,
      }),
    )
    yield* send(
      planned(headers, 'GET', '/ResourceTypes', {
        note: 'Discover the resource types (RFC 7644 §4).',
        items: [],
        checks: [
          ...queryChecks('GET /ResourceTypes').filter((c) => c.id !== 'paging-integers'),
          custom({
            id: 'resource-types',
            title: 'User is a resource type',
            source: 'RFC 7643 §6',
            passReason: 'User is listed',
            test: (r) => {
              const res = isObject(r.json) && Array.isArray(r.json.Resources) ? r.json.Resources : []
              return res.some((x) => isObject(x) && x.name === 'User') ? null : `no resource type named "User" among the ${res.length} listed`
            },
          }),
        ],
      }),
    )
    const users = yield* send(
      planned(headers, 'GET', `/Users${query({ filter: eqFilter('userName', `${guid(state.random)}@${state.scenario.domain}`) })}`, {
        note: 'A filter that matches nothing answers 200 with an empty ListResponse (RFC 7644 §3.4.2).',
        items: [],
        checks: [...queryChecks('a filter that matches nothing'), emptyList('a random userName')],
      }),
    )
    if (statusOf(users) !== 200) return { failed: `the filter ${describe(users)}` }
  },

  *provisionUser(step, state) {
    const u = userOf(state, step.user)
    const found = flow.found(yield* send(flow.match(step.user, u, state)))
    if ('stop' in found) return { failed: found.stop }
    if (found.id) {
      state.userIds.set(step.user, found.id)
      const a = yield* send(planned(headers, 'PUT', `/Users/${seg(found.id)}`, { body: { ...userBody(u, state, true), id: found.id }, note: 'The user exists: replace it with the client’s view (RFC 7644 §3.5.1).', items: [], checks: [statusIn([200], 'PUT /Users/{id}', { source: 'RFC 7644 §3.5.1' }), resourceHasId(), contentType, errors], main: true }))
      if (!ok(a)) return { failed: `the PUT ${describe(a)}` }
      return
    }
    const created = yield* send(flow.create(step.user, u, state, true))
    const id = idOf(created)
    if (statusOf(created) !== 201 || !id) return { failed: `the create ${describe(created)}${id ? '' : ' without an id'}` }
    state.userIds.set(step.user, id)
  },

  *updateProfile(step, state) {
    const need = needUser(state, step.user)
    if ('end' in need) return need.end
    const u = userOf(state, step.user)
    const ops: unknown[] = []
    for (const attr of Object.keys(PATHS) as (keyof typeof PATHS)[]) {
      const v = step.changes[attr]
      if (v === undefined || v === u[attr]) continue
      ops.push(v === '' ? { op: 'remove', path: PATHS[attr] } : { op: u[attr] ? 'replace' : 'add', path: PATHS[attr], value: v })
    }
    if (step.changes.manager !== undefined) {
      const mgr = step.changes.manager === null ? null : state.userIds.get(step.changes.manager)
      if (step.changes.manager !== null && !mgr) return { failed: `manager "${step.changes.manager}" has no id on the target, so it cannot be referenced` }
      ops.push(mgr ? { op: 'replace', path: `${ENT}:manager`, value: { value: mgr } } : { op: 'remove', path: `${ENT}:manager` })
    }
    for (const [k, v] of Object.entries(step.changes)) (u as Record<string, unknown>)[k] = v === '' || v === null ? undefined : v
    if (!ops.length) return { skipped: 'no attribute changed' }
    const a = yield* send(planned(headers, 'PATCH', `/Users/${seg(need.id)}`, { body: patchBody(ops), note: 'Lowercase ops with paths; a cleared value is a remove; the manager is the complex type (RFC 7644 §3.5.2, RFC 7643 §4.3).', items: [], checks: updateChecks('PATCH /Users/{id}'), main: true }))
    if (!ok(a)) return { failed: `the PATCH ${describe(a)}` }
  },

  deactivate: (step, state) => activePatch(step, state, false),
  reactivate: (step, state) => activePatch(step, state, true),

  *deleteUser(step, state) {
    const need = needUser(state, step.user)
    if ('end' in need) return need.end
    const a = yield* send(planned(headers, 'DELETE', `/Users/${seg(need.id)}`, { note: 'Delete the user (RFC 7644 §3.6).', items: [], checks: deleteChecks('DELETE /Users/{id}'), main: true }))
    if (!ok(a)) return { failed: `the delete ${describe(a)}` }
    yield* send(planned(headers, 'GET', `/Users/${seg(need.id)}`, { note: 'After a delete the resource is gone: 404 (RFC 7644 §3.6).', items: [], checks: goneChecks('GET of the deleted user') }))
  },

  *pushGroup(step, state) {
    const need = needUsers(state, step.members)
    if ('end' in need) return need.end
    const g = groupOf(state, step.group)
    const created = yield* send(
      planned(headers, 'POST', '/Groups', {
        body: { schemas: [GROUP_SCHEMA], externalId: g.externalId, displayName: g.displayName, members: need.ids.map((value) => ({ value, type: 'User' })) },
        note: 'Create the group with its members in one request (RFC 7643 §4.2, RFC 7644 §3.3).',
        items: [],
        checks: createChecks('create group'),
        main: true,
      }),
    )
    const id = idOf(created)
    if (statusOf(created) !== 201 || !id) return { failed: `the group create ${describe(created)}${id ? '' : ' without an id'}` }
    state.groupIds.set(step.group, id)
    setMembers(state, step.group, step.members)
  },

  *renameGroup(step, state) {
    const need = needGroup(state, step.group)
    if ('end' in need) return need.end
    groupOf(state, step.group).displayName = step.displayName
    const a = yield* send(planned(headers, 'PATCH', `/Groups/${seg(need.id)}`, { body: patchBody([{ op: 'replace', path: 'displayName', value: step.displayName }]), note: 'Rename by a replace of displayName.', items: [], checks: updateChecks('PATCH /Groups/{id}'), main: true }))
    if (!ok(a)) return { failed: `the rename ${describe(a)}` }
  },

  *addMembers(step, state) {
    const g = needGroup(state, step.group)
    if ('end' in g) return g.end
    const u = needUsers(state, step.users)
    if ('end' in u) return u.end
    const a = yield* send(planned(headers, 'PATCH', `/Groups/${seg(g.id)}`, { body: patchBody([{ op: 'add', path: 'members', value: u.ids.map((value) => ({ value })) }]), note: 'Add members (RFC 7644 §3.5.2.1).', items: [], checks: updateChecks('PATCH /Groups/{id}'), main: true }))
    if (!ok(a)) return { failed: `adding the members ${describe(a)}` }
    setMembers(state, step.group, [...membersOf(state, step.group), ...step.users])
  },

  *removeMembers(step, state) {
    const g = needGroup(state, step.group)
    if ('end' in g) return g.end
    const u = needUsers(state, step.users)
    if ('end' in u) return u.end
    const ops = u.ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }))
    const a = yield* send(planned(headers, 'PATCH', `/Groups/${seg(g.id)}`, { body: patchBody(ops), note: 'Remove members by a value-filtered path (RFC 7644 §3.5.2.2).', items: [], checks: updateChecks('PATCH /Groups/{id}'), main: true }))
    if (!ok(a)) return { failed: `removing the members ${describe(a)}` }
    setMembers(state, step.group, membersOf(state, step.group).filter((m) => !step.users.includes(m)))
  },

  *deleteGroup(step, state) {
    const need = needGroup(state, step.group)
    if ('end' in need) return need.end
    const a = yield* send(planned(headers, 'DELETE', `/Groups/${seg(need.id)}`, { note: 'Delete the group (RFC 7644 §3.6).', items: [], checks: deleteChecks('DELETE /Groups/{id}'), main: true }))
    if (!ok(a)) return { failed: `the delete ${describe(a)}` }
    yield* send(planned(headers, 'GET', `/Groups/${seg(need.id)}`, { note: 'After a delete the group is gone: 404 (RFC 7644 §3.6).', items: [], checks: goneChecks('GET of the deleted group') }))
  },

  *importUsers(step) {
    const problem = yield* pageThrough({
      resource: 'Users',
      pageSize: step.pageSize,
      headers,
      note: (page, startIndex) => `List users, page ${page} (startIndex ${startIndex}, RFC 7644 §3.4.2.4).`,
      items: [],
      checks: [statusIn([200], 'a page of /Users', { source: 'RFC 7644 §3.4.2.4' }), listResponse(), contentType],
      pagingSource: 'RFC 7644 §3.4.2.4',
      main: true,
    })
    if (problem) return { failed: problem }
  },

  initialSync: (step, state) => initialSync(step, state, flow),
}

export const RFC7644 = defineProfile(
  {
    id: 'rfc7644',
    name: 'Strict RFC 7644',
    description: 'What RFC 7643/7644 say a client sends: lowercase ops with paths, booleans, complex references, members on create; every answer held to the letter.',
    referenceSection: null,
    timeoutMs: 60_000, // the RFCs set none; the same as the IdP profiles
    honoursRetryAfter: true, // RFC 6585 §4: a 429 may say when to retry; a well-behaved client waits that long
    sendsDelete: true,
    usesPatch: true,
  },
  headers,
  programs,
  {},
  {},
)
