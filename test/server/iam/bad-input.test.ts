import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { create, expectScimError, newTenant, PATCH_OP, structuredPath, type IamTenantHandle } from './helpers'

/**
 * Acceptance, issue 6 "Bad input": every refusal is a SCIM error of the right status and scimType that names what
 * is wrong, and the workspace is exactly as it was afterwards (nothing changes on any error).
 */

let t: TestSandbox
let tn: IamTenantHandle
type Obj = Record<string, any>
const id: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestSandbox({ bodyLimit: 64 * 1024 })
  tn = await newTenant(t, 'Bad Input')
  id.read = (await create(tn, 'action', { name: 'read' })).id
  id.write = (await create(tn, 'action', { name: 'write' })).id
  id.doc = (await create(tn, 'resourceType', { name: 'Document', slug: 'doc', actions: [id.read] })).id
  id.r1 = (await create(tn, 'resource', { name: 'R1', slug: 'r1', type: id.doc })).id
  id.perm = (await create(tn, 'permission', { name: 'docs-read', statements: [{ actions: [id.read], resource: id.r1 }] })).id
  id.user = (await create(tn, 'user', { userName: 'alice@example.com' })).id
  id.group = (await create(tn, 'group', { displayName: 'Engineers' })).id
  id.role = (await create(tn, 'role', { id: 'reader', name: 'reader', permissions: [id.perm] })).id
})
afterAll(async () => {
  await t?.close()
})

/** The request is refused with `status` (and `scimType`), its detail names every one of `named`, nothing changed. */
async function refused(status: number, scimType: string | undefined, method: string, path: string, body?: unknown, named: string[] = [], opts: { raw?: string; headers?: Record<string, string> } = {}) {
  const before = t.snapshot()
  const r = await tn.call(method, path, body, opts)
  const e = expectScimError(r, status, scimType)
  for (const n of named) expect(e.detail, `${method} ${path}: "${e.detail}" should name ${n}`).toContain(n)
  expect(t.snapshot(), `${method} ${path} changed the workspace`).toBe(before)
  return e
}

