import { describe, expect, it } from 'vitest'
import type { Compatibility } from '@shared/workspace'
import { scimError } from '../helpers/scim'
import { applyPatch } from '../../src-main/core/patch'
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../src-main/core/schema/definitions'
import { groupResourceSchema, ResourceSchema, userResourceSchema } from '../../src-main/core/schema/registry'
import type { AttributeDef, SchemaDef } from '../../src-main/core/schema/types'

const U = USER_SCHEMA
const ENT = ENTERPRISE_USER_SCHEMA
type Data = Record<string, unknown>

const user = (extra: Data = {}): Data => ({ schemas: [U], userName: 'pat@example.com', active: true, ...extra })
const group = (extra: Data = {}): Data => ({ schemas: [GROUP_SCHEMA], displayName: 'Ops', ...extra })
const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations })

function patch(data: Data, ops: unknown[], compatibility: Compatibility = 'strict', schema: ResourceSchema = userResourceSchema) {
  return applyPatch(data, body(...ops), schema, { compatibility, id: 'self-id' })
}

const fails = scimError

const expectError = (fn: () => unknown, scimType: string, detail?: RegExp) => {
  const e = fails(fn)
  expect([e.status, e.scimType]).toEqual([400, scimType])
  if (detail) expect(e.detail).toMatch(detail)
}

