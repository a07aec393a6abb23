import type { ProfileInfo } from '@shared/scenario'
import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../schema/definitions'
import { bodyValue, custom, emptyList, errorBody, fasterThan, isObject, listResponse, locationHeader, nonEmptyBody, pagingIntegers, resourceHasId, scimContentType, statusIn } from '../checks'
import { guid } from '../random'
import { describe, eqFilter, firstResource, idOf, jsonOf, ok, planned, query, seg, statusOf } from '../request'
import { groupOf, userOf, type KnownUser } from '../state'
import type { PlannedRequest, ResponseCheck, RunState, StepProgram } from '../types'
import { defineProfile, initialSync, membersOf, needGroup, needUser, needUsers, pageThrough, send, setMembers, type Programs, type StepOf, type UserFlow } from './common'

/**
 * Okta Lifecycle Management (SCIM 2.0), idp-request-patterns.md b.2, as an OIN integration (PATCH for activation and
 * groups, GET-then-PUT for profiles) and as an App Integration Wizard app (PUT for everything, b.2.4).
 */
type Variant = 'oin' | 'aiw'

const R = 'idp-request-patterns.md'
const SCIM20 = 'okta/okta-developer-docs scim-20/index.md'
const S = {
  'b.2.1': `${R} b.2.1 — oktadeveloper/okta-blog-archive#1956; ${SCIM20}`,
  'b.2.2': `${R} b.2.2 — ${SCIM20} (Determine if the User already exists); docs/concepts/scim/faqs`,
  'b.2.3': `${R} b.2.3 — ${SCIM20} (Create the User)`,
  'b.2.4': `${R} b.2.4 — ${SCIM20} (Update a specific User (PUT)); FAQ; fleetdm/fleet SCIM-integration.md`,
  'b.2.5': `${R} b.2.5 — ${SCIM20} (Update a specific User (PATCH)); pond/scimitar#29; getsentry/sentry#27199`,
  'b.2.6': `${R} b.2.6 — ${SCIM20} (Delete Users); FAQ`,
  'b.2.7': `${R} b.2.7 — ${SCIM20} (Retrieve Users / Groups)`,
  'b.2.8': `${R} b.2.8 — ${SCIM20} (Group operations); imulab/go-scim#57; Captain-P-Goldfish/SCIM-SDK#757`,
  'b.2.10': `${R} b.2.10 — Okta SCIM FAQ (socket timeout); support.okta.com (Retry-After)`,
  'b.2.12': `${R} b.2.12 — tataanil/scim-test-suite idp/okta (Okta SPEC test)`,
  'b.2.13': `${R} b.2.13 — scim-provisioning-integration-test/main/index.md`,
  'b.2.14': `${R} b.2.14 — Okta SCIM FAQ`,
} as const

/** Okta's headers exactly as captured (b.2.1); Content-Type only on requests with a body. */
const headers = (hasBody: boolean): Record<string, string> => ({
  'User-Agent': 'Okta SCIM Client 1.0.0',
  Accept: 'application/scim+json',
  ...(hasBody ? { 'Content-Type': 'application/scim+json; charset=utf-8' } : {}),
  'Accept-Encoding': 'gzip,deflate',
})

/** b.2.1 is on every request (the headers), b.2.10 too (the 60 s timeout applies to each). */
const base = ['b.2.1']
const patchBody = (ops: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops })

// ——— checks ———

