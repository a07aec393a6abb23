import { errorBody, listResponse, pagingIntegers, locationHeader, noContentPreferred, nonEmptyBody, resourceHasId, scimContentType, statusIn } from '../../checks'
import type { ResponseCheck } from '../../types'
import { ENTRA_SRC as S } from './sources'

/** What Entra expects of each kind of answer, with the reason it matters to Entra when it is not met. */

export const contentType = scimContentType({ source: S['b.1.14'], items: ['b.1.14'], consequence: 'the Entra validator aborts on application/json (b.1.14)' })
export const errors = errorBody({ source: `RFC 7644 §3.12; ${S['b.1.14']}`, items: ['b.1.14'] })
const QUARANTINE = 'Entra treats this as a SCIM compliance issue and may quarantine the app (b.1.1)'
/** A filter query must answer 200 with a ListResponse; a 404 is Entra's quarantine reason (b.1.1). */
export function filterChecks(what: string, items: string[]): ResponseCheck[] {
  return [
    statusIn([200], `a filter query (${what})`, { source: S['b.1.1'], items: ['b.1.1', ...items], explain: { 404: QUARANTINE } }),
    listResponse({ source: S['b.1.14'], items: ['b.1.14'] }),
    // Entra's tolerance of string paging numbers is not documented: a warning, as RFC 7644 requires integers.
    pagingIntegers({ optional: true, severity: 'warn' }),
    contentType,
    errors,
  ]
}
export const userFilterChecks = filterChecks('match before create', ['b.1.2'])
export const createChecks = (what: string, items: string[]): ResponseCheck[] => [
  statusIn([201], what, {
    source: `RFC 7644 §3.3; ${S['b.1.3']}`,
    items,
    explain: {
      200: 'a create answers 201 Created, not 200 (RFC 7644 §3.3)',
      409: 'the resource already exists although the match query found none: the filter and the uniqueness check disagree (b.1.2)',
    },
  }),
  nonEmptyBody('Entra needs the created resource and its id (b.1.3)', { source: S['b.1.3'], items }),
  resourceHasId({ source: S['b.1.3'], items, consequence: 'Entra caches the id and uses it for every later call (b.1.3)' }),
  locationHeader({ severity: 'warn', items: [] }),
  contentType,
  errors,
]
export const userCreateChecks = createChecks('create user', ['b.1.3'])
export const groupCreateChecks = createChecks('create group', ['b.1.11'])
export const patchUserChecks = (items: string[]): ResponseCheck[] => [
  statusIn([200, 204], 'PATCH /Users', {
    source: S['b.1.5'],
    items,
    explain: { 400: 'the server refused the PATCH as Entra sends it; real Entra traffic looks like this, so provisioning fails for this user' },
  }),
  contentType,
  errors,
]
export const patchGroupChecks = (items: string[]): ResponseCheck[] => [
  statusIn([200, 204], 'PATCH /Groups', { source: S['b.1.11'], items, explain: { 400: 'the server refused the group PATCH as Entra sends it' } }),
  noContentPreferred({ source: S['b.1.11'], items: ['b.1.11'] }),
  contentType,
  errors,
]
export const deleteChecks = (what: string, items: string[], source: string): ResponseCheck[] => [
  statusIn([200, 204], what, { source, items, explain: { 404: 'the resource was already gone' } }),
  statusIn([204], what, { id: 'status-204-exact', source: `RFC 7644 §3.6; ${source}`, items, severity: 'warn', explain: { 200: 'RFC 7644 §3.6 answers 204 No Content; Entra accepts any 2xx' } }),
  errors,
]
