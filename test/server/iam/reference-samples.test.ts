import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IAM_KIND_INFO, type IamKind } from '@shared/iam'
import { IAM_REFERENCE_SAMPLES, type IamReferenceSample, type IamSampleOp } from '../../fixtures/iam-reference-samples'
import { startTestSandbox, type TestResponse, type TestSandbox } from '../../helpers/sandbox'
import { sha256 } from '../../../src-main/server/secrets'
import { compareShape, generic, newTenant, PATCH_OP, seg, USER_EXT, ZERO_PATH, type IamTenantHandle } from './helpers'

/**
 * Acceptance, issue 6: every request sample of the reference (test/fixtures/iam-reference-samples.ts), sent with real
 * ids in place of its placeholder ids, is answered in the shape of the response sample that goes with it — compared
 * structurally (helpers.compareShape). Where the product decided otherwise (README, IAM API notes) the exception is
 * asserted here, not skipped: passwords are never returned; "Update Users" and the users list answer users, not the
 * role-shaped resources the reference shows; the role list samples' `null` placeholders come back as full objects.
 */

let t: TestSandbox
let tn: IamTenantHandle
const ids = {} as Record<IamKind, string>
/** A real value for the user's password placeholder, to prove it never comes back. */
const PASSWORD = 'Sample-Passw0rd-7f3a'
const ROLE_ID = 'sample-role'

beforeAll(async () => {
  t = await startTestSandbox()
  tn = await newTenant(t, 'Reference Samples')
})
afterAll(async () => {
  await t?.close()
})

function sample(kind: IamKind, op: IamSampleOp): IamReferenceSample {
  const found = IAM_REFERENCE_SAMPLES.filter((s) => s.kind === kind && s.op === op)
  expect(found, `${kind} ${op}`).toHaveLength(1)
  return found[0]!
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v))
type Obj = Record<string, any>

/** Real ids (and real values for a few placeholders) in a create / replace body or a PATCH value. */
function realizeBody(kind: IamKind, body: Obj, op: IamSampleOp): Obj {
  const statements = (list: Obj[]) =>
    list.map((s) => ({
      ...s,
      ...('actions' in s ? { actions: [ids.action] } : {}),
      ...('action' in s ? { action: ids.action } : {}),
      resource: ids.resource,
    }))
  const b = clone(body)
  if (kind === 'resourceType' && 'actions' in b) b.actions = [ids.action]
  if (kind === 'resource' && 'type' in b) b.type = ids.resourceType
  if ((kind === 'permission' || kind === 'role') && Array.isArray(b.statements)) b.statements = statements(b.statements)
  if (kind === 'role' && Array.isArray(b.permissions)) b.permissions = [ids.permission]
  if (kind === 'role' && op === 'create' && 'id' in b) b.id = ROLE_ID
  if (kind === 'group' && Array.isArray(b.members)) b.members = b.members.map((m: Obj) => ({ ...m, value: ids.user, type: 'User' }))
  if (kind === 'user' && 'password' in b) b.password = PASSWORD
  return b
}

/** The request sample with real ids; PATCH: op "string" → "replace", the structured path's "string" → the zero path. */
function realize(s: IamReferenceSample): Obj {
  const req = s.request!
  if (s.op !== 'patch') return realizeBody(s.kind, req, s.op)
  const key = 'Operations' in req ? 'Operations' : 'operations'
  return {
    ...req,
    schemas: req.schemas === 'string' ? PATCH_OP : req.schemas,
    [key]: (req[key] as Obj[]).map((o) => ({
      ...o,
      op: o.op === 'string' ? 'replace' : o.op,
      path: o.path?.attributePath?.attributeName === 'string' ? ZERO_PATH : o.path,
      value: realizeBody(s.kind, o.value, 'patch'),
    })),
  }
}

/** Every string id a realized body still has as "string" where an id belongs (a bug in this test if any). */
function placeholderIds(kind: IamKind, body: Obj): string[] {
  const text = JSON.stringify(body)
  const bad: string[] = []
  for (const k of ['"actions":["string"]', '"action":"string"', '"resource":"string"', '"type":"string"', '"permissions":["string"]', '"value":"string","type"', '"id":"string"']) {
    if (text.includes(k) && !(kind === 'user' && k.startsWith('"type"'))) bad.push(k)
  }
  return bad
}

const withoutPassword = (response: Obj): Obj => {
  const r = clone(response)
  if (r.attributes) delete r.attributes.password
  for (const x of r.resources ?? []) delete x.attributes.password
  return r
}

function expectShape(s: IamReferenceSample | Obj, r: TestResponse, expected: Obj, allowEmpty: string[] = []) {
  const where = 'title' in s ? `${s.title} (reference line ${s.line})` : ''
  const report = compareShape(expected, r.body)
  expect(report.errors, `${where}: ${r.text.slice(0, 400)}`).toEqual([])
  expect(report.vacuous.map(generic).filter((p) => !allowEmpty.includes(p)), `${where}: arrays the sample fills came back empty`).toEqual([])
}

