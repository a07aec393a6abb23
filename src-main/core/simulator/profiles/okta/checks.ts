import { bodyValue, custom, errorBody, isObject, listResponse, locationHeader, nonEmptyBody, pagingIntegers, resourceHasId, scimContentType, statusIn } from '../../checks'
import type { ResponseCheck } from '../../types'
import { OKTA_SRC as S } from './sources'

/** What Okta expects of each kind of answer (b.2), and what goes wrong in Okta when it is not met. */

// No Okta source says Okta refuses application/json, so for Okta a wrong content type is a warning (RFC 7644 §8.1).
export const contentType = scimContentType({ severity: 'warn' })
export const errors = errorBody()
export const existenceChecks: ResponseCheck[] = [
  statusIn([200, 404], 'the existence check', { source: S['b.2.2'], items: ['b.2.2'] }),
  listResponse({ source: S['b.2.2'], items: ['b.2.2'] }),
  pagingIntegers({ source: S['b.2.7'], items: ['b.2.7'] }),
  errorBody({ source: S['b.2.2'], items: ['b.2.2'] }), // a 404 is accepted, as a SCIM Error
  contentType,
]
export const createChecks = (what: string, items: string[], emptyConsequence: string): ResponseCheck[] => [
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
export const userCreateChecks: ResponseCheck[] = [
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
export const groupCreateChecks = createChecks('create group', ['b.2.8'], 'Okta has no id for the pushed group (b.2.8)')
export const updateChecks = (what: string, source: string, items: string[]): ResponseCheck[] => [
  statusIn(what.startsWith('PUT') ? [200] : [200, 204], what, { source, items, explain: { 400: 'the server refused the request as Okta sends it, so the change fails in Okta' } }),
  contentType,
  errors,
]