describe('IAM bad input: missing required fields (400 invalidValue naming them)', () => {
  it('on create, as the reference marks them', async () => {
    await refused(400, 'invalidValue', 'POST', 'Actions', {}, ['name'])
    await refused(400, 'invalidValue', 'POST', 'Actions', { description: 'no name' }, ['name'])
    await refused(400, 'invalidValue', 'POST', 'Actions', { name: '' }, ['name'])
    await refused(400, 'invalidValue', 'POST', 'Groups', {}, ['displayName'])
    await refused(400, 'invalidValue', 'POST', 'Permissions', {}, ['name', 'statements'])
    await refused(400, 'invalidValue', 'POST', 'Permissions', { name: 'p' }, ['statements'])
    await refused(400, 'invalidValue', 'POST', 'resource-types', {}, ['name', 'actions'])
    await refused(400, 'invalidValue', 'POST', 'resource-types', { name: 'T' }, ['actions'])
    await refused(400, 'invalidValue', 'POST', 'Resources', {}, ['name', 'type'])
    await refused(400, 'invalidValue', 'POST', 'Resources', { name: 'R9' }, ['type'])
    await refused(400, 'invalidValue', 'POST', 'Roles', {}, ['name'])
    await refused(400, 'invalidValue', 'POST', 'Users', {}, ['userName'])
    // No body at all is not an object of the kind.
    await refused(400, 'invalidSyntax', 'POST', 'Actions', undefined)
  })

  it('on PUT, also slug for resources and resource types', async () => {
    await refused(400, 'invalidValue', 'PUT', `resource-types/${id.doc}`, { name: 'Document' }, ['slug'])
    await refused(400, 'invalidValue', 'PUT', `Resources/${id.r1}`, { name: 'R1', type: id.doc }, ['slug'])
    await refused(400, 'invalidValue', 'PUT', `Resources/${id.r1}`, {}, ['name', 'slug', 'type'])
    await refused(400, 'invalidValue', 'PUT', `Actions/${id.read}`, { description: 'x' }, ['name'])
    await refused(400, 'invalidValue', 'PUT', `Permissions/${id.perm}`, {}, ['name'])
    await refused(400, 'invalidValue', 'PUT', `Groups/${id.group}`, {}, ['displayName'])
    await refused(400, 'invalidValue', 'PUT', `Roles/${id.role}`, {}, ['name'])
  })

  it('a PATCH that would leave a required field empty', async () => {
    await refused(400, undefined, 'PATCH', `Actions/${id.read}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'name' }] }, ['name'])
  })
})

describe('IAM bad input: wrong fields and types', () => {
  it('unknown fields are refused, named', async () => {
    await refused(400, 'invalidValue', 'POST', 'Actions', { name: 'x', colour: 'red' }, ['colour'])
    await refused(400, 'invalidValue', 'POST', 'Users', { userName: 'x', nickname: 'typo of nickName' }, ['nickname'])
  })

  it('wrong types are refused, named', async () => {
    await refused(400, 'invalidValue', 'POST', 'Actions', { name: 5 }, ['name'])
    await refused(400, 'invalidValue', 'POST', 'resource-types', { name: 'T', actions: id.read }, ['actions'])
    await refused(400, 'invalidValue', 'POST', 'Users', { userName: 'x', active: 'yes' }, ['active'])
    await refused(400, undefined, 'POST', 'Actions', ['not', 'an', 'object'])
    await refused(400, undefined, 'POST', 'Actions', 'a string')
  })
})

describe('IAM bad input: relations (400 naming the unknown id)', () => {
  it('unknown ids in every kind of relation', async () => {
    await refused(400, 'invalidValue', 'POST', 'resource-types', { name: 'T', actions: [id.read, 'nope-action'] }, ['nope-action'])
    await refused(400, 'invalidValue', 'POST', 'Resources', { name: 'X', type: 'nope-type' }, ['nope-type'])
    await refused(400, 'invalidValue', 'POST', 'Permissions', { name: 'X', statements: [{ actions: ['nope-a'], resource: id.r1 }] }, ['nope-a'])
    await refused(400, 'invalidValue', 'POST', 'Permissions', { name: 'X', statements: [{ action: id.read, resource: 'nope-r' }] }, ['nope-r'])
    await refused(400, 'invalidValue', 'POST', 'Roles', { name: 'X', permissions: ['nope-p'] }, ['nope-p'])
    await refused(400, 'invalidValue', 'POST', 'Roles', { name: 'X', members: [{ value: 'nope-member', type: 'User' }] }, ['nope-member'])
    await refused(400, 'invalidValue', 'POST', 'Groups', { displayName: 'X', members: [{ value: 'nope-u' }] }, ['nope-u'])
    await refused(400, 'invalidValue', 'PUT', `Resources/${id.r1}`, { name: 'R1', slug: 'r1', type: 'nope-type' }, ['nope-type'])
    await refused(400, 'invalidValue', 'PATCH', `Roles/${id.role}`, { Operations: [{ op: 'add', path: 'permissions', value: ['nope-p2'] }] }, ['nope-p2'])
  })

  it('an id of the wrong kind is as unknown as a made-up one', async () => {
    await refused(400, 'invalidValue', 'POST', 'resource-types', { name: 'T', actions: [id.r1] }, [id.r1])
    await refused(400, 'invalidValue', 'POST', 'Resources', { name: 'X', type: id.read }, [id.read])
  })

  it('ids of another tenant are unknown here', async () => {
    const other = await newTenant(t, 'Other Tenant')
    const foreign = (await create(other, 'action', { name: 'foreign' })).id
    await refused(400, 'invalidValue', 'POST', 'resource-types', { name: 'T', actions: [foreign] }, [foreign])
    await refused(404, undefined, 'GET', `Actions/${foreign}`)
    await refused(404, undefined, 'DELETE', `Actions/${foreign}`)
  })
})

describe('IAM bad input: uniqueness (409 uniqueness)', () => {
  it('names, slugs, userNames, displayNames and chosen ids are unique in a tenant', async () => {
    await refused(409, 'uniqueness', 'POST', 'Actions', { name: 'read' }, ['read'])
    await refused(409, 'uniqueness', 'POST', 'Actions', { name: 'READ' })
    await refused(409, 'uniqueness', 'PUT', `Actions/${id.write}`, { name: 'read' }, ['read'])
    await refused(409, 'uniqueness', 'POST', 'resource-types', { name: 'Other', slug: 'doc', actions: [id.read] }, ['doc'])
    await refused(409, 'uniqueness', 'POST', 'Resources', { name: 'R1', type: id.doc }, ['R1'])
    await refused(409, 'uniqueness', 'POST', 'Permissions', { name: 'docs-read', statements: [{ actions: [id.read], resource: id.r1 }] })
    await refused(409, 'uniqueness', 'POST', 'Users', { userName: 'alice@example.com' }, ['alice@example.com'])
    await refused(409, 'uniqueness', 'POST', 'Groups', { displayName: 'Engineers' }, ['Engineers'])
    await refused(409, 'uniqueness', 'POST', 'Roles', { id: 'reader', name: 'another' }, ['reader'])
    const bob = (await create(tn, 'user', { userName: 'bob@example.com' })).id
    await refused(409, 'uniqueness', 'PATCH', `Users/${bob}`, { Operations: [{ op: 'replace', path: structuredPath('userName'), value: 'Alice@Example.com' }] })
    expect((await tn.call('DELETE', `Users/${bob}`)).status).toBe(204)
  })

  it('the same name in another tenant is fine', async () => {
    const other = await newTenant(t, 'Third Tenant')
    await create(other, 'action', { name: 'read' })
  })
})

describe('IAM bad input: PATCH', () => {
  it('malformed paths are 400 invalidPath', async () => {
    for (const path of ['members[value eq "x"', 'members[value eq]', 'members[', 'name..x', '"name"']) {
      await refused(400, 'invalidPath', 'PATCH', `Groups/${id.group}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] })
    }
    await refused(400, 'invalidPath', 'PATCH', `Groups/${id.group}`, { Operations: [{ op: 'replace', path: structuredPath('members[value eq'), value: [] }] })
  })

  it('a bad op, no operations, or an unknown attribute are refused', async () => {
    await refused(400, undefined, 'PATCH', `Actions/${id.read}`, { schemas: [PATCH_OP], Operations: [{ op: 'frobnicate', path: 'name', value: 'x' }] })
    await refused(400, undefined, 'PATCH', `Actions/${id.read}`, { schemas: [PATCH_OP] })
    await refused(400, undefined, 'PATCH', `Actions/${id.read}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'colour', value: 'red' }] }, ['colour'])
    await refused(400, undefined, 'PATCH', `Actions/${id.read}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { colour: 'red' } }] }, ['colour'])
  })

  it('an operation list is all or nothing', async () => {
    await refused(400, undefined, 'PATCH', `Actions/${id.read}`, {
      Operations: [
        { op: 'replace', path: 'description', value: 'changed' },
        { op: 'replace', path: 'members[value eq', value: 'x' },
      ],
    })
    expect((await tn.call('GET', `Actions/${id.read}`)).body.attributes.description).toBe('')
  })
})