function expectScimJson(r: TestResponse, status: number) {
  expect(r.status, r.text).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/)
}

/** The expanded relations inside a role are full objects, not the `null` placeholders of the role list samples. */
function expectRoleExpandedInFull(role: Obj) {
  const action = sample('action', 'get').response
  const resource = sample('resource', 'get').response
  expect(role.attributes.permissions.length).toBeGreaterThan(0)
  for (const p of role.attributes.permissions) {
    expect(p.statements.length).toBeGreaterThan(0)
    for (const st of p.statements) {
      expect(st.actions.length).toBeGreaterThan(0)
      for (const a of st.actions) expect(compareShape(action, a).errors).toEqual([])
      expect(compareShape(resource, st.resource).errors).toEqual([])
      expect(st.resource.attributes.type.actions.length).toBeGreaterThan(0)
    }
  }
}

const NOT_ROLE_SHAPED = ['claim_mapper', 'member_count', 'permissions']

describe('IAM reference samples: the fixture', () => {
  it('holds every sample of the reference: one response per kind and route, a request for every write', () => {
    expect(IAM_REFERENCE_SAMPLES).toHaveLength(35)
    for (const kind of Object.keys(IAM_KIND_INFO) as IamKind[]) {
      for (const op of ['list', 'create', 'get', 'replace', 'patch'] as IamSampleOp[]) {
        const s = sample(kind, op)
        expect(s.request !== undefined, `${kind} ${op} has a request sample`).toBe(op === 'create' || op === 'replace' || op === 'patch')
        expect('resources' in s.response, `${kind} ${op} response is list-shaped`).toBe(op === 'list' || (op === 'replace' && kind !== 'resourceType' && kind !== 'resource'))
      }
    }
  })
})

describe('IAM reference samples: create (POST /<Segment> → 201, Location, ETag)', () => {
  const order: IamKind[] = ['action', 'resourceType', 'resource', 'permission', 'user', 'group', 'role']
  for (const kind of order) {
    it(`${IAM_KIND_INFO[kind].segment}: ${sample(kind, 'create').title}`, async () => {
      const s = sample(kind, 'create')
      const body = realize(s)
      expect(placeholderIds(kind, body)).toEqual([])
      const r = await tn.call('POST', seg(kind), body)
      expectScimJson(r, 201)
      expect(r.headers.get('location')).toBe(r.body.meta.location)
      expect(r.headers.get('etag')).toBe(r.body.meta.version)
      expect(r.body.meta.location).toBe(`${tn.base}/${seg(kind)}/${r.body.id}`)
      expect(r.body.meta.resourceType).toBe(IAM_KIND_INFO[kind].resourceType)
      ids[kind] = r.body.id
      if (kind === 'user') {
        // Rule 5: the sample echoes the password; we never return it (nor its digest).
        expect(r.body.attributes).not.toHaveProperty('password')
        expect(r.text).not.toContain(PASSWORD)
        expectShape(s, r, withoutPassword(s.response))
        // The sample asks for generatePassword: a generated password replaces the one sent; only a digest is kept.
        const rec = t.sb.store.get('iamResources', r.body.id)!
        expect(rec.passwordSha256).toMatch(/^[0-9a-f]{64}$/)
        expect(rec.passwordSha256).not.toBe(sha256(PASSWORD))
        expect(t.snapshot()).not.toContain(PASSWORD)
      } else {
        // Nothing refers to a new resource type yet (its `resources`), and Create Group sends no members.
        expectShape(s, r, s.response, kind === 'resourceType' ? ['$.attributes.resources'] : kind === 'group' ? ['$.attributes.members'] : [])
      }
      if (kind === 'role') {
        expect(r.body.id).toBe(ROLE_ID)
        expect(r.body.attributes.member_count).toBe(0)
        expectRoleExpandedInFull(r.body)
      }
    })
  }
})

