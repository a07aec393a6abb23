import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Compatibility } from '@shared/workspace'
import { scimError } from '../helpers/scim'
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../src-main/core/schema/definitions'
import { groupResourceSchema, ResourceSchema, userResourceSchema } from '../../src-main/core/schema/registry'
import type { AttributeDef, SchemaDef } from '../../src-main/core/schema/types'
import { normalizeResource, validateData } from '../../src-main/core/schema/validate'

const U = USER_SCHEMA
const ENT = ENTERPRISE_USER_SCHEMA
const schemaFor = (r: string) => (r === 'Group' ? groupResourceSchema : userResourceSchema)


const norm = (body: unknown, compatibility: Compatibility = 'tolerant', existing?: Record<string, unknown>) =>
  normalizeResource(body, userResourceSchema, { compatibility, existing })

interface ResourceCase {
  item: string
  name: string
  resource: string
  body: unknown
  tolerant: Record<string, unknown>
  strict: { status?: number; scimType?: string; expected?: Record<string, unknown>; sameAsTolerant?: boolean }
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/tolerant-resources.json', import.meta.url), 'utf8')) as { cases: ResourceCase[] }

describe('normalizeResource: IdP bodies (idp-request-patterns.md), tolerant and strict', () => {
  for (const c of fixture.cases) {
    it(`${c.item} ${c.name}: tolerant stores the canonical data`, () => {
      const { data } = normalizeResource(c.body, schemaFor(c.resource), { compatibility: 'tolerant' })
      expect(data).toEqual(c.tolerant)
    })
    it(`${c.item} ${c.name}: strict ${c.strict.status ? `answers ${c.strict.status} ${c.strict.scimType}` : 'accepts it (RFC-legal)'}`, () => {
      const run = () => normalizeResource(c.body, schemaFor(c.resource), { compatibility: 'strict' })
      if (c.strict.status) {
        const e = scimError(run)
        expect([e.status, e.scimType]).toEqual([c.strict.status, c.strict.scimType])
      } else {
        expect(run().data).toEqual(c.strict.sameAsTolerant ? c.tolerant : c.strict.expected)
      }
    })
  }

  it('tolerant warnings name the item they come from', () => {
    const { warnings } = norm({ schemas: [U], userName: 'a@x.test', active: 'False' })
    expect(warnings.join('\n')).toMatch(/b\.1\.7/)
  })
})

describe('normalizeResource: canonical form (RFC 7643 §2)', () => {
  it('reads names case-insensitively and stores schema casing, in schema order', () => {
    const { data } = norm({ schemas: [U], ACTIVE: true, NAME: { GIVENNAME: 'Ann' }, username: 'a@x.test' })
    expect(JSON.stringify(data)).toBe(JSON.stringify({ schemas: [U], userName: 'a@x.test', name: { givenName: 'Ann' }, active: true }))
  })

  it('drops readOnly attributes with a warning (RFC 7644 §3.3) and keeps writeOnly ones', () => {
    const { data, warnings } = norm({
      schemas: [U, ENT],
      id: 'client-id',
      meta: { resourceType: 'User' },
      groups: [{ value: 'g1' }],
      userName: 'a@x.test',
      password: 's3cret',
      [ENT]: { manager: { value: 'boss', displayName: 'Boss' } },
    })
    expect(data).toEqual({ schemas: [U, ENT], userName: 'a@x.test', password: 's3cret', [ENT]: { manager: { value: 'boss' } } })
    expect(warnings.filter((w) => /readOnly/.test(w))).toHaveLength(4)
  })

  it('ignores unknown attributes and sub-attributes, listing each in warnings', () => {
    const { data, warnings } = norm({ schemas: [U], userName: 'a@x.test', favouriteColour: 'blue', name: { nickname: 'x', givenName: 'A' } })
    expect(data).toEqual({ schemas: [U], userName: 'a@x.test', name: { givenName: 'A' } })
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining('favouriteColour'), expect.stringContaining('name.nickname')]))
  })

  it('lists an extension in schemas only when it has data', () => {
    expect(norm({ schemas: [U, ENT], userName: 'a@x.test', [ENT]: {} }).data.schemas).toEqual([U])
    expect(norm({ schemas: [U], userName: 'a@x.test', [ENT.toLowerCase()]: { department: 'R&D' } }).data).toEqual({
      schemas: [U, ENT],
      userName: 'a@x.test',
      [ENT]: { department: 'R&D' },
    })
  })

  it('a Group keeps displayName and members', () => {
    const { data } = normalizeResource({ schemas: [GROUP_SCHEMA], displayName: 'Ops', members: [{ value: 'u1', type: 'User' }] }, groupResourceSchema, {
      compatibility: 'strict',
    })
    expect(data).toEqual({ schemas: [GROUP_SCHEMA], displayName: 'Ops', members: [{ value: 'u1', type: 'User' }] })
  })
})

