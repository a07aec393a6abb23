import { custom, emptyList, errorBody, fasterThan, isObject, listResponse, pagingIntegers, statusIn } from '../../checks'
import { guid } from '../../random'
import { describe, eqFilter, firstResource, planned, query, seg, statusOf } from '../../request'
import type { RunState, StepProgram } from '../../types'
import { send } from '../common'
import { contentType } from './checks'
import { base, headers } from './dialect'
import { OKTA_SRC as S } from './sources'

/**
 * Test Connection as Okta's SPEC test runs it (b.2.12, tataanil/scim-test-suite idp/okta): the first user with integer
 * paging numbers, the same user by id, its userName upper-cased, a random userName, a missing id, and /Groups.
 */
export function* specTest(state: RunState): StepProgram {
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
            // No user to inspect: the precondition check below says so (a warning, not a defect of the server).
            if (!isObject(first)) return null
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
        custom({
          id: 'user-pre-exists',
          title: 'at least one user exists before the SPEC test',
          source: S['b.2.12'],
          items: ['b.2.12'],
          // A precondition of Okta's test suite, not a server defect: an empty server is fine for provisioning, but
          // the by-id, upper-case and field checks of the SPEC test then have nothing to run on.
          severity: 'warn',
          passReason: 'a user exists, so the per-user SPEC checks run',
          test: (r) =>
            r.status === 200 && isObject(r.json) && Array.isArray(r.json.Resources) && r.json.Resources.length === 0
              ? 'no user exists yet, so the per-user SPEC checks were not run; Okta’s SPEC test needs at least one to pre-exist (b.2.12)'
              : null,
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
}
