import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IamKind } from '@shared/iam'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { sha256 } from '../../../src-main/server/secrets'
import { create, expectScimError, newTenant, PATCH_OP, seg, structuredPath, USER_EXT, ZERO_PATH, type IamTenantHandle } from './helpers'

/**
 * Acceptance, issue 6: a full access-control graph built over HTTP as a client of the reference would — 4 actions,
 * 2 resource types, 3 resources, 3 permissions, 2 roles (claim mappers, members of type User and Group), 2 groups,
 * 5 users with the custom extension — read back with every relation expanded, listed with filter / startIndex /
 * count, patched with both path forms, refused deletes in the wrong order, then deleted in dependency order.
 */

let t: TestSandbox
let tn: IamTenantHandle
type Obj = Record<string, any>
const id: Record<string, string> = {}

const get = async (kind: IamKind, key: string): Promise<Obj> => {
  const r = await tn.call('GET', `${seg(kind)}/${id[key]}`)
  expect(r.status, r.text).toBe(200)
  return r.body
}
const patch = async (kind: IamKind, key: string, ...ops: Obj[]): Promise<Obj> => {
  const r = await tn.call('PATCH', `${seg(kind)}/${id[key]}`, { schemas: [PATCH_OP], Operations: ops })
  expect(r.status, r.text).toBe(200)
  return r.body
}
const names = (list: Obj[], field = 'name') => list.map((x) => x.attributes?.[field] ?? x[field]).sort()

beforeAll(async () => {
  t = await startTestSandbox()
  tn = await newTenant(t, 'Scenario')
})
afterAll(async () => {
  await t?.close()
})