// No Okta source says Okta refuses application/json, so for Okta a wrong content type is a warning (RFC 7644 §8.1).
const contentType = scimContentType({ severity: 'warn' })
const errors = errorBody()
const existenceChecks: ResponseCheck[] = [
  statusIn([200, 404], 'the existence check', { source: S['b.2.2'], items: ['b.2.2'] }),
  listResponse({ source: S['b.2.2'], items: ['b.2.2'] }),
  pagingIntegers({ source: S['b.2.7'], items: ['b.2.7'] }),
  errorBody({ source: S['b.2.2'], items: ['b.2.2'] }), // a 404 is accepted, as a SCIM Error
  contentType,
]
const createChecks = (what: string, items: string[], emptyConsequence: string): ResponseCheck[] => [
  statusIn([201], what, {
    source: `RFC 7644 §3.3; ${S['b.2.3']}`,
    items,
    explain: {
      200: 'a create answers 201 Created, not 200 (RFC 7644 §3.3)',
      409: 'the resource already exists although the existence check found none: the userName filter and the uniqueness check disagree (b.2.2, b.2.3)',
    },
  }),
  nonEmptyBody(emptyConsequence, { source: S['b.2.3'], items }),
  resourceHasId({ source: S['b.2.3'], items }),
  locationHeader({ severity: 'warn' }),
  contentType,
  errors,
]
const userCreateChecks: ResponseCheck[] = [
  ...createChecks('create user', ['b.2.3'], 'Okta reports "Create new user returned empty user" (b.2.3)'),
  bodyValue('active', () => true, 'Okta’s SPEC test expects active true after create (b.2.12)', { source: S['b.2.12'], items: ['b.2.12'] }),
  custom(
    {
      id: 'echoes-names',
      title: 'the created user echoes the names sent',
      source: S['b.2.12'],
      items: ['b.2.12', 'b.2.14'],
      severity: 'warn',
      passReason: 'name.givenName and name.familyName came back as sent',
      test: (r) => {
        if (r.status !== 201 || !isObject(r.json)) return null
        const name = r.json.name
        return isObject(name) && typeof name.givenName === 'string' && typeof name.familyName === 'string' ? null : `the created user has name ${JSON.stringify(name) ?? 'nothing'}, without givenName and familyName`
      },
    },
    {},
  ),
]
const groupCreateChecks = createChecks('create group', ['b.2.8'], 'Okta has no id for the pushed group (b.2.8)')
const updateChecks = (what: string, source: string, items: string[]): ResponseCheck[] => [
  statusIn(what.startsWith('PUT') ? [200] : [200, 204], what, { source, items, explain: { 400: 'the server refused the request as Okta sends it, so the change fails in Okta' } }),
  contentType,
  errors,
]

// ——— bodies ———

