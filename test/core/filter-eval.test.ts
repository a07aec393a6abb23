import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ScimError } from '../../src-main/core/errors'
import { matchesElement, matchesFilter, parseFilter } from '../../src-main/core/filter'
import { findAttr, groupResourceSchema, userResourceSchema } from '../../src-main/core/schema/registry'
import { userSchema } from '../../src-main/core/schema/definitions'
import type { AttributeDef } from '../../src-main/core/schema/types'

const users = JSON.parse(readFileSync(new URL('../fixtures/filter-users.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown>
>
const bjensen = users.bjensen!
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const matches = (filter: string, resource: Record<string, unknown> = bjensen, schema = userResourceSchema) =>
  matchesFilter(parseFilter(filter), resource, schema)

function evalError(filter: string, resource: Record<string, unknown> = bjensen): ScimError {
  const ast = parseFilter(filter)
  try {
    matchesFilter(ast, resource, userResourceSchema)
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError)
    return e as ScimError
  }
  throw new Error(`expected ${filter} to be refused`)
}

describe('matchesFilter: caseExact (RFC 7643 §2.2)', () => {
  it.each([
    ['userName eq "BJENSEN@EXAMPLE.COM"', true],
    ['userName sw "BJENSEN"', true],
    ['userName co "@Example."', true],
    ['userName ew ".COM"', true],
    ['name.givenName eq "barbara"', true],
    ['userName ne "BJENSEN@example.com"', false],
    ['externalId eq "701984"', true],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['meta.version eq "W/\\"3694e05e9dff591\\""', true],
    ['meta.location sw "HTTPS://"', false],
    ['meta.location sw "https://"', true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"', false],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected)
  })

  it('externalId is case exact where userName is not', () => {
    const jsmith = users.jsmith!
    expect(matches('externalId eq "JSmith-0042"', jsmith)).toBe(true)
    expect(matches('externalId eq "jsmith-0042"', jsmith)).toBe(false)
    expect(matches('userName eq "JSMITH"', jsmith)).toBe(true)
  })

  it('orders strings case-insensitively unless caseExact', () => {
    expect(matches('userName gt "BA"')).toBe(true) // "bjensen@…" > "ba"
    expect(matches('userName lt "C"')).toBe(true)
    expect(matches('externalId gt "7"')).toBe(true)
  })
})

describe('matchesFilter: attribute names and extensions', () => {
  it('ignores the case of attribute names and URNs', () => {
    expect(matches('USERNAME eq "bjensen@example.com"')).toBe(true)
    expect(matches('Name.FamilyName eq "jensen"')).toBe(true)
    expect(matches('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName eq "bjensen@example.com"')).toBe(true)
  })

  it('reads extension attributes under their URN key', () => {
    expect(matches(`${ENT}:employeeNumber eq "701984"`)).toBe(true)
    expect(matches(`${ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toBe(true)
    expect(matches(`${ENT}:manager.displayName eq "john smith"`)).toBe(true)
    expect(matches(`${ENT}:department sw "tour"`)).toBe(true)
    expect(matches(`${ENT}:department sw "tour"`, users.jsmith)).toBe(false)
  })

  it("compares a complex attribute's value sub-attribute when no sub-attribute is named (Entra's manager eq …)", () => {
    expect(matches(`id eq "2819c223-7f76-453a-919d-413861904646" and ${ENT}:manager eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toBe(true)
    expect(matches(`${ENT}:manager eq "someone-else"`)).toBe(false)
    expect(matches('emails eq "BABS@jensen.org"')).toBe(true)
  })

  it("finds Entra's manager sent as a plain string (b.1.10)", () => {
    const res = { ...bjensen, [ENT]: { manager: 'boss-id' } }
    expect(matches(`${ENT}:manager eq "boss-id"`, res)).toBe(true)
    expect(matches(`${ENT}:manager.value eq "boss-id"`, res)).toBe(true)
    expect(matches(`${ENT}:manager pr`, res)).toBe(true)
  })

  it('common attributes may be URN-qualified with the core schema', () => {
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:id pr')).toBe(true)
  })

  it('unknown attributes match nothing and raise no error', () => {
    expect(matches('nosuch eq "x"')).toBe(false)
    expect(matches('nosuch ne "x"')).toBe(false)
    expect(matches('nosuch pr')).toBe(false)
    expect(matches('nosuch gt true')).toBe(false)
    expect(matches('not (nosuch eq "x")')).toBe(true)
    expect(matches('name.nosuch eq "x"')).toBe(false)
    expect(matches('urn:example:unknown:1.0:User:foo eq "x"')).toBe(false)
    expect(matches('nosuch[value eq "x"]')).toBe(false)
    expect(matches('emails[nosuch eq "x"]')).toBe(false)
  })

  it('works on groups with their own schema', () => {
    const group = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'Tour Guides',
      members: [{ value: 'u1', display: 'Babs' }, { value: 'u2' }],
    }
    expect(matchesFilter(parseFilter('displayName eq "tour guides"'), group, groupResourceSchema)).toBe(true)
    expect(matchesFilter(parseFilter('members[value eq "u2"]'), group, groupResourceSchema)).toBe(true)
    expect(matchesFilter(parseFilter('members.value eq "u3"'), group, groupResourceSchema)).toBe(false)
    expect(matchesFilter(parseFilter('userName pr'), group, groupResourceSchema)).toBe(false)
  })
})

describe('matchesFilter: multi-valued attributes', () => {
  it('match when any value matches', () => {
    expect(matches('emails.type eq "home"')).toBe(true)
    expect(matches('emails.value ew "@jensen.org"')).toBe(true)
    expect(matches('emails co "example.com"')).toBe(true)
    expect(matches('emails.type eq "other"')).toBe(false)
    expect(matches('schemas eq "urn:ietf:params:scim:schemas:core:2.0:User"')).toBe(true)
    expect(matches('groups.display eq "us employees"')).toBe(true)
  })

  it('ne matches when some value differs or there is none', () => {
    expect(matches('emails.type ne "work"')).toBe(true) // the home address differs
    expect(matches('ims.type ne "aim"')).toBe(false) // the only value is aim
    expect(matches('title ne "Tour Guide"')).toBe(false)
    expect(matches('title ne "Tour Guide"', users.jsmith)).toBe(true) // no title is not "Tour Guide"
    expect(matches('entitlements.value ne "x"')).toBe(true) // unassigned
  })

  it('value paths require one element to satisfy the whole bracket', () => {
    expect(matches('emails[type eq "home" and value co "example.com"]')).toBe(false)
    expect(matches('emails[type eq "home" and value co "jensen.org"]')).toBe(true)
    // Without brackets the two conditions may hold on different elements.
    expect(matches('emails.type eq "home" and emails.value co "example.com"')).toBe(true)
    expect(matches('addresses[type eq "work" and postalCode eq "91608" and primary eq true]')).toBe(true)
    expect(matches('emails[not (type eq "work")]')).toBe(true)
    expect(matches('ims[type eq "work" or type eq "home"]')).toBe(false)
  })

  it("Entra's emails[type eq \"work\"].value eq \"x\" means the work email is x", () => {
    expect(matches('emails[type eq "work"].value eq "bjensen@example.com"')).toBe(true)
    expect(matches('emails[type eq "work"].value eq "babs@jensen.org"')).toBe(false)
    expect(matches('emails[type eq "home"].value eq "BABS@jensen.org"')).toBe(true)
  })

  it('value paths also apply to a singular complex attribute', () => {
    expect(matches('name[givenName eq "Barbara" and familyName eq "Jensen"]')).toBe(true)
    expect(matches('meta[lastModified gt "2011-01-01T00:00:00Z"]')).toBe(true)
  })
})

describe('matchesFilter: presence and null', () => {
  const res = { schemas: [], userName: 'u', title: '', nickName: null, emails: [], name: { givenName: '', familyName: null }, displayName: 'D' }

  it.each([
    ['userName pr', true],
    ['title pr', false],
    ['nickName pr', false],
    ['emails pr', false],
    ['name pr', false],
    ['name.givenName pr', false],
    ['displayName pr', true],
    ['title eq null', true],
    ['title ne null', false],
    ['userName eq null', false],
    ['userName ne null', true],
    ['emails eq null', true],
    ['phoneNumbers eq null', true],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter, res)).toBe(expected)
  })

  it('a complex value with some non-empty member is present', () => {
    expect(matches('name pr')).toBe(true)
    expect(matches(`${ENT}:manager pr`)).toBe(true)
    expect(matches(`${ENT}:manager eq null`)).toBe(false)
  })
})

describe('matchesFilter: types', () => {
  it('compares dateTimes as instants, whatever the offset or precision', () => {
    // bjensen2 was modified at 2012-03-04T05:06:07.5+01:00 = 04:06:07.500Z.
    const b2 = users.bjensen2!
    expect(matches('meta.lastModified eq "2012-03-04T04:06:07.500Z"', b2)).toBe(true)
    expect(matches('meta.lastModified gt "2012-03-04T04:06:07.499Z"', b2)).toBe(true)
    expect(matches('meta.lastModified lt "2012-03-04T05:00:00Z"', b2)).toBe(true) // text order would say otherwise
    expect(matches('meta.lastModified ge "2012-03-04T06:06:07.5+02:00"', b2)).toBe(true)
    expect(matches('meta.lastModified gt "2012-03-04T06:06:07.5+02:00"', b2)).toBe(false)
    expect(matches('meta.created lt "2010-01-23T04:56:23Z"')).toBe(true)
    expect(matches('meta.created ne "2010-01-23T05:56:22+01:00"')).toBe(false)
    expect(matches('meta.created sw "2010-01"')).toBe(true)
  })

  it('reads a dateTime without an offset as UTC', () => {
    expect(matches('meta.created eq "2010-01-23T04:56:22"')).toBe(true)
  })

  it('compares booleans with eq and ne only', () => {
    expect(matches('active eq true')).toBe(true)
    expect(matches('active eq false', users.jsmith)).toBe(true)
    expect(matches('active ne true', users.jsmith)).toBe(true)
    expect(matches('emails[primary eq true].value eq "bjensen@example.com"')).toBe(true)
  })

  it('compares numbers numerically', () => {
    // No RFC attribute is numeric, so a made-up complex attribute carries an integer sub-attribute.
    const level: AttributeDef = { ...findAttr(userSchema.attributes, 'title')!, name: 'level', type: 'integer' }
    const badge: AttributeDef = { ...level, name: 'badge', type: 'complex', subAttributes: [level] }
    expect(matchesElement(parseFilter('level gt 9'), { level: 10 }, badge)).toBe(true)
    expect(matchesElement(parseFilter('level gt 9'), { level: 9 }, badge)).toBe(false)
    expect(matchesElement(parseFilter('level lt 9.5'), { level: 10 }, badge)).toBe(false)
    expect(matchesElement(parseFilter('level le 1e1'), { level: 10 }, badge)).toBe(true)
    expect(matchesElement(parseFilter('level eq 10'), { level: '10' }, badge)).toBe(false)
    expect(() => matchesElement(parseFilter('level eq "10"'), { level: 10 }, badge)).toThrowError(/is a number; compare it with a number/)
    expect(() => matchesElement(parseFilter('level co 1'), { level: 10 }, badge)).toThrowError(/co, sw and ew need a string/)
  })

  it('an unquoted number on a string attribute means its text (Entra prints externalId eq 701984)', () => {
    expect(matches('externalId eq 701984')).toBe(true)
    expect(matches('externalId ne 701984')).toBe(false)
  })

  it('a complex value never equals a scalar', () => {
    expect(matches('name eq "Barbara"')).toBe(false)
    expect(matches('name ne "Barbara"')).toBe(true)
  })
})

describe('matchesFilter: unsupported comparisons are 400 invalidFilter, whatever the data', () => {
  it.each([
    ['active gt true', /"active" is a boolean, so only eq and ne apply/],
    ['active co "tr"', /"active" is a boolean/],
    ['active eq "true"', /"active" is a boolean; compare it with true or false/],
    ['userName co 5', /"userName" is a string; "co" needs a "quoted string" value/],
    ['userName gt true', /"userName" is a string; "gt" needs/],
    ['title sw null', /null can only be compared with eq and ne/],
    ['meta.lastModified gt "yesterday"', /"meta.lastModified" is a dateTime; compare it with an xsd:dateTime string/],
    ['meta.created eq 2010', /is a dateTime/],
    ['name gt "a"', /"name" is complex, so only eq and ne apply/],
    ['x509Certificates.value gt "M"', /is binary, so gt, ge, lt and le are not defined/],
    ['userName[value eq "x"]', /"userName" is not a complex attribute, so it takes no value filter/],
    ['emails[primary ge true]', /"primary" is a boolean/],
  ])('%s', (filter, message) => {
    const e = evalError(filter)
    expect(e.status).toBe(400)
    expect(e.scimType).toBe('invalidFilter')
    expect(e.detail).toMatch(message)
    // The same answer for a resource that has none of these attributes, so errors do not depend on the data.
    expect(evalError(filter, { id: 'empty' }).detail).toBe(e.detail)
  })

  it('even when the invalid part is never reached', () => {
    expect(evalError('id pr or active gt true').scimType).toBe('invalidFilter')
  })
})

describe('matchesElement', () => {
  const emails = findAttr(userSchema.attributes, 'emails')!
  const members = findAttr(groupResourceSchema.core.attributes, 'members')!

  it('evaluates bracket filters against one element, names being sub-attributes', () => {
    const f = parseFilter('type eq "work" and value ew "example.com"')
    expect(matchesElement(f, { value: 'bjensen@EXAMPLE.com', type: 'Work' }, emails)).toBe(true)
    expect(matchesElement(f, { value: 'bjensen@example.org', type: 'work' }, emails)).toBe(false)
    expect(matchesElement(f, { value: 'bjensen@example.com' }, emails)).toBe(false)
  })

  it('takes the value filter of a parsed PATCH path', () => {
    const f = parseFilter('value eq "2819c223-7f76-453a-919d-413861904646"')
    expect(matchesElement(f, { value: '2819c223-7f76-453a-919d-413861904646' }, members)).toBe(true)
    expect(matchesElement(f, { value: 'other' }, members)).toBe(false)
    expect(matchesElement(parseFilter('display pr'), { value: 'x' }, members)).toBe(false)
  })

  it('ignores sub-attributes the attribute does not have, and refuses bad comparisons', () => {
    expect(matchesElement(parseFilter('streetAddress eq "x"'), { streetAddress: 'x' }, emails)).toBe(false)
    expect(() => matchesElement(parseFilter('primary gt false'), {}, emails)).toThrowError(/only eq and ne apply/)
  })
})