describe('IAM scenario: a full graph', () => {
  it('builds it: actions, resource types, resources, permissions, users, groups, roles', async () => {
    for (const name of ['read', 'write', 'delete', 'admin']) id[name] = (await create(tn, 'action', { name, description: `may ${name}`, client_id: 'portal' })).id

    id.document = (await create(tn, 'resourceType', { name: 'Document', slug: 'document', actions: [id.read!, id.write!, id.delete!] })).id
    id.project = (await create(tn, 'resourceType', { name: 'Project', actions: [id.read!, id.admin!] })).id

    id.docA = (await create(tn, 'resource', { name: 'Doc A', slug: 'doc-a', type: id.document })).id
    id.docB = (await create(tn, 'resource', { name: 'Doc B', type: id.document, description: 'the second' })).id
    id.projX = (await create(tn, 'resource', { name: 'Project X', slug: 'proj-x', type: id.project })).id

    // Create Permission's `actions: [ids]` and Update Permission's `action: id` are both accepted.
    id.docsRead = (await create(tn, 'permission', { name: 'docs-read', statements: [{ actions: [id.read], resource: id.docA }, { actions: [id.read], resource: id.docB }] })).id
    id.docsWrite = (await create(tn, 'permission', { name: 'docs-write', statements: [{ action: id.write, resource: id.docA }] })).id
    id.projAdmin = (await create(tn, 'permission', { name: 'proj-admin', statements: [{ actions: [id.read, id.admin], resource: id.projX }] })).id

    for (const [i, name] of ['alice', 'bob', 'carol', 'dave', 'erin'].entries()) {
      const u = await create(tn, 'user', {
        userName: `${name}@example.com`,
        displayName: name[0]!.toUpperCase() + name.slice(1),
        name: { givenName: name, familyName: 'Example' },
        emails: [{ value: `${name}@example.com`, type: 'work', primary: true }],
        password: `pw-${name}-12345`,
        [USER_EXT]: { company: 'Acme', ddd: '11', ddi: '55', human: true, blocked: false, is_email_verified: i % 2 === 0, hireDate: '2024-01-0' + (i + 1), properties: { level: i } },
      })
      id[name] = u.id
    }

    id.engineers = (await create(tn, 'group', { displayName: 'Engineers', members: [{ value: id.alice, type: 'User' }, { value: id.bob, type: 'User' }] })).id
    id.admins = (await create(tn, 'group', { displayName: 'Admins', members: [{ value: id.carol }, { value: id.engineers, type: 'Group' }] })).id

    id.reader = (
      await create(tn, 'role', {
        name: 'reader',
        claim_mapper: { department: 'engineering', level: 'basic' },
        permissions: [id.docsRead],
        members: [{ value: id.alice, type: 'User' }, { value: id.engineers, type: 'Group' }],
      })
    ).id
    id.adminRole = (
      await create(tn, 'role', {
        id: 'role-admin',
        name: 'admin',
        claim_mapper: { department: 'ops' },
        permissions: [id.docsWrite, id.projAdmin],
        statements: [{ actions: [id.delete], resource: id.docB }],
        members: [{ value: id.carol, type: 'User' }, { value: id.erin, type: 'User' }, { value: id.admins, type: 'Group' }],
      })
    ).id
    expect(id.adminRole).toBe('role-admin')

    const counts = await Promise.all((['action', 'resourceType', 'resource', 'permission', 'role', 'group', 'user'] as IamKind[]).map(async (k) => (await tn.call('GET', seg(k))).body.totalResults))
    expect(counts).toEqual([4, 2, 3, 3, 2, 2, 5])
  })

  it('reads every resource back expanded', async () => {
    const document = await get('resourceType', 'document')
    expect(names(document.attributes.actions)).toEqual(['delete', 'read', 'write'])
    expect(document.attributes.actions[0]).toMatchObject({ active: true, id: expect.any(String), created_at: expect.any(String) })
    expect(document.attributes.resources.map((r: Obj) => r.id).sort()).toEqual([id.docA, id.docB].sort())
    expect(document.attributes.resources.find((r: Obj) => r.id === id.docA)).toMatchObject({ name: 'Doc A', slug: 'doc-a' })
    const project = await get('resourceType', 'project')
    expect(project.attributes.slug).toEqual(expect.any(String))
    expect(names(project.attributes.actions)).toEqual(['admin', 'read'])

    const docA = await get('resource', 'docA')
    expect(docA.attributes.type).toMatchObject({ id: id.document, name: 'Document', slug: 'document' })
    expect(names(docA.attributes.type.actions)).toEqual(['delete', 'read', 'write'])

    const docsRead = await get('permission', 'docsRead')
    expect(docsRead.attributes.statements).toHaveLength(2)
    for (const st of docsRead.attributes.statements) {
      expect(st.actions.map((a: Obj) => a.id)).toEqual([id.read])
      expect(st.actions[0]).toMatchObject({ schemas: expect.any(Array), externalID: {}, meta: { resourceType: 'Action' }, attributes: { name: 'read' } })
      expect(st.resource.meta.resourceType).toBe('Resource')
      expect(st.resource.attributes.type.id).toBe(id.document)
    }
    expect(docsRead.attributes.statements.map((s: Obj) => s.resource.id)).toEqual([id.docA, id.docB])
    const docsWrite = await get('permission', 'docsWrite')
    expect(docsWrite.attributes.statements[0].actions.map((a: Obj) => a.attributes.name)).toEqual(['write'])

    const reader = await get('role', 'reader')
    expect(reader.attributes).toMatchObject({ name: 'reader', member_count: 2, claim_mapper: { department: 'engineering', level: 'basic' } })
    expect(reader.attributes.permissions.map((p: Obj) => p.id)).toEqual([id.docsRead])
    expect(reader.attributes.permissions[0].statements[0].actions[0].attributes.name).toBe('read')
    expect(reader.attributes.permissions[0].statements[0].resource.attributes.name).toBe('Doc A')
    const admin = await get('role', 'adminRole')
    expect(admin.attributes.member_count).toBe(3)
    expect(names(admin.attributes.permissions)).toEqual(['docs-write', 'proj-admin'])
    // The role's own inline statements (Create Role's `statements`) come back expanded too.
    expect(admin.attributes.statements[0].actions[0].attributes.name).toBe('delete')
    expect(admin.attributes.statements[0].resource.id).toBe(id.docB)

    const engineers = await get('group', 'engineers')
    expect(engineers.attributes.members).toEqual(
      expect.arrayContaining([
        { value: id.alice, type: 'User', display: expect.any(String), $ref: `${tn.base}/Users/${id.alice}` },
        { value: id.bob, type: 'User', display: expect.any(String), $ref: `${tn.base}/Users/${id.bob}` },
      ]),
    )
    expect(engineers.attributes.members).toHaveLength(2)
    const admins = await get('group', 'admins')
    expect(admins.attributes.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: id.carol, type: 'User', $ref: `${tn.base}/Users/${id.carol}` }),
        { value: id.engineers, type: 'Group', display: 'Engineers', $ref: `${tn.base}/Groups/${id.engineers}` },
      ]),
    )

    const alice = await get('user', 'alice')
    expect(alice.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', USER_EXT])
    expect(alice.attributes).toMatchObject({ userName: 'alice@example.com', active: true, name: { givenName: 'alice' }, [USER_EXT]: { company: 'Acme', ddd: '11', human: true, properties: { level: 0 } } })
    expect(alice.attributes).not.toHaveProperty('password')
    expect(JSON.stringify(alice)).not.toContain('pw-alice')
    // Write-only: the workspace keeps the password's SHA-256 digest, never the password.
    expect(t.sb.store.get('iamResources', id.alice!)!.passwordSha256).toBe(sha256('pw-alice-12345'))
    expect(t.snapshot()).not.toContain('pw-alice-12345')
  })

  it('lists with filter, startIndex and count', async () => {
    const bob = await tn.call('GET', `Users?filter=${encodeURIComponent('userName eq "bob@example.com"')}`)
    expect(bob.status, bob.text).toBe(200)
    expect(bob.body.resources.map((u: Obj) => u.id)).toEqual([id.bob])
    expect(bob.body.totalResults).toBe(1)

    const page = await tn.call('GET', 'Users?startIndex=2&count=2')
    expect(page.body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 })
    expect(page.body.resources.map((u: Obj) => u.id)).toEqual([id.bob, id.carol])

    const read = await tn.call('GET', `Actions?filter=${encodeURIComponent('name eq "read"')}`)
    expect(read.body.resources.map((a: Obj) => a.id)).toEqual([id.read])
    const sw = await tn.call('GET', `Permissions?filter=${encodeURIComponent('name sw "docs-"')}&count=1`)
    expect(sw.body).toMatchObject({ totalResults: 2, itemsPerPage: 1 })
    const none = await tn.call('GET', `Groups?filter=${encodeURIComponent('displayName eq "Nobody"')}`)
    expect(none.body).toMatchObject({ resources: [], totalResults: 0 })
    // Segments match case-insensitively, as SCIM endpoints do.
    expect((await tn.call('GET', 'actions')).body.totalResults).toBe(4)
    expect((await tn.call('GET', 'RESOURCE-TYPES')).body.totalResults).toBe(2)
    expectScimError(await tn.call('GET', `Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter')
  })

  it('patches with RFC string paths', async () => {
    const before = t.snapshot()
    const removed = await patch('group', 'engineers', { op: 'remove', path: `members[value eq "${id.bob}"]` })
    expect(removed.attributes.members.map((m: Obj) => m.value)).toEqual([id.alice])
    const added = await patch('group', 'engineers', { op: 'add', path: 'members', value: [{ value: id.dave, type: 'User' }] })
    expect(added.attributes.members.map((m: Obj) => m.value).sort()).toEqual([id.alice, id.dave].sort())
    const user = await patch('user', 'bob', { op: 'replace', path: 'displayName', value: 'Robert' }, { op: 'replace', path: `${USER_EXT}:company`, value: 'Globex' })
    expect(user.attributes.displayName).toBe('Robert')
    expect(user.attributes[USER_EXT]).toMatchObject({ company: 'Globex', ddd: '11' })
    expect(t.snapshot()).not.toBe(before)
  })

  it('patches with the reference’s structured path objects (and the zero path: the value names the fields)', async () => {
    const role = await patch('role', 'reader', { op: 'replace', path: structuredPath('description'), value: 'Readers of documents' })
    expect(role.attributes.description).toBe('Readers of documents')
    const more = await patch('role', 'reader', { op: 'add', path: structuredPath('members'), value: [{ value: id.bob, type: 'User' }] })
    expect(more.attributes.member_count).toBe(3)
    const perm = await patch('permission', 'docsWrite', { op: 'replace', path: structuredPath('statements'), value: [{ action: id.write, resource: id.docB }] })
    expect(perm.attributes.statements.map((s: Obj) => s.resource.id)).toEqual([id.docB])
    const erin = await patch('user', 'erin', { op: 'replace', path: ZERO_PATH, value: { displayName: 'Erin E.', [USER_EXT]: { company: 'Initech' } } })
    expect(erin.attributes.displayName).toBe('Erin E.')
    expect(erin.attributes[USER_EXT]).toMatchObject({ company: 'Initech', ddd: '11' })
    const rt = await patch('resourceType', 'project', { op: 'replace', path: ZERO_PATH, value: { description: 'projects' } })
    expect(rt.attributes.description).toBe('projects')
    expect(names(rt.attributes.actions)).toEqual(['admin', 'read'])
    // The reference's Resource-Type sample writes `operations` in lowercase.
    const lower = await tn.call('PATCH', `resource-types/${id.project}`, { schemas: PATCH_OP, operations: [{ op: 'replace', path: structuredPath('name'), value: 'Projects' }] })
    expect(lower.status, lower.text).toBe(200)
    expect(lower.body.attributes.name).toBe('Projects')
  })

  it('refuses deletes in the wrong order with 409 naming who refers, and changes nothing', async () => {
    const refused = async (kind: IamKind, key: string, ...named: string[]) => {
      const before = t.snapshot()
      const e = expectScimError(await tn.call('DELETE', `${seg(kind)}/${id[key]}`), 409)
      for (const n of named) expect(e.detail).toContain(n)
      expect(t.snapshot()).toBe(before)
      expect((await tn.call('GET', `${seg(kind)}/${id[key]}`)).status).toBe(200)
    }
    await refused('action', 'admin', 'Projects') // used by the resource type
    await refused('resourceType', 'document', 'Doc A') // used by a resource
    await refused('resource', 'projX', 'proj-admin') // used by a permission
    await refused('permission', 'docsRead', 'reader') // used by a role
    await refused('resource', 'docB', 'admin') // used by a role's own statement
  })

  it('a member is not a dependency: deleting a user removes it from the groups and roles it was in', async () => {
    const before = (await get('role', 'adminRole')).attributes.member_count
    const r = await tn.call('DELETE', `Users/${id.erin}`)
    expect(r.status, r.text).toBe(204)
    expect((await get('role', 'adminRole')).attributes.member_count).toBe(before - 1)
    expect((await get('role', 'adminRole')).attributes.members?.map((m: Obj) => m.value) ?? []).not.toContain(id.erin)
  })

  it('deletes in dependency order: all 204, every list empty', async () => {
    const order: [IamKind, string[]][] = [
      ['role', ['reader', 'adminRole']],
      ['permission', ['docsRead', 'docsWrite', 'projAdmin']],
      ['resource', ['docA', 'docB', 'projX']],
      ['resourceType', ['document', 'project']],
      ['action', ['read', 'write', 'delete', 'admin']],
      ['group', ['admins', 'engineers']],
      ['user', ['alice', 'bob', 'carol', 'dave']],
    ]
    for (const [kind, keys] of order) {
      for (const key of keys) {
        const r = await tn.call('DELETE', `${seg(kind)}/${id[key]}`)
        expect(r.status, `${kind} ${key}: ${r.text}`).toBe(204)
      }
      expect((await tn.call('GET', seg(kind))).body).toMatchObject({ resources: [], totalResults: 0 })
    }
    expectScimError(await tn.call('DELETE', `Users/${id.alice}`), 404)
  })
})
