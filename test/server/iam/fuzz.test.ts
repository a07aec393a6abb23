import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { IAM_KINDS, IAM_KIND_INFO, IAM_USER_EXTENSION, type IamKind } from '@shared/iam'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { create, newTenant, PATCH_OP, SCIM_ERROR, type IamTenantHandle } from './helpers'

/**
 * "Never crash, never corrupt": hostile and half-right bodies on every write route of every kind. Each answer is a
 * success or a SCIM error below 500, and an error leaves the workspace exactly as it was.
 */

let t: TestSandbox
let tn: IamTenantHandle
const ids: Partial<Record<IamKind, string>> = {}

beforeAll(async () => {
  t = await startTestSandbox()
  tn = await newTenant(t, 'Fuzz')
  ids.action = (await create(tn, 'action', { name: 'read' })).id
  ids.resourceType = (await create(tn, 'resourceType', { name: 'Doc', actions: [ids.action] })).id
  ids.resource = (await create(tn, 'resource', { name: 'R', type: ids.resourceType })).id
  ids.permission = (await create(tn, 'permission', { name: 'p', statements: [{ actions: [ids.action], resource: ids.resource }] })).id
  ids.user = (await create(tn, 'user', { userName: 'u@example.com' })).id
  ids.group = (await create(tn, 'group', { displayName: 'G', members: [{ value: ids.user }] })).id
  ids.role = (await create(tn, 'role', { name: 'r', permissions: [ids.permission], members: [{ value: ids.group, type: 'Group' }] })).id
})
afterAll(async () => {
  await t?.close()
})

const FIELDS = ['name', 'slug', 'type', 'actions', 'action', 'statements', 'resource', 'permissions', 'members', 'value', 'claim_mapper', 'displayName', 'userName', 'emails', 'active', 'password', 'id', 'externalId', 'externalID', 'schemas', 'meta', IAM_USER_EXTENSION, '__proto__', 'constructor']
const known = () => fc.constantFrom(...Object.values(ids).filter((x): x is string => !!x), 'ghost', '', '../x', '%00')
const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), known())
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 4 })),
})).v
const body = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 })
const path = fc.oneof(
  fc.constantFrom('name', 'members', 'members[value eq "x"]', 'statements[resource eq "y"].actions', 'emails[type eq "work"].value', `${IAM_USER_EXTENSION}:company`, 'claim_mapper.k', 'bogus', 'members[', ''),
  fc.record({ attributePath: fc.record({ attributeName: fc.oneof(fc.constantFrom(...FIELDS), fc.constant(null)), uriprefix: fc.constantFrom(null, IAM_USER_EXTENSION) }), valueExpression: fc.oneof(fc.constant(null), fc.string({ maxLength: 10 })) }),
)
const patchBody = fc.record({
  schemas: fc.constantFrom(PATCH_OP, [PATCH_OP]),
  Operations: fc.array(fc.record({ op: fc.constantFrom('add', 'Replace', 'remove', 'nope'), path, value }, { requiredKeys: ['op'] }), { maxLength: 3 }),
})

describe('IAM SCIM provider under hostile bodies', () => {
  it('answers every write with a success or a SCIM error below 500; an error changes nothing', async () => {
    const kinds = fc.constantFrom(...IAM_KINDS)
    const seen = { ok: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(kinds, fc.constantFrom('POST', 'PUT', 'PATCH'), body, patchBody, async (kind, method, b, p) => {
        const seg = IAM_KIND_INFO[kind].segment
        const before = t.snapshot()
        const r = await tn.call(method, method === 'POST' ? seg : `${seg}/${ids[kind]}`, method === 'PATCH' ? p : b)
        expect(r.status, r.text).toBeLessThan(500)
        seen[r.status >= 400 ? 'refused' : 'ok']++
        if (r.status >= 400) {
          expect(r.body.schemas, r.text).toEqual([SCIM_ERROR])
          expect(t.snapshot(), `${method} ${seg} ${JSON.stringify(method === 'PATCH' ? p : b)} → ${r.status} changed the workspace`).toBe(before)
        }
      }),
      { numRuns: 300, seed: 20261204 },
    )
    // Both sides were exercised: some bodies were taken, most refused.
    expect(seen.ok).toBeGreaterThan(0)
    expect(seen.refused).toBeGreaterThan(seen.ok)
    // Whatever was accepted, every resource still reads back.
    for (const kind of IAM_KINDS) expect((await tn.call('GET', IAM_KIND_INFO[kind].segment)).status).toBe(200)
  }, 120_000)
})