describe('normalizeResource: validation errors', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['a body that is not an object', ['x'], 'invalidSyntax', /JSON object/],
    ['userName of the wrong type', { schemas: [U], userName: 42 }, 'invalidValue', /userName/],
    ['a missing userName', { schemas: [U], name: { givenName: 'A' } }, 'invalidValue', /"userName" is required/],
    ['an empty userName', { schemas: [U], userName: '' }, 'invalidValue', /"userName" is required/],
    ['a multi-valued attribute that is not an array', { schemas: [U], userName: 'a@x.test', emails: { value: 'a@x.test' } }, 'invalidValue', /"emails" is multi-valued/],
    ['a complex attribute that is a string', { schemas: [U], userName: 'a@x.test', name: 'Ann' }, 'invalidValue', /"name" is complex/],
    ['a sub-attribute of the wrong type', { schemas: [U], userName: 'a@x.test', emails: [{ value: 'a@x.test', primary: 'yes' }] }, 'invalidValue', /emails\[0\]\.primary/],
    ['two primary values', { schemas: [U], userName: 'a@x.test', emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }, 'invalidValue', /primary/],
    ['binary that is not base64', { schemas: [U], userName: 'a@x.test', x509Certificates: [{ value: 'not base64!' }] }, 'invalidValue', /x509Certificates\[0\]\.value/],
    ['an extension that is not an object', { schemas: [U, ENT], userName: 'a@x.test', [ENT]: 'x' }, 'invalidValue', /enterprise/],
  ]
  for (const [name, body, scimType, detail] of cases) {
    it(`${name} → 400 ${scimType}`, () => {
      const e = scimError(() => norm(body))
      expect([e.status, e.scimType]).toEqual([400, scimType])
      expect(e.detail).toMatch(detail)
    })
  }

  it('a Group without displayName → 400 invalidValue', () => {
    const e = scimError(() => normalizeResource({ schemas: [GROUP_SCHEMA] }, groupResourceSchema, { compatibility: 'tolerant' }))
    expect([e.status, e.scimType, e.detail]).toEqual([400, 'invalidValue', '"displayName" is required'])
  })

  it('strict: schemas must be present and list the core schema (RFC 7643 §3)', () => {
    expect(scimError(() => norm({ userName: 'a@x.test' }, 'strict')).scimType).toBe('invalidValue')
    expect(scimError(() => norm({ schemas: [ENT], userName: 'a@x.test' }, 'strict')).scimType).toBe('invalidValue')
    expect(norm({ userName: 'a@x.test' }, 'tolerant').data).toEqual({ schemas: [U], userName: 'a@x.test' })
  })

  it('strict: extension data needs its URN in schemas', () => {
    expect(scimError(() => norm({ schemas: [U], userName: 'a@x.test', [ENT]: { department: 'x' } }, 'strict')).scimType).toBe('invalidValue')
  })

  it('strict ignores dotted keys in a body (not attribute names); tolerant reads them (b.1.6)', () => {
    const body = { schemas: [U], userName: 'a@x.test', 'name.givenName': 'Ann' }
    expect(norm(body, 'strict').data).toEqual({ schemas: [U], userName: 'a@x.test' })
    expect(norm(body, 'tolerant').data).toEqual({ schemas: [U], userName: 'a@x.test', name: { givenName: 'Ann' } })
  })
})

describe('normalizeResource: immutable attributes against the existing resource (RFC 7644 §3.5.1)', () => {
  const attr = (name: string, mutability: AttributeDef['mutability']): AttributeDef => ({
    name, type: 'string', multiValued: false, description: name, required: false, caseExact: false, mutability, returned: 'default', uniqueness: 'none',
  })
  const core: SchemaDef = { id: 'urn:test:Thing', name: 'Thing', description: '', attributes: [attr('label', 'readWrite'), attr('serial', 'immutable')] }
  const things = new ResourceSchema({ id: 'Thing', name: 'Thing', endpoint: '/Things', description: '', schema: core.id, schemaExtensions: [] }, core, [])
  const put = (body: Record<string, unknown>, existing?: Record<string, unknown>) =>
    normalizeResource({ schemas: [core.id], ...body }, things, { compatibility: 'strict', existing }).data

  it('may be set when it had no value', () => {
    expect(put({ serial: 'S1' }, { schemas: [core.id], label: 'x' })).toEqual({ schemas: [core.id], serial: 'S1' })
  })
  it('may be sent unchanged', () => {
    expect(put({ serial: 'S1', label: 'y' }, { schemas: [core.id], serial: 'S1' })).toEqual({ schemas: [core.id], label: 'y', serial: 'S1' })
  })
  it('keeps its value when the PUT leaves it out', () => {
    expect(put({ label: 'y' }, { schemas: [core.id], serial: 'S1' })).toEqual({ schemas: [core.id], label: 'y', serial: 'S1' })
  })
  it('a different value → 400 mutability', () => {
    const e = scimError(() => put({ serial: 'S2' }, { schemas: [core.id], serial: 'S1' }))
    expect([e.status, e.scimType]).toEqual([400, 'mutability'])
  })
})

describe('validateData', () => {
  it('accepts canonical data', () => {
    expect(() => validateData({ schemas: [U, ENT], userName: 'a@x.test', active: true, [ENT]: { manager: { value: 'b' } } }, userResourceSchema)).not.toThrow()
  })
  it('refuses a wrong type without coercing it', () => {
    const e = scimError(() => validateData({ schemas: [U], userName: 'a@x.test', active: 'true' }, userResourceSchema))
    expect([e.status, e.scimType]).toEqual([400, 'invalidValue'])
  })
  it('refuses data without a required attribute', () => {
    expect(scimError(() => validateData({ schemas: [GROUP_SCHEMA] }, groupResourceSchema)).detail).toBe('"displayName" is required')
  })
  it('refuses two primary values', () => {
    const e = scimError(() => validateData({ schemas: [U], userName: 'a', emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }, userResourceSchema))
    expect(e.scimType).toBe('invalidValue')
  })
})
