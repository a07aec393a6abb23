import { ENTERPRISE_USER_SCHEMA as ENT, ENTRA_GROUP_SCHEMA, GROUP_SCHEMA } from '../../../schema/definitions'
import { bodyValue, emptyList, listResponse, statusIn } from '../../checks'
import { guid } from '../../random'
import { describe, eqFilter, firstResource, idOf, ok, planned, query, seg, statusOf } from '../../request'
import { groupOf, userOf } from '../../state'
import type { PlannedRequest, RunState, StepFeed, StepProgram } from '../../types'
import { membersOf, needGroup, needUser, needUsers, send, setMembers, type Programs, type StepOf } from '../common'
import { initialSync, pageThrough, type UserFlow } from '../flows'
import { contentType, deleteChecks, filterChecks, groupCreateChecks, patchGroupChecks, patchUserChecks, userCreateChecks, userFilterChecks } from './checks'
import { createUserBody, headers, MATCH_ATTR, op, patchBody, PATHS, userOps, type Attr, type Change, type Variant } from './dialect'
import { ENTRA_SRC as S } from './sources'

/** The step programs of both Entra dialects: the same sequences, each request in the variant's shape (b.1). */
export function entraPrograms(variant: Variant): Programs {
  const dialect = variant === 'legacy' ? 'legacy dialect' : 'aadOptscim062020 dialect'

  const flow: UserFlow = {
    match: (_alias, u, _state, main) =>
      planned(headers, 'GET', `/Users${query({ filter: eqFilter(MATCH_ATTR, u.userName) })}`, {
        note: `Match before create: Entra looks the user up by its matching attribute (${MATCH_ATTR} ← UPN), with only eq; provision on demand sends the same GET-then-POST.`,
        items: ['b.1.2', 'b.1.18'],
        checks: userFilterChecks,
        main,
      }),
    found: (a) => {
      if (statusOf(a) !== 200) return { stop: `the match query ${describe(a)}, so Entra does not go on to create the user` }
      const first = firstResource(a)
      return { id: typeof first?.id === 'string' ? first.id : null }
    },
    create: (alias, u, state, main) =>
      planned(headers, 'POST', '/Users', {
        body: createUserBody(u, state.scenario.users[alias]),
        note: 'Create: both schemas, externalId = objectId, meta.resourceType, name.formatted and roles: [] exactly as Entra sends them; Entra keeps the returned id for every later call.',
        items: ['b.1.3'],
        checks: userCreateChecks,
        main,
      }),
  }

  /** The manager as Entra sends it (b.1.10): first a filter on id and manager, then a plain string under the extension. */
  function* managerOps(state: RunState, id: string, managerAlias: string | null | undefined, hadManager: boolean): Generator<PlannedRequest, { ops: unknown[]; notes: string[]; items: string[] }, StepFeed> {
    if (managerAlias === undefined) return { ops: [], notes: [], items: [] }
    if (managerAlias === null) return { ops: [], notes: ['the manager was cleared, and Entra sends nothing for a cleared value (b.1.12)'], items: ['b.1.12'] }
    const mgrId = state.userIds.get(managerAlias)
    if (!mgrId) return { ops: [], notes: [`manager "${managerAlias}" is not provisioned, and Entra does not send a manager that was out of scope (b.1.10)`], items: ['b.1.10'] }
    const answer = yield* send(planned(headers, 'GET', `/Users${query({ filter: `id eq ${JSON.stringify(id)} and manager eq ${JSON.stringify(mgrId)}` })}`, {
      note: 'Before setting a manager Entra checks the current one with a filter combining id and manager (docs Example 4).',
      items: ['b.1.10', 'b.1.2'],
      checks: filterChecks('current manager', ['b.1.10']),
    }))
    if (statusOf(answer) === 200 && firstResource(answer)) return { ops: [], notes: ['the manager is already set, so Entra sends no manager op'], items: ['b.1.10'] }
    const path = `${ENT}:manager`
    return { ops: [{ op: op(variant, hadManager ? 'Replace' : 'Add'), path, value: mgrId }], notes: ['manager as a plain string id, not the RFC complex type (b.1.10)'], items: ['b.1.10'] }
  }

  function* activePatch(step: StepOf<'deactivate' | 'reactivate'>, state: RunState, active: boolean): StepProgram {
    const need = needUser(state, step.user)
    if ('end' in need) return need.end
    // Legacy sends the boolean as the string "False"/"True" with a capitalised op (b.1.7); the flag sends a boolean.
    const value = variant === 'legacy' ? (active ? 'True' : 'False') : active
    const a = yield* send(
      planned(headers, 'PATCH', `/Users/${seg(need.id)}`, {
        body: patchBody([{ op: op(variant, 'Replace'), path: 'active', value }]),
        note: active
          ? `Reactivation: active true (${variant === 'legacy' ? 'the string "True"' : 'a boolean'}). Entra also sends such active=true PATCHes periodically as no-ops (b.1.7).`
          : `Disable (unassign, out of scope, or disabled in Entra): ${variant === 'legacy' ? 'the string "False", capital F, with op "Replace"' : 'boolean false'} (b.1.7).`,
        items: ['b.1.7'],
        checks: [
          ...patchUserChecks(['b.1.7']),
          bodyValue('active', () => active, variant === 'legacy' ? `the server did not read Entra's string "${value}" as the boolean ${active} (b.1.7)` : 'the change did not take', {
            source: S['b.1.7'],
            items: ['b.1.7'],
          }),
        ],
        main: true,
      }),
    )
    if (!ok(a)) return { failed: `the ${active ? 'reactivation' : 'deactivation'} ${describe(a)}` }
  }

  return {
    *testConnection(_step, state) {
      const probe = guid(state.random)
      // Opening the provisioning page / saving the config reads /Schemas — only gallery apps use it, so its checks warn.
      yield* send(
        planned(headers, 'GET', '/Schemas', {
          note: 'Schema discovery when the admin saves the provisioning configuration (used for some gallery apps only).',
          items: ['b.1.13'],
          checks: [
            statusIn([200], 'GET /Schemas', { source: S['b.1.13'], items: ['b.1.13'], severity: 'warn' }),
            listResponse({ source: S['b.1.13'], items: ['b.1.13'], severity: 'warn' }),
            contentType,
          ],
        }),
      )
      const users = yield* send(
        planned(headers, 'GET', `/Users${query({ filter: eqFilter(MATCH_ATTR, probe) })}`, {
          note: 'Test Connection: a user that cannot exist (a random GUID as the matching attribute); Entra wants 200 and an empty ListResponse.',
          items: ['b.1.1'],
          checks: [...filterChecks('Test Connection', []), emptyList('a random GUID', { source: S['b.1.1'], items: ['b.1.1'] })],
          main: true,
        }),
      )
      const groups = yield* send(
        planned(headers, 'GET', `/Groups${query({ excludedAttributes: 'members', filter: eqFilter('displayName', probe) })}`, {
          note: 'Test Connection also fetches a random group; Entra reads groups without their members.',
          items: ['b.1.1', 'b.1.11'],
          checks: [...filterChecks('Test Connection, groups', ['b.1.11']), emptyList('a random GUID', { source: S['b.1.1'], items: ['b.1.1'] })],
        }),
      )
      if (statusOf(users) !== 200 || statusOf(groups) !== 200) return { failed: `Test Connection fails: the user probe ${describe(users)}, the group probe ${describe(groups)}` }
    },

    *provisionUser(step, state) {
      const u = userOf(state, step.user)
      const found = flow.found(yield* send(flow.match(step.user, u, state)))
      if ('stop' in found) return { failed: found.stop }
      if (found.id) {
        // A match: Entra links the user and updates it instead of creating it (how-provisioning-works, initial cycle).
        state.userIds.set(step.user, found.id)
        const changes = (Object.keys(PATHS) as Attr[]).filter((k) => k !== 'email' && k !== 'userName' && u[k]).map((k) => ({ attr: k, path: PATHS[k], value: String(u[k]), wasEmpty: false }))
        const a = yield* send(
          planned(headers, 'PATCH', `/Users/${seg(found.id)}`, {
            body: patchBody([...userOps(variant, changes), { op: op(variant, 'Replace'), path: 'active', value: variant === 'legacy' ? 'True' : true }]),
            note: `The match found the user, so Entra links it and updates its attributes in the ${dialect} instead of creating it.`,
            items: ['b.1.2', 'b.1.18', variant === 'legacy' ? 'b.1.5' : 'b.1.6'],
            checks: patchUserChecks(['b.1.18']),
            main: true,
          }),
        )
        if (!ok(a)) return { failed: `updating the matched user ${describe(a)}` }
        return
      }
      const created = yield* send(flow.create(step.user, u, state, true))
      const id = idOf(created)
      if (statusOf(created) !== 201 || !id) return { failed: `the create ${describe(created)}${id ? '' : ' without an id'}, so Entra has no id for later calls` }
      state.userIds.set(step.user, id)
      // References are exported after the user exists: the manager comes in a PATCH of its own (b.1.10).
      if (u.manager) {
        const m = yield* managerOps(state, id, u.manager, false)
        if (m.ops.length)
          yield* send(planned(headers, 'PATCH', `/Users/${seg(id)}`, { body: patchBody(m.ops), note: `Manager after create: ${m.notes.join('; ')}.`, items: m.items, checks: patchUserChecks(m.items) }))
      }
    },

    *updateProfile(step, state) {
      const need = needUser(state, step.user)
      if ('end' in need) return need.end
      const u = userOf(state, step.user)
      const changes: Change[] = []
      const cleared: string[] = []
      for (const attr of Object.keys(PATHS) as Attr[]) {
        const v = step.changes[attr]
        if (v === undefined || v === u[attr]) continue
        if (v === '') cleared.push(attr)
        else changes.push({ attr, path: PATHS[attr], value: v, wasEmpty: !u[attr] })
      }
      // name.formatted follows the names, as Entra maps it (b.1.3 sends it on create).
      if (changes.some((c) => c.attr === 'givenName' || c.attr === 'familyName'))
        changes.push({ attr: 'givenName', path: 'name.formatted', value: `${step.changes.givenName ?? u.givenName} ${step.changes.familyName ?? u.familyName}`, wasEmpty: false })
      const mgr = yield* managerOps(state, need.id, step.changes.manager, !!u.manager)
      // The IdP's view changes whatever the server answers.
      for (const [k, v] of Object.entries(step.changes)) (u as Record<string, unknown>)[k] = v === '' || v === null ? undefined : v
      const ops = [...userOps(variant, changes), ...mgr.ops]
      const items = [variant === 'legacy' ? 'b.1.5' : 'b.1.6', ...mgr.items]
      if (changes.some((c) => c.attr === 'email')) items.push('b.1.8', 'b.1.5')
      if (cleared.length) items.push('b.1.12')
      const notes = [
        variant === 'legacy' ? 'Capitalised ops ("Replace", or "Add" where the value was empty) with paths' : 'One path-less replace with dotted keys for the single-valued changes',
        ...(changes.some((c) => c.attr === 'email') ? ['the work email by a filtered path, sent even when no work entry exists (b.1.8)'] : []),
        ...(cleared.length ? [`${cleared.join(', ')} cleared: Entra cannot provision nulls and sends nothing for them (b.1.12)`] : []),
        ...mgr.notes,
      ]
      if (!ops.length) return { skipped: `nothing to send: ${notes.slice(1).join('; ') || 'no attribute changed'}` }
      const a = yield* send(
        planned(headers, 'PATCH', `/Users/${seg(need.id)}`, { body: patchBody(ops), note: `Update in the ${dialect}: ${notes.join('; ')}.`, items: [...new Set(items)], checks: patchUserChecks(items), main: true }),
      )
      if (!ok(a)) return { failed: `the update ${describe(a)}` }
    },

    deactivate: (step, state) => activePatch(step, state, false),
    reactivate: (step, state) => activePatch(step, state, true),

    *deleteUser(step, state) {
      const need = needUser(state, step.user)
      if ('end' in need) return need.end
      const a = yield* send(
        planned(headers, 'DELETE', `/Users/${seg(need.id)}`, {
          note: 'Hard delete: sent when the user is purged in Entra (30 days after soft delete) or the app does not soft-delete; unassigned users only get a disable.',
          items: ['b.1.9'],
          checks: deleteChecks('DELETE /Users', ['b.1.9'], S['b.1.9']),
          main: true,
        }),
      )
      if (!ok(a)) return { failed: `the delete ${describe(a)}` }
    },

    *pushGroup(step, state) {
      const g = groupOf(state, step.group)
      const need = needUsers(state, step.members)
      if ('end' in need) return need.end
      const match = yield* send(
        planned(headers, 'GET', `/Groups${query({ excludedAttributes: 'members', filter: eqFilter('displayName', g.displayName) })}`, {
          note: 'Match before create for groups, by displayName; Entra always reads groups with excludedAttributes=members.',
          items: ['b.1.11', 'b.1.2'],
          checks: filterChecks('group match', ['b.1.11']),
        }),
      )
      if (statusOf(match) !== 200) return { failed: `the group match query ${describe(match)}, so Entra does not create the group` }
      let id = typeof firstResource(match)?.id === 'string' ? (firstResource(match)!.id as string) : undefined
      if (!id) {
        const created = yield* send(
          planned(headers, 'POST', '/Groups', {
            body: { schemas: [GROUP_SCHEMA, ENTRA_GROUP_SCHEMA], externalId: g.externalId, displayName: g.displayName },
            note: 'Create group: the core and the ADSCIM Group schemas, externalId = objectId, and no members (they follow in a PATCH).',
            items: ['b.1.11'],
            checks: groupCreateChecks,
            main: true,
          }),
        )
        id = idOf(created)
        if (statusOf(created) !== 201 || !id) return { failed: `the group create ${describe(created)}${id ? '' : ' without an id'}` }
      }
      state.groupIds.set(step.group, id)
      setMembers(state, step.group, [])
      if (!need.ids.length) return
      const a = yield* send(membersAdd(id, need.ids, !firstResource(match)))
      if (!ok(a)) return { failed: `adding the members ${describe(a)}` }
      setMembers(state, step.group, step.members)
    },

    *renameGroup(step, state) {
      const need = needGroup(state, step.group)
      if ('end' in need) return need.end
      groupOf(state, step.group).displayName = step.displayName
      const a = yield* send(
        planned(headers, 'PATCH', `/Groups/${seg(need.id)}`, {
          body: patchBody([{ op: op(variant, 'Replace'), path: 'displayName', value: step.displayName }]),
          note: 'Rename: Replace displayName; Entra expects 204.',
          items: ['b.1.11'],
          checks: patchGroupChecks(['b.1.11']),
          main: true,
        }),
      )
      if (!ok(a)) return { failed: `the rename ${describe(a)}` }
    },

    *addMembers(step, state) {
      const g = needGroup(state, step.group)
      if ('end' in g) return g.end
      const u = needUsers(state, step.users)
      if ('end' in u) return u.end
      const a = yield* send(membersAdd(g.id, u.ids, false, true))
      if (!ok(a)) return { failed: `adding the members ${describe(a)}` }
      setMembers(state, step.group, [...membersOf(state, step.group), ...step.users])
    },

    *removeMembers(step, state) {
      const g = needGroup(state, step.group)
      if ('end' in g) return g.end
      const u = needUsers(state, step.users)
      if ('end' in u) return u.end
      // Legacy: one Remove on `members` with the values to remove — read literally it removes every member, which one
      // vendor did (b.1.11, segment-docs#6726). Flag: a value-filtered path per member.
      const ops =
        variant === 'legacy'
          ? [{ op: 'Remove', path: 'members', value: u.ids.map((value) => ({ value })) }]
          : u.ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }))
      const a = yield* send(
        planned(headers, 'PATCH', `/Groups/${seg(g.id)}`, {
          body: patchBody(ops),
          note:
            variant === 'legacy'
              ? 'Remove members, legacy shape: "Remove" on members with a value list (a server that reads it literally removes everyone).'
              : 'Remove members with the flag: one remove per member, by a value-filtered path.',
          items: ['b.1.11'],
          checks: patchGroupChecks(['b.1.11']),
          main: true,
        }),
      )
      if (!ok(a)) return { failed: `removing the members ${describe(a)}` }
      setMembers(state, step.group, membersOf(state, step.group).filter((m) => !step.users.includes(m)))
    },

    *deleteGroup(step, state) {
      const need = needGroup(state, step.group)
      if ('end' in need) return need.end
      const a = yield* send(
        planned(headers, 'DELETE', `/Groups/${seg(need.id)}`, {
          note: 'Delete group (removed from scope or deleted in Entra).',
          items: ['b.1.11'],
          checks: deleteChecks('DELETE /Groups', ['b.1.11'], S['b.1.11']),
          main: true,
        }),
      )
      if (!ok(a)) return { failed: `the delete ${describe(a)}` }
    },

    *importUsers(step) {
      // Entra's provisioning itself filters; listing with paging is a documented requirement, and the validation
      // Logic App walks /Users?startIndex=N&count=5 checking startIndex on each page (b.1.15).
      const problem = yield* pageThrough({
        resource: 'Users',
        pageSize: step.pageSize,
        headers,
        note: (page, startIndex) => `Listing users with paging (page ${page}, startIndex ${startIndex}), as the validation Logic App walks them.`,
        items: ['b.1.15'],
        checks: [statusIn([200], 'a page of /Users', { source: S['b.1.15'], items: ['b.1.15'] }), listResponse({ source: S['b.1.14'], items: ['b.1.14'] }), contentType],
        pagingSource: S['b.1.15'],
        main: true,
      })
      if (problem) return { failed: problem }
    },

    initialSync: (step, state) =>
      initialSync(step, state, {
        ...flow,
        // The initial cycle provisions in parallel; gallery apps must sustain ≥ 25 requests/s (b.1.19).
        match: (alias, u, s) => ({ ...flow.match(alias, u, s), items: ['b.1.2', 'b.1.19'] }),
        create: (alias, u, s) => ({ ...flow.create(alias, u, s), items: ['b.1.3', 'b.1.19'] }),
      }),
  }

  /** Add members: one PATCH with every member, `$ref: null` (b.1.11, "multiple memberships with a single PATCH"). */
  function membersAdd(id: string, userIds: string[], afterCreate: boolean, main = false): PlannedRequest {
    return planned(headers, 'PATCH', `/Groups/${seg(id)}`, {
      body: patchBody([{ op: op(variant, 'Add'), path: 'members', value: userIds.map((value) => ({ $ref: null, value })) }]),
      note: `${afterCreate ? 'Members follow the empty create' : 'Add members'}: one ${op(variant, 'Add')} on members with every new member, $ref null; Entra expects 204.`,
      items: ['b.1.11'],
      checks: patchGroupChecks(['b.1.11']),
      main,
    })
  }
}