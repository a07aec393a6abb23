import { GROUP_SCHEMA } from '../../../schema/definitions'
import { bodyValue, listResponse, resourceHasId, statusIn } from '../../checks'
import { describe, idOf, jsonOf, ok, planned, seg, statusOf, eqFilter, firstResource, query } from '../../request'
import { groupOf, userOf } from '../../state'
import type { PlannedRequest, RunState, StepProgram } from '../../types'
import { membersOf, needGroup, needUser, needUsers, send, setMembers, type Programs, type StepOf } from '../common'
import { initialSync, pageThrough, type UserFlow } from '../flows'
import { contentType, errors, existenceChecks, groupCreateChecks, updateChecks, userCreateChecks } from './checks'
import { base, createUserBody, headers, patchBody, putUserBody, type Variant } from './dialect'
import { OKTA_SRC as S } from './sources'
import { specTest } from './spec'

/** The step programs of both Okta variants (b.2): OIN sends PATCH for activation and groups, AIW sends PUT. */
export function oktaPrograms(variant: Variant): Programs {
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
    testConnection: (_step, state) => specTest(state),

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

    // A generator with nothing to yield: Okta sends no request for this step.
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