describe('IAM reference samples: PATCH Group (members), then get and list of every kind', () => {
  it('Groups: Patch Operation Group (members value → a real user)', async () => {
    const s = sample('group', 'patch')
    const body = realize(s)
    expect(placeholderIds('group', body)).toEqual([])
    const r = await tn.call('PATCH', `${seg('group')}/${ids.group}`, body)
    expectScimJson(r, 200)
    expect(r.headers.get('etag')).toBe(r.body.meta.version)
    expectShape(s, r, s.response)
    expect(r.body.attributes.members).toEqual([{ value: ids.user, type: 'User', display: expect.any(String), $ref: expect.stringContaining(ids.user) }])
  })

  for (const kind of ['action', 'resourceType', 'resource', 'permission', 'role', 'group', 'user'] as IamKind[]) {
    it(`${IAM_KIND_INFO[kind].segment}: ${sample(kind, 'get').title}`, async () => {
      const s = sample(kind, 'get')
      const r = await tn.call('GET', `${seg(kind)}/${ids[kind]}`)
      expectScimJson(r, 200)
      expect(r.headers.get('etag')).toBe(r.body.meta.version)
      expectShape(s, r, kind === 'user' ? withoutPassword(s.response) : s.response)
      if (kind === 'user') expect(r.body.attributes).not.toHaveProperty('password')
      if (kind === 'role') expectRoleExpandedInFull(r.body)
    })

    it(`${IAM_KIND_INFO[kind].segment}: ${sample(kind, 'list').title}`, async () => {
      const s = sample(kind, 'list')
      const r = await tn.call('GET', seg(kind))
      expectScimJson(r, 200)
      expect(r.body.totalResults).toBe(1)
      expect(r.body.resources.map((x: Obj) => x.id)).toEqual([ids[kind]])
      if (kind === 'user') {
        // Rule 8: the reference's list before "Create User" shows roles; the users list answers users.
        const users = { resources: [withoutPassword(sample('user', 'get').response)], totalResults: 0 }
        expectShape(s, r, users)
        for (const k of NOT_ROLE_SHAPED) expect(r.body.resources[0].attributes).not.toHaveProperty(k)
        expect(r.body.resources[0].schemas).toContain('urn:ietf:params:scim:schemas:core:2.0:User')
      } else {
        expectShape(s, r, s.response)
      }
      // The role list sample shows `null` placeholders inside the expanded permissions: we answer full objects.
      if (kind === 'role') for (const role of r.body.resources) expectRoleExpandedInFull(role)
    })
  }
})

describe('IAM reference samples: PATCH (structured path → the zero path, op "string" → "replace")', () => {
  for (const kind of ['action', 'resourceType', 'resource', 'permission', 'role', 'user'] as IamKind[]) {
    it(`${IAM_KIND_INFO[kind].segment}: ${sample(kind, 'patch').title}`, async () => {
      const s = sample(kind, 'patch')
      const body = realize(s)
      expect(placeholderIds(kind, body)).toEqual([])
      if (kind === 'resourceType') expect(body).toHaveProperty('operations') // the reference's lowercase spelling, sent as is
      const r = await tn.call('PATCH', `${seg(kind)}/${ids[kind]}`, body)
      expectScimJson(r, 200)
      expect(r.headers.get('etag')).toBe(r.body.meta.version)
      expect(r.body.id).toBe(ids[kind])
      if (kind === 'user') {
        expect(r.body.attributes).not.toHaveProperty('password')
        expectShape(s, r, withoutPassword(s.response))
      } else expectShape(s, r, s.response)
      if (kind === 'role') expectRoleExpandedInFull(r.body)
    })
  }
})

describe('IAM reference samples: PUT (list-shaped answers where the reference’s Update samples are)', () => {
  for (const kind of ['action', 'resourceType', 'resource', 'permission', 'role', 'group', 'user'] as IamKind[]) {
    it(`${IAM_KIND_INFO[kind].segment}: ${sample(kind, 'replace').title}`, async () => {
      const s = sample(kind, 'replace')
      const body = realize(s)
      expect(placeholderIds(kind, body)).toEqual([])
      const r = await tn.call('PUT', `${seg(kind)}/${ids[kind]}`, body)
      expectScimJson(r, 200)
      const listShaped = !['resourceType', 'resource'].includes(kind)
      expect('resources' in r.body, 'list-shaped answer').toBe(listShaped)
      const one = listShaped ? r.body.resources[0] : r.body
      if (listShaped) {
        expect(r.body.totalResults).toBe(1)
        expect(r.body.resources).toHaveLength(1)
      }
      expect(one.id).toBe(ids[kind])
      expect(r.headers.get('etag')).toBe(one.meta.version)
      if (kind === 'user') {
        // Rule 8: the "Update Users" sample answers roles; we answer the updated user, in the list shape.
        for (const k of NOT_ROLE_SHAPED) expect(one.attributes).not.toHaveProperty(k)
        expect(one.schemas).toContain('urn:ietf:params:scim:schemas:core:2.0:User')
        const user = clone(sample('user', 'get').response)
        user.attributes = clone(s.request!)
        expectShape(s, r, { resources: [user], totalResults: 0 })
        expect(one.attributes[USER_EXT]).toMatchObject(s.request![USER_EXT] as Obj)
      } else {
        // Update Groups sends no members: PUT replaces, so the group has none afterwards.
        expectShape(s, r, s.response, kind === 'group' ? ['$.resources[].attributes.members'] : [])
      }
      if (kind === 'role') expectRoleExpandedInFull(one)
    })
  }
})

describe('IAM reference samples: DELETE (ours: not in the reference) → 204, then 404', () => {
  it('deletes every kind in dependency order; each is gone', async () => {
    for (const kind of ['role', 'permission', 'resource', 'resourceType', 'action', 'group', 'user'] as IamKind[]) {
      const r = await tn.call('DELETE', `${seg(kind)}/${ids[kind]}`)
      expect(r.status, `${kind}: ${r.text}`).toBe(204)
      expect(r.text).toBe('')
      expect((await tn.call('GET', `${seg(kind)}/${ids[kind]}`)).status).toBe(404)
      expect((await tn.call('GET', seg(kind))).body).toMatchObject({ resources: [], totalResults: 0 })
    }
  })
})