describe('the PatchOp envelope (RFC 7644 §3.5.2) → 400 invalidSyntax', () => {
  const cases: [string, unknown][] = [
    ['a body that is not an object', [{ op: 'add' }]],
    ['no schemas', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['the wrong schema', { schemas: [U], Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['no Operations', { schemas: [PATCH_OP_SCHEMA] }],
    ['Operations not an array', { schemas: [PATCH_OP_SCHEMA], Operations: { op: 'add' } }],
    ['an operation that is not an object', body('add')],
    ['an operation without op', body({ path: 'title', value: 'x' })],
    ['an unknown op', body({ op: 'delete', path: 'title' })],
    ['an unknown op, in tolerant mode too', body({ op: 'Merge', path: 'title', value: 'x' })],
  ]
  for (const [name, b] of cases) {
    it(name, () => {
      for (const compatibility of ['strict', 'tolerant'] as const) {
        expectError(() => applyPatch(user(), b, userResourceSchema, { compatibility, id: 'x' }), 'invalidSyntax')
      }
    })
  }
})

describe('add (RFC 7644 §3.5.2.1)', () => {
  it('sets a singular attribute, replacing its value', () => {
    expect(patch(user({ title: 'A' }), [{ op: 'add', path: 'title', value: 'B' }]).data).toEqual(user({ title: 'B' }))
  })
  it('merges into a complex attribute', () => {
    const r = patch(user({ name: { givenName: 'Pat', familyName: 'Lee' } }), [{ op: 'add', path: 'name', value: { familyName: 'Leigh', middleName: 'J' } }])
    expect(r.data.name).toEqual({ givenName: 'Pat', familyName: 'Leigh', middleName: 'J' })
  })
  it('creates the parent of a dotted path', () => {
    expect(patch(user(), [{ op: 'add', path: 'name.givenName', value: 'Pat' }]).data.name).toEqual({ givenName: 'Pat' })
  })
  it('appends to a multi-valued attribute without exact duplicates', () => {
    const emails = [{ value: 'a@x.test', type: 'work' }]
    const r = patch(user({ emails }), [{ op: 'add', path: 'emails', value: [{ value: 'a@x.test', type: 'work' }, { value: 'b@x.test', type: 'home' }] }])
    expect(r.data.emails).toEqual([...emails, { value: 'b@x.test', type: 'home' }])
  })
  it('adding the value already there changes nothing', () => {
    const start = user({ emails: [{ value: 'a@x.test', type: 'work' }] })
    const r = patch(start, [{ op: 'add', path: 'emails', value: [{ type: 'work', value: 'a@x.test' }] }])
    expect(r.changed).toBe(false)
    expect(JSON.stringify(r.data)).toBe(JSON.stringify(start))
  })
  it('a new primary value clears primary on the others (RFC 7643 §2.4)', () => {
    const r = patch(user({ emails: [{ value: 'a@x.test', primary: true }] }), [{ op: 'add', path: 'emails', value: [{ value: 'b@x.test', primary: true }] }])
    expect(r.data.emails).toEqual([{ value: 'a@x.test', primary: false }, { value: 'b@x.test', primary: true }])
  })
  it('adds extension attributes by URN-qualified path and lists the extension in schemas', () => {
    const r = patch(user(), [{ op: 'add', path: `${ENT}:employeeNumber`, value: '701984' }])
    expect(r.data).toEqual({ ...user(), schemas: [U, ENT], [ENT]: { employeeNumber: '701984' } })
  })
  it('adds through a path that is only the extension URN', () => {
    const r = patch(user(), [{ op: 'add', path: ENT, value: { department: 'R&D', manager: { value: 'boss' } } }])
    expect(r.data[ENT]).toEqual({ department: 'R&D', manager: { value: 'boss' } })
  })
  it('adds an extension object in a path-less value', () => {
    const r = patch(user(), [{ op: 'add', value: { [ENT]: { costCenter: '4130' }, nickName: 'P' } }])
    expect(r.data).toEqual({ ...user({ nickName: 'P' }), schemas: [U, ENT], [ENT]: { costCenter: '4130' } })
  })
  it('a URN-qualified core path is the core attribute (RFC 7644 §3.10)', () => {
    expect(patch(user(), [{ op: 'add', path: `${U}:nickName`, value: 'P' }]).data.nickName).toBe('P')
  })
  it('needs a value → 400 invalidValue', () => {
    expectError(() => patch(user(), [{ op: 'add', path: 'title' }]), 'invalidValue')
  })
})

describe('replace (RFC 7644 §3.5.2.3)', () => {
  it('replaces all values of a multi-valued attribute without a filter', () => {
    const r = patch(user({ emails: [{ value: 'a@x.test' }, { value: 'b@x.test' }] }), [{ op: 'replace', path: 'emails', value: [{ value: 'c@x.test' }] }])
    expect(r.data.emails).toEqual([{ value: 'c@x.test' }])
  })
  it('merges a complex value, leaving unspecified sub-attributes unchanged', () => {
    const r = patch(user({ name: { givenName: 'Pat', familyName: 'Lee' } }), [{ op: 'replace', path: 'name', value: { givenName: 'Patricia' } }])
    expect(r.data.name).toEqual({ givenName: 'Patricia', familyName: 'Lee' })
  })
  it('null sub-attributes in a complex value unassign them (RFC 7643 §2.5)', () => {
    const r = patch(user({ name: { givenName: 'Pat', familyName: 'Lee' } }), [{ op: 'replace', path: 'name', value: { familyName: null } }])
    expect(r.data.name).toEqual({ givenName: 'Pat' })
  })
  it('on an absent attribute acts as add', () => {
    expect(patch(user(), [{ op: 'replace', path: 'title', value: 'Boss' }]).data.title).toBe('Boss')
  })
  it('updates the sub-attribute of every value a filter selects', () => {
    const r = patch(user({ emails: [{ value: 'a', type: 'work' }, { value: 'b', type: 'home' }, { value: 'c', type: 'work' }] }), [
      { op: 'replace', path: 'emails[type eq "work"].display', value: 'Work' },
    ])
    expect(r.data.emails).toEqual([{ value: 'a', display: 'Work', type: 'work' }, { value: 'b', type: 'home' }, { value: 'c', display: 'Work', type: 'work' }])
  })
  it('making a filtered value primary clears primary on the others', () => {
    const r = patch(user({ emails: [{ value: 'a', type: 'work', primary: true }, { value: 'b', type: 'home' }] }), [
      { op: 'replace', path: 'emails[type eq "home"].primary', value: true },
    ])
    expect(r.data.emails).toEqual([{ value: 'a', type: 'work', primary: false }, { value: 'b', type: 'home', primary: true }])
  })
  it('two primary values → 400 invalidValue', () => {
    expectError(() => patch(user(), [{ op: 'replace', path: 'emails', value: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }]), 'invalidValue')
  })
  it('a filter with no match → 400 noTarget (strict)', () => {
    expectError(() => patch(user({ emails: [{ value: 'a', type: 'home' }] }), [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'w' }]), 'noTarget')
  })
  it('a filter that cannot describe a new value → 400 noTarget even in tolerant mode', () => {
    expectError(() => patch(user(), [{ op: 'replace', path: 'emails[value co "x"].display', value: 'w' }], 'tolerant'), 'noTarget')
  })
  it('a wrong value type → 400 invalidValue naming the attribute', () => {
    expectError(() => patch(user(), [{ op: 'replace', path: 'active', value: 5 }]), 'invalidValue', /"active"/)
    expectError(() => patch(user(), [{ op: 'replace', path: 'emails', value: [{ value: 7 }] }]), 'invalidValue', /emails\[0\]\.value/)
    expectError(() => patch(user(), [{ op: 'replace', path: 'name', value: 'Pat' }]), 'invalidValue', /"name" is complex/)
  })
  it('a path-less value must be an object → 400 invalidValue', () => {
    expectError(() => patch(user(), [{ op: 'replace', value: 'x' }]), 'invalidValue')
  })
  it('setting what is already there is a no-op that keeps the data identical', () => {
    const start = user({ name: { givenName: 'Pat', familyName: 'Lee' } })
    const r = patch(start, [{ op: 'replace', value: { active: true, name: { familyName: 'Lee', givenName: 'Pat' } } }])
    expect(r.changed).toBe(false)
    expect(JSON.stringify(r.data)).toBe(JSON.stringify(start))
  })
})

describe('remove (RFC 7644 §3.5.2.2)', () => {
  it('without a path → 400 noTarget', () => {
    expectError(() => patch(user(), [{ op: 'remove' }]), 'noTarget')
    expectError(() => patch(user(), [{ op: 'remove' }], 'tolerant'), 'noTarget')
  })
  it('unassigns a singular attribute and a sub-attribute', () => {
    const r = patch(user({ title: 'x', name: { givenName: 'Pat', familyName: 'Lee' } }), [
      { op: 'remove', path: 'title' },
      { op: 'remove', path: 'name.familyName' },
    ])
    expect(r.data).toEqual(user({ name: { givenName: 'Pat' } }))
  })
  it('removing the last sub-attribute unassigns the complex attribute', () => {
    expect(patch(user({ name: { givenName: 'Pat' } }), [{ op: 'remove', path: 'name.givenName' }]).data).toEqual(user())
  })
  it('removing the filtered values that were the last ones unassigns the attribute', () => {
    const r = patch(user({ emails: [{ value: 'a', type: 'work' }] }), [{ op: 'remove', path: 'emails[type eq "work"]' }])
    expect(r.data).toEqual(user())
  })
  it('removes a sub-attribute of the filtered values only', () => {
    const r = patch(user({ emails: [{ value: 'a', type: 'work', display: 'A' }, { value: 'b', type: 'home', display: 'B' }] }), [
      { op: 'remove', path: 'emails[type eq "work"].display' },
    ])
    expect(r.data.emails).toEqual([{ value: 'a', type: 'work' }, { value: 'b', type: 'home', display: 'B' }])
  })
  it('removes a sub-attribute from every value of a multi-valued attribute', () => {
    const r = patch(user({ addresses: [{ type: 'work', region: 'CA', locality: 'LA' }, { type: 'home', region: 'NY' }] }), [{ op: 'remove', path: 'addresses.region' }])
    expect(r.data.addresses).toEqual([{ type: 'work', locality: 'LA' }, { type: 'home' }])
  })
  it('a filter that matches nothing changes nothing', () => {
    const start = user({ emails: [{ value: 'a', type: 'home' }] })
    const r = patch(start, [{ op: 'remove', path: 'emails[type eq "work"]' }])
    expect([r.changed, r.data]).toEqual([false, start])
  })
  it('the extension URN as the path removes the extension and its schemas entry', () => {
    const r = patch({ ...user(), schemas: [U, ENT], [ENT]: { department: 'R&D' } }, [{ op: 'remove', path: ENT }])
    expect(r.data).toEqual(user())
  })
  it('the last extension attribute removed drops the extension from schemas', () => {
    const r = patch({ ...user(), schemas: [U, ENT], [ENT]: { department: 'R&D' } }, [{ op: 'remove', path: `${ENT}:department` }])
    expect(r.data).toEqual(user())
  })
  it('a required attribute → 400 mutability (RFC 7644 §3.5.2.3)', () => {
    expectError(() => patch(user(), [{ op: 'remove', path: 'userName' }]), 'mutability', /userName/)
    expectError(() => patch(group(), [{ op: 'replace', path: 'displayName', value: null }], 'tolerant', groupResourceSchema), 'mutability', /displayName/)
  })
})

describe('paths and mutability', () => {
  it('an unknown attribute path → 400 invalidPath', () => {
    expectError(() => patch(user(), [{ op: 'replace', path: 'favouriteColour', value: 'x' }]), 'invalidPath')
    expectError(() => patch(user(), [{ op: 'remove', path: 'name.nickname' }]), 'invalidPath')
    expectError(() => patch(user(), [{ op: 'replace', path: 'emails[type eq "work"].colour', value: 'x' }]), 'invalidPath')
    expectError(() => patch(user(), [{ op: 'replace', path: 'title[value eq "x"]', value: 'x' }]), 'invalidPath')
  })
  it('a malformed path → 400 invalidPath', () => {
    expectError(() => patch(user(), [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }]), 'invalidPath')
    expectError(() => patch(user(), [{ op: 'replace', path: 42, value: 'x' }]), 'invalidPath')
  })
  it('an unknown key in a path-less value: strict 400 invalidPath, tolerant ignores it', () => {
    expectError(() => patch(user(), [{ op: 'replace', value: { favouriteColour: 'x' } }]), 'invalidPath')
    const r = patch(user(), [{ op: 'replace', value: { favouriteColour: 'x', title: 'T' } }], 'tolerant')
    expect(r.data).toEqual(user({ title: 'T' }))
    expect(r.warnings).toEqual([expect.stringContaining('favouriteColour')])
  })
  for (const path of ['id', 'meta', 'meta.created', 'groups', 'schemas', `${ENT}:manager.displayName`]) {
    it(`the readOnly target "${path}" → 400 mutability in both modes`, () => {
      for (const mode of ['strict', 'tolerant'] as const) {
        expectError(() => patch(user(), [{ op: 'replace', path, value: 'x' }], mode), 'mutability')
        expectError(() => patch(user(), [{ op: 'remove', path }], mode), 'mutability')
      }
    })
  }
  it('tolerant ignores a path-less id only when it is this resource\'s id (b.2.8)', () => {
    expectError(() => patch(group(), [{ op: 'replace', value: { id: 'other-id', displayName: 'X' } }], 'tolerant', groupResourceSchema), 'mutability')
    expect(patch(group(), [{ op: 'replace', value: { id: 'self-id', displayName: 'X' } }], 'tolerant', groupResourceSchema).data).toEqual(group({ displayName: 'X' }))
  })
  it('a readOnly sub-attribute inside a value: strict 400 mutability, tolerant drops it', () => {
    const op = { op: 'add', path: `${ENT}:manager`, value: { value: 'boss', displayName: 'Boss' } }
    expectError(() => patch(user(), [op]), 'mutability')
    expect(patch(user(), [op], 'tolerant').data[ENT]).toEqual({ manager: { value: 'boss' } })
  })
  it('immutable member sub-attributes may be added but not changed (RFC 7643 §4.2)', () => {
    const g = group({ members: [{ value: 'u1' }, { value: 'u2', display: 'Two' }] })
    const ok = patch(g, [{ op: 'add', path: 'members[value eq "u1"].display', value: 'One' }], 'strict', groupResourceSchema)
    expect(ok.data.members).toEqual([{ value: 'u1', display: 'One' }, { value: 'u2', display: 'Two' }])
    expectError(() => patch(g, [{ op: 'replace', path: 'members[value eq "u2"].display', value: 'Deux' }], 'strict', groupResourceSchema), 'mutability')
    expectError(() => patch(g, [{ op: 'replace', path: 'members[value eq "u1"].value', value: 'u9' }], 'strict', groupResourceSchema), 'mutability')
  })

  describe('an immutable top-level attribute', () => {
    const def = (name: string, mutability: AttributeDef['mutability'], required = false): AttributeDef => ({
      name, type: 'string', multiValued: false, description: name, required, caseExact: false, mutability, returned: 'default', uniqueness: 'none',
    })
    const core: SchemaDef = { id: 'urn:test:Thing', name: 'Thing', description: '', attributes: [def('label', 'readWrite'), def('serial', 'immutable')] }
    const things = new ResourceSchema({ id: 'Thing', name: 'Thing', endpoint: '/Things', description: '', schema: core.id, schemaExtensions: [] }, core, [])
    const thing = (extra: Data = {}) => ({ schemas: [core.id], ...extra })
    it('may be added when it has no value', () => {
      expect(patch(thing(), [{ op: 'add', path: 'serial', value: 'S1' }], 'strict', things).data).toEqual(thing({ serial: 'S1' }))
    })
    it('may be "changed" to the same value', () => {
      expect(patch(thing({ serial: 'S1' }), [{ op: 'replace', path: 'serial', value: 'S1' }], 'strict', things).changed).toBe(false)
    })
    it('cannot be changed or removed → 400 mutability', () => {
      expectError(() => patch(thing({ serial: 'S1' }), [{ op: 'replace', path: 'serial', value: 'S2' }], 'tolerant', things), 'mutability')
      expectError(() => patch(thing({ serial: 'S1' }), [{ op: 'remove', path: 'serial' }], 'tolerant', things), 'mutability')
      expectError(() => patch(thing({ serial: 'S1' }), [{ op: 'replace', value: { serial: 'S2' } }], 'tolerant', things), 'mutability')
    })
  })
})

describe('form of the result', () => {
  it('a changed resource comes back in canonical order, as normalizeResource stores it', () => {
    const r = patch(user(), [{ op: 'add', path: 'title', value: 'Boss' }, { op: 'add', path: 'name.familyName', value: 'Lee' }])
    expect(JSON.stringify(r.data)).toBe(JSON.stringify({ schemas: [U], userName: 'pat@example.com', name: { familyName: 'Lee' }, title: 'Boss', active: true }))
  })
  it('b.1.6: tolerant also reads a valuePath used as a key of a path-less value; strict → 400 invalidPath', () => {
    const op = { op: 'replace', value: { 'emails[type eq "work"].value': 'w@x.test', 'name.familyName': 'Lee' } }
    const r = patch(user(), [op], 'tolerant')
    expect(r.data).toEqual(user({ name: { familyName: 'Lee' }, emails: [{ value: 'w@x.test', type: 'work' }] }))
    expect(r.warnings.join('\n')).toMatch(/b\.1\.6[\s\S]*b\.1\.8/)
    expectError(() => patch(user(), [op]), 'invalidPath')
  })
  it('b.1.6: a URN-qualified readOnly key is still readOnly', () => {
    expectError(() => patch(user(), [{ op: 'replace', value: { [`${U}:id`]: 'other' } }], 'tolerant'), 'mutability')
  })
})

describe('all or nothing', () => {
  it('a request whose third operation fails changes nothing, and the error names that operation', () => {
    const start = user({ title: 'Engineer', emails: [{ value: 'a@x.test', type: 'work' }] })
    const snapshot = structuredClone(start)
    const e = fails(() =>
      patch(start, [
        { op: 'replace', path: 'title', value: 'Boss' },
        { op: 'add', path: 'emails', value: [{ value: 'b@x.test', type: 'home' }] },
        { op: 'replace', path: 'active', value: 'not a boolean' },
      ]),
    )
    expect([e.status, e.scimType]).toEqual([400, 'invalidValue'])
    expect(e.detail).toMatch(/^Operations\[2\] \(replace "active"\)/)
    expect(start).toEqual(snapshot)
  })
  it('the input is never mutated, even when the patch succeeds', () => {
    const start = user({ name: { givenName: 'Pat' }, emails: [{ value: 'a', primary: true }] })
    const snapshot = structuredClone(start)
    const r = patch(start, [
      { op: 'add', path: 'name.familyName', value: 'Lee' },
      { op: 'add', path: 'emails', value: [{ value: 'b', primary: true }] },
    ])
    expect(start).toEqual(snapshot)
    expect(r.data).not.toBe(start)
    expect(r.changed).toBe(true)
  })
})