describe('IAM bad input: bodies and paths', () => {
  it('malformed JSON is 400 invalidSyntax, whatever the Content-Type', async () => {
    for (const contentType of ['application/json', 'application/scim+json', 'text/plain']) {
      await refused(400, 'invalidSyntax', 'POST', 'Actions', undefined, [], { raw: '{"name": "x"', headers: { 'Content-Type': contentType } })
    }
    await refused(400, 'invalidSyntax', 'PUT', `Actions/${id.read}`, undefined, [], { raw: '{name: x}' })
    await refused(400, 'invalidSyntax', 'PATCH', `Actions/${id.read}`, undefined, [], { raw: '{"Operations": [' })
  })

  it('a body without Content-Type is read as JSON', async () => {
    // Bytes: fetch adds no Content-Type of its own.
    const res = await fetch(`${tn.base}/Actions`, { method: 'POST', headers: { Authorization: `Bearer ${tn.token}` }, body: new TextEncoder().encode(JSON.stringify({ name: 'no-content-type' })) })
    const body = (await res.json()) as Obj
    expect(res.status, JSON.stringify(body)).toBe(201)
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/)
    expect((await tn.call('DELETE', `Actions/${body.id}`)).status).toBe(204)
  })

  it('a body over the limit is 413, as a SCIM error', async () => {
    await refused(413, undefined, 'POST', 'Actions', { name: 'big', description: 'x'.repeat(70 * 1024) })
  })

  it('unknown ids are 404; unknown paths and methods under the tenant are 404 SCIM errors', async () => {
    await refused(404, undefined, 'GET', 'Actions/nope')
    await refused(404, undefined, 'PUT', 'Groups/nope', { displayName: 'x' })
    await refused(404, undefined, 'PATCH', 'Users/nope', { Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] })
    await refused(404, undefined, 'DELETE', 'Roles/nope')
    await refused(404, undefined, 'GET', 'Nope')
    await refused(404, undefined, 'GET', `Actions/${id.read}/more`)
    await refused(404, undefined, 'DELETE', 'Actions')
    await refused(404, undefined, 'POST', `Actions/${id.read}`, { name: 'x' })
  })

  it('hostile strings are stored and returned as data', async () => {
    const name = '<script>alert(1)</script> "; DROP TABLE --  \u0000 ünïcødé 🚀'
    const a = await create(tn, 'action', { name, description: '../../etc/passwd' })
    expect(a.attributes.name).toBe(name)
    const found = await tn.call('GET', `Actions?filter=${encodeURIComponent(`name eq ${JSON.stringify(name)}`)}`)
    expect(found.body.resources.map((x: Obj) => x.id)).toEqual([a.id])
    expect((await tn.call('DELETE', `Actions/${a.id}`)).status).toBe(204)
  })
})