/** The user as Okta creates it (b.2.3): the core schema only, the four base attributes (b.2.14), locale, groups: []. */
function createUserBody(u: KnownUser): Record<string, unknown> {
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
function putUserBody(read: Record<string, unknown>, u: KnownUser, state: RunState, active: boolean): Record<string, unknown> {
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

// ——— the profile ———

function oktaPrograms(variant: Variant): Programs {
  const flow: UserFlow = {
    match: (_alias, u, _state, main) =>
      planned(headers, 'GET', `/Users${query({ filter: eqFilter('userName', u.userName), startIndex: 1, count: 100 })}`, {
        note: 'Assign → existence check by userName with startIndex=1&count=100; Okta accepts 200 with an empty ListResponse or 404.',
        items: [...base, 'b.2.2'],
        checks: existenceChecks,
        main,
      }),
    found: (a) => {
      const s = statusOf(a)
      if (s === 404) return { id: null }
      if (s !== 200) return { stop: `the existence check ${describe(a)}, so Okta does not create the user` }
      const first = firstResource(a)
      return { id: typeof first?.id === 'string' ? first.id : null }
    },
    create: (_alias, u, _state, main) =>
      planned(headers, 'POST', '/Users', {
        body: createUserBody(u),
        note: 'Create: the core schema only, the four base attributes, displayName, locale, externalId = Okta’s user id, groups: [] and active: true.',
        items: [...base, 'b.2.3', 'b.2.14'],
        checks: userCreateChecks,
        main,
      }),
  }

  /** b.2.4: GET the user, then PUT the full object with Okta's profile over it. */
  function* getThenPut(alias: string, id: string, state: RunState, active: boolean, why: string, items: string[]): StepProgram {
    const read = yield* send(
      planned(headers, 'GET', `/Users/${seg(id)}`, {
        note: `${why}: Okta first reads the user…`,
        items: [...base, 'b.2.4'],
        checks: [statusIn([200], 'GET /Users/{id}', { source: S['b.2.4'], items: ['b.2.4'] }), resourceHasId({ source: S['b.2.4'], items: ['b.2.4'] }), contentType, errors],
      }),
    )
    const body = jsonOf(read)
    if (statusOf(read) !== 200 || !body) return { failed: `reading the user ${describe(read)}, so Okta cannot send the full object` }
    const u = userOf(state, alias)
    const a = yield* send(
      planned(headers, 'PUT', `/Users/${seg(id)}`, {
        body: putUserBody(body, u, state, active),
        note: `…then PUTs the whole object with its profile over it${variant === 'aiw' ? ' (AIW apps use PUT for everything)' : ''}.`,
        items: [...base, 'b.2.4', ...items],
        checks: [...updateChecks('PUT /Users/{id}', S['b.2.4'], ['b.2.4']), bodyValue('active', () => active, 'Okta’s view of the user and the server’s differ', { source: S['b.2.4'], items: ['b.2.4'] })],
        main: true,
      }),
    )
    if (!ok(a)) return { failed: `the PUT ${describe(a)}` }
  }

  /** Okta's view of whether a user is active (a PUT carries it). */
  const activeNow = new WeakMap<RunState, Map<string, boolean>>()
  const isActive = (state: RunState, alias: string) => activeNow.get(state)?.get(alias) ?? true
  const setActive = (state: RunState, alias: string, v: boolean) => {
    if (!activeNow.has(state)) activeNow.set(state, new Map())
    activeNow.get(state)!.set(alias, v)
  }

  function* activation(step: StepOf<'deactivate' | 'reactivate'>, state: RunState, active: boolean): StepProgram {
    const need = needUser(state, step.user)
    if ('end' in need) return need.end
    setActive(state, step.user, active)
    const items = active ? ['b.2.6', 'b.2.13'] : ['b.2.6']
    const why = active ? 'Reactivation (re-assign)' : 'Deactivation (unassign, suspend or deactivate — Okta never deletes)'
    if (variant === 'aiw') return yield* getThenPut(step.user, need.id, state, active, why, items)
    const a = yield* send(
      planned(headers, 'PATCH', `/Users/${seg(need.id)}`, {
        body: patchBody([{ op: 'replace', value: { active } }]),
        note: `${why}: a path-less replace with {"active": ${active}}, lowercase op, no path; Okta accepts 200 with the user or 204.`,
        items: [...base, 'b.2.5', ...items],
        checks: [
          ...updateChecks('PATCH /Users/{id}', S['b.2.5'], ['b.2.5']),
          bodyValue('active', () => active, 'a server that only handles path "active" misses Okta’s path-less form (b.2.5)', { source: S['b.2.5'], items: ['b.2.5'] }),
        ],
        main: true,
      }),
    )
    if (!ok(a)) return { failed: `the ${active ? 'reactivation' : 'deactivation'} ${describe(a)}` }
  }

  const memberValues = (state: RunState, aliases: string[]) => aliases.map((a) => ({ value: state.userIds.get(a)!, display: userOf(state, a).userName }))

  /** AIW: the whole group by PUT (b.2.4, b.2.8). */
  function putGroup(state: RunState, alias: string, id: string, members: string[], why: string): PlannedRequest {
    const g = groupOf(state, alias)
    return planned(headers, 'PUT', `/Groups/${seg(id)}`, {
      body: { schemas: [GROUP_SCHEMA], id, displayName: g.displayName, members: memberValues(state, members) },
      note: `${why}: AIW apps PUT the whole group, members included.`,
      items: [...base, 'b.2.8', 'b.2.4'],
      checks: updateChecks('PUT /Groups/{id}', S['b.2.8'], ['b.2.8']),
      main: true,
    })
  }

  /** OIN: the path-less replace of id and displayName, sent on a rename and on every membership update (b.2.8). */
  function renamePatch(state: RunState, alias: string, id: string, main: boolean): PlannedRequest {
    return planned(headers, 'PATCH', `/Groups/${seg(id)}`, {
      body: patchBody([{ op: 'replace', value: { id, displayName: groupOf(state, alias).displayName } }]),
      note: 'Path-less replace of {id, displayName}: Okta sends it on a rename and before every membership update.',
      items: [...base, 'b.2.8'],
      checks: updateChecks('PATCH /Groups/{id}', S['b.2.8'], ['b.2.8']),
      main,
    })
  }

  /** OIN membership update: one PATCH, removes by value filter plus one add with value and display (b.2.8). */
  function* membership(state: RunState, alias: string, id: string, add: string[], remove: string[], main = true): StepProgram {
    const renamed = yield* send(renamePatch(state, alias, id, false))
    if (!ok(renamed)) return { failed: `the group's replace of id and displayName ${describe(renamed)}` }
    const ops: unknown[] = remove.map((a) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(state.userIds.get(a)!)}]` }))
    if (add.length) ops.push({ op: 'add', path: 'members', value: memberValues(state, add) })
    const a = yield* send(
      planned(headers, 'PATCH', `/Groups/${seg(id)}`, {
        body: patchBody(ops),
        note: 'Membership update: one PATCH with a remove per member (members[value eq …]) and one add carrying value and display.',
        items: [...base, 'b.2.8'],
        checks: updateChecks('PATCH /Groups/{id}', S['b.2.8'], ['b.2.8']),
        main,
      }),
    )
    if (!ok(a)) return { failed: `the membership update ${describe(a)}` }
  }

  return {
    *testConnection(_step, state) {
      // Okta's SPEC test (b.2.12), the checks its OIN submission runs.
      const list = yield* send(
        planned(headers, 'GET', `/Users${query({ count: 1, startIndex: 1 })}`, {
          note: 'SPEC test: the first user, as a ListResponse with integer paging numbers; at least one user must pre-exist.',
          items: [...base, 'b.2.12'],
          checks: [
            statusIn([200], 'GET /Users?count=1&startIndex=1', { source: S['b.2.12'], items: ['b.2.12'] }),
            listResponse({ source: S['b.2.12'], items: ['b.2.12'] }),
            pagingIntegers({ source: S['b.2.12'], items: ['b.2.12'] }),
            custom({
              id: 'first-user-fields',
              title: 'the first user has id, userName, names, active and an email',
              source: S['b.2.12'],
              items: ['b.2.12'],
              passReason: 'the first user carries what the SPEC test reads',
              test: (r) => {
                if (r.status !== 200 || !isObject(r.json)) return null
                const first = Array.isArray(r.json.Resources) ? r.json.Resources[0] : undefined
                if (!isObject(first)) return 'no user exists; Okta’s SPEC test needs at least one to pre-exist (b.2.12)'
                const name = isObject(first.name) ? first.name : {}
                const email = Array.isArray(first.emails) && isObject(first.emails[0]) ? first.emails[0].value : undefined
                const missing = [
                  typeof first.id !== 'string' && 'id',
                  typeof first.userName !== 'string' && 'userName',
                  typeof name.givenName !== 'string' && 'name.givenName',
                  typeof name.familyName !== 'string' && 'name.familyName',
                  typeof first.active !== 'boolean' && 'active',
                  typeof email !== 'string' && 'emails[0].value',
                ].filter(Boolean)
                return missing.length ? `the first user lacks ${missing.join(', ')}` : null
              },
            }),
            contentType,
          ],
          main: true,
        }),
      )
      const first = firstResource(list)
      if (typeof first?.id === 'string') {
        const id = first.id
        yield* send(
          planned(headers, 'GET', `/Users/${seg(id)}`, {
            note: 'SPEC test: the same user by id.',
            items: [...base, 'b.2.12'],
            checks: [
              statusIn([200], 'GET /Users/{id}', { source: S['b.2.12'], items: ['b.2.12'] }),
              custom({ id: 'same-user', title: 'the user by id is the listed one', source: S['b.2.12'], items: ['b.2.12'], passReason: 'same id', test: (r) => (isObject(r.json) && r.json.id === id ? null : `GET /Users/${id} answered a resource with id ${JSON.stringify(isObject(r.json) ? r.json.id : undefined)}`) }),
            ],
          }),
        )
      }
      if (typeof first?.userName === 'string') {
        yield* send(
          planned(headers, 'GET', `/Users${query({ filter: eqFilter('userName', first.userName.toUpperCase()), startIndex: 1, count: 100 })}`, {
            note: 'SPEC test: the upper-cased userName still finds the user (userName is case-insensitive).',
            items: [...base, 'b.2.12'],
            checks: [
              statusIn([200], 'an upper-cased userName filter', { source: S['b.2.12'], items: ['b.2.12'] }),
              custom({ id: 'case-insensitive', title: 'userName matches case-insensitively', source: S['b.2.12'], items: ['b.2.12'], passReason: 'found with the upper-cased userName', test: (r) => (isObject(r.json) && typeof r.json.totalResults === 'number' && r.json.totalResults >= 1 ? null : `the upper-cased userName found ${isObject(r.json) ? JSON.stringify(r.json.totalResults) : 'nothing'} users; RFC 7643 §4.1.1 makes userName case-insensitive`) }),
            ],
          }),
        )
      }
      yield* send(
        planned(headers, 'GET', `/Users${query({ filter: eqFilter('userName', `${guid(state.random)}@${state.scenario.domain}`), startIndex: 1, count: 100 })}`, {
          note: 'SPEC test: a random userName finds nothing.',
          items: [...base, 'b.2.12', 'b.2.2'],
          checks: [statusIn([200], 'a filter for a random userName', { source: S['b.2.12'], items: ['b.2.12'] }), emptyList('a random userName', { source: S['b.2.12'], items: ['b.2.12'] }), pagingIntegers({ source: S['b.2.12'], items: ['b.2.12'] })],
        }),
      )
      yield* send(
        planned(headers, 'GET', `/Users/${guid(state.random)}`, {
          note: 'SPEC test: a user that does not exist is 404 with the Error schema and a detail.',
          items: [...base, 'b.2.12'],
          checks: [statusIn([404], 'GET of a user that does not exist', { source: S['b.2.12'], items: ['b.2.12'] }), errorBody({ source: S['b.2.12'], items: ['b.2.12'], needDetail: true })],
        }),
      )
      yield* send(
        planned(headers, 'GET', `/Groups${query({ startIndex: 1, count: 100 })}`, {
          note: 'SPEC test (optional): GET /Groups answers 200 within 600 ms.',
          items: [...base, 'b.2.12'],
          checks: [statusIn([200], 'GET /Groups', { source: S['b.2.12'], items: ['b.2.12'], severity: 'warn' }), fasterThan(600, 'GET /Groups', { source: S['b.2.12'], items: ['b.2.12'] })],
        }),
      )
      if (statusOf(list) !== 200) return { failed: `the SPEC test’s first request ${describe(list)}` }
    },

    *provisionUser(step, state) {
      const u = userOf(state, step.user)
      const found = flow.found(yield* send(flow.match(step.user, u, state)))
      if ('stop' in found) return { failed: found.stop }
      setActive(state, step.user, true)
      if (found.id) {
        // A user with that userName exists: Okta links it and pushes its profile, the full object by PUT.
        state.userIds.set(step.user, found.id)
        return yield* getThenPut(step.user, found.id, state, true, 'The existence check found the user, so Okta links it and pushes its profile', ['b.2.2'])
      }
      const created = yield* send(flow.create(step.user, u, state, true))
      const id = idOf(created)
      if (statusOf(created) !== 201 || !id) return { failed: `the create ${describe(created)}${statusOf(created) === 201 && !id ? ': Okta reports "Create new user returned empty user"' : ''}` }
      state.userIds.set(step.user, id)
    },

    *updateProfile(step, state) {
      const need = needUser(state, step.user)
      if ('end' in need) return need.end
      const u = userOf(state, step.user)
      for (const [k, v] of Object.entries(step.changes)) (u as Record<string, unknown>)[k] = v === '' || v === null ? undefined : v
      return yield* getThenPut(step.user, need.id, state, isActive(state, step.user), 'Profile update', ['b.2.13'])
    },

    deactivate: (step, state) => activation(step, state, false),
    reactivate: (step, state) => activation(step, state, true),

    // eslint-disable-next-line require-yield
    *deleteUser() {
      return { skipped: 'Okta never deletes users (b.2.6): unassigning, suspending or deactivating sends active=false instead' }
    },

    *pushGroup(step, state) {
      const need = needUsers(state, step.members)
      if ('end' in need) return need.end
      const g = groupOf(state, step.group)
      const created = yield* send(
        planned(headers, 'POST', '/Groups', {
          body: { schemas: [GROUP_SCHEMA], displayName: g.displayName, members: [] },
          note: 'Group push: create with displayName and an empty member list; members follow.',
          items: [...base, 'b.2.8'],
          checks: groupCreateChecks,
          main: true,
        }),
      )
      const id = idOf(created)
      if (statusOf(created) !== 201 || !id) return { failed: `the group create ${describe(created)}${id ? '' : ' without an id'}` }
      state.groupIds.set(step.group, id)
      setMembers(state, step.group, [])
      if (variant === 'aiw') {
        if (!step.members.length) return
        const a = yield* send({ ...putGroup(state, step.group, id, step.members, 'Members after the push'), main: false })
        if (!ok(a)) return { failed: `the group PUT ${describe(a)}` }
      } else if (!step.members.length) {
        // "Push now" of an empty group: replace members with [] (Captain-P-Goldfish/SCIM-SDK#757).
        const a = yield* send(
          planned(headers, 'PATCH', `/Groups/${seg(id)}`, {
            body: patchBody([{ op: 'replace', path: 'members', value: [] }]),
            note: 'Push now of an empty group: replace members with an empty list.',
            items: [...base, 'b.2.8'],
            checks: updateChecks('PATCH /Groups/{id}', S['b.2.8'], ['b.2.8']),
          }),
        )
        if (!ok(a)) return { failed: `the push of the empty member list ${describe(a)}` }
        return
      } else {
        const end = yield* membership(state, step.group, id, step.members, [], false)
        if (end && end.failed) return end
      }
      setMembers(state, step.group, step.members)
    },

    *renameGroup(step, state) {
      const need = needGroup(state, step.group)
      if ('end' in need) return need.end
      groupOf(state, step.group).displayName = step.displayName
      const a = yield* send(variant === 'aiw' ? putGroup(state, step.group, need.id, membersOf(state, step.group), 'Rename') : renamePatch(state, step.group, need.id, true))
      if (!ok(a)) return { failed: `the rename ${describe(a)}` }
    },

    *addMembers(step, state) {
      const g = needGroup(state, step.group)
      if ('end' in g) return g.end
      const u = needUsers(state, step.users)
      if ('end' in u) return u.end
      const members = [...new Set([...membersOf(state, step.group), ...step.users])]
      if (variant === 'aiw') {
        const a = yield* send(putGroup(state, step.group, g.id, members, 'Membership update'))
        if (!ok(a)) return { failed: `the group PUT ${describe(a)}` }
      } else {
        const end = yield* membership(state, step.group, g.id, step.users, [])
        if (end && end.failed) return end
      }
      setMembers(state, step.group, members)
    },

    *removeMembers(step, state) {
      const g = needGroup(state, step.group)
      if ('end' in g) return g.end
      const u = needUsers(state, step.users)
      if ('end' in u) return u.end
      const members = membersOf(state, step.group).filter((m) => !step.users.includes(m))
      if (variant === 'aiw') {
        const a = yield* send(putGroup(state, step.group, g.id, members, 'Membership update'))
        if (!ok(a)) return { failed: `the group PUT ${describe(a)}` }
      } else {
        const end = yield* membership(state, step.group, g.id, [], step.users)
        if (end && end.failed) return end
      }
      setMembers(state, step.group, members)
    },

    *deleteGroup(step, state) {
      const need = needGroup(state, step.group)
      if ('end' in need) return need.end
      const a = yield* send(
        planned(headers, 'DELETE', `/Groups/${seg(need.id)}`, {
          note: 'Unlink the pushed group with "delete the group in the target app".',
          items: [...base, 'b.2.8'],
          checks: [
            statusIn([204], 'DELETE /Groups/{id}', { source: S['b.2.8'], items: ['b.2.8'], explain: { 200: 'Okta expects 204 (b.2.8; RFC 7644 §3.6)', 404: 'the group was already gone' } }),
            errors,
          ],
          main: true,
        }),
      )
      if (!ok(a)) return { failed: `the delete ${describe(a)}` }
    },

    *importUsers(step) {
      // Import: /Users then /Groups, startIndex += count until totalResults (b.2.7).
      for (const resource of ['Users', 'Groups'] as const) {
        const problem = yield* pageThrough({
          resource,
          pageSize: step.pageSize,
          headers,
          note: (page, startIndex) => `Import: page ${page} of /${resource} (startIndex ${startIndex}); Okta pages until totalResults and needs a stable order.`,
          items: [...base, 'b.2.7'],
          checks: [statusIn([200], `a page of /${resource}`, { source: S['b.2.7'], items: ['b.2.7'] }), listResponse({ source: S['b.2.7'], items: ['b.2.7'] }), contentType],
          pagingSource: S['b.2.7'],
          main: resource === 'Users',
        })
        if (problem) return { failed: problem }
      }
    },

    initialSync: (step, state) => initialSync(step, state, flow),
  }
}

const common = {
  referenceSection: 'b.2',
  timeoutMs: 60_000, // socket timeout per request (b.2.10)
  honoursRetryAfter: true, // Okta schedules retries per Retry-After on a 429 (b.2.10)
  sendsDelete: false, // users: never (b.2.6); groups are deleted on unlink (b.2.8)
} satisfies Partial<ProfileInfo>

const DATA_ITEMS = {
  'b.2.1': 'Okta’s captured headers on every request',
  'b.2.10': 'timeoutMs 60 000 and honoursRetryAfter true',
}

export const OKTA_NOT_SIMULATED: Record<string, string> = {
  'b.2.9': 'what Okta never sends (POST search, Bulk, /Me, /Schemas, /ServiceProviderConfig, /ResourceTypes): the profile sends none of them',
  'b.2.11': 'authentication: the simulator sends the target’s bearer token; Okta’s OAuth code grant, Basic and custom-header options are not reproduced',
}

export const OKTA_OIN = defineProfile(
  {
    id: 'okta-oin',
    name: 'Okta (OIN, PATCH)',
    description: 'An Okta Integration Network app: existence check then create, GET-then-PUT profile updates, path-less PATCH for activation, group push by PATCH, never a user DELETE.',
    ...common,
    usesPatch: true,
  },
  headers,
  oktaPrograms('oin'),
  DATA_ITEMS,
  OKTA_NOT_SIMULATED,
)

export const OKTA_AIW = defineProfile(
  {
    id: 'okta-aiw',
    name: 'Okta (AIW, PUT only)',
    description: 'An App Integration Wizard custom app: PUT for everything — profile, activation and groups — and never a user DELETE.',
    ...common,
    usesPatch: false,
  },
  headers,
  oktaPrograms('aiw'),
  DATA_ITEMS,
  { ...OKTA_NOT_SIMULATED, 'b.2.5': 'the OIN dialect: an AIW app sends activation by PUT (b.2.4); run the okta-oin profile' },
)
